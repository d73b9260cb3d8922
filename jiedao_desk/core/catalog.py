# SPDX-License-Identifier: MIT
"""Versioned reference catalogs (参考目录) with provenance.

Lists the law leaves to documents (certificate negative list, duty list, role verbs, dispute
types, ...) are data, never code (design.md "Data"). Each version carries issuer, document
number (文号), effective dates, sources and a confidence (exact / paraphrase / secondary /
unknown). A version is read from TOML (shipped files, resources/catalogs/) or from an Excel
workbook an administrator fills from the official annex; it is validated completely before
anything is written, and a loaded version is never changed or deleted, only voided.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound
from jiedao_desk.core import auth, backup, catalog_files, imports, validate
from jiedao_desk.core.catalog_files import (  # noqa: F401  (re-exported: one import for callers)
    CONFIDENCE_LABELS,
    ITEM_FIELDS,
    VERSION_FIELDS,
    CatalogItem,
    CatalogVersion,
    ParsedVersion,
    parse_file,
    parse_toml,
    parse_xlsx,
    write_template,
)
from jiedao_desk.paths import resources_dir
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import catalog as catalog_store

# The State Council's yearly holiday notices: importing or voiding one changes the working-day
# calendar (core/workdays.py reads them), so the due dates stored from it are recomputed.
HOLIDAY_NOTICE = "holiday_notice"
CalendarHook = Callable[[Store, Actor], object]


@dataclass(frozen=True)
class CatalogSummary:
    """A catalog with all its versions and the one in force today (None if none)."""

    key: str
    title: str
    versions: tuple[CatalogVersion, ...]
    current_id: int | None


# Training versions of lists whose official text is not public (resources/catalogs/samples/):
# stored with this origin prefix, titles and items marked 【示例】, shown as samples in every
# view and printed document, and in force only while no official version with items is.
SAMPLE_ORIGIN = "sample:"
SAMPLE_MARK = "【示例】"


def is_sample(version: CatalogVersion | None) -> bool:
    """True for a training sample version (never an official list)."""
    return version is not None and version.origin.startswith(SAMPLE_ORIGIN)


@dataclass(frozen=True)
class ItemChange:
    """One item of a previewed import against the version it would follow."""

    seq: int
    text: str
    before: str = ""  # the old text of a changed item


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do, computed without writing anything.

    ``base`` is the version the new one is compared with (the one in force, else the newest
    not voided), None for a new catalog; ``same`` is True when the identical content is
    already loaded under this label (nothing would be written).
    """

    parsed: ParsedVersion
    base: CatalogVersion | None
    added: tuple[ItemChange, ...]
    changed: tuple[ItemChange, ...]
    removed: tuple[ItemChange, ...]
    same: bool


@dataclass(frozen=True)
class ImportResult:
    """Outcome of an import: ``created`` is False when the same content was already loaded."""

    version: CatalogVersion
    created: bool


# -- storing ------------------------------------------------------------------------------
def _refuse_other_content(existing: dict, parsed: ParsedVersion) -> None:
    """Conflict when the label is taken by other content (a stored version never changes)."""
    if existing["content_sha256"] == parsed.content_sha256:
        return
    void = "（该版本已作废，标签仍被占用）" if existing["voided_at"] else ""
    raise Conflict(f"目录“{existing['title']}”已有版本“{parsed.version.label}”{void}，来自"
                   f"{existing['origin']}，{existing['imported_at']} 载入，内容与本文件不同。"
                   "新版本请使用新的版本标签；旧版本有误请先作废。")


def store_parsed(store: Store, actor: Actor, parsed: ParsedVersion, origin: str,
                 action: str) -> ImportResult:
    """Store a checked version with its origin and audit row (inside the caller's
    transaction). Same label and content: nothing written."""
    auth.require(actor, "catalog.manage")
    v = parsed.version
    existing = catalog_store.find_version(store, v.catalog, v.label)
    if existing is not None:
        _refuse_other_content(existing, parsed)
        return ImportResult(_version(existing), created=False)
    row = {"catalog": v.catalog, "title": v.title, "label": v.label, "issuer": v.issuer,
           "doc_number": v.doc_number, "confidence": v.confidence, "notes": v.notes,
           "effective_from": v.effective_from.isoformat() if v.effective_from else None,
           "effective_to": v.effective_to.isoformat() if v.effective_to else None,
           "source_urls": json.dumps(list(v.source_urls), ensure_ascii=False),
           "origin": origin, "content_sha256": parsed.content_sha256}
    vid = catalog_store.insert_version(store, row, actor.name)
    catalog_store.insert_items(store, vid, [
        {"seq": i.seq, "code": i.code, "text": i.text, "category": i.category, "notes": i.notes,
         "extra": json.dumps(i.extra, ensure_ascii=False, default=str)} for i in parsed.items])
    audit_store.record(store, actor, action, "catalog_version", vid, None,
                       {**row, "item_count": len(parsed.items)})
    return ImportResult(get_version(store, vid), created=True)


