# SPDX-License-Identifier: MIT
"""`encryption` and `user create-admin --encrypt` from the command line, as a script runs them
(passwords and the recovery code from the environment)."""

import json
import re

import pytest

from jiedao_desk import cli
from jiedao_desk.store import crypt

PASSWORD = "Kx9#mQ2!vL7pZr"


@pytest.fixture(autouse=True)
def _passwords(monkeypatch, cheap_kdf):
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", PASSWORD)


def run(capsys, *argv):
    crypt.forget()  # every command is a new process in real use
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_create_admin_encrypted_then_commands_unlock_with_the_password(tmp_path, capsys,
                                                                      monkeypatch):
    db = str(tmp_path / "d" / "db.sqlite3")
    code, out, _ = run(capsys, "--db", db, "user", "create-admin", "boss", "--encrypt")
    assert code == 0 and "管理员恢复码" in out
    recovery = re.search(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})", out)
    assert recovery is not None
    assert crypt.is_encrypted(db)

    code, _, err = run(capsys, "--db", db, "search", "张")
    assert code == 1 and "数据库已加密" in err  # no user named: refused, nothing read
    code, out, _ = run(capsys, "--db", db, "--user", "boss", "--json", "encryption", "status")
    assert code == 0 and json.loads(out)["holders"] == ["boss"]
    code, _, _ = run(capsys, "--db", db, "--user", "boss", "backup")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "--user", "boss", "encryption", "rotate-key")
    assert code == 0 and "新的主密钥" in out

    backup = next((tmp_path / "d" / "backups").iterdir())
    target = tmp_path / "other-pc" / "db.sqlite3"
    monkeypatch.setenv("JIEDAO_DESK_RECOVERY_CODE", "0000-0000-0000-0000-0000-0000-0000-0000")
    code, _, err = run(capsys, "encryption", "restore", str(backup), "--db", str(target),
                       "--recovery-code")
    assert code == 1 and "恢复码不正确" in err and not target.exists()
    monkeypatch.setenv("JIEDAO_DESK_RECOVERY_CODE", recovery.group(1))
    code, out, err = run(capsys, "encryption", "restore", str(backup), "--db", str(target),
                         "--recovery-code")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", str(target), "--user", "boss", "check")
    assert code == 0 and "检查通过" in out, out


def test_wrong_password_and_non_admin_refused(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "db.sqlite3")
    assert run(capsys, "--db", db, "user", "create-admin", "boss")[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Tq4$wN8^cB3hYe")
    assert run(capsys, "--db", db, "--user", "boss", "user", "add", "zhang",
               "--role", "street_staff")[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Tq4$wN8^cB3hYe")
    # a temporary password must be changed first; then zhang is no administrator
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Rb7&kP2@xM9sWd")
    assert run(capsys, "--db", db, "--user", "zhang", "user", "passwd")[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Rb7&kP2@xM9sWd")
    code, _, err = run(capsys, "--db", db, "--user", "zhang", "encryption", "on")
    assert code == 1 and "没有此项权限" in err and not crypt.is_encrypted(db)
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", PASSWORD)
    assert run(capsys, "--db", db, "--user", "boss", "encryption", "on")[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "wrong password 1")
    code, _, err = run(capsys, "--db", db, "--user", "boss", "search", "张")
    assert code == 1 and "用户名或密码不正确" in err


def test_recovery_code_sets_a_new_admin_password_from_a_script(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "d" / "db.sqlite3")
    code, out, _ = run(capsys, "--db", db, "user", "create-admin", "boss", "--encrypt")
    recovery = re.search(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})", out).group(1)
    new_pw = "Rb7&kP2@xM9sWd"
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", new_pw)
    monkeypatch.setenv("JIEDAO_DESK_RECOVERY_CODE", "0000-0000-0000-0000-0000-0000-0000-0000")
    code, _, err = run(capsys, "--db", db, "encryption", "recover-password", "boss")
    assert code == 1 and "恢复码不正确" in err
    monkeypatch.setenv("JIEDAO_DESK_RECOVERY_CODE", recovery)
    code, _, err = run(capsys, "--db", db, "encryption", "recover-password", "nobody")
    assert code == 1 and "只能为在用的管理员" in err
    code, out, err = run(capsys, "--db", db, "encryption", "recover-password", "boss")
    assert code == 0 and "新密码" in out, err
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", new_pw)
    code, out, _ = run(capsys, "--db", db, "--user", "boss", "--json", "encryption",
                       "new-recovery-code")
    fresh = json.loads(out)["recovery_code"]
    assert code == 0 and fresh != recovery
    code, _, err = run(capsys, "--db", db, "encryption", "recover-password", "boss")
    assert code == 1 and "恢复码不正确" in err  # the old code stopped working


def test_restore_of_a_backup_from_before_a_rotation(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "d" / "db.sqlite3")
    _, out, _ = run(capsys, "--db", db, "user", "create-admin", "boss", "--encrypt")
    recovery = re.search(r"([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})", out).group(1)
    assert run(capsys, "--db", db, "--user", "boss", "backup")[0] == 0
    backup = next((tmp_path / "d" / "backups").iterdir())
    assert run(capsys, "--db", db, "--user", "boss", "encryption", "rotate-key")[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_RECOVERY_CODE", "0000-0000-0000-0000-0000-0000-0000-0000")
    code, _, err = run(capsys, "--db", db, "--user", "boss", "restore", str(backup), "--yes",
                       "--recovery-code")
    assert code == 1 and "不正确" in err
    monkeypatch.setenv("JIEDAO_DESK_RECOVERY_CODE", recovery)
    code, out, err = run(capsys, "--db", db, "--user", "boss", "restore", str(backup), "--yes",
                         "--recovery-code")
    assert code == 0 and "已恢复" in out, err
    code, out, _ = run(capsys, "--db", db, "--user", "boss", "check")
    assert code == 0 and "检查通过" in out
