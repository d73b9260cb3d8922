# SPDX-License-Identifier: MIT
"""数据备份 page: the backups of this database, back up now, restore, check the database.

条例 第四十一条 (2020 北京市街道办事处条例) asks for measures against loss and damage of
data; automatic backups run without this page, which lets a user make an extra copy (also on
a removable disk), go back to an earlier state, and verify the database.

Backing up runs on the worker thread with its own connection. Restoring replaces the content
of the database under the GUI thread's connection (``core.backup.restore`` writes into
``store.conn``), so it runs here on the GUI thread behind a modal progress dialog; afterwards
the main window rebuilds its pages, which may hold rows of the replaced data.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core import auth, check
from jiedao_desk.core import backup as core_backup
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.store import Store
from jiedao_desk.store.backup import BackupInfo
from jiedao_desk.ui.kit import forms, tasks, ui_state, widgets

KIND_LABELS = {
    "daily": "每日",
    "exit": "退出时",
    "manual": "手动",
    "pre_migration": "升级前",
    "pre_import": "导入前",
    "pre_restore": "恢复前",
}
RETENTION_KEYS = ("backup.interval_hours", "backup.keep_daily", "backup.keep_monthly",
                  "backup.keep_safety", "backup.dir")
CONFIRM_WORD = "恢复"
INFO_ROLE = Qt.ItemDataRole.UserRole


def local_time(stamp: str) -> str:
    """A backup's UTC stamp (YYYYmmdd-HHMMSS) as local time, e.g. "2026-11-23 09:05:12"."""
    utc = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    return utc.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def describe(info: BackupInfo) -> str:
    """One line naming a backup: time, kind and folder."""
    return f"{local_time(info.stamp)}（{KIND_LABELS.get(info.kind, info.kind)}备份）\n{info.path}"


class RestoreConfirmDialog(QDialog):
    """A strong confirmation: says what is replaced, and needs the word "恢复" typed in."""

    def __init__(self, source_text: str, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("确认从备份恢复")
        shown = html.escape(source_text).replace("\n", "<br>")
        self.text_label = text = QLabel(
            f"<p><b>将用下面的备份替换当前的全部数据：</b></p><p>{shown}</p>"
            f"<p>被替换的数据库：{html.escape(str(db_path))}</p>"
            "<p style='color:#b91c1c'><b>该备份之后录入、修改、签发的全部内容（居民、事项、文书、"
            "用户、设置、审计记录）都将被替换，恢复后看不到。</b></p>"
            "<p>恢复之前，系统会先自动备份当前数据（“恢复前”备份）；如果恢复错了，"
            "可以再从那份备份恢复回来。</p>"
            f"<p>请在下面输入“{CONFIRM_WORD}”二字以确认。</p>")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.word = QLineEdit()
        self.word.setPlaceholderText(f"在此输入“{CONFIRM_WORD}”")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确认恢复")
        self.ok_button.setEnabled(False)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("取消")
        cancel.setDefault(True)
        self.word.textChanged.connect(
            lambda t: self.ok_button.setEnabled(t.strip() == CONFIRM_WORD))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.word)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


