# SPDX-License-Identifier: MIT
"""接诉即办 page: the 12345 ticket list (filters, clock colours), the detail and its actions.

The action buttons and the state filter come from the rules (``rules.MACHINE``): a button is
enabled when the user holds its permission and, for the selected ticket, the rules allow it
(the reason shows as its tooltip otherwise). The page refreshes from change notices.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.core import auth
from jiedao_desk.domains import org
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.clocks import clock_of, yellow_share
from jiedao_desk.domains.hotline.model import CLAIM_CLASSES, GREEN, RED, YELLOW, Ticket, Timing
from jiedao_desk.domains.hotline.pages.actions import TicketActions, link_rows
from jiedao_desk.domains.hotline.pages.hotspots import HotspotPanel
from jiedao_desk.domains.hotline.pages.trend import TrendPanel
from jiedao_desk.domains.hotline.rules import ENTITY, EVENT_LABELS, MACHINE, permission
from jiedao_desk.domains.hotline.store import HIDDEN_COLUMNS
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import copies, ui_state, widgets
from jiedao_desk.ui.kit.changes import watch
from jiedao_desk.ui.kit.record_select import select_id
from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view, follow_count

COLOURS = {RED: QColor("#f8d7da"), YELLOW: QColor("#fff3cd"), GREEN: QColor("#d4edda")}
STATES = (("全部状态", None), *((v, k) for k, v in MACHINE.states.items()))
# Buttons that take an action of the rules: button key → the actions it may take.
RULED = {"dispatch": ("dispatch",), "summon": ("summon",), "contact": ("contact",),
         "handling": ("handling",), "reply": ("reply", "close"), "visit": ("visit",),
         "return": ("return",), "extend": ("extend",), "flags": ("flags",), "void": ("void",),
         "to_mediation": ("to_mediation",), "to_enforcement": ("to_enforcement",)}
# Where the button says more than the action's name (the form it opens).
CAPTIONS = {"reply": EVENT_LABELS["reply"], "visit": "回访结果", "flags": "不合理诉求/申诉"}
# What else a change notice may concern: the community filter, the labels of linked cases.
WATCHED = (ENTITY, "hotline_batch", "community", "mediation_case", "enforcement_case")


class TicketModel(WindowedTableModel):
    """The windowed ticket list; the row background shows the running clock."""

    def __init__(self, source, store: Store, parent=None):
        super().__init__(source, parent)
        self.store = store
        self.share = yellow_share(store)

    def refresh(self) -> None:
        """Reload rows and the colour threshold setting."""
        self.share = yellow_share(self.store)
        super().refresh()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, plus a red/yellow/green background for open tickets."""
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            v = self.row_values(index.row())
            if v is None:
                return None
            c = clock_of(self.store, Timing(v["state"], v["received_at"], v["dispatch_due"],
                                            v["feedback_due"]), share=self.share)
            return COLOURS[c.colour] if c else None
        return super().data(index, role)


