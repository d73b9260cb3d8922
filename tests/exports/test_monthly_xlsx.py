# SPDX-License-Identifier: MIT
"""The monthly workbook on a seeded October 2026: sheets, headers, numbers, masking, hash."""

from __future__ import annotations

import openpyxl
import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied, ValidationError
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.domains.monthly import workbook as monthly_xlsx
from jiedao_desk.store import audit
from tests.monthly_seed import ADMIN, ID_IN_MATTER, seed


@pytest.fixture
def october(store, tmp_path, monkeypatch):
    return seed(store, tmp_path, monkeypatch)


def _sheet(wb, name):
    return [list(r) for r in wb[name].iter_rows(values_only=True)]


def test_workbook_sheets_headers_and_numbers(store, october, tmp_path):
    head = audit.head(store)[1]
    out = tmp_path / "m.xlsx"
    report, digest = monthly_xlsx.export_monthly(store, ADMIN, "2026-10", out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["封面", "关键指标", "准入申请", "证明开具", "报表报送", "人民调解",
                             "人民调解分类", "综合执法", "接诉即办", "说明"]
    cover = {r[0]: r[1] for r in _sheet(wb, "封面") if r[0]}
    assert cover["街道"] == "测试街道办事处" and cover["月份"] == "2026-10"
    assert cover["数据期间"] == "2026-10-01 至 2026-10-31"
    assert cover["审计链头哈希"] == head and cover["数据校验值"] == digest
    assert cover["生成人"] == "街道管理员" and cover["结构版本"] == monthly.STRUCTURE
    access = _sheet(wb, "准入申请")
    assert access[0] == ["分类", "名称", "收到", "准入", "不予准入", "待决定", "超期未决定"]
    assert ["合计", "合计", 3, 1, 1, 1, 0] in access
    assert ["申请单位", "区民政局", 1, 0, 1, 0, 0] in access
    assert ["出具", "测试证明乙", 2] in _sheet(wb, "证明开具")
    assert _sheet(wb, "报表报送")[1:] == [["测试月报", "2026-10", "甲社区", "已报送"],
                                       ["测试月报", "2026-10", "乙社区", "未填报"]]
    med = _sheet(wb, "人民调解")
    assert med[0][:4] == ["调委会", "受理(件)", "调解成功(件)", "成功率(%)"]
    assert med[-1][:4] == ["合计", 2, 1, 50] and med[-1][7] == 2000.5
    kinds = _sheet(wb, "人民调解分类")
    assert kinds[0] == ["调委会", "分类方式", "类别", "受理(件)"]
    assert ["合计", "纠纷类型", "邻里纠纷", 2] in kinds
    assert ["合计", "案件来源", "当事人申请", 2] in kinds
    enf = _sheet(wb, "综合执法")
    assert ["罚款", "当月决定罚款(元)", 50] in enf and ["案件来源", "巡查发现", 1] in enf
    hot = _sheet(wb, "接诉即办")
    assert hot[-1][:4] == ["全街道", 4, 4, 3] and hot[-1][10] == 66.67
    # Structure 2: the printed key figures carry Chinese names only (the weight base too) ...
    figures = _sheet(wb, "关键指标")
    assert figures[0] == ["领域", "指标", "数值", "单位", "加权依据"]
    assert ["接诉即办（12345）", "解决率", 66.67, "%", "有效回访"] in figures
    assert not any("." in str(v) for r in figures for v in r if isinstance(v, str))
    # ... and the codes for the district's programs are on 说明, one row per figure.
    codes = _sheet(wb, "说明")
    assert codes[0] == ["领域", "指标", "指标代码", "加权依据代码"]
    assert ["接诉即办（12345）", "解决率", "hotline.resolution_rate",
            "hotline.valid_visits"] in codes
    assert len(codes) == len(figures)
    code_of = {(r[0], r[1]): r[2] for r in codes[1:]}
    figs = {code_of[(r[0], r[1])]: r[2] for r in figures[1:]}
    assert figs["access.received"] == 3 and figs["certificate.issued"] == 2
    assert figs["forms.submitted"] == 1 and figs["mediation.success_rate"] == 50
    assert figs["hotline.resolution_rate"] == 66.67 and figs["enforcement.cases"] == 2
    # The export itself is audited with the hash that was written.
    last = store.row("SELECT action, after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last["action"] == "monthly.export" and digest in last["after_json"]


def test_id_numbers_masked_everywhere(store, october, tmp_path):
    out = tmp_path / "m.xlsx"
    monthly_xlsx.export_monthly(store, ADMIN, "2026-10", out)
    wb = openpyxl.load_workbook(out)
    texts = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v]
    assert not any(ID_IN_MATTER in t for t in texts)
    assert "110105********0012居住情况证明" in texts
    assert monthly.mask_text("号码11010519800101001X。") == "号码110105********001X。"
    assert monthly.mask_text("电话13800138000") == "电话13800138000"  # 11 digits: not an ID


def test_hash_matches_file_and_detects_edit(store, october, tmp_path):
    out = tmp_path / "m.xlsx"
    _, digest = monthly_xlsx.export_monthly(store, ADMIN, "2026-10", out)
    wb = openpyxl.load_workbook(out)
    data = [ws for ws in wb.worksheets if ws.title != "封面"]
    assert monthly_xlsx.content_hash(data) == digest
    wb["准入申请"]["C2"] = 99
    assert monthly_xlsx.content_hash(data) != digest


def test_permissions_and_bad_month(store, october, tmp_path):
    # Street staff send the report: they get every domain's counts (mediation and
    # enforcement as aggregate figures only, through the *.stats permissions).
    staff = Actor(5, "科室王", "street_staff")
    report = monthly.collect(store, staff, "2026-10")
    assert [d.spec.key for d in report.domains] == ["access", "certificate", "forms",
                                                    "mediation", "mediation_kinds",
                                                    "enforcement", "hotline"]
    assert report.omitted == []
    assert report.value("mediation.accepted") == monthly.collect(
        store, ADMIN, "2026-10").value("mediation.accepted")
    worker = Actor(7, "社区李", "community_worker", 1)
    assert monthly.collect(store, worker, "2026-10").omitted == [
        "人民调解", "人民调解（按类型、来源）", "综合行政执法"]
    out = tmp_path / "s.xlsx"
    monthly_xlsx.export_monthly(store, staff, "2026-10", out)
    cover = {r[0]: r[1] for r in _sheet(openpyxl.load_workbook(out), "封面") if r[0]}
    assert cover.get("未包含（无查看权限）") in (None, "", "无")
    with pytest.raises(PermissionDenied):
        monthly_xlsx.export_monthly(store, Actor(6, "调解员", "mediator"), "2026-10",
                                    tmp_path / "x.xlsx")
    for bad in ("2026-13", "2026-12", "十月"):
        with pytest.raises(ValidationError):
            monthly_xlsx.export_monthly(store, ADMIN, bad, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
