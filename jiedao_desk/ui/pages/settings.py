# SPDX-License-Identifier: MIT
"""设置 page: the street and its communities, declared settings, the working-day calendar.

Each button is one core action (one transaction with its audit row); a core error is shown
in a message box and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import numbering, workdays
from jiedao_desk.core import settings as settings_core
from jiedao_desk.domains import org
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import forms, widgets

ID_ROLE = Qt.ItemDataRole.UserRole
NOTE_STYLE = "color: #555; font-size: 9pt;"
_WEEKDAYS = "一二三四五六日"


def _small_table(headers: list[str]) -> QTableWidget:
    # Short lists (communities, calendar days): a QTableWidget filled whole is fine here.
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class CommunityDialog(QDialog):
    """Name and code of a community; ``submit(name, code)`` returns True when saved."""

    def __init__(self, parent: QWidget | None, title: str, submit: Callable[[str, str], bool],
                 name: str = "", code: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText("例如：和平里社区")
        self.code_edit = QLineEdit(code)
        self.code_edit.setPlaceholderText("1-20位数字、字母或连字符")
        form = QFormLayout(self)
        form.addRow("社区名称：", self.name_edit)
        form.addRow("社区代码：", self.code_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(360)

    def accept(self) -> None:
        """Close only when the core action succeeded (otherwise the user corrects the input)."""
        if self._submit(self.name_edit.text(), self.code_edit.text()):
            super().accept()


class SettingsPage(QWidget):
    """Administration of the installation."""

    street_changed = Signal()
    calendar_changed = Signal()

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.tabs = QTabWidget()
        self.tabs.addTab(self._org_tab(), "街道与社区")
        self.tabs.addTab(self._settings_tab(), "参数设置")
        self.tabs.addTab(self._calendar_tab(), "工作日历")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.load()

    def on_show(self) -> None:
        """Re-read everything when the page is shown again."""
        self.load()

    def load(self) -> None:
        """Fill every tab from the database."""
        street = org.get_street(self.store)
        self.street_name.setText(street.name if street else "")
        self.street_code.setText(street.code if street else "")
        self.street_district.setText(street.district if street else "")
        self.load_communities()
        for key in self._setting_rows:
            self._load_setting(key)
        self.load_calendar()

    # -- street and communities --------------------------------------------------------
    def _org_tab(self) -> QWidget:
        self.street_name = QLineEdit()
        self.street_code = QLineEdit()
        self.street_district = QLineEdit()
        self.street_district.setPlaceholderText("例如：朝阳区")
        self.save_street_button = QPushButton("保存街道信息")
        self.save_street_button.clicked.connect(self.save_street)
        for edit in (self.street_name, self.street_code, self.street_district):
            edit.setMaximumWidth(420)
        street_box = QGroupBox("街道办事处")
        form = QFormLayout(street_box)
        form.addRow("街道名称：", self.street_name)
        form.addRow("街道代码：", self.street_code)
        form.addRow("所属区：", self.street_district)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_street_button)
        save_row.addStretch(1)
        form.addRow("", save_row)

        self.communities = _small_table(["代码", "名称", "顺序", "状态"])
        self.show_voided = QCheckBox("显示已作废的社区")
        self.show_voided.toggled.connect(self.load_communities)
        self.add_community_button = QPushButton("新增社区…")
        self.add_community_button.clicked.connect(self.add_community)
        self.edit_community_button = QPushButton("修改名称/代码…")
        self.edit_community_button.clicked.connect(self.edit_community)
        self.void_community_button = QPushButton("作废…")
        self.void_community_button.clicked.connect(self.void_community)
        buttons = QHBoxLayout()
        for w in (self.add_community_button, self.edit_community_button,
                  self.void_community_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.show_voided)
        community_box = QGroupBox("社区")
        box = QVBoxLayout(community_box)
        box.addLayout(buttons)
        box.addWidget(self.communities)

        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(street_box)
        layout.addWidget(community_box, 1)
        return tab

    def save_street(self) -> None:
        """Save the street form (core.org.set_street)."""
        ok, _ = widgets.call_core(self, org.set_street, self.store, self.actor,
                                  self.street_name.text(), self.street_code.text(),
                                  self.street_district.text())
        if ok:
            self.street_changed.emit()

    def load_communities(self) -> None:
        """Refill the communities table."""
        rows = org.list_communities(self.store, include_voided=self.show_voided.isChecked())
        self.communities.setRowCount(len(rows))
        for r, c in enumerate(rows):
            cells = [c.code, c.name, str(c.sort_order), "已作废" if c.voided else "正常"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, c.id)
                if c.voided:
                    item.setForeground(Qt.GlobalColor.gray)
                self.communities.setItem(r, col, item)
        unit = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((8, 16, 4)):
            self.communities.setColumnWidth(col, chars * unit + 16)

    def selected_community(self) -> org.Community | None:
        """The community selected in the table (None: nothing selected)."""
        row = self.communities.currentRow()
        item = self.communities.item(row, 0) if row >= 0 else None
        return None if item is None else org.get_community(self.store, item.data(ID_ROLE))

    def add_community(self) -> None:
        """Ask for name and code, then add the community."""
        def submit(name: str, code: str) -> bool:
            ok, _ = widgets.call_core(dialog, org.add_community, self.store, self.actor,
                                      name, code)
            return ok

        dialog = CommunityDialog(self, "新增社区", submit)
        if dialog.exec():
            self.load_communities()

    def edit_community(self) -> None:
        """Rename or recode the selected community."""
        community = self.selected_community()
        if community is None:
            widgets.show_error(self, ValidationError("请先在表格中选择一个社区。"))
            return

        def submit(name: str, code: str) -> bool:
            ok, _ = widgets.call_core(dialog, org.update_community, self.store, self.actor,
                                      community.id, name, code)
            return ok

        dialog = CommunityDialog(self, "修改社区", submit, community.name, community.code)
        if dialog.exec():
            self.load_communities()

    def void_community(self) -> None:
        """Void the selected community with a reason."""
        community = self.selected_community()
        if community is None:
            widgets.show_error(self, ValidationError("请先在表格中选择一个社区。"))
            return
        reason = forms.ask_text(self, "作废社区", f"作废“{community.name}”的原因：",
                                  consequence=f"作废后，{community.name}不能再登记新的事项"
                                  "（已有记录保留）。")
        if reason is None:
            return
        ok, _ = widgets.call_core(self, org.void_community, self.store, self.actor,
                                  community.id, reason)
        if ok:
            self.load_communities()

    # -- declared settings -------------------------------------------------------------
    def _settings_tab(self) -> QWidget:
        self._setting_rows: dict[str, tuple[QWidget, QLabel]] = {}
        self._examples: dict[str, QLabel] = {}
        inner = QWidget()
        outer = QVBoxLayout(inner)
        groups: dict[str, QGridLayout] = {}
        for decl in registry.all_settings():
            if decl.group not in groups:
                box = QGroupBox(decl.group)
                grid = QGridLayout(box)
                grid.setColumnStretch(5, 1)  # spare width goes to the right, not to editors
                grid.setColumnMinimumWidth(1, 240)
                outer.addWidget(box)
                groups[decl.group] = grid
            self._add_setting_row(groups[decl.group], decl)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        return scroll

    def _add_setting_row(self, grid: QGridLayout, decl: settings_core.Setting) -> None:
        row = grid.rowCount()
        editor = widgets.value_editor(decl.default)
        editor.setObjectName(f"setting:{decl.key}")
        state = QLabel()
        # a long default (a list of types) wraps instead of widening the page past the window
        state.setWordWrap(True)
        state.setMaximumWidth(state.fontMetrics().horizontalAdvance("中") * 16)
        state.setMinimumWidth(state.fontMetrics().horizontalAdvance("默认：1000（已修改）"))
        save = QPushButton("保存")
        save.clicked.connect(lambda: self.save_setting(decl.key))
        reset = QPushButton("恢复默认")
        reset.clicked.connect(lambda: self.reset_setting(decl.key))
        grid.addWidget(QLabel(f"{decl.label}："), row, 0)
        grid.addWidget(editor, row, 1)
        grid.addWidget(state, row, 2)
        grid.addWidget(save, row, 3)
        grid.addWidget(reset, row, 4)
        note = QLabel(f"说明：{decl.note}")
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        grid.addWidget(note, row + 1, 0, 1, 6)
        self._setting_rows[decl.key] = (editor, state)
        if decl.number_pattern and isinstance(editor, QLineEdit):
            editor.setPlaceholderText("如 「代字」〔「年份」〕第「序号」号")
        kind = numbering.kind_of_setting(decl.key)
        if kind is not None and isinstance(editor, QLineEdit):
            # a number pattern is shown with the number it makes, as the user types
            example = QLabel()
            example.setObjectName(f"example:{decl.key}")
            grid.addWidget(example, row + 2, 1, 1, 5)
            editor.textChanged.connect(
                lambda text, k=kind, label=example: self._show_example(label, k, text))
            self._examples[decl.key] = example

    def _show_example(self, label: QLabel, kind: str, pattern: str) -> None:
        try:
            number = numbering.example_number(self.store, kind, clock.today().year, pattern)
        except ValidationError as exc:
            label.setText(f"格式有误：{exc}")
            label.setStyleSheet("color: #c62828;")
            return
        label.setText(f"示例：{number}" if number else "（此文书不编号）")
        label.setStyleSheet(NOTE_STYLE)

    def example_label(self, key: str) -> QLabel:
        """The example number shown under a number-pattern setting."""
        return self._examples[key]

    def _load_setting(self, key: str) -> None:
        editor, state = self._setting_rows[key]
        decl = registry.setting(key)
        value = settings_core.get(self.store, decl)
        # a number pattern is edited with the Chinese names of its placeholders (「年份」)
        widgets.set_editor_value(editor, numbering.display_pattern(str(value))
                                 if decl.number_pattern else value)
        changed = value != decl.default
        mark = "（已修改）" if changed else ""
        default = (numbering.display_pattern(str(decl.default)) if decl.number_pattern
                   else widgets.show_value(decl.default))
        kind = numbering.kind_of_setting(key)
        if kind is not None:  # the default pattern, shown as the number it makes
            example = numbering.example_number(self.store, kind, clock.today().year,
                                               str(decl.default))
            default = example or "不编号"
        state.setText(f"默认：{default}{mark}")
        state.setStyleSheet("color: #b45309;" if changed else "color: #555;")

    def setting_editor(self, key: str) -> QWidget:
        """The editor widget of one setting."""
        return self._setting_rows[key][0]

    def save_setting(self, key: str) -> None:
        """Save one setting from its editor (core.settings.set_value)."""
        editor, _ = self._setting_rows[key]
        try:
            decl = registry.setting(key)
            value = widgets.read_editor_value(editor, decl.default, decl.label, key)
            if decl.number_pattern:  # stored in the {…} form every saved pattern has
                value = numbering.stored_pattern(str(value))
        except ValidationError as exc:
            widgets.show_error(self, exc)
            return
        ok, _ = widgets.call_core(self, settings_core.set_value, self.store, self.actor, decl,
                                  value)
        if ok:
            self._load_setting(key)

    def reset_setting(self, key: str) -> None:
        """Return one setting to its default."""
        ok, _ = widgets.call_core(self, settings_core.reset, self.store, self.actor,
                                  registry.setting(key))
        if ok:
            self._load_setting(key)

    # -- working-day calendar ----------------------------------------------------------
    def _calendar_tab(self) -> QWidget:
        years = workdays.load_calendar(self.store).known_years()
        info = QLabel(
            f"法定节假日和调休数据覆盖 {years.start}–{years.stop - 1} 年。之后的年份先按"
            "《全国年节及纪念日放假办法》预标法定假日（元旦、春节、清明、劳动节、端午、中秋、"
            "国庆），其余按周一至周五推算，相关期限标为“待核实”。国务院办公厅发布次年节假日"
            "安排通知后，请在“参考目录”页导入该通知（目录“节假日安排通知”，一年一个版本）。"
            "此处的逐日设定用于更正个别日期。")
        info.setWordWrap(True)
        info.setStyleSheet(NOTE_STYLE)
        self.overrides = _small_table(["日期", "星期", "类型", "说明"])
        self.day_edit = QDateEdit()
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setDate(QDate(years.stop, 1, 1))
        self.day_kind = QComboBox()
        self.day_kind.addItem("休息日（放假）", False)
        self.day_kind.addItem("工作日（调休上班）", True)
        self.day_note = QLineEdit()
        self.day_note.setPlaceholderText("说明，例如：元旦放假")
        self.add_day_button = QPushButton("保存该日设定")
        self.add_day_button.clicked.connect(self.add_override)
        self.remove_day_button = QPushButton("删除所选设定")
        self.remove_day_button.clicked.connect(self.remove_override)
        form = QHBoxLayout()
        form.addWidget(QLabel("日期："))
        form.addWidget(self.day_edit)
        form.addWidget(self.day_kind)
        form.addWidget(self.day_note, 1)
        form.addWidget(self.add_day_button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.overrides, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.remove_day_button)
        layout.addLayout(bottom)
        return tab

    def load_calendar(self) -> None:
        """Refill the list of local calendar settings."""
        overrides = sorted(workdays.load_calendar(self.store).overrides.items())
        self.overrides.setRowCount(len(overrides))
        for r, (day, (is_workday, note)) in enumerate(overrides):
            cells = [day.isoformat(), f"星期{_WEEKDAYS[day.weekday()]}",
                     "工作日" if is_workday else "休息日", note]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, day.isoformat())
                self.overrides.setItem(r, col, item)
        unit = self.fontMetrics().horizontalAdvance("中")
        for col, chars in enumerate((8, 5, 6)):
            self.overrides.setColumnWidth(col, chars * unit + 16)

    def add_override(self) -> None:
        """Declare the chosen day a working day or a rest day."""
        day = self.day_edit.date().toPython()
        ok, _ = widgets.call_core(self, workdays.set_override, self.store, self.actor, day,
                                  bool(self.day_kind.currentData()), self.day_note.text(),
                                  on_calendar_change=registry.calendar_changed)
        if ok:
            self.day_note.clear()
            self.load_calendar()
            self.calendar_changed.emit()

    def remove_override(self) -> None:
        """Remove the selected local setting (the day follows the built-in data again)."""
        row = self.overrides.currentRow()
        item = self.overrides.item(row, 0) if row >= 0 else None
        if item is None:
            widgets.show_error(self, ValidationError("请先在表格中选择一个日期。"))
            return
        day = item.data(ID_ROLE)
        if not widgets.confirm(self, "删除日历设定", f"删除 {day} 的本地设定？"):
            return
        ok, _ = widgets.call_core(self, workdays.remove_override, self.store, self.actor, day,
                                  on_calendar_change=registry.calendar_changed)
        if ok:
            self.load_calendar()
            self.calendar_changed.emit()
