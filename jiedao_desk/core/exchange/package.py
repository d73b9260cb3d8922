# SPDX-License-Identifier: MIT
"""The exchange package: one file from one site to another, signed by the sender and
encrypted to the receiver, and the numbering that makes a lost, doubled or reordered
package visible.

Layout (all integers big-endian)::

    MAGIC (8 bytes) | format (2) | header length (4) | header (UTF-8 JSON)
    | body length (8) | body | Ed25519 signature (64)

The header is readable without any key (so a refusal can say who sent it to whom) and is
bound to the body as AES-GCM's associated data; the body is the payload encrypted to the
receiver (ephemeral X25519 key, HKDF-SHA256, AES-256-GCM); the signature covers every byte
before it, so one changed byte anywhere is refused. ``open_package`` checks in a fixed order
and refuses with a ``PackageRefused`` naming the first check that failed: not a package,
newer package format, unknown or voided signer, bad signature, another receiver, newer
schema, undecryptable.

Numbering: packages are numbered per sender→receiver from 1. Each package says the last
number its sender received from the receiver (``ack``), so the receiver learns what arrived.
The last number sent is kept in the database and in a small file in the keys folder
(core/exchange/keys.py); after a restore from a backup the file's larger number wins, the
sequence continues instead of reusing numbers, and every package says
``restored_from_backup`` until the other site acknowledges one sent after the restore.
"""

from __future__ import annotations

import functools
import json
import os
import struct
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.changes import ChangeSet
from jiedao_desk.base.errors import NotFound, PackageRefused
from jiedao_desk.core.exchange import keys
from jiedao_desk.core.permissions import require
from jiedao_desk.store import Store, migrations, now_text
from jiedao_desk.store import peers as peers_store
from jiedao_desk.store import site as site_store

MAGIC = b"JDXPKG\r\n"  # \r\n: a copy that mangled line ends is caught at once (as PNG does)
FORMAT = 1
CIPHER = "X25519-HKDF-SHA256-AES-256-GCM"
SIGNATURE_BYTES = 64
MAX_HEADER = 1 << 20
_PREFIX = struct.Struct(">HI")  # format, header length
_BODY_LEN = struct.Struct(">Q")
SEQUENCE_ENTITY = "exchange_sequence"  # change notices of numbers sent (see _sync_after_commit)

GARBLED = "这不是数据交换包，或文件已损坏、不完整（可能没有拷完），无法读取。"


@dataclass(frozen=True)
class PackageHeader:
    """What a package says about itself (readable before decryption, signed with it)."""

    format: int
    sender: str
    receiver: str
    seq: int
    ack: int
    schema: str
    app: str
    created: str
    restored_from_backup: bool
    info: dict[str, Any] = field(default_factory=dict)  # the payload's own description


@dataclass(frozen=True)
class Sealed:
    """A package made by ``seal_package``: the file's bytes and its header."""

    data: bytes
    header: PackageHeader


@dataclass(frozen=True)
class Opened:
    """A package that passed every check: its header and the decrypted payload."""

    header: PackageHeader
    payload: bytes


@dataclass(frozen=True)
class Receipt:
    """What a received package number means for the sequence from its sender.

    ``status``: ``new`` (the next number, or later ones with ``missing`` in between),
    ``late`` (a missing number arriving after all), ``duplicate`` (received before).
    """

    status: str
    seq: int
    missing: tuple[int, ...] = ()

    @property
    def duplicate(self) -> bool:
        """Whether this package was received before (importing it again changes nothing)."""
        return self.status == "duplicate"


# -- sealing -------------------------------------------------------------------------------
def _own_uid(store: Store) -> str:
    return str(site_store.get(store)["uid"])


@functools.cache
def app_version() -> str:
    """This app's version, as the package metadata says (jiedao_desk/__init__.py reads the
    same; the package itself sits above core)."""
    from importlib import metadata

    try:
        return metadata.version("jiedao-desk")
    except metadata.PackageNotFoundError:
        return "0.0.0+source"


def schema_version(store: Store) -> str:
    """This database's schema version: the name of its last migration step."""
    names = migrations.applied_names(store.conn)
    return names[-1] if names else ""


def _peer(store: Store, uid: str) -> dict:
    row = peers_store.live_site(store, uid)
    if row is None:
        raise NotFound(f"站点“{uid}”未在本站登记或已作废，不能与它交换数据。")
    return row


