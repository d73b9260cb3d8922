# SPDX-License-Identifier: MIT
import json

from jiedao_desk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    import pytest

    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert "jiedao-desk" in capsys.readouterr().out


def test_init_creates_db_and_org(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    code, out, _ = run(capsys, "--db", db, "init", "--street", "示例街道")
    assert code == 0 and "结构版本" in out
    code, out, _ = run(capsys, "--db", db, "org", "add-community", "甲社区", "001")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "--json", "org", "list")
    data = json.loads(out)
    assert data["street"]["name"] == "示例街道"
    assert [c["name"] for c in data["communities"]] == ["甲社区"]


def test_bad_input_is_a_chinese_error_and_exit_1(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    run(capsys, "--db", db, "org", "add-community", "甲社区", "001")
    code, _, err = run(capsys, "--db", db, "org", "add-community", "乙社区", "001")
    assert code == 1 and "已被" in err


def test_calendar_commands(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    code, out, _ = run(capsys, "--db", db, "calendar", "add-working-days", "2026-09-30", "3")
    assert code == 0 and out.strip() == "2026-10-10"
    code, out, _ = run(capsys, "--db", db, "--json", "calendar", "is-workday", "2026-10-05")
    assert json.loads(out) == {"date": "2026-10-05", "workday": False, "confirmed": True,
                               "reason": "国庆节"}
    code, out, _ = run(capsys, "--db", db, "calendar", "is-workday", "2031-05-01")
    assert "未确认" in out
    run(capsys, "--db", db, "calendar", "set", "2031-05-01", "restday", "--note", "测试通知")
    code, out, _ = run(capsys, "--db", db, "--json", "calendar", "is-workday", "2031-05-01")
    assert json.loads(out)["workday"] is False and json.loads(out)["confirmed"] is True
    code, _, err = run(capsys, "--db", db, "calendar", "is-workday", "2026-02-30")
    assert code == 1 and "不存在" in err


def test_cli_acts_as_named_user_once_users_exist(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "a.sqlite3")
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Admin2026pw")
    assert run(capsys, "--db", db, "user", "create-admin", "admin")[0] == 0
    # without --user, a write is refused now
    code, _, err = run(capsys, "--db", db, "org", "add-community", "甲社区", "001")
    assert code == 1 and "--user" in err
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "wrong-password1")
    add = ("org", "add-community", "甲社区", "001")
    code, _, err = run(capsys, "--db", db, "--user", "admin", *add)
    assert code == 1 and "不正确" in err
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Admin2026pw")
    assert run(capsys, "--db", db, "--user", "admin", *add)[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Reader2026pw")
    assert run(capsys, "--db", db, "--user", "admin", "user", "add", "tongji", "--role",
               "readonly")[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Reader2026pw")
    code, _, err = run(capsys, "--db", db, "--user", "tongji", "org", "add-community", "乙", "002")
    assert code == 1 and "须先修改" in err  # a temporary password opens nothing else
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Reader-own-2026")
    assert run(capsys, "--db", db, "--user", "tongji", "user", "passwd")[0] == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Reader-own-2026")
    code, _, err = run(capsys, "--db", db, "--user", "tongji", "org", "add-community", "乙", "002")
    assert code == 1 and "没有此项权限" in err
    # check runs as the system and passes
    code, out, _ = run(capsys, "--db", db, "--json", "check")
    assert code == 0 and json.loads(out)["ok"] is True


def test_check_exit_code_on_tampering(tmp_path, capsys, cli_admin):
    import sqlite3

    db = str(tmp_path / "a.sqlite3")

    cli_admin(db)
    run(capsys, "--db", db, "org", "add-community", "甲社区", "001")
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor_name = '某人'")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", db, "check")
    assert code == 3 and "第1条审计记录" in out


def test_backup_and_restore_commands(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    run(capsys, "--db", db, "org", "add-community", "甲社区", "001")
    code, out, _ = run(capsys, "--db", db, "--json", "backup")
    path = json.loads(out)["path"]
    run(capsys, "--db", db, "org", "add-community", "乙社区", "002")
    code, _, err = run(capsys, "--db", db, "restore", path)
    assert code == 2 and "--yes" in err  # no confirmation without a terminal
    assert run(capsys, "--db", db, "restore", path, "--yes")[0] == 0
    code, out, _ = run(capsys, "--db", db, "--json", "org", "list")
    assert [c["name"] for c in json.loads(out)["communities"]] == ["甲社区"]
    code, out, _ = run(capsys, "--db", db, "--json", "backups")
    assert {b["kind"] for b in json.loads(out)} == {"manual", "pre_restore"}


def test_closed_output_pipe_is_not_an_error(tmp_path, capsys, monkeypatch, cli_admin):
    """`jiedao-desk-cli … | head` must not end in a traceback when head stops reading."""
    from jiedao_desk import cli

    db = str(tmp_path / "p.sqlite3")

    cli_admin(db)
    assert run(capsys, "--db", db, "init")[0] == 0

    def closed(*_args, **_kw):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli, "print", closed, raising=False)
    real_stdout = cli.sys.stdout
    try:
        assert main(["--db", db, "org", "list"]) == 0
    finally:
        cli.sys.stdout = real_stdout


def test_temporary_password_must_be_changed_first_and_passwd_changes_it(tmp_path, monkeypatch,
                                                                       capsys):
    db = str(tmp_path / "pw.sqlite3")
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Admin-2026-desk")
    assert main(["--db", db, "user", "create-admin", "boss"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Admin-2026-desk")
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Temp-2026-pass")
    assert main(["--db", db, "--user", "boss", "user", "add", "li", "--role", "readonly"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Temp-2026-pass")
    assert main(["--db", db, "--user", "li", "search", "张"]) == 1
    assert "临时密码，须先修改" in capsys.readouterr().err
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "aaaaaaaaaaaa")
    assert main(["--db", db, "--user", "li", "user", "passwd"]) == 1
    assert "重复的字符" in capsys.readouterr().err
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Li-own-2026-pw")
    assert main(["--db", db, "--user", "li", "user", "passwd"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Li-own-2026-pw")
    assert main(["--db", db, "--user", "li", "search", "张"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Temp-2026-pass")
    assert main(["--db", db, "--user", "li", "search", "张"]) == 1  # the old one is gone


def test_reads_need_a_signed_in_user_once_accounts_exist(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "r.sqlite3")
    assert main(["--db", db, "init"]) == 0  # first set-up: no account yet
    capsys.readouterr()
    assert main(["--db", db, "init", "--street", "甲街道"]) == 1  # naming needs an admin
    assert main(["--db", db, "org", "list"]) == 1  # nothing runs before the first admin
    assert "user create-admin" in capsys.readouterr().err
    monkeypatch.setenv("JIEDAO_DESK_NEW_PASSWORD", "Admin-2026-desk")
    assert main(["--db", db, "user", "create-admin", "boss"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "org", "list"]) == 1  # a read, without --user
    assert "--user" in capsys.readouterr().err
    assert main(["--db", db, "init", "--street", "乙街道"]) == 1  # renaming needs an admin
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", "Admin-2026-desk")
    assert main(["--db", db, "--user", "boss", "org", "list"]) == 0
    assert main(["--db", db, "--user", "boss", "init", "--street", "乙街道"]) == 0
    monkeypatch.setenv("JIEDAO_DESK_USER", "boss")  # a scheduled job names its user this way
    capsys.readouterr()
    assert main(["--db", db, "--json", "org", "list"]) == 0
    assert json.loads(capsys.readouterr().out)["street"]["name"] == "乙街道"
    monkeypatch.delenv("JIEDAO_DESK_USER")
    assert main(["--db", db, "check"]) == 0  # the integrity check stays open to the system


def test_a_file_that_is_not_a_database_is_refused_in_chinese(tmp_path, capsys):
    db = tmp_path / "报告.docx"
    db.write_bytes(b"PK\x03\x04 not a database" * 50)
    assert main(["--db", str(db), "org", "list"]) == 1
    err = capsys.readouterr().err
    assert "不是本程序的数据库文件" in err and "Traceback" not in err


def test_a_prompt_with_no_input_is_a_chinese_error(tmp_path, capsys, cli_admin, monkeypatch):
    """Run from a script with no password in the environment: no traceback, exit 1."""
    import getpass

    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    monkeypatch.delenv("JIEDAO_DESK_PASSWORD", raising=False)

    def closed(prompt=""):
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", closed)
    code, _, err = run(capsys, "--db", db, "--user", "admin", "org", "list")
    assert code == 1 and "JIEDAO_DESK_PASSWORD" in err and "标准输入已关闭" in err


def test_ctrl_c_at_a_prompt_cancels_quietly(tmp_path, capsys, cli_admin, monkeypatch):
    import getpass

    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    monkeypatch.delenv("JIEDAO_DESK_PASSWORD", raising=False)

    def interrupted(prompt=""):
        raise KeyboardInterrupt

    monkeypatch.setattr(getpass, "getpass", interrupted)
    code, _, err = run(capsys, "--db", db, "--user", "admin", "org", "list")
    assert code == 130 and "已取消" in err
