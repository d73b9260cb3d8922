# SPDX-License-Identifier: MIT
"""人民调解 page: the action buttons of the selected case (one core call each).

The buttons are the actions of the rules (rules.MACHINE), enabled when the case's state offers
them; the core checks the legal gates and explains a refusal. ``CaseActions`` is the base of
``MediationPage``: it declares the ``store``, ``actor``, ``case`` and the detail widgets
(``record_kind``, ``doc_kind``, ``records``, ``party_list``, ``att_list``) that the page sets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QListWidget, QMessageBox, QWidget

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import attachments
from jiedao_desk.domains import mediation
from jiedao_desk.domains.mediation.pages.fields_dialog import (
    Field,
    MediationFieldsDialog,
    ask_fields,
)
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, widgets
from jiedao_desk.ui.kit.issued import IssuedBox, announce_issued, confirm_number

# Actions that ask for something first (their buttons end with "…").
_ASKS = frozenset(("refuse", "assign", "agree", "terminate", "jc_apply", "jc_result",
                   "transfer", "edit_case", "edit_party", "edit_record", "void_record",
                   "attach", "void_case"))
# The four kinds of work record share one button (the kind is chosen beside it).
RECORD_ACTIONS = tuple(f"record_{kind}" for kind in mediation.RECORD_KINDS)


def _buttons() -> dict[str, tuple[str, tuple[str, ...]]]:
    """button key → (text, the actions of the rules it takes), in the rules' order."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for action in mediation.MACHINE.actions:
        if action.key in RECORD_ACTIONS:
            out.setdefault("record", ("添加记录…", RECORD_ACTIONS))
        else:
            out[action.key] = (action.label + ("…" if action.key in _ASKS else ""),
                               (action.key,))
    return out


BUTTONS = _buttons()


def _title(action: str) -> str:
    """The title of the dialog an action asks in: its label in the rules."""
    return mediation.MACHINE.action(action).label


# What the dialog of each record kind asks (the core checks the required ones).
RECORD_FIELDS: dict[str, list[Field]] = {
    "investigation": [("place", "地点", "line"), ("subject", "被调查人", "line"),
                      ("content", "调查内容", "text"), ("on", "日期", "date")],
    "session": [("place", "地点", "line"), ("matter", "事由", "line"),
                ("participants", "参加人", "line"), ("recorder", "记录人", "line"),
                ("content", "调解情况", "text"), ("on", "日期", "date")],
    "risk": [("sign", "激化迹象", "line"), ("measure", "采取的措施", "line"),
             ("escalation", "可能转为治安或刑事案件", "check"),
             ("reported_to", "已报告的公安机关或部门", "line"),
             ("prevented", "防止类型", [("（无）", ""), ("防止民转刑", "criminal"),
                                        ("防止群体性上访", "petition")]),
             ("persons", "涉及人数", "line"), ("on", "日期", "date")],
    "follow_up": [("party", "回访对象", "line"), ("performance", "协议履行情况", "line"),
                  ("satisfaction", "满意程度", "line"), ("risks", "纠纷隐患", "line"),
                  ("measures", "采取的措施", "line"), ("on", "回访日期", "date")],
}
_PARTY_FIELDS: list[Field] = [
    ("name", "姓名/名称", "line"), ("id_number", "身份证号（自然人）", "line"),
    ("credit_code", "统一社会信用代码（单位）", "line"),
    ("birth_date", "出生日期（无身份证号时）", "line"), ("ethnicity", "民族", "line"),
    ("occupation", "职业或职务", "line"), ("phone", "联系电话", "line"),
    ("address", "单位或住址", "line"), ("representative", "法定代表人", "line"),
    ("agent_name", "委托代理人", "line"), ("agent_phone", "代理人电话", "line"),
    ("agent_authority", "代理权限", "line")]


