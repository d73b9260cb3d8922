# SPDX-License-Identifier: MIT
"""Slots of the 接诉即办 page that act on tickets (a mixin of ``HotlinePage``).

Each slot reads a small form and calls one core function; the list and the detail refresh
from the change notice of the committed action (``HotlinePage.on_changes``). ``TicketActions``
is the base of the page: it declares what the page sets (``store``, ``actor``, ``model``,
``view``, ``buttons``, ``counts``, ``month``) and what the page does (``refresh_list``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.domains import mediation, org
from jiedao_desk.domains.hotline import actions as hotline_actions
from jiedao_desk.domains.hotline import history as hotline_history
from jiedao_desk.domains.hotline import importing as hotline_import
from jiedao_desk.domains.hotline import links as hotline_links
from jiedao_desk.domains.hotline import rates as hotline_rates
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.domains.hotline.model import (
    CLAIM_CLASSES,
    NATURES,
    SATISFACTION,
    ImportSummary,
    Ticket,
)
from jiedao_desk.domains.hotline.pages.dialogs import HotlineFormDialog, MappingDialog, RatesDialog
from jiedao_desk.domains.hotline.pages.history_dialog import HistoryDialog
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, tasks, widgets
from jiedao_desk.ui.kit.windowed import WindowedTableModel

# A form field: (key, label, kind, options) — see ``HotlineFormDialog``.
FormField = tuple[str, str, str, Any]


class TicketActions(QWidget):
    """Ticket actions: 登记, 派单, 吹哨 … 作废, import, mapping, rates, links and history."""

    store: Store
    actor: Actor
    model: WindowedTableModel
    view: QTableView
    buttons: dict[str, QPushButton]
    counts: QLabel
    month: QLineEdit
    task: tasks.Task
    history_dialog: HistoryDialog
    last_result: Any = None  # what the core call of the last accepted form returned

    def refresh_list(self, reload_communities: bool = False) -> None:
        """Re-read the list and keep the selected ticket (the page implements it)."""
        raise NotImplementedError

    def selected_id(self) -> int | None:
        """Id of the selected ticket."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _form(self, title: str, fields: list[FormField],
              submit: Callable[[dict], object] | None = None, required: tuple[str, ...] = (),
              confirm: str = "") -> dict | None:
        """Show a form; with ``submit`` (the core call) it closes only once core accepted,
        so a refusal keeps what was typed. The values, or None when cancelled."""
        dialog = HotlineFormDialog(title, fields, self, submit, required,
                                   (lambda _v: confirm) if confirm else None)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        values = dialog.values()
        self.last_result = dialog.result_value
        dialog.deleteLater()
        return values if accepted else None

    def _run(self, fn: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
        ok, _ = widgets.call_core(self, fn, self.store, self.actor, *args, **kwargs)
        return ok

    def _on_ticket(self, title: str, fields: list[FormField], fn: Callable[..., object],
                   build: Callable[[dict], tuple[tuple, dict]], action: str,
                   required: tuple[str, ...] = (), confirm: str = "") -> None:
        """The form of ``action`` on the selected ticket, opened only if core allows the
        action now; ``fn(store, actor, ticket, *build(values))`` runs inside the form."""
        tid = self.selected_id()
        if tid is None:
            widgets.show_error(self, ValidationError("请先选择一张工单。"))
            return
        reason = hotline_actions.check_action(self.store, self.actor, tid, action)
        if not forms.precheck(self, title, reason):
            return

        def submit(v: dict) -> object:
            args, kwargs = build(v)
            return fn(self.store, self.actor, tid, *args, **kwargs)

        self._form(title, fields, submit, required, confirm)

    def _communities(self) -> list[tuple[str, Any]]:
        scope = auth.community_scope(self.actor)
        return [(c.name, c.id) for c in org.list_communities(self.store)
                if scope is None or c.id == scope]

    def add_ticket(self) -> None:
        """登记工单."""
        now = clock.now().strftime("%Y-%m-%d %H:%M")
        types = [(t, t) for t in hotline.claim_types(self.store)] or [("（目录未导入）", "")]
        self._form("登记工单", [
            ("ticket_no", "工单编号", "line", ""), ("received_at", "受理时间", "line", now),
            ("claim_type", "诉求类型", "choice", types),
            ("claim_class", "时限类别", "choice", sorted(
                ((t, k) for k, t in CLAIM_CLASSES.items()),
                key=lambda x: x[1] != "general")),
            ("category", "问题分类（多级用->）", "line", ""), ("title", "标题", "line", ""),
            ("content", "主要内容", "text", None),
            ("claimant_name", "诉求人（空=保密）", "line", ""),
            ("claimant_phone", "电话", "line", ""),
            ("community_id", "社区", "choice", [("（未定）", None), *self._communities()]),
            ("place", "地点", "line", ""),
            ("nature", "工单性质", "choice", [(n, n) for n in NATURES])],
            lambda v: hotline.add_ticket(self.store, self.actor, v),
            required=("ticket_no", "received_at"))

    def dispatch(self) -> None:
        """派单."""
        self._on_ticket("派单", [
            ("community_id", "社区", "choice", [("（派给科室）", None), *self._communities()]),
            ("office", "或街道科室", "line", ""), ("note", "说明", "line", "")],
            hotline_actions.dispatch, lambda v: ((), v), "dispatch")

    def summon(self) -> None:
        """吹哨."""
        self._on_ticket("吹哨（街乡吹哨、部门报到）", [
            ("on", "吹哨时间", "line", clock.now().strftime("%Y-%m-%d %H:%M")),
            ("department", "部门", "line", ""), ("issue", "问题", "text", None)],
            hotline_actions.summon, lambda v: ((v["on"], v["department"], v["issue"]), {}),
            "summon", ("on", "department", "issue"))

    def contact(self) -> None:
        """先行联系."""
        self._on_ticket("先行联系", [
            ("at", "联系时间", "line", clock.now().strftime("%Y-%m-%d %H:%M")),
            ("person", "联系人", "line", self.actor.name)],
            hotline_actions.record_contact, lambda v: ((v["at"], v["person"]), {}),
            "contact", ("at", "person"))

    def handling(self) -> None:
        """办理记录."""
        self._on_ticket("办理记录", [("text", "办理情况", "text", None)],
                        hotline_actions.add_handling, lambda v: ((v["text"],), {}),
                        "handling", ("text",))

    def reply(self) -> None:
        """答复/办结."""
        self._on_ticket("答复/办结", [
            ("text", "答复内容", "text", None), ("close", "同时办结", "check", None),
            ("at", "办结时间", "line", clock.now().strftime("%Y-%m-%d %H:%M"))],
            hotline_actions.reply,
            lambda v: ((v["text"],), {"close": v["close"], "closed_at": v["at"]}),
            "reply", ("text",))

    def visit(self) -> None:
        """回访结果."""
        self._on_ticket("回访结果", [
            ("contacted", "已联系", "check", None), ("solved", "已解决", "check", None),
            ("satisfaction", "满意度", "choice", [(s, s) for s in SATISFACTION])],
            hotline_actions.record_visit,
            lambda v: ((v["contacted"], v["solved"], v["satisfaction"]), {}), "visit")

    def return_ticket(self) -> None:
        """退单."""
        self._on_ticket("退单", [("reason", "退单理由", "text", None)],
                        hotline_actions.return_ticket, lambda v: ((v["reason"],), {}),
                        "return", ("reason",))

    def extend(self) -> None:
        """延期."""
        self._on_ticket("延期", [("days", "延期天数", "int", (1, 90)),
                                ("reason", "延期理由", "line", "")],
                        hotline_actions.extend, lambda v: ((v["days"], v["reason"]), {}),
                        "extend", ("reason",))

    def flags(self) -> None:
        """不合理诉求 / 考核申诉 / 不纳入考核."""
        self._on_ticket("标记", [
            ("unreasonable", "不合理诉求", "check", None), ("appeal", "考核申诉", "check", None),
            ("appeal_result", "申诉结果", "line", ""), ("excluded", "不纳入考核", "check", None),
            ("reason", "理由或依据", "line", "")], hotline_actions.set_flags, lambda v: ((), v),
            "flags", ("reason",))

    def void(self) -> None:
        """作废."""
        number = (self.model.row_values(self.view.currentIndex().row()) or {}).get(
            "ticket_no", "")
        self._on_ticket("作废工单", [("reason", "作废原因", "line", "")], hotline.void_ticket,
                        lambda v: ((v["reason"],), {}), "void", ("reason",),
                        f"作废后，工单 {number} 不再出现在列表、统计和三率中（仍留档可查）。")

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

        def done(s: ImportSummary) -> None:
            self.counts.setText(f"共 {self.model.count_text()} 张；刚导入 {s.rows} 行：新增 "
                                f"{s.created}，更新 {s.updated}")

        if self.store.path is None:  # in-memory store (tests): no other thread can see it
            ok, s = widgets.call_core(self, hotline_import.import_file, self.store, actor,
                                      path, mapping)
            if ok and s is not None:
                done(s)  # the change notice has refreshed the list
            return
        open_store = tasks.store_factory(self.store.path)

        def work(progress):
            with open_store() as st:  # the worker's own connection
                return hotline_import.import_file(st, actor, path, mapping, progress)

        def done_elsewhere(s: ImportSummary) -> None:
            # The worker's connection announces its commit to its own listeners only.
            self.refresh_list()
            done(s)

        self.task = tasks.run_task(self, "正在导入工单…", work, on_done=done_elsewhere,
                                   disable=[self.buttons["import"]])

    def edit_mapping(self) -> None:
        """Read a file's headers and map them to ticket fields."""
        path, _ = QFileDialog.getOpenFileName(self, "选择一个市平台导出文件", "", "Excel (*.xlsx)")
        if not path:
            return
        ok, headers = widgets.call_core(self, hotline_import.read_headers, path)
        if not ok:
            return
        dialog = MappingDialog(
            headers or [], hotline_import.get_mapping(self.store), self,
            lambda v: hotline_import.save_mapping(self.store, self.actor, v["name"],
                                                  v["mapping"]))
        dialog.exec()
        dialog.deleteLater()

    def show_rates(self) -> None:
        """The month's 三率 table."""
        month = self.month.text().strip() or clock.today().isoformat()[:7]
        ok, rows = widgets.call_core(self, hotline_rates.month_rates, self.store, self.actor,
                                     month)
        if ok and rows is not None:
            RatesDialog(month, rows, self).exec()

    # -- links and history -------------------------------------------------------------
    def _selected_ticket(self) -> Ticket | None:
        tid = self.selected_id()
        if tid is None:
            widgets.show_error(self, ValidationError("请先选择一张工单。"))
            return None
        ok, t = widgets.call_core(self, hotline.get_ticket, self.store, self.actor, tid)
        return t if ok else None

    def _done(self, text: str) -> None:
        QMessageBox.information(self, "已完成", text)

    def to_mediation(self) -> None:
        """转人民调解: register a referred mediation case from the ticket and link it."""
        t = self._selected_ticket()
        if t is None:
            return
        title = "转人民调解（登记为委托移送的调解案件）"
        if not forms.precheck(self, title, hotline_actions.check_action(
                self.store, self.actor, t.id, "to_mediation")):
            return
        _, types = mediation.dispute_types(self.store)
        name = "" if t.claimant_name == "保密" else t.claimant_name
        v = self._form("转人民调解（登记为委托移送的调解案件）", [
            ("dispute_type", "纠纷类型", "choice",
             [(x, x) for x in types] or [("（纠纷类型目录未导入，请管理员导入）", "")]),
            ("applicant", "申请人（来电人真实姓名）", "line", name),
            ("respondent", "被申请人", "line", ""),
            ("summary", "纠纷简要情况（空=工单内容）", "text", None),
            ("community_id", "调委会", "choice",
             [("工单所属社区的调委会", -1), ("街道人民调解委员会", None),
              *self._communities()])],
            lambda v: hotline_links.to_mediation(self.store, self.actor, t.id, **v),
            required=("dispute_type", "respondent"))
        res = None if v is None else self.last_result
        if res is not None:
            number = mediation.get_case(self.store, self.actor, res[0]).case_number
            self._done(f"已登记人民调解案件 {number}，并与工单 {t.ticket_no} 关联。")

    def to_enforcement(self) -> None:
        """转执法线索: register an enforcement lead (source 12345转办) and link it."""
        t = self._selected_ticket()
        if t is None:
            return
        title = "转执法线索（来源：12345转办）"
        if not forms.precheck(self, title, hotline_actions.check_action(
                self.store, self.actor, t.id, "to_enforcement")):
            return
        v = self._form(title, [
            ("description", "线索描述（空=工单内容）", "line", ""),
            ("place", "地点", "line", t.place),
            ("found_on", "发现日期", "line", t.received_at[:10])],
            lambda v: hotline_links.to_enforcement(self.store, self.actor, t.id, **v),
            required=("found_on",))
        res = None if v is None else self.last_result
        if res is not None:
            self._done(f"已登记执法线索 #{res[0]}，并与工单 {t.ticket_no} 关联。")

    def void_link(self) -> None:
        """作废关联: void a wrong link of the selected ticket (the case itself stays)."""
        t = self._selected_ticket()
        if t is None:
            return
        links = hotline_links.links_of(self.store, self.actor, t.id)
        if not links:
            widgets.show_error(self, ValidationError("这张工单没有关联的案件。"))
            return
        self._form("作废关联（案件本身不受影响）", [
            ("link_id", "关联", "choice", [(x.label, x.id) for x in links]),
            ("reason", "作废原因", "line", "")],
            lambda v: hotline_links.void_link(self.store, self.actor, v["link_id"], v["reason"]),
            required=("reason",))

    def show_history(self, kind: str = "person") -> HistoryDialog | None:
        """来电人历史 / 地址历史 of the selected ticket (only the domains this role may see)."""
        tid = self.selected_id()
        if tid is None:
            widgets.show_error(self, ValidationError("请先选择一张工单。"))
            return None
        ok, h = widgets.call_core(self, hotline_history.ticket_history, self.store,
                                  self.actor, tid, kind)
        if not ok or h is None:
            return None
        self.history_dialog = HistoryDialog(h, self)
        self.history_dialog.open()  # not modal-blocking: the list stays usable
        return self.history_dialog


def link_rows(store, actor, ticket_id: int) -> list[tuple[str, str]]:
    """(label, text) rows of a ticket's links for the detail pane."""
    return [("关联", f"{x.label}{'（由本工单转办）' if x.origin == 'created' else ''}"
             f"{' ' + x.note if x.note and x.note not in x.label else ''}")
            for x in hotline_links.links_of(store, actor, ticket_id)]
