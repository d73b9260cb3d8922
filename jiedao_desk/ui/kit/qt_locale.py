# SPDX-License-Identifier: MIT
"""Qt's own texts in Chinese: standard buttons (确定/取消/是/否), file and print dialogs.

Qt draws those texts itself and translates them only when a translator for its catalogues
is installed. PySide6 ships the ``*_zh_CN.qm`` catalogues; the bundle keeps exactly those
(installers/jiedao_desk.spec, ``KEEP_QM``). The GUI start (ui/app.py) and the tests'
QApplication (tests/conftest.py) both call :func:`install`, so tests see what users see.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)
LOCALE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
# Translations of Qt's developer tools, not of anything a user of the desk sees; qt_zh_CN
# is a meta catalogue that only names the others (each is loaded on its own below).
SKIP = ("assistant_", "designer_", "linguist_", "qt_zh_CN.qm")


def translation_dirs() -> list[Path]:
    """Folders that may hold Qt's .qm files: where Qt says, then beside PySide6 (a bundle
    whose Qt prefix was not relocated), then the PyInstaller unpack folder."""
    found = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
             Path(PySide6.__file__).resolve().parent / "Qt" / "translations"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.append(Path(frozen) / "PySide6" / "Qt" / "translations")
    return [d for d in dict.fromkeys(found) if d.is_dir()]


def catalogues() -> list[Path]:
    """The Chinese Qt catalogues found, qtbase first, one per name."""
    chosen: dict[str, Path] = {}
    for folder in translation_dirs():
        for qm in sorted(folder.glob("qt*_zh_CN.qm")):
            if not qm.name.startswith(SKIP) and qm.name not in SKIP:
                chosen.setdefault(qm.name, qm)
    return sorted(chosen.values(), key=lambda p: (p.name != "qtbase_zh_CN.qm", p.name))


def install(app: QCoreApplication) -> list[str]:
    """Make Qt speak Chinese in ``app`` (idempotent: an app is set up once).

    Returns:
        The names of the catalogues loaded (empty when none was found: Qt then stays in
        English, which is logged, not fatal).
    """
    QLocale.setDefault(LOCALE)  # dates, numbers and the file dialog's column names
    done = app.property("jiedao_qt_catalogues")
    if done:
        return list(done)
    loaded: list[str] = []
    for qm in catalogues():
        translator = QTranslator(app)  # parented: lives as long as the application
        if translator.load(str(qm)) and app.installTranslator(translator):
            loaded.append(qm.name)
    if "qtbase_zh_CN.qm" not in loaded:
        log.warning("Qt's Chinese catalogue was not found in %s", translation_dirs())
    app.setProperty("jiedao_qt_catalogues", loaded)
    return loaded
