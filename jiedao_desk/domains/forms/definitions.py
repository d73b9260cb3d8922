# SPDX-License-Identifier: MIT
"""Approved reporting forms (报表（系统）): declarative definitions and the registry rules.

In 2019 Beijing cut the forms city departments send down to communities from 44 forms of 16
departments to 7 forms of 7 departments — one per department, monthly/quarterly/yearly only,
weekly reports abolished — and each district (with its streets) to 3–5 forms (北京晚报 via
新华网 2019-08-02; 北京日报 2019-04-02; shared/reference/access-lists.md §1.2). The names of
the 7 are not public, so the real registry starts empty and a street writes its own files in
``forms/`` (one TOML file per form); ``forms/examples/`` holds labelled examples (示例).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jiedao_desk import paths
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core import validate
from jiedao_desk.core.settings import Setting

LEVELS = ("市", "区", "街道")
FREQUENCIES = {"月": "月报", "季": "季报", "年": "年报"}
CHANNELS = ("纸质", "系统")
FIELD_TYPES = {
    "text": "文字", "integer": "整数", "decimal": "小数", "date": "日期", "choice": "选项",
    "id_card": "身份证号", "phone": "电话", "community": "社区", "resident": "居民",
}
OPS = ("<", "<=", "==", "!=", ">=", ">")
# Columns an Excel layout may use besides field ids.
SPECIAL_COLUMNS = {"_seq": "序号", "_community": "社区", "_period": "填报期间"}
RESIDENT_ATTRS = ("name", "id_number", "gender", "birth_date", "phone", "address",
                  "household_no")

SETTINGS = settings_mod.declare(Setting(
    "forms.district_cap", "区级（含街道）报表最多几项", 5,
    "北京2019年社区表格清理：各区（含街道）表格压减至“3至5个”（北京晚报经新华网2019-08-02）。"
    "默认取上限5，可按本区规定调小。", "报表"))


@dataclass(frozen=True)
class FieldDef:
    """One field of a form.

    Attributes:
        prefill: "<resident field id>.<attribute>" — filled from the resident register.
    """

    id: str
    label: str
    type: str
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    min: Decimal | None = None
    max: Decimal | None = None
    pattern: str = ""
    max_length: int = 0
    prefill: str = ""


@dataclass(frozen=True)
class CrossCheck:
    """A check between two fields: ``left op right`` (right: a field id or a constant)."""

    left: str
    op: str
    right: str = ""
    value: Any = None
    message: str = ""


@dataclass(frozen=True)
class ExcelLayout:
    """How a period's data is written to Excel.

    Either a plain sheet (title, header rows, then one row per entry row in ``columns`` order)
    or a district template (``template``) with ``start`` (first data cell) and ``cells``
    (single values such as ``_period``/``_community`` → "Sheet!B2").
    """

    sheet: str = "Sheet1"
    title: str = ""
    header_rows: tuple[tuple[str, ...], ...] = ()
    columns: tuple[str, ...] = ()
    template: str = ""
    start: str = ""
    cells: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FormDef:
    """A reporting-form definition loaded from one TOML file."""

    id: str
    name: str
    department: str
    level: str
    frequency: str
    channel: str
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    fields: tuple[FieldDef, ...]
    checks: tuple[CrossCheck, ...] = ()
    excel: ExcelLayout = ExcelLayout()
    max_rows: int = 0
    example: bool = False
    draft: bool = False
    path: str = ""

    def field(self, field_id: str) -> FieldDef:
        """The field with this id (KeyError if none)."""
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def active_on(self, day: dt.date) -> bool:
        """Whether the form is in force on ``day`` (drafts never are)."""
        return not self.draft and self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to)

    @property
    def title(self) -> str:
        """Name as shown in lists, with the 示例/草稿 label."""
        tag = "【示例】" if self.example else ""
        return tag + self.name + ("（草稿）" if self.draft else "")


# -- parsing ----------------------------------------------------------------------------------
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,40}$")


def _bad(where: str, message: str) -> ValidationError:
    return ValidationError(f"报表定义“{where}”：{message}")


def _date(raw: Any, where: str, what: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    try:
        return validate.date(raw, what)
    except ValidationError as e:
        raise _bad(where, str(e)) from None


def _number(raw: Any, where: str, what: str) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise _bad(where, f"{what}“{raw}”不是数字。") from None


def _field(raw: dict, where: str) -> FieldDef:
    fid = str(raw.get("id", ""))
    if not _ID.match(fid) or fid.startswith("_"):
        raise _bad(where, f"字段标识“{fid}”须以英文字母开头，只含字母、数字、下划线。")
    ftype = raw.get("type", "text")
    if ftype not in FIELD_TYPES:
        raise _bad(where, f"字段“{fid}”的类型“{ftype}”未知（可用：{'、'.join(FIELD_TYPES)}）。")
    label = str(raw.get("label") or "").strip()
    if not label:
        raise _bad(where, f"字段“{fid}”缺少名称（label）。")
    choices = tuple(str(c) for c in raw.get("choices", ()))
    if ftype == "choice" and not choices:
        raise _bad(where, f"选项字段“{label}”没有列出 choices。")
    pattern = str(raw.get("pattern", ""))
    if pattern:
        try:
            re.compile(pattern)
        except re.error as e:
            raise _bad(where, f"字段“{label}”的 pattern 不是有效的正则表达式：{e}") from None
    prefill = str(raw.get("prefill", ""))
    if prefill and (prefill.count(".") != 1 or prefill.split(".")[1] not in RESIDENT_ATTRS):
        raise _bad(where, f"字段“{label}”的 prefill 应写成“居民字段.属性”，属性可用："
                   f"{'、'.join(RESIDENT_ATTRS)}。")
    lo, hi = _number(raw.get("min"), where, "min"), _number(raw.get("max"), where, "max")
    if lo is not None and hi is not None and lo > hi:
        raise _bad(where, f"字段“{label}”的 min 大于 max。")
    return FieldDef(fid, label, ftype, bool(raw.get("required", False)),
                    str(raw.get("help", "")), choices, lo, hi, pattern,
                    int(raw.get("max_length", 0)), prefill)


def parse(data: dict, where: str = "", base_dir: Path | None = None) -> FormDef:
    """Build a FormDef from parsed TOML data, checking every rule of the format.

    Raises:
        ValidationError: the definition is incomplete or inconsistent (the message says where).
    """
    fid = str(data.get("id", ""))
    where = where or fid or "?"
    if not _ID.match(fid):
        raise _bad(where, f"报表标识 id“{fid}”须以英文字母开头，只含字母、数字、下划线。")
    texts = {}
    for key, label in (("name", "名称"), ("department", "所属部门")):
        texts[key] = str(data.get(key) or "").strip()
        if not texts[key]:
            raise _bad(where, f"缺少{label}（{key}）。")
    level, freq, channel = _kind(data, where)
    start = _date(data.get("effective_from"), where, "生效日期")
    if start is None:
        raise _bad(where, "缺少生效日期（effective_from）。")
    end = _date(data.get("effective_to"), where, "失效日期")
    if end is not None and end < start:
        raise _bad(where, "失效日期早于生效日期。")
    fields = _fields(data, where)
    ids = [f.id for f in fields]
    checks = tuple(_check(c, ids, where) for c in data.get("checks", ()))
    excel = _excel(data.get("excel", {}), ids, where, base_dir)
    return FormDef(fid, texts["name"], texts["department"], level, freq, channel,
                   str(data.get("version", "1")), start, end, str(data.get("source", "")),
                   fields, checks, excel, int(data.get("max_rows", 0)),
                   bool(data.get("example", False)), bool(data.get("draft", False)))


def _kind(data: dict, where: str) -> tuple[str, str, str]:
    """The level, frequency and channel of a definition, each one of the allowed values."""
    level = data.get("level", "")
    if level not in LEVELS:
        raise _bad(where, f"层级“{level}”应为 {'/'.join(LEVELS)} 之一。")
    freq = data.get("frequency", "")
    if freq in ("周", "周报", "week", "weekly"):
        # 2019 clean-up: "以月报、季报、年报为主，取消周报" (北京日报 2019-04-02).
        raise _bad(where, "不得设置周报：2019年北京社区表格清理规定取消周报，"
                   "只保留月报、季报、年报。")
    if freq not in FREQUENCIES:
        raise _bad(where, f"填报频次“{freq}”应为 月/季/年 之一。")
    channel = data.get("channel", "纸质")
    if channel not in CHANNELS:
        raise _bad(where, f"渠道“{channel}”应为 纸质/系统 之一。")
    return level, freq, channel


def _fields(data: dict, where: str) -> tuple[FieldDef, ...]:
    """The fields: at least one, distinct ids, prefills that reference a resident field."""
    fields = tuple(_field(f, where) for f in data.get("fields", ()))
    if not fields:
        raise _bad(where, "没有任何字段（[[fields]]）。")
    ids = [f.id for f in fields]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise _bad(where, f"字段标识重复：{'、'.join(dup)}。")
    for f in fields:
        if f.prefill:
            src = f.prefill.split(".")[0]
            if src not in ids or next(x for x in fields if x.id == src).type != "resident":
                raise _bad(where, f"字段“{f.label}”的 prefill 引用的“{src}”不是居民字段。")
    return fields


def _check(c: dict, ids: list[str], where: str) -> CrossCheck:
    """One cross-field check over the fields ``ids``."""
    left, op, right = str(c.get("left", "")), str(c.get("op", "")), str(c.get("right", ""))
    if left not in ids or (right and right not in ids):
        raise _bad(where, f"交叉校验引用了不存在的字段（{left} {op} {right}）。")
    if op not in OPS:
        raise _bad(where, f"交叉校验的比较符“{op}”应为 {' '.join(OPS)} 之一。")
    if not right and "value" not in c:
        raise _bad(where, f"交叉校验“{left} {op}”缺少 right 或 value。")
    return CrossCheck(left, op, right, c.get("value"), str(c.get("message", "")))


def _excel(raw: dict, ids: list[str], where: str, base_dir: Path | None) -> ExcelLayout:
    columns = tuple(str(c) for c in raw.get("columns", ids))
    unknown = [c for c in columns if c and c not in ids and c not in SPECIAL_COLUMNS]
    if unknown:
        raise _bad(where, f"Excel 列引用了不存在的字段：{'、'.join(unknown)}。")
    template = str(raw.get("template", ""))
    if template:
        if base_dir is not None and not Path(template).is_absolute():
            template = str((base_dir / template).resolve())
        if not raw.get("start"):
            raise _bad(where, "使用模板时须写明数据起始单元格（excel.start，如“Sheet1!A4”）。")
    cells = {str(k): str(v) for k, v in raw.get("cells", {}).items()}
    bad_cells = [k for k in cells if k not in ("_period", "_community")]
    if bad_cells:
        raise _bad(where, "excel.cells 只能填写 _period、_community，"
                   f"不能填写：{'、'.join(bad_cells)}。")
    headers = tuple(tuple(str(x) for x in row) for row in raw.get("header_rows", ()))
    return ExcelLayout(str(raw.get("sheet", "Sheet1")), str(raw.get("title", "")), headers,
                       columns, template, str(raw.get("start", "")), cells)


def load_file(path: str | Path) -> FormDef:
    """Read and check one definition file (TOML).

    Raises:
        NotFound: no such file.
        ValidationError: not valid TOML or not a valid definition.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"找不到报表定义文件：{path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ValidationError(f"报表定义“{path.name}”不是有效的 TOML：{e}") from None
    form = parse(data, path.name, path.parent)
    return FormDef(**{**form.__dict__, "path": str(path)})


