# SPDX-License-Identifier: MIT
"""Document numbers (文号): a configurable pattern per document kind, serial per kind and year.

The street's real number format is not publicly known (shared/reference/enforcement.md §6
item 1: the 《北京市街道乡镇综合执法文书样式》 was not found), so each kind's pattern is a
setting ``documents.number_pattern.<kind>`` whose default comes from the kind's definition.
Placeholders: ``{prefix}``, ``{year}``, ``{serial}`` and ``{serial:03d}`` (zero padded). A
clerk sees and types them by their Chinese names (``TOKEN_NAMES``: 「代字」〔「年份」〕第「序号」号,
「3位序号」); ``display_pattern`` and ``stored_pattern`` translate, and every function here takes
either form, so the stored settings keep the ``{…}`` form they always had.

Serials are handed out inside the issuing transaction (``store.atomic()`` begins IMMEDIATE,
so two processes serialize) and are never reused: a voided document keeps its number. A
number typed from a pre-printed paper form is accepted if unused; later automatic serials
skip it. A number counts as used however its serial is padded ("第1号" and "第001号" are
one number), so a paper number typed without the pattern's padding is never given again.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.site import get_site
from jiedao_desk.documents.kinds import get_kind, list_kinds
from jiedao_desk.store import Store
from jiedao_desk.store import documents as doc_store

_SETTING_PREFIX = "documents.number_pattern."
_FIELDS = ("prefix", "year", "serial")
_PAD = re.compile(r"^0?\d*d$")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


# The Chinese names of the placeholders of every number pattern (document numbers, enforcement
# case numbers, mediation 卷号 with its committee's short name): the one place they are named.
TOKEN_NAMES = {"prefix": "代字", "year": "年份", "serial": "序号",
               "committee_short": "调委会简称"}
_TOKEN = re.compile(r"\{(?P<field>\w+)(?::(?P<spec>[^{}]*))?\}")
_CHINESE_TOKEN = re.compile(r"[「【]([^「」【】]*)[」】]")  # 【】 is what many IMEs type for [ ]
_PADDED = re.compile(r"(\d+)位序号")
TOKENS_HELP = "「代字」「年份」「序号」「3位序号」（三位补零，如 001）"


def display_pattern(pattern: str) -> str:
    """A stored pattern as a clerk reads it: ``{prefix}〔{year}〕第{serial:04d}号`` →
    ``「代字」〔「年份」〕第「4位序号」号`` (anything else is left as it is)."""

    def name(m: re.Match) -> str:
        field, spec = m["field"], m["spec"]
        if field == "serial" and spec and re.fullmatch(r"0\d+d", spec):
            return f"「{int(spec[1:-1])}位序号」"
        label = TOKEN_NAMES.get(field)
        return f"「{label}」" if label and not spec else m[0]

    return _TOKEN.sub(name, pattern or "")


def stored_pattern(text: str, allowed: tuple[str, ...] = tuple(TOKEN_NAMES)) -> str:
    """A pattern typed with Chinese names (「年份」, 【序号】, 「3位序号」) in its stored ``{…}``
    form; a pattern already in that form is returned unchanged.

    Raises:
        ValidationError: a 「…」 name that is not one of ``allowed``.
    """

    def field(m: re.Match) -> str:
        token = m[1].strip()
        padded = _PADDED.fullmatch(token)
        if padded and "serial" in allowed:
            return f"{{serial:0{int(padded[1])}d}}"
        for key in allowed:
            if token == TOKEN_NAMES[key]:
                return "{" + key + "}"
        names = "".join(f"「{TOKEN_NAMES[k]}」" for k in allowed)
        raise ValidationError(f"“{m[0]}”不是可用的占位符；可用：{names}"
                              + ("，以及「3位序号」这样补零的序号" if "serial" in allowed else "")
                              + "。", "pattern")

    return _CHINESE_TOKEN.sub(field, text or "")


@dataclass(frozen=True)
class Number:
    """A document number taken for one document.

    Attributes:
        text: the number as printed, e.g. ``京朝城管罚字〔2026〕第12号`` ('' if the kind has none).
        year: the numbering year (serials restart every year).
        serial: the serial within kind and year, or None for kinds without numbers.
        paper: True when typed from a pre-printed paper form.
    """

    text: str
    year: int
    serial: int | None
    paper: bool = False


def setting_key(kind: str) -> str:
    """The settings key holding ``kind``'s number pattern."""
    return _SETTING_PREFIX + kind


