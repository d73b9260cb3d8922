# SPDX-License-Identifier: MIT
"""Encrypted databases and their users: who holds a key after conversion, the recovery code
setting a lost administrator password, a new recovery code, and a damaged first page told
apart from a wrong key."""

from __future__ import annotations

import os

import pytest

from jiedao_desk.base.errors import Conflict, DatabaseDamaged, PermissionDenied, ValidationError
from jiedao_desk.core import auth, encryption
from jiedao_desk.store import Store, crypt, vault

from .test_encryption import ADMIN_PW, STAFF_PW, _encrypted_db, _open, _plain_db

NEW_PW = "Rb7&kP2@xM9sWd"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


def _plain_with_staff(folder):
    db, admin = _plain_db(folder)
    with Store.open(db) as store:
        user = auth.create_user(store, admin, "zhang", "张三", "street_staff", STAFF_PW)
        auth.change_password(store, auth.authenticate(store, "zhang", STAFF_PW), STAFF_PW,
                             NEW_PW)
        voided = auth.create_user(store, admin, "li", "李四", "street_staff", STAFF_PW)
        auth.void_user(store, admin, voided.id, "调离")
    return db, admin, user


def test_other_users_are_told_to_ask_the_admin_until_a_reset_wraps_their_key(tmp_path):
    db, admin, user = _plain_with_staff(tmp_path)
    with Store.open(db) as store:
        encryption.enable(store, admin, ADMIN_PW)
        assert vault.load(db).waiting() == ["zhang"]  # the voided account is not waiting
        # the file is open already (another user could switch in): still refused, in words
        with pytest.raises(PermissionDenied, match="请管理员.*重设密码"):
            auth.authenticate(store, "zhang", NEW_PW)
    crypt.forget()
    # the right password learns why; a wrong one, or an unknown name, only the usual refusal
    with pytest.raises(PermissionDenied, match="还没有解锁数据库的密钥"):
        encryption.unlock(db, "zhang", NEW_PW)
    for name, password in (("zhang", "wrong password 1"), ("nobody", NEW_PW),
                           ("li", STAFF_PW)):
        with pytest.raises(PermissionDenied) as caught:
            encryption.unlock(db, name, password)
        assert str(caught.value) == vault.WRONG
    # the right password does not count towards the lockout, the wrong one does
    assert [f["name"] for f in vault.take_unaudited(db)] == ["zhang", "nobody", "li"]

    reset_pw = "Hq3@vT8!nK5wZc"
    with _open(db) as store:
        boss = auth.authenticate(store, "boss", ADMIN_PW)
        auth.reset_password(store, boss, user.id, reset_pw)
    assert vault.load(db).waiting() == [] and vault.load(db).names() == ["boss", "zhang"]
    crypt.forget()
    assert encryption.unlock(db, "zhang", reset_pw)
    with Store.open(db) as store:
        assert auth.authenticate(store, "zhang", reset_pw).name == "张三"


def test_voiding_a_waiting_user_forgets_them(tmp_path):
    db, admin, user = _plain_with_staff(tmp_path)
    with Store.open(db) as store:
        encryption.enable(store, admin, ADMIN_PW)
        auth.void_user(store, admin, user.id, "调离")
    assert vault.load(db).waiting() == []
    crypt.forget()
    with pytest.raises(PermissionDenied) as caught:
        encryption.unlock(db, "zhang", NEW_PW)
    assert str(caught.value) == vault.WRONG


def test_recovery_code_sets_a_lost_admin_password(tmp_path):
    db, code = _encrypted_db(tmp_path)
    with _open(db) as store:  # the administrator also locked themselves out
        for _ in range(6):
            with pytest.raises(PermissionDenied):
                auth.authenticate(store, "boss", "wrong password 1")
    crypt.forget()
    encryption.reset_with_code(db, code, "boss", NEW_PW)
    crypt.forget()
    with pytest.raises(PermissionDenied):
        encryption.unlock(db, "boss", ADMIN_PW)
    with _open(db, "boss", NEW_PW) as store:
        actor = auth.authenticate(store, "boss", NEW_PW)  # lockout lifted
        assert not auth.must_change_password(store, actor)
        row = store.row("SELECT actor_id, after_json FROM audit_log "
                        "WHERE action = 'user.recover_password'")
        assert row is not None and row["actor_id"] == actor.user_id
        assert "recovery_code" in row["after_json"]


