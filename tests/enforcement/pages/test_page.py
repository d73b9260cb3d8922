# SPDX-License-Identifier: MIT
"""The 综合执法 page driven like an officer: a whole 一般程序 case from lead to archive and a
简易程序 case, through the page's buttons, menus and dialogs; the store is checked after
each step."""

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt

from jiedao_desk.core import catalog, documents
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision, execution, required_documents
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.model import ENTITY
from jiedao_desk.domains.enforcement.pages import EnforcementPage
from tests.enforcement.pages.helpers import (
    OFFICERS,
    PERSON_ID,
    fill,
    ime,
    ok,
    open_page,
    seed,
    step,
)


@pytest.fixture
def page(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    p = EnforcementPage(store, actor)
    qtbot.addWidget(p)
    p.show()  # the page refreshes from change notices while it is shown
    return p


def issue(qtbot, page, kind, **extra):
    page.detail.doc_actions[kind].trigger()
    dlg = page.detail.doc_dialog
    qtbot.addWidget(dlg)
    for key, value in extra.items():
        dlg.add_field(key).setText(value)
    qtbot.mouseClick(dlg.buttons.button(dlg.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    if page.detail.preview is not None:
        page.detail.preview.close()
    return dlg


def test_whole_general_case(qtbot, qtmodeltester, store, page, errors, district):
    qtmodeltester.check(page.model)
    assert "听证门槛（较大数额罚款）未设置" in page.warning.text()

    # 线索
    page.lead_button.click()
    dlg = page.detail.step_dialog
    qtbot.addWidget(dlg)
    fill(dlg, source="hotline", act_on="2026-11-10", place="示例路9号", description="店外经营")
    ok(qtbot, dlg)
    assert errors == [] and not dlg.isVisible()
    cid = page.case_id
    row = es.get_case(store, cid)
    assert (row.state, row.source, row.place, row.act_on) == (
        "lead", "hotline", "示例路9号", dt.date(2026, 11, 10))
    assert page.model.rowCount() == 1 and page.model.id_at(0) == cid
    assert not page.detail.step_actions["decide"].isEnabled()
    _file_to_payment(qtbot, store, page, errors, cid)
    _close_and_archive(qtbot, store, page, errors, cid)


def _file_to_payment(qtbot, store, page, errors, cid):
    """立案, a party, a record, 事先告知, the decision, its service and the payment."""
    # 立案 with the power chosen in the dialog
    dlg = step(qtbot, page, "file", approved_by="王队长")
    row = es.get_case(store, cid)
    assert row.state == "filed" and row.filed_approved_by == "王队长"
    assert row.power_item_id == dlg.values()["power"]
    clocks = [page.detail.clocks.item(r, 0).text() for r in range(page.detail.clocks.rowCount())]
    assert "立案后作出处罚决定" in clocks
    assert page.detail.clocks.item(0, 0).data(Qt.ItemDataRole.UserRole) == "green"

    # 当事人, 现场检查笔录 with two officers
    step(qtbot, page, "party", kind="person", name="赵某", id_number=PERSON_ID,
         address="示例路9号")
    assert [p.id_number for p in es.parties(store, cid)] == [PERSON_ID]
    assert page.detail.parties.item(0, 1).text() == "赵某"
    dlg = step(qtbot, page, "inspection", officers=OFFICERS, summary="店外摆放货架经营",
               start="10:15", end="09:40")
    assert "结束时间（09:40）须晚于起始时间（10:15）" in errors[-1] and dlg.isVisible()
    fill(dlg, end="10:40")
    ok(qtbot, dlg)
    errors.clear()
    rec = es.events(store, cid, "inspection")[0]
    assert (rec.details["start"], rec.details["end"]) == ("10:15", "10:40")
    assert [o.cert_no for o in rec.officers] == ["11010001", "11010002"]
    assert page.detail.last_officers == OFFICERS

    # 事先告知 (hearing rights explicitly not told) and its service
    step(qtbot, page, "notice", fine="500", facts="店外经营", basis="《某条例》",
         penalty_basis="《某条例》第二十条", hearing="no")
    assert es.get_case(store, cid).state == "notified"
    step(qtbot, page, "serve", what="prior_notice", method="direct", receiver="赵某")
    # 决定 the same day: refused while the 陈述申辩 period runs (Art. 62), allowed once the
    # party's signed waiver is recorded.
    dlg = step(qtbot, page, "decide", fine="500", text="罚款伍佰元")
    assert "陈述申辩期限至 11月26日，届满前不能作出决定" in errors.pop() and dlg.isVisible()
    dlg.reject()
    step(qtbot, page, "statement_waiver", signed="当事人签名的放弃陈述申辩声明")
    step(qtbot, page, "decide", fine="500", text="罚款伍佰元")
    row = es.get_case(store, cid)
    assert (row.state, row.fine_fen) == ("decided", 50000)
    step(qtbot, page, "serve", what="decision", method="direct", receiver="赵某")
    assert es.get_case(store, cid).served_on == dt.date(2026, 11, 23)
    step(qtbot, page, "pay", amount="500")
    assert es.get_case(store, cid).paid_fen == 50000
    assert "未逾期" in page.detail.message.text()
    assert errors == []


def _close_and_archive(qtbot, store, page, errors, cid):
    """结案 once the required documents are issued from the menu, the dossier, 归档."""
    # Closing is refused while required documents are missing: the dialog stays open.
    dlg = step(qtbot, page, "close", approved_by="王队长", result="已缴纳罚款")
    assert errors and "缺少必备文书" in errors[-1] and dlg.isVisible()
    assert es.get_case(store, cid).state == "decided"
    dlg.reject()

    # Issue every missing required document from the 出具文书 menu (kinds come from KINDS).
    page.detail.doc_menu.aboutToShow.emit()
    assert set(page.detail.doc_actions) == set(edocs.KINDS)
    for req in required_documents.missing_documents(store, cid):
        kind = next(k for k in req.kinds if k in edocs.KINDS)
        issue(qtbot, page, kind, requirement="停止店外经营", deadline="2026-11-30")
    assert required_documents.missing_documents(store, cid) == []
    assert page.detail.docs.rowCount() == len(documents.list_documents(store, ENTITY, cid))

    errors.clear()
    step(qtbot, page, "close", approved_by="王队长", result="已缴纳罚款")
    assert errors == [] and es.get_case(store, cid).state == "closed"
    assert page.model.row_values(0)["state_text"] == "已结案"

    # Dossier with its completeness result, then 归档 (after the 结案审批表 if required).
    for req in required_documents.missing_documents(store, cid, for_archive=True):
        issue(qtbot, page, next(k for k in req.kinds if k in edocs.KINDS))
    dossier = page.detail.open_dossier()
    qtbot.addWidget(dossier)
    assert dossier.missing == [] and "齐全" in dossier.result_label.text()
    assert dossier.pdf.startswith(b"%PDF")
    step(qtbot, page, "archive")
    row = es.get_case(store, cid)
    assert row.state == "archived" and row.archive_no == "20260001"
    assert "20260001" in page.detail.header.text()
    # Only 公示 (record, withdraw, void, rule) may still be recorded for an archived case.
    assert {k for k, a in page.detail.step_actions.items() if a.isEnabled()} <= {
        "publication", "publish_withdraw", "publish_void", "publish_rule"}


def test_simple_procedure_case(qtbot, store, page, errors):
    page.simple_button.click()
    dlg = page.detail.step_dialog
    qtbot.addWidget(dlg)
    values = dict(place="示例路3号", facts="随地乱丢废弃物", kind="person", name="钱某",
                  id_number=PERSON_ID, fine="300", paper_number="NO0001", officers=OFFICERS,
                  address="示例路3号",
                  basis="《北京市市容环境卫生条例》第十七条",
                  penalty_basis="《北京市市容环境卫生条例》第五十条第一款")
    fill(dlg, **values)
    ok(qtbot, dlg)
    # Art. 51: over 200 yuan for a person is refused, in Chinese, nothing written.
    assert errors and "当场处罚的罚款上限" in errors[-1] and dlg.isVisible()
    assert es.list_cases(store) == []
    fill(dlg, fine="50")
    ok(qtbot, dlg)
    cid = page.case_id
    row = es.get_case(store, cid)
    assert (row.procedure, row.state, row.fine_fen, row.paper_number) == (
        "simple", "decided", 5000, "NO0001")
    assert page.model.row_values(0)["procedure_text"] == "简易程序"
    step(qtbot, page, "pay", amount="50")
    step(qtbot, page, "close", approved_by="王队长", result="当场缴纳")
    assert es.get_case(store, cid).state == "closed"

    # Filters: by procedure and state.
    page.procedure.setCurrentIndex(page.procedure.findData("general"))
    assert page.model.rowCount() == 0
    page.procedure.setCurrentIndex(page.procedure.findData("simple"))
    page.state.setCurrentIndex(page.state.findData("closed"))
    assert page.model.rowCount() == 1 and page.count_label.text() == "共 1 件"


# -- the list: search box and month ---------------------------------------------------------
@pytest.fixture
def three_cases(qtbot, store, actor):
    catalog.load_builtin(store, actor)
    power = enf.power_choices(store)[0][0].item_id
    ids = {}
    ids["sept"] = enf.register_lead(store, actor, "patrol", "2026-09-25", "示例路1号",
                                    "占道摆摊").case_id
    ids["filed_oct"] = enf.register_lead(store, actor, "report", "2026-09-28", "示例路2号",
                                         "乱堆物料").case_id
    enf.file_case(store, actor, ids["filed_oct"], "2026-10-08", "王队长", power)
    ids["oct"] = enf.register_lead(store, actor, "patrol", "2026-10-12", "示例路3号",
                                   "夜间施工").case_id
    enf.add_party(store, actor, ids["oct"], "person", "孙某某", "11010519491231002X")
    p = EnforcementPage(store, actor)
    qtbot.addWidget(p)
    p.show()
    p.ids = ids
    return p


def listed(page):
    return [page.model.id_at(r) for r in range(page.model.rowCount())]


def test_search_box(qtbot, three_cases):
    page = three_cases
    ime(page.search, "孙某某")
    assert listed(page) == [page.ids["oct"], page.ids["filed_oct"], page.ids["sept"]]
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # applied on Enter
    assert listed(page) == [page.ids["oct"]]
    assert page.count_label.text() == "共 1 件（搜索“孙某某”）"
    page.search.clear()  # the ✕ button: everything again
    assert len(listed(page)) == 3 and page.count_label.text() == "共 3 件"
    ime(page.search, "示例路1号")
    page.search_button.click()
    assert listed(page) == [page.ids["sept"]]
    # a lead is found by the number the list shows it under
    row = listed(page).index(page.ids["sept"])
    shown = page.model.index(row, 0).data()
    assert shown == f"线索第{page.ids['sept']}号"
    page.search.clear()
    ime(page.search, shown)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert listed(page) == [page.ids["sept"]]


def test_show_month_and_clear(qtbot, three_cases, errors):
    page = three_cases
    page.tabs.setCurrentIndex(1)  # on the statistics tab: the list comes to the front
    assert page.show_month("2026-10")
    assert page.tabs.currentIndex() == 0
    # Found in October only (as 当月发现案件 counts): the case found in September and filed
    # in October is not listed.
    assert listed(page) == [page.ids["oct"]]
    assert not page.month_button.isHidden() and "2026-10" in page.month_button.text()
    assert page.count_label.text() == "共 1 件"
    assert page.show_month("2026-09")
    assert listed(page) == [page.ids["filed_oct"], page.ids["sept"]]
    page.state.setCurrentIndex(page.state.findData("filed"))  # filters combine
    assert listed(page) == [page.ids["filed_oct"]]
    page.state.setCurrentIndex(0)
    assert not page.show_month("2026年10月") and "2026-10 这样" in errors[-1]
    assert len(listed(page)) == 2  # unchanged by the bad month
    page.month_button.click()
    assert len(listed(page)) == 3 and page.month_button.isHidden()


# -- statistics and the 台账 ------------------------------------------------------------------
def test_statistics_tab_for_a_month(qtbot, store, actor):
    cid = seed(store, actor)
    decision.prior_notice(store, actor, cid, "2026-10-09", 200, "事实", "依据", hearing=False,
                          penalty_basis="《测试条例》第二十条")
    execution.serve(store, actor, cid, "prior_notice", "direct", "2026-10-09", receiver="赵某")
    decision.decide(store, actor, cid, "2026-10-14", 200, "罚款")
    page = open_page(qtbot, store, actor, cid)
    stats = page.stats
    stats.year.setValue(2026)
    stats.month.setCurrentIndex(stats.month.findData(9))
    stats.run_button.click()
    assert stats.result.by_source == {"巡查发现": 1}
    assert stats.by_source.item(0, 0).text() == "巡查发现"
    assert "决定罚款 0.00 元" in stats.fines.text()
    stats.month.setCurrentIndex(stats.month.findData(10))
    stats.run_button.click()
    assert stats.by_source.item(0, 0).text() == "（无）"
    assert "决定罚款 200.00 元" in stats.fines.text()


def test_ledger_export(qtbot, file_store, actor, tmp_path):
    cid = seed(file_store, actor)
    page = open_page(qtbot, file_store, actor, cid)
    target = tmp_path / "台账.xlsx"
    done = []
    page.state.setCurrentIndex(page.state.findData("filed"))
    task = page.export_ledger(path=target, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert task is not None and done == [1]
    ws = openpyxl.load_workbook(target).active
    assert ws.max_row == 3  # title, header, the one case
    header, values = [c.value for c in ws[2]], [c.value for c in ws[3]]
    assert "状态代码" not in header and header[:2] == ["案件编号", "状态"]
    assert "已立案（调查中）" in values and "巡查发现" in values and "赵某" in values
