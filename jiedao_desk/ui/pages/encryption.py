# SPDX-License-Identifier: MIT
"""数据加密 page (administrators): turn encryption on for an existing database, rotate the
key, issue a new recovery code, and see who holds a key (core/encryption.py).

Turning encryption on and rotating the key write the whole database into a new file and
rename it over the old one, so the window's own connection must be closed meanwhile: the
page closes it, the work runs on the worker thread with its own connection behind a modal
progress dialog, and the window's connection opens again on the new file when it is done
(also after a failure, on whichever file is then in place).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth, encryption
from jiedao_desk.store import Store, crypt
from jiedao_desk.store import backup as backup_store
from jiedao_desk.ui.dialogs import recovery
from jiedao_desk.ui.kit import forms, tasks, widgets

OLD_BACKUPS = [("加密保留（用新密钥重新加密）", "encrypt"), ("删除（不能找回）", "delete")]
ROTATION_NOTE = (
    "轮换密钥：换用新的主密钥，把数据库和全部附件重新加密，并为每位仍持有密钥的用户和恢复码"
    "重新包装。能防的：已停用的用户或离职人员手里留下的旧密钥文件（连同他们知道的密码）打不开"
    "轮换之后的数据库和备份。防不了的：轮换之前做的备份、复制出去的文件仍是旧密钥加密的，"
    "持有旧密钥文件和当时密码的人仍能打开它们；需要时请删除旧备份。")


class EncryptionPage(QWidget):
    """State of encryption and the administrator's actions on it."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enable_button = QPushButton("加密数据库…")
        self.enable_button.clicked.connect(self.turn_on)
        self.backups_button = QPushButton("处理未加密的旧备份…")
        self.backups_button.clicked.connect(self.treat_old_backups)
        self.rotate_button = QPushButton("轮换密钥…")
        self.rotate_button.clicked.connect(self.rotate)
        self.code_button = QPushButton("换发恢复码…")
        self.code_button.clicked.connect(self.new_code)
        row = QHBoxLayout()
        for b in (self.enable_button, self.backups_button, self.rotate_button,
                  self.code_button):
            row.addWidget(b)
        row.addStretch(1)
        self.status = forms.Banner()
        note = QLabel(
            "加密后，复制走的数据库文件、备份和附件都无法读取；每位用户用自己的密码解锁。"
            "开启加密的管理员之外，其他用户须由管理员在“用户管理”中重设密码后才能登录。"
            "导出的 Excel、PDF 文件不加密（它们是要发出去的）。\n" + ROTATION_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(note)
        layout.addStretch(1)
        self.refresh()

    def on_show(self) -> None:
        """Users and backups may have changed meanwhile."""
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        """core's status of this database (an in-memory store: plain, nothing more)."""
        if self.store.path is None:
            return {"encrypted": False, "holders": [], "waiting": [], "recovery_code": False,
                    "plain_backups": []}
        return encryption.status(self.store.path)

    def refresh(self) -> None:
        """Re-read the state and enable what fits it."""
        info = self.info()
        if not auth.can(self.actor, "encryption.manage"):  # who holds keys is the admin's
            self.state_label.setText(("数据库已加密。" if info["encrypted"] else "数据库未加密。")
                                     + "加密、轮换密钥和恢复码由管理员在本页办理。")
            for b in (self.enable_button, self.backups_button, self.rotate_button,
                      self.code_button):
                b.setEnabled(False)
            return
        named = self._names()

        def who(names: list[str]) -> str:
            return "、".join(f"{named[n]}（{n}）" if n in named else n for n in names)

        if info["encrypted"]:
            lines = ["数据库已加密。",
                     "持有密钥的用户：" + (who(info["holders"]) or "（无）"),
                     "管理员恢复码：" + ("已设置" if info["recovery_code"] else "未设置")]
            if info["waiting"]:
                lines.append("还没有密钥的用户（须由管理员在“用户管理”中重设密码后才能登录）："
                             + who(info["waiting"]))
        else:
            lines = ["数据库未加密：复制走数据文件夹或捡到备份的人可以读出全部内容。"]
        if info["plain_backups"]:
            lines.append(f"未加密的旧备份：{len(info['plain_backups'])} 份")
        self.state_label.setText("\n".join(lines))
        file_backed = self.store.path is not None
        self.enable_button.setEnabled(file_backed and not info["encrypted"])
        self.backups_button.setEnabled(info["encrypted"] and bool(info["plain_backups"]))
        self.rotate_button.setEnabled(info["encrypted"])
        self.code_button.setEnabled(info["encrypted"])

    def _names(self) -> dict[str, str]:
        """Username → display name of the accounts (the window's connection is closed while
        the file is converted: nothing then)."""
        try:
            return {u.username: u.display_name for u in auth.list_users(self.store, self.actor)}
        except sqlite3.ProgrammingError:
            return {}

    # -- the long steps ------------------------------------------------------------------
    def _exclusive(self, title: str, work: Callable[[Store, Any], Any],
                   done: Callable[[Any], None]) -> tasks.Task | None:
        """Run ``work(store, progress)`` on the worker with its own connection while this
        window's connection is closed (the file is replaced under it); reconnect after."""
        path = self.store.path
        if path is None:
            return None
        tasks.wait_idle()  # nothing else may hold the file
        self.store.close()

        def run(progress) -> Any:
            progress(0, 0, "正在写入新的数据库文件，请不要关闭程序")
            with Store.open(path) as own:  # the key, if any, is unlocked in this process
                return work(own, progress)

        def reconnect() -> None:
            self.store.reopen(crypt.unlocked_key(path) if crypt.is_encrypted(path) else None)

        def finished(result: Any) -> None:
            reconnect()
            self.refresh()
            done(result)

        def failed(exc: BaseException) -> None:
            reconnect()
            self.refresh()
            self.status.say(widgets.error_text(exc), error=True)
            widgets.show_error(self, exc)

        return tasks.run_task(self, title, run, on_done=finished, on_error=failed,
                              disable=[self.enable_button, self.rotate_button,
                                       self.code_button, self.backups_button])

    def _plain_backups(self) -> int:
        return len(self.info()["plain_backups"])

    def _may(self, title: str) -> bool:
        """Whether core lets this user manage encryption, asked before any form opens or the
        window's connection is closed; a refusal is shown once, in Chinese (and audited)."""
        try:
            auth.require(self.actor, "encryption.manage")
        except auth.PermissionDenied as exc:
            self.status.say(widgets.error_text(exc), error=True)
            widgets.show_error(self, exc, title)
            return False
        return True

    def turn_on(self) -> forms.FormDialog | None:
        """Ask for the administrator's password (and what to do with plain backups),
        confirm, then encrypt on the worker and show the recovery code."""
        if not self._may("加密数据库"):
            return None
        plain = self._plain_backups()
        waiting = [u for u in self._other_users()]
        fields = [forms.Field("password", "您的登录密码", required=True)]
        if plain:
            fields.append(forms.Field("old_backups", f"{plain} 份未加密的旧备份", OLD_BACKUPS))

        def consequence(v: dict) -> str:
            parts = ["加密后数据库不能再变回未加密的文件。"]
            if waiting:
                parts.append(f"其他 {len(waiting)} 位用户（{'、'.join(waiting)}）要等管理员重设"
                             "密码后才能登录。")
            if plain and v.get("old_backups") == "delete":
                parts.append(f"{plain} 份未加密的旧备份将被删除，不能找回。")
            elif plain:
                parts.append(f"{plain} 份未加密的旧备份将用新密钥加密。")
            parts.append("加密期间程序暂停使用。完成后显示一次管理员恢复码，请准备打印或抄下。")
            return "".join(parts)

        def submit(v: dict) -> tasks.Task | None:
            auth.verify_password(self.store, self.actor, v["password"])  # before closing
            choice = v.get("old_backups") if plain else None
            actor, password = self.actor, v["password"]
            return self._exclusive(
                "正在加密数据库和附件…",
                lambda s, progress: encryption.enable(s, actor, password, choice,
                                                      confirmed=choice == "delete"),
                self._enabled)

        dialog = forms.FormDialog("加密数据库", fields, self, submit=submit, ok_text="开始加密",
                                  confirm=consequence)
        editor = dialog.editors["password"]
        assert isinstance(editor, QLineEdit)
        editor.setEchoMode(QLineEdit.EchoMode.Password)
        dialog.open()
        return dialog

    def _other_users(self) -> list[str]:
        me = auth.get_user(self.store, self.actor.user_id).username if self.actor.user_id \
            else ""
        return [u.username for u in auth.list_users(self.store, self.actor)
                if not u.voided and u.username != me]

    def _enabled(self, done: encryption.Enabled) -> None:
        extra = ""
        if done.backups_encrypted:
            extra += f"已加密旧备份 {len(done.backups_encrypted)} 份。"
        if done.backups_deleted:
            extra += f"已删除旧备份 {len(done.backups_deleted)} 份。"
        self.status.say("数据库和附件已加密。" + extra)
        recovery.show_code(self, done.recovery_code,
                           "数据库和附件已加密。" + extra + "下面是管理员恢复码：")

    def treat_old_backups(self) -> forms.FormDialog | None:
        """Encrypt or delete plain backups left beside an encrypted database."""
        if not self._may("处理未加密的旧备份"):
            return None
        plain = self._plain_backups()

        def consequence(v: dict) -> str:
            if v["old_backups"] == "delete":
                return f"{plain} 份未加密的旧备份将被删除，不能找回。"
            return f"{plain} 份未加密的旧备份将用当前密钥加密，原来的未加密文件随即删除。"

        def submit(v: dict) -> encryption.Enabled:
            done = encryption.finish_backups(self.store, self.actor, v["old_backups"],
                                             confirmed=v["old_backups"] == "delete")
            self.refresh()
            self.status.say(f"已加密旧备份 {len(done.backups_encrypted)} 份，"
                            f"删除 {len(done.backups_deleted)} 份。")
            return done

        dialog = forms.FormDialog("处理未加密的旧备份",
                                  [forms.Field("old_backups", "旧备份", OLD_BACKUPS)], self,
                                  submit=submit, ok_text="执行", confirm=consequence)
        dialog.open()
        return dialog

    def rotate(self) -> tasks.Task | None:
        """Confirm (saying what rotation does and does not protect), then rotate."""
        if not self._may("轮换密钥"):
            return None
        count = len(list((backup_store.attachments_dir(self.store)).rglob("*"))) \
            if self.store.path is not None else 0
        if not widgets.confirm_irreversible(
                self, "轮换密钥",
                ROTATION_NOTE
                + f"\n\n数据库和附件（约 {count} 个文件）将重新加密，期间程序暂停使用。",
                "轮换密钥"):
            return None
        actor = self.actor
        return self._exclusive(
            "正在用新密钥重新加密数据库和附件…",
            lambda s, progress: encryption.rotate(s, actor),
            lambda _: self.status.say("已换用新的主密钥。此前的备份和复制出去的文件仍是旧密钥"
                                      "加密的。"))

    def new_code(self) -> forms.FormDialog | None:
        """A new recovery code after the administrator's password; shown once."""
        if not self._may("换发恢复码"):
            return None

        def submit(v: dict) -> str:
            return encryption.new_recovery_code(self.store, self.actor, v["password"])

        dialog = forms.FormDialog(
            "换发恢复码", [forms.Field("password", "您的登录密码", required=True)], self,
            submit=submit, ok_text="换发",
            confirm=lambda _v: "旧的恢复码将立即作废（包括打印出来的那份）。")
        editor = dialog.editors["password"]
        assert isinstance(editor, QLineEdit)
        editor.setEchoMode(QLineEdit.EchoMode.Password)

        def shown(result: int) -> None:
            if result and dialog.result_value:
                self.status.say("已换发恢复码，旧恢复码已作废。")
                recovery.show_code(self, dialog.result_value,
                                   "旧的恢复码已作废。新的管理员恢复码：")

        dialog.finished.connect(shown)
        dialog.open()
        return dialog
