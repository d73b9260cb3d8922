# SPDX-License-Identifier: MIT
"""Catalog files: reading and validating one reference-catalog version from TOML or Excel.

A file is checked completely before anything is written; every problem found is reported
with its line (TOML) or sheet/row/column (Excel) in one ``ImportRejected``. The Excel layout
is the blank template ``write_template`` makes, for administrators who copy an official
annex into it. Storing and querying versions is ``core.catalog``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk.base.errors import ImportRejected, NotFound, RowError, ValidationError
from jiedao_desk.core import validate

if TYPE_CHECKING:  # the readers and writers load what they use when a file is read or written
    from jiedao_desk.exports.xlsx_guard import XlsxLimits

CONFIDENCE_LABELS = {"exact": "原文", "paraphrase": "转述", "secondary": "二手来源",
                     "unknown": "未知"}
VERSION_FIELDS = {"catalog": "目录键", "title": "目录名称", "label": "版本标签",
                  "issuer": "发文机关", "doc_number": "文号", "effective_from": "生效日期",
                  "effective_to": "失效日期", "source_urls": "来源网址", "confidence": "置信度",
                  "notes": "说明"}
ITEM_FIELDS = {"seq": "序号", "code": "编码", "text": "内容", "category": "分类", "notes": "备注"}
SHEET_VERSION, SHEET_ITEMS = "版本信息", "条目"
_KEY_RE = re.compile(r"[a-z][a-z0-9_]{1,39}")
_LABEL_RE = re.compile(r"[^\s/\\]{1,40}")


@dataclass(frozen=True)
class CatalogItem:
    """One entry of a catalog version (``extra`` holds per-list data such as legal basis)."""

    seq: int
    text: str
    code: str = ""
    category: str = ""
    notes: str = ""
    extra: dict = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True)
class CatalogVersion:
    """One version of a catalog with its provenance (stored fields are empty when parsed)."""

    catalog: str
    title: str
    label: str
    issuer: str = ""
    doc_number: str = ""
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    source_urls: tuple[str, ...] = ()
    confidence: str = "unknown"
    notes: str = ""
    id: int | None = None
    origin: str = ""
    content_sha256: str = ""
    imported_at: str = ""
    imported_by: str = ""
    voided_at: str | None = None
    void_reason: str | None = None
    item_count: int = 0

    @property
    def confidence_label(self) -> str:
        """Chinese name of the confidence (原文/转述/二手来源/未知)."""
        return CONFIDENCE_LABELS.get(self.confidence, self.confidence)

    def in_force_on(self, day: dt.date) -> bool:
        """Not voided and ``effective_from <= day <= effective_to`` (a missing date is open)."""
        return (self.voided_at is None
                and (self.effective_from is None or self.effective_from <= day)
                and (self.effective_to is None or self.effective_to >= day))


@dataclass(frozen=True)
class ParsedVersion:
    """A validated version read from a file, not yet stored."""

    version: CatalogVersion
    items: tuple[CatalogItem, ...]
    content_sha256: str
    source_name: str


# -- validation shared by the TOML and Excel readers --------------------------------------
# field -> (row or line, column label) naming the place of a problem in a message
Where = Callable[[str], tuple[int, str]]
ItemWhere = Callable[[int, str], tuple[int, str]]  # (item number from 1, field) -> place


def _text(value: Any, errors: list[RowError], where: tuple[int, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, dict, list)):
        errors.append(RowError(*where, "应为文字。"))
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores a typed code such as 101 as 101.0
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def _date(value: Any, errors: list[RowError], where: tuple[int, str],
          name: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return validate.date(str(value), name)
    except ValidationError as e:
        errors.append(RowError(*where, e.message))
        return None


def _seq(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value if isinstance(value, int) else None


def _urls(value: Any, errors: list[RowError], where: tuple[int, str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"[\s;；,，]+", value)
    if not isinstance(value, list):
        errors.append(RowError(*where, "应为网址列表。"))
        return ()
    urls = tuple(u.strip() for u in value if isinstance(u, str) and u.strip())
    for u in urls:
        if not u.startswith(("http://", "https://")):
            errors.append(RowError(*where, f"来源网址“{u}”应以 http:// 或 https:// 开头。"))
    if len(urls) != len([u for u in value if u not in ("", None)]):
        errors.append(RowError(*where, "来源网址只能是文字。"))
    return urls


def _check_version(raw: dict, w: Where, errors: list[RowError]) -> CatalogVersion:
    for key in ("catalog", "title", "label", "confidence"):
        if raw.get(key) is None or raw.get(key) == "":
            errors.append(RowError(*w(key), f"{VERSION_FIELDS[key]}不能为空。"))
    key = _text(raw.get("catalog"), errors, w("catalog"))
    if key and not _KEY_RE.fullmatch(key):
        errors.append(RowError(*w("catalog"), f"目录键“{key}”格式不对：只能用小写英文字母、"
                               "数字和下划线，以字母开头（如 certificate_denylist）。"))
    label = _text(raw.get("label"), errors, w("label"))
    if label and not _LABEL_RE.fullmatch(label):
        errors.append(RowError(*w("label"), f"版本标签“{label}”不能含空格或斜杠，最多40字。"))
    start = _date(raw.get("effective_from"), errors, w("effective_from"), "生效日期")
    end = _date(raw.get("effective_to"), errors, w("effective_to"), "失效日期")
    if start and end and end < start:
        errors.append(RowError(*w("effective_to"), f"失效日期 {end} 早于生效日期 {start}。"))
    confidence = _text(raw.get("confidence"), errors, w("confidence"))
    confidence = {v: k for k, v in CONFIDENCE_LABELS.items()}.get(confidence, confidence)
    if confidence and confidence not in CONFIDENCE_LABELS:
        errors.append(RowError(*w("confidence"), f"置信度“{confidence}”无效，应为原文、转述、"
                               "二手来源或未知。"))
    return CatalogVersion(
        catalog=key, title=_text(raw.get("title"), errors, w("title")), label=label,
        issuer=_text(raw.get("issuer"), errors, w("issuer")),
        doc_number=_text(raw.get("doc_number"), errors, w("doc_number")),
        effective_from=start, effective_to=end,
        source_urls=_urls(raw.get("source_urls"), errors, w("source_urls")),
        confidence=confidence, notes=_text(raw.get("notes"), errors, w("notes")))


def _check_items(items: list[tuple[int, dict]], w: ItemWhere,
                 errors: list[RowError]) -> list[CatalogItem]:
    parsed: list[CatalogItem] = []
    seen: dict[int, int] = {}
    for n, (row, it) in enumerate(items, 1):
        seq = _seq(it.get("seq"))
        if seq is None or seq < 1:
            errors.append(RowError(*w(n, "seq"), f"序号“{it.get('seq')}”应为正整数。"))
        elif seq in seen:
            errors.append(RowError(*w(n, "seq"), f"序号 {seq} 与第{seen[seq]}行重复。"))
        else:
            seen[seq] = row
        text = _text(it.get("text"), errors, w(n, "text"))
        if not text:
            errors.append(RowError(*w(n, "text"), "内容不能为空。"))
        extra = it.get("extra") or {}
        if not isinstance(extra, dict):
            errors.append(RowError(*w(n, "extra"), "extra 应为表（键 = 值）。"))
            extra = {}
        parsed.append(CatalogItem(
            seq=seq or 0, text=text, code=_text(it.get("code"), errors, w(n, "code")),
            category=_text(it.get("category"), errors, w(n, "category")),
            notes=_text(it.get("notes"), errors, w(n, "notes")), extra=extra))
    return sorted(parsed, key=lambda i: i.seq)


def _build(raw: dict, items: list[tuple[int, dict]], *, where: tuple[Where, ItemWhere],
           source: tuple[str, bytes], errors: list[RowError]) -> ParsedVersion:
    """Validate the raw fields and items; raise ImportRejected listing every problem.

    Args:
        raw: version fields by English key (catalog and title included).
        items: (row or line number, raw item) pairs.
        where: how to name the place of a version field / of an item field in a message.
        source: (file name, file bytes); the bytes' SHA-256 identifies the content.
        errors: problems already found by the reader (syntax, unknown fields).
    """
    version = _check_version(raw, where[0], errors)
    parsed = _check_items(items, where[1], errors)
    from jiedao_desk.core import wording_files  # the document kinds, with the first file read

    if version.catalog == wording_files.KEY:  # each block must exist in a document kind
        errors += wording_files.check_items(items, where[1])
    if not items and version.confidence in CONFIDENCE_LABELS and version.confidence != "unknown":
        # Items that are not known are not invented: an empty version must say "unknown".
        errors.append(RowError(*where[0]("confidence"), "没有任何条目；条目未知的版本请把置信度"
                               "填为“未知”。"))
    if errors:
        raise ImportRejected(f"“{source[0]}”有 {len(errors)} 处错误，未导入任何内容。", errors)
    return ParsedVersion(version, tuple(parsed), hashlib.sha256(source[1]).hexdigest(), source[0])


# -- TOML ---------------------------------------------------------------------------------
_TOML_HINTS = {"Invalid value": "值无效（文字要用英文双引号括起来）",
               "Expected '=' after a key": "键后面缺少“=”",
               "Cannot overwrite a value": "同一个键写了两次",
               "Cannot declare": "同一个表写了两次",
               "Unterminated string": "文字缺少结束的引号",
               "Expected ']' at the end of a table declaration": "表头缺少“]”"}


def _toml_lines(text: str) -> tuple[dict[str, dict[str, int]], list[dict[str, int]]]:
    """Line numbers of sections, [[items]] headers and keys, so messages can name a line."""
    sections: dict[str, dict[str, int]] = {}
    items: list[dict[str, int]] = []
    cur: dict[str, int] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if re.match(r"\[\[\s*items\s*\]\]", s):
            cur = {"": n}
            items.append(cur)
        elif m := re.match(r"\[\s*([\w.\-\"]+)\s*\]", s):
            if not m[1].startswith("items."):  # [items.extra] belongs to the current item
                cur = sections.setdefault(m[1], {"": n})
        elif (m := re.match(r"([\w\-]+)\s*=", s)) and cur is not None:
            cur.setdefault(m[1], n)
    return sections, items


def version_key(data: bytes) -> tuple[str, str] | None:
    """(catalog key, version label) as a TOML version file writes them, read without any of
    ``parse_toml``'s checks (None when the file does not parse or does not say)."""
    import tomllib

    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
        key, label = doc["catalog"]["key"], doc["version"]["label"]
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return None
    return (key, label) if isinstance(key, str) and isinstance(label, str) else None


