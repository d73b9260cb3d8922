# SPDX-License-Identifier: MIT
"""The documents part of the case view: the 出具文书 menu (built from ``documents.KINDS``
each time it opens, so new kinds appear without a code change; grouped by stage), preview /
void of issued documents, opening evidence files, voiding one mistaken record or evidence
item, and the dossier PDF.

``CaseDocumentsMixin`` is mixed into ``CaseDetailView``, which provides ``store``, ``actor``,
``case_id``, ``detail``, the widgets used here and ``show_message``; the view refreshes itself
from the change notices of what these actions write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu, QPushButton, QTableWidget, QWidget

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import attachments, documents
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement import dossier, records
from jiedao_desk.domains.enforcement.cases import get_case
from jiedao_desk.domains.enforcement.pages.docs_dialog import (
    DocumentIssueDialog,
    DossierDialog,
    preview_document,
)
from jiedao_desk.domains.enforcement.pages.tables import cell
from jiedao_desk.domains.enforcement.view import CaseDetail
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, tasks, widgets

if TYPE_CHECKING:  # the preview module is loaded when a preview opens (docs_dialog)
    from jiedao_desk.ui.kit.preview import PreviewDialog

# The 出具文书 menu, one submenu per stage of the case (in the order a case runs); a kind not
# listed here (e.g. one a street added) goes under 其他文书.
DOC_STAGES = (
    ("立案", ("enforcement_case_source", "enforcement_filing_approval")),
    ("调查取证", ("enforcement_inspection_record", "enforcement_inquiry_record",
              "enforcement_preservation_notice", "enforcement_rectification_notice")),
    ("审查与告知", ("enforcement_investigation_report", "enforcement_legal_review",
               "enforcement_collective_discussion", "enforcement_prior_notice",
               "enforcement_hearing_rights_notice", "enforcement_hearing_notice",
               "enforcement_statement_record")),
    ("决定与送达", ("enforcement_penalty_decision", "enforcement_on_the_spot_decision",
               "enforcement_service_receipt")),
    ("执行", ("enforcement_demand", "enforcement_court_application")),
    ("结案归档", ("enforcement_closing_approval", "enforcement_dossier_cover",
              "enforcement_dossier_index")),
)
OTHER_STAGE = "其他文书"


def stage_groups(kinds: dict[str, str]) -> list[tuple[str, list[str]]]:
    """``kinds`` grouped by stage (empty stages left out; unknown kinds under 其他文书)."""
    placed = {k for _stage, ks in DOC_STAGES for k in ks}
    groups = [(stage, [k for k in ks if k in kinds]) for stage, ks in DOC_STAGES]
    groups.append((OTHER_STAGE, [k for k in kinds if k not in placed]))
    return [(stage, ks) for stage, ks in groups if ks]


class CaseDocumentsMixin(QWidget):
    """Document actions of the case view (the attributes below are set by the view)."""

    store: Store
    actor: Actor
    case_id: int | None
    detail: CaseDetail | None
    doc_menu: QMenu
    doc_actions: dict[str, QAction]
    doc_submenus: dict[str, QMenu]
    docs: QTableWidget
    evidence: QTableWidget
    records: QTableWidget
    dossier_button: QPushButton
    doc_dialog: DocumentIssueDialog | None
    dossier_dialog: DossierDialog | None
    preview: PreviewDialog | None

    def show_message(self, text: str) -> None:
        """Show the result of an action (the view shows it above its tabs)."""
        raise NotImplementedError

    def build_doc_menu(self) -> None:
        """(Re)build 出具文书 from ``documents.KINDS`` (new kinds appear at once), one
        submenu per stage; kinds already issued for this case are marked 已出具."""
        self.doc_menu.clear()
        self.doc_actions = {}
        self.doc_submenus = {}
        issued = {doc.kind for doc in self.detail.documents if not doc.voided} \
            if self.detail else set()
        for stage, kinds in stage_groups(edocs.KINDS):
            sub = self.doc_menu.addMenu(stage)
            self.doc_submenus[stage] = sub
            for kind in kinds:
                title = edocs.KINDS[kind]
                action = sub.addAction(title + ("　（已出具）" if kind in issued else ""))
                action.triggered.connect(lambda _=False, k=kind: self.issue_doc(k))
                self.doc_actions[kind] = action

    def issue_doc(self, kind: str) -> DocumentIssueDialog | None:
        """Open the 出具文书 dialog for ``kind``; after issuing, the preview opens."""
        if self.case_id is None:
            return None
        self.doc_dialog = DocumentIssueDialog(self.store, self.actor, self.case_id, kind, self)
        self.doc_dialog.accepted.connect(self._issued)
        self.doc_dialog.open()
        return self.doc_dialog

    def _issued(self) -> None:
        doc = self.doc_dialog.issued if self.doc_dialog else None
        if doc is None:
            return
        self.show_message(f"已出具{doc.title} {doc.doc_number}。")
        self.preview = preview_document(self, self.store, self.actor, doc.id,
                                        f"{doc.title} {doc.doc_number}")

    def preview_selected_document(self) -> None:
        """Preview (and print) the selected issued document."""
        row = self.docs.currentRow()
        if row < 0:
            return
        item = cell(self.docs, row, 0)
        self.preview = preview_document(self, self.store, self.actor,
                                        item.data(Qt.ItemDataRole.UserRole),
                                        f"{item.text()} {cell(self.docs, row, 1).text()}")

    def open_dossier(self) -> DossierDialog | None:
        """Assemble the case file PDF and show it with the completeness result.

        Assembly renders every document and evidence page, so on a database file it runs on
        the worker thread (design.md: print work off the GUI thread) and the dialog opens
        when it is done (``dossier_dialog``); an in-memory store is assembled at once.
        """
        if self.case_id is None:
            return None
        case_id, actor = self.case_id, self.actor
        if self.store.path is None:
            ok, result = widgets.call_core(self, dossier.dossier_pdf, self.store, actor, case_id)
            return self._show_dossier(case_id, result) if ok and result is not None else None
        open_store = tasks.store_factory(self.store.path)

        def work(_progress: object) -> tuple[bytes, list[str]]:
            with open_store() as store:  # the worker's own connection
                return dossier.dossier_pdf(store, actor, case_id)

        def done(result: tuple[bytes, list[str]]) -> None:
            self._show_dossier(case_id, result)

        tasks.run_task(self, "正在组卷…", work, on_done=done,
                       on_error=lambda exc: widgets.show_error(self, exc),
                       disable=[self.dossier_button])
        return None

    def _show_dossier(self, case_id: int, result: tuple[bytes, list[str]]) -> DossierDialog:
        pdf, missing = result
        number = get_case(self.store, self.actor, case_id).label
        self.dossier_dialog = DossierDialog(pdf, missing, f"执法案件 {number} 案卷", self)
        self.dossier_dialog.open()
        return self.dossier_dialog

    def void_selected_document(self) -> bool:
        """Void the selected issued document with a reason (it stays on record)."""
        row = self.docs.currentRow()
        if row < 0:
            return False
        doc_id = cell(self.docs, row, 0).data(Qt.ItemDataRole.UserRole)
        title = " ".join(cell(self.docs, row, c).text() for c in (0, 1)).strip()
        reason = forms.ask_text(self, "作废文书", "作废原因（文书保留在案卷记录中）：",
                                  consequence=f"作废后，{title}不再有效；如需更正须重新出具。")
        if reason is None:
            return False
        ok, _ = widgets.call_core(self, documents.void, self.store, self.actor, doc_id, reason)
        if ok:
            self.show_message("文书已作废；如需更正，请重新出具。")
        return ok

    def open_selected_evidence(self) -> str | None:
        """Open the selected evidence file after checking its SHA-256 (returns its path)."""
        row = self.evidence.currentRow()
        if row < 0:
            return None
        att_id = cell(self.evidence, row, 0).data(Qt.ItemDataRole.UserRole)
        ok, path = widgets.call_core(self, attachments.open_attachment, self.store, att_id,
                                     self.actor)
        if not ok:
            return None
        if self.isVisible():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return str(path)

    def void_selected_record(self, table: QTableWidget | None = None) -> bool:
        """Void the record (办案记录 tab) or evidence item (证据 tab) selected in ``table``
        with a reason; it stays on record (an issued document is voided as a document)."""
        table = table if table is not None else self.records
        row = table.currentRow()
        if row < 0 or self.case_id is None:
            widgets.show_error(self, ValidationError("请先在表格中选择要作废的记录。"))
            return False
        event_id = cell(table, row, 0).data(Qt.ItemDataRole.UserRole + 1)
        reason = forms.ask_text(self, "作废记录",
                                  "作废原因（记录保留在案卷中，注明已作废；已出具的文书另行作废）：")
        if reason is None:
            return False
        ok, ev = widgets.call_core(self, records.void_record, self.store, self.actor,
                                   self.case_id, event_id, reason)
        if ok and ev is not None:
            label = records.voidable_label(ev.kind) or ev.kind
            self.show_message(f"已作废{label}记录（{ev.day.isoformat()}）：{reason}")
        return ok
