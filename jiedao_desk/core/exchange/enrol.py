# SPDX-License-Identifier: MIT
"""Enrolment: how two sites come to know each other's public keys.

Each side writes a small JSON file (``write_enrolment``) and carries it to the other PC; the
administrator there reads it (``preview``), compares the fingerprint shown with the one the
other side reads aloud over the telephone (or prints), and enrols the site (``enrol``). A
file swapped on the way shows another fingerprint, so the comparison is the security of the
whole exchange: ``enrol`` takes the fingerprint the administrator confirmed and refuses a
mismatch.

A street enrols its communities' sites; a community's site enrols its street (exactly one).
Enrolment and voiding are administrators' acts (``exchange.manage``), each one transaction
with its audit row.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PackageRefused, ValidationError
from jiedao_desk.core.exchange import keys
from jiedao_desk.core.exchange.package import app_version, schema_version, sync_sent_numbers
from jiedao_desk.core.permissions import community_scope, require
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store import peers as peers_store
from jiedao_desk.store import site as site_store

KIND = "jiedao-desk-site"
FORMAT = 1
MAX_FILE = 64 * 1024  # an enrolment file is well under 1 KiB
ROLES = {"street": "街道", "community": "社区"}
_UID = re.compile(r"[0-9a-f]{32}")
_KEY = re.compile(r"[0-9a-f]{64}")
BAD_FILE = "这不是本软件的站点登记文件，或文件已损坏、被改动"


@dataclass(frozen=True)
class Enrolment:
    """A site as its enrolment file describes it (checked for shape and fingerprint)."""

    uid: str
    name: str
    role: str
    community_name: str
    community_code: str
    sign_public: str
    box_public: str
    fingerprint: str
    app_version: str
    schema_version: str

    @property
    def role_label(self) -> str:
        """街道 or 社区."""
        return ROLES[self.role]


@dataclass(frozen=True)
class Peer:
    """An enrolled site and the bookkeeping of packages exchanged with it."""

    id: int
    uid: str
    name: str
    role: str
    community_id: int | None
    fingerprint: str
    app_version: str
    schema_version: str
    enrolled_at: str
    enrolled_by: int | None
    voided_at: str | None
    void_reason: str | None
    last_sent: int = 0
    last_sent_at: str | None = None
    last_received: int = 0
    last_received_at: str | None = None
    acked: int = 0
    acked_at: str | None = None
    gaps: tuple[int, ...] = ()
    restored_from: int | None = None
    complete_to: str | None = None

    @property
    def role_label(self) -> str:
        """街道 or 社区."""
        return ROLES[self.role]

    @property
    def unacknowledged(self) -> int:
        """Packages sent to it that it has not said it received."""
        return max(0, self.last_sent - self.acked)


def _site_name(store: Store) -> tuple[str, str, str, str]:
    """(site name, role, community name, community code) of this installation."""
    site = site_store.get(store)
    if site["role"] == "community":
        community = org_store.get_community(store, site["community_id"]) or {}
        return (str(community.get("name", "")), "community", str(community.get("name", "")),
                str(community.get("code", "")))
    street = org_store.get_street(store) or {}
    return str(street.get("name") or "街道"), "street", "", ""


@dataclass(frozen=True)
class ThisSite:
    """This installation as the exchange sees it."""

    uid: str
    name: str
    role: str
    community_id: int | None
    office_code: str
    fingerprint: str | None  # None until the keys are first needed

    @property
    def role_label(self) -> str:
        """街道 or 社区."""
        return ROLES[self.role]


def this_site(store: Store, actor: Actor) -> ThisSite:
    """This site's id, name, role and fingerprint (nothing is made: the keys appear once
    an administrator writes the enrolment file).

    Raises:
        PermissionDenied: the actor may not run exchanges.
    """
    require(actor, "exchange.run")
    row = site_store.get(store)
    name = _site_name(store)[0]
    own = peers_store.own_keys(store)
    return ThisSite(row["uid"], name, row["role"], row["community_id"], row["office_code"],
                    own["fingerprint"] if own else None)


def own_enrolment(store: Store, actor: Actor) -> Enrolment:
    """This site as its enrolment file describes it (keys made on first need).

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: a community site without its community.
    """
    require(actor, "exchange.manage")
    name, role, community_name, community_code = _site_name(store)
    if role == "community" and not community_name:
        raise ValidationError("本机设为社区站点，但没有选定社区：请先设置本机用途。", "role")
    public = keys.ensure_keys(store)
    return Enrolment(site_store.get(store)["uid"], name, role, community_name,
                     community_code, public.sign.hex(), public.box.hex(), public.fingerprint,
                     app_version(), schema_version(store))


def write_enrolment(store: Store, actor: Actor, path: str | Path) -> Enrolment:
    """Write this site's enrolment file to ``path`` (nothing secret in it: public keys,
    names, versions); returns what it says, the fingerprint to read aloud included.

    Raises:
        PermissionDenied: not an administrator.
    """
    own = own_enrolment(store, actor)
    body = {"kind": KIND, "format": FORMAT, "uid": own.uid, "name": own.name, "role": own.role,
            "community_name": own.community_name, "community_code": own.community_code,
            "sign_public": own.sign_public, "box_public": own.box_public,
            "fingerprint": own.fingerprint, "app_version": own.app_version,
            "schema_version": own.schema_version}
    target = Path(path).expanduser()
    try:
        target.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"登记文件无法写入“{target}”：{exc.strerror or exc}", "file"
                              ) from None
    return own


def _refuse(detail: str) -> PackageRefused:
    return PackageRefused(f"{BAD_FILE}（{detail}），不能登记。", "garbled")


def parse_enrolment(data: bytes) -> Enrolment:
    """Check an enrolment file's content: shape, sizes, and that its fingerprint is the
    one of the keys it carries.

    Raises:
        PackageRefused: not an enrolment file, garbled, altered, or a newer format.
    """
    if len(data) > MAX_FILE:
        raise _refuse("文件过大")
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse("不是 JSON 文本") from None
    if not isinstance(body, dict) or body.get("kind") != KIND:
        raise _refuse("缺少登记文件标记")
    fmt = body.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise _refuse("格式号不对")
    if fmt > FORMAT:
        raise PackageRefused(f"这个登记文件是更新版本的软件写的（格式 {fmt}），请先升级本机"
                             "软件后再登记。", "format")
    text = {k: body.get(k) for k in ("uid", "name", "role", "community_name", "community_code",
                                     "sign_public", "box_public", "fingerprint",
                                     "app_version", "schema_version")}
    if any(not isinstance(v, str) for v in text.values()):
        raise _refuse("缺少或写错了字段")
    values: dict[str, Any] = {k: str(v).strip() for k, v in text.items()}
    if not _UID.fullmatch(values["uid"]):
        raise _refuse("站点标识不对")
    if values["role"] not in ROLES:
        raise _refuse("站点类型不对")
    for k in ("name", "community_name", "community_code", "app_version", "schema_version"):
        v = values[k]
        if len(v) > 60 or any(ord(c) < 32 or ord(c) == 127 for c in v):
            raise _refuse(f"{k} 过长或含控制字符")
    if not values["name"]:
        raise _refuse("缺少站点名称")
    if values["role"] == "community" and not values["community_name"]:
        raise _refuse("社区站点缺少社区名称")
    if not (_KEY.fullmatch(values["sign_public"]) and _KEY.fullmatch(values["box_public"])):
        raise _refuse("公钥不对")
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

        Ed25519PublicKey.from_public_bytes(bytes.fromhex(values["sign_public"]))
        X25519PublicKey.from_public_bytes(bytes.fromhex(values["box_public"]))
    except ValueError:
        raise _refuse("公钥不对") from None
    computed = keys.fingerprint(bytes.fromhex(values["sign_public"]),
                                bytes.fromhex(values["box_public"]))
    if keys.normalise_fingerprint(values["fingerprint"]) != computed:
        raise _refuse("文件中的指纹与公钥不符")
    values["fingerprint"] = computed
    return Enrolment(**values)


def _read(path: str | Path) -> bytes:
    source = Path(path).expanduser()
    try:
        with source.open("rb") as fh:
            return fh.read(MAX_FILE + 1)
    except OSError as exc:
        raise ValidationError(f"登记文件无法读取“{source}”：{exc.strerror or exc}", "file"
                              ) from None


def _community_for(store: Store, site: Enrolment) -> dict:
    """This street's live community the enrolling community site belongs to."""
    row = (org_store.find_live_community(store, code=site.community_code)
           if site.community_code else None) or \
        org_store.find_live_community(store, name=site.community_name)
    if row is None:
        raise Conflict(f"本街道没有（或已作废）“{site.community_name}”社区，不能登记它的站点。"
                       "请先在街道与社区设置中核对社区名称和代码。")
    return row