# -- registry rules ---------------------------------------------------------------------------
def _overlap(a: FormDef, b: FormDef) -> bool:
    far = dt.date.max
    return a.effective_from <= (b.effective_to or far) and b.effective_from <= (
        a.effective_to or far)


def check_rules(form: FormDef, others: list[FormDef], district_cap: int = 5) -> None:
    """Refuse a form that breaks the 2019 registry rules against the forms already registered.

    Rules: at most one city-level (市) form per department at any time ("一个部门原则上只保留1项",
    7 departments × 1 form); district and street forms together at most ``district_cap``
    ("各区（含街道）表格压减至3至5个"). Forms of a different id only; a newer version of the same
    id replaces it. Drafts and examples are never counted.

    Raises:
        ValidationError: with the reason.
    """
    if form.draft:
        raise ValidationError(f"“{form.name}”仍是草稿（draft = true），须由管理员审核后改为 false "
                              "才能登记。")
    live = [o for o in others if o.id != form.id and not o.draft and o.example == form.example]
    if form.level == "市":
        same = [o for o in live if o.level == "市" and o.department == form.department
                and _overlap(o, form)]
        if same:
            raise ValidationError(
                f"“{form.department}”已有市级报表“{same[0].name}”在同一时期有效：按2019年北京社区"
                "表格清理规则，一个部门原则上只保留1项市级报表。如确需新增，请走社区工作准入申请。")
    else:
        district = [o for o in live if o.level != "市" and _overlap(o, form)]
        if len(district) >= district_cap:
            raise ValidationError(
                f"区级（含街道）报表在同一时期已有 {len(district)} 项，达到上限 {district_cap} 项"
                "（各区表格压减至3至5个；上限见设置“forms.district_cap”）。"
                "如确需新增，请走社区工作准入申请。")


