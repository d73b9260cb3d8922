# SPDX-License-Identifier: MIT
"""Discretion (行政裁量, 裁量基准) of an enforcement case: tiers, the officer's choice, the check.

The tables of the 裁量基准 (京城管发〔2023〕67号; 京城管发〔2025〕41号 from 2026-03-01) were not
seen (reference §6 item 6), so no tier is shipped. The mechanism is data-driven:

* a powers-catalogue item (``enforcement_power``) may carry ``extra.tiers`` — a list of
  ``{code, tier, step, text, fine_min, fine_max, penalty}``;
* a ``discretion_standard`` catalogue version, imported by an administrator with
  ``catalog import`` (TOML or Excel, format in resources/catalogs/README.md), holds one item per
  tier: ``code`` = the 10-character 裁量 code, ``category`` = A/B/C, ``text`` = the circumstance,
  ``extra`` = ``power_code`` (6 digits, default the first 6 of ``code``), ``fine_min``,
  ``fine_max`` (yuan), ``penalty``. It matches a power whose ``code`` (or ``extra.power_code``)
  has the same 6-digit 处罚权力清单编码 (reference §3.1, 2022 layout; later layouts may differ).

A case records the standard version in force, the chosen tier and the reasons (the facts that
support the tier, reference §4); the decision refuses a fine outside the chosen tier's range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog, validate
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import store_discretion as em
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

STANDARD_CATALOG = "discretion_standard"
TIER_LABELS = {"A": "情节严重", "B": "情节一般", "C": "情节较轻"}
# 2022 城管 layout (reference §3.1, exact for 2022): 6-digit power code + tier + 01–09 + 0/1/2.
_CODE_2022 = re.compile(r"\d{6}[ABC](0[1-9])[012]")


@dataclass(frozen=True)
class Tier:
    """One discretion tier (裁量档次) of a power."""

    code: str
    tier: str
    text: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    penalty: str
    source: str

    @property
    def label(self) -> str:
        """``code 情节一般：text（罚款 a–b 元）`` for lists and errors."""
        return f"{self.code} {TIER_LABELS.get(self.tier, self.tier)}：{self.text}{_range(self)}"


def _range(t: Tier) -> str:
    if t.fine_min is None and t.fine_max is None:
        return ""
    lo = "" if t.fine_min is None else f"{t.fine_min}"
    hi = "" if t.fine_max is None else f"{t.fine_max}"
    return f"（罚款 {lo}–{hi} 元）"


def _yuan(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None


def _tier(code: str, tier: str, text: str, extra: dict, source: str) -> Tier:
    code = str(code or "").strip()
    letter = str(tier or extra.get("tier") or (code[6] if len(code) > 6 else "")).strip().upper()
    return Tier(code, letter, str(text or extra.get("text") or "").strip(),
                _yuan(extra.get("fine_min")), _yuan(extra.get("fine_max")),
                str(extra.get("penalty") or "").strip(), source)


def problems(tiers: list[Tier]) -> list[str]:
    """Plain-language problems of imported tiers (shown on import and when choosing)."""
    out = []
    for t in tiers:
        if not t.code:
            out.append(f"“{t.text}”没有裁量编码。")
        elif not _CODE_2022.fullmatch(t.code):
            out.append(f"裁量编码“{t.code}”不是2022年版的10位格式（6位事项编码+A/B/C+01–09+0/1/2），"
                       "请核对所导入基准的编码规则。")
        if t.tier not in TIER_LABELS:
            out.append(f"裁量编码“{t.code}”的档次“{t.tier}”不是 A/B/C。")
        if t.fine_min is not None and t.fine_max is not None and t.fine_min > t.fine_max:
            out.append(f"裁量编码“{t.code}”的罚款下限大于上限。")
    return out


def _power_item(store: Store, case: dict):
    if not case["power_item_id"]:
        raise ValidationError("本案尚未选定职权事项（立案时选择），无法确定裁量档次。", "power")
    return next((i for i in catalog.items(store, case["power_version_id"])
                 if i.id == case["power_item_id"]), None)


def standard_version(store: Store, on: dt.date, version_id: int | None = None):
    """The 裁量基准 version to use: ``version_id`` if given, else the one in force ``on``."""
    if version_id is not None:
        v = catalog.get_version(store, version_id)
        if v.catalog != STANDARD_CATALOG or v.voided_at:
            raise ValidationError(f"编号 {version_id} 不是有效的裁量基准版本。", "standard")
        return v
    return catalog.current_version(store, STANDARD_CATALOG, on=on)


def tiers_for(store: Store, case: dict, on: dt.date | None = None,
              version_id: int | None = None) -> tuple[list[Tier], object, str]:
    """The tiers known for a case's power: (tiers, standard version or None, warning).

    Tiers carried by the power item come first; then the matching items of the 裁量基准
    version in force on ``on`` (default today). The warning says plainly when none is known.
    """
    item = _power_item(store, case)
    version = standard_version(store, on or clock.today(), version_id)
    out: list[Tier] = []
    extra = item.extra if item else {}
    for raw in extra.get("tiers") or []:
        if isinstance(raw, dict):
            out.append(_tier(raw.get("code", ""), raw.get("tier", ""), raw.get("text", ""), raw,
                             "职权目录"))
    power_code = str(extra.get("power_code") or (item.code[:6] if item and item.code else ""))
    if version is not None and power_code:
        for it in catalog.items(store, version.id):
            code = str(it.extra.get("power_code") or it.code[:6])
            if code == power_code:
                out.append(_tier(it.code, it.category, it.text, it.extra,
                                 f"裁量基准 {version.label}"))
    warning = ""
    if not out:
        which = f"“{version.label}”{version.doc_number}" if version else "（无现行版本）"
        warning = (f"本事项的裁量档次未知：现行裁量基准{which}未导入条目或未覆盖本事项"
                   "（基准表格未公开）。请管理员在“参考目录”页导入正式基准；在此之前只记录裁量理由。")
    return out, version, warning


def choose(store: Store, actor: Actor, case_id: int, day, reasons: str,
           tier_code: str = "", version_id: int | None = None) -> dict:
    """Record the discretion applied to a case: 裁量基准 version, tier and reasons.

    When tiers are known for the power a tier must be chosen; when none is known the choice
    records the version and the reasons only (never an invented tier). A new choice voids the
    previous one (kept in the history).

    Returns:
        The stored choice plus ``warning`` (when the tiers are unknown).
    """
    case = enf._live_case(store, actor, case_id, "filed", "notified")
    day = validate.date(day, "裁量日期", not_after_today=True)
    reasons = validate.required_text(reasons, "裁量理由（支持所选档次的事实和情节）", 2000)
    tiers, version, warning = tiers_for(store, case, day, version_id)
    tier_code = (tier_code or "").strip()
    chosen = None
    if tiers:
        chosen = next((t for t in tiers if t.code == tier_code), None)
        if chosen is None:
            listing = "；".join(t.label for t in tiers)
            raise ValidationError(f"请从本事项的裁量档次中选择一档：{listing}", "tier")
    elif tier_code:
        raise ValidationError(f"裁量档次“{tier_code}”不在任何已导入的裁量基准中。{warning}", "tier")

    def fen(v: Decimal | None) -> int | None:
        return None if v is None else int(v * 100)
    row = {"standard_version_id": version.id if version else None,
           "standard_label": f"{version.label} {version.doc_number}".strip() if version else "",
           "tier_code": chosen.code if chosen else "", "tier": chosen.tier if chosen else "",
           "tier_text": chosen.text if chosen else "",
           "fine_min_fen": fen(chosen.fine_min) if chosen else None,
           "fine_max_fen": fen(chosen.fine_max) if chosen else None,
           "reasons": reasons, "chosen_on": day.isoformat()}
    with store.atomic():
        rid = em.insert_discretion(store, case_id, row, actor.name)
        audit_store.record(store, actor, "enforcement.discretion", enf.ENTITY, case_id, None,
                           {**row, "id": rid})
    return {**row, "id": rid, "warning": warning}


def current(store: Store, actor: Actor, case_id: int) -> dict | None:
    """The live discretion choice of a case (None if none was recorded)."""
    enf.get_case(store, actor, case_id)
    return em.current_discretion(store, case_id)


def check_fine(store: Store, case_id: int, amount: Decimal, on: dt.date | None = None) -> None:
    """Refuse a fine outside the range of the case's chosen tier; refuse it too when the
    power has known tiers but none was chosen. No check while the tiers are unknown."""
    from jiedao_desk.domains.enforcement import store as es

    d = em.current_discretion(store, case_id)
    if d is None:
        case = es.get_case(store, case_id)
        if case and case["power_item_id"] and tiers_for(store, case, on)[0]:
            raise ValidationError("本案职权事项在裁量基准中有裁量档次：请先记录裁量（选择档次并写明"
                                  "理由），再确定罚款金额。", "discretion")
        return
    if d["fine_min_fen"] is None and d["fine_max_fen"] is None:
        return
    fen = int(amount * 100)
    lo, hi = d["fine_min_fen"], d["fine_max_fen"]
    if (lo is not None and fen < lo) or (hi is not None and fen > hi):
        span = f"{_y(lo)}–{_y(hi)}"
        raise ValidationError(
            f"罚款 {amount} 元不在所选裁量档次 {d['tier_code']}"
            f"（{TIER_LABELS.get(d['tier'], d['tier'])}，裁量基准 {d['standard_label']}）"
            f"的幅度 {span} 元之内。请调整罚款金额，或重新选择裁量档次并写明理由。", "fine")


def _y(fen: int | None) -> str:
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:f}".rstrip("0").rstrip(".") if fen % 100 else str(fen // 100)


def describe(store: Store, case_id: int) -> str:
    """One line for documents: the 裁量 applied (empty when none was recorded)."""
    d = em.current_discretion(store, case_id)
    if d is None:
        return ""
    tier = (f"裁量档次 {d['tier_code']}（{TIER_LABELS.get(d['tier'], d['tier'])}"
            f"{'：' + d['tier_text'] if d['tier_text'] else ''}）" if d["tier_code"]
            else "裁量档次未知（裁量基准未导入）")
    std = f"依据裁量基准 {d['standard_label']}，" if d["standard_label"] else ""
    return f"{std}{tier}；裁量理由：{d['reasons']}"