class HotlinePage(TicketActions):
    """List, filter and work on 12345 tickets; tabs for the 三率 trend and 主动治理."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.model = TicketModel(hotline.list_source(store, actor), store, self)
        self.model.source.set_sort("received_at", descending=True)
        self.model.refresh()
        self.buttons: dict[str, QPushButton] = {}
        bar = self._build_filter_bar()
        split = self._build_list_and_detail()
        note = QLabel("时限（派单/反馈）与三率权重均为设置（“设置”页“接诉即办”组），"
                      "默认值据公开报道，"
                      "非标准原文。行底色：红=已超时，黄=临近，绿=未到期。电话只显示后四位。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        tickets = QWidget()
        tl = QVBoxLayout(tickets)
        tl.addLayout(bar)
        tl.addWidget(note)
        tl.addWidget(split, 1)
        self.trend = TrendPanel(store, actor)
        self.hotspots = HotspotPanel(store, actor)
        self.tabs = QTabWidget()
        self.tabs.addTab(tickets, "工单")
        self.tabs.addTab(self.trend, "三率趋势")
        self.tabs.addTab(self.hotspots, "主动治理（高频诉求）")
        self.tabs.currentChanged.connect(lambda *_: self._load_tab())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        can_edit = auth.can(actor, "hotline.edit")
        for key in ("add", "import", "mapping", "void_link"):
            self.buttons[key].setEnabled(can_edit)
        self.load()
        watch(self, store, WATCHED, self.on_changes)

    def _build_filter_bar(self) -> QHBoxLayout:
        """Month, community, state and search filters, the count, then 登记/导入/列对应/三率."""
        self.month = QLineEdit(clock.today().isoformat()[:7])
        self.month.setPlaceholderText("如 2026-11，空=全部")
        self.month.setMaximumWidth(110)
        self.month.editingFinished.connect(self.apply_filters)
        self.community = QComboBox()
        self.community.currentIndexChanged.connect(self.apply_filters)
        self.state = QComboBox()
        for text, key in STATES:
            self.state.addItem(text, key)
        self.state.currentIndexChanged.connect(self.apply_filters)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：编号、标题、内容、地点")
        self.search.setMaximumWidth(220)
        # never narrower than its own hint (at 150 % the buttons beside it squeezed it)
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 16)
        self.search.editingFinished.connect(self.apply_filters)
        self.counts = QLabel()
        follow_count(self.model, self.counts)
        bar = QHBoxLayout()
        for w in (QLabel("受理月份："), self.month, self.community, self.state, self.search):
            bar.addWidget(w)
        bar.addWidget(self.counts, 1)
        for key, text, slot in (("add", "登记工单…", self.add_ticket),
                                ("import", "导入市平台工单…", self.import_file),
                                ("mapping", "调整列对应…", self.edit_mapping),
                                ("rates", "本月三率…", self.show_rates)):
            bar.addWidget(self._button(key, text, slot))
        return bar

    def _build_list_and_detail(self) -> QSplitter:
        """The ticket list beside the detail with the buttons of the ticket actions."""
        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="接诉即办工单台账", actor=self.actor)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        for i, col in enumerate(self.model.columns):
            if col.key in HIDDEN_COLUMNS:
                self.view.hideColumn(i)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.detail = QTextBrowser()
        actions = QGridLayout()
        slots = {"dispatch": self.dispatch, "summon": self.summon, "contact": self.contact,
                 "handling": self.handling, "reply": self.reply, "visit": self.visit,
                 "return": self.return_ticket, "extend": self.extend, "flags": self.flags,
                 "void": self.void, "to_mediation": self.to_mediation,
                 "to_enforcement": self.to_enforcement}
        entries: list[tuple[str, str, Callable[[], object]]] = [
            *((key, f"{CAPTIONS.get(key) or MACHINE.action(key).label}…", slot)
              for key, slot in slots.items()),
            ("history_person", "来电人历史…", lambda: self.show_history("person")),
            ("history_address", "地址历史…", lambda: self.show_history("address")),
            ("void_link", "作废关联…", self.void_link)]
        # four buttons a row: five made the detail side so wide that the ticket list lost
        # its columns on a 1366×768 screen
        for n, (key, text, slot) in enumerate(entries):
            actions.addWidget(self._button(key, text, slot), n // 4, n % 4)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.banner = copies.CopyBanner()
        rl.addWidget(self.banner)
        rl.addWidget(self.detail, 1)
        rl.addLayout(actions)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([3000, 2000])  # 3:2 from the start (the user's own split is restored)
        ui_state.remember_splitter(split, "hotline")
        return split

    def _button(self, key: str, text: str, slot: Callable[[], object]) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(lambda: slot())
        self.buttons[key] = b
        return b

    # -- list --------------------------------------------------------------------------
    def on_show(self) -> None:
        """Communities or tickets may have changed elsewhere."""
        self.load()
        self._load_tab()

    def _load_tab(self) -> None:
        """The trend and hot-spot tabs compute when shown, not with every list refresh."""
        if self.tabs.currentWidget() is self.trend:
            self.trend.load()
        elif self.tabs.currentWidget() is self.hotspots:
            self.hotspots.load()

    def load(self) -> None:
        """Fill the community filter and the list."""
        current = self.community.currentData()
        self.community.blockSignals(True)
        self.community.clear()
        scope = auth.community_scope(self.actor)
        if scope is None:
            self.community.addItem("全部社区", None)
        for c in org.list_communities(self.store):
            if scope is None or c.id == scope:
                self.community.addItem(c.name, c.id)
        self.community.setCurrentIndex(max(self.community.findData(current), 0))
        self.community.blockSignals(False)
        self.apply_filters()

    def show_month(self, month: str) -> None:
        """Show the tickets received in ``month`` (a dashboard figure was clicked)."""
        self.tabs.setCurrentIndex(0)
        self.month.setText(month)
        self.apply_filters()

    def on_changes(self, changes: ChangeSet) -> None:
        """A committed action changed tickets, communities or linked cases: show it."""
        if changes.touches(ENTITY, "hotline_batch", "community"):
            self.refresh_list(reload_communities=changes.touches("community"))
        else:  # a linked case: its label in the detail
            self.show_detail()
        if self.tabs.currentWidget() is not self.tabs.widget(0):
            self._load_tab()

    def refresh_list(self, reload_communities: bool = False) -> None:
        """Re-read the list under the current filters and keep the selected ticket."""
        keep = self.selected_id()
        self.model.refresh()
        if reload_communities:
            self.load()
        else:
            self.apply_filters()
        self._reselect(keep)

    def _reselect(self, ticket_id: int | None) -> None:
        """Select the ticket again after a refresh (looked for in the first rows only, so a
        huge list is never read whole)."""
        for row in range(min(self.model.rowCount(), 2000)):
            if ticket_id is not None and self.model.id_at(row) == ticket_id:
                self.select_row(row)
                return

    def apply_filters(self) -> None:
        """Filter by month, community and state."""
        self.model.set_filter("month", self.month.text().strip() or None)
        self.model.set_filter("community_id", self.community.currentData())
        self.model.set_filter("state", self.state.currentData())
        self.model.set_search(self.search.text())
        self.counts.setText(f"共 {self.model.count_text()} 张")
        self.show_detail()

    def show_record(self, entity: str, entity_id: int) -> bool:
        """Open a ticket (a global search hit): clear the month, state, community and search
        filters so it is listed, and select it; a long list is narrowed by the ticket number."""
        if entity != ENTITY:
            return False
        ok, ticket = widgets.call_core(self, hotline.get_ticket, self.store, self.actor,
                                       entity_id)
        if not ok or ticket is None:
            return False
        self.tabs.setCurrentIndex(0)
        for box in (self.community, self.state):  # 全部 (a worker's list stays scoped)
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.month.clear()
        self.search.clear()
        self.apply_filters()
        if select_id(self.view, self.model, entity_id):
            return True
        self.search.setText(ticket.ticket_no)
        self.apply_filters()
        return select_id(self.view, self.model, entity_id)

    def select_row(self, row: int) -> None:
        """Select a row (tests and keyboard users)."""
        self.view.setCurrentIndex(self.model.index(row, 0))

    def update_buttons(self, ticket: Ticket | None) -> None:
        """Enable the action buttons the user may take on ``ticket`` (with none selected: the
        ones the user's role may take at all; the slot then asks for a ticket)."""
        for key, actions in RULED.items():
            allowed = [a for a in actions if auth.can(self.actor, permission(a))]
            refusals = [] if ticket is None else [
                MACHINE.refusal(a, ticket.state, ticket) for a in allowed]
            possible = bool(allowed) and (ticket is None or None in refusals)
            self.buttons[key].setEnabled(possible)
            self.buttons[key].setToolTip("" if possible or not refusals else refusals[0] or "")
        self.buttons["void_link"].setEnabled(auth.can(self.actor, "hotline.edit"))
        # a ticket another site holds (the street's, or one handed to a community's PC) is
        # shown here, and worked on where it is owned
        why = copies.reason(self.store, ENTITY, ticket.id if ticket else None)
        self.banner.say(why)
        copies.lock([*(self.buttons[k] for k in RULED), self.buttons["void_link"]], why)

    def show_detail(self) -> None:
        """Show the selected ticket."""
        tid = self.selected_id()
        if tid is None:
            self.detail.setPlainText("选择一张工单查看详情。")
            self.update_buttons(None)
            return
        ok, t = widgets.call_core(self, hotline.get_ticket, self.store, self.actor, tid)
        if not ok or t is None:
            return
        self.update_buttons(t)
        c = clock_of(self.store, t.timing)
        e = html.escape
        rows = [("工单编号", t.ticket_no), ("状态", t.state_label),
                ("受理时间", t.received_at), ("诉求类型", t.claim_type or "—"),
                ("时限类别", CLAIM_CLASSES[t.claim_class]),
                ("问题分类", t.category or "—"), ("工单性质", t.nature),
                ("诉求人", f"{t.claimant_name} {hotline.mask_phone(t.claimant_phone)}"),
                ("社区 / 地点", f"{t.community_name or '—'} / {t.place or '—'}"),
                ("承办", t.assignee or "未派单"),
                ("派单期限 / 反馈期限", f"{t.dispatch_due} / {t.feedback_due}"
                 f"（延期 {t.extension_days} 天）"),
                ("计时", f"{c.label} {c.due:%Y-%m-%d %H:%M} "
                 f"{ {'red': '已超时', 'yellow': '临近', 'green': '未到期'}[c.colour]}"
                 if c else "已停止"),
                ("先行联系", f"{t.contacted_at or '—'} {t.contact_person}"),
                ("标题", t.title), ("内容", t.content), ("办理情况", t.handling or "—"),
                ("答复 / 办结", f"{t.reply or '—'} / {t.closed_at or '—'}"),
                ("回访", "—" if t.visit_satisfaction is None else
                 f"联系：{'是' if t.visit_contacted else '否'}，解决："
                 f"{'是' if t.visit_solved else '否'}，{t.visit_satisfaction}"),
                ("标记", "、".join(x for x, on in (("不合理诉求", t.flag_unreasonable),
                                               (f"考核申诉（{t.appeal_result or '待定'}）",
                                                t.appeal),
                                               ("不纳入考核", t.excluded)) if on) or "—")]
        rows += [("吹哨", f"{s.summoned_on} {s.department}：{s.issue}；报到 "
                  f"{s.arrived_at or '未报到'} {s.result}") for s in t.summons]
        rows += link_rows(self.store, self.actor, tid)
        rows += [("其他列", f"{k}：{v}") for k, v in t.extra.items()]
        body = "".join(f"<tr><th align='right' valign='top'>{e(k)}</th><td>"
                       f"{e(str(v)).replace(chr(10), '<br>')}</td></tr>" for k, v in rows)
        history = "".join(f"<li>{e(x.at)} {e(x.actor_name)} {e(x.kind_label)}</li>"
                          for x in t.events)
        self.detail.setHtml(f"<table cellspacing='4'>{body}</table><p><b>办理历史</b></p>"
                            f"<ul>{history}</ul>")