@dataclass
class Registry:
    """Forms loaded from a folder: accepted ones, and refused files with the reason."""

    forms: list[FormDef]
    refused: list[tuple[str, str]]

    def get(self, form_id: str) -> FormDef:
        """The accepted form with this id, or NotFound."""
        for f in self.forms:
            if f.id == form_id:
                return f
        raise NotFound(f"没有标识为“{form_id}”的报表（forms list 可查看）。")


def load_registry(folder: str | Path | None = None, district_cap: int = 5,
                  examples: bool = True) -> Registry:
    """Load ``forms/*.toml`` (the real registry) and, if asked, ``forms/examples/*.toml``.

    Files are read in name order; a file that is invalid or breaks a rule against the files
    accepted before it is refused with the reason (it is not used for entry).
    """
    folder = Path(folder) if folder is not None else paths.forms_dir()
    files = sorted(folder.glob("*.toml"))
    if examples:
        files += sorted((folder / "examples").glob("*.toml"))
    accepted: list[FormDef] = []
    refused: list[tuple[str, str]] = []
    for path in files:
        try:
            form = load_file(path)
            if path.parent.name == "examples" and not form.example:
                raise ValidationError("examples/ 中的文件须标记 example = true（示例，非正式）。")
            if path.parent.name != "examples" and form.example:
                raise ValidationError("示例（example = true）只能放在 forms/examples/。")
            if any(f.id == form.id for f in accepted):
                raise ValidationError(f"报表标识“{form.id}”与已登记的报表重复。")
            if not form.draft:
                check_rules(form, accepted, district_cap)
        except ValidationError as e:
            refused.append((str(path), str(e)))
            continue
        accepted.append(form)
    return Registry(accepted, refused)


def district_cap(store=None) -> int:
    """How many district (and street) forms may be in force together: the setting of
    ``store``, or 5 without a database."""
    return int(settings_mod.get(store, SETTINGS["forms.district_cap"])) if store is not None else 5


def registry(store=None, folder: str | Path | None = None, examples: bool = True) -> Registry:
    """The registry with the district cap from the settings of ``store`` (default 5)."""
    return load_registry(folder, district_cap(store), examples)
