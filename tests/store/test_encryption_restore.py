# SPDX-License-Identifier: MIT
"""Restoring, in place, an encrypted backup made before a key rotation: it opens with its own
key file (a password of its day or the recovery code), is written under the current key with
its attachments, and is refused with nothing changed when the secret is wrong."""

from __future__ import annotations

import pytest

from jiedao_desk.base.errors import PermissionDenied, RestoreRefused
from jiedao_desk.core import attachments, auth, encryption
from jiedao_desk.core import backup as core_backup
from jiedao_desk.store import Store, crypt

from .test_encryption import ADMIN_PW, _add_photo, _encrypted_db, _open, _plain_db

pytestmark = pytest.mark.usefixtures("cheap_kdf")


def _rotated_after_backup(tmp_path):
    db, code = _encrypted_db(tmp_path)
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        att, content = _add_photo(store, tmp_path, actor)
        old = core_backup.backup_now(store, "manual", actor=actor)
        encryption.rotate(store, actor)
        attachments.void_attachment(store, actor, att.id, "拍错了")  # after the backup
    import shutil

    shutil.rmtree(db.parent / "attachments")  # lost since: only the backup holds the photo
    return db, code, old, att, content


def test_a_backup_from_before_a_rotation_asks_then_restores_under_the_current_key(tmp_path):
    db, code, old, att, content = _rotated_after_backup(tmp_path)
    crypt.forget()
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        current = store.key
        with pytest.raises(core_backup.BackupKeyNeeded, match="另一把密钥"):
            core_backup.restore(store, actor, old.path)
        with pytest.raises(PermissionDenied, match="不正确"):
            core_backup.restore(store, actor, old.path, secret=("boss", "wrong password 1"))
        with pytest.raises(PermissionDenied):
            core_backup.restore(store, actor, old.path, secret=(None, "0" * 32))
        assert len(core_backup.list_backups(store, actor)) == 1  # no safety copy either
        assert attachments.get_attachment(store, att.id).voided
        core_backup.restore(store, actor, old.path, secret=(None, code))
        assert store.key == current
        assert not attachments.get_attachment(store, att.id).voided
        assert attachments.open_attachment(store, att.id).read_bytes() == content
        row = store.row("SELECT after_json FROM audit_log WHERE action = 'backup.restore'")
        assert row is not None and '"other_encryption_key": true' in row["after_json"]
    crypt.forget()
    with _open(db) as store:  # the file is under the current key: a fresh unlock opens it
        from jiedao_desk.core import check

        assert check.check(store).ok


def test_the_admin_password_of_that_day_opens_it_too(tmp_path):
    db, _, old, att, content = _rotated_after_backup(tmp_path)
    crypt.forget()
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        core_backup.restore(store, actor, old.path, secret=("boss", ADMIN_PW))
        assert attachments.open_attachment(store, att.id).read_bytes() == content


def test_an_encrypted_backup_is_refused_by_a_plain_database(tmp_path):
    db, _ = _encrypted_db(tmp_path / "enc")
    with _open(db) as store:
        info = core_backup.backup_now(store, "manual")
    plain, actor = _plain_db(tmp_path / "plain")
    with Store.open(plain) as store, pytest.raises(RestoreRefused, match="encryption restore"):
        core_backup.restore(store, actor, info.path)
