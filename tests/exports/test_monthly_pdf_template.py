# SPDX-License-Identifier: MIT
"""Monthly summary PDF (text, embedded fonts) and filling a district template by a saved
mapping (CLI and core), on the seeded October 2026."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pypdfium2
import pytest

from jiedao_desk import cli
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, PermissionDenied, ValidationError
from jiedao_desk.domains.monthly import (
    mappings as monthly_mappings,
)
from jiedao_desk.domains.monthly import (
    pdf as monthly_pdf,
)
from jiedao_desk.domains.monthly import (
    report as monthly,
)
from jiedao_desk.domains.monthly import template as monthly_template
from jiedao_desk.store import Store
from tests.monthly_seed import ADMIN, seed

MAPPING = """
[cells]
"街道" = "月报!B1"
"月份" = "月报!D1"
"hotline.resolution_rate" = "月报!B2"
"access.received" = "月报!D2"

[rows."接诉即办"]
start = "月报!A4"
columns = ["单位", "受理量", "", "解决率(%)"]
"""


@pytest.fixture
def october(store, tmp_path, monkeypatch):
    return seed(store, tmp_path, monkeypatch)


def _template(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "月报"
    ws["A1"], ws["C1"], ws["A2"], ws["C2"] = "街道", "月份", "解决率", "准入收到"
    ws.append(["单位", "受理", "备注", "解决率"])
    ws["C4"] = "（区里备注）"
    wb.save(path)
    return path


def test_pdf_text_has_the_figures_and_fonts_are_embedded(store, october, tmp_path):
    out = tmp_path / "m.pdf"
    report, pages = monthly_pdf.export_pdf(store, ADMIN, "2026-10", out)
    pdf = pypdfium2.PdfDocument(str(out))
    assert len(pdf) == pages >= 2
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = text.replace("\r", "").replace("\n", "")
    for needle in ("测试街道办事处2026年10月月报摘要", "收到申请", "66.67", "96.67", "2,000.5",
                   "甲社区人民调解委员会", "测试证明乙", "主要件数：本月与上月", report.audit_head,
                   "110105********0012", "按纠纷类型和案件来源", "邻里纠纷", "当事人申请"):
        assert needle in text, needle
    assert "110105198001010012" not in text
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert lines and all(" yes " in line for line in lines)  # emb column


def test_pdf_needs_export_permission(store, october, tmp_path):
    with pytest.raises(PermissionDenied):
        monthly_pdf.export_pdf(store, Actor(9, "调解员", "mediator"), "2026-10",
                               tmp_path / "x.pdf")


def test_saved_mapping_fills_district_template(store, october, tmp_path):
    template = _template(tmp_path / "区模板.xlsx")
    monthly_mappings.save_mapping(store, ADMIN, "区2026版", MAPPING)
    out = tmp_path / "填好.xlsx"
    monthly_template.export_template(store, ADMIN, "2026-10", template, "区2026版", out)
    ws = openpyxl.load_workbook(out)["月报"]
    assert (ws["B1"].value, ws["D1"].value, ws["B2"].value, ws["D2"].value) == (
        "测试街道办事处", "2026-10", 66.67, 3)
    assert [ws.cell(r, 1).value for r in (4, 5, 6)] == ["甲社区", "乙社区", "全街道"]
    assert ws["B6"].value == 4 and ws["D6"].value == 66.67
    assert ws["C4"].value == "（区里备注）"  # a skipped column keeps the template's text
    assert openpyxl.load_workbook(template)["月报"]["B1"].value is None  # template unchanged


def test_mapping_validation_replace_and_cli(store, october, tmp_path, monkeypatch, capsys):
    with pytest.raises(ValidationError, match="不是月报数据"):
        monthly_mappings.save_mapping(store, ADMIN, "坏", '[cells]\nfoo = "A1"\n')
    with pytest.raises(ValidationError, match="应为该表的表头"):
        monthly_mappings.save_mapping(store, ADMIN, "坏", '[rows."接诉即办"]\nstart = "A1"\n'
                                      'columns = ["社区"]\n')
    with pytest.raises(ValidationError, match="无处可填"):
        monthly_mappings.save_mapping(store, ADMIN, "坏", "")
    first = monthly_mappings.save_mapping(store, ADMIN, "区2026版", MAPPING)
    second = monthly_mappings.save_mapping(store, ADMIN, "区2026版", MAPPING + "\n")
    assert first.id != second.id
    assert [m.id for m in monthly_mappings.list_mappings(store, ADMIN)] == [second.id]
    assert store.scalar("SELECT void_reason FROM monthly_mapping WHERE id = ?", (first.id,))
    with pytest.raises(NotFound):
        monthly_template.export_template(store, ADMIN, "2026-10", tmp_path / "t.xlsx", "无",
                                         tmp_path / "o.xlsx")


def test_cli_template_option(tmp_path, monkeypatch, capsys, cli_admin):
    db = tmp_path / "db.sqlite3"
    s = Store.open(db)
    seed(s, tmp_path, monkeypatch)
    s.close()
    cli_admin(db)
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    assert cli.main(["--db", str(db), "monthly-mapping", "save", "区版", str(
        tmp_path / "map.toml")]) == 0
    assert cli.main(["--db", str(db), "monthly-mapping", "list"]) == 0
    assert "区版" in capsys.readouterr().out
    out = tmp_path / "o.xlsx"
    assert cli.main(["--db", str(db), "export", "monthly", "--month", "2026-10", "-o", str(out),
                     "--template", str(_template(tmp_path / "t.xlsx")), "--mapping", "区版"]) == 0
    assert openpyxl.load_workbook(out)["月报"]["D2"].value == 3
    assert cli.main(["--db", str(db), "export", "monthly", "--month", "2026-10", "-o", str(out),
                     "--mapping", "区版"]) == 1
    assert "同时给出" in capsys.readouterr().err


def test_figure_codes_are_the_published_list(store, october):
    codes = [f.code for f in monthly.collect(store, ADMIN, "2026-10").figures()]
    assert tuple(codes) == monthly_mappings.FIGURE_CODES
