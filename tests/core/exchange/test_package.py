# SPDX-License-Identifier: MIT
"""The package container: what one site seals, the site it is meant for opens; anything
else — one changed byte, a cut-off copy, another file, an unknown or voided signer, another
receiver, a newer format or schema — is refused with its Chinese reason, nothing written."""

from __future__ import annotations

import os
import struct

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import NotFound, PackageRefused, PermissionDenied
from jiedao_desk.core import exchange
from jiedao_desk.core.exchange import package

from .conftest import MEDIATOR, STAFF, WORKER, enrol_pair, make_site


def seal(sites, sender, receiver, payload=b"rows", info=None):
    return exchange.seal_package(sender, SYSTEM, sites.uid(receiver), payload, info)


def refused(store, data) -> PackageRefused:
    with pytest.raises(PackageRefused) as e:
        exchange.open_package(store, SYSTEM, data)
    return e.value


def test_round_trip_carries_the_header_and_the_payload(sites):
    payload = os.urandom(3 * 1024 * 1024)  # attachments make packages of megabytes
    sealed = seal(sites, sites.street, sites.maple, payload, {"changes": 12, "名称": "月度"})
    assert payload not in sealed.data and payload[:64] not in sealed.data  # encrypted
    opened = exchange.open_package(sites.maple, WORKER, sealed.data)
    assert opened.payload == payload
    h = opened.header
    assert (h.sender, h.receiver, h.seq, h.ack) == (sites.uid(sites.street),
                                                    sites.uid(sites.maple), 1, 0)
    assert h.format == package.FORMAT and h.schema == "m019_exchange_sites" or \
        h.schema == exchange.schema_version(sites.street)
    assert h.info == {"changes": 12, "名称": "月度"} and h.restored_from_backup is False
    assert h.created.startswith("2026-11-23T")
    assert exchange.read_header(sealed.data) == h  # readable before any key
    empty = seal(sites, sites.maple, sites.street, b"")
    assert exchange.open_package(sites.street, STAFF, empty.data).payload == b""


def test_one_changed_byte_anywhere_is_refused(sites):
    data = seal(sites, sites.street, sites.maple, b"x" * 40, {"n": 1}).data
    reasons = set()
    for i in range(len(data)):
        for flip in (0x01, 0x80):
            altered = bytearray(data)
            altered[i] ^= flip
            reasons.add(refused(sites.maple, bytes(altered)).reason)
    # the first bytes are the marker and format, the header names sender and receiver, the
    # rest is covered by the signature
    assert reasons <= {"garbled", "format", "signer", "signature", "receiver"}
    assert "signature" in reasons
    e = refused(sites.maple, data[:-1] + bytes([data[-1] ^ 1]))
    assert e.reason == "signature" and "被改动" in str(e) and "示例街道" in str(e)
    assert exchange.open_package(sites.maple, SYSTEM, data).payload == b"x" * 40


