# SPDX-License-Identifier: MIT
"""District merge of street workbooks, refusals, tampering; CLI export / merge / mapping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from jiedao_desk import cli
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.monthly import merge as monthly_merge
from jiedao_desk.domains.monthly import workbook as monthly_xlsx
from jiedao_desk.store import Store
from tests.monthly_seed import ADMIN, seed

# A workbook of structure 1 (figure codes in a column of 关键指标), written by the version
# before structure 2; districts still hold such files.
V1_FILE = Path(__file__).parent.parent / "fixtures" / "monthly" / "北街道-2026-10-结构1.xlsx"


@pytest.fixture
def two_streets(tmp_path, monkeypatch):
    """October workbooks of two streets (the second one with one ticket more) + a September."""
    files = {}
    for name, extra in (("东街道", 0), ("西街道", 1)):
        s = Store.memory()
        seed(s, tmp_path, monkeypatch, street=name)
        if extra:
            from jiedao_desk.domains import hotline

            hotline.add_ticket(s, ADMIN, {"ticket_no": "X1", "received_at": "2026-10-20 09:00",
                                          "community_id": 1})
        files[name] = monthly_xlsx.export_monthly(s, ADMIN, "2026-10",
                                                  tmp_path / f"{name}.xlsx")[0]
        if not extra:
            monthly_xlsx.export_monthly(s, ADMIN, "2026-09", tmp_path / "九月.xlsx")
        s.conn.close()
    return tmp_path


def _rows(path, sheet):
    return [list(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_merge_two_streets_rows_and_totals(two_streets):
    out = two_streets / "区.xlsx"
    res = monthly_merge.merge([two_streets / "东街道.xlsx", two_streets / "西街道.xlsx"], out)
    assert res.month == "2026-10" and res.mismatched == []
    summary = _rows(out, "各街道汇总")
    head = summary[0]
    col = {h: i for i, h in enumerate(head)}
    east, west, total = summary[1], summary[2], summary[3]
    assert (east[0], west[0], total[0]) == ("东街道", "西街道", "合计")
    rec = col["接诉即办（12345）-受理工单(件)"]
    assert (east[rec], west[rec], total[rec]) == (4, 5, 9)
    assert total[col["社区工作准入-收到申请(件)"]] == 6
    # Rates are weighted by their base: 解决率 2/3 in both streets stays 66.67.
    assert total[col["接诉即办（12345）-解决率(%)"]] == 66.67
    assert total[col["人民调解-调解成功率(%)"]] == 50
    hot = _rows(out, "接诉即办")
    assert hot[0][:2] == ["街道", "单位"]
    assert [r[0] for r in hot[1:]] == ["东街道"] * 3 + ["西街道"] * 3
    cover = _rows(out, "区级汇总封面")
    assert cover[6][:2] == ["东街道", "东街道.xlsx"] and cover[6][4] == "一致"


def test_refuses_wrong_month_unknown_structure_and_twice(two_streets):
    out = two_streets / "区.xlsx"
    east = two_streets / "东街道.xlsx"
    with pytest.raises(ValidationError, match="九月.xlsx.*2026-09.*不是同一个月"):
        monthly_merge.merge([east, two_streets / "九月.xlsx"], out)
    with pytest.raises(ValidationError, match="出现了两次"):
        monthly_merge.merge([east, east], out)
    wb = openpyxl.load_workbook(east)
    wb["准入申请"]["B1"] = "单位名称"
    wb.save(two_streets / "改表头.xlsx")
    with pytest.raises(ValidationError, match="改表头.xlsx.*表头与规定不一致"):
        monthly_merge.merge([east, two_streets / "改表头.xlsx"], out)
    other = openpyxl.Workbook()
    other.active.title = "Sheet1"
    other.save(two_streets / "别的.xlsx")
    with pytest.raises(ValidationError, match="别的.xlsx.*封面"):
        monthly_merge.merge([two_streets / "别的.xlsx"], out)
    (two_streets / "坏.xlsx").write_text("not excel", encoding="utf-8")
    with pytest.raises(ValidationError, match="不是 Excel 工作簿"):
        monthly_merge.merge([two_streets / "坏.xlsx"], out)
    (two_streets / "说明.txt").write_text("not excel", encoding="utf-8")
    with pytest.raises(ValidationError, match="说明.txt.*不是 Excel 工作簿"):
        monthly_merge.merge([two_streets / "说明.txt"], out)
    with pytest.raises(ValidationError, match="2026-11.*不是同一个月"):
        monthly_merge.merge([east], out, month="2026-11")
    assert not out.exists()


def test_tampered_file_is_reported(two_streets, capsys):
    wb = openpyxl.load_workbook(two_streets / "西街道.xlsx")
    ws = wb["关键指标"]
    for row in ws.iter_rows(min_row=2):
        if (row[0].value, row[1].value) == ("接诉即办（12345）", "受理工单"):
            row[2].value = 50
    wb.save(two_streets / "西街道.xlsx")
    out = two_streets / "区.xlsx"
    code = cli.main(["--json", "merge-monthly", str(two_streets / "东街道.xlsx"),
                     str(two_streets / "西街道.xlsx"), "-o", str(out)])
    data = json.loads(capsys.readouterr().out)
    assert code == 2 and data["mismatched"] == ["西街道.xlsx"]
    cover = _rows(out, "区级汇总封面")
    assert cover[7][0] == "西街道" and cover[7][4].startswith("不一致")


def test_cli_export_monthly_and_pdf(tmp_path, monkeypatch, capsys, cli_admin):
    db = tmp_path / "db.sqlite3"
    s = Store.open(db)
    seed(s, tmp_path, monkeypatch)
    s.close()
    cli_admin(db)
    out = tmp_path / "cli.xlsx"
    assert cli.main(["--db", str(db), "--json", "export", "monthly", "--month", "2026-10",
                     "-o", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sheets"][0] == "准入申请" and len(data["content_hash"]) == 64
    assert openpyxl.load_workbook(out).sheetnames[1] == "关键指标"
    assert cli.main(["--db", str(db), "export", "monthly", "--month", "2026-12",
                     "-o", str(tmp_path / "x.xlsx")]) == 1
    assert "还没有开始" in capsys.readouterr().err
    pdf = tmp_path / "m.pdf"
    assert cli.main(["--db", str(db), "export", "monthly-pdf", "--month", "2026-10",
                     "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_merge_reads_old_and_new_structure(two_streets):
    old = two_streets / V1_FILE.name
    shutil.copy(V1_FILE, old)
    assert openpyxl.load_workbook(old)["封面"]["B3"].value == "jiedao-monthly-1"
    out = two_streets / "区.xlsx"
    res = monthly_merge.merge([two_streets / "东街道.xlsx", old], out)
    assert res.mismatched == [] and [f.street for f in res.files] == ["东街道", "北街道"]
    # Both files give the same figures under the same codes, whatever their layout.
    new, v1 = res.files
    assert [r[:4] for r in new.sheets["关键指标"]] == [r[:4] for r in v1.sheets["关键指标"]]
    assert ["接诉即办（12345）", "hotline.resolution_rate", "解决率", 66.67, "%",
            "hotline.valid_visits"] in v1.sheets["关键指标"]
    summary = _rows(out, "各街道汇总")
    col = {h: i for i, h in enumerate(summary[0])}
    rec = col["接诉即办（12345）-受理工单(件)"]
    assert [r[rec] for r in summary[1:4]] == [4, 4, 8]
    assert "说明" not in openpyxl.load_workbook(out).sheetnames


def test_merge_refuses_new_structure_without_codes(two_streets):
    east = two_streets / "东街道.xlsx"
    wb = openpyxl.load_workbook(east)
    del wb["说明"]
    wb.save(two_streets / "无说明.xlsx")
    with pytest.raises(ValidationError, match="无说明.xlsx.*缺少“说明”"):
        monthly_merge.merge([two_streets / "无说明.xlsx"], two_streets / "区.xlsx")
    wb = openpyxl.load_workbook(east)
    wb["说明"]["B2"] = "别的指标"
    wb.save(two_streets / "缺代码.xlsx")
    with pytest.raises(ValidationError, match="缺代码.xlsx.*没有代码"):
        monthly_merge.merge([two_streets / "缺代码.xlsx"], two_streets / "区.xlsx")
    wb = openpyxl.load_workbook(east)
    wb["封面"]["B3"] = "jiedao-monthly-9"
    wb.save(two_streets / "新版.xlsx")
    with pytest.raises(ValidationError, match="新版.xlsx.*jiedao-monthly-9"):
        monthly_merge.merge([two_streets / "新版.xlsx"], two_streets / "区.xlsx")
    assert not (two_streets / "区.xlsx").exists()