def _check_allowed(store: Store, site: Enrolment) -> int | None:
    """Refuse what may not be enrolled here; returns the community id of a community site."""
    own_uid = site_store.get(store)["uid"]
    own_keys = peers_store.own_keys(store)
    if site.uid == own_uid or (own_keys is not None and
                               site.sign_public == own_keys["sign_public"]):
        raise Conflict("这是本站自己的登记文件：请把它交给对方站点，并登记对方的登记文件。")
    live = peers_store.live_site(store, site.uid) or \
        peers_store.live_by_key(store, site.sign_public, site.box_public)
    if live is not None:
        raise Conflict(f"站点“{live['name']}”已经登记过（{live['enrolled_at']}），不能重复登记。"
                       "如对方换了电脑或密钥，请先作废原登记。")
    own_role = site_store.get(store)["role"]
    if own_role == "street":
        if site.role != "community":
            raise Conflict("本机是街道站点，只能登记本街道各社区的站点，不能登记另一个街道。")
        community = _community_for(store, site)
        taken = peers_store.live_for_community(store, community["id"])
        if taken is not None:
            raise Conflict(f"“{community['name']}”已登记了站点“{taken['name']}”：每个社区只"
                           "登记一台社区电脑，如已更换请先作废原登记。")
        return int(community["id"])
    if site.role != "street":
        raise Conflict("本机是社区站点，只能登记街道站点；社区之间不直接交换数据。")
    street = peers_store.live_street(store)
    if street is not None:
        raise Conflict(f"本站已登记街道站点“{street['name']}”，一个社区站点只与一个街道交换。"
                       "如街道换了电脑，请先作废原登记。")
    return None


