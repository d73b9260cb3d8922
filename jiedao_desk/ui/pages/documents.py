# SPDX-License-Identifier: MIT
"""文书档案 page: every issued document, with preview/print, void, 组卷 and a sample notice.

Issued documents are frozen (design.md "Records are never deleted"): the list only previews
their stored bytes, voids them with a reason, or assembles several into a dossier (卷宗).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError, ValidationError
from jiedao_desk.core import auth, dossier
from jiedao_desk.core import documents as doc_core
from jiedao_desk.documents import kinds
from jiedao_desk.documents.texts import load_kind
from jiedao_desk.domains import org
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import copies, forms, tasks, widgets
from jiedao_desk.ui.kit.issued import confirm_number
from jiedao_desk.ui.kit.preview import PreviewDialog
from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view

log = logging.getLogger(__name__)
HIDDEN_COLUMNS = ("kind",)
STATES = ("正常", "已作废")
SAMPLE_KIND = "generic_notice"


def run_on_store(parent: QWidget, store: Store, title: str,
                 fn: Callable[[Store, Callable[..., None]], Any],
                 on_done: Callable[[Any], None], disable=()) -> tasks.Task | None:
    """Run ``fn(store, progress)`` on the worker with its own connection.

    An in-memory store (tests) has no file another thread could open, so there the call runs
    inline and a ``JiedaoError`` is shown in a message box.
    """
    if store.path is None:
        ok, result = widgets.call_core(parent, fn, store, lambda *a, **k: None)
        if ok:
            on_done(result)
        return None
    open_store = tasks.store_factory(store.path)

    def work(progress):
        with open_store() as s:
            return fn(s, progress)

    return tasks.run_task(parent, title, work, on_done=on_done, disable=disable)


def kind_choices() -> list[tuple[str, str]]:
    """(key, title) of every document kind whose file loads; a broken file is skipped.

    One malformed wording file must not take the whole register down: its documents are
    still listed under 全部种类, and the 文书与打印 page reports the file's error.
    """
    found: dict[str, tuple[str, str]] = {}
    for folder in kinds.kind_dirs():  # later folders override earlier ones, as in kinds
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
            try:
                info = load_kind(path)
            except Exception as exc:  # noqa: BLE001 - any parse error: skip, keep the page
                log.warning("document kind %s skipped: %s", path, exc)
                continue
            found[info.key] = (info.key, info.title)
    return [found[k] for k in sorted(found)]


def show_preview(parent: QWidget, pdf: bytes, title: str) -> PreviewDialog:
    """Open the print preview (window-modal, returns at once; the dialog deletes itself)."""
    dialog = PreviewDialog(pdf, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class SampleNoticeDialog(QDialog):
    """签发样张: a generic notice from addressee and body text, issued for real."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.issued: doc_core.IssuedDocument | None = None
        self.setWindowTitle("签发样张（通知书）")
        street = org.get_street(store)
        self.issuer = QLineEdit(street.name if street else "")
        self.issuer.setPlaceholderText("××街道办事处")
        self.addressee = QLineEdit()
        self.addressee.setPlaceholderText("主送对象，如：张三")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("正文，每行一段")
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("可不填")
        hint = QLabel("样张会正式编号并存档（文号不会重复使用）；不需要时可作废。")
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.issue_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.issue_button.setText("签发")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("发文机关：", self.issuer)
        form.addRow("主送：", self.addressee)
        form.addRow("正文：", self.body)
        form.addRow("联系人及电话：", self.contact)
        form.addRow(hint)
        form.addRow(buttons)
        self.setMinimumWidth(520)

    def data(self) -> dict:
        """The document data from the form (checked by ``accept``)."""
        paragraphs = [p.strip() for p in self.body.toPlainText().splitlines() if p.strip()]
        data = {"issuer": self.issuer.text().strip() or "××街道办事处",
                "addressee": self.addressee.text().strip(), "body": paragraphs,
                "issue_date": clock.today().isoformat()}
        if self.contact.text().strip():
            data["contact"] = self.contact.text().strip()
        return data

    def accept(self) -> None:
        """Issue through core; keep the dialog open on an error."""
        data = self.data()
        if not data["addressee"] or not data["body"]:
            widgets.show_error(self, ValidationError("请填写主送对象和正文。"))
            return
        if not confirm_number(self, self.store, SAMPLE_KIND, "签发"):
            return
        ok, doc = widgets.call_core(self, doc_core.issue, self.store, self.actor, SAMPLE_KIND,
                                    data)
        if ok:
            self.issued = doc
            super().accept()


