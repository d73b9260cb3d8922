# SPDX-License-Identifier: MIT
"""Import an Excel sheet into a domain through a declared column mapping (``ImportSpec``).

Every row is checked before anything is written (types, dates, identity numbers, phones,
required fields, duplicates in the file and in the database). Any problem rejects the whole
file: nothing is written, and a row-by-row error report (行号 / 列 / 问题 plus the original
values) is saved next to the input. A clean file goes in as one transaction, after a safety
backup, with one audit row for the import on top of the domain's own per-record rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ImportRejected, JiedaoError, RowError, ValidationError
from jiedao_desk.core import backup as core_backup
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core import validate
from jiedao_desk.core.auth import require
from jiedao_desk.core.settings import Setting
from jiedao_desk.exports import importer as xlsx
from jiedao_desk.exports.importer import normalize_header
from jiedao_desk.exports.xlsx_guard import DEFAULT_LIMITS, XlsxLimits
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store

MAX_CELL_CHARS = 2000
TYPES = ("text", "int", "decimal", "date", "id_card", "phone", "choice", "community")
Progress = Callable[..., None]

# What any user-supplied workbook (imports, catalogs, street workbooks to merge, form and
# fill templates) may not exceed; exports/xlsx_guard.py checks them before unpacking.
_GROUP = "导入文件"
SETTINGS = settings_mod.declare(
    Setting("import.max_unpacked_mb", "Excel 文件解压后最大（MB）", DEFAULT_LIMITS.max_unpacked_mb,
            "防止“压缩炸弹”：很小的文件解压后可达数 GB，会耗尽内存。正常的导入文件解压后"
            "通常只有几 MB。", _GROUP),
    Setting("import.max_ratio", "单个部件最大压缩比（倍）", DEFAULT_LIMITS.max_ratio,
            "正常表格的压缩比一般在 20 倍以内；大于 1 MB 的部件超过此倍数即拒绝。", _GROUP),
    Setting("import.max_members", "压缩包内最多文件数", DEFAULT_LIMITS.max_members,
            "一个 Excel 文件通常只含几十个内部文件。", _GROUP),
    Setting("import.max_rows", "所有工作表合计最多行数", DEFAULT_LIMITS.max_rows,
            "更大的数据请拆成几个文件分别导入。", _GROUP),
    Setting("import.max_cells", "所有工作表合计最多单元格数", DEFAULT_LIMITS.max_cells,
            "含合并单元格的面积。导入时每 10 万个单元格约占 30 MB 内存，默认值使导入"
            "不超过 200 MB；调高前请确认电脑内存充足。", _GROUP),
)


def xlsx_limits(store: Store | None) -> XlsxLimits:
    """The workbook limits set for this database (the defaults without one)."""
    if store is None:
        return DEFAULT_LIMITS

    def get(key: str) -> int:
        return max(1, int(settings_mod.get(store, SETTINGS[f"import.{key}"])))

    return XlsxLimits(max_unpacked_mb=get("max_unpacked_mb"), max_ratio=get("max_ratio"),
                      max_members=get("max_members"), max_rows=get("max_rows"),
                      max_cells=get("max_cells"))


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import file.

    Attributes:
        key: name of the value handed to ``ImportSpec.save``.
        header: Chinese header written in the blank template.
        aliases: other headers accepted for this column (district sheets vary).
        type: one of ``TYPES``.
        required: an empty cell is an error.
        max_length: longest accepted text (characters).
        choices: accepted values for ``choice``.
        unique: values must not repeat within the file.
        note: help text for the template's 说明 sheet.
    """

    key: str
    header: str
    aliases: Sequence[str] = ()
    type: str = "text"
    required: bool = False
    max_length: int | None = None
    choices: Sequence[str] = ()
    unique: bool = False
    note: str = ""


@dataclass(frozen=True)
class ImportSpec:
    """A named import (e.g. "residents").

    Attributes:
        name / title: CLI name and Chinese title.
        entity: audit entity of the imported records.
        permission: ``core.auth`` permission the importing user needs.
        columns: the declared columns.
        save: writes one checked row: ``save(store, actor, values)`` (inside the import's
            transaction; the domain function writes its own audit row).
        check_db: optional hook ``check_db(store, values) -> [(column key, message)]`` for
            clashes with records already in the database.
        help: lines for the template's 说明 sheet.
    """

    name: str
    title: str
    entity: str
    permission: str
    columns: Sequence[ImportColumn]
    save: Callable[[Store, Actor, dict], Any]
    check_db: Callable[[Store, dict], list[tuple[str, str]]] | None = None
    help: Sequence[str] = field(default_factory=tuple)


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    name: str
    path: str
    rows: int
    imported: int
    dry_run: bool
    backup: str | None = None


