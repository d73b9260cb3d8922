# SPDX-License-Identifier: MIT
"""证明开具 page: the 目录 in force, the live check, issuing, refusing and voiding from the form."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from stdnum.cn import ric

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.domains.certificates import service as certificates
from jiedao_desk.domains.certificates.pages import CertificatesPage
from jiedao_desk.ui.kit import forms
from jiedao_desk.ui.kit.preview import PreviewDialog

ID = "11010519800101001" + ric.calc_check_digit("11010519800101001" + "0")


def import_test_catalog(store, tmp_path, label, start, *texts):
    """TEST DATA ONLY: a made-up 目录 version (the real Beijing annex is not public)."""
    items = "".join(f'\n[[items]]\nseq = {i + 1}\ntext = "{t}"\n' for i, t in enumerate(texts))
    path = tmp_path / f"{label}.toml"
    path.write_text(f'''[catalog]
key = "certificate_catalog"
title = "社区开具证明目录"
[version]
label = "{label}"
effective_from = "{start}"
confidence = "secondary"
notes = "测试数据，不是正式目录。"
{items}''', encoding="utf-8")
    catalog.import_version(store, Actor(None, "管理员", "admin"), path)


def ime(widget, text):
    """Type Chinese text as an input method commits it (QTest.keyClicks is ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def on_modal(kind, handler):
    """Run ``handler(widget)`` on the next modal widget of class ``kind``."""
    seen = {}

    def poll():
        w = QApplication.activeModalWidget()
        if not isinstance(w, kind):
            QTimer.singleShot(10, poll)
            return
        seen["widget"] = w
        seen["text"] = w.text() if isinstance(w, QMessageBox) else w.windowTitle()
        handler(w)

    QTimer.singleShot(0, poll)
    return seen


def make_page(qtbot, store, actor):
    page = CertificatesPage(store, actor)
    qtbot.addWidget(page)
    page.show()
    return page


def test_empty_catalog_shows_amber_warning_and_blocks(qtbot, store, actor, make_community):
    catalog.load_builtin(store, actor)
    make_community("甲社区")
    page = make_page(qtbot, store, actor)
    assert "2019-12" in page.catalog_label.text() and "未知" in page.catalog_label.text()
    assert page.warning.isVisible() and "没有条目" in page.warning.text()
    assert "参考目录" in page.warning.text()
    assert not page.item.isEnabled() and page.item.count() == 1  # no invented items
    assert "不能开具" in page.check_label.text() and not page.issue_button.isEnabled()
    ime(page.matter, "无犯罪记录证明")
    assert page.check_label.text().startswith("不应出具：无犯罪记录证明")
    ime(page.name, "张喆")
    seen = on_modal(PreviewDialog, lambda d: d.reject())
    qtbot.mouseClick(page.refuse_button, Qt.MouseButton.LeftButton)
    assert "不予出具证明告知书" in seen["text"]
    row = store.row("SELECT * FROM certificate")
    assert (row["outcome"], row["deny_text"], row["applicant_name"]) == \
        ("refused", "无犯罪记录证明", "张喆")
    assert page.model.rowCount() == 1 and "不予出具 1" in page.counts_label.text()


def test_issue_from_the_form_then_void(qtbot, store, actor, make_community, tmp_path,
                                       qtmodeltester, monkeypatch):
    catalog.load_builtin(store, actor)
    import_test_catalog(store, tmp_path, "测试B", "2026-07-01", "测试证明乙")
    make_community("甲社区")
    page = make_page(qtbot, store, actor)
    assert "测试B" in page.catalog_label.text()
    assert "二手来源" in page.warning.text()  # not an exact text: check before printing
    page.item.setCurrentIndex(page.item.findData(1))
    assert page.check_label.text().startswith("可以开具")
    ime(page.name, "张喆")
    qtbot.keyClicks(page.id_number, ID)
    ime(page.purpose, "办理婚姻状况登记")  # resembles 婚姻状况证明 on the negative list
    assert page.confirm.isVisible() and "婚姻状况证明" in page.check_label.text()
    seen = on_modal(QMessageBox, lambda box: box.accept())
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    assert "婚姻状况证明" in seen["text"]
    assert store.scalar("SELECT COUNT(*) FROM certificate") == 0
    page.confirm.setChecked(True)
    seen = on_modal(PreviewDialog, lambda d: d.reject())
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    assert seen["text"].endswith("社证〔2026〕1号")
    cert = certificates.get_certificate(store, actor, 1)
    assert (cert.applicant_name, cert.item_text, cert.outcome) == ("张喆", "测试证明乙", "issued")
    assert page.name.text() == "" and page.model.rowCount() == 1
    qtmodeltester.check(page.model)

    page.view.selectRow(0)
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "信息有误")
    qtbot.mouseClick(page.void_button, Qt.MouseButton.LeftButton)
    assert certificates.get_certificate(store, actor, 1).voided
    assert page.model.row_values(0)["state_text"] == "已作废"


def test_community_worker_sees_only_own_community(qtbot, store, actor, make_community,
                                                  tmp_path):
    catalog.load_builtin(store, actor)
    import_test_catalog(store, tmp_path, "测试B", "2026-07-01", "测试证明乙")
    a, b = make_community("甲社区"), make_community("乙社区")
    certificates.issue_certificate(store, actor, b.id, item_seq=1, name="李四", id_number=ID,
                                   purpose="入学")
    page = make_page(qtbot, store, Actor(5, "社工", "community_worker", a.id))
    assert [page.community.itemText(i) for i in range(page.community.count())] == ["甲社区"]
    assert page.model.rowCount() == 0


def test_sample_catalogue_is_usable_and_says_it_is_a_sample(qtbot, store, actor, make_community):
    from jiedao_desk.core import catalog_samples

    catalog.load_builtin(store, actor)
    catalog_samples.load_samples(store, actor)
    make_community("甲社区")
    page = make_page(qtbot, store, actor)
    assert "【示例】社区开具证明目录" in page.catalog_label.text()
    assert page.warning.isVisible() and page.warning.text().startswith("【示例】")
    assert "不具有证明效力" in page.warning.text()
    assert page.item.isEnabled() and page.item.itemText(1).startswith("1. 【示例】")
    page.item.setCurrentIndex(page.item.findData(1))
    assert page.check_label.text().startswith("可以开具")
