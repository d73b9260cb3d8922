# SPDX-License-Identifier: MIT
"""Dialogs for the documents of an enforcement case: 出具文书 (with the fields the case
cannot supply) and the dossier PDF (案卷) with its completeness result.

The kinds come from ``documents.KINDS`` and their wording from
resources/documents/<kind>.toml, so a kind added there shows up here without a code change:
fields the case data cannot fill are asked for, labelled from the kind's ``[fields]`` table.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import documents
from jiedao_desk.core.documents import IssuedDocument
from jiedao_desk.documents.kinds import get_kind
from jiedao_desk.documents.texts import RESERVED, MissingFields
from jiedao_desk.domains.enforcement import documents as edocs
from jiedao_desk.domains.enforcement.cases import get_case
from jiedao_desk.domains.enforcement.document_data import case_data
from jiedao_desk.domains.enforcement.model import SERVED_WHAT, SERVICE_METHODS
from jiedao_desk.domains.enforcement.view import case_detail
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import focus, forms, saved, ui_state, widgets
from jiedao_desk.ui.kit.issued import confirm_number

if TYPE_CHECKING:  # loaded when a preview opens (see show_preview)
    from jiedao_desk.ui.kit.preview import PreviewDialog

OK_STYLE = "color: #1b5e20; background: #e8f5e9; padding: 6px;"
BAD_STYLE = "color: #b71c1c; background: #ffebee; padding: 6px;"


def _label(labels: dict[str, str], key: str) -> str:
    # A field without a label in the kind's [fields] table (e.g. a street's own new field)
    # still shows its key, so it can be filled and the label added to the TOML.
    return labels.get(key, f"补充内容（{key}）")


class DocumentIssueDialog(forms.FormDialog):
    """Issue one document of a case: optional paper number and the extra fields.

    The app's form dialog: 出具 stays disabled while a field the wording requires is empty;
    when core finds more fields missing, their inputs are added and the status line names
    them; a refusal keeps everything typed. ``issued`` is the document once core issued it.

    Args:
        store / actor / case_id: the case.
        kind: a key of ``documents.KINDS``.
    """

    def __init__(self, store: Store, actor: Actor, case_id: int, kind: str,
                 parent: QWidget | None = None):
        self.store, self.actor, self.case_id, self.kind = store, actor, case_id, kind
        self.labels = edocs.field_labels(kind)
        title = edocs.KINDS.get(kind, kind)
        fields = [forms.Field("paper_number", "纸质文书编号")]
        if kind == "enforcement_service_receipt":
            fields.append(self._service_field())
        self.required: set[str] = set()
        for key, required in self._extra_fields():
            fields.append(forms.Field(key, _label(self.labels, key), required=required))
            if required:
                self.required.add(key)
        super().__init__(f"出具文书：{title}", fields, parent, self._issue, ok_text="出具",
                         note="文书内容取自本案登记的信息；标“（必填）”的须填写，其余补充内容"
                              "可不填（留空的印为空白由办案人员手写）。出具后文书即冻结，更正须"
                              "另出文书。")
        paper = self.editors["paper_number"]
        assert isinstance(paper, QLineEdit)
        self.paper_number: QLineEdit = paper
        self.paper_number.setPlaceholderText("使用预印纸质文书时填写其编号；否则自动编号")
        service = self.editors.get("event_id")
        self.service: QComboBox | None = service if isinstance(service, QComboBox) else None
        self.extra: dict[str, QLineEdit] = {
            k: e for k, e in self.editors.items()
            if k not in ("paper_number", "event_id") and isinstance(e, QLineEdit)}
        self.setMinimumWidth(520)

    @property
    def issued(self) -> IssuedDocument | None:
        """The document core issued (None until then)."""
        return self.result_value

    def _service_field(self) -> forms.Field:
        """A 送达回证 is the receipt of one service: choose which (the latest by default)."""
        services = [e for e in case_detail(self.store, self.actor, self.case_id).events
                    if e.kind == "service"]
        choices: forms.Choices = [
            (f"{e.day.isoformat()} {SERVED_WHAT.get(e.details['what'], '')}"
             f"（{SERVICE_METHODS.get(e.details['method'], '')}）", e.id)
            for e in reversed(services)]  # newest first: the one usually being printed
        return forms.Field("event_id", "送达记录", choices or [("（尚未登记送达）", None)])

    def _extra_fields(self) -> list[tuple[str, bool]]:
        """Fields of the kind's wording that the case data does not supply: (key, required)."""
        try:
            info = get_kind(self.kind)
        except Exception:  # an unreadable TOML is reported when issuing
            return []
        case = get_case(self.store, self.actor, self.case_id)
        try:  # what issuing would fill in itself (the case and the kind's own records)
            base = set(edocs.document_data(self.store, case, self.kind, {}))
        except Exception:  # a record the kind needs is missing: core says so on 出具
            base = set(case_data(self.store, case))
        defaults = dict(info.defaults)
        keys = [f for f in info.fields if f not in base and f not in RESERVED
                and f not in defaults and (f in info.optional or f in edocs.ASKED_FIELDS)]
        return [(f, f not in info.optional) for f in dict.fromkeys(keys)]

    def add_field(self, key: str, required: bool = False) -> QLineEdit:
        """Add (once) an input for document field ``key`` (core found it missing)."""
        if key not in self.extra:
            field = forms.Field(key, _label(self.labels, key), required=required)
            editor = self.make_editor(field)
            assert isinstance(editor, QLineEdit)
            editor.setObjectName(key)
            self.fields.append(field)
            self.editors[key] = self.extra[key] = editor
            if required:
                self.required.add(key)
            self.add_row(field, editor)
            editor.textChanged.connect(self.revalidate)
            focus.polish(self)
            # 出具 waits for the new field; the status line keeps saying why it was added
            self.ok_button.setEnabled(self.problem() is None)
        return self.extra[key]

    def values(self) -> dict[str, str]:
        """The filled extra fields (blank ones are left to the case data / blank print)."""
        out = {k: e.text().strip() for k, e in self.extra.items() if e.text().strip()}
        if self.service is not None and self.service.currentData() is not None:
            out["event_id"] = str(self.service.currentData())
        return out

    def _issue(self, values: dict[str, str]) -> IssuedDocument:
        """Issue through core; fields the wording still lacks get inputs and are named."""
        try:
            return edocs.issue_document(self.store, self.actor, self.case_id, self.kind,
                                        values, self.paper_number.text().strip() or None)
        except MissingFields as exc:
            for key in exc.fields:
                self.add_field(key, True)
            names = "、".join(_label(self.labels, k) for k in exc.fields)
            raise ValidationError(f"出具本文书还需填写：{names}。",
                                  exc.fields[0] if exc.fields else None) from exc

    def accept(self) -> None:
        """出具: name the number the document takes for good, then issue through core."""
        if self.problem() is not None:
            self.revalidate()
            return
        if not confirm_number(self, self.store, self.kind, "出具", self.paper_number.text()):
            self.status.say("没有出具。可以修改后再按“出具”。")
            return
        super().accept()


