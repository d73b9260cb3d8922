# SPDX-License-Identifier: MIT
"""`jiedao-desk-cli enforcement …` on a file database: a case through the command line;
陈述申辩, 裁量 and 公示; lead photos and voiding one record."""

import json

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.cli import main
from jiedao_desk.store import Store
from tests.enforcement.conftest import set_district


def test_case_through_cli(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "t.sqlite3")
    cli_admin(db)

    def run(*args, as_json=False):
        code = main(["--db", db, *(["--json"] if as_json else []), *args])
        cap = capsys.readouterr()
        return code, (json.loads(cap.out) if as_json else cap.out + cap.err)

    assert run("init")[0] == 0
    code, powers = run("enforcement", "powers", as_json=True)
    assert code == 0 and "为空或未知" in powers["warning"]
    item = str(powers["items"][0]["item_id"])
    assert "线索第1号" in run("enforcement", "lead", "--source", "patrol", "--found",
                              "2026-08-20", "--place", "示例路", "--description", "摆摊")[1]
    assert "线索第1号" in run("enforcement", "list")[1]  # no case number before 立案
    assert "案件编号 执案〔2026〕第0001号（记录号 1）" in run(
        "enforcement", "file", "1", "--day", "2026-08-25", "--approved-by", "王", "--power",
        item)[1]
    assert "执案〔2026〕第0001号" in run("enforcement", "list")[1]
    shown = run("enforcement", "show", "1")[1]
    assert shown.startswith("案件 执案〔2026〕第0001号（记录号 1，")
    assert "现可办理：登记当事人、登记回避、现场检查笔录" in shown  # from the rules table
    run("enforcement", "party", "1", "--kind", "person", "--name", "赵某", "--id-number",
        "11010519491231002X")
    code, text = run("enforcement", "record", "1", "--kind", "inspection", "--day", "2026-08-25",
                     "--start", "09:30", "--end", "10:00", "--officer", "张明:1",
                     "--summary", "检查")
    assert code == 1 and "两名以上" in text  # one officer only: refused in Chinese
    run("enforcement", "record", "1", "--kind", "inspection", "--day", "2026-08-25",
        "--start", "09:30", "--end", "10:00", "--officer", "张明:1", "--officer", "李强:2",
        "--summary", "检查")
    out = run("enforcement", "doc", "1", "enforcement_filing_approval", "-o",
              str(tmp_path / "f.pdf"))[1]
    assert "执立〔2026〕第1号" in out and (tmp_path / "f.pdf").read_bytes()[:4] == b"%PDF"
    code, shown = run("enforcement", "show", "1", as_json=True)
    assert [(c["key"], c["due"], c["colour"]) for c in shown["clocks"]] == [
        ("penalty_decision", "2026-11-23", "yellow")]
    code, st = run("enforcement", "stats", "--from", "2026-08-01", "--to", "2026-08-31",
                   as_json=True)
    assert st["by_source"] == {"巡查发现": 1} and st["by_status"] == {"已立案（调查中）": 1}


