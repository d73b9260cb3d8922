# SPDX-License-Identifier: MIT
"""Saved mappings for filling a district's own monthly template (区里下发的月报模板).

A mapping is the TOML of the template-fill engine (exports/template_fill.py): ``[cells]``
puts single values (cover items such as ``街道``, or figure codes such as
``"hotline.response_rate"``) into cells; ``[rows.<sheet name>]`` writes a domain's table,
its ``columns`` naming the column headers of that sheet (``["单位", "响应率(%)"]``). It is
stored in the database under a name, so next month's export only needs the name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.core import auth
from jiedao_desk.domains.monthly import store as monthly_store
from jiedao_desk.domains.monthly.report import DOMAINS, MonthReport
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

COVER_KEYS = ("街道", "月份", "数据期间", "统计截至", "生成人", "生成时间", "审计链头哈希")
FIGURE_CODES = (
    "access.received", "access.admitted", "access.refused", "access.pending", "access.overdue",
    "certificate.issued", "certificate.refused", "certificate.voided",
    "forms.expected", "forms.submitted", "forms.missing",
    "mediation.accepted", "mediation.succeeded", "mediation.success_rate", "mediation.amount",
    "enforcement.cases", "enforcement.fines_decided", "enforcement.fines_collected",
    "enforcement.overdue",
    "hotline.received", "hotline.closed", "hotline.valid_visits", "hotline.response_rate",
    "hotline.resolution_rate", "hotline.satisfaction_rate", "hotline.score")


@dataclass(frozen=True)
class Mapping:
    """A saved mapping."""

    id: int
    name: str
    mapping_toml: str
    saved_at: str
    saved_by: str


def value_keys() -> tuple[list[str], list[str]]:
    """(keys usable in ``[cells]``, sheet names usable as ``[rows.X]``)."""
    return [*COVER_KEYS, *FIGURE_CODES], [d.sheet for d in DOMAINS]


def parse(text: str) -> dict:
    """Parse and check a mapping's TOML against the monthly data (ValidationError if bad)."""
    try:
        mapping = tomllib.loads(text or "")
    except tomllib.TOMLDecodeError as e:
        raise ValidationError(f"对应关系不是有效的 TOML：{e}") from None
    cells, rows = mapping.get("cells", {}), mapping.get("rows", {})
    if not isinstance(cells, dict) or not isinstance(rows, dict) or not (cells or rows):
        raise ValidationError("对应关系中没有 [cells] 或 [rows.表名]，无处可填。")
    cell_keys, sheets = value_keys()
    unknown = [k for k in cells if k not in cell_keys]
    if unknown:
        raise ValidationError(f"对应关系中的“{'、'.join(unknown)}”不是月报数据；单元格可用："
                              + "、".join(cell_keys) + "。")
    headers = {d.sheet: d.headers for d in DOMAINS}
    for sheet, spec in rows.items():
        if sheet not in headers:
            raise ValidationError(f"对应关系中的多行数据“{sheet}”不是月报工作表；可用："
                                  + "、".join(sheets) + "。")
        bad = [c for c in spec.get("columns", []) if c and c not in headers[sheet]]
        if bad or not spec.get("columns"):
            raise ValidationError(f"“{sheet}”的 columns 应为该表的表头（"
                                  + "、".join(headers[sheet]) + "）"
                                  + (f"，没有“{'、'.join(bad)}”。" if bad else "。"))
    return mapping


def save_mapping(store: Store, actor: Actor, name: str, text: str) -> Mapping:
    """Save (or replace, voiding the old one) the mapping called ``name``."""
    auth.require(actor, "reports.export")
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise ValidationError("对应关系名称不能为空，且不超过60个字。", "name")
    parse(text)
    with store.atomic():
        old = monthly_store.live(store, name)
        for row in old:
            monthly_store.void(store, row["id"], "被同名的新对应关系替换")
        new_id = monthly_store.insert(store, name, text, actor.name)
        audit_store.record(store, actor, "monthly.mapping_save", "monthly_mapping", new_id,
                           {"replaced": [r["id"] for r in old]} if old else None,
                           {"name": name, "mapping_toml": text})
    return get_mapping(store, actor, name)


def list_mappings(store: Store, actor: Actor) -> list[Mapping]:
    """The live mappings, by name."""
    auth.require(actor, "reports.export")
    return [Mapping(r["id"], r["name"], r["mapping_toml"], r["saved_at"], r["saved_by"])
            for r in monthly_store.live(store)]


def get_mapping(store: Store, actor: Actor, name: str) -> Mapping:
    """The live mapping called ``name`` (NotFound if none)."""
    for m in list_mappings(store, actor):
        if m.name == name:
            return m
    raise NotFound(f"没有名为“{name}”的月报对应关系（monthly-mapping list 可查看）。")


def values_for(report: MonthReport, mapping: dict) -> dict:
    """The values a mapping asks for, taken from ``report``.

    Raises:
        ValidationError: the mapping asks for a domain or figure this report does not hold
            (e.g. a domain the actor may not view).
    """
    cover = {"街道": report.street, "月份": report.month,
             "数据期间": f"{report.first} 至 {report.last}", "统计截至": report.as_of,
             "生成人": report.generated_by, "生成时间": report.generated_at,
             "审计链头哈希": report.audit_head}
    figures = {f.code: f.value for f in report.figures()}
    values: dict[str, Any] = {}
    missing: list[str] = []
    for key in mapping.get("cells", {}):
        if key in cover:
            values[key] = cover[key]
        elif key in figures:
            values[key] = figures[key]
        else:
            missing.append(key)
    for sheet in mapping.get("rows", {}):
        d = next((d for d in report.domains if d.spec.sheet == sheet), None)
        if d is None:
            missing.append(sheet)
            continue
        values[sheet] = [dict(zip(d.spec.headers, row, strict=False)) for row in d.rows]
    if missing:
        raise ValidationError(f"本次月报没有“{'、'.join(missing)}”的数据（可能无查看权限）。")
    return values
