# SPDX-License-Identifier: MIT
"""`exchange site|site-role|enrol|sites|void-site` from the command line, as two
administrators on two PCs run them (the fingerprint read aloud typed, or given with
--fingerprint)."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from jiedao_desk import cli
from jiedao_desk.base import clock


def run(capsys, db, *argv):
    code = cli.main(["--db", str(db), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def setup_pc(capsys, cli_admin, db, community: str | None = None) -> None:
    """A new database with an administrator named as on every PC of the test (the
    environment then signs in to each)."""
    with pytest.MonkeyPatch.context() as mp:  # a new file has no user to sign in as yet
        mp.delenv("JIEDAO_DESK_USER", raising=False)
        assert run(capsys, db, "init")[0] == 0
    cli_admin(db)
    assert run(capsys, db, "org", "street", "示例街道")[0] == 0
    assert run(capsys, db, "org", "add-community", "枫林苑社区", "FL001")[0] == 0
    if community:
        code, _, err = run(capsys, db, "exchange", "site-role", "社区", "--community",
                           community, "--office-code", "枫林")
        assert code == 0, err


def test_two_pcs_enrol_each_other(tmp_path, capsys, cli_admin, monkeypatch):
    street, maple = tmp_path / "street" / "desk.sqlite3", tmp_path / "maple" / "desk.sqlite3"
    setup_pc(capsys, cli_admin, street)
    setup_pc(capsys, cli_admin, maple, "FL001")
    code, out, _ = run(capsys, maple, "exchange", "site")
    assert code == 0 and "枫林苑社区（社区站点）" in out and "尚未生成" in out

    card = tmp_path / "枫林苑社区.json"
    code, out, _ = run(capsys, maple, "--json", "exchange", "enrol", "--write", str(card))
    assert code == 0
    fp = json.loads(out)["fingerprint"]
    assert card.exists() and json.loads(run(capsys, maple, "--json", "exchange", "site")[1]
                                        )["fingerprint"] == fp

    # a wrong fingerprint: refused in Chinese, nothing enrolled
    code, _, err = run(capsys, street, "exchange", "enrol", str(card), "--fingerprint",
                       "0000-0000-0000-0000")
    assert code == 1 and "指纹不一致" in err
    # no fingerprint and nobody at the keyboard: refused, not assumed
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, street, "exchange", "enrol", str(card))
    assert code == 2 and "--fingerprint" in err
    assert json.loads(run(capsys, street, "--json", "exchange", "sites")[1]) == []

    # typed at the prompt, as the other side reads it aloud
    class Keyboard(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stdin", Keyboard(fp.lower().replace("-", " ") + "\n"))
    code, out, err = run(capsys, street, "exchange", "enrol", str(card))
    assert code == 0, err
    assert fp in out and "已登记社区站点“枫林苑社区”" in out
    code, _, err = run(capsys, street, "exchange", "enrol", str(card), "--fingerprint", fp)
    assert code == 1 and "不能重复登记" in err

    street_card = tmp_path / "street.json"
    code, out, _ = run(capsys, street, "exchange", "enrol", "--write", str(street_card))
    assert code == 0 and "本站指纹" in out
    street_fp = out.split("本站指纹：")[1].split()[0]
    assert run(capsys, maple, "exchange", "enrol", str(street_card), "--fingerprint",
               street_fp)[0] == 0

    code, out, _ = run(capsys, street, "--json", "exchange", "sites")
    [peer] = json.loads(out)
    assert (peer["name"], peer["role"], peer["fingerprint"]) == ("枫林苑社区", "community", fp)
    assert (peer["last_sent"], peer["acked"], peer["gaps"]) == (0, 0, [])
    code, out, _ = run(capsys, street, "exchange", "sites")
    assert "枫林苑社区  社区站点" in out and fp in out and "已发出至第 0 号" in out

    code, _, err = run(capsys, street, "exchange", "void-site", peer["uid"][:8], "--reason",
                       "社区换电脑")
    assert code == 0
    assert run(capsys, street, "--json", "exchange", "sites")[1].strip() == "[]"
    code, out, _ = run(capsys, street, "exchange", "sites", "--all")
    assert "已作废" in out and "社区换电脑" in out


def test_garbled_file_and_both_forms_at_once_are_refused(tmp_path, capsys, cli_admin):
    db = tmp_path / "desk.sqlite3"
    setup_pc(capsys, cli_admin, db)
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\xff\xfe not json")
    code, _, err = run(capsys, db, "exchange", "enrol", str(junk), "--fingerprint", "x")
    assert code == 1 and "不是本软件的站点登记文件" in err
    code, _, err = run(capsys, db, "exchange", "enrol", str(junk), "--write", str(junk))
    assert code == 2 and "一次只做一件" in err
    assert run(capsys, db, "exchange", "enrol")[0] == 2


@pytest.mark.parametrize("argv", [["exchange", "site-role", "community"],
                                  ["exchange", "site-role", "community", "--community", "无此社区",
                                   "--office-code", "X"]])
def test_a_community_site_needs_a_known_community(tmp_path, capsys, cli_admin, argv):
    db = tmp_path / "desk.sqlite3"
    setup_pc(capsys, cli_admin, db)
    code, _, err = run(capsys, db, *argv)
    assert code == 1 and "社区" in err


def _enrolled_pair(tmp_path, capsys, cli_admin):
    """The street's PC and 枫林苑's, each enrolled at the other."""
    street, maple = tmp_path / "street" / "desk.sqlite3", tmp_path / "maple" / "desk.sqlite3"
    setup_pc(capsys, cli_admin, street)
    setup_pc(capsys, cli_admin, maple, "FL001")
    _enrol_pair(tmp_path, capsys, street, maple)
    return street, maple


def _enrol_pair(tmp_path, capsys, street, maple) -> None:
    assert run(capsys, street, "exchange", "site-role", "street")[0] == 0
    for one, other, card in ((maple, street, "maple.json"), (street, maple, "street.json")):
        code, out, _ = run(capsys, one, "--json", "exchange", "enrol", "--write",
                           str(tmp_path / card))
        assert code == 0
        code, _, err = run(capsys, other, "exchange", "enrol", str(tmp_path / card),
                           "--fingerprint", json.loads(out)["fingerprint"])
        assert code == 0, err


def test_a_usb_stick_both_ways_and_the_monthly_report(tmp_path, capsys, cli_admin):
    street, maple = _enrolled_pair(tmp_path, capsys, cli_admin)
    stick = tmp_path / "usb"
    stick.mkdir()
    code, _, err = run(capsys, maple, "mediation", "register", "--committee", "FL001",
                       "--source", "当事人申请", "--form", "口头", "--type", "邻里纠纷",
                       "--summary", "楼上漏水", "--party", "role=applicant,kind=person,name=王芳",
                       "--party", "role=respondent,kind=person,name=李强")
    assert code == 0, err
    # the receiver named as people name it
    code, out, err = run(capsys, maple, "exchange", "export", "示例街道", "--to-folder",
                         str(stick))
    assert code == 0 and "第 1 号交换包" in out, err
    code, out, err = run(capsys, street, "exchange", "export", "FL001", "--to-folder",
                         str(stick))
    assert code == 0 and "发给“枫林苑社区”" in out, err
    (stick / "坏的.jdx").write_bytes(b"garbage")
    code, out, err = run(capsys, street, "exchange", "import", str(stick))
    assert code == 1  # one package on the stick could not be read
    assert "已导入“枫林苑社区”的第 1 号交换包" in out and "坏的.jdx\n  未导入" in out
    assert "另有 1 个交换包是发给其他站点的，未动。" in out
    (stick / "坏的.jdx").unlink()
    code, out, _ = run(capsys, street, "--json", "exchange", "import", str(stick))
    assert code == 0
    statuses = [p.get("status") for p in json.loads(out)["packages"] if not p.get("other_site")]
    assert statuses == ["duplicate"]
    code, out, _ = run(capsys, street, "--json", "mediation", "list")
    assert "王芳" in out
    month = clock.today().strftime("%Y-%m")
    code, out, err = run(capsys, street, "export", "monthly", "--month", month, "-o",
                         str(tmp_path / "月报.xlsx"))
    assert code == 0 and "数据交换：枫林苑社区数据完整至" in out, err
    code, out, _ = run(capsys, street, "--json", "export", "monthly", "--month", month,
                       "-o", str(tmp_path / "月报2.xlsx"))
    assert list(json.loads(out)["complete_to"]) == ["枫林苑社区"]
    # an empty folder says so
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, _ = run(capsys, maple, "exchange", "import", str(empty))
    assert code == 0 and "没有发给本站的交换包" in out


def test_the_street_hands_a_community_its_records(tmp_path, capsys, cli_admin):
    street = tmp_path / "street" / "desk.sqlite3"
    setup_pc(capsys, cli_admin, street)
    # kept by the street before 枫林苑 had its own PC
    code, _, err = run(capsys, street, "mediation", "register", "--committee", "FL001",
                       "--source", "当事人申请", "--form", "口头", "--type", "邻里纠纷",
                       "--summary", "楼上漏水", "--party", "role=applicant,kind=person,name=王芳",
                       "--party", "role=respondent,kind=person,name=李强")
    assert code == 0, err
    code, _, err = run(capsys, street, "exchange", "hand-over", "FL001", "--dry-run")
    assert code == 1 and "还没有登记社区站点" in err
    maple = tmp_path / "maple" / "desk.sqlite3"
    setup_pc(capsys, cli_admin, maple, "FL001")
    _enrol_pair(tmp_path, capsys, street, maple)
    code, out, err = run(capsys, street, "exchange", "hand-over", "枫林苑社区", "--dry-run")
    assert code == 0 and "调解案件 1 条" in out and "未移交" in out, err
    code, _, err = run(capsys, street, "exchange", "hand-over", "FL001")
    assert code == 1 and "请填写移交原因" in err
    code, _, err = run(capsys, street, "exchange", "hand-over", "不存在社区", "--reason", "x")
    assert code == 1 and "没有名称或代码为“不存在社区”的社区" in err
    code, out, err = run(capsys, street, "--json", "exchange", "hand-over", "FL001",
                         "--reason", "社区启用自己的电脑")
    assert code == 0, err
    got = json.loads(out)
    assert got["handed_over"] and got["counts"]["mediation_case"] == 1 and got["total"] == 1
    code, _, err = run(capsys, street, "exchange", "hand-over", "FL001", "--reason", "再来")
    assert code == 1 and "没有由本机保存、需要移交的记录" in err
    stick = tmp_path / "usb"
    stick.mkdir()
    assert run(capsys, street, "exchange", "export", "FL001", "--to-folder", str(stick))[0] == 0
    code, out, err = run(capsys, maple, "exchange", "import", str(stick))
    assert code == 0, err
    code, out, _ = run(capsys, maple, "--json", "mediation", "list")
    assert "楼上漏水" in out or "邻里纠纷" in out
    con = sqlite3.connect(maple)
    try:
        here = con.execute("SELECT uid FROM site WHERE id = 1").fetchone()[0]
        owners = {r[0] for r in con.execute(
            "SELECT owner FROM exchange_row WHERE tbl LIKE 'mediation%'")}
    finally:
        con.close()
    assert owners == {here}  # the community's PC owns the case and all that belongs to it