def preview(store: Store, actor: Actor, path: str | Path) -> Enrolment:
    """Read an enrolment file and check it could be enrolled here, writing nothing (the
    administrator then compares the fingerprint with the other side's).

    Raises:
        PermissionDenied: not an administrator (checked before the file is read).
        PackageRefused: not an enrolment file, garbled or altered.
        Conflict: may not be enrolled here (itself, twice, a second street, …).
    """
    require(actor, "exchange.manage")
    site = parse_enrolment(_read(path))
    _check_allowed(store, site)
    return site


def enrol(store: Store, actor: Actor, path: str | Path, confirmed_fingerprint: str) -> Peer:
    """Enrol the site of an enrolment file, once the administrator confirmed that
    ``confirmed_fingerprint`` (as the other side read it aloud) is the file's.

    Raises:
        PermissionDenied: not an administrator (checked before the file is read).
        PackageRefused: not an enrolment file, garbled or altered.
        ValidationError: the fingerprint does not match.
        Conflict: may not be enrolled here.
    """
    require(actor, "exchange.manage")
    site = parse_enrolment(_read(path))
    typed = keys.normalise_fingerprint(confirmed_fingerprint)
    if not typed:
        raise ValidationError("请填写对方读出的指纹，核对一致后才能登记。", "fingerprint")
    if typed != site.fingerprint:
        raise ValidationError(f"指纹不一致：登记文件的指纹是 {site.fingerprint}，对方读出的是 "
                              f"{typed}。文件可能在传递中被调换，不予登记；请重新取得对方的"
                              "登记文件。", "fingerprint")
    keys.ensure_keys(store)  # this site's keys exist before anyone can encrypt to it
    with store.atomic():
        community_id = _check_allowed(store, site)
        row_id = peers_store.insert_site(store, {
            "uid": site.uid, "name": site.name, "role": site.role,
            "community_id": community_id, "sign_public": site.sign_public,
            "box_public": site.box_public, "fingerprint": site.fingerprint,
            "app_version": site.app_version, "schema_version": site.schema_version,
            "enrolled_by": actor.user_id})
        audit_store.record(store, actor, "exchange.enrol", "exchange_site", row_id, None,
                           {"uid": site.uid, "name": site.name, "role": site.role,
                            "community_id": community_id, "fingerprint": site.fingerprint})
    return _peer(store, row_id)


def void_site(store: Store, actor: Actor, uid: str, reason: str) -> Peer:
    """Void a site's enrolment: its packages are refused and none are made for it from now
    on (its bookkeeping stays, so a new enrolment continues the numbering).

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: no reason.
        NotFound: no live enrolment of ``uid``.
    """
    require(actor, "exchange.manage")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("作废站点须说明原因。", "reason")
    row = find_site(store, uid)
    with store.atomic():
        peers_store.void_site(store, row["id"], actor.user_id, reason)
        audit_store.record(store, actor, "exchange.void_site", "exchange_site", row["id"],
                           {"voided_at": None}, {"uid": row["uid"], "void_reason": reason})
    return _peer(store, row["id"])