class DossierDialog(QDialog):
    """The case file as one PDF: completeness result, 预览…, 保存 PDF…."""

    def __init__(self, pdf: bytes, missing: list[str], title: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf, self.missing, self.doc_title = pdf, missing, title
        self.preview: PreviewDialog | None = None
        self.setWindowTitle(f"案卷：{title}")
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        if missing:
            self.result_label.setText(
                "案卷不完整，尚不能归档。缺少必备文书：\n" + "、".join(missing))
            self.result_label.setStyleSheet(BAD_STYLE)
        else:
            self.result_label.setText("案卷必备文书齐全。")
            self.result_label.setStyleSheet(OK_STYLE)
        self.preview_button = QPushButton("预览…")
        self.preview_button.clicked.connect(self.show_preview)
        self.save_button = QPushButton("保存 PDF…")
        self.save_button.clicked.connect(lambda: self.save_to(None))
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addLayout(row)
        self.setMinimumWidth(480)

    def show_preview(self) -> None:
        """Open the print preview of the dossier."""
        # deferred: ui.kit.preview loads pypdfium2 (~60 ms); only a preview needs it
        from jiedao_desk.ui.kit.preview import PreviewDialog

        self.preview = PreviewDialog(self.pdf, self.doc_title, self)
        self.preview.open()

    def save_to(self, path: str | Path | None) -> Path | None:
        """Write the PDF (asks for a file when ``path`` is None). Returns the file written."""
        if path is None:
            if not widgets.confirm_plain_export(self, self.doc_title):
                return None
            chosen = ui_state.save_file_name(self, "保存案卷", f"{self.doc_title}.pdf",
                                             "PDF 文件 (*.pdf)")
            if not chosen:
                return None
            path = chosen
        target = Path(path)
        try:
            target.write_bytes(self.pdf)
        except OSError as exc:
            widgets.show_error(self, ValidationError(f"无法写入文件 {target}：{exc.strerror}"))
            return None
        saved.offer_open(self, target, "已保存", "案卷已保存为 PDF 文件。")
        return target


def preview_document(parent: QWidget, store: Store, actor: Actor, doc_id: int,
                     title: str) -> PreviewDialog | None:
    """Open the print preview of an issued document (the frozen PDF). Returns the dialog."""
    # deferred: ui.kit.preview loads pypdfium2 (~60 ms); only a preview needs it
    from jiedao_desk.ui.kit.preview import PreviewDialog

    ok, pdf = widgets.call_core(parent, documents.reprint, store, doc_id, actor)
    if not ok or pdf is None:
        return None
    dlg = PreviewDialog(pdf, title, parent)
    dlg.open()
    return dlg