def test_recovery_code_refusals_change_nothing(tmp_path):
    db, code = _encrypted_db(tmp_path)
    with _open(db) as store:
        boss = auth.authenticate(store, "boss", ADMIN_PW)
        user = auth.create_user(store, boss, "zhang", "张三", "street_staff", STAFF_PW)
        other = auth.create_user(store, boss, "wang2", "王二", "admin", STAFF_PW)
        auth.void_user(store, boss, other.id, "调离")
    before = vault.load(db).body
    crypt.forget()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(PermissionDenied, match="恢复码不正确"):
        encryption.reset_with_code(db, wrong, "boss", NEW_PW)
    for name in ("zhang", "wang2", "nobody"):  # not an admin, a voided admin, nobody
        with pytest.raises(PermissionDenied, match="只能为在用的管理员"):
            encryption.reset_with_code(db, code, name, NEW_PW)
    with pytest.raises(ValidationError):
        encryption.reset_with_code(db, code, "boss", "short")
    assert vault.load(db).body["entries"] == before["entries"]
    crypt.forget()
    with _open(db) as store:
        assert auth.authenticate(store, "boss", ADMIN_PW)
        assert store.scalar("SELECT count(*) FROM audit_log "
                            "WHERE action = 'user.recover_password'") == 0
    assert user.username == "zhang"


def test_a_wrong_code_counts_towards_the_lockout(tmp_path):
    db, code = _encrypted_db(tmp_path)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    for _ in range(vault.MAX_FAILURES):
        with pytest.raises(PermissionDenied, match="恢复码不正确"):
            encryption.reset_with_code(db, wrong, "boss", NEW_PW)
    with pytest.raises(PermissionDenied, match="失败次数过多"):
        encryption.reset_with_code(db, code, "boss", NEW_PW)  # even the right one, for now


def test_plain_database_has_no_recovery_code(tmp_path):
    db, _ = _plain_db(tmp_path)
    with pytest.raises(Conflict, match="没有加密"):
        encryption.reset_with_code(db, "0000", "boss", NEW_PW)


def test_new_recovery_code_replaces_the_old_one(tmp_path):
    db, old = _encrypted_db(tmp_path)
    with _open(db) as store:
        boss = auth.authenticate(store, "boss", ADMIN_PW)
        with pytest.raises(PermissionDenied, match="密码不正确"):
            encryption.new_recovery_code(store, boss, "wrong password 1")
        code = encryption.new_recovery_code(store, boss, ADMIN_PW)
    crypt.forget()
    with pytest.raises(PermissionDenied, match="恢复码不正确"):
        encryption.unlock_with_code(db, old)
    assert encryption.unlock_with_code(db, code)


def _damage(db, offset, size=64):
    with db.open("r+b") as fh:
        fh.seek(offset)
        fh.write(os.urandom(size))


def test_a_damaged_first_page_is_not_called_a_wrong_key(tmp_path):
    db, _ = _encrypted_db(tmp_path, demo=20)
    with _open(db) as store:
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    crypt.forget()
    _damage(db, 1000)  # inside page 1, after the salt
    with pytest.raises(DatabaseDamaged, match="第一页.*密码正确.*备份恢复"):
        encryption.unlock(db, "boss", ADMIN_PW)
    assert crypt.unlocked_key(db) is not None  # kept for a restore or a salvage
    crypt.forget()
    with pytest.raises(PermissionDenied):  # a wrong password is still only that
        encryption.unlock(db, "boss", "wrong password 1")


def test_a_key_file_of_another_database_is_a_mismatch_not_damage(tmp_path):
    db, _ = _encrypted_db(tmp_path / "a")
    other, _ = _encrypted_db(tmp_path / "b")
    crypt.keys_file(db).write_bytes(crypt.keys_file(other).read_bytes())
    with pytest.raises(vault.VaultError, match="密钥文件与数据库不符"):
        encryption.unlock(db, "boss", ADMIN_PW)
