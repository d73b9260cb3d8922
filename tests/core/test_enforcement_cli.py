# SPDX-License-Identifier: MIT
"""`jiedao-desk-cli enforcement …`: a case through the command line on a file database."""

import json

from jiedao_desk.cli import main


def test_case_through_cli(tmp_path, capsys):
    db = str(tmp_path / "t.sqlite3")

    def run(*args, as_json=False):
        code = main(["--db", db, *(["--json"] if as_json else []), *args])
        cap = capsys.readouterr()
        return code, (json.loads(cap.out) if as_json else cap.out + cap.err)

    assert run("init")[0] == 0
    code, powers = run("enforcement", "powers", as_json=True)
    assert code == 0 and "为空或未知" in powers["warning"]
    item = str(powers["items"][0]["item_id"])
    assert "（线索）#1" in run("enforcement", "lead", "--source", "patrol", "--found",
                              "2026-08-20", "--place", "示例路", "--description", "摆摊")[1]
    assert "（线索）#1" in run("enforcement", "list")[1]  # no case number before 立案
    assert "案件编号 执案〔2026〕第0001号（记录号 1）" in run(
        "enforcement", "file", "1", "--day", "2026-08-25", "--approved-by", "王", "--power",
        item)[1]
    assert "执案〔2026〕第0001号" in run("enforcement", "list")[1]
    assert run("enforcement", "show", "1")[1].startswith("案件 执案〔2026〕第0001号（记录号 1，")
    run("enforcement", "party", "1", "--kind", "person", "--name", "赵某", "--id-number",
        "11010519491231002X")
    code, text = run("enforcement", "record", "1", "--kind", "inspection", "--day", "2026-08-25",
                     "--officer", "张明:1", "--summary", "检查")
    assert code == 1 and "两名以上" in text  # one officer only: refused in Chinese
    run("enforcement", "record", "1", "--kind", "inspection", "--day", "2026-08-25",
        "--officer", "张明:1", "--officer", "李强:2", "--summary", "检查")
    out = run("enforcement", "doc", "1", "enforcement_filing_approval", "-o",
              str(tmp_path / "f.pdf"))[1]
    assert "执立〔2026〕第1号" in out and (tmp_path / "f.pdf").read_bytes()[:4] == b"%PDF"
    code, shown = run("enforcement", "show", "1", as_json=True)
    assert [(c["key"], c["due"], c["colour"]) for c in shown["clocks"]] == [
        ("penalty_decision", "2026-11-23", "yellow")]
    code, st = run("enforcement", "stats", "--from", "2026-08-01", "--to", "2026-08-31",
                   as_json=True)
    assert st["by_source"] == {"巡查发现": 1} and st["by_status"] == {"已立案（调查中）": 1}