class BackupsPage(QWidget):
    """List of backups with 立即备份, 备份到其他位置…, 恢复…, 校验数据库."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.can_run = auth.can(actor, "backup.run")
        self.can_restore = auth.can(actor, "backup.restore")

        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)  # a few dozen folders at most (retention), not a big list
        self.table.setHorizontalHeaderLabels(["备份时间", "类型", "文件夹"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        unit = self.fontMetrics().horizontalAdvance("0")
        self.table.setColumnWidth(0, unit * 22)
        self.table.setColumnWidth(1, self.fontMetrics().horizontalAdvance("中") * 5)

        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_to_button = QPushButton("备份到其他位置…")
        self.backup_to_button.clicked.connect(self.backup_elsewhere)
        self.restore_button = QPushButton("从选中的备份恢复…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_folder_button = QPushButton("从其他文件夹恢复…")
        self.restore_folder_button.clicked.connect(self.restore_from_folder)
        self.check_button = QPushButton("校验数据库")
        self.check_button.clicked.connect(self.check_database)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.backup_to_button, self.restore_button,
                  self.restore_folder_button, self.check_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        retention = QGroupBox("保留规则（只读；在“设置 → 备份”中修改）")
        form = QFormLayout(retention)
        self.retention_labels: dict[str, QLabel] = {}
        for key in RETENTION_KEYS:
            label = QLabel()
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.retention_labels[key] = label
            form.addRow(core_backup.SETTINGS[key].label + "：", label)
        note = QLabel("每天第一次启动、运行中按间隔、退出（有改动时）自动备份；升级、导入、恢复之前"
                      "自动做安全备份。每份备份写完都逐个文件核对清单，不完整的备份不列出、不能恢复。"
                      "手动备份不会被自动删除。建议定期“备份到其他位置”（如移动硬盘）。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow(note)

        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(retention)
        self.refresh()

    # -- showing -------------------------------------------------------------------------
    def on_show(self) -> None:
        """Backups may have been made meanwhile (daily, import); settings may have changed."""
        self.refresh()

    @property
    def file_backed(self) -> bool:
        """False for an in-memory store (tests), which cannot be backed up."""
        return self.store.path is not None

    def refresh(self) -> None:
        """Re-read the backup folder and the retention settings."""
        self._fill_retention()
        self.table.setRowCount(0)
        if not self.file_backed:
            self.folder_label.setText("当前是内存数据库（仅用于测试）：备份和恢复需要数据库文件。")
            self.folder_label.setStyleSheet("color: #b45309; font-weight: bold;")
            self._update_buttons()
            return
        folder = core_backup.backup_folder(self.store)
        if not self.can_run:  # who may not make backups may not list them (core refuses)
            self.folder_label.setText(f"备份目录：{folder}　　您的角色不能查看备份列表。")
            self._update_buttons()
            return
        try:
            # newest first
            backups = list(reversed(core_backup.list_backups(self.store, self.actor)))
        except OSError as exc:  # e.g. a removable disk configured as backup folder is gone
            backups = []
            self.status_label.setText(f"无法读取备份目录：{exc}")
        self.folder_label.setText(f"备份目录：{folder}　　共 {len(backups)} 份备份")
        self.table.setRowCount(len(backups))
        for row, info in enumerate(backups):
            cells = (local_time(info.stamp), KIND_LABELS.get(info.kind, info.kind),
                     info.path.name)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(INFO_ROLE, info)
                item.setToolTip(str(info.path))
                self.table.setItem(row, col, item)
        self._update_buttons()

    def _fill_retention(self) -> None:
        for key, label in self.retention_labels.items():
            value = settings_mod.get(self.store, core_backup.SETTINGS[key])
            if key == "backup.dir" and not value:
                value = "（默认：与数据库同一文件夹中的备份文件夹）"
            label.setText(widgets.show_value(value))

    def _update_buttons(self) -> None:
        ok = self.file_backed
        run_tip = "" if self.can_run else "您的角色不能备份数据（需要“备份”权限，请找管理员）。"
        restore_tip = "" if self.can_restore else "只有管理员可以从备份恢复。"
        for b in (self.backup_button, self.backup_to_button, self.check_button):
            b.setEnabled(ok and self.can_run)
            b.setToolTip(run_tip)
        for b in (self.restore_button, self.restore_folder_button):
            b.setEnabled(ok and self.can_restore)
            b.setToolTip(restore_tip)

    def backups_shown(self) -> list[BackupInfo]:
        """The backups in the list, top to bottom (newest first)."""
        return [item.data(INFO_ROLE) for r in range(self.table.rowCount())
                if (item := self.table.item(r, 0)) is not None]

    def selected_backup(self) -> BackupInfo | None:
        """The backup of the selected row, if any."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(INFO_ROLE)

    # -- backing up ----------------------------------------------------------------------
    def backup_now(self, to_dir: str | Path | None = None) -> tasks.Task | None:
        """Back up on the worker thread (its own connection) with a progress dialog."""
        if not self.file_backed:
            return None
        open_store = tasks.store_factory(self.store.path)
        target = Path(to_dir) if to_dir else None
        actor = self.actor  # plain data for the worker, which must not touch the page

        def work(progress) -> BackupInfo:
            with open_store() as s:
                return core_backup.backup_now(s, "manual", to_dir=target, progress=progress,
                                              actor=actor)

        def done(info: BackupInfo) -> None:
            self.refresh()
            self.status_label.setStyleSheet("")
            self.status_label.setText(f"已备份（{local_time(info.stamp)}），并已校验：{info.path}")

        return tasks.run_task(self, "正在备份数据…", work, on_done=done,
                              disable=[self.backup_button, self.backup_to_button,
                                       self.restore_button, self.restore_folder_button])

    def backup_elsewhere(self) -> tasks.Task | None:
        """Ask for a folder (e.g. on a removable disk) and back up there."""
        folder = ui_state.folder_name(self, "选择备份到哪个文件夹")
        if not folder:
            return None
        return self.backup_now(to_dir=folder)

    # -- restoring -----------------------------------------------------------------------
    def restore_selected(self) -> bool:
        """Restore the backup selected in the list (after the strong confirmation)."""
        info = self.selected_backup()
        if info is None:
            widgets.show_error(self, JiedaoError("请先在列表中选择要恢复的备份。"))
            return False
        return self.restore(info.path, describe(info))

    def restore_from_folder(self) -> bool:
        """Ask for a backup folder (e.g. on a removable disk) and restore it."""
        folder = ui_state.folder_name(self, "选择要恢复的备份文件夹")
        if not folder:
            return False
        ok, resolved = widgets.call_core(self, core_backup.resolve_backup, folder)
        if not ok or resolved is None:
            return False
        return self.restore(resolved, str(resolved))

    def backup_secret(self, path: str | Path
                      ) -> tuple[str | None, str] | None | Literal[False]:
        """What opens an encrypted backup made under another key (before a key rotation):
        asked for in a form and tried there (a wrong one is said in the form). None: the
        backup needs nothing; False: cancelled, or the backup cannot be opened."""
        ok, folder = widgets.call_core(self, core_backup.resolve_backup, path)
        if not ok or folder is None:
            return False
        try:
            core_backup.backup_key(self.store, folder)
            return None
        except core_backup.BackupKeyNeeded as exc:
            reason = str(exc)
        except JiedaoError as exc:
            widgets.show_error(self, exc, "无法恢复")
            return False

        def submit(v: dict) -> tuple[str | None, str]:
            secret = (v["username"] or None, v["secret"])
            core_backup.backup_key(self.store, folder, secret)  # refused here if wrong
            return secret

        dialog = forms.FormDialog(
            "打开轮换密钥之前的备份",
            [forms.Field("username", "做备份时的管理员用户名（用恢复码时留空）"),
             forms.Field("secret", "当时的密码或管理员恢复码", required=True)],
            self, submit=submit, ok_text="打开备份")
        intro = QLabel(reason)
        intro.setWordWrap(True)
        dialog.form.insertRow(0, intro)
        editor = dialog.editors["secret"]
        assert isinstance(editor, QLineEdit)
        editor.setEchoMode(QLineEdit.EchoMode.Password)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return dialog.result_value

    def confirm_restore(self, source_text: str) -> bool:
        """Show the strong confirmation dialog; True if the user typed the word and confirmed."""
        if self.store.path is None:  # an in-memory store (tests): nothing to restore into
            widgets.show_error(self, JiedaoError("当前是内存数据库：恢复需要数据库文件。"))
            return False
        dialog = RestoreConfirmDialog(source_text, self.store.path, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def restore(self, path: str | Path, source_text: str) -> bool:
        """Confirm, then replace the data with the backup at ``path`` on the GUI thread.

        Returns:
            True when the data was restored.
        """
        secret = self.backup_secret(path)
        if secret is False or not self.confirm_restore(source_text):
            return False
        tasks.wait_idle()  # no worker may be writing while the content is replaced
        dialog = QProgressDialog("正在恢复数据…", "", 0, 0, self)
        dialog.setWindowTitle("请稍候")
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(360)
        dialog.show()

        def progress(done: int, total: int, text: str = "") -> None:
            dialog.setMaximum(max(int(total), 0))
            if total:
                dialog.setValue(min(int(done), int(total)))
            dialog.setLabelText(f"正在恢复数据…\n{text or ''}（先备份当前数据）")
            # Keep the window painted; no user input reaches it during the restore.
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

        progress(0, 0)
        try:
            safety = core_backup.restore(self.store, self.actor, path, progress=progress,
                                         secret=secret)
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing else to do here
            dialog.hide()
            dialog.deleteLater()
            widgets.show_error(self, exc, "恢复未完成")
            self.refresh()
            return False
        dialog.hide()
        dialog.deleteLater()
        message = (f"已从备份恢复数据：\n{source_text}\n\n恢复之前的数据已另存为安全备份：\n"
                   f"{safety.path}")
        self.status_label.setText(message.replace("\n", " "))
        QMessageBox.information(self, "恢复完成", message)
        self.refresh()
        main_window = self.window()
        if hasattr(main_window, "reload"):  # every page may show rows of the replaced data
            main_window.reload()
        return True

    # -- checking ------------------------------------------------------------------------
    def check_database(self) -> check.CheckReport:
        """Run integrity, foreign-key and audit-chain checks and show the outcome."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = check.check(self.store)
        finally:
            QApplication.restoreOverrideCursor()
        if report.ok:
            text = (f"数据库校验通过：完整性正常，没有引用不存在记录的数据，审计日志 "
                    f"{report.audit_rows:,} 条，哈希链完整。")
            self.status_label.setText(text)
            self.status_label.setStyleSheet("color: #15803d;")
            QMessageBox.information(self, "校验数据库", text)
        else:
            lines = [f"{i}. {p.message}" for i, p in enumerate(report.problems, 1)]
            text = ("数据库校验发现问题：\n" + "\n".join(lines)
                    + "\n\n请不要继续录入，立即联系管理员；必要时从最近一份正常的备份恢复。")
            self.status_label.setText(text)
            self.status_label.setStyleSheet("color: #b91c1c; font-weight: bold;")
            QMessageBox.warning(self, "校验数据库", text)
        return report
