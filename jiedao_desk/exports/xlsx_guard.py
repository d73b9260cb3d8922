# SPDX-License-Identifier: MIT
"""The one gate every user-supplied .xlsx passes before openpyxl unpacks it.

An .xlsx is a zip archive. A small file can unpack to gigabytes (a "zip bomb": one sheet of
repeated cells compresses a thousandfold), and openpyxl then fills memory and runs for hours.
So before anything is unpacked, the zip's own directory is read and the file is refused when
the members are too many, the unpacked total is too large or one member is compressed
suspiciously well; then the sheets are read as a stream (never held whole) to count rows,
cells and merged areas (openpyxl builds one object per merged cell) against their limits.
Python's zipfile never hands out more bytes than the directory declares for a member (the
rest fails its CRC), so the declared sizes bound what any later reader sees.

The limits are settings (core/imports.py declares them and passes them here).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from jiedao_desk.base.errors import ImportRejected, NotFound

MB = 1024 * 1024
# Members smaller than this are never refused for their ratio: a few kilobytes of styles or
# an empty sheet compress extremely well and harm nobody.
RATIO_GRACE_BYTES = MB
_CHUNK = 1024 * 1024
_MAX_CARRY = 64 * 1024

# Markup of a row, a cell and a merged area, with or without a namespace prefix. In XML text
# a literal "<" is always escaped, so these match tags only (CDATA at worst overcounts).
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=[\"']\$?([A-Za-z]{1,3})\$?"
                    rb"(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?")


@dataclass(frozen=True)
class XlsxLimits:
    """What a user-supplied workbook may not exceed.

    Attributes:
        max_unpacked_mb: total unpacked size of all members (MB).
        max_ratio: unpacked / compressed size of any one member over 1 MB.
        max_members: files inside the archive.
        max_rows: rows of all sheets together.
        max_cells: cells (written cells plus merged areas) of all sheets together.
    """

    max_unpacked_mb: int = 100
    max_ratio: int = 100
    max_members: int = 1000
    # An import holds every checked row until the one transaction that writes them: about
    # 300 bytes a cell, so 250,000 cells keep an import under 200 MB (35,000 residents).
    max_rows: int = 50_000
    max_cells: int = 250_000


DEFAULT_LIMITS = XlsxLimits()


def check_xlsx(source: str | Path | bytes, limits: XlsxLimits = DEFAULT_LIMITS,
               name: str = "") -> None:
    """Refuse a workbook that is not a zip or exceeds ``limits``; unpack nothing else.

    Args:
        source: the file's path, or its bytes already read.
        limits: the limits (from the settings, via core/imports.py).
        name: the file name shown in messages (default: the path's name).

    Raises:
        NotFound: no such file.
        ImportRejected: not an .xlsx archive, or over a limit (the message says which).
    """
    if isinstance(source, bytes):
        label = name or "文件"
        _check(io.BytesIO(source), limits, label)
        return
    path = Path(source)
    label = name or path.name
    try:
        with open(path, "rb") as fh:
            _check(fh, limits, label)
    except FileNotFoundError:
        raise NotFound(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise ImportRejected(f"“{label}”是文件夹，不是 Excel (.xlsx) 文件。") from None


def _not_xlsx(label: str) -> ImportRejected:
    return ImportRejected(f"“{label}”不是 Excel 工作簿（.xlsx），或不是有效的 Excel 文件"
                          "（已损坏），没有读取。请在 Excel 中打开后“另存为”.xlsx 再试。")


def _check(fh: BinaryIO, limits: XlsxLimits, label: str) -> None:
    entries = _declared_entries(fh)
    if entries is None:
        raise _not_xlsx(label)
    if entries > limits.max_members:
        raise _members_refused(label, entries, limits)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_xlsx(label) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise _members_refused(label, len(infos), limits)
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            raise _not_xlsx(label)
        total = sum(i.file_size for i in infos)
        if total > limits.max_unpacked_mb * MB:
            raise ImportRejected(f"文件“{label}”解压后超过 {limits.max_unpacked_mb} MB"
                                 f"（约 {total / MB:,.0f} MB），可能是恶意文件，未导入。")
        for i in infos:
            if i.file_size > RATIO_GRACE_BYTES and \
                    i.file_size > limits.max_ratio * max(i.compress_size, 1):
                ratio = i.file_size / max(i.compress_size, 1)
                raise ImportRejected(f"文件“{label}”中的“{i.filename}”压缩比异常（{ratio:,.0f} 倍，"
                                     f"上限 {limits.max_ratio} 倍），可能是恶意文件，未导入。")
        _count_cells(zf, infos, limits, label)


def _members_refused(label: str, n: int, limits: XlsxLimits) -> ImportRejected:
    return ImportRejected(f"文件“{label}”内含 {n:,} 个文件，超过上限 {limits.max_members:,} 个，"
                          "可能是恶意文件，未导入。")


def _declared_entries(fh: BinaryIO) -> int | None:
    """Entry count from the end-of-central-directory record, read before zipfile builds
    one object per entry (a directory of millions of entries would fill memory by itself).
    None when there is no such record (not a zip)."""
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
    if entries == 0xFFFF and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":
        # Zip64: the locator before the record points at the zip64 end record.
        offset = struct.unpack("<Q", tail[at - 12:at - 4])[0]
        fh.seek(offset)
        record = fh.read(56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            return None
        entries = struct.unpack("<Q", record[32:40])[0]
    return entries


def _count_cells(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: XlsxLimits,
                 label: str) -> None:
    rows = cells = 0
    for info in infos:
        if not info.filename.lower().endswith(".xml") or info.is_dir():
            continue
        try:
            for chunk in _tag_chunks(zf, info):
                rows += len(_ROW.findall(chunk))
                cells += len(_CELL.findall(chunk)) + _merged_area(chunk)
                if rows > limits.max_rows:
                    raise ImportRejected(f"文件“{label}”的工作表超过 {limits.max_rows:,} 行，"
                                         "未导入。请拆成几个文件分别导入。")
                if cells > limits.max_cells:
                    raise ImportRejected(f"文件“{label}”的工作表超过 {limits.max_cells:,} 个单元格"
                                         "（含合并单元格），未导入。请拆成几个文件分别导入。")
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            # a damaged member, an unsupported method or an encrypted entry
            raise _not_xlsx(label) from None


def _tag_chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member in pieces that each end just after a ">", so no tag is split between two
    pieces (a run without ">" longer than 64 KB is cut anyway: no tag we count is that long)."""
    carry = b""
    with zf.open(info) as member:
        while True:
            data = member.read(_CHUNK)
            if not data:
                break
            data = carry + data
            cut = data.rfind(b">") + 1
            if cut == 0 and len(data) > _MAX_CARRY or len(data) - cut > _MAX_CARRY:
                cut = len(data)
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def _merged_area(chunk: bytes) -> int:
    total = 0
    for m in _MERGE.finditer(chunk):
        if m.group(3) is None:
            continue
        c1, r1 = _column(m.group(1)), int(m.group(2))
        c2, r2 = _column(m.group(3)), int(m.group(4))
        total += (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
    return total


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - ord("A") + 1
    return n
