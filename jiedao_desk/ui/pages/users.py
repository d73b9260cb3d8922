# SPDX-License-Identifier: MIT
"""用户管理 page: accounts, roles, password resets, unlocking and disabling.

Only administrators manage users (core.auth enforces it too); others see why the buttons
are disabled. Accounts are never deleted — a disabled account stays for the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.domains import org
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, widgets

ID_ROLE = Qt.ItemDataRole.UserRole
HEADERS = ["用户名", "姓名", "角色", "社区", "状态"]


def user_status(user: auth.User) -> str:
    """The Chinese status shown for an account."""
    if user.voided:
        return "已停用"
    if user.locked_until and user.locked_until > clock.now().isoformat(sep=" "):
        return "已锁定"
    if user.must_change_password:
        return "须改密码"
    return "正常"


class NewUserDialog(QDialog):
    """Fields of a new account; ``submit(...)`` returns True when the core saved it."""

    def __init__(self, store: Store, submit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建用户")
        self.setMinimumWidth(400)
        self._submit = submit
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText("2-30个字符，不含空格")
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for key, label in auth.ROLES.items():
            self.role_combo.addItem(label, key)
        self.community_combo = QComboBox()
        for c in org.list_communities(store):
            self.community_combo.addItem(c.name, c.id)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("用户首次登录时须修改")
        form = QFormLayout(self)
        form.addRow("用户名：", self.username_edit)
        form.addRow("姓名：", self.name_edit)
        form.addRow("角色：", self.role_combo)
        form.addRow("所属社区：", self.community_combo)
        form.addRow("初始密码：", self.password_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.buttons = buttons
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        # Default to the most common, least-privileged-but-useful role, never to 管理员.
        self.set_role("community_worker")
        self._role_changed()

    def _role_changed(self) -> None:
        # Only a community worker is bound to one community (core.auth checks it again).
        self.community_combo.setEnabled(self.role_combo.currentData() == "community_worker")

    def set_role(self, role: str) -> None:
        """Select a role by key."""
        self.role_combo.setCurrentIndex(self.role_combo.findData(role))

    def accept(self) -> None:
        """Close only when the account was created."""
        community = (self.community_combo.currentData()
                     if self.community_combo.isEnabled() else None)
        if self._submit(self.username_edit.text(), self.name_edit.text(),
                        self.role_combo.currentData(), self.password_edit.text(), community):
            super().accept()


class UsersPage(QWidget):
    """Administration of user accounts."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.allowed = auth.can(actor, "user.manage")
        self.denied_label = QLabel("只有管理员可以管理用户。")
        self.denied_label.setVisible(not self.allowed)
        self.new_button = QPushButton("新建用户…")
        self.new_button.clicked.connect(self.new_user)
        self.reset_button = QPushButton("重设密码…")
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button = QPushButton("解锁")
        self.unlock_button.clicked.connect(self.unlock)
        self.void_button = QPushButton("停用…")
        self.void_button.clicked.connect(self.void_user)
        row = QHBoxLayout()
        for b in (self.new_button, self.reset_button, self.unlock_button, self.void_button):
            b.setEnabled(self.allowed)
            row.addWidget(b)
        row.addStretch(1)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.denied_label)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.load()

    def on_show(self) -> None:
        """Re-read the accounts when the page is shown again."""
        self.load()

    def load(self) -> None:
        """Refill the table (empty for actors who may not manage users)."""
        users = auth.list_users(self.store, self.actor) if self.allowed else []
        names = {c.id: c.name for c in org.list_communities(self.store, include_voided=True)}
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            cells = [u.username, u.display_name, u.role_label,
                     names.get(u.community_id, "") if u.community_id else "", user_status(u)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, u.id)
                if u.voided:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, col, item)
        unit = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((10, 8, 7, 10)):
            self.table.setColumnWidth(col, chars * unit + 16)

    def selected_user(self) -> auth.User | None:
        """The account selected in the table, or None (after telling the user)."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            widgets.show_error(self, ValidationError("请先在表格中选择一个用户。"))
            return None
        return auth.get_user(self.store, item.data(ID_ROLE))

    def new_user(self) -> None:
        """Ask for the new account's fields and create it."""
        def submit(username, name, role, password, community) -> bool:
            ok, _ = widgets.call_core(dialog, auth.create_user, self.store, self.actor,
                                      username, name, role, password, community)
            return ok

        dialog = NewUserDialog(self.store, submit, self)
        if dialog.exec():
            self.load()

    def reset_password(self) -> None:
        """Set a new initial password for the selected account."""
        user = self.selected_user()
        if user is None:
            return
        value, ok = QInputDialog.getText(self, "重设密码", f"为“{user.username}”设置新的初始密码：",
                                         QLineEdit.EchoMode.Password)
        if ok and widgets.call_core(self, auth.reset_password, self.store, self.actor,
                                    user.id, value)[0]:
            self.load()

    def unlock(self) -> None:
        """Lift the lockout of the selected account."""
        user = self.selected_user()
        if user and widgets.call_core(self, auth.unlock, self.store, self.actor, user.id)[0]:
            self.load()

    def void_user(self) -> None:
        """Disable the selected account with a reason."""
        user = self.selected_user()
        if user is None:
            return
        reason = forms.ask_text(self, "停用用户", f"停用“{user.username}”的原因：")
        if reason is None or not widgets.confirm_irreversible(
                self, "停用用户", f"停用后，{user.display_name}（{user.username}）不能再登录，"
                "账户不能恢复（其办理的记录保留）。", "停用"):
            return
        if widgets.call_core(self, auth.void_user, self.store,
                                                    self.actor, user.id, reason)[0]:
            self.load()
