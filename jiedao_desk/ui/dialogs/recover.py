# SPDX-License-Identifier: MIT
"""At start-up, when the database file is damaged: explain, offer to salvage what is readable
into a new file beside it (core/recover.py), show the report, and go on with the new file;
when the start of an encrypted file is damaged, offer to restore a backup (the newest of the
default backup folder, or one the user chooses) into a new file.

The damaged original is never written; the user may also quit and restore a backup instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core import recover
from jiedao_desk.ui.kit import tasks, widgets

TITLE = "数据库文件已损坏"


def ask(path: Path, target: Path, error: JiedaoError, parent: QWidget | None = None) -> bool:
    """Explain the damage; True when the user chooses 尝试修复, False for 退出."""
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE,
                      f"数据库文件“{path.name}”已损坏，无法正常打开。\n\n{error}", parent=parent)
    box.setInformativeText(
        f"“尝试修复”会把其中还能读出的数据抢救到同一文件夹中的新文件“{target.name}”，"
        "原文件保持不动；完成后显示抢救报告（哪些数据丢失），并打开新文件继续工作。\n"
        "“退出”则不做任何改动，您也可以请管理员从备份恢复。")
    repair = box.addButton("尝试修复", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(repair)
    box.exec()
    return box.clickedButton() is repair


def show_report(result: recover.Recovery, parent: QWidget | None = None) -> None:
    """The salvage report: a summary, and the whole report under 显示详细信息."""
    lost = [t for t in result.salvage.tables if t.lost or t.rejected or t.unreadable]
    summary = (f"已抢救 {result.salvage.copied} 条记录到“{result.target.name}”。"
               + (f"{len(lost)} 张数据表有记录丢失，请核对报告并从备份或纸质材料补录。"
                  if lost else "没有发现丢失的记录。")
               + f"\n\n报告已保存：{result.report_path}\n接下来将打开新文件。")
    box = QMessageBox(QMessageBox.Icon.Information if not lost else QMessageBox.Icon.Warning,
                      "抢救完成", summary, parent=parent)
    box.setDetailedText(result.report)
    box.exec()


def salvage(path: Path, target: Path, parent: QWidget | None = None) -> recover.Recovery | None:
    """Run ``recover`` on the worker with a progress dialog and wait for it (start-up has no
    event loop running yet); None after showing why it failed."""
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def work(progress):
        return recover.recover(path, target, progress=progress)

    def failed(exc: BaseException) -> None:
        widgets.show_error(parent, exc, "抢救失败")

    task = tasks.run_task(parent, "正在抢救数据库中可读的数据…", work,
                          on_done=lambda r: outcome.update(result=r), on_error=failed)
    task.finished.connect(loop.quit)
    if task.running:
        loop.exec()
    result = outcome.get("result")
    return result if isinstance(result, recover.Recovery) else None


def offer(path: Path, error: JiedaoError, parent: QWidget | None = None) -> Path | None:
    """The whole start-up offer; the new database's path, or None when the user quits (or
    nothing could be salvaged)."""
    target = recover.default_target(path)
    if not ask(path, target, error, parent):
        return None
    result = salvage(path, target, parent)
    if result is None:
        return None
    show_report(result, parent)
    return result.target


def _encrypted_backups(path: Path) -> list:
    """Encrypted backups of the database ``path`` in its default backup folder, newest last
    (the configured folder is a setting inside the unreadable file)."""
    from jiedao_desk.store import backup as backup_store
    from jiedao_desk.store import crypt

    found = backup_store.list_backups(path.parent / "backups", path.stem)
    return [b for b in found if crypt.is_encrypted(b.db_file)]


CHOOSE = "选择备份…"


def _choose_backup(start: Path, parent: QWidget | None) -> Path | None:
    """A backup folder the user picks (a USB stick, another disk), or None when cancelled."""
    chosen = QFileDialog.getExistingDirectory(parent, "选择加密备份所在的文件夹", str(start))
    return Path(chosen) if chosen else None


def _ask_backup(path: Path, error: JiedaoError, target: Path, newest,
                parent: QWidget | None) -> str:
    """Ask what to do: "newest", "choose" or "quit"."""
    from jiedao_desk.ui.pages.backups import local_time

    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, str(error), parent=parent)
    where = (f"恢复成同一文件夹中的新文件“{target.name}”，原文件保持不动，然后打开新文件继续工作。"
             "该备份之后录入的内容不在其中，需要补录。须用管理员的用户名和密码登录。")
    if newest is not None:
        box.setInformativeText(
            f"“从备份恢复”会把最近的加密备份（{local_time(newest.stamp)}）{where}"
            f"备份在别处（如U盘）时请点“{CHOOSE}”。“退出”则不做任何改动。")
        go = box.addButton("从备份恢复", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(
            f"在“{path.parent / 'backups'}”中没有找到加密的备份。备份在别处（如U盘、"
            f"另一块磁盘）时请点“{CHOOSE}”，选中的备份会{where}“退出”则不做任何改动。")
        go = None
    choose = box.addButton(CHOOSE, QMessageBox.ButtonRole.ActionRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go or choose)
    box.exec()
    clicked = box.clickedButton()
    return "newest" if go is not None and clicked is go else (
        "choose" if clicked is choose else "quit")


def offer_backup(path: Path, error: JiedaoError, credentials: tuple[str, str],
                 parent: QWidget | None = None) -> Path | None:
    """The start of an encrypted file is damaged (the password is right): offer to restore
    the newest encrypted backup of the default backup folder, or one the user chooses
    elsewhere, into a new file beside it with the same sign-in (the damaged file stays as it
    is); the new file's path, or None when the user quits.

    A choice that is no encrypted backup of an administrator's (or a wrong one) is refused
    with its Chinese reason, nothing written, and the question asked again."""
    from jiedao_desk.base import clock

    backups = _encrypted_backups(path)
    newest = backups[-1] if backups else None
    target = path.with_name(f"{path.stem}-restored-{clock.utc_stamp()}{path.suffix}")
    start = path.parent
    while True:
        answer = _ask_backup(path, error, target, newest, parent)
        if answer == "quit":
            return None
        chosen = newest.path if answer == "newest" and newest is not None \
            else _choose_backup(start, parent)
        if chosen is None:  # the file dialog cancelled: ask again
            continue
        start = chosen.parent
        restored = _restore(chosen, target, credentials, parent)
        if restored is not None:
            return restored


def _restore(folder: Path, target: Path, credentials: tuple[str, str],
             parent: QWidget | None) -> Path | None:
    """Restore ``folder`` into ``target`` on the worker, waiting for it (start-up has no
    event loop running yet); None after showing why it failed."""
    from jiedao_desk.core import encryption

    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def work(_progress):
        return encryption.restore_backup(folder, target, *credentials)

    task = tasks.run_task(parent, "正在从备份恢复…", work,
                          on_done=lambda r: outcome.update(result=r),
                          on_error=lambda exc: widgets.show_error(parent, exc, "恢复失败"))
    task.finished.connect(loop.quit)
    if task.running:
        loop.exec()
    result = outcome.get("result")
    return result if isinstance(result, Path) else None
