# SPDX-License-Identifier: MIT
"""Import 12345 tickets from the xlsx the street downloads from the city platform.

The city's export headers are not published (DB11/T 2021—2022 附录D is unknown; reference
mediation-hotline.md §4 lists names seen in public code, S), so headers go through a column
mapping the user can adjust and save. Columns without a mapping are kept per ticket as JSON.
The whole file is checked first: any bad row rejects it, nothing is written, and the row
errors are listed (and saved next to the file) by the shared Excel importer machinery.
Re-importing a ticket updates the city's fields and keeps the street's own work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import RowError, ValidationError
from jiedao_desk.core import auth, imports
from jiedao_desk.core import backup as core_backup
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.clocks import deadlines, parse_time
from jiedao_desk.domains.hotline.model import CLAIM_CLASSES, SATISFACTION, ImportSummary, Ticket
from jiedao_desk.domains.hotline.rules import CLOSED, ENTITY, RECEIVED
from jiedao_desk.domains.hotline.tickets import index_ticket, normalize
from jiedao_desk.exports import importer
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store

DEFAULT_MAPPING_NAME = "默认"
FIELD_LABELS = {
    "ticket_no": "工单编号", "received_at": "受理时间", "claim_type": "诉求类型",
    "claim_class": "时限类别", "category": "问题分类", "category1": "一级分类",
    "category2": "二级分类", "category3": "三级分类", "title": "标题", "content": "主要内容",
    "claimant_name": "来电人", "claimant_phone": "来电人电话", "community": "社区",
    "place": "地点", "nature": "工单性质", "city_status": "工单状态",
    "city_deadline": "办理时限", "contacted_at": "先行联系时间", "contact_person": "联系人",
    "reply": "回复内容", "closed_at": "办结时间", "visit_contacted": "是否联系",
    "visit_solved": "是否解决", "visit_satisfaction": "是否满意",
    "flag_unreasonable": "是否不合理诉求单", "appeal": "是否考核申诉单",
    "appeal_result": "考核申诉结果", "included": "是否纳入考核",
}
# Fields of a ticket the city export does not carry, named for the audit view.
AUDIT_FIELDS = {**FIELD_LABELS, "status": "状态", "dispatch_due": "派单期限",
                "feedback_due": "反馈期限", "extension_days": "延期天数",
                "assignee_kind": "承办类型", "assignee": "承办单位", "dispatched_at": "派单时间",
                "handling": "办理情况", "excluded": "不纳入考核", "month": "月份",
                "rows": "行数", "created": "新增", "updated": "更新", "file_name": "文件名"}
# Headers seen in public code modelled on Beijing exports (reference §4, S); adjustable.
DEFAULT_MAPPING = {
    **{label: key for key, label in FIELD_LABELS.items()},
    "工单号": "ticket_no", "创建时间": "received_at", "来电时间": "received_at",
    "工单类型": "claim_type", "来电类别": "claim_type", "诉求内容": "content",
    "诉求人": "claimant_name", "来电人电话/账号": "claimant_phone", "联系电话": "claimant_phone",
    "村/社区": "community", "小区点位": "place", "诉求地点": "place",
    "是否满意度": "visit_satisfaction",
    "考核申诉查否": "appeal_result",
}
_TIMES = ("received_at", "city_deadline", "contacted_at", "closed_at")
_YES_NO = ("visit_contacted", "visit_solved", "flag_unreasonable", "appeal", "included")
_YES = {"是", "已联系", "联系", "已解决", "解决", "y", "yes", "1", "true"}
_NO = {"否", "未联系", "未解决", "n", "no", "0", "false"}
# Fields the street also fills in locally: a local value is never overwritten by a re-import.
LOCAL_WINS = ("community_id", "contacted_at", "contact_person", "reply", "closed_at")
_CLASS_BY_LABEL = {**{k: k for k in CLAIM_CLASSES}, "紧急": "urgent",
                   "民生": "livelihood", "一般": "general", "复杂疑难": "complex"}
# For the shared sheet reader and error report only (``imports.reject``). The city export
# goes through its own, user-saved column mapping rather than declared ImportSpec columns,
# so it is not one of the generic ``import NAME FILE`` imports (SPEC.imports): the command
# ``hotline import FILE --mapping NAME`` chooses the mapping.
_SPEC = imports.ImportSpec(name="hotline", title="工单", entity=ENTITY,
                            permission="hotline.edit", columns=(), save=lambda *a: None)


def get_mapping(store: Store, name: str | None = None) -> dict[str, str]:
    """A saved mapping by name; the built-in default when ``name`` is None or "默认" unsaved."""
    name = name or DEFAULT_MAPPING_NAME
    saved = hotline_store.get_mapping(store, name)
    if saved is not None:
        return saved
    if name == DEFAULT_MAPPING_NAME:
        return dict(DEFAULT_MAPPING)
    raise ValidationError(f"没有名为“{name}”的列对应关系；已保存："
                          f"{'、'.join(hotline_store.mapping_names(store)) or '无'}。", "mapping")


def mapping_names(store: Store) -> list[str]:
    """The built-in default first, then the saved mappings."""
    return [DEFAULT_MAPPING_NAME, *(n for n in hotline_store.mapping_names(store)
                                    if n != DEFAULT_MAPPING_NAME)]


def mapping_problem(mapping: dict[str, str]) -> str:
    """Why a column mapping {header: field key} cannot be saved, or "" (asked by the mapping
    dialog as the columns are chosen, and by ``save_mapping``)."""
    keys = {k for k in mapping.values() if k}
    bad = sorted(k for k in keys if k not in FIELD_LABELS)
    if bad:
        return f"未知字段：{'、'.join(bad)}。"
    for must in ("ticket_no", "received_at"):
        if must not in keys:
            return f"对应关系中必须有“{FIELD_LABELS[must]}”列。"
    return ""


def save_mapping(store: Store, actor: Actor, name: str, mapping: dict[str, str]) -> None:
    """Save a column mapping {sheet header: field key} under ``name``."""
    auth.require(actor, "hotline.edit")
    name = (name or "").strip()
    if not name or len(name) > 30:
        raise ValidationError("请填写对应关系的名称（最多30字）。", "name")
    clean = {importer.normalize_header(h): k for h, k in mapping.items() if k}
    problem = mapping_problem(clean)
    if problem:
        raise ValidationError(problem, "mapping")
    with store.atomic():
        before = hotline_store.get_mapping(store, name)
        hotline_store.put_mapping(store, name, clean, actor.name)
        audit_store.record(store, actor, "hotline.mapping", "hotline_mapping", name, before, clean)


def read_headers(path: str | Path) -> list[str]:
    """The header row of a file (for the mapping editor)."""
    wb, ws = importer.open_sheet(Path(path), _SPEC.title)
    try:
        raw = importer.raw_rows(ws)
    finally:
        wb.close()
    return [str(v) for v, _ in raw[0][1] if v is not None] if raw else []


def _cell(key: str, value: Any, store: Store, cache: dict) -> Any:
    if key in _TIMES:
        return parse_time(value, FIELD_LABELS[key])
    text = str(value).strip()
    if key in _YES_NO:
        low = text.lower()
        if low in _YES:
            return 1
        if low in _NO:
            return 0
        raise ValidationError(f"“{text}”应为“是”或“否”。")
    if key == "visit_satisfaction" and text not in SATISFACTION:
        raise ValidationError(f"“{text}”应为满意、基本满意或不满意。")
    if key == "claim_class":
        if text not in _CLASS_BY_LABEL:
            raise ValidationError(f"“{text}”应为紧急、民生、一般或复杂疑难。")
        return _CLASS_BY_LABEL[text]
    if key == "community":
        if text not in cache:
            row = (org_store.find_live_community(store, name=text)
                   or org_store.find_live_community(store, code=text))
            cache[text] = row["id"] if row else None
        if cache[text] is None:
            raise ValidationError(f"没有名称或代码为“{text}”的社区。")
        return cache[text]
    return text


def _columns(header: list[tuple[Any, bool]], mapping: dict[str, str]
             ) -> tuple[dict[str, int], dict[int, str]]:
    """(field → column of the mapped headers (the first wins), column → header of the others,
    kept as the ticket's extra columns)."""
    norm = {importer.normalize_header(h): k for h, k in mapping.items()}
    positions: dict[str, int] = {}
    extras: dict[int, str] = {}
    for i, (h, _) in enumerate(header):
        key = norm.get(importer.normalize_header(h)) if h is not None else None
        if key and key not in positions:
            positions[key] = i
        elif h is not None:
            extras[i] = str(h)
    return positions, extras


def _read_cells(store: Store, r: int, cells: list[tuple[Any, bool]],
                positions: dict[str, int], cache: dict) -> tuple[dict[str, Any], list[RowError]]:
    """The mapped cells of row ``r`` as field values (formulas and bad values are errors)."""
    values: dict[str, Any] = {}
    row_errors: list[RowError] = []
    for key, i in positions.items():
        value, formula = cells[i] if i < len(cells) else (None, False)
        if formula:
            row_errors.append(RowError(r, FIELD_LABELS[key], "单元格含有公式。"))
        elif value is not None:
            try:
                values[key] = _cell(key, value, store, cache)
            except ValidationError as e:
                row_errors.append(RowError(r, FIELD_LABELS[key], e.message))
    return values, row_errors


def _check_row(store: Store, r: int, cells: list[tuple[Any, bool]], positions: dict[str, int],
               extras: dict[int, str], scope: int | None, cache: dict
               ) -> tuple[dict[str, Any], list[RowError]]:
    """Row ``r`` as ticket values with its errors: cells read, extra columns kept, a community
    worker's rows limited to the community, category levels joined, then the ticket checks."""
    values, row_errors = _read_cells(store, r, cells, positions, cache)
    extra = {extras[i]: str(v) for i, (v, _) in enumerate(cells) if i in extras
             and v is not None}
    values["extra"] = extra
    if "community" in values:
        values["community_id"] = values.pop("community")
    if scope is not None:
        values.setdefault("community_id", scope)
        old = hotline_store.find_by_number(store, str(values.get("ticket_no", "")))
        if values["community_id"] != scope or (old and old.community_id != scope):
            row_errors.append(RowError(r, "社区", "不是本社区的工单，社区工作者不能导入。"))
    levels = [values.pop(k) for k in ("category1", "category2", "category3") if k in values]
    if levels and not values.get("category"):
        values["category"] = "->".join(levels)
    if "included" in values:
        values["excluded"] = 1 - values.pop("included")
    if not row_errors:
        try:
            checked = normalize(store, values)
            values.update({k: checked[k] for k in checked if k in values or k == "month"})
        except ValidationError as e:
            row_errors.append(RowError(r, FIELD_LABELS.get(e.field or "", e.field or ""),
                                       e.message))
    return values, row_errors


def check_file(store: Store, actor: Actor, path: str | Path, mapping: dict[str, str]
               ) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Read and check every row; returns (rows of checked values, errors)."""
    wb, ws = importer.open_sheet(Path(path), _SPEC.title, imports.xlsx_limits(store))
    try:
        raw = importer.raw_rows(ws)
    finally:
        wb.close()
    if not raw:
        return [], [RowError(1, "表头", "工作表是空的。")]
    header_row, header = raw[0]
    positions, extras = _columns(header, mapping)
    errors = [RowError(header_row, "表头", f"找不到“{FIELD_LABELS[must]}”列；请调整列对应关系。")
              for must in ("ticket_no", "received_at") if must not in positions]
    if errors:
        return [], errors
    scope = auth.community_scope(actor)
    rows: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    cache: dict = {}
    for r, cells in raw[1:]:
        values, row_errors = _check_row(store, r, cells, positions, extras, scope, cache)
        no = values.get("ticket_no")
        if no:
            first = seen.setdefault(no, r)
            if first != r:
                row_errors.append(RowError(r, "工单编号", f"与第{first}行重复。"))
        errors += row_errors
        rows.append((r, values))
    if not rows and not errors:
        errors.append(RowError(header_row, "数据", "表头下面没有数据行。"))
    return rows, errors


def _merge(store: Store, old: Ticket, new: dict) -> dict[str, Any]:
    """The fields a re-import changes: city fields with a value; local work kept."""
    changes: dict[str, Any] = {}
    for key, value in new.items():
        if key == "extra" or value in (None, "") or key not in hotline_store.WRITABLE:
            continue
        if key in LOCAL_WINS and getattr(old, key) not in (None, ""):
            continue
        if getattr(old, key) != value:
            changes[key] = value
    extra = {**old.extra, **new.get("extra", {})}
    if extra != old.extra:
        changes["extra"] = json.dumps(extra, ensure_ascii=False)
    if "received_at" in changes or "claim_class" in changes:
        changes["dispatch_due"], changes["feedback_due"] = deadlines(
            store, new.get("received_at", old.received_at),
            new.get("claim_class", old.claim_class), old.extension_days)
    if changes.get("closed_at") and old.state != CLOSED:
        changes["state"] = CLOSED  # the city closed it: so does the street's copy
    return changes


def _before(old: Ticket, changes: dict[str, Any]) -> dict[str, Any]:
    """The old values of the changed columns, as the audit log keeps them."""
    return hotline_store.columns({k: json.dumps(old.extra, ensure_ascii=False) if k == "extra"
                                  else getattr(old, k) for k in changes})


def import_file(store: Store, actor: Actor, path: str | Path, mapping_name: str | None = None,
                progress: Callable[..., None] | None = None) -> ImportSummary:
    """Import a city-platform export (one transaction; all or nothing).

    ``progress(done, total, text)`` is called now and then (for ``ui/kit/tasks.py``).

    Raises:
        ImportRejected: any bad row; nothing is written; ``errors`` lists every problem.
    """
    auth.require(actor, "hotline.edit")
    path = Path(path)
    mapping = get_mapping(store, mapping_name)
    if progress:
        progress(0, 0, "正在检查文件…")
    rows, errors = check_file(store, actor, path, mapping)
    if errors:
        imports.reject(_SPEC, path, errors,
                       f"“{path.name}”有 {len(errors)} 处问题，未导入任何工单。",
                       imports.xlsx_limits(store))
    backup = None
    if store.path is not None:
        backup = str(core_backup.backup_now(store, "pre_import").path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    created = updated = 0
    with store.atomic():
        batch = hotline_store.insert_batch(store, {
            "file_name": path.name, "sha256": digest,
            "mapping_name": mapping_name or DEFAULT_MAPPING_NAME, "rows": len(rows),
            "created": 0, "updated": 0, "by": actor.name})
        for n, (_r, v) in enumerate(rows, 1):
            if progress and n % 200 == 0:
                progress(n, len(rows), f"已导入 {n:,}/{len(rows):,} 行")
            old = hotline_store.find_by_number(store, v["ticket_no"])
            if old is None:
                new = {**v, "extra": json.dumps(v["extra"], ensure_ascii=False),
                       "source": "import", "batch_id": batch,
                       "state": CLOSED if v.get("closed_at") else RECEIVED}
                new["dispatch_due"], new["feedback_due"] = deadlines(
                    store, v["received_at"], v.get("claim_class", "general"))
                tid = hotline_store.insert(store, new, actor.name)
                index_ticket(store, tid)
                hotline_store.add_event(store, tid, "import", actor.name, {"batch": batch},
                                        None, new["state"])
                audit_store.record(store, actor, "hotline.import_create", ENTITY, tid,
                                   None, {"ticket_no": v["ticket_no"], "batch": batch})
                created += 1
            else:
                changes = _merge(store, old, v)
                if changes:
                    hotline_store.update(store, old.id, changes)
                    index_ticket(store, old.id)
                    hotline_store.add_event(store, old.id, "reimport", actor.name,
                                            {"batch": batch,
                                             "fields": sorted(hotline_store.columns(changes))},
                                            old.state, changes.get("state", old.state))
                    audit_store.record(store, actor, "hotline.import_update", ENTITY, old.id,
                                       _before(old, changes), hotline_store.columns(changes))
                    updated += 1
        hotline_store.set_batch_counts(store, batch, created, updated)
        audit_store.record(store, actor, "import.hotline", "hotline_batch", batch, None,
                           {"file": path.name, "sha256": digest, "rows": len(rows),
                            "created": created, "updated": updated})
    return ImportSummary(batch, len(rows), created, updated, backup)