def read_rows(path: str | Path, spec: ImportSpec,
              store: Store | None = None) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Read and check every row of the file.

    Args:
        path: the .xlsx file (first sheet, or the sheet named like the spec's title).
        spec: the import declaration.
        store: for community look-ups and the database duplicate hook (None: skip them).

    Returns:
        (rows, errors): rows as (sheet row number, {column key: value}); errors for every
        problem found, empty when the file can be imported.

    Raises:
        ImportRejected: the file is not a readable .xlsx file.
    """
    path = Path(path)
    wb, ws = xlsx.open_sheet(path, spec.title, xlsx_limits(store))
    try:
        raw = xlsx.raw_rows(ws)
    finally:
        wb.close()
    return check_rows(raw, spec, store, ws.title)


def check_rows(raw: list[tuple[int, list[tuple[Any, bool]]]], spec: ImportSpec,
               store: Store | None, sheet: str = "") -> tuple[list[tuple[int, dict]],
                                                              list[RowError]]:
    """Check raw rows (first = header); see ``read_rows``."""
    if not raw:
        raise ImportRejected(f"工作表“{sheet}”是空的：第一行应为表头（"
                             + "、".join(c.header for c in spec.columns) + "），其下每行一条记录。")
    header_row, header = raw[0]
    errors: list[RowError] = []
    positions = _match_header(header_row, header, spec, errors)
    if errors:
        return [], errors
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple[str, Any], int] = {}
    communities: dict[str, int | None] = {}
    for r, cells in raw[1:]:
        values: dict[str, Any] = {}
        for col in spec.columns:
            i = positions.get(col.key)
            value, formula = cells[i] if i is not None and i < len(cells) else (None, False)
            if formula:
                errors.append(RowError(r, col.header, "单元格含有公式；请复制后“选择性粘贴→数值”"
                                       "再导入。"))
                continue
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                errors.append(RowError(r, col.header, f"内容过长（{len(value):,}字，单元格最多"
                                       f"{MAX_CELL_CHARS:,}字）。"))
                continue
            try:
                values[col.key] = _convert(col, value, store, communities)
            except ValidationError as e:
                errors.append(RowError(r, col.header, e.message))
                continue
            if col.unique and values[col.key] not in (None, ""):
                first = seen.setdefault((col.key, values[col.key]), r)
                if first != r:
                    errors.append(RowError(r, col.header, f"与第{first}行重复。"))
        for i, (v, _) in enumerate(cells):
            if v is not None and i not in positions.values():
                errors.append(RowError(r, f"第{i + 1}列", "这一列没有可识别的表头，内容无法导入。"))
        if store is not None and spec.check_db and len(values) == len(spec.columns):
            labels = {c.key: c.header for c in spec.columns}
            for key, message in spec.check_db(store, values):
                errors.append(RowError(r, labels.get(key, key), message))
        rows.append((r, values))
    if not rows and not errors:
        errors.append(RowError(header_row, "数据", "表头下面没有数据行。"))
    return rows, errors


def _match_header(r: int, header: list[tuple[Any, bool]], spec: ImportSpec,
                  errors: list[RowError]) -> dict[str, int]:
    names = {}
    for col in spec.columns:
        for alias in (col.header, *col.aliases):
            names[normalize_header(alias)] = col.key
    positions: dict[str, int] = {}
    for i, (v, _) in enumerate(header):
        key = names.get(normalize_header(v)) if v is not None else None
        if key is None:
            continue
        if key in positions:
            errors.append(RowError(r, f"第{i + 1}列", f"表头“{v}”与第{positions[key] + 1}列重复。"))
        positions[key] = i
    expected = "、".join(c.header + ("（必填）" if c.required else "") for c in spec.columns)
    missing = [c.header for c in spec.columns if c.required and c.key not in positions]
    if not positions:
        found = "、".join(str(v) for v, _ in header if v is not None)
        errors.append(RowError(r, "表头", f"表头不对：应为 {expected}；现在是 {found}。"
                               "请使用“导入模板”。"))
    elif missing:
        errors.append(RowError(r, "表头",
                               f"缺少必需的列：{'、'.join(missing)}。应有的列：{expected}。"))
    return positions


def _convert(col: ImportColumn, value: Any, store: Store | None,
             communities: dict[str, int | None]) -> Any:
    """The checked value of one cell (None for an empty optional cell)."""
    if isinstance(value, float) and value.is_integer() and col.type not in ("decimal",):
        if col.type == "id_card" and abs(value) >= 1e15:
            # Excel keeps 15 significant digits: an 18-digit number typed into a number cell
            # has already lost its last digits, so it cannot be repaired here.
            raise ValidationError("身份证号被 Excel 当成了数字，末几位已丢失；请把该列设为“文本”"
                                  "格式后重新录入。")
        value = int(value)
    if value is None:
        if col.required:
            raise ValidationError("不能为空。")
        return None
    if col.type == "date":
        if isinstance(value, (dt.date, dt.datetime)):
            return value.date() if isinstance(value, dt.datetime) else value
        return validate.date(str(value), col.header)
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    text = str(value).strip()
    if col.type == "community":
        return _community(text, store, communities)
    convert = _FROM_TEXT.get(col.type)
    if convert is None:
        raise ValueError(f"unknown import column type {col.type!r}")
    return convert(col, text)


def _text(col: ImportColumn, text: str) -> str:
    if col.max_length and len(text) > col.max_length:
        raise ValidationError(f"太长（最多{col.max_length}字，现在{len(text)}字）。")
    return text


def _int(col: ImportColumn, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValidationError(f"“{text}”不是整数。") from None


def _decimal(col: ImportColumn, text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValidationError(f"“{text}”不是数字。") from None


def _id_card(col: ImportColumn, text: str) -> str:
    return validate.id_card(text, col.header).number


def _phone(col: ImportColumn, text: str) -> str:
    return validate.phone(text, col.header)


def _choice(col: ImportColumn, text: str) -> str:
    if text not in col.choices:
        raise ValidationError(f"“{text}”不在可选值（{'、'.join(col.choices)}）之内。")
    return text


# The checked value of a non-empty cell, by column type (dates and communities above).
_FROM_TEXT: dict[str, Callable[[ImportColumn, str], Any]] = {
    "text": _text, "int": _int, "decimal": _decimal, "id_card": _id_card, "phone": _phone,
    "choice": _choice,
}


def _community(text: str, store: Store | None, cache: dict[str, int | None]) -> Any:
    if store is None:
        return text
    if text not in cache:
        row = (org_store.find_live_community(store, name=text)
               or org_store.find_live_community(store, code=text))
        cache[text] = row["id"] if row else None
    if cache[text] is None:
        raise ValidationError(f"没有名称或代码为“{text}”的社区（请先在“设置”中添加）。")
    return cache[text]


# -- running ----------------------------------------------------------------------------------
def run_import(store: Store, actor: Actor, spec: ImportSpec, path: str | Path,
               dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Check a file and import it as one transaction (or only check it, with ``dry_run``).

    Raises:
        ImportRejected: any problem in any row; nothing is written. ``errors`` lists them and
            ``report_path`` is the saved error report (None if it could not be saved).
        PermissionDenied: the actor may not import this.
    """
    require(actor, spec.permission)
    path = Path(path)
    if progress:
        progress(0, 0, "正在检查文件…")
    rows, errors = read_rows(path, spec, store)
    if errors:
        reject(spec, path, errors, f"“{path.name}”有 {len(errors)} 处问题，未导入任何记录。",
               xlsx_limits(store))
    if dry_run:
        return ImportResult(spec.name, str(path), len(rows), 0, True)
    backup = None
    if store.path is not None:  # a file database: a safety copy first (backup.py SAFETY_KINDS)
        backup = str(core_backup.backup_now(store, "pre_import").path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    done = 0
    saving = 0  # the file row being written, named in the refusal if the write fails
    try:
        with store.atomic():
            for row_no, values in rows:
                saving = row_no
                spec.save(store, actor, values)
                done += 1
                if progress and done % 200 == 0:
                    progress(done, len(rows), f"已导入 {done:,}/{len(rows):,} 条")
            audit_store.record(store, actor, f"import.{spec.name}", spec.entity, None, None,
                               {"file": path.name, "sha256": digest, "rows": len(rows),
                                "imported": done})
    except JiedaoError as e:
        # A clash that appeared between the check and the write: the transaction rolled back.
        errors = [RowError(saving, "", e.message)]
        reject(spec, path, errors, f"导入第{saving}行时出错，已全部撤销，未导入任何记录。",
               xlsx_limits(store))
    if progress:
        progress(len(rows), len(rows), "导入完成")
    return ImportResult(spec.name, str(path), len(rows), done, False, backup)


def report_path_for(path: Path) -> Path:
    """``<input name>.错误报告.xlsx`` next to the input file."""
    return path.with_name(f"{path.stem}.错误报告.xlsx")


def reject(spec: ImportSpec, path: Path, errors: list[RowError], message: str,
           limits: XlsxLimits = DEFAULT_LIMITS) -> None:
    """Save the error report next to ``path`` (if possible) and raise ImportRejected
    (``limits``: those the file was read with, for re-reading its rows into the report)."""
    report = report_path_for(path)
    try:
        xlsx.write_error_report(report, spec.title, path, errors, limits)
    except (OSError, ImportRejected):
        raise ImportRejected(message, errors) from None
    raise ImportRejected(f"{message}\n错误报告已保存：{report}", errors, report_path=report)


def write_template(spec: ImportSpec, path: str | Path) -> Path:
    """A blank import workbook for ``spec``: the header row and a 说明 sheet."""
    return xlsx.write_template(path, spec.title, spec.columns, spec.help)