def pattern_setting(kind: str) -> Setting:
    """The declared pattern setting of ``kind`` (its default from the kind's definition)."""
    info = get_kind(kind)
    return Setting(
        setting_key(kind), f"文号格式：{info.title}", info.number_pattern or "",
        "街道文书的正式文号格式未公开，此为软件默认，"
        "请按本街道的文书样式修改。可用：「代字」文书代字、「年份」、「序号」、"
        "「3位序号」三位补零的序号；留空表示该文书不编号。", "文书编号", number_pattern=True)


def pattern_settings() -> list[Setting]:
    """The pattern setting of every known document kind (for the settings page); a broken
    kind file is left out here so that the page still opens (issuing it reports the error)."""

    try:
        return [pattern_setting(info.key) for info in list_kinds()]
    except Exception:  # noqa: BLE001 - the settings page must open whatever a kind file holds
        return []


def _known_field(field: str, spec: str | None, conversion: str | None) -> bool:
    """A replacement field the numbering understands: a known name, no !conversion, and a
    format spec only as zero padding of the serial ({serial:03d})."""
    if field not in _FIELDS or conversion:
        return False
    return not spec or (field == "serial" and bool(_PAD.match(spec)))


def _parse(pattern: str) -> list[tuple[str, str | None, str]]:
    """Split and check a pattern (either form): [(literal, field or None, spec)]."""
    pattern = stored_pattern(pattern, _FIELDS)
    shown = display_pattern(pattern)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise ValidationError(f"文号格式“{shown}”有误：花括号不成对（占位符请写成「年份」"
                              "这样）。") from None
    out = []
    for literal, field, spec, conversion in parts:
        if field is not None and not _known_field(field, spec, conversion):
            raise ValidationError(
                f"文号格式“{shown}”中的“{{{field}{':' + spec if spec else ''}}}”无法识别；"
                f"只能使用{TOKENS_HELP}。")
        out.append((literal, field, spec or ""))
    if not any(f == "serial" for _, f, _ in out):
        raise ValidationError(f"文号格式“{shown}”缺少「序号」。")
    return out


def pattern_for(store: Store, kind: str) -> str:
    """The current number pattern of ``kind`` ('' = the kind is not numbered)."""
    pattern = str(settings_mod.get(store, pattern_setting(kind)) or "").strip()
    if pattern:
        _parse(pattern)
    return pattern


def example_number(store: Store, kind: str, year: int, pattern: str | None = None) -> str:
    """What the first number of ``kind`` in ``year`` looks like ("东街罚〔2026〕第1号"), for
    screens that would otherwise show the pattern; '' when the kind is not numbered.

    ``pattern`` tries a pattern before it is saved (raises ValidationError if it is wrong).
    """
    pattern = pattern_for(store, kind) if pattern is None else pattern.strip()
    if not pattern:
        return ""
    return format_number(pattern, _prefix(store, kind), year, 1)


def kind_of_setting(key: str) -> str | None:
    """The document kind whose number pattern the setting ``key`` holds, if it is one."""
    return key[len(_SETTING_PREFIX):] if key.startswith(_SETTING_PREFIX) else None


def _prefix(store: Store, kind: str) -> str:
    """The kind's 代字, after this site's office code (core/site.py: '' at the street)."""

    return get_site(store).prefix + (get_kind(kind).prefix or "")


def format_number(pattern: str, prefix: str, year: int, serial: int) -> str:
    """Fill a pattern, e.g. ``format_number("{prefix}〔{year}〕第{serial}号", "京", 2026, 7)``
    (or the same typed as ``「代字」〔「年份」〕第「序号」号``)."""
    _parse(pattern)
    return stored_pattern(pattern, _FIELDS).format(prefix=prefix, year=year, serial=serial)


