# SPDX-License-Identifier: MIT
"""证明开具 page: the 目录 in force, the issue form with a live check, and the register."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth, catalog
from jiedao_desk.domains import certificates, org
from jiedao_desk.domains.certificates import rules
from jiedao_desk.domains.certificates.store import HIDDEN_COLUMNS
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import changes, copies, forms, issued, widgets
from jiedao_desk.ui.kit.preview import PreviewDialog
from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view, follow_count

WARN_STYLE = "color: #b45309; background: #fff4e5; padding: 4px;"  # amber, as 参考目录
CHECK_STYLES = {certificates.OK: "color: #2e7d32; font-weight: bold;",
                certificates.SIMILAR: "color: #b45309; font-weight: bold;",
                certificates.EMPTY: "color: #555;"}
BAD_STYLE = "color: #c62828; font-weight: bold;"


class CertificatesPage(QWidget):
    """Issue certificates of the 目录 in force, refuse the rest, keep the register."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.last_check: certificates.Check | None = None

        self.catalog_label = QLabel()
        self.catalog_label.setWordWrap(True)
        self.catalog_label.setStyleSheet("font-weight: bold;")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARN_STYLE)

        box = self._build_form()
        bar = self._build_register(store, actor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.catalog_label)
        layout.addWidget(self.warning)
        layout.addWidget(box)
        layout.addWidget(QLabel("证明登记簿（开具与不予出具）"))
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.load()
        changes.watch(self, store, {certificates.ENTITY, "catalog_version", "community"},
                      self._changed)

    # -- building ---------------------------------------------------------------------------
    def _build_form(self) -> QGroupBox:
        """The issue form: applicant, item, matter, the live check and the two actions."""
        self.community = QComboBox()
        self.item = QComboBox()
        self.item.setMinimumContentsLength(24)
        self.deny_item = QComboBox()
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("18位，开具时校验；不予出具时可不填")
        self.id_number.setMaxLength(22)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("可不填")
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText("如：办理不动产登记（印在证明上）")
        self.content = QLineEdit()
        self.content.setPlaceholderText("证明的事实，可不填")
        self.evidence = QLineEdit()
        self.evidence.setPlaceholderText("看过的材料，用“；”分隔，如：户口簿；身份证")
        self.matter = QLineEdit()
        self.matter.setPlaceholderText("申请人要开的证明（不在目录中或属负面清单时填写）")
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.confirm = QCheckBox("已核实：与上述负面清单事项不是同一事项（将记录在登记中）")
        self.confirm.hide()
        for signal in (self.item.currentIndexChanged, self.deny_item.currentIndexChanged):
            signal.connect(self.update_check)
        for edit in (self.matter, self.purpose):
            edit.textChanged.connect(self.update_check)

        form = QFormLayout()
        form.addRow("社区：", self.community)
        form.addRow("证明事项（目录）：", self.item)
        form.addRow("申请人姓名：", self.name)
        form.addRow("身份证号：", self.id_number)
        form.addRow("联系电话：", self.phone)
        form.addRow("用途：", self.purpose)
        form.addRow("证明内容：", self.content)
        form.addRow("核验材料：", self.evidence)
        form.addRow("申请事项（原话）：", self.matter)
        form.addRow("负面清单项：", self.deny_item)
        form.addRow("核对结果：", self.check_label)
        form.addRow("", self.confirm)
        self.issue_button = QPushButton("开具并打印")
        self.issue_button.clicked.connect(self.issue)
        self.refuse_button = QPushButton("出具不予开具告知书")
        self.refuse_button.clicked.connect(self.refuse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        box = QGroupBox("开具证明")
        box.setLayout(form)
        return box

    def _build_register(self, store: Store, actor: Actor) -> QHBoxLayout:
        """The register (newest first) and the bar above it: filters, counts, row actions."""
        source = certificates.list_source(store, actor)
        source.set_sort("day", descending=True)  # newest first
        self.model = WindowedTableModel(source, self)
        self.month = QLineEdit(clock.today().isoformat()[:7])
        self.month.setPlaceholderText("如 2026-11，空=全部")
        self.month.setMaximumWidth(110)
        self.month.editingFinished.connect(self.apply_filters)
        self.state = QComboBox()
        self.state.addItem("全部状态", None)
        for key in rules.RECORDED:
            self.state.addItem(rules.STATES[key], key)
        self.state.currentIndexChanged.connect(self.apply_filters)
        self.counts_label = QLabel()
        follow_count(self.model, self.counts_label)
        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="证明开具台账",
                       hidden=HIDDEN_COLUMNS, actor=self.actor)
        self.view.doubleClicked.connect(lambda _index: self.preview_selected())
        self.preview_button = QPushButton("预览/打印…")
        self.preview_button.clicked.connect(self.preview_selected)
        self.void_button = QPushButton("作废…")
        self.void_button.clicked.connect(self.void_selected)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())
        bar = QHBoxLayout()
        bar.addWidget(QLabel("月份："))
        bar.addWidget(self.month)
        bar.addWidget(self.state)
        bar.addWidget(self.counts_label, 1)
        bar.addWidget(self.preview_button)
        bar.addWidget(self.void_button)
        return bar

    # -- lists ------------------------------------------------------------------------------
    def _changed(self, changed: ChangeSet) -> None:
        """The register, the lists or the communities changed (here or on other pages)."""
        if changed.touches("catalog_version", "community"):
            self.load()
        else:
            self.model.refresh()
            self.apply_filters()

    def load(self) -> None:
        """Reload the 目录 in force, the negative list, the communities and the register."""
        cat = certificates.list_in_force(self.store, certificates.CATALOG_KEY)
        deny = certificates.list_in_force(self.store, certificates.DENYLIST_KEY)
        self.catalog_label.setText(f"现行证明目录：{cat.describe()}；"
                                   f"负面清单：{deny.describe()}")
        problem = certificates.catalog_problem(cat)
        if catalog.is_sample(cat.version) and not problem:
            problem = ("【示例】现行证明目录是培训用的示例目录，不是正式目录：按它开具的证明印有"
                       "“【示例】……不具有证明效力”，只供练习。")
        elif cat.version is not None and cat.version.confidence != "exact" and not problem:
            problem = (f"目录置信度为“{cat.version.confidence_label}”（非原文），"
                       "开具前请与正式文件核对条目文字。")
        self.warning.setText(problem)
        self.warning.setVisible(bool(problem))
        self.item.blockSignals(True)
        self.item.clear()
        self.item.addItem("（请选择；不在目录中的请填“申请事项”）", None)
        for it in cat.items:
            self.item.addItem(f"{it.seq}. {it.text}", it.seq)
        self.item.setEnabled(cat.usable)
        self.item.blockSignals(False)
        self.deny_item.blockSignals(True)
        self.deny_item.clear()
        self.deny_item.addItem("（按申请事项自动判断）", None)
        for it in deny.items:
            self.deny_item.addItem(f"{it.seq}. {it.text}", it.seq)
        self.deny_item.blockSignals(False)
        current = self.community.currentData()
        self.community.clear()
        scope = auth.community_scope(self.actor)
        for c in org.list_communities(self.store):
            if scope is None or c.id == scope:
                self.community.addItem(c.name, c.id)
        self.community.setCurrentIndex(max(self.community.findData(current), 0))
        self.update_check()
        self.apply_filters()

    def show_month(self, month: str) -> None:
        """Show the register of ``month`` (a dashboard figure was clicked)."""
        self.month.setText(month)
        self.apply_filters()

    def apply_filters(self) -> None:
        """Filter the register by month and state; show the month's counts."""
        month = self.month.text().strip()
        self.model.set_filter("month", month or None)
        self.model.set_filter("state", self.state.currentData())
        text = f"共 {self.model.count_text()} 条"
        if month:
            ok, m = widgets.call_core(self, certificates.month_counts, self.store, self.actor,
                                      month)
            if ok and m is not None:
                why = "，".join(f"{label} {m.refused_by_reason.get(k, 0)}"
                               for k, label in certificates.REASONS.items())
                text += (f"；{month} 开具 {m.issued}，不予出具 {m.refused}（{why}），"
                         f"作废 {m.voided}")
        self.counts_label.setText(text)

    # -- the live check ------------------------------------------------------------------
    def update_check(self) -> None:
        """Judge the form against the lists and show the verdict line."""
        deny_seq = self.deny_item.currentData()
        if deny_seq is not None:
            text = self.deny_item.currentText().split(". ", 1)[-1]
            self.check_label.setText(f"不应出具：{text}（负面清单第{deny_seq}项）")
            self.check_label.setStyleSheet(BAD_STYLE)
            self.confirm.hide()
            self.issue_button.setEnabled(False)
            return
        check = certificates.check_request(self.store, self.item.currentData(),
                                           self.matter.text(), self.purpose.text())
        self.last_check = check
        self.check_label.setText("不能开具：现行证明目录没有条目（见上方说明）"
                                 if check.verdict == certificates.NO_CATALOG else check.message)
        self.check_label.setStyleSheet(CHECK_STYLES.get(check.verdict, BAD_STYLE))
        self.confirm.setVisible(check.verdict == certificates.SIMILAR)
        self.issue_button.setEnabled(check.verdict in (certificates.OK, certificates.SIMILAR,
                                                       certificates.EMPTY))

    # -- actions -------------------------------------------------------------------------
    def _community_id(self) -> int | None:
        if self.community.currentIndex() < 0:
            widgets.show_error(self, ValidationError("请先在“设置”中添加社区。"))
            return None
        return self.community.currentData()

    def issue(self) -> None:
        """Issue the certificate, then open the print preview of the frozen PDF."""
        cid = self._community_id()
        if cid is None:
            return
        evidence = [e for e in self.evidence.text().replace(";", "；").split("；") if e.strip()]
        if not issued.confirm_number(self, self.store, "certificate", "出具"):
            return
        ok, cert = widgets.call_core(
            self, certificates.issue_certificate, self.store, self.actor, cid,
            item_seq=self.item.currentData(), name=self.name.text(),
            id_number=self.id_number.text(), purpose=self.purpose.text(), evidence=evidence,
            phone=self.phone.text(), content=self.content.text(),
            confirm_not_same=self.confirm.isVisible() and self.confirm.isChecked())
        if ok and cert is not None:
            self._done(cert)

    def refuse(self) -> None:
        """Record the refusal and open the preview of its notice."""
        cid = self._community_id()
        if cid is None:
            return
        matter = self.matter.text().strip()
        for combo in (self.deny_item, self.item):  # nothing typed: the item picked is the matter
            if not matter and combo.currentData() is not None:
                matter = combo.currentText().split(". ", 1)[-1]
        ok, cert = widgets.call_core(
            self, certificates.refuse_request, self.store, self.actor, cid,
            name=self.name.text(), matter=matter, purpose=self.purpose.text(),
            deny_seq=self.deny_item.currentData(),
            id_number=self.id_number.text(), phone=self.phone.text())
        if ok and cert is not None:
            self._done(cert)

    def _done(self, cert: certificates.Certificate) -> None:
        for edit in (self.name, self.id_number, self.phone, self.purpose, self.content,
                     self.evidence, self.matter):
            edit.clear()
        self.confirm.setChecked(False)
        self.deny_item.setCurrentIndex(0)
        self.open_preview(cert)

    def open_preview(self, cert: certificates.Certificate) -> None:
        """Show the frozen PDF of a register row in the print preview."""
        ok, pdf = widgets.call_core(self, certificates.pdf_bytes, self.store, self.actor,
                                    cert.id)
        if ok and pdf:
            title = "证明" if cert.outcome == "issued" else "不予出具证明告知书"
            PreviewDialog(pdf, f"{title} {cert.doc_number}", self).exec()

    def selected_id(self) -> int | None:
        """Register id of the selected row."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def update_buttons(self) -> None:
        """作废 is the issuing site's: a certificate received from another site is only
        previewed here (its PDF is the one that site issued)."""
        self.void_button.setEnabled(True)
        copies.lock([self.void_button],
                    copies.reason(self.store, certificates.ENTITY, self.selected_id()))

    def preview_selected(self) -> None:
        """Preview / reprint the selected row's document."""
        rid = self.selected_id()
        if rid is None:
            widgets.show_error(self, ValidationError("请先在登记簿中选择一条。"))
            return
        ok, cert = widgets.call_core(self, certificates.get_certificate, self.store,
                                     self.actor, rid)
        if ok and cert is not None:
            self.open_preview(cert)

    def void_selected(self) -> None:
        """Void the selected row (and its document) with a reason."""
        rid = self.selected_id()
        if rid is None:
            widgets.show_error(self, ValidationError("请先在登记簿中选择一条。"))
            return
        values = self.model.row_values(self.view.currentIndex().row()) or {}
        number = values.get("doc_number") or ""
        reason = forms.ask_text(self, "作废证明登记", "作废原因（文号保留，不再使用）：",
                                  consequence=f"作废后，这份证明{(' ' + number) if number else ''}"
                                  "不再有效，文号不再使用。")
        if reason is None:
            return
        widgets.call_core(self, certificates.void_certificate, self.store, self.actor, rid,
                          reason)