def find_site(store: Store, text: str) -> dict:
    """A live enrolled site as people name it: its uid or a unique start of it (as
    ``sites`` prints it, six characters at least), its name ("枫林苑社区") or, for a
    community's site, the community's code here ("FLY").

    Raises:
        NotFound: no live site, or more than one, answers to ``text``.
    """
    wanted = (text or "").strip()
    rows = peers_store.list_sites(store)
    found = [r for r in rows if r["name"] == wanted]
    if not found and wanted:
        community = org_store.find_live_community(store, code=wanted)
        found = [r for r in rows if community is not None
                 and r["community_id"] == community["id"]]
    if not found and len(wanted) >= 6:
        found = [r for r in rows if r["uid"].startswith(wanted.lower())]
    if len(found) != 1:
        raise NotFound(f"没有唯一对应“{text}”的已登记站点：请写站点名称、社区代码或站点标识"
                       "（exchange sites 列出各站点）。")
    return found[0]


def _peer(store: Store, row_id: int) -> Peer:
    row = next(r for r in peers_store.list_sites(store, include_voided=True)
               if r["id"] == row_id)
    return _with_sequence(store, row, peers_store.all_sequences(store))


def _with_sequence(store: Store, row: dict, sequences: dict[str, dict]) -> Peer:
    seq = sequences.get(row["uid"]) or peers_store.sequence(store, row["uid"])
    gaps = tuple(g["seq"] for g in peers_store.open_gaps(store, row["uid"]))
    return Peer(row["id"], row["uid"], row["name"], row["role"], row["community_id"],
                row["fingerprint"], row["app_version"], row["schema_version"],
                row["enrolled_at"], row["enrolled_by"], row["voided_at"], row["void_reason"],
                seq["last_sent"], seq["last_sent_at"], seq["last_received"],
                seq["last_received_at"], seq["acked"], seq["acked_at"], gaps,
                seq["restored_from"], seq["complete_to"])


def exchange_community(store: Store, peer: dict) -> int | None:
    """The community an exchange with ``peer`` concerns: a community site's, seen from the
    street's PC, or this PC's own, seen from a community's (None: the street's, as a street
    site sees another street's — never enrolled, but not a community's)."""
    if peer["role"] == "community":
        return peer["community_id"]
    return site_store.get(store)["community_id"]


def visible_sites(store: Store, actor: Actor, rows: list[dict]) -> list[dict]:
    """Of enrolled ``rows``, those ``actor`` may see: a community worker sees only the exchange
    of their own community (on the street's PC its site, on their PC the street), never
    which other communities exchange or how much."""
    scope = community_scope(actor)
    if scope is None:
        return rows
    return [r for r in rows if exchange_community(store, r) == scope]


def list_sites(store: Store, actor: Actor, include_voided: bool = False) -> list[Peer]:
    """The enrolled sites with their bookkeeping (the street first), as far as ``actor`` may
    see them (``visible_sites``).

    Raises:
        PermissionDenied: the actor may not run exchanges.
    """
    require(actor, "exchange.run")
    sync_sent_numbers(store)
    sequences = peers_store.all_sequences(store)
    return [_with_sequence(store, r, sequences)
            for r in visible_sites(store, actor, peers_store.list_sites(store, include_voided))]


def data_complete_to(store: Store) -> list[tuple[str, str | None]]:
    """Per enrolled community site (by name): when it wrote the newest package applied here,
    i.e. up to when its records on this PC are complete (None before its first package).

    For the street's monthly report, which states how complete each community's figures are;
    no permission of its own (the report is checked by its own), and it names only sites.
    """
    sequences = peers_store.all_sequences(store)
    return [(r["name"], (sequences.get(r["uid"]) or {}).get("complete_to"))
            for r in peers_store.list_sites(store, False) if r["role"] == "community"]


def get_peer(store: Store, actor: Actor, uid: str) -> Peer:
    """One live enrolled site by uid.

    Raises:
        PermissionDenied: the actor may not run exchanges.
        NotFound: not enrolled here, or voided.
    """
    require(actor, "exchange.run")
    row = peers_store.live_site(store, uid)
    if row is None:
        raise NotFound(f"站点“{uid}”未在本站登记或已作废。")
    return _peer(store, row["id"])
