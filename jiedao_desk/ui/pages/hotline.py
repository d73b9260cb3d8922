# SPDX-License-Identifier: MIT
"""接诉即办 page: the 12345 ticket list (filters, clock colours), the detail and its actions."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.core import (
    auth,
    clock,
    hotline,
    hotline_actions,
    hotline_import,
    hotline_rates,
    org,
    settings,
)
from jiedao_desk.core.actor import Actor
from jiedao_desk.core.errors import ValidationError
from jiedao_desk.store import Store
from jiedao_desk.store.hotline import HIDDEN_COLUMNS
from jiedao_desk.ui import tasks, widgets
from jiedao_desk.ui.dialogs.hotline_dialogs import HotlineFormDialog, MappingDialog, RatesDialog
from jiedao_desk.ui.models.windowed import WindowedTableModel, configure_view

COLOURS = {hotline.RED: QColor("#f8d7da"), hotline.YELLOW: QColor("#fff3cd"),
           hotline.GREEN: QColor("#d4edda")}
STATUSES = (("全部状态", None), *((v, k) for k, v in hotline.STATUS_LABELS.items()))


class TicketModel(WindowedTableModel):
    """The windowed ticket list; the row background shows the running clock."""

    def __init__(self, source, store: Store, parent=None):
        super().__init__(source, parent)
        self.store = store
        self.share = float(settings.get(store, "hotline.yellow_share"))

    def refresh(self) -> None:
        """Reload rows and the colour threshold setting."""
        self.share = float(settings.get(self.store, "hotline.yellow_share"))
        super().refresh()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, plus a red/yellow/green background for open tickets."""
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            v = self.row_values(index.row())
            if v is None or v["status"] in ("replied", "closed"):
                return None
            c = hotline.clock_of(self.store, v, share=self.share)
            return COLOURS[c.colour] if c else None
        return super().data(index, role)


