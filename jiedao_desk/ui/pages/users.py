# SPDX-License-Identifier: MIT
"""用户管理 page: accounts, roles, password resets, unlocking and disabling.

Only administrators manage users (core.auth enforces it too); others see why the buttons
are disabled. Accounts are never deleted — a disabled account stays for the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from jiedao_desk.core import auth, encryption
from jiedao_desk.domains import org
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, widgets

ID_ROLE = Qt.ItemDataRole.UserRole
HEADERS = ["用户名", "姓名", "角色", "社区", "状态"]


def user_status(user: auth.User, without_key: bool = False) -> str:
    """The Chinese status shown for an account (``without_key``: the database is encrypted
    and the account holds no key yet, so it cannot sign in until its password is reset)."""
    if user.voided:
        return "已停用"
    if without_key:
        return "待重设密码（无数据库密钥）"
    if user.locked_until and user.locked_until > clock.now().isoformat(sep=" "):
        return "已锁定"
    if user.must_change_password:
        return "须改密码"
    return "正常"


class NewUserDialog(forms.FormDialog):
    """Fields of a new account (the app's form dialog): the user name and the password are
    checked as they are typed, a community worker must have a community, and core's refusal
    (e.g. a name already used) is said in the status line with everything typed kept.

    Args:
        store: the database (communities, the password rules).
        submit: the core call taking ``values()``; a refusal keeps the dialog open.
    """

    def __init__(self, store: Store, submit: Callable[[dict], Any],
                 parent: QWidget | None = None):
        self.store = store
        communities: forms.Choices = [(c.name, c.id) for c in org.list_communities(store)]
        super().__init__("新建用户", [
            forms.Field("username", "用户名", required=True, check=_username_check),
            forms.Field("name", "姓名"),
            forms.Field("role", "角色", [(label, key) for key, label in auth.ROLES.items()],
                        start="community_worker"),
            forms.Field("community", "所属社区",
                        communities or [("（还没有社区，请先在设置页添加）", None)]),
            forms.Field("password", "初始密码", required=True),
        ], parent, submit, ok_text="创建", hint="新用户首次登录时须修改初始密码。")
        self.setMinimumWidth(420)
        self.username_edit = self._line("username")
        self.username_edit.setPlaceholderText("2-30个字符，不含空格")
        self.name_edit = self._line("name")
        self.password_edit = self._line("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("用户首次登录时须修改")
        role, community = self.editors["role"], self.editors["community"]
        assert isinstance(role, QComboBox) and isinstance(community, QComboBox)
        self.role_combo, self.community_combo = role, community
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        # Default to the most common, least-privileged-but-useful role, never to 管理员.
        self.set_role("community_worker")
        self._role_changed()

    def _line(self, key: str) -> QLineEdit:
        editor = self.editors[key]
        assert isinstance(editor, QLineEdit)
        return editor

    def _role_changed(self) -> None:
        # Only a community worker is bound to one community (core.auth checks it again).
        self.community_combo.setEnabled(self.role_combo.currentData() == "community_worker")
        self.revalidate()

    def set_role(self, role: str) -> None:
        """Select a role by key."""
        self.role_combo.setCurrentIndex(self.role_combo.findData(role))

    def values(self) -> dict[str, Any]:
        """The account's fields; the password as typed, no community unless a worker's."""
        out = super().values()
        password = self.editors["password"]
        if isinstance(password, QLineEdit):
            out["password"] = password.text()  # spaces are the user's own choice
        if out["role"] != "community_worker":
            out["community"] = None
        return out

    def problem(self) -> tuple[str, str] | None:
        """A missing field, a bad user name, a worker without community, a weak password."""
        found = super().problem()
        if found is not None:
            return found
        v = self.values()
        if v["role"] == "community_worker" and v["community"] is None:
            return "community", "社区工作者必须绑定一个社区：请先在设置页添加社区。"
        weak = auth.new_password_problem(self.store, v["password"], v["username"], v["name"])
        return ("password", weak) if weak else None


def _username_check(value: str) -> str | None:
    return auth.username_problem(value) or None


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
        waiting = set(encryption.status(self.store.path)["waiting"]) \
            if self.store.key is not None and self.store.path is not None else set()
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            cells = [u.username, u.display_name, u.role_label,
                     names.get(u.community_id, "") if u.community_id else "",
                     user_status(u, u.username in waiting)]
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
        def submit(v: dict) -> auth.User:
            return auth.create_user(self.store, self.actor, v["username"], v["name"],
                                    v["role"], v["password"], v["community"])

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