def _read_import(store: Store, path: Path, issuer: str | None,
                 doc_number: str | None) -> ParsedVersion:
    """Parse a file; the issuer and document number typed at import replace the file's."""
    parsed = parse_file(path, imports.xlsx_limits(store))
    v = parsed.version
    if issuer is not None and issuer.strip():
        v = replace(v, issuer=validate.required_text(issuer, "发文机关", 100))
    if doc_number is not None and doc_number.strip():
        v = replace(v, doc_number=validate.required_text(doc_number, "文号", 60))
    return replace(parsed, version=v)


def _item_key(item: CatalogItem) -> tuple[str, object]:
    # Official lists number their items by code when they have one; otherwise by position.
    return ("code", item.code) if item.code else ("seq", item.seq)


def _changes(old: list[CatalogItem], new: tuple[CatalogItem, ...]
             ) -> tuple[tuple[ItemChange, ...], tuple[ItemChange, ...], tuple[ItemChange, ...]]:
    before = {_item_key(i): i for i in old}
    after = {_item_key(i): i for i in new}
    added = tuple(ItemChange(i.seq, i.text) for k, i in after.items() if k not in before)
    removed = tuple(ItemChange(i.seq, i.text) for k, i in before.items() if k not in after)
    changed = tuple(
        ItemChange(i.seq, i.text, before[k].text) for k, i in after.items() if k in before
        and (i.text, i.category, i.notes, i.extra) != (before[k].text, before[k].category,
                                                       before[k].notes, before[k].extra))
    return added, changed, removed


def preview_import(store: Store, actor: Actor, path: str | Path, issuer: str | None = None,
                   doc_number: str | None = None) -> ImportPreview:
    """Read and check a file and list the items it adds, changes and removes; writes nothing.

    Raises:
        ImportRejected / ValidationError / NotFound: the file cannot be imported (the same
            errors ``import_version`` would raise, before anything is written).
        Conflict: the catalog already has this label with different content.
        PermissionDenied: administrators only.
    """
    auth.require(actor, "catalog.manage")
    parsed = _read_import(store, Path(path), issuer, doc_number)
    v = parsed.version
    existing = catalog_store.find_version(store, v.catalog, v.label)
    if existing is not None:
        _refuse_other_content(existing, parsed)
    known = [x for x in versions(store, v.catalog) if x.voided_at is None]
    base = _pick_current(known, clock.today()) or max(known, key=lambda x: x.id or 0,
                                                      default=None)
    old = items(store, base.id) if base is not None and base.id is not None else []
    added, changed, removed = _changes(old, parsed.items)
    return ImportPreview(parsed, base, added, changed, removed, existing is not None)


def import_version(store: Store, actor: Actor, path: str | Path, issuer: str | None = None,
                   doc_number: str | None = None, *,
                   on_calendar_change: CalendarHook | None = None) -> ImportResult:
    """Import one catalog version from a .toml or .xlsx file, in one audited transaction.

    A yearly holiday notice changes the working-day calendar: ``on_calendar_change`` (the
    shell passes ``registry.calendar_changed``) then recomputes the stored due dates in the
    same transaction.

    Args:
        issuer / doc_number: 发文机关 and 文号 typed at import; when given they are stored
            with the version instead of the file's (official annexes rarely carry them).

    Raises:
        ImportRejected: the file has errors (all listed); nothing is written.
        Conflict: the catalog already has this label with different content.
        PermissionDenied: the actor may not manage catalogs (administrators only).
    """
    auth.require(actor, "catalog.manage")
    path = Path(path)
    parsed = _read_import(store, path, issuer, doc_number)
    v = parsed.version
    if store.path is not None and catalog_store.find_version(store, v.catalog, v.label) is None:
        backup.backup_now(store, "pre_import")  # a new list changes what later checks apply
    with store.atomic():
        result = store_parsed(store, actor, parsed, f"import:{path.name}", "catalog.import")
        if result.created and v.catalog == HOLIDAY_NOTICE and on_calendar_change is not None:
            on_calendar_change(store, actor)
        return result


def builtin_dir() -> Path:
    """The folder of shipped catalog versions."""
    return resources_dir() / "catalogs"


def load_builtin(store: Store, actor: Actor, folder: Path | None = None, *,
                 on_calendar_change: CalendarHook | None = None) -> list[tuple[str, str]]:
    """Load every shipped ``*.toml`` version not yet in the database (idempotent).

    A label already present is left as it is, even if the shipped file changed: stored
    versions are never rewritten (a corrected list ships under a new label).

    Returns:
        (catalog, label) of each version newly loaded.
    """
    auth.require(actor, "catalog.manage")
    parsed = []
    for path in sorted((folder or builtin_dir()).glob("*.toml")):
        data = path.read_bytes()
        written = catalog_files.version_key(data)
        if written is not None and catalog_store.find_version(store, *written) is not None:
            continue  # loaded before: its checks (every document kind's wording) are not rerun
        parsed.append(parse_toml(data, path.name))
    loaded = []
    with store.atomic():
        for p in parsed:
            if catalog_store.find_version(store, p.version.catalog, p.version.label) is None:
                store_parsed(store, actor, p, f"builtin:{p.source_name}", "catalog.load_builtin")
                loaded.append((p.version.catalog, p.version.label))
        if on_calendar_change is not None and any(c == HOLIDAY_NOTICE for c, _ in loaded):
            on_calendar_change(store, actor)
    return loaded


