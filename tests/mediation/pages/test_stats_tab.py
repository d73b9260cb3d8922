# SPDX-License-Identifier: MIT
"""人民调解 page, 月度统计 tab: the month's figures on screen and as a sheet."""

from __future__ import annotations

import openpyxl

from jiedao_desk.domains.mediation import cases as mediation
from tests.mediation.pages.helpers import MEDIATOR, open_page


def test_statistics_tab(page, store):
    case = mediation.register_case(store, MEDIATOR, community_id=None, source="own_initiative",
                                   dispute_type="物业纠纷", summary="s",
                                   parties=[{"role": "applicant", "name": "甲"},
                                            {"role": "respondent", "name": "乙"}])
    mediation.accept(store, MEDIATOR, case.id)
    tab = page.stats_tab
    tab.load_stats()
    assert tab.stats.rowCount() == 2
    assert tab.stats.item(0, 0).text() == "街道人民调解委员会"
    assert tab.stats.item(1, 1).text() == "1"


def test_statistics_sheet_export(seeded, qtbot, tmp_path):
    store, _case = seeded
    page = open_page(store, qtbot)
    out = page.stats_tab.export_xlsx(tmp_path / "stats.xlsx")
    ws = openpyxl.load_workbook(out).active
    rows = [r for r in ws.iter_rows(values_only=True)]
    assert rows[2][0] == "和平里社区人民调解委员会" and rows[2][1] == 1