class HotlinePage(QWidget):
    """List, filter and work on 12345 tickets."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.model = TicketModel(hotline.list_source(store, actor), store, self)
        self.model.source.set_sort("received_at", descending=True)
        self.model.refresh()
        self.month = QLineEdit(clock.today().isoformat()[:7])
        self.month.setPlaceholderText("YYYY-MM，空=全部")
        self.month.setMaximumWidth(110)
        self.month.editingFinished.connect(self.apply_filters)
        self.community = QComboBox()
        self.community.currentIndexChanged.connect(self.apply_filters)
        self.status = QComboBox()
        for text, key in STATUSES:
            self.status.addItem(text, key)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：编号、标题、内容、地点")
        self.search.setMaximumWidth(220)
        self.search.editingFinished.connect(self.apply_filters)
        self.counts = QLabel()
        bar = QHBoxLayout()
        for w in (QLabel("受理月份："), self.month, self.community, self.status, self.search):
            bar.addWidget(w)
        bar.addWidget(self.counts, 1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("add", "登记工单…", self.add_ticket),
                                ("import", "导入市平台工单…", self.import_file),
                                ("mapping", "调整列对应…", self.edit_mapping),
                                ("rates", "本月三率…", self.show_rates)):
            bar.addWidget(self._button(key, text, slot))

        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="接诉即办工单台账")
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        for i, col in enumerate(self.model.columns):
            if col.key in HIDDEN_COLUMNS:
                self.view.hideColumn(i)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.detail = QTextBrowser()
        actions = QGridLayout()
        for n, (key, text, slot) in enumerate((
                ("dispatch", "派单…", self.dispatch), ("summon", "吹哨…", self.summon),
                ("contact", "先行联系…", self.contact), ("handling", "办理记录…", self.handling),
                ("reply", "答复/办结…", self.reply), ("visit", "回访结果…", self.visit),
                ("return", "退单…", self.return_ticket), ("extend", "延期…", self.extend),
                ("flags", "不合理诉求/申诉…", self.flags), ("void", "作废…", self.void))):
            actions.addWidget(self._button(key, text, slot), n // 5, n % 5)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.detail, 1)
        rl.addLayout(actions)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        note = QLabel("时限（派单/反馈）与三率权重均为设置（“设置”页“接诉即办”组），"
                      "默认值据公开报道，"
                      "非标准原文。行底色：红=已超时，黄=临近，绿=未到期。电话只显示后四位。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(split, 1)
        can_edit = auth.can(actor, "hotline.edit")
        for key, b in self.buttons.items():
            if key != "rates":
                b.setEnabled(can_edit)
        self.load()

    def _button(self, key: str, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(lambda: slot())
        self.buttons[key] = b
        return b

    # -- list --------------------------------------------------------------------------
    def on_show(self) -> None:
        """Communities or tickets may have changed elsewhere."""
        self.load()

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

    def apply_filters(self) -> None:
        """Filter by month, community and status."""
        self.model.set_filter("month", self.month.text().strip() or None)
        self.model.set_filter("community_id", self.community.currentData())
        self.model.set_filter("status", self.status.currentData())
        self.model.set_search(self.search.text())
        self.counts.setText(f"共 {self.model.rowCount()} 张")
        self.show_detail()

    def selected_id(self) -> int | None:
        """Id of the selected ticket."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        """Select a row (tests and keyboard users)."""
        self.view.setCurrentIndex(self.model.index(row, 0))

    def show_detail(self) -> None:
        """Show the selected ticket."""
        tid = self.selected_id()
        if tid is None:
            self.detail.setPlainText("选择一张工单查看详情。")
            return
        ok, t = widgets.call_core(self, hotline.get_ticket, self.store, self.actor, tid)
        if not ok or t is None:
            return
        c = hotline.clock_of(self.store, t)
        e = html.escape
        rows = [("工单编号", t["ticket_no"]), ("状态", t["status_text"]),
                ("受理时间", t["received_at"]), ("诉求类型", t["claim_type"] or "—"),
                ("时限类别", hotline.CLAIM_CLASSES[t["claim_class"]]),
                ("问题分类", t["category"] or "—"), ("工单性质", t["nature"]),
                ("诉求人", f"{t['claimant_name']} {hotline.mask_phone(t['claimant_phone'])}"),
                ("社区 / 地点", f"{t['community_name'] or '—'} / {t['place'] or '—'}"),
                ("承办", t["assignee"] or "未派单"),
                ("派单期限 / 反馈期限", f"{t['dispatch_due']} / {t['feedback_due']}"
                 f"（延期 {t['extension_days']} 天）"),
                ("计时", f"{c.label} {c.due:%Y-%m-%d %H:%M} "
                 f"{ {'red': '已超时', 'yellow': '临近', 'green': '未到期'}[c.colour]}"
                 if c else "已停止"),
                ("先行联系", f"{t['contacted_at'] or '—'} {t['contact_person']}"),
                ("标题", t["title"]), ("内容", t["content"]), ("办理情况", t["handling"] or "—"),
                ("答复 / 办结", f"{t['reply'] or '—'} / {t['closed_at'] or '—'}"),
                ("回访", "—" if t["visit_satisfaction"] is None else
                 f"联系：{'是' if t['visit_contacted'] else '否'}，解决："
                 f"{'是' if t['visit_solved'] else '否'}，{t['visit_satisfaction']}"),
                ("标记", "、".join(x for x, on in (("不合理诉求", t["flag_unreasonable"]),
                                               (f"考核申诉（{t['appeal_result'] or '待定'}）",
                                                t["appeal"]),
                                               ("不纳入考核", t["excluded"])) if on) or "—")]
        rows += [("吹哨", f"{s['summoned_on']} {s['department']}：{s['issue']}；报到 "
                  f"{s['arrived_at'] or '未报到'} {s['result']}") for s in t["summons"]]
        rows += [("关联", f"{x['entity']} #{x['entity_id']} {x['note']}") for x in t["links"]]
        rows += [("其他列", f"{k}：{v}") for k, v in t["extra"].items()]
        body = "".join(f"<tr><th align='right' valign='top'>{e(k)}</th><td>"
                       f"{e(str(v)).replace(chr(10), '<br>')}</td></tr>" for k, v in rows)
        history = "".join(f"<li>{e(x['at'])} {e(x['actor_name'])} {e(x['kind_text'])}</li>"
                          for x in t["events"])
        self.detail.setHtml(f"<table cellspacing='4'>{body}</table><p><b>办理历史</b></p>"
                            f"<ul>{history}</ul>")

    # -- actions -----------------------------------------------------------------------
    def _form(self, title: str, fields) -> dict | None:
        dialog = HotlineFormDialog(title, fields, self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _run(self, fn, *args, **kwargs) -> bool:
        keep = self.selected_id()
        ok, _ = widgets.call_core(self, fn, self.store, self.actor, *args, **kwargs)
        if ok:
            self.model.refresh()
            self.apply_filters()
            self._reselect(keep)
        return ok

    def _reselect(self, ticket_id: int | None) -> None:
        """Select the ticket again after a refresh (looked for in the first rows only, so a
        huge list is never read whole)."""
        for row in range(min(self.model.rowCount(), 2000)):
            if ticket_id is not None and self.model.id_at(row) == ticket_id:
                self.select_row(row)
                return

    def _on_ticket(self, title: str, fields, fn, build) -> None:
        tid = self.selected_id()
        if tid is None:
            widgets.show_error(self, ValidationError("请先选择一张工单。"))
            return
        v = self._form(title, fields)
        if v is not None:
            args, kwargs = build(v)
            self._run(fn, tid, *args, **kwargs)

    def _communities(self) -> list[tuple[str, Any]]:
        scope = auth.community_scope(self.actor)
        return [(c.name, c.id) for c in org.list_communities(self.store)
                if scope is None or c.id == scope]

    def add_ticket(self) -> None:
        """登记工单."""
        now = clock.now().strftime("%Y-%m-%d %H:%M")
        types = [(t, t) for t in hotline.claim_types(self.store)] or [("（目录未导入）", "")]
        v = self._form("登记工单", [
            ("ticket_no", "工单编号", "line", ""), ("received_at", "受理时间", "line", now),
            ("claim_type", "诉求类型", "choice", types),
            ("claim_class", "时限类别", "choice", sorted(
                ((t, k) for k, t in hotline.CLAIM_CLASSES.items()),
                key=lambda x: x[1] != "general")),
            ("category", "问题分类（多级用->）", "line", ""), ("title", "标题", "line", ""),
            ("content", "主要内容", "text", None),
            ("claimant_name", "诉求人（空=保密）", "line", ""),
            ("claimant_phone", "电话", "line", ""),
            ("community_id", "社区", "choice", [("（未定）", None), *self._communities()]),
            ("place", "地点", "line", ""),
            ("nature", "工单性质", "choice", [(n, n) for n in hotline.NATURES])])
        if v is not None:
            self._run(hotline.add_ticket, v)

    def dispatch(self) -> None:
        """派单."""
        self._on_ticket("派单", [
            ("community_id", "社区", "choice", [("（派给科室）", None), *self._communities()]),
            ("office", "或街道科室", "line", ""), ("note", "说明", "line", "")],
            hotline_actions.dispatch, lambda v: ((), v))

    def summon(self) -> None:
        """吹哨."""
        self._on_ticket("吹哨（街乡吹哨、部门报到）", [
            ("on", "吹哨时间", "line", clock.now().strftime("%Y-%m-%d %H:%M")),
            ("department", "部门", "line", ""), ("issue", "问题", "text", None)],
            hotline_actions.summon, lambda v: ((v["on"], v["department"], v["issue"]), {}))

    def contact(self) -> None:
        """先行联系."""
        self._on_ticket("先行联系", [
            ("at", "联系时间", "line", clock.now().strftime("%Y-%m-%d %H:%M")),
            ("person", "联系人", "line", self.actor.name)],
            hotline_actions.record_contact, lambda v: ((v["at"], v["person"]), {}))

    def handling(self) -> None:
        """办理记录."""
        self._on_ticket("办理记录", [("text", "办理情况", "text", None)],
                        hotline_actions.add_handling, lambda v: ((v["text"],), {}))

    def reply(self) -> None:
        """答复/办结."""
        self._on_ticket("答复/办结", [
            ("text", "答复内容", "text", None), ("close", "同时办结", "check", None),
            ("at", "办结时间", "line", clock.now().strftime("%Y-%m-%d %H:%M"))],
            hotline_actions.reply,
            lambda v: ((v["text"],), {"close": v["close"], "closed_at": v["at"]}))

    def visit(self) -> None:
        """回访结果."""
        self._on_ticket("回访结果", [
            ("contacted", "已联系", "check", None), ("solved", "已解决", "check", None),
            ("satisfaction", "满意度", "choice", [(s, s) for s in hotline.SATISFACTION])],
            hotline_actions.record_visit,
            lambda v: ((v["contacted"], v["solved"], v["satisfaction"]), {}))

    def return_ticket(self) -> None:
        """退单."""
        self._on_ticket("退单", [("reason", "退单理由", "text", None)],
                        hotline_actions.return_ticket, lambda v: ((v["reason"],), {}))

    def extend(self) -> None:
        """延期."""
        self._on_ticket("延期", [("days", "延期天数", "int", (1, 90)),
                                ("reason", "延期理由", "line", "")],
                        hotline_actions.extend, lambda v: ((v["days"], v["reason"]), {}))

    def flags(self) -> None:
        """不合理诉求 / 考核申诉 / 不纳入考核."""
        self._on_ticket("标记", [
            ("unreasonable", "不合理诉求", "check", None), ("appeal", "考核申诉", "check", None),
            ("appeal_result", "申诉结果", "line", ""), ("excluded", "不纳入考核", "check", None),
            ("reason", "理由或依据", "line", "")], hotline_actions.set_flags, lambda v: ((), v))

    def void(self) -> None:
        """作废."""
        self._on_ticket("作废工单", [("reason", "作废原因", "line", "")], hotline.void_ticket,
                        lambda v: ((v["reason"],), {}))

    def import_file(self, path: str | None = None, mapping: str | None = None) -> None:
        """Import a city-platform export (all or nothing)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "导入市平台工单", "", "Excel (*.xlsx)")
            if not path:
                return
            names = hotline_import.mapping_names(self.store)
            v = self._form("选择列对应关系", [("mapping", "列对应", "choice",
                                          [(n, n) for n in names])])
            if v is None:
                return
            mapping = v["mapping"]
        actor = self.actor

        def done(s: hotline_import.ImportSummary) -> None:
            self.model.refresh()
            self.apply_filters()
            self.counts.setText(f"共 {self.model.rowCount()} 张；刚导入 {s.rows} 行：新增 "
                                f"{s.created}，更新 {s.updated}")

        if self.store.path is None:  # in-memory store (tests): no other thread can see it
            ok, s = widgets.call_core(self, hotline_import.import_file, self.store, actor,
                                      path, mapping)
            if ok and s is not None:
                done(s)
            return
        open_store = tasks.store_factory(self.store.path)

        def work(progress):
            with open_store() as st:  # the worker's own connection
                return hotline_import.import_file(st, actor, path, mapping, progress)

        self.task = tasks.run_task(self, "正在导入工单…", work, on_done=done,
                                   disable=[self.buttons["import"]])

    def edit_mapping(self) -> None:
        """Read a file's headers and map them to ticket fields."""
        path, _ = QFileDialog.getOpenFileName(self, "选择一个市平台导出文件", "", "Excel (*.xlsx)")
        if not path:
            return
        ok, headers = widgets.call_core(self, hotline_import.read_headers, path)
        if not ok:
            return
        dialog = MappingDialog(headers or [], hotline_import.get_mapping(self.store), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            widgets.call_core(self, hotline_import.save_mapping, self.store, self.actor,
                              dialog.name.text(), dialog.mapping())

    def show_rates(self) -> None:
        """The month's 三率 table."""
        month = self.month.text().strip() or clock.today().isoformat()[:7]
        ok, rows = widgets.call_core(self, hotline_rates.month_rates, self.store, self.actor,
                                     month)
        if ok and rows is not None:
            RatesDialog(month, rows, self).exec()
