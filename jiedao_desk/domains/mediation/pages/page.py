# SPDX-License-Identifier: MIT
"""人民调解 page: case list, a case with tabs (概况/当事人/记录/附件/时间线/文书), intake and
statistics.

Widgets hold no rules: each button reads the widgets and calls one core function (the slots
are in case_actions.py, the intake tab in intake.py, the statistics tab in stats_tab.py); the
states, their labels and the actions a case offers come from the rules. The page refreshes
from the change notices of cases, documents and attachments, whoever made the change. ID
numbers are never shown in the list and are masked on the case tabs; the ledger export masks
them too unless the user may see them (core decides).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.core import attachments, auth, documents
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.domains import mediation
from jiedao_desk.domains.mediation.pages.case_actions import BUTTONS, CaseActions
from jiedao_desk.domains.mediation.pages.intake import WARN_STYLE, IntakeTab
from jiedao_desk.domains.mediation.pages.stats_tab import StatsTab
from jiedao_desk.domains.mediation.store import EXPORT_HIDDEN, HIDDEN_COLUMNS
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import changes, copies, ledger_export
from jiedao_desk.ui.kit.forms import Banner
from jiedao_desk.ui.kit.record_select import select_id
from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view

_USER = Qt.ItemDataRole.UserRole
# What the page shows of a case: the case itself, its documents and its attachments.
_WATCHED = (mediation.ENTITY, "document", "attachment")


class MediationPage(CaseActions):
    """Mediation cases from intake to archive (mediators and administrators only).

    Args:
        notes_for: ``notes_for(entity, record_id)`` returns lines shown under a case's 概况
            (e.g. the 12345 tickets it came from, which the shell knows about); None shows
            nothing more.
    """

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None,
                 notes_for: Callable[[str, int], str] | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.notes_for = notes_for
        self.case: mediation.Case | None = None
        auth.require(actor, "mediation.view")
        self.intake = IntakeTab(store, actor)
        self.intake.registered.connect(self._registered)
        self.stats_tab = StatsTab(store, actor)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._cases_tab(), "调解案件")
        self.tabs.addTab(self.intake, "登记纠纷")
        self.tabs.addTab(self.stats_tab, "月度统计")
        QVBoxLayout(self).addWidget(self.tabs)
        self.load()
        changes.watch(self, store, _WATCHED, self._changed)

    # -- layout ------------------------------------------------------------------------------
    def _cases_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(self._build_list_bar())
        layout.addWidget(self.view, 2)
        self.header = QLabel("（选择一件案件）")
        self.header.setStyleSheet("font-weight: bold;")
        # keeps its space, so the case buttons below it never move
        self.clock_label = Banner(lines=1, style=WARN_STYLE, grow=True)
        self.banner = copies.CopyBanner()
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.clock_label)
        layout.addLayout(self._build_buttons())
        layout.addWidget(self._build_detail_tabs(), 3)
        return page

    def _build_list_bar(self) -> QHBoxLayout:
        """The case list (``view``) and the bar above it: state filter, search, export."""
        source = mediation.list_source(self.store, self.actor)
        source.set_sort("received_on", descending=True)
        self.model = WindowedTableModel(source, self)
        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="人民调解案件台账",
                       hidden=HIDDEN_COLUMNS, actor=self.actor)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self.select(cur))
        self.state_filter = QComboBox()
        self.state_filter.addItem("全部状态", None)
        for key, label in mediation.MACHINE.states.items():
            self.state_filter.addItem(label, key)
        self.state_filter.currentIndexChanged.connect(self.apply_filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索卷号、当事人、纠纷情况")
        self.search.textChanged.connect(self.model.set_search)
        self.export_button = QPushButton("导出台账…")
        self.export_button.clicked.connect(lambda: self.export_ledger())
        bar = QHBoxLayout()
        for w in (QLabel("状态："), self.state_filter, QLabel("搜索："), self.search):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        return bar

    def _build_detail_tabs(self) -> QTabWidget:
        """The tabs of the case shown: 概况, 当事人, 记录, 附件 (with its void button), 时间线
        and 文书."""
        self.detail_tabs = QTabWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.party_list, self.records, self.att_list = QListWidget(), QListWidget(), QListWidget()
        self.timeline, self.doc_list = QListWidget(), QListWidget()
        att_page = QWidget()
        att_layout = QVBoxLayout(att_page)
        att_layout.addWidget(self.att_list)
        self.void_att_button = QPushButton("作废所选附件…")
        self.void_att_button.clicked.connect(self.do_void_attachment)
        att_layout.addWidget(self.void_att_button, 0, Qt.AlignmentFlag.AlignLeft)
        for widget, title in ((self.summary, "概况"), (self.party_list, "当事人"),
                              (self.records, "记录"), (att_page, "附件"),
                              (self.timeline, "时间线"), (self.doc_list, "文书")):
            self.detail_tabs.addTab(widget, title)
        return self.detail_tabs

    def _build_buttons(self) -> QGridLayout:
        """The case buttons of the rules, then the record kind and document choosers."""
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, (key, (label, _)) in enumerate(BUTTONS.items()):
            button = QPushButton(label)
            # no arguments: clicked(bool) must not reach slots with optional parameters
            slot = getattr(self, f"do_{key}")
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            self.buttons[key] = button
            grid.addWidget(button, n // 7, n % 7)
        self.record_kind = QComboBox()
        for key, label in mediation.RECORD_KINDS.items():
            self.record_kind.addItem(label, key)
        self.doc_kind = QComboBox()
        for key, label in mediation.DOCUMENT_KINDS.items():
            self.doc_kind.addItem(label, key)
        row = grid.rowCount()
        grid.addWidget(QLabel("记录类型："), row, 0)
        grid.addWidget(self.record_kind, row, 1)
        grid.addWidget(QLabel("文书："), row, 2)
        grid.addWidget(self.doc_kind, row, 3, 1, 2)
        return grid

    # -- loading -----------------------------------------------------------------------------
    def on_show(self) -> None:
        """Communities and the dispute types may have changed, and cases in another process
        (change notices cover this one)."""
        self.load()

    def load(self) -> None:
        """Reload choices, the list, the selected case and the statistics."""
        self.intake.load()
        self.model.refresh()
        self.show_case(self.case.id if self.case else None)
        self.stats_tab.load_stats()

    def _changed(self, _changes: ChangeSet) -> None:
        """A case, document or attachment changed (here or elsewhere): refresh the list and
        the case shown."""
        self.model.refresh()
        self.show_case(self.case.id if self.case else None)

    def show_month(self, month: str) -> None:
        """Show ``month``'s statistics per committee (a dashboard figure was clicked)."""
        self.stats_tab.month.setText(month)
        self.stats_tab.load_stats()
        self.tabs.setCurrentWidget(self.stats_tab)

    def apply_filter(self) -> None:
        """Filter the list by state."""
        self.model.set_filter("state", self.state_filter.currentData())

    def select(self, index) -> None:
        """Show the case of the current row."""
        self.show_case(self.model.id_at(index.row()) if index.isValid() else None)

    def _registered(self, case_id: int) -> None:
        self.show_case(case_id)
        self.tabs.setCurrentIndex(0)

    def export_ledger(self, path=None):
        """导出台账: what the list shows plus the parties' ID numbers (masked unless the user
        may see them — the list source decides)."""
        return ledger_export.export_list(self, self.model.source, "人民调解案件台账", self.actor,
                                         hidden=EXPORT_HIDDEN, path=path,
                                         disable=[self.export_button])

    def show_record(self, entity: str, entity_id: int) -> bool:
        """Open a case (a global search hit): clear the state filter and the search so the
        case is listed, select it and show it."""
        if entity != mediation.ENTITY:
            return False
        self.tabs.setCurrentIndex(0)
        self.state_filter.setCurrentIndex(0)
        self.search.clear()
        listed = select_id(self.view, self.model, entity_id)
        if self.case is None or self.case.id != entity_id:
            self.show_case(entity_id)
        return listed and self.case is not None and self.case.id == entity_id

    def show_case(self, case_id: int | None) -> None:
        """Fill the detail tabs and enable the actions allowed in the case's state."""
        self.case = mediation.get_case(self.store, self.actor, case_id) if case_id else None
        c = self.case
        offered = set() if c is None or not auth.can(self.actor, "mediation.edit") else \
            {a.key for a in mediation.MACHINE.available(c.machine_state)}
        for key, (_, actions) in BUTTONS.items():
            self.buttons[key].setEnabled(not offered.isdisjoint(actions))
        self.void_att_button.setEnabled("attach" in offered)
        # another site's case (received in a package) is shown, never changed here
        why = copies.reason(self.store, mediation.ENTITY, c.id if c else None)
        self.banner.say(why)
        copies.lock([*self.buttons.values(), self.void_att_button], why)
        for w in (self.timeline, self.doc_list, self.party_list, self.records, self.att_list):
            w.clear()
        if c is None:
            self.header.setText("（选择一件案件）")
            self.summary.setText("")
            self.clock_label.say("")
            return
        self.header.setText(f"{c.case_number}　{c.committee}　{c.state_label}")
        notes = (self.notes_for(mediation.ENTITY, c.id) if self.notes_for else "").strip("\n")
        self.summary.setText(self._summary(c) + (f"\n{notes}" if notes else ""))
        for p in c.parties:
            self._add(self.party_list, p.id, self._party_line(p))
        for e in c.events:
            shown = "；".join(str(v) for v in e.detail.values() if v and not isinstance(v, bool))
            self._add(self.records, e.id,
                      f"[{mediation.RECORD_KINDS[e.kind]}] {e.on_date}　{shown}")
        labels = mediation.attachment_labels()
        for a in attachments.list_attachments(self.store, mediation.ENTITY, c.id):
            self._add(self.att_list, a.id, f"{a.added_at[:10]}　{labels.get(a.note, a.note)}　"
                      f"{a.filename}（{a.size:,} 字节，校验值 {a.sha256[:12]}…）")
        label = mediation.MACHINE.label
        items = [(h.at[:10], f"{h.at[:16]} {h.actor_name}："
                  f"{label(h.from_state) if h.from_state else ''}→{label(h.to_state)}"
                  f" {h.reason}") for h in c.history]
        items += [(e.on_date.isoformat(), f"{e.on_date} {mediation.RECORD_KINDS[e.kind]}")
                  for e in c.events]
        self.timeline.addItems([text for _, text in sorted(items, key=lambda x: x[0])])
        self.doc_list.addItems([f"{d.issued_date} {d.title}{'（已作废）' if d.voided else ''}"
                                for d in documents.list_documents(self.store, mediation.ENTITY,
                                                                  c.id)])
        self.clock_label.say(self._clocks(c))

    @staticmethod
    def _add(widget: QListWidget, key: int, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(_USER, key)
        widget.addItem(item)

    @staticmethod
    def _party_line(p) -> str:
        age = p.age_on(clock.today())
        parts = [f"{mediation.ROLES[p.role]}：{p.name}", p.gender, p.ethnicity,
                 f"{age}岁" if age is not None else "", p.occupation, p.masked_id, p.phone,
                 p.address, f"代理人：{p.agent_name}" if p.agent_name else ""]
        return "　".join(x for x in parts if x)

    @staticmethod
    def _summary(c: mediation.Case) -> str:
        src = mediation.SOURCES[c.source] + (f"（{c.referred_by}）" if c.referred_by else "")
        lines = [f"纠纷类型：{c.dispute_type}　来源：{src}", f"纠纷简要情况：{c.summary}",
                 f"申请事项：{'；'.join(c.claims) or '—'}",
                 f"登记：{c.received_on}　受理：{c.accepted_on or '—'}　"
                 f"调解员：{'、'.join(c.mediators) or '—'}　"
                 f"权利义务告知：{c.rights_notified_on or '—'}"]
        if c.refusal_reason:
            lines.append(f"不予受理：{c.refusal_reason}；已告知：{c.refusal_route}")
        if c.outcome:
            lines.append(f"结果：{mediation.OUTCOMES[c.outcome]}（{c.outcome_on}）")
        if c.terms:
            lines.append("协议：" + "；".join(c.terms) + f"　金额：{c.amount_yuan:.2f}元")
        if c.routes_told:
            lines.append(f"终止原因：{c.termination_reason}；告知途径：{c.routes_told}")
        if c.jc_applied_on:
            results = {"confirmed": "确认有效", "rejected": "不予确认"}
            result = results.get(c.jc_result or "", "待定")
            lines.append(f"司法确认：{c.jc_applied_on}向{c.jc_court}申请，结果：{result}")
        return "\n".join(lines)

    def _clocks(self, c: mediation.Case) -> str:
        out = []
        if c.state == "accepted" and c.advisory_due():
            out.append(f"一般应在 {c.advisory_due()} 前调结（若干规定第三十三条，建议性）")
        window = c.jc_window(load_calendar(self.store))
        if window and not c.jc_applied_on:
            out.append(f"可在 {window} 前共同申请司法确认（人民调解法第三十三条）")
        return "；".join(out)
