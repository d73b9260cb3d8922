# SPDX-License-Identifier: MIT
"""人民调解 page, 登记纠纷 tab: committee, source, dispute type, summary, claims, two parties.

Each party box takes the particulars the 申请书 and 协议书 print (姓名、性别、民族、年龄、职业或
职务、联系方式、单位或住址 — mediation-hotline.md §2). A valid ID number fills in the gender
and the birth date (the core derives them again; the boxes only show it early).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import validate
from jiedao_desk.domains import mediation
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import widgets

WARN_STYLE = "color: #b45309; background: #fff4e5; padding: 4px;"
# (key, label) of the line edits of a party box, in order
_PARTY_LINES = (("name", "姓名/名称"), ("id", "证件号码"), ("birth_date", "出生日期"),
                ("ethnicity", "民族"), ("occupation", "职业或职务"), ("phone", "联系电话"),
                ("address", "单位或住址"), ("representative", "法定代表人"),
                ("agent_name", "委托代理人"))


class IntakeTab(QWidget):
    """Register a dispute (受理登记, pending acceptance); emits ``registered(case_id)``."""

    registered = Signal(int)

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
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
        for label, widget in (("调委会：", self.committee), ("案件来源：", self.source),
                              ("申请形式：", self.app_form), ("移送单位：", self.referred_by),
                              ("纠纷类型：", self.dispute_type), ("", self.type_warning),
                              ("纠纷简要情况：", self.summary_edit),
                              ("申请事项：", self.claims_edit)):
            form.addRow(label, widget)
        self.party_edits: list[dict] = []
        boxes = QHBoxLayout()
        for role, title in mediation.ROLES.items():
            box, edits = self._party_box(role, title)
            boxes.addWidget(box)
            self.party_edits.append(edits)
        self.register_button = QPushButton("登记")
        self.register_button.clicked.connect(self.register)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(boxes)
        layout.addWidget(self.register_button)
        layout.addStretch(1)

    def _party_box(self, role: str, title: str) -> tuple[QGroupBox, dict]:
        edits: dict = {"role": role, "kind": QComboBox(), "gender": QComboBox()}
        edits["kind"].addItem("自然人", "person")
        edits["kind"].addItem("单位", "org")
        for text in ("", "男", "女"):
            edits["gender"].addItem(text or "（未填）", text)
        edits.update({key: QLineEdit() for key, _ in _PARTY_LINES})
        edits["id"].setPlaceholderText("身份证号或统一社会信用代码（填写则校验）")
        edits["birth_date"].setPlaceholderText("如 1960-05-01；填身份证号的自动识别")
        edits["ethnicity"].setPlaceholderText("如 汉族")
        edits["id"].textChanged.connect(lambda _t, e=edits: self._derive(e))
        edits["kind"].currentIndexChanged.connect(lambda _i, e=edits: self._derive(e))
        box_form = QFormLayout()
        box_form.addRow("类别：", edits["kind"])
        for key, label in _PARTY_LINES[:2]:
            box_form.addRow(label + "：", edits[key])
        box_form.addRow("性别：", edits["gender"])
        for key, label in _PARTY_LINES[2:]:
            box_form.addRow(label + "：", edits[key])
        box = QGroupBox(title)
        box.setLayout(box_form)
        return box, edits

    def _derive(self, edits: dict) -> None:
        """Fill gender and birth date from a valid ID number (read-only while it is valid)."""
        info = None
        if edits["kind"].currentData() == "person" and len(edits["id"].text().strip()) >= 15:
            try:
                info = validate.id_card(edits["id"].text())
            except ValidationError:
                info = None
        if info is not None:
            edits["birth_date"].setText(info.birth_date.isoformat())
            edits["gender"].setCurrentIndex(edits["gender"].findData(info.gender))
        elif edits["birth_date"].isReadOnly():
            edits["birth_date"].clear()
        edits["birth_date"].setReadOnly(info is not None)
        edits["gender"].setEnabled(info is None)

    def load(self) -> None:
        """Reload the committees and the dispute types in force."""
        self.committee.clear()
        for name, community_id in mediation.committees(self.store):
            self.committee.addItem(name, community_id)
        _, types = mediation.dispute_types(self.store)
        self.dispute_type.clear()
        self.dispute_type.addItems(types)
        self.type_warning.setVisible(not types)
        self.type_warning.setText("现行纠纷类型目录为空或未导入，暂不能登记。请管理员在“参考目录”"
                                  "页选中“纠纷类型”后点击“导入新版本…”。")

    def parties(self) -> list[dict]:
        """The two parties as core ``register_case`` takes them."""
        out = []
        for e in self.party_edits:
            kind = e["kind"].currentData()
            number = e["id"].text().strip()
            party = {"role": e["role"], "kind": kind, "name": e["name"].text(),
                     "id_number" if kind == "person" else "credit_code": number,
                     "gender": e["gender"].currentData() if kind == "person" else ""}
            for key in ("ethnicity", "occupation", "phone", "address", "representative",
                        "agent_name"):
                party[key] = e[key].text().strip()
            if kind == "person" and not number:
                party["birth_date"] = e["birth_date"].text().strip()
            out.append(party)
        return out

    def register(self) -> None:
        """登记 (one core call); on success clear the form and emit ``registered``."""
        claims = [c for c in self.claims_edit.text().replace(";", "；").split("；") if c.strip()]
        ok, case = widgets.call_core(
            self, mediation.register_case, self.store, self.actor,
            community_id=self.committee.currentData(), source=self.source.currentData(),
            application_form=self.app_form.currentData(), referred_by=self.referred_by.text(),
            dispute_type=self.dispute_type.currentText(),
            summary=self.summary_edit.toPlainText(), parties=self.parties(), claims=claims)
        if ok and case is not None:
            self.summary_edit.clear()
            self.claims_edit.clear()
            for e in self.party_edits:
                for key, _ in _PARTY_LINES:
                    e[key].clear()
            self.registered.emit(case.id)
