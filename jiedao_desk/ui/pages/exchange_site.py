# SPDX-License-Identifier: MIT
"""数据交换 page, administrators: what this PC is (the street's site or a community's) — the
same core function as ``exchange site-role``."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import site
from jiedao_desk.domains import org
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import widgets


class SiteRoleDialog(QDialog):
    """Street or community; for a community, which one and its office code. Closes only
    when core accepted the choice."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.saved: site.Site | None = None
        self.setWindowTitle("设置本站用途")
        now = site.get_site(store)
        self.role = QComboBox()
        for key, label in site.ROLES.items():
            self.role.addItem(f"{label}站点", key)
        self.role.setCurrentIndex(max(self.role.findData(now.role), 0))
        self.community = QComboBox()
        for c in org.list_communities(store):
            self.community.addItem(c.name, c.id)
        if now.community_id is not None:
            self.community.setCurrentIndex(max(self.community.findData(now.community_id), 0))
        self.office_code = QLineEdit(now.office_code)
        self.office_code.setMaxLength(10)
        self.office_code.setPlaceholderText("如 枫林（印在本站文书文号之前）")
        self.role.currentIndexChanged.connect(self._role_changed)
        note = QLabel("装机时设定一次：街道的电脑设为街道站点；社区自己的电脑设为该社区的站点，"
                      "并填写文号机关代字，使各台电脑出具的文号不重复。登记交换站点后不宜再改。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow("本机用途：", self.role)
        form.addRow("社区：", self.community)
        form.addRow("文号机关代字：", self.office_code)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self._role_changed()

    def _role_changed(self) -> None:
        community = self.role.currentData() == "community"
        self.community.setEnabled(community)
        self.office_code.setEnabled(True)

    def accept(self) -> None:
        """Save through core (``site.set_role``); an error keeps the dialog open."""
        role = self.role.currentData()
        community = self.community.currentData() if role == "community" else None
        ok, saved = widgets.call_core(self, site.set_role, self.store, self.actor, role,
                                      community, self.office_code.text())
        if ok:
            self.saved = saved
            super().accept()
