# SPDX-License-Identifier: MIT
"""Dialogs of the 准入管理 page: register a request, confirm a match, decide, complaint."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound
from jiedao_desk.core import catalog
from jiedao_desk.domains import access, org
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access.model import KIND_LABELS
from jiedao_desk.domains.access.triage import item_kind
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms

ID_ROLE = Qt.ItemDataRole.UserRole


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class RegisterDialog(QDialog):
    """登记准入申请; closes only when core accepted the data (``saved`` holds the request)."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.saved: access.AccessRequest | None = None
        self.setWindowTitle("登记准入申请（下派事项）")
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("如：区民政局")
        self.level = QComboBox()
        self.level.addItems(list(access.LEVELS))
        self.title_edit = QLineEdit()
        self.content = QPlainTextEdit()
        self.content.setFixedHeight(60)
        self.doc_ref = QLineEdit()
        self.task_type = QComboBox()
        self.task_type.addItems(access.setting_list(store, "access.task_types"))
        self.basis = QLineEdit()
        self.communities = self._build_communities(store, actor)
        self.period_from, self.period_to = QLineEdit(), QLineEdit()
        for e in (self.period_from, self.period_to):
            e.setPlaceholderText("2026-12-01，可不填")
        self.start = QLineEdit()
        self.start.setPlaceholderText("2027-01-15")
        self.received = QLineEdit(clock.today().isoformat())

        conditions = self._build_conditions()
        verbs = self._build_verbs()
        self.notes = QLineEdit()

        form = QFormLayout(self)
        form.addRow("申请单位：", self.unit)
        form.addRow("层级：", self.level)
        form.addRow("事项名称：", self.title_edit)
        form.addRow("工作内容：", self.content)
        form.addRow("文号：", self.doc_ref)
        form.addRow("事项类型：", self.task_type)
        form.addRow("法律政策依据：", self.basis)
        form.addRow("涉及社区：", self.communities)
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        period.addWidget(QLabel("至"))
        period.addWidget(self.period_to)
        form.addRow("工作期限：", period)
        form.addRow("计划开始日期：", self.start)
        form.addRow("登记日期：", self.received)
        form.addRow("提供的工作条件：", conditions)
        form.addRow("请社区承担：", verbs)
        form.addRow("备注：", self.notes)
        self.status = forms.Banner()  # a refusal from core, above the buttons
        form.addRow(self.status)
        form.addRow(_buttons(self, "登记"))
        self.setMinimumWidth(620)

    @staticmethod
    def _build_communities(store: Store, actor: Actor) -> QListWidget:
        """The communities to tick (a community worker sees and has ticked only their own)."""
        communities = QListWidget()
        communities.setFixedHeight(80)
        own = actor.community_id if actor.role == "community_worker" else None
        for c in org.list_communities(store):
            if own is None or c.id == own:
                item = QListWidgetItem(c.name)
                item.setData(ID_ROLE, c.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if c.id == own
                                   else Qt.CheckState.Unchecked)
                communities.addItem(item)
        return communities

    def _build_conditions(self) -> QGridLayout:
        """One row per working condition: needed, provided, amount."""
        conditions = QGridLayout()
        self.conditions: dict[str, tuple[QCheckBox, QCheckBox, QLineEdit]] = {}
        for row, name in enumerate(access.CONDITIONS):
            provided, needed, amount = QCheckBox("已提供"), QCheckBox("需要"), QLineEdit()
            amount.setPlaceholderText("金额/人数/说明")
            conditions.addWidget(QLabel(name), row, 0)
            conditions.addWidget(needed, row, 1)
            conditions.addWidget(provided, row, 2)
            conditions.addWidget(amount, row, 3)
            self.conditions[name] = (provided, needed, amount)
        return conditions

    def _build_verbs(self) -> QGridLayout:
        """The role verbs of the list in force to tick, three a row, and a line for others."""
        verbs = QGridLayout()
        self.verbs: list[QCheckBox] = []
        for i, text in enumerate(self._verbs_in_force()):
            box = QCheckBox(text)
            self.verbs.append(box)
            verbs.addWidget(box, i // 3, i % 3)
        self.other_verbs = QLineEdit()
        self.other_verbs.setPlaceholderText("清单外的其他要求，用顿号分隔（比对时会被标出）")
        verbs.addWidget(self.other_verbs, (len(self.verbs) + 2) // 3, 0, 1, 3)
        return verbs

    def _verbs_in_force(self) -> list[str]:
        try:
            version = catalog.current_version(self.store, "role_verb")
        except NotFound:
            return []
        if version is None or version.id is None:
            return []
        return [i.text for i in catalog.items(self.store, version.id)]

    def values(self) -> dict:
        """What the form holds, as keyword arguments of ``access.register_request``."""
        verbs = [b.text() for b in self.verbs if b.isChecked()]
        verbs += [v for v in re.split(r"[、,，;；\s]+", self.other_verbs.text()) if v]
        ids = [self.communities.item(i).data(ID_ROLE) for i in range(self.communities.count())
               if self.communities.item(i).checkState() == Qt.CheckState.Checked]
        return {
            "applicant_unit": self.unit.text(), "applicant_level": self.level.currentText(),
            "title": self.title_edit.text(), "content": self.content.toPlainText(),
            "doc_ref": self.doc_ref.text(), "task_type": self.task_type.currentText(),
            "legal_basis": self.basis.text(), "community_ids": ids,
            "period_from": self.period_from.text(), "period_to": self.period_to.text(),
            "planned_start": self.start.text(), "received_on": self.received.text(),
            "conditions": {name: {"provided": p.isChecked(), "needed": n.isChecked(),
                                  "amount": a.text()}
                           for name, (p, n, a) in self.conditions.items()
                           if p.isChecked() or n.isChecked() or a.text().strip()},
            "role_verbs": verbs, "notes": self.notes.text()}

    def accept(self) -> None:
        """Register through core; on an error keep the dialog open with the input."""
        ok, saved = forms.submit_in(self, self.status, access.register_request, self.store,
                                    self.actor, **self.values())
        if ok:
            self.saved = saved
            super().accept()


class MatchDialog(QDialog):
    """A person picks the matching duty-list item (suggestions first) or "none fits"."""

    NONE = -1

    def __init__(self, store: Store, result: access.TriageResult,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("确认匹配的清单条目")
        self.list = QListWidget()
        shown = set()
        for s in result.suggestions:
            self._add(f"【候选 {s.score:.0%}】第{s.seq}项 {s.text}（{s.kind_label}）", s.seq)
            shown.add(s.seq)
        for item in catalog.items(store, result.version_id) if result.version_id else []:
            if item.seq not in shown:
                kind = KIND_LABELS.get(item_kind(item), "未标明")
                self._add(f"第{item.seq}项 {item.text}（{kind}）", item.seq)
        self._add("清单内无此事项（须经准入审批）", self.NONE)
        self.list.setCurrentRow(0)
        form = QFormLayout(self)
        form.addRow(QLabel(f"所用清单：{result.version_text}\n程序只按文字相似度给出候选，请人工确认："))
        form.addRow(self.list)
        form.addRow(_buttons(self, "确认"))
        self.setMinimumSize(560, 360)

    def _add(self, text: str, seq: int) -> None:
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, seq)
        self.list.addItem(item)

    def chosen_seq(self) -> int | None:
        """The chosen item number, or None for "none fits"."""
        seq = self.list.currentItem().data(ID_ROLE) if self.list.currentItem() else self.NONE
        return None if seq == self.NONE else int(seq)


class DecideDialog(QDialog):
    """准入 or 不予准入 with the reason / approval opinion."""

    def __init__(self, store: Store, actor: Actor, request: access.AccessRequest,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor, self.request = store, actor, request
        self.saved: access.AccessRequest | None = None
        self.setWindowTitle("作出准入决定")
        self.admit, self.refuse = (QRadioButton(rules.MACHINE.action(k).label)
                                   for k in ("admit", "refuse"))
        group = QButtonGroup(self)
        group.addButton(self.admit)
        group.addButton(self.refuse)
        (self.admit if request.triage_outcome in rules.ADMITTED_OUTCOMES
         else self.refuse).setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.admit)
        row.addWidget(self.refuse)
        row.addStretch(1)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(80)
        self.reason.setPlaceholderText("不予准入的理由（印在告知书上）或审批意见")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{request.title}\n比对结果：{request.outcome_label}"))
        form.addRow("决定：", row)
        form.addRow("理由/意见：", self.reason)
        self.status = forms.Banner()  # a refusal from core, above the buttons
        form.addRow(self.status)
        form.addRow(_buttons(self, "决定"))
        self.setMinimumWidth(480)

    def accept(self) -> None:
        """Decide through core; on an error keep the dialog open."""
        decision = "admit" if self.admit.isChecked() else "refuse"
        ok, saved = forms.submit_in(self, self.status, access.decide, self.store, self.actor,
                                    self.request.id, decision, self.reason.toPlainText())
        if ok:
            self.saved = saved
            super().accept()


class ComplaintDialog(QDialog):
    """登记反映: a refused/unapproved task reported to 12345, 上级 …"""

    def __init__(self, store: Store, actor: Actor, request_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor, self.request_id = store, actor, request_id
        self.setWindowTitle("登记反映情况")
        self.channel = QComboBox()
        self.channel.setEditable(True)
        self.channel.addItems(access.setting_list(store, "access.complaint_channels"))
        self.date = QLineEdit(clock.today().isoformat())
        self.outcome = QLineEdit()
        self.notes = QLineEdit()
        form = QFormLayout(self)
        form.addRow("反映渠道：", self.channel)
        form.addRow("反映日期：", self.date)
        form.addRow("处理结果：", self.outcome)
        form.addRow("备注：", self.notes)
        self.status = forms.Banner()  # a refusal from core, above the buttons
        form.addRow(self.status)
        form.addRow(_buttons(self, "登记"))

    def accept(self) -> None:
        """Record through core."""
        ok, _ = forms.submit_in(self, self.status, access.add_complaint, self.store,
                                self.actor, self.request_id, self.channel.currentText(),
                                self.outcome.text(), self.date.text(), self.notes.text())
        if ok:
            super().accept()
