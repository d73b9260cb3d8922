# SPDX-License-Identifier: MIT
"""Qt's own texts (standard buttons) are Chinese in the app and in the tests' application."""

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from jiedao_desk.ui.kit import qt_locale

SB = QMessageBox.StandardButton
DB = QDialogButtonBox.StandardButton


def test_message_box_standard_buttons_are_chinese(qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "标题", "正文",
                      SB.Ok | SB.Cancel | SB.Yes | SB.No)
    qtbot.addWidget(box)
    texts = {b: box.button(b).text().replace("&", "") for b in (SB.Ok, SB.Cancel, SB.Yes,
                                                               SB.No)}
    # Qt's catalogue says 确定/取消/是/否, some versions with an accelerator "(&Y)"
    assert texts[SB.Ok].startswith("确定")
    assert texts[SB.Cancel].startswith("取消")
    assert texts[SB.Yes].startswith("是")
    assert texts[SB.No].startswith("否")


def test_dialog_button_box_is_chinese(qtbot):
    buttons = QDialogButtonBox(DB.Ok | DB.Cancel | DB.Close | DB.Save)
    qtbot.addWidget(buttons)
    texts = [buttons.button(b).text().replace("&", "") for b in (DB.Ok, DB.Cancel, DB.Close,
                                                                 DB.Save)]
    assert [t[:2] for t in texts] == ["确定", "取消", "关闭", "保存"]


def test_install_loads_qtbase_once(qapp):
    first = qt_locale.install(qapp)
    assert first[0] == "qtbase_zh_CN.qm"
    assert qt_locale.install(qapp) == first  # a second call adds no second translator
    assert not any(n.startswith(("designer_", "linguist_")) for n in first)


def test_a_bundle_finds_the_catalogues_in_its_unpack_folder(tmp_path, monkeypatch):
    """PyInstaller's Qt hook collects qtbase_*.qm (QtCore's catalogue) into
    PySide6/Qt/translations of the bundle and the spec keeps the zh_CN ones: found there
    even when Qt's own prefix points elsewhere."""
    import shutil
    import sys

    import PySide6
    from PySide6.QtCore import QLibraryInfo

    shipped = qt_locale.catalogues()[0]
    bundle = tmp_path / "PySide6" / "Qt" / "translations"
    bundle.mkdir(parents=True)
    shutil.copy(shipped, bundle / shipped.name)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(QLibraryInfo, "path", lambda kind: str(tmp_path / "nowhere"))
    monkeypatch.setattr(PySide6, "__file__", str(tmp_path / "elsewhere" / "__init__.py"))
    assert qt_locale.catalogues() == [bundle / "qtbase_zh_CN.qm"]
