# SPDX-License-Identifier: MIT
"""``jiedao-desk --diagnose``: what this Qt found on this desk, for support and the bundle test.

One ``key: value`` line each: the Qt version, the input-method module asked for and chosen
(ui/kit/input_method.py) and whether its plugin loads into this Qt, the Chinese Qt catalogues
loaded, the shipped holiday lists found, and whether Qt's ICU data still holds what a Chinese
desk needs (the bundle ships a reduced copy: installers/README.md): Chinese collation by pinyin
and the GB18030 and Big5 converters. Exit code 0 when the chosen input-method plugin (if any)
loads and Qt's Chinese catalogue, a holiday list, the collation and the converters were found,
else 1.
"""

from __future__ import annotations

import os

import PySide6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCollator,
    QLocale,
    QPluginLoader,
    QXmlStreamReader,
    qVersion,
)
from PySide6.QtWidgets import QApplication

from jiedao_desk import paths
from jiedao_desk.ui.kit import input_method

# Pinyin order is 李 (li) < 王 (wang) < 张 (zhang); ICU's root collation, all that is left
# without the Chinese tailoring, orders by code point: 张 (U+5F20) < 李 < 王.
PINYIN_ORDER = ["李", "王", "张"]
CONVERTER_SAMPLE = "街道办事处𠀀"  # 𠀀 (U+20000) has four bytes in GB18030


def collation_order() -> list[str]:
    """张/李/王 as Qt's ICU collator for zh_CN orders them."""
    collator = QCollator(QLocale("zh_CN"))
    return sorted(["张", "李", "王"], key=collator.sortKey)


def decoded(encoding: str, text: str) -> str | None:
    """``text`` encoded in ``encoding`` and decoded again by Qt, whose converters for anything
    beyond UTF and Latin-1 are ICU's (QStringDecoder has no Python call, QXmlStreamReader uses
    it for the declared encoding); None when Qt refuses the encoding."""
    raw = f'<?xml version="1.0" encoding="{encoding}"?><a>{text}</a>'.encode(encoding)
    buffer = QBuffer()
    buffer.setData(QByteArray(raw))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader = QXmlStreamReader(buffer)
    out = ""
    while not reader.atEnd():
        reader.readNext()
        if reader.isCharacters():
            out += reader.text()
    return None if reader.hasError() else out


def facts(app: QApplication, replaced: str | None) -> tuple[list[str], bool]:
    """The report lines and whether everything needed was found (``replaced``: what
    input_method.setup returned)."""
    plugins = input_method.available(input_method.plugin_dirs())
    module = os.environ.get("QT_IM_MODULE", "")
    lines = [f"qt: {qVersion()} (PySide6 {PySide6.__version__})",
             f"platform: {app.platformName()}",
             f"desktop file: {app.desktopFileName()}",
             f"im plugins: {', '.join(sorted(plugins)) or '-'}",
             f"im requested: {replaced or input_method.requested(os.environ) or '-'}",
             f"im chosen: {module or '-'}"]
    ok = True
    if module in plugins:
        loader = QPluginLoader(str(plugins[module]))
        loaded = loader.load()
        state = "loaded" if loaded else f"FAILED {loader.errorString()}"
        lines.append(f"im plugin {module}: {state}")
        ok = ok and loaded
    qms = app.property("jiedao_qt_catalogues") or []
    lines.append(f"qt translations: {', '.join(qms) or '-'}")
    ok = ok and "qtbase_zh_CN.qm" in qms
    holidays = sorted(p.name for p in (paths.resources_dir() / "catalogs").glob("holiday_*.toml"))
    lines.append(f"holiday lists: {', '.join(holidays) or '-'}")
    ok = ok and bool(holidays)
    order = collation_order()
    pinyin = order == PINYIN_ORDER
    lines.append(f"collation zh_CN: {' '.join(order)} ({'pinyin' if pinyin else 'NOT pinyin'})")
    ok = ok and pinyin
    for encoding, sample in (("GB18030", CONVERTER_SAMPLE), ("Big5", "街道辦事處")):
        good = decoded(encoding, sample) == sample
        lines.append(f"converter {encoding}: {'ok' if good else 'MISSING'}")
        ok = ok and good
    return lines, ok