def next_seq(store: Store, peer_uid: str) -> tuple[int, bool]:
    """The number the next package to ``peer_uid`` will carry, and whether this database was
    found restored from a backup (its packages say so until acknowledged)."""
    row = peers_store.sequence(store, peer_uid)
    remembered = keys.sent_numbers(_own_uid(store)).get(peer_uid, 0)
    restored_from = row["restored_from"]
    if remembered > row["last_sent"]:
        restored_from = remembered + 1
    seq = max(remembered, row["last_sent"]) + 1
    return seq, restored_from is not None and row["acked"] < restored_from


def _hkdf_info(sender: str, receiver: str) -> bytes:
    return b"jiedao-desk package\x00" + sender.encode("ascii") + b"\x00" + \
        receiver.encode("ascii")


def seal_package(store: Store, actor: Actor, peer_uid: str, payload: bytes,
                 info: dict[str, Any] | None = None) -> Sealed:
    """Number, encrypt to ``peer_uid`` and sign ``payload``; returns the file's bytes.

    The number is recorded as sent in the open transaction (or in one of its own), and in
    the keys folder once that transaction commits. ``info`` (JSON) travels in the header:
    what the payload holds, for the receiver to read before applying it.

    Raises:
        PermissionDenied: the actor may not run exchanges.
        NotFound: ``peer_uid`` is not a live enrolled site.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    require(actor, "exchange.run")
    peer = _peer(store, peer_uid)
    private = keys.private_keys(store)
    own = _own_uid(store)
    info = dict(info or {})
    json.dumps(info)  # refuses what cannot travel, before anything is numbered
    with store.atomic():
        _watch_commits(store)
        row = peers_store.sequence(store, peer_uid)
        seq, restored = next_seq(store, peer_uid)
        remembered = keys.sent_numbers(own).get(peer_uid, 0)
        restored_from = seq if remembered > row["last_sent"] else row["restored_from"]
        peers_store.put_sequence(store, peer_uid, last_sent=seq, last_sent_at=now_text(),
                                 restored_from=restored_from)
        eph = X25519PrivateKey.generate()
        eph_pub = eph.public_key().public_bytes_raw()
        header = PackageHeader(FORMAT, own, peer_uid, seq, row["last_received"],
                               schema_version(store), app_version(),
                               clock.now().isoformat(timespec="seconds"), restored, info)
        nonce = os.urandom(12)
        header_bytes = json.dumps({**asdict(header), "cipher": CIPHER, "eph": eph_pub.hex(),
                                   "nonce": nonce.hex()},
                                  ensure_ascii=False, sort_keys=True).encode("utf-8")
        prefix = MAGIC + _PREFIX.pack(FORMAT, len(header_bytes)) + header_bytes
        shared = eph.exchange(X25519PublicKey.from_public_bytes(
            bytes.fromhex(peer["box_public"])))
        key = HKDF(hashes.SHA256(), 32, eph_pub, _hkdf_info(own, peer_uid)).derive(shared)
        body = AESGCM(key).encrypt(nonce, payload, prefix)
        signed = b"".join((prefix, _BODY_LEN.pack(len(body)), body))
        del body
        data = signed + private.sign.sign(signed)
        store.note_change(SEQUENCE_ENTITY, peer_uid, "exchange.sent")
    return Sealed(data, header)


_watched: weakref.WeakSet[Store] = weakref.WeakSet()


def _watch_commits(store: Store) -> None:
    """After every commit that sent a package, copy the numbers sent into the keys folder.

    Written after the commit, not before: a transaction rolled back (the package never left)
    then leaves no higher number behind that would look like a restore from a backup.
    """
    if store in _watched:
        return
    _watched.add(store)
    ref = weakref.ref(store)

    def synced(changes: ChangeSet) -> None:
        target = ref()
        peers = changes.ids(SEQUENCE_ENTITY)
        if target is not None and peers:
            sync_sent_numbers(target, peers)

    store.subscribe(synced)


def sync_sent_numbers(store: Store, peers: set[str] | None = None) -> None:
    """Raise the keys folder's record of numbers sent to what the database holds (after a
    commit, and whenever the sites are listed: a crash between the two is caught up)."""
    rows = peers_store.all_sequences(store)
    numbers = {uid: r["last_sent"] for uid, r in rows.items()
               if (peers is None or uid in peers) and r["last_sent"]}
    if numbers:
        keys.remember_sent(_own_uid(store), numbers)


# -- opening -------------------------------------------------------------------------------
def _garbled(detail: str = "") -> PackageRefused:
    return PackageRefused(GARBLED + (f"（{detail}）" if detail else ""), "garbled")


def _parse_header(raw: bytes) -> tuple[PackageHeader, dict[str, Any]]:
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _garbled("包头无法解析") from None
    if not isinstance(body, dict):
        raise _garbled("包头无法解析")
    ints = ("format", "seq", "ack")
    texts = ("sender", "receiver", "schema", "app", "created", "cipher", "eph", "nonce")
    if any(not isinstance(body.get(k), int) or isinstance(body.get(k), bool) or body[k] < 0
           for k in ints) or any(not isinstance(body.get(k), str) for k in texts) or \
            not isinstance(body.get("restored_from_backup"), bool) or \
            not isinstance(body.get("info", {}), dict) or body["seq"] < 1:
        raise _garbled("包头缺少或写错了字段")
    if body["cipher"] != CIPHER:
        raise _garbled(f"不认识的加密方式 {body['cipher'][:40]}")
    try:
        extra = {"eph": bytes.fromhex(body["eph"]), "nonce": bytes.fromhex(body["nonce"])}
    except ValueError:
        raise _garbled("包头写错了密钥字段") from None
    if len(extra["eph"]) != 32 or len(extra["nonce"]) != 12:
        raise _garbled("包头写错了密钥字段")
    header = PackageHeader(body["format"], body["sender"], body["receiver"], body["seq"],
                           body["ack"], body["schema"], body["app"], body["created"],
                           body["restored_from_backup"], dict(body.get("info", {})))
    return header, extra


def read_header(data: bytes) -> PackageHeader:
    """The header of a package, checked for shape only (nothing verified: for showing what a
    file claims before it is opened).

    Raises:
        PackageRefused: not a package, garbled, or a newer package format.
    """
    return _split(data)[0]


def _split(data: bytes) -> tuple[PackageHeader, dict[str, Any], int, int]:
    """(header, eph/nonce, where the body starts, where the signature starts)."""
    view = memoryview(data)
    if len(view) < len(MAGIC) + _PREFIX.size or bytes(view[:len(MAGIC)]) != MAGIC:
        raise PackageRefused("这不是数据交换包（文件开头不对），可能选错了文件。", "garbled")
    fmt, header_len = _PREFIX.unpack_from(view, len(MAGIC))
    if fmt > FORMAT:
        raise PackageRefused(f"这个交换包是更新版本的软件制作的（包格式 {fmt}，本机只认识到 "
                             f"{FORMAT}），请先升级本机软件后再导入。", "format")
    if fmt < 1:
        raise _garbled("包格式不对")
    start = len(MAGIC) + _PREFIX.size
    if header_len > MAX_HEADER or start + header_len + _BODY_LEN.size > len(view):
        raise _garbled("包头不完整")
    header, extra = _parse_header(bytes(view[start:start + header_len]))
    if header.format != fmt:
        raise _garbled("包头与包格式不一致")
    body_at = start + header_len + _BODY_LEN.size
    (body_len,) = _BODY_LEN.unpack_from(view, start + header_len)
    if body_at + body_len + SIGNATURE_BYTES != len(view):
        raise _garbled("长度不符，文件可能没有拷完")
    return header, extra, body_at, body_at + body_len


def _site_label(store: Store, uid: str) -> str:
    row = peers_store.latest_site(store, uid)
    return f"“{row['name']}”" if row else f"（标识 {uid[:32]}）"


def open_package(store: Store, actor: Actor, data: bytes) -> Opened:
    """Verify and decrypt a package sent to this site; nothing is written.

    Checks, in this order: a package at all and whole; a package format this app knows;
    signed by a live enrolled site; the signature over every byte; sent to this site; a
    schema this app knows; decryptable with this site's key.

    Raises:
        PermissionDenied: the actor may not run exchanges.
        PackageRefused: the first check that failed (``reason`` names it).
    """
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    require(actor, "exchange.run")
    header, extra, body_at, sig_at = _split(data)
    own = _own_uid(store)
    if header.sender == own:
        raise PackageRefused("这是本站自己制作的交换包，应交给对方站点导入。", "signer")
    signer = peers_store.live_site(store, header.sender)
    if signer is None:
        voided = peers_store.latest_site(store, header.sender)
        if voided is not None:
            raise PackageRefused(f"交换包的签名站点“{voided['name']}”已于 {voided['voided_at']}"
                                 "作废，不予导入。", "signer")
        raise PackageRefused(f"交换包的签名站点（标识 {header.sender[:32]}）未在本站登记，不予"
                             "导入。请先与对方交换登记文件并核对指纹。", "signer")
    view = memoryview(data)
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(signer["sign_public"])).verify(
            bytes(view[sig_at:]), view[:sig_at])
    except InvalidSignature:
        raise PackageRefused(f"交换包的签名不符：文件在“{signer['name']}”制作之后被改动或"
                             "损坏，不予导入。请对方重新制作一份（对方重新生成过密钥时，须先"
                             "作废原登记、重新登记对方）。", "signature") from None
    if header.receiver != own:
        raise PackageRefused(f"这个交换包是发给另一个站点{_site_label(store, header.receiver)}"
                             "的，不是发给本站的，不予导入。", "receiver")
    if header.schema not in migrations.known_names():
        raise PackageRefused(f"交换包来自较新版本的软件（数据结构 {header.schema[:60]}，"
                             f"软件版本 {header.app[:30]}），本机无法读取：请先升级本机软件，"
                             "再导入这个交换包。", "schema")
    private = keys.private_keys(store)
    try:
        shared = private.box.exchange(X25519PublicKey.from_public_bytes(extra["eph"]))
        key = HKDF(hashes.SHA256(), 32, extra["eph"],
                   _hkdf_info(header.sender, own)).derive(shared)
        payload = AESGCM(key).decrypt(extra["nonce"], view[body_at:sig_at],
                                      bytes(view[:body_at - _BODY_LEN.size]))
    except (InvalidTag, ValueError):
        raise PackageRefused("交换包无法解密：它不是用本站现在的密钥加密的（本站重新生成过"
                             "密钥时，须请对方重新登记本站）。", "decrypt") from None
    return Opened(header, payload)


# -- receiving -----------------------------------------------------------------------------
def classify(store: Store, header: PackageHeader) -> Receipt:
    """What the package's number means, without recording it (to say before importing that
    it was imported already)."""
    row = peers_store.sequence(store, header.sender)
    if header.seq <= row["last_received"]:
        missing = {g["seq"] for g in peers_store.open_gaps(store, header.sender)}
        return Receipt("late" if header.seq in missing else "duplicate", header.seq)
    return Receipt("new", header.seq,
                   tuple(range(row["last_received"] + 1, header.seq)))


def record_received(store: Store, header: PackageHeader) -> Receipt:
    """Record an opened package as received, inside the transaction that applies it: its
    number (missing numbers before it are remembered as gaps, a late one fills its gap)
    and the sender's acknowledgement of ours.

    The acknowledgement only moves forward, except from a site restored from a backup
    (it asks again from what it still holds). An acknowledgement of a number this
    database never sent means this database was restored from a backup too: the
    sequence continues above it and the next packages say so.
    """
    store.require_transaction()
    receipt = classify(store, header)
    peer = header.sender
    row = peers_store.sequence(store, peer)
    now = now_text()
    if receipt.status == "new":
        peers_store.add_gaps(store, peer, list(receipt.missing))
        peers_store.put_sequence(store, peer, last_received=header.seq, last_received_at=now)
    if receipt.status != "duplicate" and (row["complete_to"] or "") < header.created:
        # cumulative packages: the newest one's time holds for everything before it
        peers_store.put_sequence(store, peer, complete_to=header.created)
    elif receipt.status == "late":
        peers_store.fill_gap(store, peer, header.seq)
    if receipt.status != "duplicate":
        fields: dict[str, Any] = {}
        if header.ack > row["acked"] or (header.restored_from_backup and
                                         header.ack != row["acked"]):
            fields.update(acked=header.ack, acked_at=now)
        sent = max(row["last_sent"], keys.sent_numbers(_own_uid(store)).get(peer, 0))
        restored_from = row["restored_from"]
        if header.ack > sent:
            fields["last_sent"] = header.ack
            restored_from = header.ack + 1
            store.note_change(SEQUENCE_ENTITY, peer, "exchange.sent")
            _watch_commits(store)
        acked = fields.get("acked", row["acked"])
        if restored_from is not None and acked >= restored_from:
            restored_from = None
        if restored_from != row["restored_from"]:
            fields["restored_from"] = restored_from
        if fields:
            peers_store.put_sequence(store, peer, **fields)
    return receipt


def open_gaps(store: Store, peer_uid: str | None = None) -> list[dict]:
    """Package numbers still missing (of one site, or of every site)."""
    return peers_store.open_gaps(store, peer_uid)
