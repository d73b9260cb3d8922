# SPDX-License-Identifier: MIT
"""The selected enforcement case: header, hints, action menus, and tabs with the clock
timeline (green / yellow / red), parties, records, evidence and documents.

Every action opens a small form (``EnforcementStepDialog``) declared in ``actions.STEPS`` and
calls one core function; a step is enabled when the rules make its action available in the
case's state. Documents are issued from the 出具文书 menu, built from ``documents.KINDS`` each
time it opens. The view refreshes from change notices (``ui.kit.changes.watch``) whoever
changed the case.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.domains.enforcement import lists, rules
from jiedao_desk.domains.enforcement import view as ev
from jiedao_desk.domains.enforcement.clocks import COLOUR_LABELS
from jiedao_desk.domains.enforcement.model import ENTITY, PARTY_KINDS, PROCEDURES, SOURCES
from jiedao_desk.domains.enforcement.pages import events as events_text
from jiedao_desk.domains.enforcement.pages.actions import GROUPS, STEPS, Step
from jiedao_desk.domains.enforcement.pages.case_docs import CaseDocumentsMixin
from jiedao_desk.domains.enforcement.pages.case_list import CLOCK_COLOURS
from jiedao_desk.domains.enforcement.pages.step_dialog import EnforcementStepDialog
from jiedao_desk.domains.enforcement.pages.tables import cell, fill_table, make_table
from jiedao_desk.domains.enforcement.pages.timeline import ClockTimeline
from jiedao_desk.domains.enforcement.view import CaseDetail
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import changes, copies, widgets
from jiedao_desk.ui.kit.forms import Banner

WARN_STYLE = "color: #b45309; background: #fff4e5; padding: 4px;"
DONE_STYLE = "color: #1b5e20; background: #e8f5e9; padding: 4px;"
# What the view shows: the case and its records, its documents and evidence files.
WATCHED = (ENTITY, "document", "attachment")
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the event id of a 办案记录 / 证据 row


class CaseDetailView(CaseDocumentsMixin, QWidget):
    """One case. Emits ``created`` with the id of a case a step registered (lead, 简易程序),
    so that the page selects it in its list."""

    created = Signal(int)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None,
                 notes_for: Callable[[str, int], str] | None = None):
        super().__init__(parent)
        # what other domains say about a case (the 12345 tickets it came from), given by
        # the shell: a domain page does not import the domains above it
        self.notes_for = notes_for
        self.store, self.actor = store, actor
        self.case_id = None
        self.detail = None
        self.last_officers: list[tuple[str, str]] = []
        self.step_dialog: EnforcementStepDialog | None = None
        self.doc_dialog = None
        self.dossier_dialog = None
        self.preview = None

        self._build_labels()
        bar = self._build_action_bar()
        self.tabs = QTabWidget()
        for widget, title in ((self._build_clock_tab(), "时间线"),
                              (self._build_party_tab(), "当事人"),
                              (self._build_records_tab(), "办案记录"),
                              (self._build_evidence_tab(), "证据"),
                              (self._build_doc_tab(), "文书")):
            self.tabs.addTab(widget, title)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = copies.CopyBanner()
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.set_case(None)
        changes.watch(self, store, WATCHED, self._on_changes)

    def _build_labels(self) -> None:
        """The case header, its warnings and the result of the last action."""
        self.header = QLabel("请在左侧选择案件，或登记新线索。")
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-weight: bold; font-size: 14px;")
        # both keep their space, so the step buttons below them never move
        self.warning = Banner(lines=2, style=WARN_STYLE, grow=True)
        self.message = Banner(lines=1, style=DONE_STYLE, grow=True)

    def _build_action_bar(self) -> QHBoxLayout:
        """One menu button per group of steps, 出具文书 and 案卷 PDF."""
        self.step_actions: dict[str, QAction] = {}
        bar = QHBoxLayout()
        self.menu_buttons: list[QToolButton] = []
        for group in GROUPS:
            button = QToolButton()
            button.setText(group)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(button)
            for step in (s for s in STEPS if s.group == group):
                action = menu.addAction(step.label)
                action.triggered.connect(lambda _=False, s=step: self.run_step(s))
                self.step_actions[step.key] = action
            button.setMenu(menu)
            bar.addWidget(button)
            self.menu_buttons.append(button)
        self.doc_button = QToolButton()
        self.doc_button.setText("出具文书")
        self.doc_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.doc_menu = QMenu(self.doc_button)
        self.doc_menu.aboutToShow.connect(self.build_doc_menu)
        self.doc_button.setMenu(self.doc_menu)
        self.dossier_button = QPushButton("案卷 PDF…")
        self.dossier_button.clicked.connect(self.open_dossier)
        bar.addSpacing(8)
        bar.addWidget(self.doc_button)
        bar.addWidget(self.dossier_button)
        bar.addStretch(1)
        self.build_doc_menu()
        return bar

    def _build_clock_tab(self) -> QWidget:
        """时间线: the clock timeline, the clocks table and the state history."""
        self.clocks = make_table(("时钟", "起算日", "期限", "状态", "依据"))
        self.history = make_table(("时间", "状态变更", "办理人", "说明"))
        self.timeline = ClockTimeline()
        tab = QWidget()
        cl = QVBoxLayout(tab)
        cl.addWidget(QLabel("法定期限（绿：未到期　黄：即将到期　红：已超期　灰：已完成）"))
        cl.addWidget(self.timeline)
        cl.addWidget(self.clocks, 3)
        cl.addWidget(QLabel("案件进程"))
        cl.addWidget(self.history, 2)
        return tab

    def _build_party_tab(self) -> QWidget:
        """当事人: the parties and the repeat-offence hint."""
        self.parties_hint = QLabel()
        self.parties_hint.setWordWrap(True)
        self.parties_hint.setStyleSheet(WARN_STYLE)
        self.parties = make_table(("类型", "姓名或名称", "证件号码", "法定代表人", "地址", "电话"))
        tab = QWidget()
        pl = QVBoxLayout(tab)
        pl.addWidget(self.parties_hint)
        pl.addWidget(self.parties, 1)
        return tab

    def _build_records_tab(self) -> QWidget:
        """办案记录: the records and voiding one."""
        self.records = make_table(("日期", "环节", "内容", "执法人员", "登记人"))
        self.void_record_button = QPushButton("作废所选记录…")
        self.void_record_button.setToolTip("误登记的笔录、证据、送达等记录作废后仍保留，注明原因")
        self.void_record_button.clicked.connect(lambda: self.void_selected_record(self.records))
        tab = QWidget()
        rl = QVBoxLayout(tab)
        rl.addWidget(self.records, 1)
        rrow = QHBoxLayout()
        rrow.addWidget(self.void_record_button)
        rrow.addStretch(1)
        rl.addLayout(rrow)
        return tab

    def _build_evidence_tab(self) -> QWidget:
        """证据: the evidence files, opening and voiding one."""
        self.evidence = make_table(("取证日期", "证据说明", "文件", "拍摄时间", "拍摄位置",
                                    "校验值"))
        self.open_evidence_button = QPushButton("打开所选证据文件")
        self.open_evidence_button.setToolTip(
            "打开前核对文件的校验值，内容被改动的不能作为证据使用")
        self.open_evidence_button.clicked.connect(self.open_selected_evidence)
        self.evidence.doubleClicked.connect(lambda _i: self.open_selected_evidence())
        self.void_evidence_button = QPushButton("作废所选证据…")
        self.void_evidence_button.clicked.connect(
            lambda: self.void_selected_record(self.evidence))
        tab = QWidget()
        el = QVBoxLayout(tab)
        el.addWidget(self.evidence, 1)
        erow = QHBoxLayout()
        erow.addWidget(self.open_evidence_button)
        erow.addWidget(self.void_evidence_button)
        erow.addStretch(1)
        el.addLayout(erow)
        return tab

    def _build_doc_tab(self) -> QWidget:
        """文书: the issued documents, previewing and voiding one."""
        self.docs = make_table(("文书", "文号", "出具日期", "状态"))
        self.docs.doubleClicked.connect(lambda _i: self.preview_selected_document())
        self.preview_button = QPushButton("预览／打印所选文书…")
        self.preview_button.clicked.connect(self.preview_selected_document)
        self.void_doc_button = QPushButton("作废所选文书…")
        self.void_doc_button.clicked.connect(self.void_selected_document)
        tab = QWidget()
        dl = QVBoxLayout(tab)
        dl.addWidget(self.docs, 1)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.void_doc_button)
        row.addStretch(1)
        dl.addLayout(row)
        return tab

    # -- showing a case --------------------------------------------------------------------
    def set_case(self, case_id: int | None) -> None:
        """Show another case (None: nothing selected)."""
        if case_id != self.case_id:
            self.message.say("")
        self.case_id = case_id
        self.refresh()

    def _on_changes(self, changes: ChangeSet) -> None:
        # documents and attachments name no case in their notice: re-read on any of them
        if self.case_id is not None and (str(self.case_id) in changes.ids(ENTITY)
                                         or changes.touches("document", "attachment")):
            self.refresh()

    def refresh(self) -> None:
        """Re-read the case and redraw every tab; enable the steps its state allows."""
        self.detail = None
        if self.case_id is not None:
            ok, self.detail = widgets.call_core(self, ev.case_detail, self.store, self.actor,
                                                self.case_id)
        d = self.detail
        available = {a.key for a in rules.available(d.case if d else None)}
        for step in STEPS:
            self.step_actions[step.key].setEnabled(step.key in available)
        for button in (self.void_record_button, self.void_evidence_button):
            button.setEnabled("void_record" in available)
        self.doc_button.setEnabled("issue_document" in available)
        # a case file held as another site's copy is read here, worked on by its owner
        why = copies.reason(self.store, ENTITY, self.case_id)
        self.banner.say(why)
        copies.lock([*self.step_actions.values(), self.void_record_button,
                     self.void_evidence_button, self.doc_button], why)
        self.dossier_button.setEnabled(d is not None)  # reading the file is always possible
        if d is None:
            for t in (self.clocks, self.history, self.parties, self.records, self.evidence,
                      self.docs):
                t.setRowCount(0)
            self.timeline.set_clocks([])
            for i, title in enumerate(("当事人", "办案记录", "证据", "文书"), start=1):
                self.tabs.setTabText(i, title)
            self.header.setText("请在左侧选择案件，或登记新线索。")
            self.warning.say("")
            self.parties_hint.setVisible(False)
            return
        self._show_header(d)
        self._show_clocks(d)
        self._show_parties(d)
        fill_table(self.history, [(h.at[:16].replace("T", " "),
                                   f"{rules.label(h.from_state) if h.from_state else '—'} → "
                                   f"{rules.label(h.to_state)}", h.actor_name, h.reason)
                                  for h in d.history], (140, 240, 100))
        fill_table(self.records, [events_text.row(e) for e in d.events], (90, 130, 380, 200))
        for r, e in enumerate(d.events):
            cell(self.records, r, 0).setData(EVENT_ROLE, e.id)
        ok, files = widgets.call_core(self, lists.evidence_of, self.store, self.actor,
                                      self.case_id)
        fill_table(self.evidence, [(f.day.isoformat(), ("【线索照片】" if f.stage == "lead" else "")
                                    + f.description, f.filename, f.exif_time, f.exif_gps,
                                    f.sha256) for f in (files or [])],
                   (90, 180, 160, 140, 160))
        for r, f in enumerate(files or []):
            cell(self.evidence, r, 0).setData(Qt.ItemDataRole.UserRole, f.attachment_id)
            cell(self.evidence, r, 0).setData(EVENT_ROLE, f.event_id)
        fill_table(self.docs, [(doc.title, doc.doc_number or "（不编号）", doc.issued_date,
                           "已作废" if doc.voided else "有效") for doc in d.documents],
              (200, 220, 100))
        for r, doc in enumerate(d.documents):
            cell(self.docs, r, 0).setData(Qt.ItemDataRole.UserRole, doc.id)
        for i, (title, n) in enumerate((("当事人", len(d.parties)), ("办案记录", len(d.events)),
                                        ("证据", len(files or [])),
                                        ("文书", len(d.documents))), start=1):
            self.tabs.setTabText(i, f"{title}（{n}）" if n else title)

    def _show_header(self, d: CaseDetail) -> None:
        c = d.case
        names = "、".join(p.name for p in d.parties) or "（未登记）"
        fine = f"　罚款 {c.fine_fen / 100:.2f} 元" if c.decided_on else ""
        archive = f"　归档号 {c.archive_no}" if c.archive_no else ""
        self.header.setText(
            f"案件 {c.label}　{PROCEDURES[c.procedure]}　{rules.label(c.current_state)}{fine}"
            f"{archive}\n{SOURCES.get(c.source, c.source)}　{c.found_on.isoformat()}　{c.place}："
            f"{c.description}\n职权事项：{c.power_text or '（未立案）'}　当事人：{names}"
            + self._notes(c.id))
        notes = list(d.warnings)
        if c.voided_at:
            notes.insert(0, f"本案已作废：{c.void_reason}")
        if c.state == "not_opened":
            notes.append(f"不予立案理由：{c.not_opened_reason}")
        if d.repeat:
            earlier = {r.id: r.label for r in d.repeat}
            notes.append("同一当事人或地址有既往案件：" + "、".join(
                earlier[k] for k in sorted(earlier)))
        if d.missing:
            notes.append("缺少必备文书：" + "、".join(d.missing))
        self.warning.say("\n".join(notes))
        extra = []
        if d.discretion:
            extra.append("裁量：" + (d.discretion.tier_code or "档次未知") + "　"
                         + d.discretion.reasons)
        if d.publication and c.decided_on:
            done = [p for p in d.publication.records if not p.withdrawn_on]
            todo = "应公示，尚未登记" if d.publication.required else "不需公示"
            extra.append("公示：" + ("已公示 " + done[-1].published_on.isoformat() if done
                                   else todo))
        if extra:
            self.header.setText(self.header.text() + "\n" + "　".join(extra))


    def _show_clocks(self, d: CaseDetail) -> None:
        self.timeline.set_clocks(d.clocks)
        rows = []
        for clk, colour in d.clocks:
            state = COLOUR_LABELS[colour]
            if clk.done_on is not None:
                state += f"（{clk.done_on.isoformat()}）"
            elif clk.earliest:
                state = "最早可办理日"
            if not clk.confirmed:
                state += "　节假日安排未确认"
            rows.append((clk.label, clk.start.isoformat(), clk.due.isoformat(), state, clk.basis))
        fill_table(self.clocks, rows, (220, 90, 90, 170))
        for r, (_clk, colour) in enumerate(d.clocks):
            for c in range(self.clocks.columnCount()):
                item = cell(self.clocks, r, c)
                item.setBackground(QColor(CLOCK_COLOURS[colour]))
                item.setData(Qt.ItemDataRole.UserRole, colour)

    def _show_parties(self, d: CaseDetail) -> None:
        fill_table(self.parties, [(PARTY_KINDS[p.kind], p.name, p.id_number, p.legal_rep,
                                   p.address, p.phone) for p in d.parties],
                   (100, 140, 170, 90, 180))
        if d.repeat:
            earlier = "；".join(f"案件 {r.label}（{r.found_on.isoformat()}，{r.name}，"
                               f"{r.power_text or '未立案'}）" for r in d.repeat)
            self.parties_hint.setText("再次违法提示（供裁量参考，不是认定）：同一证件号码或地址的"
                                      f"既往案件 {earlier}")
        self.parties_hint.setVisible(bool(d.repeat))

    # -- actions ---------------------------------------------------------------------------
    def run_step(self, step: Step) -> EnforcementStepDialog:
        """Open the form of ``step``; on 确定 its core function runs inside the dialog (a
        refusal is said there and keeps the input); once accepted, the page shows the result."""
        before = self.case_id
        dialog = EnforcementStepDialog(step.label.rstrip("…"), step.fields(self),
                                       lambda values: step.call(self, values), self, step.note)
        dialog.accepted.connect(lambda: self._stepped(dialog, before))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _stepped(self, dialog: EnforcementStepDialog, before: int | None) -> None:
        self.show_message(dialog.result_value or "")
        if self.case_id != before:  # a new case (lead, 简易程序): show and select it
            self.refresh()
            self.created.emit(self.case_id)

    def show_message(self, text: str) -> None:
        """Show the result of the last action above the tabs."""
        self.message.say(text or "")

    def _notes(self, case_id: int) -> str:
        notes = self.notes_for(ENTITY, case_id).strip("\n") if self.notes_for else ""
        return f"\n{notes}" if notes else ""