def void_version(store: Store, actor: Actor, version_id: int, reason: str, *,
                 on_calendar_change: CalendarHook | None = None) -> CatalogVersion:
    """Void a version (作废) with a reason; it stays readable but is never in force again
    (``on_calendar_change`` as for ``import_version``)."""
    auth.require(actor, "catalog.manage")
    reason = validate.required_text(reason, "作废原因", 200)
    with store.atomic():
        before = catalog_store.get_version(store, version_id)
        if before is None:
            raise NotFound(f"没有编号为 {version_id} 的目录版本。")
        if before["voided_at"]:
            raise Conflict(f"目录版本“{before['title']} {before['label']}”已经作废。")
        catalog_store.void_version(store, version_id, reason)
        audit_store.record(store, actor, "catalog.void", "catalog_version", version_id,
                           {k: before[k] for k in ("catalog", "label", "voided_at")},
                           {"void_reason": reason})
        if before["catalog"] == HOLIDAY_NOTICE and on_calendar_change is not None:
            on_calendar_change(store, actor)
    return get_version(store, version_id)


# -- queries ----------------------------------------------------------------------------------
def _version(row: dict) -> CatalogVersion:
    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    return CatalogVersion(
        catalog=row["catalog"], title=row["title"], label=row["label"], issuer=row["issuer"],
        doc_number=row["doc_number"], effective_from=day(row["effective_from"]),
        effective_to=day(row["effective_to"]), source_urls=tuple(json.loads(row["source_urls"])),
        confidence=row["confidence"], notes=row["notes"], id=row["id"], origin=row["origin"],
        content_sha256=row["content_sha256"], imported_at=row["imported_at"],
        imported_by=row["imported_by"], voided_at=row["voided_at"],
        void_reason=row["void_reason"], item_count=row["item_count"])


def _pick_current(versions: list[CatalogVersion], day: dt.date) -> CatalogVersion | None:
    # Several in force (e.g. undated versions): the latest effective_from wins, then the
    # most recently loaded one. A training sample stands in only while the official version
    # in force has no items (its text not public yet): it never displaces a real list.
    live = [v for v in versions if v.in_force_on(day)]
    official = max((v for v in live if not is_sample(v)),
                   key=lambda v: (v.effective_from or dt.date.min, v.id or 0), default=None)
    if official is not None and official.item_count:
        return official
    return max((v for v in live if is_sample(v)), key=lambda v: v.id or 0, default=official)


def get_version(store: Store, version_id: int) -> CatalogVersion:
    """One version by id, or NotFound."""
    row = catalog_store.get_version(store, version_id)
    if row is None:
        raise NotFound(f"没有编号为 {version_id} 的目录版本。")
    return _version(row)


def find_version(store: Store, key: str, label: str) -> CatalogVersion:
    """One version by catalog key and label, or NotFound."""
    row = catalog_store.find_version(store, key, label)
    if row is None:
        raise NotFound(f"目录“{key}”没有版本“{label}”。")
    return _version(row)


def versions(store: Store, key: str) -> list[CatalogVersion]:
    """All versions of a catalog (voided included), oldest effective date first."""
    return [_version(r) for r in catalog_store.list_versions(store, key)]


def current_version(store: Store, key: str, on: dt.date | None = None) -> CatalogVersion | None:
    """The version in force on ``on`` (default today), or None if none is.

    Raises:
        NotFound: the catalog has no version at all (likely a mistyped key).
    """
    found = versions(store, key)
    if not found:
        raise NotFound(f"没有参考目录“{key}”。")
    return _pick_current(found, on or clock.today())


def list_catalogs(store: Store, on: dt.date | None = None) -> list[CatalogSummary]:
    """Every catalog with its versions and the version in force on ``on`` (default today)."""
    by_key: dict[str, list[CatalogVersion]] = {}
    for row in catalog_store.list_versions(store):
        by_key.setdefault(row["catalog"], []).append(_version(row))
    day = on or clock.today()
    out = []
    for key, vs in by_key.items():
        current = _pick_current(vs, day)
        title = (current or max(vs, key=lambda v: v.id or 0)).title
        out.append(CatalogSummary(key, title, tuple(vs), current.id if current else None))
    return out


def items(store: Store, version_id: int) -> list[CatalogItem]:
    """The items of a version in seq order (NotFound for an unknown version)."""
    get_version(store, version_id)
    return [CatalogItem(seq=r["seq"], text=r["text"], code=r["code"], category=r["category"],
                        notes=r["notes"], extra=json.loads(r["extra"]), id=r["id"])
            for r in catalog_store.list_items(store, version_id)]
