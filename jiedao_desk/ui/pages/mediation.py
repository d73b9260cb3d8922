# SPDX-License-Identifier: MIT
"""人民调解 page: case list, a case with tabs (概况/当事人/记录/时间线/文书), intake and statistics.

Widgets hold no rules: each button reads the widgets and calls one core function. ID numbers
are never shown in the list (the list query has none) and are masked on the case tabs.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.core import auth, clock, documents, mediation, mediation_docs, mediation_stats, org
from jiedao_desk.core import mediation_actions as act
from jiedao_desk.core.actor import Actor
from jiedao_desk.core.workdays import load_calendar
from jiedao_desk.store import Store
from jiedao_desk.store.mediation import HIDDEN_COLUMNS, STATE_LABELS
from jiedao_desk.ui import widgets
from jiedao_desk.ui.dialogs.mediation_fields import ask_fields
from jiedao_desk.ui.models.windowed import WindowedTableModel, configure_view

WARN_STYLE = "color: #b45309; background: #fff4e5; padding: 4px;"
# button key → (label, states in which it is enabled)
ACTIONS = {
    "accept": ("受理", ("registered",)), "refuse": ("不予受理…", ("registered",)),
    "assign": ("指定调解员…", ("accepted",)), "notify": ("登记权利义务告知", ("accepted",)),
    "record": ("添加记录…", ("accepted", "agreed", "closed")),
    "agree": ("达成协议…", ("accepted",)), "terminate": ("终止调解…", ("accepted",)),
    "jc_apply": ("司法确认申请…", ("agreed", "closed")),
    "jc_result": ("司法确认结果…", ("agreed", "closed")),
    "transfer": ("移交街道…", ("registered", "accepted")),
    "close": ("结案", ("agreed", "terminated")), "archive": ("归档", ("closed",)),
    "issue": ("出具文书", tuple(STATE_LABELS)),
}
_RECORD_FIELDS = {
    "investigation": [("place", "地点", "line"), ("subject", "被调查人", "line"),
                      ("content", "调查内容", "text"), ("on", "日期", "date")],
    "session": [("place", "地点", "line"), ("matter", "事由", "line"),
                ("participants", "参加人", "line"), ("recorder", "记录人", "line"),
                ("content", "调解情况", "text"), ("on", "日期", "date")],
    "risk": [("sign", "激化迹象", "line"), ("measure", "采取的措施", "line"),
             ("escalation", "可能转为治安或刑事案件", "check"),
             ("reported_to", "已报告的公安机关或部门", "line"),
             ("prevented", "防止类型（criminal/petition，可空）", "line"),
             ("persons", "涉及人数", "line"), ("on", "日期", "date")],
    "follow_up": [("party", "回访对象", "line"), ("performance", "协议履行情况", "line"),
                  ("satisfaction", "满意程度", "line"), ("risks", "纠纷隐患", "line"),
                  ("measures", "采取的措施", "line"), ("on", "回访日期", "date")],
}


class MediationPage(QWidget):
    """Mediation cases from intake to archive (mediators and administrators only)."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.case: mediation.Case | None = None
        auth.require(actor, "mediation.view")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._cases_tab(), "调解案件")
        self.tabs.addTab(self._intake_tab(), "登记纠纷")
        self.tabs.addTab(self._stats_tab(), "月度统计")
        QVBoxLayout(self).addWidget(self.tabs)
        self.load()

    # -- layout ------------------------------------------------------------------------------
    def _cases_tab(self) -> QWidget:
        source = mediation.list_source(self.store, self.actor)
        source.set_sort("received_on", descending=True)
        self.model = WindowedTableModel(source, self)
        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="人民调解案件台账",
                       hidden=HIDDEN_COLUMNS)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self.select(cur))
        self.state_filter = QComboBox()
        self.state_filter.addItem("全部状态", None)
        for key, label in STATE_LABELS.items():
            self.state_filter.addItem(label, key)
        self.state_filter.currentIndexChanged.connect(self.apply_filter)
        self.header = QLabel("（选择一件案件）")
        self.header.setStyleSheet("font-weight: bold;")
        self.clock_label = QLabel()
        self.clock_label.setWordWrap(True)
        self.clock_label.setStyleSheet(WARN_STYLE)
        self.detail_tabs = QTabWidget()
        self.summary, self.parties = QLabel(), QLabel()
        for label in (self.summary, self.parties):
            label.setWordWrap(True)
        self.records = QPlainTextEdit(readOnly=True)
        self.timeline, self.doc_list = QListWidget(), QListWidget()
        for widget, title in ((self.summary, "概况"), (self.parties, "当事人"),
                              (self.records, "记录"), (self.timeline, "时间线"),
                              (self.doc_list, "文书")):
            self.detail_tabs.addTab(widget, title)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for n, (key, (label, _)) in enumerate(ACTIONS.items()):
            button = QPushButton(label)
            button.clicked.connect(getattr(self, f"do_{key}"))
            self.buttons[key] = button
            grid.addWidget(button, n // 7, n % 7)
        self.record_kind = QComboBox()
        for key, label in act.RECORD_KINDS.items():
            self.record_kind.addItem(label, key)
        self.doc_kind = QComboBox()
        for key, label in mediation_docs.KINDS.items():
            self.doc_kind.addItem(label, key)
        grid.addWidget(QLabel("记录类型："), 2, 0)
        grid.addWidget(self.record_kind, 2, 1)
        grid.addWidget(QLabel("文书："), 2, 2)
        grid.addWidget(self.doc_kind, 2, 3, 1, 2)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("状态："))
        bar.addWidget(self.state_filter)
        bar.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.view, 2)
        layout.addWidget(self.header)
        layout.addWidget(self.clock_label)
        layout.addLayout(grid)
        layout.addWidget(self.detail_tabs, 3)
        return page

    def _intake_tab(self) -> QWidget:
        self.committee = QComboBox()
        self.source = QComboBox()
        for key, label in mediation.SOURCES.items():
            self.source.addItem(label, key)
        self.app_form = QComboBox()
        for label, key in (("口头申请（代书后当事人签名）", "oral"), ("书面申请", "written"),
                           ("（非申请）", "")):
            self.app_form.addItem(label, key)
        self.referred_by = QLineEdit()
        self.referred_by.setPlaceholderText("委托移送单位，如：和平里派出所")
        self.dispute_type = QComboBox()
        self.type_warning = QLabel()
        self.type_warning.setWordWrap(True)
        self.type_warning.setStyleSheet(WARN_STYLE)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setMaximumHeight(80)
        self.claims_edit = QLineEdit()
        self.claims_edit.setPlaceholderText("申请事项，用“；”分隔")
        form = QFormLayout()
        form.addRow("调委会：", self.committee)
        form.addRow("案件来源：", self.source)
        form.addRow("申请形式：", self.app_form)
        form.addRow("移送单位：", self.referred_by)
        form.addRow("纠纷类型：", self.dispute_type)
        form.addRow("", self.type_warning)
        form.addRow("纠纷简要情况：", self.summary_edit)
        form.addRow("申请事项：", self.claims_edit)
        self.party_edits: list[dict[str, QWidget]] = []
        boxes = QHBoxLayout()
        for role, title in mediation.ROLES.items():
            edits = {"role": role, "kind": QComboBox(), "name": QLineEdit(),
                     "id": QLineEdit(), "phone": QLineEdit(), "address": QLineEdit(),
                     "agent_name": QLineEdit()}
            edits["kind"].addItem("自然人", "person")
            edits["kind"].addItem("单位", "org")
            edits["id"].setPlaceholderText("身份证号或统一社会信用代码（填写则校验）")
            box_form = QFormLayout()
            for key, label in (("kind", "类别"), ("name", "姓名/名称"), ("id", "证件号码"),
                               ("phone", "联系电话"), ("address", "单位或住址"),
                               ("agent_name", "委托代理人")):
                box_form.addRow(label + "：", edits[key])
            box = QGroupBox(title)
            box.setLayout(box_form)
            boxes.addWidget(box)
            self.party_edits.append(edits)
        self.register_button = QPushButton("登记")
        self.register_button.clicked.connect(self.register)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(boxes)
        layout.addWidget(self.register_button)
        layout.addStretch(1)
        return page

    def _stats_tab(self) -> QWidget:
        self.month = QLineEdit(clock.today().isoformat()[:7])
        self.month.setMaximumWidth(110)
        run = QPushButton("统计")
        run.clicked.connect(self.load_stats)
        self.stats = QTableWidget(0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("月份："))
        bar.addWidget(self.month)
        bar.addWidget(run)
        bar.addStretch(1)
        note = QLabel("口径：受理=当月受理的案件，成功=当月达成协议，成功率=成功/受理（参照黄石市"
                      "2016年月报，北京报表样式未见）。")
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(note)
        layout.addWidget(self.stats, 1)
        return page

    # -- loading -----------------------------------------------------------------------------
    def on_show(self) -> None:
        """Communities, lists or cases may have changed elsewhere."""
        self.load()

    def load(self) -> None:
        """Reload choices, the list and the selected case."""
        self.committee.clear()
        for c in org.list_communities(self.store):
            self.committee.addItem(f"{c.name}人民调解委员会", c.id)
        self.committee.addItem("街道人民调解委员会", None)
        _, types = mediation.dispute_types(self.store)
        self.dispute_type.clear()
        self.dispute_type.addItems(types)
        self.type_warning.setVisible(not types)
        self.type_warning.setText("现行纠纷类型目录为空或未导入，暂不能登记。请管理员在“参考目录”"
                                  "页导入纠纷类型（catalog import）。")
        self.model.refresh()
        self.show_case(self.case.id if self.case else None)
        self.load_stats()

    def apply_filter(self) -> None:
        """Filter the list by state."""
        self.model.set_filter("state", self.state_filter.currentData())

    def select(self, index) -> None:
        """Show the case of the current row."""
        self.show_case(self.model.id_at(index.row()) if index.isValid() else None)

    def show_case(self, case_id: int | None) -> None:
        """Fill the detail tabs and enable the actions allowed in the case's state."""
        self.case = mediation.get_case(self.store, self.actor, case_id) if case_id else None
        c = self.case
        state = None if c is None or c.voided else c.state
        editable = auth.can(self.actor, "mediation.edit")
        for key, (_, states) in ACTIONS.items():
            self.buttons[key].setEnabled(editable and state in states)
        for w in (self.timeline, self.doc_list):
            w.clear()
        if c is None:
            self.header.setText("（选择一件案件）")
            for w in (self.summary, self.parties, self.clock_label):
                w.setText("")
            self.records.setPlainText("")
            self.clock_label.hide()
            return
        self.header.setText(f"{c.case_number}　{c.committee}　{c.state_label}")
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
            result = {"confirmed": "确认有效", "rejected": "不予确认"}.get(c.jc_result, "待定")
            lines.append(f"司法确认：{c.jc_applied_on}向{c.jc_court}申请，结果：{result}")
        self.summary.setText("\n".join(lines))
        self.parties.setText("\n".join(
            f"{mediation.ROLES[p.role]}：{p.name}　{p.gender}　{p.masked_id}　{p.phone}"
            f"　{p.address}"
            + (f"　代理人：{p.agent_name}" if p.agent_name else "") for p in c.parties))
        self.records.setPlainText("\n".join(
            f"[{act.RECORD_KINDS[e.kind]}] {e.on_date}　"
            + "；".join(str(v) for v in e.detail.values() if v and not isinstance(v, bool))
            for e in c.events))
        items = [(h.at[:10], f"{h.at[:16]} {h.actor_name}："
                  f"{STATE_LABELS.get(h.from_state or '', '')}→{STATE_LABELS.get(h.to_state)}"
                  f" {h.reason}") for h in c.history]
        items += [(e.on_date.isoformat(), f"{e.on_date} {act.RECORD_KINDS[e.kind]}")
                  for e in c.events]
        self.timeline.addItems([text for _, text in sorted(items, key=lambda x: x[0])])
        self.doc_list.addItems([f"{d.issued_date} {d.title}{'（已作废）' if d.voided else ''}"
                                for d in documents.list_documents(self.store, mediation.ENTITY,
                                                                  c.id)])
        self.clock_label.setText(self._clocks(c))
        self.clock_label.setVisible(bool(self.clock_label.text()))

    def _clocks(self, c: mediation.Case) -> str:
        out = []
        if c.state == "accepted" and c.advisory_due():
            out.append(f"一般应在 {c.advisory_due()} 前调结（若干规定第三十三条，建议性）")
        window = c.jc_window(load_calendar(self.store))
        if window and not c.jc_applied_on:
            out.append(f"可在 {window} 前共同申请司法确认（人民调解法第三十三条）")
        return "；".join(out)

    def load_stats(self) -> None:
        """Fill the statistics table for the month typed."""
        ok, rows = widgets.call_core(self, mediation_stats.monthly, self.store, self.actor,
                                     self.month.text())
        if not ok:
            return
        heads = ["调委会", "受理", "成功", "成功率%", "书面", "口头", "终止", "金额(元)", "回访",
                 "司法确认申请", "确认", "不予确认"]
        self.stats.setColumnCount(len(heads))
        self.stats.setHorizontalHeaderLabels(heads)
        self.stats.setRowCount(len(rows))
        for r, s in enumerate(rows):
            values = [s.committee, s.accepted, s.succeeded,
                      "—" if s.success_rate is None else s.success_rate, s.written, s.oral,
                      s.terminated, f"{s.amount_fen / 100:.2f}", s.follow_ups, s.jc_applied,
                      s.jc_confirmed, s.jc_rejected]
            for col, v in enumerate(values):
                self.stats.setItem(r, col, QTableWidgetItem(str(v)))

    # -- actions -----------------------------------------------------------------------------
    def _run(self, fn, *args, **kwargs) -> bool:
        ok, case = widgets.call_core(self, fn, self.store, self.actor, *args, **kwargs)
        if ok:
            self.model.refresh()
            self.show_case(case.id if isinstance(case, mediation.Case) else self.case.id)
        return ok

    def register(self) -> None:
        """登记 from the intake tab."""
        parties = []
        for e in self.party_edits:
            kind = e["kind"].currentData()
            number = e["id"].text().strip()
            parties.append({"role": e["role"], "kind": kind, "name": e["name"].text(),
                            "id_number" if kind == "person" else "credit_code": number,
                            "phone": e["phone"].text().strip(),
                            "address": e["address"].text(), "agent_name": e["agent_name"].text()})
        claims = [c for c in self.claims_edit.text().replace(";", "；").split("；") if c.strip()]
        ok, case = widgets.call_core(
            self, mediation.register_case, self.store, self.actor,
            community_id=self.committee.currentData(), source=self.source.currentData(),
            application_form=self.app_form.currentData(), referred_by=self.referred_by.text(),
            dispute_type=self.dispute_type.currentText(),
            summary=self.summary_edit.toPlainText(), parties=parties, claims=claims)
        if ok:
            self.model.refresh()
            self.show_case(case.id)
            self.tabs.setCurrentIndex(0)

    def do_accept(self) -> None:
        """受理 today."""
        self._run(mediation.accept, self.case.id)

    def do_refuse(self) -> None:
        """不予受理 with reason and route."""
        v = ask_fields(self, "不予受理", [("reason", "理由", "line"),
                                          ("route", "告知当事人的途径", "line")])
        if v:
            self._run(mediation.refuse, self.case.id, v["reason"], v["route"])

    def do_assign(self) -> None:
        """指定调解员 (names separated by 、)."""
        v = ask_fields(self, "指定调解员", [("names", "调解员（用“、”分隔）", "line")])
        if v:
            names = v["names"].replace("，", "、").split("、")
            self._run(act.assign_mediators, self.case.id, names)

    def do_notify(self) -> None:
        """Record the rights notice given today (in writing)."""
        self._run(act.notify_rights, self.case.id)

    def do_record(self) -> None:
        """Add a record of the kind chosen."""
        kind = self.record_kind.currentData()
        v = ask_fields(self, act.RECORD_KINDS[kind], _RECORD_FIELDS[kind])
        if v:
            on = v.pop("on")
            self._run(act.add_record, self.case.id, kind, v, on)

    def do_agree(self) -> None:
        """Register a written or oral agreement."""
        v = ask_fields(self, "达成协议", [
            ("oral", "口头协议", "check"), ("facts", "事实、争议及责任", "text"),
            ("terms", "协议内容（每行一条）", "text"), ("amount", "涉及金额（元）", "line"),
            ("manner", "履行方式", "line"), ("place", "履行地点", "line"),
            ("deadline", "履行期限", "line"), ("effective", "生效日期", "date")])
        if v:
            self._run(act.record_agreement, self.case.id, written=not v["oral"],
                      facts=v["facts"], terms=v["terms"].splitlines(), amount_yuan=v["amount"],
                      manner=v["manner"], place=v["place"], deadline=v["deadline"] or None,
                      effective_on=v["effective"])

    def do_terminate(self) -> None:
        """终止调解 with the routes told."""
        v = ask_fields(self, "终止调解", [("reason", "原因", "line"),
                                          ("routes", "告知的途径", "line")])
        if v:
            self._run(act.terminate, self.case.id, v["reason"], v["routes"])

    def do_jc_apply(self) -> None:
        """Record the 司法确认 application."""
        v = ask_fields(self, "司法确认申请", [("court", "受理法院", "line"),
                                              ("on", "申请日期", "date")])
        if v:
            self._run(act.apply_judicial_confirmation, self.case.id, v["court"], v["on"])

    def do_jc_result(self) -> None:
        """Record the court's ruling."""
        v = ask_fields(self, "司法确认结果", [("rejected", "不予确认", "check"),
                                              ("on", "裁定日期", "date"), ("note", "备注", "line")])
        if v:
            self._run(act.record_judicial_result, self.case.id, not v["rejected"], v["on"],
                      v["note"])

    def do_transfer(self) -> None:
        """Transfer to the street committee."""
        reason = widgets.ask_text(self, "移交街道调委会", "移交原因：")
        if reason:
            self._run(act.transfer_to_street, self.case.id, reason)

    def do_close(self) -> None:
        """结案 today."""
        self._run(act.close_case, self.case.id)

    def do_archive(self) -> None:
        """归档 (the dossier check explains what is missing)."""
        self._run(act.archive, self.case.id)

    def do_issue(self) -> None:
        """Issue the chosen document."""
        self._run(mediation_docs.issue, self.case.id, self.doc_kind.currentData())
