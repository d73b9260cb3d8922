# SPDX-License-Identifier: MIT
"""Discretion tiers (裁量档次, 裁量基准) known for a case's power, and the fine range check.

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

The officer's choice is recorded by ``discretion.choose``; the fine of the 事先告知 and of the
decision must lie in the chosen tier's range (rules.py, guards ``discretion_recorded`` and
``fine_in_tier``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from jiedao_desk.base import clock
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.core.catalog import CatalogItem, CatalogVersion
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.model import TIER_LABELS, Case, Tier
from jiedao_desk.store import Store

STANDARD_CATALOG = "discretion_standard"
# 2022 城管 layout (reference §3.1, exact for 2022): 6-digit power code + tier + 01–09 + 0/1/2.
_CODE_2022 = re.compile(r"\d{6}[ABC](0[1-9])[012]")


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


def _power_item(store: Store, case: Case) -> CatalogItem | None:
    if not case.power_item_id or case.power_version_id is None:  # both are set at 立案
        raise ValidationError("本案尚未选定职权事项（立案时选择），无法确定裁量档次。", "power")
    return next((i for i in catalog.items(store, case.power_version_id)
                 if i.id == case.power_item_id), None)


def standard_version(store: Store, on: dt.date,
                     version_id: int | None = None) -> CatalogVersion | None:
    """The 裁量基准 version to use: ``version_id`` if given, else the one in force ``on``."""
    if version_id is not None:
        v = catalog.get_version(store, version_id)
        if v.catalog != STANDARD_CATALOG or v.voided_at:
            raise ValidationError(f"编号 {version_id} 不是有效的裁量基准版本。", "standard")
        return v
    return catalog.current_version(store, STANDARD_CATALOG, on=on)


def tiers_for(store: Store, case: Case, on: dt.date | None = None,
              version_id: int | None = None) -> tuple[list[Tier], CatalogVersion | None, str]:
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
    if version is not None and version.id is not None and power_code:
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


def choice_missing(store: Store, case: Case, on: dt.date | None = None) -> str | None:
    """Why a fine cannot be set yet: the power has known tiers but none was chosen (None
    when a tier was chosen, or while the tiers are unknown)."""
    if es.current_discretion(store, case.id) is not None or not case.power_item_id:
        return None
    if tiers_for(store, case, on)[0]:
        return ("本案职权事项在裁量基准中有裁量档次：请先记录裁量（选择档次并写明"
                "理由），再确定罚款金额。")
    return None


def outside_range(store: Store, case_id: int, amount: Decimal) -> str | None:
    """Why ``amount`` is refused: it lies outside the chosen tier's range (None when inside,
    when no tier was chosen, or when the tier has no range)."""
    d = es.current_discretion(store, case_id)
    if d is None or (d.fine_min_fen is None and d.fine_max_fen is None):
        return None
    fen = int(amount * 100)
    lo, hi = d.fine_min_fen, d.fine_max_fen
    if (lo is not None and fen < lo) or (hi is not None and fen > hi):
        return (f"罚款 {amount} 元不在所选裁量档次 {d.tier_code}"
                f"（{TIER_LABELS.get(d.tier, d.tier)}，裁量基准 {d.standard_label}）"
                f"的幅度 {_y(lo)}–{_y(hi)} 元之内。请调整罚款金额，或重新选择裁量档次并写明理由。")
    return None


def _y(fen: int | None) -> str:
    if fen is None:
        return ""
    return f"{Decimal(fen) / 100:f}".rstrip("0").rstrip(".") if fen % 100 else str(fen // 100)


def describe(store: Store, case_id: int) -> str:
    """One line for documents: the 裁量 applied (empty when none was recorded)."""
    d = es.current_discretion(store, case_id)
    if d is None:
        return ""
    tier = (f"裁量档次 {d.tier_code}（{TIER_LABELS.get(d.tier, d.tier)}"
            f"{'：' + d.tier_text if d.tier_text else ''}）" if d.tier_code
            else "裁量档次未知（裁量基准未导入）")
    std = f"依据裁量基准 {d.standard_label}，" if d.standard_label else ""
    return f"{std}{tier}；裁量理由：{d.reasons}"
