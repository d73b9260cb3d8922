# SPDX-License-Identifier: MIT
"""`hotline` CLI: import, rates --json, add, list (masked), show, dispatch."""

import json

import openpyxl

from jiedao_desk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_hotline_cli_round_trip(tmp_path, capsys):
    db = str(tmp_path / "a.sqlite3")
    assert run(capsys, "--db", db, "org", "add-community", "桃园社区", "001")[0] == 0
    xlsx = tmp_path / "export.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["工单编号", "受理时间", "标题", "村/社区", "是否联系", "是否解决",
                      "是否满意"])
    wb.active.append(["W1", "2026-10-03 08:00", "噪音扰民", "桃园社区", "是", "是", "满意"])
    wb.save(xlsx)
    code, out, _ = run(capsys, "--db", db, "hotline", "import", str(xlsx))
    assert code == 0 and "新增 1 张" in out
    code, out, _ = run(capsys, "--db", db, "hotline", "rates", "--month", "2026-10", "--json")
    data = json.loads(out)
    assert data["rows"][0]["unit"] == "桃园社区" and data["rows"][0]["score"] == 100.0
    code, out, _ = run(capsys, "--db", db, "hotline", "add", "--no", "M1", "--received",
                       "2026-11-20 09:00", "--phone", "13800138000", "--title", "路灯")
    assert code == 0 and "2026-11-27 09:00" in out
    code, out, _ = run(capsys, "--db", db, "hotline", "list")
    assert "*******8000" in out and "13800138000" not in out and "W1" in out
    code, out, _ = run(capsys, "--db", db, "hotline", "dispatch", "M1", "--community", "001")
    assert code == 0 and "桃园社区" in out
    code, out, _ = run(capsys, "--db", db, "hotline", "show", "M1")
    assert "承办：桃园社区" in out and "派单" in out.splitlines()[-1]
    code, _, err = run(capsys, "--db", db, "hotline", "rates", "--month", "2026-13")
    assert code != 0 and "月份" in err
