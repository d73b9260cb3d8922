# SPDX-License-Identifier: MIT
"""Cipher settings: new files use HMAC-SHA256 over 4 KiB pages (named in the key file);
a file encrypted with SQLCipher's defaults before (its key file names no settings) still
opens, tells damage from a wrong key, and takes the new settings when its key is rotated."""

from __future__ import annotations

import os

import pytest

from jiedao_desk.base.errors import DatabaseDamaged
from jiedao_desk.core import auth, check, encryption
from jiedao_desk.store import Store, crypt, vault
from tests.conftest import CHEAP_KDF

from .test_encryption import ADMIN_PW, _encrypted_db, _open, _plain_db

pytestmark = pytest.mark.usefixtures("cheap_kdf")


def _page_size(store: Store) -> int:
    return int(store.scalar("PRAGMA page_size"))


def test_new_files_use_the_faster_settings(tmp_path):
    db, _ = _encrypted_db(tmp_path)
    assert vault.load(db).body["cipher"] == {"page_size": 4096, "hmac": "HMAC_SHA256"}
    with _open(db) as store:
        assert _page_size(store) == 4096
        assert store.scalar("PRAGMA cipher_hmac_algorithm") == "HMAC_SHA256"


def _old_format_db(tmp_path, monkeypatch):
    """A database encrypted with SQLCipher's defaults, its key file naming no settings."""
    monkeypatch.setattr(vault, "new_master_key", lambda: os.urandom(32))
    db, actor = _plain_db(tmp_path, demo=10)
    with Store.open(db) as store:
        encryption.enable(store, actor, ADMIN_PW)
    monkeypatch.undo()
    monkeypatch.setattr(vault, "KDF", CHEAP_KDF)
    wrapped = vault.load(db)
    wrapped.body.pop("cipher")
    wrapped.save()
    crypt.forget()
    return db


def test_an_older_file_opens_and_rotation_moves_it_to_the_new_settings(tmp_path, monkeypatch):
    db = _old_format_db(tmp_path, monkeypatch)
    with _open(db) as store:
        assert _page_size(store) == 4096
        assert store.scalar("PRAGMA cipher_hmac_algorithm") == "HMAC_SHA512"
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        encryption.rotate(store, actor)
        # the window's connection, reopened
        assert store.scalar("PRAGMA cipher_hmac_algorithm") == "HMAC_SHA256"
    assert vault.load(db).body["cipher"]["hmac"] == "HMAC_SHA256"
    crypt.forget()
    with _open(db) as store:
        assert _page_size(store) == 4096
        assert store.scalar("PRAGMA cipher_hmac_algorithm") == "HMAC_SHA256"
        report = check.check(store)
        assert report.ok, [p.message for p in report.problems]


def test_damage_is_told_from_a_wrong_key_in_the_older_format_too(tmp_path, monkeypatch):
    db = _old_format_db(tmp_path, monkeypatch)
    with _open(db) as store:
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    crypt.forget()
    with db.open("r+b") as fh:
        fh.seek(1000)
        fh.write(os.urandom(64))
    with pytest.raises(DatabaseDamaged):
        encryption.unlock(db, "boss", ADMIN_PW)
