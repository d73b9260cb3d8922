# SPDX-License-Identifier: MIT
"""`hotline` CLI: import, rates (--json, --xlsx), trend, hotspots, add, list (masked), show,
dispatch, to-mediation and history."""

import json

import openpyxl

from jiedao_desk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_hotline_cli_round_trip(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
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


def test_cli_to_mediation_show_and_history(tmp_path, capsys, cli_admin):
    import json

    from jiedao_desk.cli import main

    db = str(tmp_path / "a.sqlite3")

    cli_admin(db)

    def run(*args):
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("init", "--street", "和平街道")[0] == 0  # loads the shipped catalogs
    assert run("hotline", "add", "--no", "M1", "--received", "2026-11-20 09:00", "--name",
               "张三", "--phone", "13800138000", "--place", "和平里小区3号楼",
               "--title", "楼上漏水")[0] == 0
    code, out, err = run("hotline", "to-mediation", "M1", "--type", "物业纠纷",
                         "--respondent", "李四")
    assert code == 0, err
    assert "已转人民调解" in out
    code, out, _ = run("hotline", "show", "M1")
    assert "关联：人民调解案件" in out
    code, out, _ = run("hotline", "history", "--phone", "13800138000", "--json")
    data = json.loads(out)
    assert [e["domain"] for e in data["entries"]] == ["mediation", "hotline"]
    code, out, _ = run("hotline", "history", "--ticket", "M1", "--address-of")
    assert "人民调解" in out and "按地址匹配" in out
    code, _, err = run("hotline", "history")
    assert code != 0 and "--ticket" in err


def test_cli_rates_xlsx_and_trend(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)

    def run(*args):
        code = main(["--db", db, *args])
        return (code, *capsys.readouterr())

    assert run("hotline", "add", "--no", "M1", "--received", "2026-10-20 09:00",
               "--category", "噪音", "--place", "甲路1号")[0] == 0
    code, out, err = run("hotline", "rates", "--month", "2026-10", "--xlsx",
                         str(tmp_path / "r.xlsx"))
    assert code == 0, err
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["三率"]
    assert [c.value for c in ws[2]][:3] == ["2026-10", "（未分社区）", 1]
    code, out, _ = run("hotline", "trend", "--months", "3", "--json")
    assert json.loads(out)["months"] == ["2026-09", "2026-10", "2026-11"]
    code, out, _ = run("hotline", "hotspots", "--from", "2026-10", "--to", "2026-10",
                       "--min", "1", "--xlsx", str(tmp_path / "h.xlsx"))
    assert code == 0 and "已导出" in out and (tmp_path / "h.xlsx").exists()
