# SPDX-License-Identifier: MIT
"""Exchanging changes with another site: write the next package to it, read one from it,
and what is waiting (docs/exchange.md).

``export_package`` collects every change since what the other site last acknowledged
(``collect``), seals it in the signed, encrypted container (``package``) and records, in
one transaction, the package's number and up to which change it went. ``import_package``
opens a package (every check of the container first), then applies it and records its
number in one transaction (``apply``); a package received before changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PackageRefused, ValidationError
from jiedao_desk.core.auth import require
from jiedao_desk.core.exchange import apply as applying
from jiedao_desk.core.exchange import package
from jiedao_desk.core.exchange.apply import Applied, PayloadRefused, Reindex, apply
from jiedao_desk.core.exchange.collect import Collected, Receiver, collect, record_sent
from jiedao_desk.core.exchange.collect import waiting as count_waiting
from jiedao_desk.core.exchange.enrol import exchange_community, find_site, visible_sites
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import exchange as ex_store
from jiedao_desk.store import peers as peers_store

SUFFIX = ".jdx"


@dataclass(frozen=True)
class Exported:
    """A package written to a file."""

    path: Path
    peer_uid: str
    peer_name: str
    seq: int
    since: int            # the package the other site last acknowledged (0: none)
    collected: Collected


@dataclass(frozen=True)
class Imported:
    """A package read from a file."""

    peer_uid: str
    peer_name: str
    seq: int
    status: str           # new, late or duplicate (package.Receipt)
    missing: tuple[int, ...]
    applied: Applied | None


@dataclass(frozen=True)
class Waiting:
    """The exchange with one site as this site sees it."""

    uid: str
    name: str
    role: str
    last_sent: int
    last_sent_at: str | None
    acked: int
    last_received: int
    last_received_at: str | None
    gaps: tuple[int, ...]
    changes_waiting: int  # records changed here since its acknowledgement that it may see
    conflicts: int        # open conflicts with rows it sent
    community_id: int | None = None  # a community site's community here


def _require_exchange_with(store: Store, actor: Actor, peer: dict) -> None:
    """A community worker exchanges only for their own community: with their community's
    site (on the street's PC) or from their community's PC; a package concerns the
    community site at either end."""
    require(actor, "exchange.run", exchange_community(store, peer))


def receiver_of(store: Store, peer: dict) -> Receiver:
    """How this site sees the receiver: its uid, role and community here."""
    return Receiver(peer["uid"], peer["role"], peer["community_id"])


def package_name(store: Store, peer: dict, seq: int) -> str:
    """The file name of a package: from where to where, its number."""
    own = ex_store.site_uid(store)
    return f"交换包_{own[:8]}_至_{peer['name']}_{peer['uid'][:8]}_{seq:05d}{SUFFIX}"


def export_package(store: Store, actor: Actor, peer_uid: str, target: str | Path,
                   to_folder: bool = False) -> Exported:
    """Write the next package to the site ``peer_uid`` (as ``enrol.find_site`` reads it)
    into the file ``target``, or into the folder ``target`` under its own name.

    Raises:
        PermissionDenied: the actor may not run exchanges (a community worker: not with
            another community's site).
        NotFound: no such live enrolled site.
        ValidationError: the folder does not exist or the file cannot be written.
    """
    require(actor, "exchange.run")
    peer = find_site(store, peer_uid)
    _require_exchange_with(store, actor, peer)
    since = int(peers_store.sequence(store, peer["uid"])["acked"])
    got = collect(store, receiver_of(store, peer), since)
    info = {"rows": got.rows, "references": got.references,
            "audit_entries": got.audit_entries, "files": got.blobs}
    target = Path(target)
    if to_folder and not target.is_dir():
        raise ValidationError(f"文件夹不存在：{target}", "folder")
    with store.atomic():
        sealed = package.seal_package(store, actor, peer["uid"], got.payload, info)
        seq = sealed.header.seq
        record_sent(store, peer["uid"], seq, got)
        path = target / package_name(store, peer, seq) if to_folder else target
        audit_store.record(store, actor, "exchange.export", "exchange_site", peer["id"], None,
                           {"seq": seq, "since": since, "file": path.name, **info})
        _write(path, sealed.data)  # inside: a file that cannot be written leaves no number used
    return Exported(path, peer["uid"], peer["name"], seq, since, got)


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ValidationError(f"交换包无法写入 {path}：{exc.strerror or exc}", "file") from None


def import_package(store: Store, actor: Actor, source: str | Path | bytes,
                   reindex: Mapping[str, Reindex] | None = None) -> Imported:
    """Read a package from a file (``source``: its path, or its bytes when the caller has
    read them already) and apply it (``reindex``: entity → the domain's function that puts
    one record into global search, from the registry).

    Raises:
        PermissionDenied: the actor may not run exchanges (a community worker: not from
            another community's site).
        PackageRefused: the container's checks (garbled, signer, signature, receiver,
            schema, decryption).
        PayloadRefused, Conflict: the content could not be applied; nothing was.
    """
    require(actor, "exchange.run")
    data = source if isinstance(source, bytes) else _read(Path(source))
    opened = package.open_package(store, actor, data)
    header = opened.header
    sender = next((p for p in peers_store.list_sites(store) if p["uid"] == header.sender), None)
    if sender is not None:  # (an unknown sender was refused when the package was opened)
        _require_exchange_with(store, actor, sender)
    name = ex_store.site_name(store, header.sender) or header.sender[:8]
    receipt = package.classify(store, header)
    if receipt.duplicate:
        return Imported(header.sender, name, header.seq, receipt.status, (), None)
    recorded: list[package.Receipt] = []
    done = apply(store, actor, opened.payload, header.sender, header.seq, reindex,
                 restored=header.restored_from_backup,
                 within=lambda: recorded.append(package.record_received(store, header)))
    got = recorded[0] if recorded else receipt
    return Imported(header.sender, name, header.seq, got.status, got.missing, done)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"交换包无法读取：{path}（{exc.strerror or exc}）",
                              "file") from None


@dataclass(frozen=True)
class FromFolder:
    """One package file found in a folder: imported, refused (``refused`` says why, in
    Chinese) or addressed to another site (``other_site``: left alone)."""

    path: Path
    imported: Imported | None
    refused: str = ""
    other_site: bool = False


def import_folder(store: Store, actor: Actor, folder: str | Path,
                  reindex: Mapping[str, Reindex] | None = None) -> list[FromFolder]:
    """Import every package in ``folder`` addressed to this site (a USB stick that carries
    packages for several sites), each in its own transaction, per sender in the order of
    their numbers; a refused package is reported and the others still imported (the next
    one from its sender reports the gap).

    Raises:
        PermissionDenied: the actor may not run exchanges.
        ValidationError: the folder does not exist.
    """
    require(actor, "exchange.run")
    where = Path(folder)
    if not where.is_dir():
        raise ValidationError(f"文件夹不存在：{where}", "folder")
    here = ex_store.site_uid(store)
    found: list[FromFolder] = []
    # each file is read once: the bytes of those for this site wait for their turn
    mine: list[tuple[str, int, Path, bytes]] = []
    for path in sorted(where.glob(f"*{SUFFIX}")):
        try:
            data = path.read_bytes()
            header = package.read_header(data)
        except OSError as exc:
            found.append(FromFolder(path, None, f"无法读取（{exc.strerror or exc}）"))
            continue
        except PackageRefused as exc:
            found.append(FromFolder(path, None, str(exc)))
            continue
        if header.receiver != here:
            found.append(FromFolder(path, None, "不是发给本站的", other_site=True))
        else:
            mine.append((header.sender, header.seq, path, data))
    for _sender, _seq, path, data in sorted(mine, key=lambda m: m[:3]):
        try:
            found.append(FromFolder(path, import_package(store, actor, data, reindex)))
        except (PackageRefused, PayloadRefused, Conflict, ValidationError) as exc:
            found.append(FromFolder(path, None, str(exc)))
    return found


def status(store: Store, actor: Actor) -> list[Waiting]:
    """Every enrolled site the actor may see (``enrol.visible_sites``): packages sent and
    received, gaps, changes waiting, conflicts."""
    require(actor, "exchange.run")
    out = []
    open_conflicts = ex_store.conflicts(store)
    for peer in visible_sites(store, actor, peers_store.list_sites(store)):
        seq = peers_store.sequence(store, peer["uid"])
        # what the next package to this site would carry: only what it may see
        waiting = count_waiting(store, receiver_of(store, peer), int(seq["acked"] or 0))
        gaps = tuple(g["seq"] for g in peers_store.open_gaps(store, peer["uid"]))
        out.append(Waiting(peer["uid"], peer["name"], peer["role"], seq["last_sent"],
                           seq["last_sent_at"], seq["acked"], seq["last_received"],
                           seq["last_received_at"], gaps, waiting,
                           sum(1 for c in open_conflicts if c["sender"] == peer["uid"]),
                           peer["community_id"]))
    return out


@dataclass(frozen=True)
class ConflictView:
    """A row another site changed although this site (or a third) owns it: both versions."""

    id: int
    table: str
    row_id: int | None
    sender: str
    sender_name: str
    package_seq: int | None
    local_owner_name: str
    local_version: int
    their_version: int
    ours: dict | None
    theirs: dict
    noticed_at: str
    resolved_at: str | None
    resolution: str | None
    record: str = ""                             # the record in words: 居民“张三”
    fields: tuple[FieldDiff, ...] = ()           # both versions, column by column
    local_owner: str = ""                        # the owner's uid (here: may take theirs)
    owned_here: bool = False

    @property
    def differing(self) -> tuple[FieldDiff, ...]:
        """The fields whose two versions differ."""
        return tuple(f for f in self.fields if f.differs)


@dataclass(frozen=True)
class FieldDiff:
    """One column of a conflicting record: its Chinese label and both versions as text."""

    column: str
    label: str
    ours: str
    theirs: str
    differs: bool


_HIDDEN_FIELDS = {"pdf"}  # bytes: the checksum beside them says whether they differ


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return f"（{len(value):,} 字节）"
    return str(value)


def _fields(store: Store, table: str, ours: dict | None, image: dict) -> tuple[FieldDiff, ...]:
    """Both versions in this database's terms (the other's references translated where
    this database has the records they name)."""
    from jiedao_desk.core.exchange import labels

    raw = image.get("c", {})
    try:
        theirs = {**raw, **applying.translate(store, image)}
    except applying.PayloadRefused:
        theirs = dict(raw)
    out = []
    for col in [*(ours or {}), *(c for c in theirs if c not in (ours or {}))]:
        if col in _HIDDEN_FIELDS:
            continue
        mine = _text((ours or {}).get(col))
        other = _text(theirs.get(col)) if col in theirs else mine
        out.append(FieldDiff(col, labels.column_label(col), mine, other, mine != other))
    return tuple(out)


def conflicts(store: Store, actor: Actor, include_resolved: bool = False) -> list[ConflictView]:
    """The conflicts noticed on import, with this site's version and the other one
    (administrators: the rows may be of any kind)."""
    import json

    from jiedao_desk.core.exchange import labels
    from jiedao_desk.core.exchange.ownership import site_label

    require(actor, "exchange.manage")
    here = ex_store.site_uid(store)
    out = []
    for c in ex_store.conflicts(store, open_only=not include_resolved):
        ours = ex_store.images(store, c["tbl"], [c["row_id"]]).get(c["row_id"]) \
            if c["row_id"] is not None else None
        theirs = json.loads(c["their_image"]).get("c", {})
        image = json.loads(c["their_image"])
        out.append(ConflictView(c["id"], c["tbl"], c["row_id"], c["sender"],
                                site_label(store, c["sender"]), c["package_seq"],
                                site_label(store, c["local_owner"]), c["local_version"],
                                c["their_version"], ours, theirs, c["noticed_at"],
                                c["resolved_at"], c["resolution"],
                                labels.describe(c["tbl"], ours, theirs),
                                _fields(store, c["tbl"], ours, image), c["local_owner"],
                                c["local_owner"] == here))
    return out


KEEP_CHOICES = {"ours": "保留本机版本", "theirs": "采用对方版本"}


def resolve_conflict(store: Store, actor: Actor, conflict_id: int, note: str,
                     keep: str = "ours",
                     reindex: Mapping[str, applying.Reindex] | None = None) -> None:
    """An administrator settles a conflict by choosing one version (one transaction, with
    its audit row).

    ``keep="ours"``: this site's version stays; the other is only marked as seen.
    ``keep="theirs"``: this site takes the other version's values as a new version of its
    own record (its references translated to this database), which its next packages carry
    to the other sites. Only the owner can do that: a row a third site owns is settled there.

    Raises:
        PermissionDenied: not an administrator (``exchange.manage``).
        ValidationError: no note, an unknown choice, a row this site does not own, or a
            version that refers to a record this database does not have.
        NotFound: no such open conflict.
    """
    require(actor, "exchange.manage")
    note = (note or "").strip()
    if keep not in KEEP_CHOICES:
        raise ValidationError("请选择保留本机版本还是采用对方版本。", "keep")
    if not note:
        raise ValidationError("请写明如何处理了这条冲突。", "note")
    with store.atomic():
        found = ex_store.conflict(store, conflict_id)
        if found is None or found["resolved_at"] is not None:
            raise NotFound(f"没有编号为 {conflict_id} 的未处理冲突。")
        changed: dict[str, Any] = {}
        if keep == "theirs":
            changed = _take_theirs(store, found, reindex or {})
        ex_store.resolve_conflict(store, conflict_id, actor.name,
                                  f"{KEEP_CHOICES[keep]}：{note}")
        audit_store.record(store, actor, "exchange.resolve_conflict", "exchange_conflict",
                           conflict_id, None,
                           {"note": note, "keep": keep, "table": found["tbl"],
                            "row_id": found["row_id"], "columns": sorted(changed)})


def _take_theirs(store: Store, found: dict, reindex: Mapping[str, applying.Reindex]
                 ) -> dict[str, Any]:
    """Write the other version's values over this site's row (a change made here)."""
    import json

    from jiedao_desk.core.exchange.ownership import site_label

    table, rid = found["tbl"], found["row_id"]
    book = ex_store.book(store, table, rid) if rid is not None else None
    if book is None:
        raise ValidationError("本机已没有这条记录，只能保留现状。", "keep")
    if book["owner"] != ex_store.site_uid(store):
        raise ValidationError(f"这条记录属于{site_label(store, book['owner'])}站点，只能在该站点"
                              "决定采用哪个版本；本机只能保留现状。", "keep")
    image = json.loads(found["their_image"])
    try:
        new = applying.translate(store, image)
    except applying.PayloadRefused as exc:
        raise ValidationError(f"对方版本引用的记录本机没有，无法采用（{exc}）。", "keep") from None
    now = ex_store.images(store, table, [rid]).get(rid, {})
    changed = {k: v for k, v in new.items() if k in now and now[k] != v}
    ex_store.update_row(store, table, rid, changed)
    applying.reindex_rows(store, [(table, rid)], reindex)
    return changed


def export_summary(done: Exported) -> str:
    """What writing a package did, in the words the command line and the page show."""
    got = done.collected
    return (f"已写出发给“{done.peer_name}”的第 {done.seq} 号交换包：{done.path}\n"
            f"  自对方确认收到的第 {done.since} 号以来：{got.rows} 条变更的记录"
            f"（另附 {got.references} 条相关记录）、{got.audit_entries} 条审计记录、"
            f"{got.blobs} 个文件")


def import_summary(got: Imported, where: str = "") -> str:
    """What reading a package did: rows applied, gaps, conflicts. ``where`` tells the
    administrator where the conflicts are listed (the command or the page)."""
    if got.applied is None:
        return f"“{got.peer_name}”的第 {got.seq} 号交换包以前已经导入，没有改变任何数据。"
    counts = got.applied.as_dict()
    text = (f"已导入“{got.peer_name}”的第 {got.seq} 号交换包：新增 {counts['inserted']} 条、"
            f"更新 {counts['updated']} 条、无变化 {counts['skipped']} 条记录，"
            f"审计记录 {counts['audit_entries']} 条")
    if got.missing:
        missing = "、".join(str(n) for n in got.missing)
        text += f"\n  缺少第 {missing} 号交换包（已记下，请对方补发）"
    if counts["conflicts"]:
        text += (f"\n  有 {counts['conflicts']} 条记录与本机冲突：两个版本都已保留，"
                 f"请管理员查看{where}")
    return text


QUIET_DAYS = 3  # a site silent this long is named on the home page


@dataclass(frozen=True)
class Quiet:
    """An enrolled site that has not exchanged a package with this one for a while."""

    name: str
    days: int             # whole days since the last package either way (or enrolment)
    never: bool           # no package has gone either way yet


def quiet_sites(store: Store, actor: Actor, days: int = QUIET_DAYS) -> list[Quiet]:
    """Live enrolled sites with no package sent or received for ``days`` days or more,
    longest silent first (none enrolled: an empty list).

    Raises:
        PermissionDenied: the actor may not run exchanges.
    """
    import datetime as dt

    from jiedao_desk.base import clock

    require(actor, "exchange.run")
    today = clock.now().date()
    out = []
    for peer in visible_sites(store, actor, peers_store.list_sites(store)):
        seq = peers_store.sequence(store, peer["uid"])
        stamps = [s for s in (seq["last_sent_at"], seq["last_received_at"]) if s]
        last = max(stamps) if stamps else peer["enrolled_at"]
        silent = (today - dt.date.fromisoformat(str(last)[:10])).days
        if silent >= days:
            out.append(Quiet(peer["name"], silent, not stamps))
    return sorted(out, key=lambda q: (-q.days, q.name))
