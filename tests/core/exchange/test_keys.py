# SPDX-License-Identifier: MIT
"""This site's keys: made on first need, public halves in the database, private halves only
in the keys folder (owner-only; wrapped when the database is encrypted), never in the
database, a backup or an enrolment file."""

from __future__ import annotations

import json
import os
import stat

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import PackageRefused, PermissionDenied, ValidationError
from jiedao_desk.core import auth, encryption, exchange, site
from jiedao_desk.core.exchange import keys
from jiedao_desk.store import Store

from .conftest import STAFF, make_site

PASSWORD = "Kx9#mQ2!vL7pZr"


def _private_hex(uid: str) -> list[str]:
    body = json.loads(keys.key_file(uid).read_text(encoding="utf-8"))
    return list(body.get("private", {}).values())


def test_keys_are_made_on_first_need_with_a_fingerprint_to_read_aloud(store):
    uid = site.get_site(store).uid
    assert not keys.key_file(uid).exists()
    assert store.scalar("SELECT count(*) FROM site_key") == 0
    public = exchange.ensure_keys(store)
    assert exchange.ensure_keys(store) == public  # made once
    row = store.row("SELECT sign_public, box_public, fingerprint, wrap_key FROM site_key")
    assert (row["sign_public"], row["box_public"]) == (public.sign.hex(), public.box.hex())
    assert row["fingerprint"] == public.fingerprint and row["wrap_key"] is None
    fp = public.fingerprint
    assert len(fp) == 19 and all(c in keys.ALPHABET for c in fp.replace("-", ""))
    assert keys.normalise_fingerprint(fp.lower().replace("-", "")) == fp
    audit = store.row("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert audit["action"] == "site.keys_create"
    # the private halves are in the file only, never in the database
    dump = "\n".join(store.conn.iterdump())
    for secret in _private_hex(uid):
        assert len(secret) == 64 and secret not in dump


def test_each_site_has_its_own_keys_and_fingerprints_differ(store):
    other = make_site("street")
    try:
        assert exchange.ensure_keys(store) != exchange.ensure_keys(other)
        assert exchange.ensure_keys(store).fingerprint != exchange.ensure_keys(other).fingerprint
    finally:
        other.conn.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_key_files_are_owner_only(store):
    exchange.ensure_keys(store)
    path = keys.key_file(site.get_site(store).uid)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_missing_or_foreign_key_file_is_refused_not_replaced(store):
    public = exchange.ensure_keys(store)
    path = keys.key_file(site.get_site(store).uid)
    saved = path.read_bytes()
    path.unlink()
    with pytest.raises(keys.SiteKeysError, match="找不到本站的交换密钥文件.*一并拷来"):
        exchange.ensure_keys(store)
    other = make_site("street")
    try:
        exchange.ensure_keys(other)
        foreign = keys.key_file(site.get_site(other).uid).read_bytes()
    finally:
        other.conn.close()
    path.write_bytes(foreign)
    with pytest.raises(keys.SiteKeysError, match="与数据库中登记的公钥不符"):
        exchange.ensure_keys(store)
    path.write_bytes(saved)
    assert exchange.ensure_keys(store) == public


@pytest.fixture
def encrypted(tmp_path, cheap_kdf):
    """A file database encrypted by its administrator (cheap password stretching)."""
    store = Store.open(tmp_path / "desk" / "desk.sqlite3")
    auth.create_first_admin(store, "boss", "管理员", PASSWORD)
    boss = auth.authenticate(store, "boss", PASSWORD)
    yield store, boss
    store.close()


def test_with_the_database_encrypted_the_private_keys_are_wrapped(encrypted):
    store, boss = encrypted
    exchange.ensure_keys(store)  # made while the database was still plain
    uid = site.get_site(store).uid
    secrets = _private_hex(uid)
    encryption.enable(store, boss, PASSWORD)
    assert store.key is not None
    before = keys.private_keys(store)  # the first use wraps the plain file
    text = keys.key_file(uid).read_text(encoding="utf-8")
    assert "wrapped" in json.loads(text) and not any(s in text for s in secrets)
    wrap_key = store.scalar("SELECT wrap_key FROM site_key")
    assert wrap_key and wrap_key not in text
    encryption.rotate(store, boss)  # the wrap key moves with the re-encrypted database
    after = keys.private_keys(store)
    assert after.sign.public_key().public_bytes_raw() == \
        before.sign.public_key().public_bytes_raw()
    # the keys folder alone opens nothing: another database holds no wrap key for it
    other = make_site("street")
    try:
        other.execute("DELETE FROM site")  # pretend to be the same site, without the key
        other.execute("INSERT INTO site (id, uid, created_at) VALUES (1, ?, '2026-11-23')",
                      (uid,))
        pub = store.row("SELECT sign_public, box_public, fingerprint FROM site_key")
        with other.atomic():
            other.execute("INSERT INTO site_key (id, sign_public, box_public, fingerprint,"
                          " created_at) VALUES (1, ?, ?, ?, '2026-11-23')",
                          (pub["sign_public"], pub["box_public"], pub["fingerprint"]))
        with pytest.raises(keys.SiteKeysError, match="已加密，但数据库中没有解开它的密钥"):
            keys.private_keys(other)
    finally:
        other.conn.close()


def test_keys_made_in_an_encrypted_database_are_never_written_plain(encrypted, monkeypatch):
    store, boss = encrypted
    encryption.enable(store, boss, PASSWORD)
    written = []
    real = keys._write_private
    monkeypatch.setattr(keys, "_write_private",
                        lambda path, body: (written.append(body), real(path, body)))
    keys.private_keys(store)
    assert written and all("private" not in b and "wrapped" in b for b in written)
    body = json.loads(keys.key_file(site.get_site(store).uid).read_text(encoding="utf-8"))
    assert "wrapped" in body and "private" not in body


def test_lost_keys_are_renewed_by_an_administrator_and_enrolled_again(sites):
    street_uid, maple_uid = sites.uid(sites.street), sites.uid(sites.maple)
    first = exchange.seal_package(sites.maple, SYSTEM, street_uid, b"1").data
    old = exchange.ensure_keys(sites.maple)
    keys.key_file(maple_uid).unlink()  # the keys folder was not copied to the new PC
    with pytest.raises(keys.SiteKeysError, match="找不到本站的交换密钥文件"):
        exchange.seal_package(sites.maple, SYSTEM, street_uid, b"2")
    with pytest.raises(PermissionDenied):
        exchange.renew_keys(sites.maple, STAFF, "换电脑")
    with pytest.raises(ValidationError, match="须说明原因"):
        exchange.renew_keys(sites.maple, SYSTEM, "")
    new = exchange.renew_keys(sites.maple, SYSTEM, "换电脑，密钥文件夹未拷来")
    assert new != old and new.fingerprint != old.fingerprint
    assert sites.maple.scalar("SELECT fingerprint FROM site_key") == new.fingerprint
    row = sites.maple.row("SELECT action, before_json, after_json FROM audit_log"
                          " ORDER BY id DESC LIMIT 1")
    assert row["action"] == "site.keys_renew" and old.fingerprint in row["before_json"]
    # the street still holds the old keys: the new package is refused until enrolled again
    second = exchange.seal_package(sites.maple, SYSTEM, street_uid, b"2").data
    with pytest.raises(PackageRefused, match="重新生成过密钥") as e:
        exchange.open_package(sites.street, SYSTEM, second)
    assert e.value.reason == "signature"
    assert exchange.open_package(sites.street, SYSTEM, first).payload == b"1"
    exchange.void_site(sites.street, SYSTEM, maple_uid, "枫林苑社区重新生成了密钥")
    card = sites.folder / "maple-new.json"
    exchange.enrol(sites.street, SYSTEM, card,
                   exchange.write_enrolment(sites.maple, SYSTEM, card).fingerprint)
    opened = exchange.open_package(sites.street, SYSTEM, second)
    assert (opened.payload, opened.header.seq) == (b"2", 2)  # the numbering continued