def number_regex(pattern: str, prefix: str) -> re.Pattern:
    """A regex matching numbers made from ``pattern`` (groups ``serial`` and maybe ``year``)."""
    seen: set[str] = set()
    out = []
    for literal, field, _spec in _parse(pattern):
        out.append(re.escape(literal))
        if field == "prefix":
            out.append(re.escape(prefix))
        elif field in ("year", "serial"):
            if field in seen:
                out.append(f"(?P={field})")
            else:
                seen.add(field)
                out.append(rf"(?P<{field}>\d{{4}})" if field == "year" else r"(?P<serial>\d+)")
    return re.compile("^" + "".join(out) + "$")


def _canonical(text: str) -> str:
    """A number with its digit runs unpadded: "第001号" and "第1号" are the same number."""
    return re.sub(r"\d+", lambda m: str(int(m.group())), text)


def _taken(store: Store, kind: str, text: str) -> bool:
    """Whether ``text``, or the same number written with other zero padding, is used."""
    if doc_store.number_used(store, kind, text):
        return True
    wanted = _canonical(text)
    return any(_canonical(n) == wanted for n in doc_store.numbers_of(store, kind))


def next_number(store: Store, kind: str, year: int) -> Number:
    """Take the next automatic number of ``kind`` in ``year`` (inside the caller's transaction).

    Serials already used (by a paper number typed earlier) are skipped, so none repeats.
    """
    store.require_transaction()
    number = _free_number(store, kind, year)
    if number.serial is not None:
        doc_store.set_last_serial(store, kind, year, number.serial)
    return number


def upcoming_number(store: Store, kind: str, year: int) -> str:
    """The number ``next_number`` would take now, without taking it ('' = not numbered):
    what a confirmation before issuing names ("打印后文号 X 将被占用")."""
    return _free_number(store, kind, year).text


def _free_number(store: Store, kind: str, year: int) -> Number:
    """The next automatic number of ``kind`` in ``year`` that no document uses yet."""
    pattern = pattern_for(store, kind)
    if not pattern:
        return Number("", year, None)
    prefix = _prefix(store, kind)
    serial = doc_store.last_serial(store, kind, year) + 1
    text = format_number(pattern, prefix, year, serial)
    while doc_store.serial_used(store, kind, year, serial) or _taken(store, kind, text):
        serial += 1
        text = format_number(pattern, prefix, year, serial)
    return Number(text, year, serial)


def claim_paper_number(store: Store, kind: str, year: int, typed: str) -> Number:
    """Accept a number typed from a pre-printed paper form, if it fits the pattern and is unused.

    Args:
        store: the store (inside the issuing transaction).
        kind: document kind.
        year: the issuing year, used when the pattern has no ``{year}``.
        typed: the number as printed on the paper form.

    Raises:
        ValidationError: the number does not match the kind's pattern.
        Conflict: the number or its serial is already used (voided documents included).
    """
    store.require_transaction()
    text = (typed or "").strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        raise ValidationError("请填写纸质文书上的文号。", "paper_number")
    pattern = pattern_for(store, kind)
    if not pattern:
        raise ValidationError("此类文书不编文号，不能填写纸质文号。", "paper_number")
    prefix = _prefix(store, kind)
    m = number_regex(pattern, prefix).match(text)
    if not m:
        example = format_number(pattern, prefix, year, 1)
        raise ValidationError(f"文号“{text}”与本类文书的文号格式不符（格式示例：{example}）。",
                              "paper_number")
    serial = int(m["serial"])
    if serial <= 0:
        raise ValidationError(f"文号“{text}”的序号必须大于0。", "paper_number")
    num_year = int(m["year"]) if "year" in m.groupdict() else year
    used = f"文号“{text}”已被使用（作废的文书也保留其文号），请核对纸质文书。"
    if doc_store.number_used(store, kind, text):
        raise Conflict(used)
    if doc_store.serial_used(store, kind, num_year, serial):
        raise Conflict(f"{num_year}年第{serial}号已被使用（作废的文书也保留其文号），"
                       "请核对纸质文书。")
    if _taken(store, kind, text):  # the same number with other padding, e.g. another year
        raise Conflict(used)
    return Number(text, num_year, serial, paper=True)
