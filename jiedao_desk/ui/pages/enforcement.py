# SPDX-License-Identifier: MIT
"""综合执法 page: case list, new lead, and the case detail with its clock timeline.

Only enforcement officers and administrators reach this page (PageSpec permission
``enforcement.view``); the core functions check permissions again.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.core import clock, documents
from jiedao_desk.core import enforcement as enf
from jiedao_desk.core import enforcement_decision as ed
from jiedao_desk.core import enforcement_docs as edocs
from jiedao_desk.core import enforcement_view as ev
from jiedao_desk.core.actor import Actor
from jiedao_desk.core.enforcement_clocks import COLOUR_LABELS
from jiedao_desk.core.errors import NotFound
from jiedao_desk.store import Store
from jiedao_desk.ui import widgets
from jiedao_desk.ui.dialogs.enforcement_step import EnforcementStepDialog

WARN_STYLE = "color: #b45309; background: #fff4e5; padding: 4px;"
CLOCK_COLOURS = {"green": "#c8e6c9", "yellow": "#fff59d", "red": "#ef9a9a", "done": "#e0e0e0"}
EVENT_LABELS = {**enf.RECORD_KINDS, **enf.REVIEW_STEPS, "evidence": "证据",
                "preservation": "先行登记保存",
                "preservation_disposal": "登记保存处理决定", "withdrawal": "回避",
                "prior_notice": "事先告知", "service": "送达", "hearing_request": "听证申请",
                "hearing_scheduled": "听证通知", "hearing_held": "听证", "decision": "处罚决定",
                "party_absent": "当事人不在场", "payment": "缴款", "demand": "催告",
                "court_application": "申请法院强制执行", "simple_decision": "当场处罚",
                "close": "结案"}
COLUMNS = (("id", "编号"), ("status", "状态"), ("found_on", "发现日期"), ("parties", "当事人"),
           ("place", "地点"), ("clock", "时钟"))


class CaseListModel(QAbstractTableModel):
    """The case list (a street has hundreds of cases a year, so rows are loaded at once)."""

    def __init__(self, rows: list[dict] | None = None, parent=None):
        super().__init__(parent)
        self.rows = rows or []

    def set_rows(self, rows: list[dict]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, key = self.rows[index.row()], COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(key)
            if key == "status":
                return enf.STATUSES.get(value, value)
            if key == "clock":
                return COLOUR_LABELS.get(value, "") if value else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and key == "clock" and row.get("clock"):
            return QColor(CLOCK_COLOURS[row["clock"]])
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None


class EnforcementPage(QWidget):
    """List of cases, a lead form, and the selected case with clocks and main actions."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.case_id: int | None = None
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARN_STYLE)

        self.status = QComboBox()
        self.status.addItem("全部状态", None)
        for key, label in enf.STATUSES.items():
            self.status.addItem(label, key)
        self.status.currentIndexChanged.connect(self.reload)
        self.model = CaseListModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.source = QComboBox()
        for key, label in enf.SOURCES.items():
            self.source.addItem(label, key)
        self.found_on = QLineEdit(clock.today().isoformat())
        self.act_on = QLineEdit()
        self.act_on.setPlaceholderText("违法行为发生日期（核对追责时效）")
        self.place = QLineEdit()
        self.description = QLineEdit()
        self.add_lead = QPushButton("登记线索")
        self.add_lead.clicked.connect(self._add_lead)
        lead_box = QGroupBox("新线索")
        form = QFormLayout(lead_box)
        for label, w in (("来源", self.source), ("发现日期", self.found_on),
                         ("发生日期", self.act_on), ("地点", self.place),
                         ("描述", self.description)):
            form.addRow(label, w)
        form.addRow(self.add_lead)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.status)
        lv.addWidget(self.table, 1)
        lv.addWidget(lead_box)

        self.header = QLabel("请选择案件")
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-weight: bold;")
        self.detail_warning = QLabel()
        self.detail_warning.setWordWrap(True)
        self.detail_warning.setStyleSheet(WARN_STYLE)
        self.clocks = QListWidget()
        self.events = QListWidget()
        self.docs = QListWidget()
        self.power = QComboBox()
        self.file_button = QPushButton("立案…")
        self.file_button.clicked.connect(self._file)
        self.not_open_button = QPushButton("不予立案…")
        self.not_open_button.clicked.connect(self._not_open)
        self.doc_kind = QComboBox()
        for key, label in edocs.KINDS.items():
            self.doc_kind.addItem(label, key)
        self.doc_button = QPushButton("出具文书")
        self.doc_button.clicked.connect(self._issue_doc)
        self.step = QComboBox()
        for key, (label, _fields) in self._steps().items():
            self.step.addItem(label, key)
        self.step_button = QPushButton("登记…")
        self.step_button.clicked.connect(self._open_step)
        self.step_dialog: EnforcementStepDialog | None = None
        self.close_button = QPushButton("结案…")
        self.close_button.clicked.connect(self._close)
        actions = QHBoxLayout()
        for w in (self.file_button, self.not_open_button, self.step,
                  self.step_button, self.doc_kind, self.doc_button, self.close_button):
            actions.addWidget(w)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.header)
        rv.addWidget(self.detail_warning)
        rv.addWidget(QLabel("时钟（绿：未到期　黄：即将到期　红：已超期　灰：已完成）"))
        rv.addWidget(self.clocks, 1)
        rv.addWidget(QLabel("办案记录"))
        rv.addWidget(self.events, 1)
        rv.addWidget(QLabel("文书"))
        rv.addWidget(self.docs, 1)
        power_row = QHBoxLayout()
        power_row.addWidget(QLabel("立案所用职权事项："))
        power_row.addWidget(self.power, 1)
        rv.addLayout(power_row)
        rv.addLayout(actions)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setSizes([480, 820])
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(split, 1)
        self._load_powers()
        self.reload()
        self._show_detail()

    # -- data ----------------------------------------------------------------------------
    def _load_powers(self) -> None:
        self.power.clear()
        try:
            items, warning = enf.power_choices(self.store)
        except NotFound:  # catalog not loaded at all: say so, keep the page usable
            items, warning = [], "职权目录尚未载入，请管理员在“参考目录”页载入或导入。"
        for p in items:
            self.power.addItem(f"[{p['version']}] {p['text']}", p["item_id"])
        unset = [label for kind, label in enf.PARTY_KINDS.items()
                 if ed.hearing_threshold(self.store, kind) is None]
        if unset:  # the 城管 较大数额 amount is unknown (reference §6 item 3)
            warning = (warning + "\n" if warning else "") + (
                f"听证门槛（较大数额罚款）未设置：{'、'.join(unset)}。请管理员在“设置”页填写本街道确认的数额；"
                "未设置时，每次事先告知须明确是否告知听证权利。")
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))

    def reload(self) -> None:
        """Reload the case list (keeps the selected case if it is still listed)."""
        ok, rows = widgets.call_core(self, ev.list_cases, self.store, self.actor,
                                     self.status.currentData())
        self.model.set_rows(rows if ok else [])
        if self.case_id is not None:
            for i, r in enumerate(self.model.rows):
                if r["id"] == self.case_id:
                    self.table.selectRow(i)

    def _row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.case_id = self.model.rows[current.row()]["id"]
            self._show_detail()

    def _show_detail(self) -> None:
        has = self.case_id is not None
        for w in (self.file_button, self.not_open_button, self.doc_button, self.close_button,
                  self.step_button):
            w.setEnabled(has)
        self.clocks.clear()
        self.events.clear()
        self.docs.clear()
        self.detail_warning.setVisible(False)
        if not has:
            return
        ok, d = widgets.call_core(self, ev.case_detail, self.store, self.actor, self.case_id)
        if not ok:
            return
        c = d.case
        self.header.setText(f"案件 {c['id']}（{enf.STATUSES[c['status']]}）{c['place']}："
                            f"{c['description']}\n职权事项：{c['power_text'] or '（未立案）'}　"
                            f"当事人：{'、'.join(p['name'] for p in d.parties) or '—'}")
        for clk, colour in d.clocks:
            item = QListWidgetItem(f"{clk.label}：期限 {clk.due.isoformat()}　"
                                   f"[{COLOUR_LABELS[colour]}]　{clk.basis}")
            item.setData(Qt.ItemDataRole.UserRole, colour)
            item.setBackground(QColor(CLOCK_COLOURS[colour]))
            self.clocks.addItem(item)
        for e in d.events:
            what = e["details"].get("what")
            label = EVENT_LABELS.get(e["kind"], e["kind"]) + (
                f"（{ed.SERVED_WHAT[what]}）" if what in ed.SERVED_WHAT else "")
            self.events.addItem(f"{e['day']}　{label}　{e['recorded_by']}")
        for doc in d.documents:
            self.docs.addItem(f"{doc.title}　{doc.doc_number}　{doc.issued_date}")
        notes = list(d.warnings)
        if d.repeat:
            notes.append("同一当事人或地址有既往案件：" + "、".join(str(r["id"]) for r in d.repeat))
        if d.missing:
            notes.append("缺少必备文书：" + "、".join(d.missing))
        self.detail_warning.setText("\n".join(notes))
        self.detail_warning.setVisible(bool(notes))

    # -- actions -------------------------------------------------------------------------
    def _add_lead(self) -> None:
        ok, res = widgets.call_core(
            self, enf.register_lead, self.store, self.actor, self.source.currentData(),
            self.found_on.text(), self.place.text(), self.description.text(),
            self.act_on.text().strip() or None)
        if ok:
            self.case_id = res.case_id
            self.place.clear()
            self.description.clear()
            self.reload()
            self._show_detail()
            if res.warnings:
                self.detail_warning.setText("\n".join(res.warnings))
                self.detail_warning.setVisible(True)

    def _file(self) -> None:
        approver = widgets.ask_text(self, "立案", "立案审批负责人：")
        if approver is None:
            return
        ok, _ = widgets.call_core(self, enf.file_case, self.store, self.actor, self.case_id,
                                  clock.today(), approver, self.power.currentData())
        if ok:
            self.reload()
            self._show_detail()

    def _not_open(self) -> None:
        reason = widgets.ask_text(self, "不予立案", "不予立案的理由：")
        if reason is None:
            return
        if widgets.call_core(self, enf.not_open, self.store, self.actor, self.case_id,
                             reason)[0]:
            self.reload()
            self._show_detail()

    def _issue_doc(self) -> None:
        ok, doc = widgets.call_core(self, edocs.issue_document, self.store, self.actor,
                                    self.case_id, self.doc_kind.currentData())
        if ok:
            self._show_detail()
            if self.isVisible():
                from jiedao_desk.ui.dialogs.preview import PreviewDialog

                pdf = documents.reprint(self.store, doc.id, self.actor)
                PreviewDialog(pdf, f"{doc.title} {doc.doc_number}", self).exec()

    def _close(self) -> None:
        approver = widgets.ask_text(self, "结案", "结案审批负责人：")
        if approver is None:
            return
        result = widgets.ask_text(self, "结案", "执行情况：")
        if result is None:
            return
        if widgets.call_core(self, ed.close_case, self.store, self.actor, self.case_id,
                             clock.today(), approver, result)[0]:
            self.reload()
            self._show_detail()

    # -- case steps through a small form ---------------------------------------------------
    @staticmethod
    def _steps() -> dict:
        today = clock.today().isoformat()
        yes_no = {"": "按听证门槛设置", "yes": "告知听证权利", "no": "不告知听证权利"}
        return {
            "notice": ("事先告知", [("day", "告知日期", None, today),
                                    ("fine", "拟罚款（元）", None, ""),
                                    ("facts", "违法事实", None, ""),
                                    ("basis", "处罚依据", None, ""),
                                    ("hearing", "听证权利", yes_no, "")]),
            "serve": ("送达", [("what", "送达文书", ed.SERVED_WHAT, ""),
                              ("method", "送达方式", ed.SERVICE_METHODS, ""),
                              ("day", "送达日期", None, today),
                              ("receiver", "签收人", None, ""),
                              ("witnesses", "见证人（留置送达，顿号分隔）", None, ""),
                              ("receipt", "回执或邮件号", None, "")]),
            "decide": ("处罚决定", [("day", "决定日期", None, today),
                                    ("fine", "罚款（元）", None, ""),
                                    ("text", "处罚内容", None, "")]),
            "pay": ("缴款", [("day", "缴款日期", None, today), ("amount", "金额（元）", None, "")]),
        }

    def _open_step(self) -> None:
        key = self.step.currentData()
        label, fields = self._steps()[key]
        self.step_dialog = EnforcementStepDialog(label, fields, self)
        self.step_dialog.accepted.connect(
            lambda: self.apply_step(key, self.step_dialog.values()))
        self.step_dialog.open()

    def apply_step(self, key: str, v: dict) -> bool:
        """Call the core function of step ``key`` with the dialog's values."""
        args = (self.store, self.actor, self.case_id)
        if key == "notice":
            hearing = {"yes": True, "no": False}.get(v["hearing"])
            ok, _ = widgets.call_core(self, ed.prior_notice, *args, v["day"], v["fine"] or "0",
                                      v["facts"], v["basis"], hearing)
        elif key == "serve":
            witnesses = [w for w in v["witnesses"].replace(",", "、").split("、") if w]
            ok, _ = widgets.call_core(self, ed.serve, *args, v["what"], v["method"], v["day"],
                                      v["receiver"], witnesses, v["receipt"])
        elif key == "decide":
            ok, _ = widgets.call_core(self, ed.decide, *args, v["day"], v["fine"] or "0",
                                      v["text"])
        else:
            ok, _ = widgets.call_core(self, ed.record_payment, *args, v["day"], v["amount"])
        if ok:
            self.reload()
            self._show_detail()
        return ok
