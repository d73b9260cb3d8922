# SPDX-License-Identifier: MIT
"""居民信息 page: 导入… (check first, then import), 导出台账…, 下载导入模板…."""

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core.backup import list_backups
from jiedao_desk.domains.org import service as org
from jiedao_desk.domains.residents import service as residents_core
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.domains.residents.pages import ResidentsPage
from jiedao_desk.ui.kit import saved
from jiedao_desk.ui.kit.import_dialog import ImportDialog

HEADER = ["社区", "姓名", "身份证号", "电话", "住址"]
GOOD_ID = "110105200003030037"
BAD_ID = "110105200003030038"  # wrong check digit


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _count(store):
    return residents_store.list_source(store).count()


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.append(text))
    # a written file is announced by the box that offers to open it
    monkeypatch.setattr(saved, "offer_open",
                        lambda parent, path, title="", text="": shown.append(f"{text}\n{path}"))
    return shown


@pytest.fixture
def community(file_store):
    return org.add_community(file_store, SYSTEM, "甲社区", "001")


def test_a_bad_row_shows_the_error_and_writes_nothing(file_store, community, qtbot,
                                                      tmp_path, monkeypatch):
    path = _xlsx(tmp_path / "居民.xlsx", [["甲社区", "张三", GOOD_ID, "13800138000", "一号楼"],
                                         ["甲社区", "李四", BAD_ID, "", "二号楼"]])
    dialog = ImportDialog(file_store, SYSTEM, registry.import_spec("residents"))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)  # chooses and checks
    qtbot.waitUntil(lambda: dialog.errors_table.rowCount() > 0, timeout=10_000)
    table = dialog.errors_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(2)] == ["3", "身份证号"]
    assert table.item(0, 2).text() == "身份证号校验位不正确，请核对最后一位。"
    assert "1 处问题" in dialog.summary.text() and "未导入" in dialog.summary.text()
    report = tmp_path / "居民.错误报告.xlsx"
    assert report.exists() and str(report) in dialog.report_label.text()
    assert not dialog.import_button.isEnabled()
    assert _count(file_store) == 0


def test_a_good_file_imports_after_the_check(file_store, community, qtbot, tmp_path,
                                             messages):
    path = _xlsx(tmp_path / "居民.xlsx", [["甲社区", "张三", GOOD_ID, "13800138000", "一号楼"],
                                         ["001", "李四", None, None, "二号楼"]])
    dialog = ImportDialog(file_store, SYSTEM, registry.import_spec("residents"))
    qtbot.addWidget(dialog)
    dialog.set_file(path)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    assert "2 行可以导入" in dialog.summary.text()
    assert not dialog.errors_table.isVisible() and dialog.errors_table.rowCount() == 0
    assert _count(file_store) == 0  # the check wrote nothing
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.import_result.imported == 2 and _count(file_store) == 2
    assert "已导入 2 条" in messages[-1]
    assert [b.kind for b in list_backups(file_store, SYSTEM)] == ["pre_import"]


def test_import_from_the_residents_page_refreshes_the_list(file_store, community, qtbot,
                                                           tmp_path, monkeypatch, messages):
    path = _xlsx(tmp_path / "r.xlsx", [["甲社区", "王五", None, None, "三号楼"]])
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    page = ResidentsPage(file_store, SYSTEM)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0

    def drive():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportDialog):
            QTimer.singleShot(10, drive)
            return
        if not dialog.path_edit.text():
            dialog.choose_button.click()  # the check starts on the worker
        if dialog.import_button.isEnabled():
            dialog.import_button.click()
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    assert page.model.row_values(0)["name"] == "王五"


def test_export_writes_what_the_filtered_list_shows(file_store, qtbot, tmp_path,
                                                    monkeypatch, messages):
    a = org.add_community(file_store, SYSTEM, "甲社区", "001")
    b = org.add_community(file_store, SYSTEM, "乙社区", "002")
    for i, name in enumerate(["张一", "张二", "李三"]):
        residents_core.add_resident(file_store, SYSTEM, a.id, name, address=f"{i}号楼")
    for name in ["张四", "王五"]:
        residents_core.add_resident(file_store, SYSTEM, b.id, name)
    page = ResidentsPage(file_store, SYSTEM)
    qtbot.addWidget(page)
    page.community.setCurrentIndex(page.community.findData(a.id))
    page.search.setText("张")
    page.apply_search()
    assert page.model.rowCount() == 2
    target = tmp_path / "台账"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    out = tmp_path / "台账.xlsx"
    ws = openpyxl.load_workbook(out).active
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True)]
    assert len(rows) == page.model.rowCount() == 2
    assert sorted(r[0] for r in rows) == ["张一", "张二"]
    headers = [c.value for c in ws[2]]
    assert "社区编号" not in headers and "姓名" in headers  # hidden column not exported


def test_download_template(file_store, qtbot, tmp_path, monkeypatch, messages):
    page = ResidentsPage(file_store, SYSTEM)
    qtbot.addWidget(page)
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(page.template_button, Qt.MouseButton.LeftButton)
    wb = openpyxl.load_workbook(target)
    assert [c.value for c in wb.worksheets[0][1]][:2] == ["社区", "姓名"]
    assert "说明" in wb.sheetnames
    assert str(target) in messages[-1]


def test_every_list_view_offers_ledger_export(qtbot, file_store, monkeypatch, tmp_path):
    """The context-menu action on a windowed list exports exactly what the view shows."""
    import openpyxl
    from PySide6.QtWidgets import QTableView

    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.domains.org import service as org
    from jiedao_desk.domains.residents import service as residents_core
    from jiedao_desk.ui.kit import ledger_export, tasks
    from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view, export_action

    c = org.add_community(file_store, SYSTEM, "甲社区", "001")
    for name in ("张喆", "王堃", "李镕"):
        residents_core.add_resident(file_store, SYSTEM, c.id, name)
    model = WindowedTableModel(residents_core.list_source(file_store, SYSTEM))
    view = QTableView()
    qtbot.addWidget(view)
    configure_view(view, model, ledger_title="测试台账")
    assert export_action(view) is None  # no signed-in user, no export (it is audited)
    view = QTableView()
    qtbot.addWidget(view)
    configure_view(view, model, ledger_title="测试台账", actor=SYSTEM)
    view.setColumnHidden(1, True)
    model.set_search("王")
    out = tmp_path / "out.xlsx"
    shown = []
    monkeypatch.setattr(saved, "offer_open", lambda *a, **k: shown.append(a[3]))
    real = ledger_export.export_list
    monkeypatch.setattr(ledger_export, "export_list",
                        lambda parent, source, title, actor, hidden=(): real(
                            parent, source, title, actor, hidden=hidden, path=out))
    action = export_action(view)
    assert action is not None
    action.trigger()
    tasks.wait_idle()
    qtbot.waitUntil(lambda: out.exists() and bool(shown), timeout=10_000)
    ws = openpyxl.load_workbook(out).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "王堃" in values and "张喆" not in values and "性别" not in values
    assert "已导出 1 行" in shown[0]
