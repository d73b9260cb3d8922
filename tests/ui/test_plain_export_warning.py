# SPDX-License-Identifier: MIT
"""Exporting personal data out of an encrypted database: the user is told once per export
that the file written is not encrypted, may cancel (nothing written, nothing audited), and
the export's audit row says a plain copy left; a plain database asks nothing."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from jiedao_desk.core import auth, encryption
from jiedao_desk.domains.residents import service as residents
from jiedao_desk.store import Store, crypt
from jiedao_desk.ui.kit import ledger_export, widgets
from jiedao_desk.ui.kit.preview import PreviewDialog

PASSWORD = "Kx9#mQ2!vL7pZr"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


def _office(tmp_path, encrypted: bool):
    store = Store.open(tmp_path / "d" / "jiedao-desk.sqlite3")
    auth.create_first_admin(store, "boss", "王主任", PASSWORD)
    admin = auth.authenticate(store, "boss", PASSWORD)
    if encrypted:
        encryption.enable(store, admin, PASSWORD)
    return store, admin


def _answer(button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the message box that is about to open."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()

    QTimer.singleShot(0, click)


def _exports(store) -> list[dict]:
    return [json.loads(r["after_json"]) for r in store.rows(
        "SELECT after_json FROM audit_log WHERE action = 'personal_data.output'")]


def test_export_from_an_encrypted_database_warns_once_and_is_audited(qtbot, tmp_path):
    store, admin = _office(tmp_path, encrypted=True)
    source = residents.list_source(store, admin)
    target = tmp_path / "ledger.xlsx"
    seen: list[str] = []
    _answer("取消", seen)
    assert ledger_export.export_list(None, source, "居民信息台账", admin, path=target) is None
    assert len(seen) == 1 and "不加密" in seen[0] and "居民信息台账" in seen[0]
    assert not target.exists() and _exports(store) == []

    _answer("继续导出", seen)
    task = ledger_export.export_list(None, source, "居民信息台账", admin, path=target,
                                     on_done=lambda rows: None)
    assert task is not None
    qtbot.waitUntil(lambda: not task.running, timeout=30_000)
    assert task.error is None and target.exists() and len(seen) == 2  # asked once
    rows = _exports(store)
    assert len(rows) == 1 and rows[0]["plain_copy"] is True
    store.close()


def test_a_plain_database_asks_nothing(qtbot, tmp_path, monkeypatch):
    store, admin = _office(tmp_path, encrypted=False)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("asked"))
    assert widgets.confirm_plain_export(None, "居民信息台账", store)
    assert not crypt.any_unlocked()
    store.close()


def test_saving_a_previewed_pdf_warns_when_a_database_is_encrypted(qtbot, tmp_path,
                                                                   monkeypatch):
    store, _ = _office(tmp_path, encrypted=True)
    from tests.ui.test_ui_state import _pdf

    dialog = PreviewDialog(_pdf(), "卷宗（人民调解）")
    qtbot.addWidget(dialog)
    asked: list[str] = []
    monkeypatch.setattr(widgets, "confirm_plain_export",
                        lambda parent, what, store=None: asked.append(what) or False)
    assert dialog.save_as() is None and asked == ["卷宗（人民调解）"]
    store.close()