def test_cut_off_copies_and_other_files_are_not_packages(sites):
    data = seal(sites, sites.street, sites.maple).data
    for n in (0, 1, 7, 8, 13, 40, len(data) // 2, len(data) - 65, len(data) - 1):
        e = refused(sites.maple, data[:n])
        assert e.reason == "garbled" and ("不是数据交换包" in str(e) or "不完整" in str(e)), n
    assert refused(sites.maple, data + b"\0").reason == "garbled"
    for other in (b"%PDF-1.7\n", b"PK\x03\x04" + os.urandom(200), "你好".encode() * 30,
                  os.urandom(1000)):
        assert "不是数据交换包" in str(refused(sites.maple, other))
    # the marker right, the header not JSON
    fake = package.MAGIC + struct.pack(">HI", 1, 4) + b"{{{{" + struct.pack(">Q", 0) + \
        b"\0" * 64
    assert "包头无法解析" in str(refused(sites.maple, fake))


def test_a_newer_package_format_asks_for_an_upgrade(sites):
    data = bytearray(seal(sites, sites.street, sites.maple).data)
    data[len(package.MAGIC):len(package.MAGIC) + 2] = struct.pack(">H", package.FORMAT + 1)
    e = refused(sites.maple, bytes(data))
    assert e.reason == "format" and "请先升级本机软件" in str(e)
    # checked before the rest of the file, whose layout a newer format may change
    assert refused(sites.maple, bytes(data[:20])).reason == "format"


def test_a_newer_schema_asks_for_an_upgrade(sites, monkeypatch):
    monkeypatch.setattr(package, "schema_version", lambda store: "m099_future")
    data = seal(sites, sites.street, sites.maple).data
    e = refused(sites.maple, data)
    assert e.reason == "schema" and "请先升级本机软件" in str(e) and "m099_future" in str(e)


def test_unknown_and_voided_signers_are_refused(sites, tmp_path):
    stranger = make_site("street")
    enrol_pair(stranger, make_site("community", 0), tmp_path, "elsewhere")  # has keys
    exchange.enrol(stranger, SYSTEM, *_card_with_fp(sites, sites.peace))
    from_stranger = exchange.seal_package(stranger, SYSTEM, sites.uid(sites.peace), b"x").data
    e = refused(sites.peace, from_stranger)
    assert e.reason == "signer" and "未在本站登记" in str(e)
    # the signer is checked before the signature: an unknown signer's altered file says so
    assert refused(sites.peace, from_stranger[:-1] + b"\0").reason == "signer"

    data = seal(sites, sites.street, sites.maple).data
    exchange.void_site(sites.maple, SYSTEM, sites.uid(sites.street), "街道换了电脑")
    e = refused(sites.maple, data)
    assert e.reason == "signer" and "已于" in str(e) and "作废" in str(e)
    with pytest.raises(NotFound):  # and nothing more is made for it
        seal(sites, sites.maple, sites.street)


def _card_with_fp(sites, store):
    path = sites.folder / "card.json"
    return path, exchange.write_enrolment(store, SYSTEM, path).fingerprint


def test_a_package_for_another_site_is_refused(sites):
    data = seal(sites, sites.street, sites.maple).data
    e = refused(sites.peace, data)  # the street is enrolled at both: the signature holds
    assert e.reason == "receiver" and "不是发给本站" in str(e)
    assert sites.uid(sites.maple) in str(e)  # a site 和平里 does not know: named by its id
    own = seal(sites, sites.peace, sites.street).data
    assert refused(sites.peace, own).reason == "signer"  # its own package


def test_a_header_moved_onto_another_body_does_not_decrypt(sites):
    """The header is the cipher's associated data: re-signing is impossible without the key,
    and the body of one package under another's header fails the signature first."""
    a = seal(sites, sites.street, sites.maple, b"first").data
    b = seal(sites, sites.street, sites.maple, b"second").data
    head_a = package._split(a)[2]
    mixed = a[:head_a] + b[package._split(b)[2]:]
    assert refused(sites.maple, mixed).reason in {"signature", "garbled"}


def test_only_roles_that_run_exchanges_seal_and_open(sites):
    with pytest.raises(PermissionDenied):
        exchange.seal_package(sites.street, MEDIATOR, sites.uid(sites.maple), b"x")
    assert exchange.next_seq(sites.street, sites.uid(sites.maple)) == (1, False)  # not used
    data = seal(sites, sites.street, sites.maple).data
    with pytest.raises(PermissionDenied):
        exchange.open_package(sites.maple, MEDIATOR, b"not even a package")
    assert exchange.open_package(sites.maple, WORKER, data).payload == b"rows"


def test_a_package_to_keys_this_site_no_longer_holds_does_not_decrypt(sites):
    """The street still holds 枫林苑's old public key (枫林苑 made new keys and was not
    enrolled again): the package is signed and addressed right, but cannot be read."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    stale = X25519PrivateKey.generate().public_key().public_bytes_raw().hex()
    with sites.street.atomic():
        sites.street.execute("UPDATE exchange_site SET box_public = ? WHERE uid = ?",
                             (stale, sites.uid(sites.maple)))
    e = refused(sites.maple, seal(sites, sites.street, sites.maple).data)
    assert e.reason == "decrypt" and "重新登记" in str(e)


def test_opening_writes_nothing(sites):
    good = seal(sites, sites.street, sites.maple).data
    before = sites.maple.scalar("SELECT total_changes()")
    exchange.open_package(sites.maple, SYSTEM, good)
    refused(sites.maple, good[:-1] + bytes([good[-1] ^ 1]))
    refused(sites.maple, b"junk")
    assert sites.maple.scalar("SELECT total_changes()") == before
    assert exchange.get_peer(sites.maple, SYSTEM, sites.uid(sites.street)).last_received == 0
