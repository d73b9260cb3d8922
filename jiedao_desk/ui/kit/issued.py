# SPDX-License-Identifier: MIT
"""After a document is issued: say what was issued (kind and number) and offer the print
preview, so that issuing never ends in silence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import documents, numbering
from jiedao_desk.documents.kinds import get_kind
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import widgets

if TYPE_CHECKING:  # imported when a preview opens (pypdfium2 loads slowly)
    from jiedao_desk.ui.kit.preview import PreviewDialog


class IssuedBox(QMessageBox):
    """"已出具… 文号 …" with 预览并打印… and 关闭 (window-modal, returns at once).

    Attributes:
        preview_button: opens the print preview of the frozen PDF.
        preview: the preview dialog once opened.
    """

    def __init__(self, parent: QWidget, store: Store, actor: Actor,
                 doc: documents.IssuedDocument, subject: str = ""):
        super().__init__(parent)
        self.store, self.actor, self.doc = store, actor, doc
        self.preview: PreviewDialog | None = None
        # A kind without its own number (a mediation form carries the case's 卷号) is
        # named by the record it belongs to.
        self.name = " ".join(p for p in (doc.title, doc.doc_number or subject) if p)
        number = f"，文号 {doc.doc_number}" if doc.doc_number else ""
        of = f"（{subject}）" if subject else ""
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle("已出具文书")
        self.setText(f"已出具{doc.title}{number}{of}。")
        self.setInformativeText("文书已存档，以后也可在“文书档案”中找到它，预览、打印或作废。")
        self.preview_button = self.addButton("预览并打印…", QMessageBox.ButtonRole.AcceptRole)
        self.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.preview_button)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button) -> None:
        if button is self.preview_button:
            self.open_preview()

    def open_preview(self) -> PreviewDialog | None:
        """Open the print preview of the issued document (its stored bytes)."""
        # deferred: ui.kit.preview loads pypdfium2 (~60 ms); only a preview needs it
        from jiedao_desk.ui.kit.preview import PreviewDialog

        parent = self.parentWidget()
        ok, pdf = widgets.call_core(parent, documents.reprint, self.store, self.doc.id,
                                    self.actor)
        if not ok or pdf is None:
            return None
        self.preview = PreviewDialog(pdf, self.name, parent)
        self.preview.open()
        return self.preview


def confirm_number(parent: QWidget | None, store: Store, kind: str, doing: str = "打印",
                   paper_number: str = "") -> bool:
    """Before a numbered document is issued: say which number it will take for good (the
    next one, or ``paper_number`` typed from a paper form) and ask. True: go on (also when
    the kind has no number, as nothing is used up)."""
    number = (paper_number or "").strip() or numbering.upcoming_number(
        store, kind, clock.today().year)
    if not number:
        return True
    title = get_kind(kind).title
    return widgets.confirm_irreversible(
        parent, f"{doing}{title}",
        f"{doing}后文号 {number} 将被占用，不能再用（作废的文书也保留文号）。", doing)


def announce_issued(parent: QWidget, store: Store, actor: Actor,
                    doc: documents.IssuedDocument, subject: str = "") -> IssuedBox:
    """Show what was issued (of ``subject``, e.g. "卷号 …") and offer its preview; returns
    the (open) box."""
    box = IssuedBox(parent, store, actor, doc, subject)
    box.open()
    return box