def _selected(widget: QListWidget) -> int | None:
    """The id kept on the current item of a list (None when nothing is selected)."""
    item = widget.currentItem()
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class CaseActions(QWidget):
    """The slots of the case buttons (the base of the page, which sets what is declared)."""

    store: Store
    actor: Actor
    case: mediation.Case | None
    record_kind: QComboBox
    doc_kind: QComboBox
    records: QListWidget
    party_list: QListWidget
    att_list: QListWidget
    issued_box: IssuedBox | None = None  # what the last 出具文书 issued

    @property
    def shown(self) -> mediation.Case:
        """The case on screen: the case buttons are enabled only while one is shown."""
        assert self.case is not None, "a case action was taken with no case shown"
        return self.case

    def run_core(self, fn: Callable[..., object], *args: Any, **kwargs: Any) -> bool:
        """Call one core function (errors are shown); its change notice refreshes the page."""
        ok, _result = widgets.call_core(self, fn, self.store, self.actor, *args, **kwargs)
        return ok

    def possible(self, action: str, title: str = "") -> bool:
        """Whether the case may take ``action`` now (asked of core before a form opens); if
        not, core's reason is shown once, before anything is typed."""
        reason = mediation.check_action(self.store, self.actor, self.shown.id, action)
        return forms.precheck(self, title or _title(action), reason)

    def ask_and_do(self, action: str, fields: list[Field], call: Callable[[dict], object],
                   title: str = "", initial: dict | None = None,
                   required: tuple[str, ...] = (), confirm: str = "") -> bool:
        """Open the form of ``action`` if core allows it now; ``call(values)`` is the core
        call, made inside the form so a refusal keeps what was typed. ``confirm``: the
        consequence of a step that cannot be undone, asked before it is taken."""
        title = title or _title(action)
        if not self.possible(action, title):
            return False
        dialog = MediationFieldsDialog(title, fields, self, initial, lambda v: call(v),
                                       required)
        if confirm:
            dialog.confirm = lambda _v: confirm
        accepted = dialog.exec() == MediationFieldsDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted

    def do_accept(self) -> None:
        """受理 today."""
        self.run_core(mediation.accept, self.shown.id)

    def do_refuse(self) -> None:
        """不予受理 with reason and route."""
        self.ask_and_do("refuse", [("reason", "理由", "line"),
                                   ("route", "告知当事人的途径", "line")],
                        lambda v: mediation.refuse(self.store, self.actor, self.shown.id,
                                                   v["reason"], v["route"]),
                        required=("reason", "route"))

    def do_assign(self) -> None:
        """指定调解员 (names separated by 、)."""
        self.ask_and_do("assign", [("names", "调解员（用“、”分隔）", "line")],
                        lambda v: mediation.assign_mediators(
                            self.store, self.actor, self.shown.id,
                            v["names"].replace("，", "、").split("、")),
                        required=("names",))

    def do_notify(self) -> None:
        """Record the rights notice given today (in writing)."""
        self.run_core(mediation.notify_rights, self.shown.id)

    def do_record(self) -> None:
        """Add a record of the kind chosen."""
        kind = self.record_kind.currentData()

        def call(v: dict) -> object:
            v = dict(v)
            on = v.pop("on")
            return mediation.add_record(self.store, self.actor, self.shown.id, kind, v, on)

        self.ask_and_do(f"record_{kind}", RECORD_FIELDS[kind], call,
                        title=mediation.RECORD_KINDS[kind],
                        required=(*mediation.RECORD_REQUIRED[kind], "on"))

    def do_agree(self) -> None:
        """Register a written or oral agreement."""
        self.ask_and_do("agree", [
            ("oral", "口头协议", "check"), ("facts", "事实、争议及责任", "text"),
            ("terms", "协议内容（每行一条）", "text"), ("amount", "涉及金额（元）", "line"),
            ("manner", "履行方式", "line"), ("place", "履行地点", "line"),
            ("deadline", "履行期限", "line"), ("effective", "生效日期", "date")],
            lambda v: mediation.record_agreement(
                self.store, self.actor, self.shown.id, written=not v["oral"],
                facts=v["facts"], terms=v["terms"].splitlines(), amount_yuan=v["amount"],
                manner=v["manner"], place=v["place"], deadline=v["deadline"] or None,
                effective_on=v["effective"]),
            required=("facts", "terms", "effective"))

    def do_terminate(self) -> None:
        """终止调解 with the routes told."""
        self.ask_and_do("terminate", [("reason", "原因", "line"),
                                      ("routes", "告知的途径", "line")],
                        lambda v: mediation.terminate(self.store, self.actor, self.shown.id,
                                                      v["reason"], v["routes"]),
                        required=("reason", "routes"))

    def do_jc_apply(self) -> None:
        """Record the 司法确认 application."""
        self.ask_and_do("jc_apply", [("court", "受理法院", "line"), ("on", "申请日期", "date")],
                        lambda v: mediation.apply_judicial_confirmation(
                            self.store, self.actor, self.shown.id, v["court"], v["on"]),
                        required=("court", "on"))

    def do_jc_result(self) -> None:
        """Record the court's ruling."""
        self.ask_and_do("jc_result", [("rejected", "不予确认", "check"),
                                      ("on", "裁定日期", "date"), ("note", "备注", "line")],
                        lambda v: mediation.record_judicial_result(
                            self.store, self.actor, self.shown.id, not v["rejected"],
                            v["on"], v["note"]),
                        required=("on",))

    def do_transfer(self) -> None:
        """Transfer to the street committee."""
        self.ask_and_do("transfer", [("reason", "移交原因", "line")],
                        lambda v: mediation.transfer_to_street(self.store, self.actor,
                                                               self.shown.id, v["reason"]),
                        required=("reason",))

    def do_close(self) -> None:
        """结案 today."""
        self.run_core(mediation.close_case, self.shown.id)

    def do_archive(self) -> None:
        """归档 (the dossier check explains what is missing)."""
        self.run_core(mediation.archive, self.shown.id)

    def do_issue(self) -> None:
        """Issue the chosen document (the 卷宗情况说明 asks for the compiler's note)."""
        kind = self.doc_kind.currentData()
        note = ""
        if kind == "mediation_case_note":
            v = ask_fields(self, "卷宗情况说明", [("note", "需要说明的情况（可空）", "text")])
            if v is None:
                return
            note = v["note"]
        if not confirm_number(self, self.store, kind, "出具"):
            return
        ok, doc = widgets.call_core(self, mediation.issue_document, self.store, self.actor,
                                    self.shown.id, kind, note=note)
        if ok and doc is not None:  # say what was issued, offer to print it
            self.issued_box = announce_issued(self, self.store, self.actor, doc,
                                              f"卷号 {self.shown.case_number}")

    # -- corrections -------------------------------------------------------------------------
    def do_edit_case(self) -> None:
        """Correct the dispute type, summary, claims (and referring body)."""
        c = self.shown
        fields: list[Field] = [("dispute_type", "纠纷类型", [(t, t) for t in
                                                 mediation.dispute_types(self.store)[1]]),
                  ("summary", "纠纷简要情况", "text"), ("claims", "申请事项（每行一条）", "text")]
        if c.source == "referral":
            fields.append(("referred_by", "移送单位", "line"))
        self.ask_and_do("edit_case", fields, lambda v: mediation.edit_case(
            self.store, self.actor, c.id, dispute_type=v["dispute_type"], summary=v["summary"],
            claims=v["claims"].splitlines(), referred_by=v.get("referred_by")),
            initial={"dispute_type": c.dispute_type, "summary": c.summary,
                     "claims": "\n".join(c.claims), "referred_by": c.referred_by},
            required=("summary",))

    def do_edit_party(self) -> None:
        """Correct the selected party's particulars."""
        party_id = _selected(self.party_list)
        party = next((p for p in self.shown.parties if p.id == party_id), None)
        if party is None:
            QMessageBox.information(self, "修改当事人", "请先在“当事人”页选择一名当事人。")
            return
        start = {k: getattr(party, k) or "" for k, _, _ in _PARTY_FIELDS}
        start["birth_date"] = party.birth_date.isoformat() if party.birth_date else ""

        def call(v: dict) -> object:
            changes = {k: val for k, val in v.items() if val != start[k]}
            if party.id_number and "id_number" not in changes:
                changes.pop("birth_date", None)  # derived from the ID number
            return mediation.edit_party(self.store, self.actor, self.shown.id, party.id,
                                        changes)

        self.ask_and_do("edit_party", _PARTY_FIELDS, call, title=f"修改当事人：{party.name}",
                        initial=start, required=("name",))

    def _selected_record(self, doing: str) -> mediation.Event | None:
        event_id = _selected(self.records)
        event = next((e for e in self.shown.events if e.id == event_id), None)
        if event is None:
            QMessageBox.information(self, doing, "请先在“记录”页选择一条记录。")
        return event

    def do_edit_record(self) -> None:
        """Correct the selected work record."""
        ev = self._selected_record("修改记录")
        if ev is None:
            return

        def call(v: dict) -> object:
            v = dict(v)
            on = v.pop("on")
            return mediation.edit_record(self.store, self.actor, self.shown.id, ev.id, v, on)

        self.ask_and_do("edit_record", RECORD_FIELDS[ev.kind], call,
                        title=f"修改{mediation.RECORD_KINDS[ev.kind]}",
                        initial={**ev.detail, "on": ev.on_date.isoformat()},
                        required=(*mediation.RECORD_REQUIRED[ev.kind], "on"))

    def do_void_record(self) -> None:
        """Void the selected work record with a reason (it stays on record)."""
        ev = self._selected_record("作废记录")
        if ev is None:
            return
        what = f"{mediation.RECORD_KINDS[ev.kind]}（{ev.on_date.isoformat()}）"
        self.ask_and_do("void_record", [("reason", "作废原因", "line")],
                        lambda v: mediation.void_record(self.store, self.actor, self.shown.id,
                                                        ev.id, v["reason"]),
                        title=f"作废{mediation.RECORD_KINDS[ev.kind]}", required=("reason",),
                        confirm=f"作废后，{what}不再计入卷宗和统计（仍留档可查）。")

    def do_void_case(self) -> None:
        """Void a case registered by mistake (its number is never reused)."""
        number = self.shown.case_number
        self.ask_and_do("void_case", [("reason", "作废原因", "line")],
                        lambda v: mediation.void_case(self.store, self.actor, self.shown.id,
                                                      v["reason"]),
                        required=("reason",),
                        confirm=f"作废后，案件 {number} 不能再办理，其卷号不再使用。")

    # -- attachments -------------------------------------------------------------------------
    def do_attach(self, path: str | None = None, label: str | None = None) -> None:
        """Attach a scan or photo under a dossier label (证据材料、身份证明、履行凭证…)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "选择附件", "",
                                                  "图片或PDF (*.jpg *.jpeg *.png *.pdf);;"
                                                  "所有文件 (*)")
            if not path:
                return
        if label is None:
            labels: list[tuple[str, object]] = [
                (name, key) for key, name in mediation.attachment_labels().items()]
            labels.sort(key=lambda x: x[1] != "evidence")  # evidence first: the common case
            v = ask_fields(self, _title("attach"), [("label", "卷内材料类别", labels)])
            if not v:
                return
            label = v["label"]
        self.run_core(mediation.attach, self.shown.id, path, label)

    def do_void_attachment(self) -> None:
        """Void the selected attachment (its file stays; it leaves the dossier)."""
        att_id = _selected(self.att_list)
        if att_id is None:
            QMessageBox.information(self, "作废附件", "请先选择一个附件。")
            return
        reason = forms.ask_text(self, "作废附件", "作废原因：",
                                  consequence="作废后，这个附件不再列入卷宗（文件本身保留）。")
        if reason:
            self.run_core(attachments.void_attachment, att_id, reason)
