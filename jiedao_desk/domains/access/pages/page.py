# SPDX-License-Identifier: MIT
"""准入管理 page: the access-request ledger with filters, a detail panel and monthly stats."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth, documents
from jiedao_desk.domains import access, org
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access.pages.dialogs import (
    ComplaintDialog,
    DecideDialog,
    MatchDialog,
    RegisterDialog,
)
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import changes, copies, forms, issued, ledger_export, ui_state, widgets
from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view

HIDDEN_COLUMNS = ("state",)
# Buttons that change the selected request (or issue a paper under it): the owner's only.
RECORD_ACTIONS = ("triage", "match", "decide", "transition", "approval", "refusal", "complaint")


class AccessPage(QWidget):
    """社区工作准入: register, triage, confirm, decide, print, complaints, statistics."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.model = WindowedTableModel(access.list_source(store, actor), self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._ledger_tab(), "台账")
        self.tabs.addTab(self._stats_tab(), "月度统计")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.model.modelReset.connect(self._update_count)
        self.model.count_known.connect(self._update_count)  # the exact count came later
        self.load_filters()
        self.show_detail()
        self.show_stats()
        changes.watch(self, store, {access.ENTITY, "community"}, self._changed)

    # -- layout --------------------------------------------------------------------------
    def _ledger_tab(self) -> QWidget:
        self.community = QComboBox()
        self.community.currentIndexChanged.connect(self._community_changed)
        self.unit = QComboBox()
        self.unit.currentIndexChanged.connect(self._apply_filters)
        self.state = QComboBox()
        self.state.addItem("全部状态", None)
        for key, label in rules.STATES.items():
            self.state.addItem(label, key)
        self.state.currentIndexChanged.connect(self._apply_filters)
        self.month = QLineEdit()
        self.month.setPlaceholderText("登记月份 2026-10")
        self.month.setMaximumWidth(130)
        self.month.returnPressed.connect(self._apply_filters)
        self.count_label = QLabel()
        top = QHBoxLayout()
        for label, w in (("社区：", self.community), ("申请单位：", self.unit),
                         ("状态：", self.state), ("月份：", self.month)):
            top.addWidget(QLabel(label))
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="准入事项台账",
                       hidden=HIDDEN_COLUMNS, actor=self.actor)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.detail = QTextBrowser()
        self.detail.setMinimumWidth(340)
        self.banner = copies.CopyBanner()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.banner)
        side_layout.addWidget(self.detail, 1)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([3000, 2000])  # 3:2 from the start (the user's own split is restored)
        ui_state.remember_splitter(split, "access")

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        specs = [("register", "登记…", self.register), ("triage", "比对清单", self.triage),
                 ("match", "确认匹配…", self.confirm_match), ("decide", "作出决定…", self.decide),
                 ("transition", "改变状态…", self.change_state),
                 ("approval", "打印审批表", self.print_approval),
                 ("refusal", "打印不予准入告知书", self.print_refusal),
                 ("complaint", "登记反映…", self.complaint),
                 ("export", "导出台账…", self.export)]
        for i, (key, text, slot) in enumerate(specs):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            grid.addWidget(button, 0, i)
        self.buttons["register"].setEnabled(auth.can(self.actor, "access.edit"))
        self.buttons["decide"].setEnabled(auth.can(self.actor, "access.decide"))
        tab = QWidget()
        v = QVBoxLayout(tab)
        v.addLayout(top)
        v.addWidget(split, 1)
        v.addLayout(grid)
        return tab

    def _stats_tab(self) -> QWidget:
        self.stats_month = QLineEdit(clock.today().strftime("%Y-%m"))
        self.stats_month.setMaximumWidth(120)
        self.stats_month.returnPressed.connect(self.show_stats)
        go = QPushButton("统计")
        go.clicked.connect(self.show_stats)
        self.stats_title = QLabel()
        self.stats_units = QTableWidget(0, 6)
        self.stats_types = QTableWidget(0, 6)
        headers = ["", *access.STAT_HEADERS]
        for t, first in ((self.stats_units, "申请单位"), (self.stats_types, "事项类型")):
            t.setHorizontalHeaderLabels([first, *headers[1:]])
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tab = QWidget()
        v = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(QLabel("月份："))
        row.addWidget(self.stats_month)
        row.addWidget(go)
        row.addWidget(self.stats_title, 1)
        v.addLayout(row)
        v.addWidget(QLabel("按申请单位（部门）："))
        v.addWidget(self.stats_units, 1)
        v.addWidget(QLabel("按事项类型："))
        v.addWidget(self.stats_types, 1)
        v.addWidget(QLabel("“准入/不予准入”按决定日期计入当月；“待决定/超期未决定”为月末（本月为今天）的状态。"
                           "决定期限为本地设置（默认西城区2018年做法：登记后15个工作日）。"))
        return tab

    # -- filters -------------------------------------------------------------------------
    def load_filters(self) -> None:
        """Fill the community and unit filters (a community worker sees only their own)."""
        scope = auth.community_scope(self.actor)
        for combo, items in (
                (self.community, [(c.name, c.id) for c in org.list_communities(self.store)
                                  if scope is None or c.id == scope]),
                (self.unit, [(u, u) for u in access.applicant_units(self.store, self.actor)])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if scope is None or combo is self.unit:
                combo.addItem("全部社区" if combo is self.community else "全部单位", None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def _community_changed(self) -> None:
        _ok, source = widgets.call_core(self, access.list_source, self.store, self.actor,
                                        self.community.currentData())
        if source is not None:
            self.model.set_source(source)
            self._apply_filters()

    def _apply_filters(self) -> None:
        month = self.month.text().strip()
        self.model.set_filter("applicant_unit", self.unit.currentData())
        self.model.set_filter("state", self.state.currentData())
        self.model.set_filter("received_on", month)
        self.show_detail()

    def show_month(self, month: str) -> None:
        """Show the requests registered in ``month`` (a dashboard figure was clicked)."""
        self.tabs.setCurrentIndex(0)
        self.month.setText(month)
        self._apply_filters()

    def _update_count(self) -> None:
        self.count_label.setText(f"共 {self.model.count_text()} 件")

    # -- detail --------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        """Id of the selected request."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _need_selection(self) -> int | None:
        rid = self.selected_id()
        if rid is None:
            widgets.show_error(self, ValidationError("请先在列表中选择一件准入申请。"))
        return rid

    def select_id(self, request_id: int) -> None:
        """Select the row of a request (after registering it)."""
        for row in range(self.model.rowCount()):
            if self.model.id_at(row) == request_id:
                self.view.selectRow(row)
                self.view.setCurrentIndex(self.model.index(row, 0))
                return

    def update_buttons(self, request_id: int | None) -> None:
        """The actions on one request are the owner's: another site's copy is only shown."""
        for key in RECORD_ACTIONS:
            allowed = key != "decide" or auth.can(self.actor, "access.decide")
            self.buttons[key].setEnabled(allowed)
            self.buttons[key].setToolTip("")
        why = copies.reason(self.store, access.ENTITY, request_id)
        self.banner.say(why)
        copies.lock([self.buttons[k] for k in RECORD_ACTIONS], why)

    def show_detail(self) -> None:
        """Show the selected request: fields, triage with list version, history."""
        rid = self.selected_id()
        self.update_buttons(rid)
        if rid is None:
            self.detail.setHtml("<p>选择左侧一件申请查看详情。</p>")
            return
        req = access.get_request(self.store, self.actor, rid)
        res = access.triage_result(self.store, self.actor, rid)
        e = escape
        html = [f"<h3>{e(req.title)}</h3>",
                f"<p><b>状态：</b>{e(req.state_label)}　<b>申请单位：</b>{e(req.applicant_unit)}"
                f"（{e(req.applicant_level)}）<br><b>类型：</b>{e(req.task_type)}　"
                f"<b>涉及社区：</b>{e(req.community_names)}<br><b>计划开始：</b>{req.planned_start}"
                f"　<b>登记：</b>{req.received_on}　<b>决定期限：</b>{req.decide_by}"
                f"{'' if req.deadline_confirmed else '（节假日未确认）'}</p>"]
        if req.late_application:
            html.append(f"<p style='color:#b45309'>申请晚于规定：应在 {req.apply_by} 前提出"
                        "（本地设置，默认西城区2018年做法：提前30个工作日）。</p>")
        if req.overdue():
            html.append("<p style='color:#c62828'><b>已超过决定期限仍未决定。</b></p>")
        if req.community_may_refuse:
            html.append("<p style='color:#c62828'><b>未经准入：社区可拒绝。</b></p>")
        if res is None:
            html.append("<p>尚未比对职责清单。</p>")
        else:
            html.append(f"<p><b>比对结果：</b>{e(res.label)}<br>{e(res.message)}<br>"
                        f"<b>所用清单：</b>{e(res.version_text)}</p>")
            if res.list_empty:
                html.append("<p style='color:#c62828'>职责清单为空或条目未知：请管理员在“参考目录”"
                            "导入街道收到的正式附件（社区职责清单），此后登记的事项才能比对。</p>")
            if res.suggestions:
                html.append("<p><b>候选条目（按文字相似度，须人工确认）：</b><br>" + "<br>".join(
                    f"第{s.seq}项 {e(s.text)}（{e(s.kind_label)}，{s.score:.0%}）"
                    for s in res.suggestions) + "</p>")
            if res.match_confirmed:
                html.append(f"<p>匹配由 {e(res.match_confirmed_by or '')} 确认。</p>")
        if req.decision:
            html.append(f"<p><b>决定：</b>{e(req.decision_label)}　"
                        f"{e(req.decision_reason)}（{e(req.decided_by or '')}，"
                        f"{req.decided_on}）</p>")
        label = rules.MACHINE.label
        html.append("<p><b>状态记录：</b><br>" + "<br>".join(
            f"{e(t.at)} {e(t.actor_name)}：{e(label(t.from_state) if t.from_state else '—')}"
            f" → {e(label(t.to_state))}（{e(t.reason)}）" for t in req.history) + "</p>")
        for c in access.list_complaints(self.store, self.actor, rid):
            html.append(f"<p>反映：{c.reported_on} {e(c.channel)} {e(c.outcome)}</p>")
        self.detail.setHtml("".join(html))

    def _changed(self, _notice: ChangeSet) -> None:
        """Requests or communities changed (here or elsewhere): re-read, keep the selection."""
        rid = self.selected_id()
        self.load_filters()
        self.model.refresh()
        if rid is not None:
            self.select_id(rid)
        self.show_detail()

    # -- actions -------------------------------------------------------------------------
    def register(self) -> None:
        """Open the registration dialog."""
        dialog = RegisterDialog(self.store, self.actor, self)
        if dialog.exec() and dialog.saved:
            self.select_id(dialog.saved.id)

    def triage(self) -> None:
        """Compare the selected request with the duty list in force."""
        rid = self._need_selection()
        if rid is not None:
            widgets.call_core(self, access.triage_request, self.store, self.actor, rid)

    def confirm_match(self) -> None:
        """A person confirms the matching list item."""
        rid = self._need_selection()
        if rid is None:
            return
        res = access.triage_result(self.store, self.actor, rid)
        if res is None:
            widgets.show_error(self, ValidationError("请先比对职责清单。"))
            return
        dialog = MatchDialog(self.store, res, self)
        if dialog.exec():
            widgets.call_core(self, access.confirm_match, self.store, self.actor, rid,
                              dialog.chosen_seq())

    def decide(self) -> None:
        """准入 / 不予准入."""
        rid = self._need_selection()
        if rid is None:
            return
        DecideDialog(self.store, self.actor, access.get_request(self.store, self.actor, rid),
                     self).exec()

    def change_state(self) -> None:
        """审核/执行中/完成/撤销 with a reason."""
        rid = self._need_selection()
        if rid is None:
            return
        req = access.get_request(self.store, self.actor, rid)
        targets = [rules.target(a.key) for a in rules.moves(req.state)]
        if not targets:
            widgets.show_error(self, ValidationError(f"“{req.state_label}”状态不能再改变。"))
            return
        labels = [rules.MACHINE.label(s) for s in targets]
        label, ok = QInputDialog.getItem(self, "改变状态", "改为：", labels, 0, False)
        if not ok:
            return
        reason = forms.ask_text(self, "改变状态", "原因：")
        if reason is not None:
            widgets.call_core(self, access.transition, self.store, self.actor, rid,
                              targets[labels.index(label)], reason)

    def _issue(self, fn, kind: str) -> None:
        rid = self._need_selection()
        if rid is None or not issued.confirm_number(self, self.store, kind):
            return
        _ok, doc = widgets.call_core(self, fn, self.store, self.actor, rid)
        if doc is None:
            return
        # deferred: the preview loads pypdfium2 (PDF rendering); only printing needs it
        from jiedao_desk.ui.kit.preview import PreviewDialog

        pdf = documents.reprint(self.store, doc.id, self.actor)
        PreviewDialog(pdf, f"{doc.title} {doc.doc_number}", self).exec()

    def print_approval(self) -> None:
        """Issue and preview the 准入审批表 (locks the request's fields)."""
        self._issue(access.issue_approval_form, "access_approval")

    def print_refusal(self) -> None:
        """Issue and preview the 不予准入告知书."""
        self._issue(access.issue_refusal_notice, "access_refusal")

    def complaint(self) -> None:
        """Record that the selected task was reported (12345, 上级 …)."""
        rid = self._need_selection()
        if rid is not None:
            ComplaintDialog(self.store, self.actor, rid, self).exec()

    def export(self) -> None:
        """Export the ledger as it is filtered now."""
        ledger_export.export_list(self, self.model.source, "社区工作准入台账", self.actor,
                                  hidden=HIDDEN_COLUMNS, disable=[self.buttons["export"]])

    # -- statistics ----------------------------------------------------------------------
    def show_stats(self) -> None:
        """Fill the monthly statistics tables."""
        _ok, stats = widgets.call_core(self, access.month_stats, self.store, self.actor,
                                       self.stats_month.text())
        if stats is None:
            return
        self.stats_title.setText(f"{stats.month} 月度统计（截至 {stats.as_of}）")
        for table, rows in ((self.stats_units, stats.by_unit), (self.stats_types, stats.by_type)):
            rows = [*rows, stats.total]
            table.setRowCount(len(rows))
            for r, s in enumerate(rows):
                for c, v in enumerate((s.key, s.received, s.admitted, s.refused, s.pending,
                                       s.overdue)):
                    item = QTableWidgetItem(str(v))
                    if c:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                    table.setItem(r, c, item)