def test_statement_discretion_and_publication_through_cli(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "t.sqlite3")
    cli_admin(db)

    def run(*args, as_json=False):
        code = main(["--db", db, *(["--json"] if as_json else []), *args])
        cap = capsys.readouterr()
        return code, (json.loads(cap.out) if as_json else cap.out + cap.err)

    assert run("init")[0] == 0
    with Store.open(db) as store:  # the 复议机关 is set before any decision
        set_district(store, SYSTEM)
    item = str(run("enforcement", "powers", as_json=True)[1]["items"][0]["item_id"])
    run("enforcement", "lead", "--source", "patrol", "--found", "2026-08-20", "--place", "示例路",
        "--description", "摆摊")
    run("enforcement", "file", "1", "--day", "2026-08-25", "--approved-by", "王", "--power", item)
    run("enforcement", "party", "1", "--kind", "person", "--name", "赵某", "--id-number",
        "11010519491231002X")
    code, tiers = run("enforcement", "tiers", "1", as_json=True)
    assert code == 0 and tiers["tiers"] == [] and "未知" in tiers["warning"]
    code, text = run("enforcement", "discretion", "1", "--day", "2026-08-26", "--reasons",
                     "首次违法", "--tier", "990001C010")
    assert code == 1 and "不在任何已导入的裁量基准中" in text
    code, text = run("enforcement", "discretion", "1", "--day", "2026-08-26", "--reasons",
                     "首次违法")
    assert code == 0 and "档次未知" in text
    run("enforcement", "notice", "1", "--day", "2026-08-26", "--fine", "100", "--facts", "摆摊",
        "--basis", "《某条例》", "--penalty-basis", "《某条例》第二十条",
        "--hearing", "no")
    run("enforcement", "serve", "1", "--day", "2026-08-26", "--what", "prior_notice",
        "--method", "direct", "--receiver", "赵某")
    code, text = run("enforcement", "statement", "1", "--day", "2026-08-26", "--officer",
                     "张明:1", "--officer", "李强:2", "--person", "赵某", "--statement", "请求从轻")
    assert code == 0 and "已登记陈述申辩" in text
    statement_id = text.split("记录编号 ")[1].split()[0]
    out = run("enforcement", "doc", "1", "enforcement_statement_record", "-o",
              str(tmp_path / "s.pdf"))[1]
    assert "陈述申辩笔录" in out and (tmp_path / "s.pdf").read_bytes()[:4] == b"%PDF"
    code, text = run("enforcement", "decide", "1", "--day", "2026-08-27", "--fine", "100",
                     "--text", "罚款")
    assert code == 1 and "没有现场检查笔录或询问笔录" in text
    run("enforcement", "record", "1", "--kind", "inspection", "--day", "2026-08-26",
        "--start", "09:30", "--end", "10:00", "--officer", "张明:1", "--officer", "李强:2",
        "--summary", "检查")
    # 告知书 served Wednesday 08-26: three working days to Monday 08-31.
    code, text = run("enforcement", "decide", "1", "--day", "2026-08-31", "--fine", "100",
                     "--text", "罚款")
    assert code == 1 and "陈述申辩期限至 8月31日，届满前不能作出决定" in text
    # The party's waiver, recorded in the 陈述申辩笔录, lets the decision come now.
    code, text = run("enforcement", "statement-waiver", "1", "--day", "2026-08-27")
    assert code == 1 and "放弃陈述申辩须有记录" in text
    code, text = run("enforcement", "statement-waiver", "1", "--day", "2026-08-27",
                     "--record", statement_id)
    assert code == 0 and "已登记放弃陈述申辩" in text
    run("enforcement", "decide", "1", "--day", "2026-08-31", "--fine", "100", "--text", "罚款")
    code, shown = run("enforcement", "show", "1", as_json=True)
    assert ("publication", "red") in {(c["key"], c["colour"]) for c in shown["clocks"]}
    code, text = run("enforcement", "publish", "1", "--day", "2026-09-01", "--channel", "公示栏")
    assert code == 0 and "记录编号 1" in text
    run("enforcement", "publish-withdraw", "1", "--publication", "1", "--day", "2026-09-02",
        "--reason", "决定被撤销")
    code, st = run("enforcement", "publication", "1", as_json=True)
    assert st["required"] and st["records"][0]["withdrawn_on"] == "2026-09-02"
    code, text = run("enforcement", "publish-rule", "1", "--required", "no")
    assert code == 1 and "理由" in text
    assert run("enforcement", "publish-rule", "1", "--required", "no", "--note", "隐私")[0] == 0
    assert "不须公示（隐私）" in run("enforcement", "publication", "1")[1]


def _photo(tmp_path, name="现场.jpg", body=b"\xff\xd8\xff\xe0lead-photo"):
    path = tmp_path / name
    path.write_bytes(body)
    return path


def test_cli_lead_photo_and_void_record(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "t.sqlite3")
    cli_admin(db)

    def run(*args, as_json=False):
        code = main(["--db", db, *(["--json"] if as_json else []), *args])
        cap = capsys.readouterr()
        return code, (json.loads(cap.out) if as_json else cap.out + cap.err)

    assert run("init")[0] == 0
    run("enforcement", "lead", "--source", "patrol", "--found", "2026-08-20", "--place", "示例路",
        "--description", "摆摊")
    code, text = run("enforcement", "lead-photo", "1", str(_photo(tmp_path)), "--description",
                     "巡查照片", "--day", "2026-08-20")
    assert code == 0 and "已为线索添加照片" in text
    code, shown = run("enforcement", "show", "1", as_json=True)
    [photo] = [e for e in shown["events"] if e["kind"] == "evidence"]
    code, text = run("enforcement", "void-record", "1", "--record", str(photo["id"]),
                     "--reason", "拍错")
    assert code == 0 and "已作废记录" in text
    code, shown = run("enforcement", "show", "1", as_json=True)
    assert shown["events"] == []
    code, text = run("enforcement", "void-record", "1", "--record", "99", "--reason", "x")
    assert code != 0 and "没有编号为 99" in text


def test_source_accepts_the_chinese_label(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "t.sqlite3")
    cli_admin(db)
    assert main(["--db", db, "init"]) == 0
    assert main(["--db", db, "enforcement", "lead", "--source", "12345转办", "--found",
                 "2026-08-20", "--place", "示例路", "--description", "摆摊"]) == 0
    assert main(["--db", db, "enforcement", "lead", "--source", "巡查发现", "--found",
                 "2026-08-20", "--place", "示例路", "--description", "摆摊"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "--json", "enforcement", "list"]) == 0
    listed = json.loads(capsys.readouterr().out)
    rows = listed["rows"] if isinstance(listed, dict) else listed
    assert sorted(r["source"] for r in rows) == ["hotline", "patrol"]
    with pytest.raises(SystemExit) as refused:
        main(["--db", db, "enforcement", "lead", "--source", "巡查", "--found",
              "2026-08-20", "--place", "示例路", "--description", "摆摊"])
    assert refused.value.code == 2
    assert "无效的选择：“巡查”（可选：patrol（巡查发现）、" in capsys.readouterr().err
