# SPDX-License-Identifier: MIT
"""接诉即办 page, 主动治理 tab: recurring claims and their export."""

import openpyxl
from PySide6.QtCore import Qt


def test_hotspots_tab_and_export(qtbot, store, actor, rated, open_page, tmp_path):
    page = open_page(actor)
    page.tabs.setCurrentWidget(page.hotspots)
    panel = page.hotspots
    assert (panel.first.text(), panel.last.text()) == ("2026-09", "2026-11")
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == "3"
    panel.min_count.setValue(4)
    qtbot.mouseClick(panel.query_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 0 and panel.status.text() == "共 0 组"
    panel.min_count.setValue(2)
    out = panel.export(str(tmp_path / "hot.xlsx"))
    rows = list(openpyxl.load_workbook(out)["高频诉求"].iter_rows(values_only=True))
    assert rows[1][:3] == (3, "市容环境", "和平里小区3号楼")
