# SPDX-License-Identifier: MIT
"""数据交换 page: this site, the sites enrolled with it and the packages passed by file
(docs/exchange.md). Everything goes through core/exchange, which checks permissions again.

Writing and reading a package run on the worker thread with their own connection (a month
of work is a large package); enrolment is a few rows and runs here.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import auth, exchange
from jiedao_desk.core.exchange import changes, ownership
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, tasks, widgets
from jiedao_desk.ui.pages.exchange_conflicts import ConflictsPanel
from jiedao_desk.ui.pages.exchange_site import SiteRoleDialog

HEADERS = ("站点", "用途", "最近发出", "最近收到", "对方已确认", "待发送", "缺号", "冲突")
ROLE_LABELS = {"street": "街道", "community": "社区"}
HOTLINE_NOTE = (
    "12345 工单的时限以小时计，交换包靠人送 U 盘或发邮件，赶不上时限。所以 12345 的期限只在"
    "街道的电脑上计算和提醒；交换包带去的是社区的答复和证据材料，不带期限。")
PACKAGE_FILTER = f"交换包 (*{changes.SUFFIX});;所有文件 (*)"
ENROL_SUFFIX = ".json"
ENROL_FILTER = f"登记文件 (*{ENROL_SUFFIX});;所有文件 (*)"


def _sent(number: int, at: str | None) -> str:
    return f"第 {number} 号（{at[:16]}）" if number and at else "无"


class EnrolDialog(QDialog):
    """Shows whose enrolment file it is and asks for the fingerprint the other site reads
    aloud; core compares the two."""

    def __init__(self, site: exchange.Enrolment, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("登记交换站点")
        text = QLabel(
            f"<p>登记文件：<b>{html.escape(site.name)}</b>（{site.role_label}站点）</p>"
            f"<p>文件中的指纹：<b>{html.escape(site.fingerprint)}</b></p>"
            "<p>请对方管理员在电话里或当面读出对方电脑上显示的指纹，输入到下面。"
            "两者一致才登记；不一致说明文件不是对方的，不要登记。</p>")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText("四组、每组四个字符，用短横线隔开")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("核对并登记")
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.fingerprint.textChanged.connect(
            lambda t: self.ok_button.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("对方读出的指纹：", self.fingerprint)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


class ExchangePage(QWidget):
    """This site, the enrolled sites with their packages, and the exchange buttons."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.can_manage = auth.can(actor, "exchange.manage")
        self.rows: list[changes.Waiting] = []

        self.identity = QLabel()
        self.identity.setTextFormat(Qt.TextFormat.RichText)
        self.identity.setWordWrap(True)
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ident_box = QGroupBox("本站")
        QVBoxLayout(ident_box).addWidget(self.identity)

        self.table = QTableWidget(0, len(HEADERS))  # a street has a dozen sites at most
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        unit = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((10, 4, 14, 14, 7, 9, 8, 6)):
            self.table.setColumnWidth(col, chars * unit + 16)
        self.empty = QLabel("还没有登记交换站点。管理员先在双方电脑上各自“导出本站登记文件”，"
                            "再用“登记站点…”登记对方的文件。")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; padding: 12px;")

        self.export_button = QPushButton("写出交换包…")
        self.export_button.setToolTip("把发给选中站点的交换包写到文件夹（U 盘、共享文件夹）")
        self.export_button.clicked.connect(self.write_package)
        self.import_button = QPushButton("读入交换包…")
        self.import_button.clicked.connect(self.read_package)
        self.enrol_button = QPushButton("登记站点…")
        self.enrol_button.clicked.connect(self.enrol_site)
        self.card_button = QPushButton("导出本站登记文件…")
        self.card_button.clicked.connect(self.write_card)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for b in (self.export_button, self.import_button, *self._build_admin_buttons()):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(HOTLINE_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addWidget(ident_box)
        layout.addWidget(self._build_tabs(), 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(note)
        self.refresh()

    def _build_admin_buttons(self) -> list[QPushButton]:
        """Enrolment, voiding a site and this PC's role: the administrators' (core refuses
        anyone else too); others do not see the buttons."""
        self.void_button = QPushButton("作废站点…")
        self.void_button.setToolTip("作废选中站点的登记：此后拒收它的交换包，也不再给它写交换包")
        self.void_button.clicked.connect(self.void_selected_site)
        self.role_button = QPushButton("设置本站用途…")
        self.role_button.clicked.connect(self.set_site_role)
        self.hand_button = QPushButton("移交社区记录…")
        self.hand_button.setToolTip(
            "把本机保存的选中社区的居民、证明、报表填报和社区调委会案件移交该社区自己的站点"
            "（社区启用自己的电脑时）")
        self.hand_button.clicked.connect(self.hand_over_community)
        admin = [self.enrol_button, self.card_button, self.void_button, self.hand_button,
                 self.role_button]
        for b in admin:
            b.setVisible(self.can_manage)
        return admin

    def _build_tabs(self) -> QTabWidget:
        """站点 (the sites table) and, for administrators, 冲突."""
        sites = QWidget()
        sl = QVBoxLayout(sites)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.table, 1)
        sl.addWidget(self.empty)
        self.tabs = QTabWidget()
        self.tabs.addTab(sites, "站点")
        # Conflicts are the administrators' (core refuses anyone else): others see only the
        # count in the sites table.
        self.conflicts: ConflictsPanel | None = None
        if self.can_manage:
            self.conflicts = ConflictsPanel(self.store, self.actor)
            self.conflicts.resolved.connect(self.refresh)
            self.tabs.addTab(self.conflicts, "冲突")
        return self.tabs

    # -- showing -------------------------------------------------------------------------
    def on_show(self) -> None:
        """Packages may have been read or written from the command line meanwhile."""
        self.refresh()

    def refresh(self) -> None:
        """Re-read this site and the enrolled sites."""
        ok, me = widgets.call_core(self, exchange.this_site, self.store, self.actor)
        if not ok:  # refused (said once): nothing to list or to exchange
            self.rows = []
            self.table.setRowCount(0)
            for button in (self.export_button, self.import_button):
                button.setEnabled(False)
            return
        if me is not None:
            fingerprint = me.fingerprint or "尚未生成（管理员导出本站登记文件时生成）"
            # the site id is for the command line (exchange sites); people use names here
            self.identity.setText(
                f"<b>{html.escape(me.name)}</b>（{me.role_label}站点）<br>"
                f"指纹：<b>{html.escape(fingerprint)}</b>　（登记时读给对方管理员核对）")
            self.identity.setToolTip(f"站点标识：{me.uid}")
        ok, rows = widgets.call_core(self, changes.status, self.store, self.actor)
        self.rows = list(rows or []) if ok else []
        self.table.setRowCount(len(self.rows))
        for r, w in enumerate(self.rows):
            cells = (w.name, ROLE_LABELS.get(w.role, w.role), _sent(w.last_sent, w.last_sent_at),
                     _sent(w.last_received, w.last_received_at),
                     f"第 {w.acked} 号" if w.acked else "无",
                     f"{w.changes_waiting} 条记录",
                     f"第 {'、'.join(str(g) for g in w.gaps)} 号" if w.gaps else "无",
                     str(w.conflicts))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 6 and w.gaps:
                    item.setForeground(Qt.GlobalColor.red)
                    item.setToolTip("这些号的交换包没有收到：请对方重新写出（补发）后读入")
                if c == 7 and w.conflicts:
                    item.setForeground(Qt.GlobalColor.red)
                    item.setToolTip("对方改了不归它所有的记录：两个版本都已保留，请管理员处理")
                self.table.setItem(r, c, item)
        if len(self.rows) == 1:
            self.table.selectRow(0)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        self.export_button.setEnabled(bool(self.rows))
        self.import_button.setEnabled(bool(self.rows))
        self.void_button.setEnabled(bool(self.rows))
        self.hand_button.setEnabled(me is not None and me.role == "street"
                                    and any(w.role == "community" for w in self.rows))
        if self.conflicts is not None:
            self.conflicts.refresh()
            waiting = sum(1 for c in self.conflicts.items if c.resolved_at is None)
            self.tabs.setTabText(1, f"冲突（{waiting}）" if waiting else "冲突")

    def selected(self) -> changes.Waiting | None:
        """The site chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    def _failed(self, exc: BaseException, title: str) -> None:
        self._say(f"{title}：{widgets.error_text(exc)}")
        widgets.show_error(self, exc, title)
        if not isinstance(exc, PermissionDenied):  # a refusal changed nothing to re-read
            self.refresh()

    # -- packages -------------------------------------------------------------------------
    def write_package(self) -> None:
        """Write the next package to the selected site into a folder the user picks."""
        peer = self.selected()
        if peer is None:
            QMessageBox.information(self, "写出交换包", "请先在表中选中要发往的站点。")
            return
        folder = QFileDialog.getExistingDirectory(
            self, f"把发给“{peer.name}”的交换包写到（U 盘或共享文件夹）")
        if not folder:
            return
        store, actor, uid = self.store, self.actor, peer.uid

        def work(open_store):
            with open_store() as s:
                return changes.export_package(s, actor, uid, folder, to_folder=True)

        self._run("正在写出交换包…", work, self._written, "交换包未写出",
                  lambda: changes.export_package(store, actor, uid, folder, to_folder=True))

    def _written(self, done: changes.Exported) -> None:
        text = changes.export_summary(done)
        self._say(text)
        self.refresh()
        QMessageBox.information(self, "交换包已写出", text)

    def read_package(self) -> None:
        """Read a package another site wrote; all of it is applied or nothing."""
        path, _ = QFileDialog.getOpenFileName(self, "读入交换包", "", PACKAGE_FILTER)
        if not path:
            return
        store, actor = self.store, self.actor
        reindex = registry.search_reindexers()

        def work(open_store):
            with open_store() as s:
                return changes.import_package(s, actor, path, reindex)

        self._run("正在读入交换包…", work, self._read, "交换包未导入",
                  lambda: changes.import_package(store, actor, path, reindex))

    def _read(self, got: changes.Imported) -> None:
        text = changes.import_summary(got, "（本页“冲突”一栏）")
        self._say(text)
        self.refresh()
        QMessageBox.information(self, "交换包已读入", text)

    def _run(self, title: str, work, on_done, failed: str, here) -> None:
        """``work(open_store)`` on the worker thread; an in-memory database (tests, the
        page walk) cannot be opened there, so ``here()`` runs on this thread instead."""
        if self.store.path is None:
            try:
                result = here()
            except Exception as exc:  # noqa: BLE001 - shown like the worker's errors
                self._failed(exc, failed)
                return
            on_done(result)
            return
        open_store = tasks.store_factory(self.store.path)
        tasks.run_task(self, title, lambda _progress: work(open_store), on_done=on_done,
                       on_error=lambda exc: self._failed(exc, failed),
                       disable=[self.export_button, self.import_button])

    # -- enrolment ------------------------------------------------------------------------
    def enrol_site(self) -> None:
        """Enrol another site from its enrolment file, after the fingerprint check."""
        path, _ = QFileDialog.getOpenFileName(self, "选择对方站点的登记文件", "", ENROL_FILTER)
        if not path:
            return
        ok, site = widgets.call_core(self, exchange.preview, self.store, self.actor, path)
        if not ok or site is None:
            return
        dialog = EnrolDialog(site, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ok, peer = widgets.call_core(self, exchange.enrol, self.store, self.actor, path,
                                     dialog.fingerprint.text())
        if ok and peer is not None:
            self._say(f"已登记{peer.role_label}站点“{peer.name}”，指纹 {peer.fingerprint}。")
            self.refresh()

    def write_card(self) -> None:
        """Write this site's enrolment file for the other site's administrator."""
        path, _ = QFileDialog.getSaveFileName(
            self, "导出本站登记文件", "本站登记文件" + ENROL_SUFFIX, ENROL_FILTER)
        if not path:
            return
        ok, own = widgets.call_core(self, exchange.write_enrolment, self.store, self.actor,
                                    Path(path))
        if ok and own is not None:
            self._say(f"已写出本站登记文件：{path}\n本站指纹：{own.fingerprint}\n"
                      "请把文件交给对方，并把指纹读给对方管理员核对。")
            self.refresh()

    def void_selected_site(self) -> bool:
        """Void the selected site's enrolment with a reason (audited)."""
        peer = self.selected()
        if peer is None:
            QMessageBox.information(self, "作废站点", "请先在表中选中要作废的站点。")
            return False
        reason = forms.ask_text(
            self, "作废站点", f"作废“{peer.name}”登记的原因（如：电脑更换、密钥丢失）：",
            consequence=f"作废后本机拒收“{peer.name}”的交换包，也不再给它写交换包；"
            "已收到的记录仍是只读副本。需要时可重新登记它的新登记文件（编号接着用）。")
        if reason is None:
            return False
        ok, done = widgets.call_core(self, exchange.void_site, self.store, self.actor,
                                     peer.uid, reason)
        if ok and done is not None:
            self._say(f"已作废站点“{done.name}”的登记，此后拒收它的交换包。")
            self.refresh()
        return ok

    def hand_over_community(self) -> bool:
        """Hand the selected community's site the records this (street) PC kept for it
        (``ownership.hand_over_community``, as ``exchange hand-over``): counted first, then
        confirmed with a reason; a large register is moved on the worker thread."""
        peer = self.selected()
        if peer is None or peer.role != "community" or peer.community_id is None:
            QMessageBox.information(self, "移交社区记录", "请先在表中选中一个社区站点。")
            return False
        ok, found = widgets.call_core(self, ownership.community_records, self.store,
                                      self.actor, peer.community_id)
        if not ok or found is None:
            return False
        if not found.total:
            QMessageBox.information(self, "移交社区记录",
                                    f"{found.community}没有由本机保存、需要移交的记录。")
            return False
        reason = forms.ask_text(
            self, "移交社区记录", f"把{found.community}的记录移交“{peer.name}”站点的原因"
            "（如：社区启用自己的电脑）：",
            consequence=f"将移交：{found.summary()}。移交后这些记录由“{peer.name}”站点办理，"
            "随下一个发给它的交换包送去；本机只保留只读副本，不能再修改。")
        if reason is None:
            return False
        store, actor, community_id = self.store, self.actor, peer.community_id

        def work(open_store):
            with open_store() as s:
                return ownership.hand_over_community(s, actor, community_id, reason)

        self._run("正在移交社区记录…", work, self._handed, "社区记录未移交",
                  lambda: ownership.hand_over_community(store, actor, community_id, reason))
        return True

    def _handed(self, done: ownership.CommunityRecords) -> None:
        self._say(f"已移交“{done.site}”站点：{done.summary()}。请写出发给它的交换包。")
        self.refresh()

    def set_site_role(self) -> bool:
        """Set what this PC is: the street's site or a community's (``site.set_role``)."""
        dialog = SiteRoleDialog(self.store, self.actor, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return False
        self._say(f"本机已设为{ROLE_LABELS.get(dialog.saved.role, dialog.saved.role)}站点。")
        self.refresh()
        return True

