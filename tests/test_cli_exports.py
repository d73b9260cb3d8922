# SPDX-License-Identifier: MIT
"""CLI round trip: import template → fill it → import (dry run, real) → export ledger."""

import json

import openpyxl
from stdnum.cn import ric

from jiedao_desk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _id(seq: int) -> str:
    body = f"11010519850615{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def test_import_template_fill_import_export_round_trip(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    assert run(capsys, "--db", db, "org", "add-community", "和平里社区", "C001")[0] == 0
    assert run(capsys, "--db", db, "org", "add-community", "青年湖社区", "C002")[0] == 0
    tpl = tmp_path / "tpl.xlsx"
    code, out, _ = run(capsys, "--db", db, "import", "template", "residents", "-o", str(tpl))
    assert code == 0 and tpl.exists()

    wb = openpyxl.load_workbook(tpl)
    ws = wb.worksheets[0]
    for i in range(1, 6):
        ws.append(["C001" if i % 2 else "青年湖社区", f"居民{i}", _id(i), "13800138000",
                   f"和平里{i}号楼", "", ""])
    ws.append(["C001", "坏行", "123", None, None, None, None])  # sheet row 7
    wb.save(tpl)

    code, _, err = run(capsys, "--db", db, "import", "residents", str(tpl))
    assert code == 1 and "第7行 身份证号" in err and "错误报告已保存" in err
    assert (tmp_path / "tpl.错误报告.xlsx").exists()
    code, out, _ = run(capsys, "--db", db, "--json", "search", "居民")
    assert json.loads(out) == []  # nothing was written

    wb = openpyxl.load_workbook(tpl)
    wb.worksheets[0].delete_rows(7)
    wb.save(tpl)
    code, out, _ = run(capsys, "--db", db, "import", "residents", str(tpl), "--dry-run")
    assert code == 0 and "5 行均可导入" in out
    code, out, _ = run(capsys, "--db", db, "--json", "import", "residents", str(tpl))
    data = json.loads(out)
    assert code == 0 and data["imported"] == 5 and "pre_import" in data["backup"]

    code, out, _ = run(capsys, "--db", db, "export", "ledgers")
    assert code == 0 and "residents" in out and "居民信息台账" in out
    xlsx = tmp_path / "ledger.xlsx"
    code, out, _ = run(capsys, "--db", db, "export", "ledger", "residents", "-o", str(xlsx),
                       "--community", "C001", "--sort", "name")
    assert code == 0 and "3 行" in out
    ws = openpyxl.load_workbook(xlsx).active
    assert ws["A2"].value == "姓名" and ws.freeze_panes == "A3"
    assert [r[0] for r in ws.iter_rows(min_row=3, values_only=True)] == ["居民1", "居民3", "居民5"]
    masked = ws["C3"].value
    assert masked.startswith("110105********") and masked != _id(1)

    code, _, err = run(capsys, "--db", db, "export", "ledger", "residents", "-o", str(xlsx),
                       "--sort", "phone")
    assert code == 1 and "排序" in err


def test_template_fill_command(tmp_path, capsys):
    from pathlib import Path

    here = Path(__file__).parent.parent / "resources" / "templates"
    template = tmp_path / "t.xlsx"
    import runpy

    runpy.run_path(str(here / "make_example.py"))["build"](template)
    out = tmp_path / "o.xlsx"
    code, text, err = run(capsys, "template-fill", str(template),
                          str(here / "example_monthly.toml"),
                          str(here / "example_monthly.json"), "-o", str(out))
    assert code == 0, err
    ws = openpyxl.load_workbook(out)["汇总"]
    assert ws["B2"].value == "和平里街道" and ws["B9"].value == "=SUM(B5:B8)"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "template-fill", str(template), str(here / "example_monthly.toml"),
                       str(bad), "-o", str(out))
    assert code == 1 and "不是有效的 JSON" in err
