# SPDX-License-Identifier: MIT
"""The integrity key (seals, anchors, backup manifests) of an encrypted database lives in its
key file, encrypted under the master key: it survives a key rotation, and a database or a
backup restored on a PC whose integrity-keys folder never held it still verifies."""

from __future__ import annotations

import pytest

from jiedao_desk.core import auth, check, encryption
from jiedao_desk.core import backup as core_backup
from jiedao_desk.store import crypt, keys, vault

from .test_encryption import ADMIN_PW, _encrypted_db, _open


@pytest.fixture(autouse=True)
def _no_key_cached_after(cheap_kdf):
    yield
    keys.forget_cache()


def _another_pc(monkeypatch, tmp_path):
    """A fresh integrity-keys folder: the key this database was sealed with is not there."""
    monkeypatch.setenv(keys.KEYS_ENV, str(tmp_path / "other-pc-keys"))
    keys.forget_cache()


def test_the_integrity_key_is_kept_encrypted_with_the_wrapped_keys(tmp_path, monkeypatch):
    folder_kid, folder_key = keys.signing_key()
    db, _ = _encrypted_db(tmp_path, demo=10)
    text = crypt.keys_file(db).read_text(encoding="utf-8")
    assert '"integrity"' in text and folder_key.hex() not in text
    with _open(db) as store:
        assert vault.load(db).integrity_key(store.key) == folder_key
        assert keys.signing_key() == (folder_kid, folder_key)
    crypt.forget()
    _another_pc(monkeypatch, tmp_path)
    assert keys.signing_key()[0] != folder_kid  # the folder's own key now
    with _open(db) as store:  # unlocking holds the database's key again
        assert keys.signing_key()[0] == folder_kid
        report = check.check(store)
        assert report.ok, [p.message for p in report.problems]


def test_rotation_keeps_it_and_another_pc_verifies_a_restored_backup(tmp_path, monkeypatch):
    folder_kid, folder_key = keys.signing_key()
    db, code = _encrypted_db(tmp_path / "pc1", demo=10)
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        encryption.rotate(store, actor)
        assert vault.load(db).integrity_key(store.key) == folder_key
        assert "next_integrity" not in vault.load(db).body
        info = core_backup.backup_now(store, "manual", actor=actor)
    crypt.forget()
    _another_pc(monkeypatch, tmp_path)
    assert core_backup.backup_store.verify_backup(info.path)  # the folder alone: unknown key
    target = tmp_path / "pc2" / "jiedao-desk.sqlite3"
    encryption.restore_backup(info.path, target, None, code)
    assert keys.signing_key()[0] == folder_kid
    assert core_backup.backup_store.verify_backup(info.path) == []
    with _open(target) as store:
        report = check.check(store)
        assert report.ok, [p.message for p in report.problems]


def test_a_key_file_without_it_takes_the_folder_key_at_the_next_unlock(tmp_path):
    _, folder_key = keys.signing_key()
    db, _ = _encrypted_db(tmp_path)
    wrapped = vault.load(db)
    wrapped.body.pop("integrity")
    wrapped.save()
    key = encryption.unlock(db, "boss", ADMIN_PW)
    assert vault.load(db).integrity_key(key) == folder_key
