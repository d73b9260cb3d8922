# SPDX-License-Identifier: MIT
"""居民信息 page: the resident register as a windowed list, with add / edit / void."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains import org
from jiedao_desk.domains.residents import excel
from jiedao_desk.domains.residents import service as residents_core
from jiedao_desk.domains.residents.service import Resident
from jiedao_desk.store import Store
from jiedao_desk.ui.kit import copies, forms, ledger_export, widgets
from jiedao_desk.ui.kit.import_dialog import ImportDialog, save_template
from jiedao_desk.ui.kit.record_select import select_id
from jiedao_desk.ui.kit.windowed import WindowedTableModel, configure_view

HIDDEN_COLUMNS = ("community_id",)  # a filter column, not for reading


class ResidentDialog(QDialog):
    """Add or edit one resident; closes only when core accepted the data.

    Args:
        store / actor: where and as whom to save.
        resident: the record to edit, or None to add a new one.
        community_id: preselected community for a new record.
    """

    def __init__(self, store: Store, actor: Actor, resident: Resident | None = None,
                 community_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.resident = resident
        self.saved: Resident | None = None
        self.setWindowTitle("修改居民信息" if resident else "新增居民")
        # another site's resident: shown, never saved here (the owner's PC changes it)
        self.read_only = copies.reason(store, residents_core.ENTITY,
                                       resident.id if resident else None)
        self.banner = copies.CopyBanner(self)
        self.banner.say(self.read_only)
        self.community = QComboBox()
        for c in org.list_communities(store):
            self.community.addItem(c.name, c.id)
        wanted = resident.community_id if resident else community_id
        if wanted is not None and self.community.findData(wanted) >= 0:
            self.community.setCurrentIndex(self.community.findData(wanted))
        self.name = QLineEdit(resident.name if resident else "")
        self.id_number = QLineEdit((resident.id_number or "") if resident else "")
        self.id_number.setPlaceholderText("18位，性别和出生日期由此自动识别；可不填")
        self.id_number.setMaxLength(22)
        self.phone = QLineEdit(resident.phone if resident else "")
        self.phone.setPlaceholderText("手机或固定电话")
        self.address = QLineEdit(resident.address if resident else "")
        self.household_no = QLineEdit(resident.household_no if resident else "")
        self.notes = QLineEdit(resident.notes if resident else "")
        # One checkbox per flag in the setting, plus any the resident carries that the street
        # has since removed from the list (so editing never silently drops them).
        held = resident.flags if resident else ()
        choices = residents_core.flag_choices(store)
        self.flag_boxes: dict[str, QCheckBox] = {}
        flag_row = QHBoxLayout()
        for flag in choices + [f for f in held if f not in choices]:
            box = QCheckBox(flag)
            box.setChecked(flag in held)
            self.flag_boxes[flag] = box
            flag_row.addWidget(box)
        flag_row.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.banner)
        form.addRow("社区：", self.community)
        form.addRow("姓名：", self.name)
        form.addRow("身份证号：", self.id_number)
        if resident is not None and resident.birth_date:
            form.addRow("性别/出生日期：",
                        QLabel(f"{resident.gender}　{resident.birth_date.isoformat()}"))
        form.addRow("电话：", self.phone)
        form.addRow("住址：", self.address)
        form.addRow("户号：", self.household_no)
        form.addRow("备注：", self.notes)
        form.addRow("标记：", flag_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        copies.lock([self.save_button], self.read_only)
        if self.read_only:
            self.setWindowTitle("居民信息（只读副本）")
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        """Save through core; on an error keep the dialog open with the input."""
        if self.community.currentIndex() < 0:
            widgets.show_error(self, ValidationError("请先在“设置”中添加社区。"))
            return
        values = {"community_id": self.community.currentData(), "name": self.name.text(),
                  "id_number": self.id_number.text(), "phone": self.phone.text(),
                  "address": self.address.text(), "household_no": self.household_no.text(),
                  "notes": self.notes.text(),
                  "flags": [f for f, box in self.flag_boxes.items() if box.isChecked()]}
        if self.resident is None:
            ok, saved = widgets.call_core(self, residents_core.add_resident, self.store,
                                          self.actor, **values)
        else:
            ok, saved = widgets.call_core(self, residents_core.update_resident, self.store,
                                          self.actor, self.resident.id, **values)
        if ok:
            self.saved = saved
            super().accept()


class ResidentsPage(QWidget):
    """The resident register."""

    def __init__(self, store: Store, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.actor = actor
        self.model = WindowedTableModel(residents_core.list_source(store, actor), self)

        self.community = QComboBox()
        self.community.setMinimumContentsLength(8)
        self.community.currentIndexChanged.connect(self._community_changed)
        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名、住址、户号、备注（回车搜索）")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.apply_search)
        self.search.textChanged.connect(self._search_edited)
        self.search_button = QPushButton("搜索")
        self.search_button.clicked.connect(self.apply_search)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(QLabel("社区："))
        top.addWidget(self.community)
        top.addSpacing(12)
        top.addWidget(QLabel("搜索："))
        top.addWidget(self.search, 1)
        top.addWidget(self.search_button)
        top.addSpacing(12)
        top.addWidget(self.count_label)

        self.view = QTableView()
        configure_view(self.view, self.model, ledger_title="居民信息台账",
                       hidden=HIDDEN_COLUMNS, actor=self.actor)
        self.view.doubleClicked.connect(lambda _index: self.edit_resident())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())

        self.add_button = QPushButton("新增居民…")
        self.add_button.clicked.connect(self.add_resident)
        self.edit_button = QPushButton("修改…")
        self.edit_button.clicked.connect(self.edit_resident)
        self.void_button = QPushButton("作废…")
        self.void_button.clicked.connect(self.void_resident)
        self.export_button = QPushButton("导出台账…")
        self.export_button.clicked.connect(self.export_ledger)
        self.import_button = QPushButton("导入…")
        self.import_button.clicked.connect(self.import_residents)
        self.template_button = QPushButton("下载导入模板…")
        self.template_button.clicked.connect(self.save_import_template)
        bottom = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.void_button):
            bottom.addWidget(b)
        bottom.addSpacing(12)
        for b in (self.export_button, self.import_button, self.template_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        hint = QLabel("身份证号只显示前6位和后4位；双击一行可修改。")
        hint.setStyleSheet("color: #555;")
        bottom.addWidget(hint)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.model.modelReset.connect(self._update_count)
        self.model.count_known.connect(self._update_count)  # the exact count came later
        self.load_communities()
        self._update_count()
        self.update_buttons()

    def on_show(self) -> None:
        """Communities may have changed on the settings page; the register too."""
        self.load_communities()
        self.model.refresh()

    def load_communities(self) -> None:
        """Refill the community filter, keeping the current choice if it still exists."""
        current = self.community.currentData()
        self.community.blockSignals(True)
        self.community.clear()
        self.community.addItem("全部社区", None)
        for c in org.list_communities(self.store):
            self.community.addItem(c.name, c.id)
        index = self.community.findData(current)
        self.community.setCurrentIndex(max(index, 0))
        self.community.blockSignals(False)
        if index < 0 and current is not None:  # the chosen community was voided
            self._community_changed()

    def _community_changed(self) -> None:
        cid = self.community.currentData()
        self.model.set_source(residents_core.list_source(self.store, self.actor, community_id=cid))

    def apply_search(self) -> None:
        """Search for the text in the box (an empty box shows everyone again)."""
        self.model.set_search(self.search.text().strip())

    def _search_edited(self, text: str) -> None:
        if not text.strip() and self.model.search_text:  # cleared with the ✕ button
            self.model.set_search("")

    def _update_count(self) -> None:
        text = f"共 {self.model.count_text()} 人"
        if self.model.search_text:
            text += f"（搜索“{self.model.search_text}”）"
        self.count_label.setText(text)

    def update_buttons(self) -> None:
        """修改/作废 are for residents owned here; another site's copy can only be viewed."""
        for b in (self.edit_button, self.void_button):
            b.setEnabled(True)
            b.setToolTip("")
        copies.lock([self.edit_button, self.void_button],
                    copies.reason(self.store, residents_core.ENTITY, self.selected_id()))

    def selected_id(self) -> int | None:
        """Record id of the selected row."""
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def show_record(self, entity: str, entity_id: int) -> bool:
        """Select a resident (a global search hit): list everyone named like them, select.

        The register may hold a million rows, so the list is narrowed by the name first.
        """
        if entity != residents_core.ENTITY:
            return False
        _ok, resident = widgets.call_core(self, residents_core.get_resident, self.store,
                                          entity_id, self.actor)
        if resident is None:
            return False
        self.community.setCurrentIndex(0)  # 全部社区 (a worker's list is scoped anyway)
        self.search.setText(resident.name)
        self.apply_search()
        return select_id(self.view, self.model, entity_id)

    def add_resident(self) -> None:
        """Open the dialog for a new resident."""
        dialog = ResidentDialog(self.store, self.actor, None, self.community.currentData(), self)
        if dialog.exec():
            self.model.refresh()

    def edit_resident(self) -> None:
        """Open the dialog for the selected resident."""
        rid = self.selected_id()
        if rid is None:
            widgets.show_error(self, ValidationError("请先在列表中选择一位居民。"))
            return
        ok, resident = widgets.call_core(self, residents_core.get_resident, self.store, rid)
        if not ok:
            return
        dialog = ResidentDialog(self.store, self.actor, resident, parent=self)
        if dialog.exec():
            self.model.refresh()

    def void_resident(self) -> None:
        """Void the selected resident with a reason."""
        rid = self.selected_id()
        if rid is None:
            widgets.show_error(self, ValidationError("请先在列表中选择一位居民。"))
            return
        values = self.model.row_values(self.view.currentIndex().row()) or {}
        name = values.get("name", "")
        reason = forms.ask_text(self, "作废居民记录",
                                  f"作废“{name}”的原因（如：已迁出、重复登记）：",
                                  consequence=f"作废后，{name}的居民记录不再出现在名单和统计中"
                                  "（仍留档可查）。")
        if reason is None:
            return
        ok, _ = widgets.call_core(self, residents_core.void_resident, self.store, self.actor,
                                  rid, reason)
        if ok:
            self.model.refresh()

    # -- Excel ---------------------------------------------------------------------------
    def export_ledger(self):
        """导出台账: exactly what the list shows (community, search, sort), in the background."""
        return ledger_export.export_list(self, self.model.source, "居民信息台账", self.actor,
                                         hidden=HIDDEN_COLUMNS, disable=[self.export_button])

    def import_residents(self) -> bool:
        """导入…: check an Excel file row by row, then import it; refresh the list after."""
        dialog = ImportDialog(self.store, self.actor, excel.IMPORT, self)
        accepted = dialog.exec() == ImportDialog.DialogCode.Accepted
        imported = accepted and dialog.import_result is not None
        if imported:
            self.model.refresh()
        return imported

    def save_import_template(self):
        """下载导入模板…: the blank residents workbook (headers and a 说明 sheet)."""
        return save_template(self, excel.IMPORT)
