# SPDX-License-Identifier: MIT
"""`jiedao-desk-cli enforcement statement / tiers / discretion / publish …` on a file database."""

import json

from jiedao_desk.cli import main


def test_statement_discretion_and_publication_through_cli(tmp_path, capsys):
    db = str(tmp_path / "t.sqlite3")

    def run(*args, as_json=False):
        code = main(["--db", db, *(["--json"] if as_json else []), *args])
        cap = capsys.readouterr()
        return code, (json.loads(cap.out) if as_json else cap.out + cap.err)

    assert run("init")[0] == 0
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
        "--basis", "《某条例》", "--hearing", "no")
    run("enforcement", "serve", "1", "--day", "2026-08-26", "--what", "prior_notice",
        "--method", "direct", "--receiver", "赵某")
    code, text = run("enforcement", "statement", "1", "--day", "2026-08-26", "--officer",
                     "张明:1", "--officer", "李强:2", "--person", "赵某", "--statement", "请求从轻")
    assert code == 0 and "已登记陈述申辩" in text
    out = run("enforcement", "doc", "1", "enforcement_statement_record", "-o",
              str(tmp_path / "s.pdf"))[1]
    assert "陈述申辩笔录" in out and (tmp_path / "s.pdf").read_bytes()[:4] == b"%PDF"
    run("enforcement", "decide", "1", "--day", "2026-08-27", "--fine", "100", "--text", "罚款")
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
