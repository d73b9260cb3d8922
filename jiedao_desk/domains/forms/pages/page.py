# SPDX-License-Identifier: MIT
"""报表填报 page: pick a form, period and community; fill, save, submit; completeness."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import paths
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.base.clock import today
from jiedao_desk.base.errors import JiedaoError
from jiedao_desk.core import imports
from jiedao_desk.core.auth import can, community_scope
from jiedao_desk.domains import forms
from jiedao_desk.domains import org as core_org
from jiedao_desk.domains.forms import entries as forms_entries
from jiedao_desk.domains.forms import rules
from jiedao_desk.domains.forms.pages.renderer import FormRenderer
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import changes, copies, saved, ui_state, widgets
from jiedao_desk.ui.kit import forms as form_kit


class FormsPage(QWidget):
    """Entry of approved forms for one community and period, and who has submitted what."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None,
                 forms_folder=None):
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.registry = forms.registry(store, forms_folder)
        self.forms = [f for f in self.registry.forms if not f.draft]
        self.entry: forms.Entry | None = None
        self.rows: list[dict] = []
        self.current = -1
        self.renderer: FormRenderer | None = None

        top = self._build_top(store, actor)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.state_line = QLabel()
        self.banner = copies.CopyBanner()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_entry_tab(), "填报")
        self.tabs.addTab(self._build_done_tab(), "完成情况")

        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.notice)
        outer.addWidget(self.tabs, 1)

        self._connect()
        self._show_notice()
        self._form_changed()
        changes.watch(self, store, {forms.ENTITY}, self._changed)

    # -- building ------------------------------------------------------------------------
    def _build_top(self, store: Store, actor: Actor) -> QHBoxLayout:
        """The choice of form, period and community, and the template button."""
        self.form_box = QComboBox()
        for f in self.forms:
            self.form_box.addItem(f"{f.title}（{f.department}，{forms.FREQUENCIES[f.frequency]}）",
                                  f.id)
        self.period = QLineEdit()
        self.community = QComboBox()
        scope = community_scope(actor)
        for c in core_org.list_communities(store):
            if scope in (None, c.id):
                self.community.addItem(c.name, c.id)
        self.open_button = QPushButton("打开")
        self.draft_button = QPushButton("由 Excel 表样生成定义草稿…")
        self.draft_button.setVisible(can(actor, "forms.define"))
        self.folder_button = QPushButton("打开报表定义文件夹")
        self.folder_button.setToolTip("把核对好的报表定义文件放入此文件夹，重新打开本页即可填报。")
        self.folder_button.setVisible(can(actor, "forms.define"))
        top = QHBoxLayout()
        for label, w in (("报表：", self.form_box), ("期间：", self.period),
                         ("社区：", self.community)):
            top.addWidget(QLabel(label))
            top.addWidget(w)
        top.addWidget(self.open_button)
        top.addStretch(1)
        top.addWidget(self.draft_button)
        top.addWidget(self.folder_button)
        return top

    def _build_entry_tab(self) -> QWidget:
        """The rows of the open entry, the editors of one row and the entry's buttons."""
        self.row_list = QListWidget()
        self.row_list.setMaximumWidth(220)
        self.add_row = QPushButton("新增一行")
        self.remove_row = QPushButton("删除此行")
        left = QVBoxLayout()
        left.addWidget(self.row_list)
        left.addWidget(self.add_row)
        left.addWidget(self.remove_row)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.save_button = QPushButton("保存草稿")
        self.submit_button = QPushButton("报送")
        self.reopen_button = QPushButton("退回修改…")
        self.export_button = QPushButton("导出 Excel…")
        buttons = QHBoxLayout()
        for b in (self.save_button, self.submit_button, self.reopen_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addWidget(self.scroll_area, 1)
        entry_tab = QWidget()
        ev = QVBoxLayout(entry_tab)
        ev.addWidget(self.banner)
        ev.addWidget(self.state_line)
        ev.addLayout(body, 1)
        ev.addLayout(buttons)
        return entry_tab

    def _build_done_tab(self) -> QWidget:
        """Completeness: a few dozen cells (communities × forms), so a plain table."""
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        done_tab = QWidget()
        dv = QVBoxLayout(done_tab)
        dv.addWidget(QLabel("各社区最近一期（或上面所填期间）的报送情况："))
        dv.addWidget(self.table)
        return done_tab

    def _connect(self) -> None:
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self.open_button.clicked.connect(self.open_entry)
        self.row_list.currentRowChanged.connect(self._row_selected)
        self.add_row.clicked.connect(self._add_row)
        self.remove_row.clicked.connect(self._remove_row)
        self.save_button.clicked.connect(self.save)
        self.submit_button.clicked.connect(self.submit)
        self.reopen_button.clicked.connect(self.reopen)
        self.export_button.clicked.connect(self.export)
        self.draft_button.clicked.connect(self.draft_from_template)
        self.folder_button.clicked.connect(lambda _checked=False: self.open_folder())
        self.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.refresh_completeness()

    # -- helpers -------------------------------------------------------------------------
    def form(self) -> forms.FormDef | None:
        """The form picked."""
        fid = self.form_box.currentData()
        return next((f for f in self.forms if f.id == fid), None)

    def _show_notice(self) -> None:
        real = [f for f in self.forms if not f.example]
        text = ("尚未登记正式报表：北京市级7项报表的名称未公开。管理员可点击“由 Excel 表样生成"
                "定义草稿…”，按区里下发的表样生成报表定义，核对后点击“打开报表定义文件夹”放入其中。"
                "下列【示例】仅供演示。"
                if not real else f"已登记正式报表 {len(real)} 项。")
        if self.registry.refused:
            reasons = "；".join(f"{Path(name).stem}：{why}" for name, why in self.registry.refused)
            text += f" 有 {len(self.registry.refused)} 个报表定义未被采用（{reasons}）。"
        self.notice.setText(text)

    def _form_changed(self) -> None:
        form = self.form()
        if form is not None:
            self.period.setText(forms.previous_period(form.frequency, today()))
        self.open_entry()

    def _stash(self) -> None:
        if self.renderer is not None and 0 <= self.current < len(self.rows):
            self.rows[self.current] = self.renderer.values()

    def _label(self, n: int, row: dict) -> str:
        form = self.form()
        first = ""
        for f in form.fields if form else ():
            value = row.get(f.id)
            if value in (None, "") or f.type == "community":
                continue
            if f.type == "resident":
                try:
                    value = forms_entries.resident_label(self.store, self.actor, int(value))
                except (JiedaoError, ValueError):
                    continue
            first = str(value)
            break
        return f"第{n + 1}行 {first}"[:30]

    def _fill_list(self) -> None:
        self.row_list.blockSignals(True)
        self.row_list.clear()
        for n, row in enumerate(self.rows):
            self.row_list.addItem(self._label(n, row))
        self.row_list.blockSignals(False)
        if self.rows:
            self.row_list.setCurrentRow(max(min(self.current, len(self.rows) - 1), 0))
            self._row_selected(self.row_list.currentRow())

    def _update_buttons(self) -> None:
        form = self.form()
        cid = self.community.currentData()
        may_edit = form is not None and cid is not None and can(self.actor, "forms.edit")
        state = self.entry.state if self.entry is not None else rules.MISSING
        allowed = {a.key for a in rules.MACHINE.available(state)} if may_edit else set()
        # an entry received from the community's own PC is filled in there, not here
        why = copies.reason(self.store, forms_entries.ENTITY,
                            self.entry.id if self.entry is not None else None)
        self.banner.say(why)
        if why:
            allowed = set()
        single = form is not None and form.max_rows == 1
        for w in (self.add_row, self.remove_row):
            w.setVisible(not single)
            w.setEnabled("save_draft" in allowed)
        self.row_list.setVisible(not single)
        self.save_button.setEnabled("save_draft" in allowed)
        self.submit_button.setEnabled("submit" in allowed)
        self.reopen_button.setEnabled("reopen" in allowed)
        copies.lock([self.add_row, self.remove_row, self.save_button, self.submit_button,
                     self.reopen_button], why)
        self.export_button.setEnabled(form is not None)
        if self.renderer is not None:
            self.renderer.set_read_only("save_draft" not in allowed)
        label = rules.MACHINE.label(state)
        if self.entry is None:
            self.state_line.setText(f"状态：{label}")
        elif self.entry.locked:
            self.state_line.setText(f"状态：{label}（{self.entry.submitted_at}），已锁定；"
                                f"如需修改请“{rules.MACHINE.action('reopen').label}”并说明原因。")
        else:
            self.state_line.setText(f"状态：{label}（{self.entry.updated_at} 保存）")

    # -- actions -------------------------------------------------------------------------
    def open_entry(self) -> None:
        """Load the entry of the chosen form, period and community."""
        form, cid = self.form(), self.community.currentData()
        self.entry, self.rows, self.current = None, [], -1
        if self.renderer is not None:
            self.renderer.deleteLater()
            self.renderer = None
        if form is None or cid is None:
            self._update_buttons()
            return
        ok, entry = widgets.call_core(self, forms.get_entry, self.store, self.actor,
                                      form.id, self.period.text().strip(), cid)
        self.entry = entry if ok else None
        self.renderer = FormRenderer(form, self.store, self.actor, cid)
        self.renderer.changed.connect(self._renderer_changed)
        self.scroll_area.setWidget(self.renderer)
        self.rows = [dict(r) for r in entry.rows] if entry else [self.renderer.values()]
        self.current = 0
        self._fill_list()
        self._update_buttons()

    def _renderer_changed(self) -> None:
        item = self.row_list.item(self.current)
        if self.renderer is not None and 0 <= self.current < len(self.rows) and item:
            self.rows[self.current] = self.renderer.values()
            item.setText(self._label(self.current, self.rows[self.current]))

    def _row_selected(self, n: int) -> None:
        if self.renderer is None or n < 0:
            return
        if n != self.current:
            self._stash()
        self.current = n
        self.renderer.set_values(self.rows[n])

    def _add_row(self) -> None:
        if self.renderer is None:  # no entry open
            return
        self._stash()
        self.renderer.clear()
        self.rows.append(self.renderer.values())
        self.current = len(self.rows) - 1
        self._fill_list()

    def _remove_row(self) -> None:
        if 0 <= self.current < len(self.rows) and len(self.rows) > 1:
            del self.rows[self.current]
            self.current = min(self.current, len(self.rows) - 1)
            self._fill_list()

    def _args(self):
        self._stash()
        return (self.store, self.actor, self.form(), self.period.text().strip(),
                self.community.currentData(), [r for r in self.rows if r])

    def save(self) -> None:
        """Save the rows as a draft."""
        ok, entry = widgets.call_core(self, forms.save_draft, *self._args())
        if ok:
            self._show_entry(entry)

    def submit(self) -> None:
        """Check and submit (locks)."""
        if self.renderer is not None:
            self.renderer.check_all()
        form = self.form()
        if form is not None and not widgets.confirm_irreversible(
                self, "报送", f"报送后，{self.community.currentText()} {self.period.text().strip()}"
                f"的《{form.name}》锁定，不能再修改。", "报送",
                undo="如需更正，须退回修改（原因记入审计日志）。"):
            return
        _ok, entry = widgets.call_core(self, forms.submit, *self._args())
        if entry is not None:  # the checked values replace what was typed
            self.rows = [dict(r) for r in entry.rows]
            self._fill_list()
            self._show_entry(entry)

    def reopen(self) -> None:
        """Unlock a submitted entry, with a reason."""
        if self.entry is None:
            return
        reason = form_kit.ask_text(self, "退回修改", "退回修改的原因（将记入审计日志）：")
        if reason is None:
            return
        ok, entry = widgets.call_core(self, forms.reopen, self.store, self.actor,
                                      self.entry.id, reason)
        if ok:
            self._show_entry(entry)

    def _show_entry(self, entry: forms.Entry | None) -> None:
        """Show the stored state of the open entry (what is typed stays as it is)."""
        self.entry = entry
        self._update_buttons()

    def _changed(self, _notice: ChangeSet) -> None:
        """Entries were saved, submitted or reopened (on this page or elsewhere): show the
        open entry's stored state and the completeness table again."""
        form, cid = self.form(), self.community.currentData()
        if form is not None and cid is not None:
            # a period being typed is shown when the entry is opened
            with contextlib.suppress(JiedaoError):
                self._show_entry(forms.get_entry(self.store, self.actor, form.id,
                                                 self.period.text().strip(), cid))
        if self.tabs.currentIndex() == 1:
            self.refresh_completeness()

    def export(self) -> None:
        """Export the period (this community, or the whole street for street staff)."""
        form = self.form()
        if form is None:
            return
        if not widgets.confirm_plain_export(self, f"报表导出：{form.name}", self.store):
            return
        path = ui_state.save_file_name(self, "导出 Excel",
                                       f"{form.name}-{self.period.text()}.xlsx",
                                       "Excel (*.xlsx)")
        if not path:
            return
        cid = self.community.currentData() if community_scope(self.actor) else None
        ok, out = widgets.call_core(self, forms.export_period, self.store, self.actor,
                                    form, self.period.text().strip(), path, cid)
        if ok and out is not None:
            saved.offer_open(self, out, "导出完成", f"已导出“{form.name}”。")

    def draft_from_template(self) -> None:
        """Administrators: read a district template's header rows into a draft definition."""
        src = ui_state.open_file_name(self, "选择区里下发的 Excel 表样", "Excel (*.xlsx)")
        if not src:
            return
        _ok, data = widgets.call_core(self, forms.draft_from_template, src,
                                      limits=imports.xlsx_limits(self.store))
        if data is None:
            return
        dest = ui_state.save_file_name(self, "保存报表定义草稿",
                                       str(Path(src).with_suffix(".toml")),
                                       "报表定义 (*.toml)")
        if not dest:
            return
        try:
            Path(dest).write_text(forms.to_toml(data), encoding="utf-8")
        except OSError as e:
            QMessageBox.warning(self, "未保存", f"无法保存“{dest}”：{e}")
            return
        QMessageBox.information(
            self, "已生成草稿",
            f"已生成草稿“{Path(dest).stem}”（{len(data['fields'])} 个字段）。请按文件开头的说明"
            "核对所属部门、层级、频次、生效日期和字段类型并确认，然后点击“打开报表定义文件夹”"
            "放入其中，重新打开本页即可填报。")

    def open_folder(self) -> bool:
        """Open the folder the form definitions are read from (created if missing)."""
        folder = paths.forms_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            QMessageBox.warning(self, "无法打开", f"无法创建报表定义文件夹：{e.strerror}")
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_month(self, month: str) -> None:
        """Show the completeness of the picked form's period ending in ``month`` (a dashboard
        figure was clicked; a quarterly form shows its quarter, and so on)."""
        form = self.form()
        periods = forms.periods_ending(form.frequency, month) if form else []
        self.period.setText(periods[0] if periods else month)
        if self.tabs.currentIndex() == 1:
            self.refresh_completeness()
        self.tabs.setCurrentIndex(1)

    def refresh_completeness(self) -> None:
        """Fill the completeness table (forms × communities) for the period in force."""
        form = self.form()
        periods = {form.id: [self.period.text().strip()]} if form else None
        ok, cells = widgets.call_core(self, forms.completeness, self.store,
                                      self.actor, self.forms, periods)
        cells = cells or []
        self.table.clear()
        self.table.setColumnCount(4)
        self.table.setHorizontalHeaderLabels(["报表", "期间", "社区", "状态"])
        self.table.setRowCount(len(cells))
        self.table.setColumnWidth(0, 320)
        for r, c in enumerate(cells):
            for col, text in enumerate((c.form_name, c.period, c.community_name,
                                        c.state_label)):
                item = QTableWidgetItem(text)
                if col == 3 and c.state != "submitted":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, col, item)