class DossierDialog(QDialog):
    """组卷: cover fields, the chosen documents in index order, what is missing, preview."""

    def __init__(self, store: Store, actor: Actor, docs: list[doc_core.IssuedDocument],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.docs = docs
        self.result_pdf: bytes | None = None
        self.index_rows: list[dossier.IndexRow] = []
        self.preview: PreviewDialog | None = None
        self.setWindowTitle("组卷")
        self.dtype = QComboBox()
        for t in dossier.list_types():
            self.dtype.addItem(t.title, t.key)
        street = org.get_street(store)
        self.cover = {key: QLineEdit() for key in ("title", "number", "parties", "handler",
                                                   "organisation", "compiler")}
        self.cover["organisation"].setText(street.name if street else "")
        self.cover["compiler"].setText(actor.name)
        self.items = QListWidget()
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("卷宗类型：", self.dtype)
        for key, label in (("title", "卷名："), ("number", "卷号："), ("parties", "当事人："),
                           ("handler", "承办人："), ("organisation", "立卷单位："),
                           ("compiler", "立卷人：")):
            form.addRow(label, self.cover[key])
        self.items.setToolTip("按卷宗类型规定的顺序排列，同类按签发先后。")
        form.addRow("卷内文书：", self.items)
        form.addRow(self.missing_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Close)
        self.build_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.build_button.setText("生成卷宗并预览…")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(self.build)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(600)
        self.dtype.currentIndexChanged.connect(self.type_changed)
        self.type_changed()

    def ordered(self) -> list[doc_core.IssuedDocument]:
        """The documents in the order of the dossier type's list, then by issue order."""
        dtype = dossier.load_type(self.dtype.currentData())
        return sorted(self.docs, key=lambda d: (dtype.order_of(d.kind), d.id))

    def type_changed(self) -> None:
        """Re-order the documents and re-check completeness for the chosen type."""
        key = self.dtype.currentData()
        if key is None:
            return
        self.items.clear()
        for d in self.ordered():
            self.items.addItem(f"{d.title}　{d.doc_number}　{d.issued_date}"
                               + ("　（已作废）" if d.voided else ""))
        missing = dossier.check_completeness(key, {d.kind for d in self.docs if not d.voided})
        if missing:
            self.missing_label.setText("缺少必备材料：" + "；".join(r.name for r in missing)
                                       + "。可以先组卷预览，归档前请补齐。")
            self.missing_label.setStyleSheet("color: #b45309; font-weight: bold;")
        else:
            self.missing_label.setText("必备材料齐全。")
            self.missing_label.setStyleSheet("color: #15803d;")

    def build(self) -> None:
        """Assemble the dossier (on the worker for a file database) and preview it."""
        key = self.dtype.currentData()
        items = [dossier.DossierItem(d.title, doc_id=d.id, date=d.issued_date,
                                     note="已作废" if d.voided else "") for d in self.ordered()]
        cover = {k: w.text().strip() for k, w in self.cover.items()}

        def work(store, _progress):
            return dossier.assemble(store, items, cover, key, self.actor)

        def done(result) -> None:
            self.result_pdf, self.index_rows = result
            self.preview = show_preview(self, self.result_pdf, cover["title"] or "卷宗")

        run_on_store(self, self.store, "正在组卷…", work, done, disable=[self.build_button])


class DocumentsPage(QWidget):
    """The register of issued documents."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.model = WindowedTableModel(
            doc_core.list_source(store, actor, record_labels=registry.record_labels()), self)
        self.preview: PreviewDialog | None = None
        self.dossier_dialog: DossierDialog | None = None

        self.kind = QComboBox()
        self.kind.addItem("全部种类", None)
        for key, title in kind_choices():
            self.kind.addItem(title, key)
        self.kind.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("kind", self.kind.currentData()))
        self.state = QComboBox()
        self.state.addItem("全部状态", None)
        for s in STATES:
            self.state.addItem(s, s)
        self.state.currentIndexChanged.connect(
            lambda _i: self.model.set_filter("state", self.state.currentData()))
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(QLabel("文书种类："))
        top.addWidget(self.kind)
        top.addSpacing(12)
        top.addWidget(QLabel("状态："))
        top.addWidget(self.state)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="文书台账", hidden=HIDDEN_COLUMNS,
                       actor=self.actor)
        # several rows may be chosen for 组卷 (Ctrl/Shift-click)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.doubleClicked.connect(lambda _index: self.preview_selected())

        self.preview_button = QPushButton("预览/打印…")
        self.preview_button.clicked.connect(self.preview_selected)
        self.void_button = QPushButton("作废…")
        self.void_button.clicked.connect(self.void_selected)
        self.dossier_button = QPushButton("组卷…")
        self.dossier_button.clicked.connect(self.make_dossier)
        self.sample_button = QPushButton("签发样张…")
        self.sample_button.clicked.connect(self.issue_sample)
        may_issue = auth.can(actor, "documents.issue")
        for b in (self.void_button, self.sample_button):
            b.setEnabled(may_issue)
            b.setToolTip("" if may_issue else "您的角色不能签发或作废文书。")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        bottom = QHBoxLayout()
        for b in (self.preview_button, self.void_button, self.dossier_button,
                  self.sample_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        hint = QLabel("已签发的文书不能修改，只能作废或另出更正文书；按住 Ctrl 可选多份组卷。")
        hint.setStyleSheet("color: #555;")
        bottom.addWidget(hint)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.model.modelReset.connect(self._update_count)
        self.model.count_known.connect(self._update_count)  # the exact count came later
        self._update_count()

    def on_show(self) -> None:
        """Other pages may have issued documents meanwhile."""
        self.model.refresh()

    def _update_count(self) -> None:
        self.count_label.setText(f"共 {self.model.count_text()} 份")

    def selected_ids(self) -> list[int]:
        """Record ids of the selected rows, top to bottom."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def update_buttons(self) -> None:
        """作废 is the issuing site's: a document received with another site's record is
        only previewed and printed here."""
        if not auth.can(self.actor, "documents.issue"):
            return
        self.void_button.setEnabled(True)
        ids = self.selected_ids()
        copies.lock([self.void_button],
                    copies.reason(self.store, "document", ids[0]) if len(ids) == 1 else None)

    def _one_selected(self) -> int | None:
        ids = self.selected_ids()
        if len(ids) != 1:
            widgets.show_error(self, ValidationError("请在列表中选择一份文书。"))
            return None
        return ids[0]

    def preview_selected(self) -> PreviewDialog | None:
        """Preview (and print or save) the stored bytes of the selected document."""
        doc_id = self._one_selected()
        if doc_id is None:
            return None
        ok, doc = widgets.call_core(self, doc_core.get_document, self.store, doc_id)
        if not ok or doc is None:
            return None
        ok, pdf = widgets.call_core(self, doc_core.reprint, self.store, doc_id, self.actor)
        if not ok or pdf is None:
            return None
        self.preview = show_preview(self, pdf, f"{doc.title} {doc.doc_number}".strip())
        return self.preview

    def void_selected(self) -> bool:
        """Void the selected document with a reason (it keeps its number)."""
        doc_id = self._one_selected()
        if doc_id is None:
            return False
        ok, doc = widgets.call_core(self, doc_core.get_document, self.store, doc_id)
        if not ok or doc is None:
            return False
        reason = forms.ask_text(self, "作废文书",
                                  f"作废“{doc.title} {doc.doc_number}”的原因（文号不再使用）：",
                                  consequence=f"作废后，{doc.title} {doc.doc_number} 不再有效，"
                                  "文号不再使用（文书仍留档可查）。")
        if reason is None:
            return False
        ok, _ = widgets.call_core(self, doc_core.void, self.store, self.actor, doc_id, reason)
        if ok:
            self.model.refresh()
        return ok

    def make_dossier(self) -> DossierDialog | None:
        """Open the 组卷 dialog for the selected documents."""
        ids = self.selected_ids()
        if not ids:
            widgets.show_error(self, ValidationError(
                "请先在列表中选择要组卷的文书（按住 Ctrl 可多选）。"))
            return None
        try:
            docs = [doc_core.get_document(self.store, i) for i in ids]
        except JiedaoError as exc:
            widgets.show_error(self, exc)
            return None
        dialog = DossierDialog(self.store, self.actor, docs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dossier_dialog = dialog
        return dialog

    def issue_sample(self) -> doc_core.IssuedDocument | None:
        """Issue a generic notice from a small form, then show it in the list and preview it."""
        dialog = SampleNoticeDialog(self.store, self.actor, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.issued is None:
            return None
        self.kind.setCurrentIndex(0)
        self.state.setCurrentIndex(0)
        self.model.refresh()
        self.view.selectRow(0)  # newest first
        self.preview_selected()
        return dialog.issued