def parse_toml(data: bytes, source_name: str) -> ParsedVersion:
    """Read and validate one catalog version from TOML bytes.

    Args:
        data: the file content (UTF-8).
        source_name: file name used in messages.

    Raises:
        ImportRejected: listing every problem with its line number; nothing is written.
    """
    errors: list[RowError] = []
    bad = f"“{source_name}”无法解析，未导入任何内容。"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ImportRejected(bad, [RowError(line, "编码", "文件不是 UTF-8 编码的文本。")]) from None
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m[1]) if m else 1
        msg = re.sub(r"\s*\(at .*?\)$", "", msg)
        hint = next((h for k, h in _TOML_HINTS.items() if msg.startswith(k)), None)
        where = f"第{m[2]}列" if m else "TOML"
        raise ImportRejected(bad, [RowError(line, where, f"TOML 语法错误：{hint or msg}"
                                            + (f"（{msg}）" if hint else ""))]) from None
    sections, item_lines = _toml_lines(text)

    def line_of(section: str, key: str = "") -> int:
        sec = sections.get(section, {})
        return sec.get(key) or sec.get("") or 1

    cat, ver = doc.get("catalog"), doc.get("version")
    for name in set(doc) - {"catalog", "version", "items"}:
        errors.append(RowError(line_of(name), name, "未知的表或字段。"))
    for name, sec in (("catalog", cat), ("version", ver)):
        if not isinstance(sec, dict):
            errors.append(RowError(1, f"[{name}]", "缺少这一节。"))
    cat = cat if isinstance(cat, dict) else {}
    ver = ver if isinstance(ver, dict) else {}
    for name, sec, allowed in (("catalog", cat, {"key", "title"}),
                               ("version", ver, set(VERSION_FIELDS) - {"catalog", "title"})):
        for k in set(sec) - allowed:
            errors.append(RowError(line_of(name, k), f"{name}.{k}", "未知字段。"))
    raw = {**ver, "catalog": cat.get("key"), "title": cat.get("title")}
    items = doc.get("items", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        errors.append(RowError(1, "items", "items 应写成 [[items]] 表数组。"))
        items = []
    for n, it in enumerate(items):
        for k in set(it) - {*ITEM_FIELDS, "extra"}:
            ln = item_lines[n].get(k, item_lines[n][""]) if n < len(item_lines) else 1
            errors.append(RowError(ln, f"items.{k}", "未知字段（附加数据请写在 extra 中）。"))

    def version_where(key: str) -> tuple[int, str]:
        sec, k = ("catalog", "key") if key == "catalog" else (
            ("catalog", "title") if key == "title" else ("version", key))
        return line_of(sec, k), VERSION_FIELDS[key]  # the line number finds the key

    def item_where(n: int, key: str) -> tuple[int, str]:
        lines = item_lines[n - 1] if n - 1 < len(item_lines) else {}
        return lines.get(key) or lines.get("") or 1, f"第{n}项 {ITEM_FIELDS.get(key, key)}"

    return _build(raw, [(item_where(n, "")[0], it) for n, it in enumerate(items, 1)],
                  where=(version_where, item_where), source=(source_name, data), errors=errors)


# -- Excel ----------------------------------------------------------------------------------
def _cell(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _blank(row: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _sheet_values(ws: Any) -> list[tuple]:
    ws.reset_dimensions()
    return [tuple(_cell(v) for v in r) for r in ws.iter_rows(values_only=True)]


def parse_xlsx(path: str | Path, limits: XlsxLimits | None = None) -> ParsedVersion:
    """Read and validate one catalog version from an Excel workbook (layout: ``write_template``).

    Raises:
        ImportRejected: listing every problem with its sheet, row and column; nothing is written.
    """
    import openpyxl  # loads with the first workbook read, not when the app starts

    path = Path(path)
    data = _read(path)
    from jiedao_desk.exports.xlsx_guard import DEFAULT_LIMITS, check_xlsx

    check_xlsx(data, limits or DEFAULT_LIMITS, path.name)
    try:
        # Read-only streams the sheets (a user's file is never held whole in memory); its
        # stored dimension may be wrong (files written by other tools), so it is reset.
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors alike for a damaged file
        raise ImportRejected(f"“{path.name}”不是有效的 Excel (.xlsx) 文件，无法打开。") from None
    try:
        sheets = {name: _sheet_values(wb[name])
                  for name in (SHEET_VERSION, SHEET_ITEMS) if name in wb.sheetnames}
    finally:
        wb.close()
    errors: list[RowError] = []
    for name in (SHEET_VERSION, SHEET_ITEMS):
        if name not in sheets:
            errors.append(RowError(1, f"「{name}」", "缺少这个工作表（请使用导出的空白模板）。"))
        elif all(_blank(r) for r in sheets[name]):
            errors.append(RowError(1, f"「{name}」", "工作表是空的，至少应有表头行。"))
    if errors:
        raise ImportRejected(f"“{path.name}”的格式不对，未导入任何内容。", errors)
    raw, rows_of = _version_sheet(sheets[SHEET_VERSION], errors)
    items = _items_sheet(sheets[SHEET_ITEMS], errors)

    def version_where(key: str) -> tuple[int, str]:
        return rows_of.get(key, 1), f"「{SHEET_VERSION}」{VERSION_FIELDS[key]}"

    def item_where(n: int, key: str) -> tuple[int, str]:
        return items[n - 1][0], f"「{SHEET_ITEMS}」{ITEM_FIELDS.get(key, key)}"

    return _build(raw, items, where=(version_where, item_where), source=(path.name, data),
                  errors=errors)


def _version_sheet(rows: list[tuple], errors: list[RowError]) -> tuple[dict, dict[str, int]]:
    """Rows of 字段 | 值; a field may be named in Chinese or by its English key."""
    by_name = {**{v: k for k, v in VERSION_FIELDS.items()}, **{k: k for k in VERSION_FIELDS}}
    raw: dict[str, Any] = {}
    rows_of: dict[str, int] = {}
    if tuple(rows[0][:2]) != ("字段", "值"):
        errors.append(RowError(1, f"「{SHEET_VERSION}」表头", "表头应为“字段”“值”两列。"))
    for r, row in enumerate(rows[1:], 2):
        if _blank(row):
            continue
        name = _text(row[0], errors, (r, f"「{SHEET_VERSION}」字段"))
        key = by_name.get(name)
        if key is None:
            errors.append(RowError(r, f"「{SHEET_VERSION}」字段", f"未知字段“{name}”。"))
        elif key in raw:
            errors.append(RowError(r, f"「{SHEET_VERSION}」字段", f"“{name}”重复。"))
        else:
            raw[key], rows_of[key] = (row[1] if len(row) > 1 else None), r
    return raw, rows_of


def _items_sheet(rows: list[tuple], errors: list[RowError]) -> list[tuple[int, dict]]:
    """Fixed columns, then extra columns whose header becomes the key in ``extra``."""
    header = [_text(h, [], (1, "")) for h in rows[0]]
    fixed = list(ITEM_FIELDS.values())
    n_fixed = len(fixed)
    if header[:n_fixed] != fixed:
        found = "、".join(header[:n_fixed])
        errors.append(RowError(1, f"「{SHEET_ITEMS}」表头", "表头应为 " + "、".join(fixed)
                               + f"（之后可加附加列），现在是 {found}。"))
    extra_cols = {i: h for i, h in enumerate(header) if i >= n_fixed and h}
    names = list(extra_cols.values())
    for i, h in extra_cols.items():
        if names.count(h) > 1 or h in fixed:
            errors.append(RowError(1, f"「{SHEET_ITEMS}」第{i + 1}列", f"列名“{h}”重复。"))
    items: list[tuple[int, dict]] = []
    for r, row in enumerate(rows[1:], 2):
        if _blank(row):
            continue
        for i in range(n_fixed, len(row)):
            if i not in extra_cols and row[i] not in (None, ""):
                errors.append(RowError(r, f"「{SHEET_ITEMS}」第{i + 1}列", "这一列没有列名。"))
        it = {k: (row[i] if i < len(row) else None) for i, k in enumerate(ITEM_FIELDS)}
        it["extra"] = {h: row[i].isoformat()[:10] if isinstance(row[i], dt.date) else row[i]
                       for i, h in extra_cols.items() if i < len(row) and row[i] not in (None, "")}
        items.append((r, it))
    return items


def write_template(path: str | Path) -> Path:
    """Write a blank Excel workbook in the layout ``parse_xlsx`` reads; return its path."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_VERSION
    ws.append(["字段", "值"])
    for label in VERSION_FIELDS.values():
        ws.append([label, None])
    conf_row = list(VERSION_FIELDS).index("confidence") + 2
    dv = DataValidation(type="list", formula1='"' + ",".join(CONFIDENCE_LABELS.values()) + '"',
                        allow_blank=False)
    ws.add_data_validation(dv)
    dv.add(f"B{conf_row}")
    items = wb.create_sheet(SHEET_ITEMS)
    items.append(list(ITEM_FIELDS.values()))
    for sheet in (ws, items):
        for c in sheet[1]:
            c.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    help_ = wb.create_sheet("填写说明")
    for line in _TEMPLATE_HELP:
        help_.append([line])
    # The value column stays wide enough to type a long source link into.
    from jiedao_desk.exports import printing

    printing.prepare_workbook(wb, header_rows={help_.title: None},
                              fixed={SHEET_VERSION: {"B": 60}}, titles={help_.title: "填写说明"})
    wb.save(path)
    return path


_TEMPLATE_HELP = [
    "一个文件导入一个目录版本。请照正式文件（附件）填写，不要编造未公开的条目。",
    "「版本信息」：目录键用英文小写与下划线（如 certificate_denylist、duty_list）；"
    "版本标签在同一目录内不能重复（如 2026-01）。",
    "生效日期、失效日期写成 2026-01-01 形式，未知可留空；失效日期留空表示未见废止。",
    "来源网址可写多个，用换行或分号隔开。置信度：原文、转述、"
    "二手来源或未知（未知用于条目未公开的版本，条目表可为空）。",
    "「条目」：序号为从1开始的整数，不能重复；内容不能为空。备注之后可以加附加列，列名自定，"
    "如“法律依据”，其值存入该条目的附加信息。",
]


# -- reading files ----------------------------------------------------------------------
def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"找不到文件：{path}") from None
    except OSError as e:
        raise ValidationError(f"无法读取文件 {path}：{e.strerror or e}") from None


def parse_file(path: str | Path, limits: XlsxLimits | None = None) -> ParsedVersion:
    """Parse a .toml or .xlsx catalog file (chosen by extension)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return parse_toml(_read(path), path.name)
    if suffix == ".xlsx":
        return parse_xlsx(path, limits)
    raise ValidationError(f"只能导入 .toml 或 .xlsx 文件（现在是“{path.name}”）。", "file")
