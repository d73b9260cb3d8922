# SPDX-License-Identifier: MIT
"""Encryption at rest: SQLCipher database, wrapped keys, encrypted attachments and backups,
conversion of a plain database that a kill cannot leave half-done."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jiedao_desk.base.errors import Conflict, PermissionDenied, ValidationError
from jiedao_desk.core import attachments, auth, encryption
from jiedao_desk.core import backup as core_backup
from jiedao_desk.store import Store, crypt, vault
from jiedao_desk.store import search as search_store
from tests import records
from tests.conftest import CHEAP_KDF

ADMIN_PW = "Kx9#mQ2!vL7pZr"
STAFF_PW = "Tq4$wN8^cB3hYe"


pytestmark = pytest.mark.usefixtures("cheap_kdf")


def _plain_db(folder: Path, demo: int = 0) -> tuple[Path, object]:
    db = folder / "data" / "jiedao-desk.sqlite3"
    with Store.open(db) as store:
        auth.create_first_admin(store, "boss", "王主任", ADMIN_PW)
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        if demo:
            from jiedao_desk import demo as demo_mod

            demo_mod.generate(store, size=demo, seed=1, actor=actor)
    return db, actor


def _encrypted_db(folder: Path, demo: int = 0) -> tuple[Path, str]:
    db, actor = _plain_db(folder, demo)
    with Store.open(db) as store:
        code = encryption.enable(store, actor, ADMIN_PW).recovery_code
        assert store.key is not None and store.scalar("SELECT count(*) FROM app_user") == 1
    crypt.forget()
    return db, code


def _open(db: Path, user: str = "boss", password: str = ADMIN_PW) -> Store:
    encryption.unlock(db, user, password)
    return Store.open(db)


def _resident(store: Store) -> tuple[str, str]:
    row = store.row("SELECT name, id_number FROM resident WHERE id_number IS NOT NULL "
                    "AND id_number <> '' ORDER BY id LIMIT 1")
    assert row is not None
    return row["name"], row["id_number"]


def _encrypt_rows(store: Store) -> int:
    return store.scalar("SELECT count(*) FROM audit_log WHERE action = 'database.encrypt'")


def _contains(path: Path, *texts: str) -> bool:
    data = path.read_bytes()
    return any(t.encode("utf-8") in data for t in texts)


def test_file_unreadable_by_plain_sqlite_and_no_name_in_any_file(tmp_path):
    db, _ = _encrypted_db(tmp_path, demo=40)
    with _open(db) as store:
        name, id_number = _resident(store)
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        with store.atomic():  # leave committed rows in the WAL too
            store.execute("UPDATE resident SET address = ? WHERE id = 1", (f"{name}{id_number}",))
        wal = db.with_name(db.name + "-wal")
        assert wal.stat().st_size > 0 and not _contains(wal, name, id_number)
        info = core_backup.backup_now(store, "manual", actor=actor)
    assert crypt.is_encrypted(db)
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    assert not _contains(db, name, id_number)
    assert not _contains(info.db_file, name, id_number)
    assert (info.path / "keys.json").is_file()
    with _open(db) as store:  # and the right key still reads everything
        assert _resident(store)[0] == name


def test_sqlcipher_errors_are_caught_as_sqlite3_ones(tmp_path):
    conn = crypt.connect(tmp_path / "e.db", os.urandom(32), isolation_level=None)
    conn.execute("CREATE TABLE t (x UNIQUE)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as caught:
        conn.execute("INSERT INTO t VALUES (1)")
    assert caught.value.sqlite_errorname.startswith("SQLITE_CONSTRAINT")  # what faults.py reads
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("SELECT * FROM missing")
    cur = conn.execute("SELECT abs(x) FROM (SELECT 1 AS x UNION ALL "
                       "SELECT -9223372036854775808)")
    with pytest.raises(sqlite3.OperationalError):  # raised while fetching the second row
        cur.fetchall()
    conn.close()


def test_wal_and_fts5_trigram_search_work_encrypted(tmp_path):
    db, _ = _encrypted_db(tmp_path)
    with _open(db) as store:
        assert store.scalar("PRAGMA journal_mode") == "wal"
        with store.atomic():
            search_store.index(store, "note", 1, "朝阳门外大街占道经营")
            search_store.index(store, "note", 2, "东四十条噪音扰民")
        assert search_store.search(store, "占道经营") == [("note", 1)]
        assert search_store.search(store, "噪音") == [("note", 2)]


def test_plain_database_is_untouched_by_default(tmp_path):
    db, _ = _plain_db(tmp_path)
    with Store.open(db) as store:
        assert store.key is None and type(store.conn) is sqlite3.Connection
    assert not crypt.is_encrypted(db) and not crypt.keys_file(db).exists()


def test_wrong_password_refused_without_saying_whether_the_user_exists(tmp_path):
    db, _ = _encrypted_db(tmp_path)
    with pytest.raises(PermissionDenied) as wrong:
        encryption.unlock(db, "boss", "not-the-password")
    with pytest.raises(PermissionDenied) as unknown:
        encryption.unlock(db, "nobody", ADMIN_PW)
    assert str(wrong.value) == str(unknown.value) == vault.WRONG
    with pytest.raises(crypt.DatabaseLocked):
        Store.open(db)  # nothing unlocked: refused, not read as damaged


def test_failures_limited_then_audited_at_next_unlock(tmp_path):
    db, _ = _encrypted_db(tmp_path)
    for _ in range(vault.MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            encryption.unlock(db, "boss", "wrong")
    with pytest.raises(PermissionDenied, match="解锁失败次数过多"):
        encryption.unlock(db, "boss", ADMIN_PW)  # even the right one, within the window
    import datetime as dt

    later = dt.datetime.now() + vault.WINDOW + dt.timedelta(seconds=1)
    assert vault.unlock(db, "boss", ADMIN_PW, now=later)
    encryption.unlock(db, "boss", ADMIN_PW)  # the failures of boss were cleared
    with Store.open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        assert encryption.record_unlock_failures(store, actor) == vault.MAX_FAILURES + 1
        rows = store.rows("SELECT after_json FROM audit_log WHERE action = 'auth.unlock_failed'")
        assert len(rows) == vault.MAX_FAILURES + 1 and '"boss"' in rows[0]["after_json"]
        assert encryption.record_unlock_failures(store, actor) == 0  # written once


def test_each_user_opens_reset_rewraps_void_removes(tmp_path):
    db, _ = _encrypted_db(tmp_path)
    with _open(db) as store:
        admin = auth.authenticate(store, "boss", ADMIN_PW)
        user = auth.create_user(store, admin, "zhang", "张三", "street_staff", STAFF_PW)
    crypt.forget()
    assert encryption.unlock(db, "zhang", STAFF_PW)
    crypt.forget()
    new_pw = "Rb7&kP2@xM9sWd"
    with _open(db) as store:
        admin = auth.authenticate(store, "boss", ADMIN_PW)
        auth.reset_password(store, admin, user.id, new_pw)
    crypt.forget()
    with pytest.raises(PermissionDenied):
        encryption.unlock(db, "zhang", STAFF_PW)  # only the new password wraps the key now
    assert encryption.unlock(db, "zhang", new_pw)
    with Store.open(db) as store:
        admin = auth.authenticate(store, "boss", ADMIN_PW)
        auth.void_user(store, admin, user.id, "调离")
    crypt.forget()
    assert vault.load(db).names() == ["boss"]
    with pytest.raises(PermissionDenied):
        encryption.unlock(db, "zhang", new_pw)


def test_recovery_code_opens_and_a_wrong_code_does_not(tmp_path):
    db, code = _encrypted_db(tmp_path)
    with pytest.raises(PermissionDenied, match="恢复码不正确"):
        encryption.unlock_with_code(db, code[:-1] + ("0" if code[-1] != "0" else "1"))
    # typed in lower case, without dashes, an O for a zero: still the code
    key = encryption.unlock_with_code(db, code.lower().replace("-", " ").replace("0", "o"))
    with Store.open(db, key=key) as store:
        assert auth.has_users(store)


def test_non_admin_may_not_convert_or_rotate(tmp_path):
    db, _ = _plain_db(tmp_path)
    with Store.open(db) as store:
        admin = auth.authenticate(store, "boss", ADMIN_PW)
        auth.create_user(store, admin, "zhang", "张三", "street_staff", STAFF_PW)
        staff = auth.authenticate(store, "zhang", STAFF_PW)
        with pytest.raises(PermissionDenied):
            encryption.enable(store, staff, STAFF_PW)
        with pytest.raises(PermissionDenied):
            encryption.rotate(store, staff)
        with pytest.raises(PermissionDenied, match="密码不正确"):
            encryption.enable(store, admin, STAFF_PW)  # the key is wrapped with one's own
    assert not crypt.is_encrypted(db)


def _add_photo(store: Store, tmp_path: Path, actor) -> tuple[attachments.Attachment, bytes]:
    records.communities(store, 1)
    content = "现场照片：张伟 110101199003077777".encode() + os.urandom(64)
    src = tmp_path / "evidence.jpg"
    src.write_bytes(content)
    return attachments.add_attachment(store, actor, src, "community", 1), content


def test_attachments_unreadable_on_disk_and_named_without_their_hash(tmp_path):
    db, _ = _encrypted_db(tmp_path)
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        att, content = _add_photo(store, tmp_path, actor)
        opened = attachments.open_attachment(store, att.id)
        assert opened.read_bytes() == content
        assert oct(opened.stat().st_mode & 0o777) == "0o600"
    files = [p for p in (db.parent / "attachments").rglob("*") if p.is_file()]
    assert len(files) == 1
    assert att.sha256 not in str(files[0]) and b"110101199003077777" not in files[0].read_bytes()
    files[0].write_bytes(files[0].read_bytes()[:-1] + b"\x00")  # altered on disk
    with _open(db) as store, pytest.raises(Conflict):
        attachments.open_attachment(store, att.id)


def test_conversion_encrypts_attachments_and_asks_about_old_backups(tmp_path):
    db, actor = _plain_db(tmp_path)
    with Store.open(db) as store:
        att, content = _add_photo(store, tmp_path, actor)
        old = core_backup.backup_now(store, "manual", actor=actor)
    store = Store.open(db)
    with pytest.raises(ValidationError, match="未加密的旧备份"):
        encryption.enable(store, actor, ADMIN_PW)
    with pytest.raises(ValidationError, match="--yes"):
        encryption.enable(store, actor, ADMIN_PW, "delete")
    done = encryption.enable(store, actor, ADMIN_PW, "encrypt")
    store.close()
    assert done.backups_encrypted == [old.path.name]
    assert crypt.is_encrypted(db) and crypt.is_encrypted(old.db_file)
    plain_name = db.parent / "attachments" / att.sha256[:2] / att.sha256
    assert not plain_name.exists()
    assert not any(content in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
                   and p != tmp_path / "evidence.jpg")
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    assert oct(db.parent.stat().st_mode & 0o777) == "0o700"
    with _open(db) as store:
        assert attachments.open_attachment(store, att.id).read_bytes() == content
        assert not core_backup.verify_for_restore(store, old.path)
    assert encryption.status(db)["plain_backups"] == []


def test_rotate_key_old_key_no_longer_opens(tmp_path):
    db, code = _encrypted_db(tmp_path)
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        att, content = _add_photo(store, tmp_path, actor)
        old_key = store.key
        assert old_key is not None
        encryption.rotate(store, actor)
    crypt.forget()
    with pytest.raises(crypt.KeyRejected):
        crypt.connect(db, old_key)
    new_key = encryption.unlock(db, "boss", ADMIN_PW)
    assert new_key != old_key
    assert encryption.unlock_with_code(db, code) == new_key
    with Store.open(db) as store:
        assert attachments.open_attachment(store, att.id).read_bytes() == content
    assert len([p for p in (db.parent / "attachments").rglob("*") if p.is_file()]) == 1


def test_encrypted_backup_restores_on_a_fresh_folder(tmp_path):
    db, code = _encrypted_db(tmp_path / "pc1", demo=20)
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        att, content = _add_photo(store, tmp_path, actor)
        name, _ = _resident(store)
        info = core_backup.backup_now(store, "manual", actor=actor)
    crypt.forget()
    fresh = tmp_path / "pc2"
    with pytest.raises(PermissionDenied):
        encryption.restore_backup(info.path, fresh / "a.sqlite3", "boss", "wrong password")
    assert not list(fresh.glob("a.sqlite3*"))  # nothing left behind by a refusal
    by_password = encryption.restore_backup(info.path, fresh / "a.sqlite3", "boss", ADMIN_PW)
    by_code = encryption.restore_backup(info.path, fresh / "b" / "b.sqlite3", None, code)
    for restored in (by_password, by_code):
        crypt.forget()
        with _open(restored) as store:
            assert _resident(store)[0] == name
            assert attachments.open_attachment(store, att.id).read_bytes() == content


# -- a conversion killed at any moment --------------------------------------------------------
CONVERTER = f"""
import sys
from jiedao_desk.core import auth, encryption
from jiedao_desk.store import Store, vault
vault.KDF = {CHEAP_KDF!r}
store = Store.open(sys.argv[1])
actor = auth.authenticate(store, "boss", sys.argv[2])
print("go", flush=True)
encryption.enable(store, actor, sys.argv[2])
"""


def _start_conversion(db: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", CONVERTER, str(db), ADMIN_PW],
                            stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": "."})
    assert proc.stdout is not None
    proc.stdout.readline()  # opened and signed in: the conversion starts now
    return proc


def test_conversion_killed_halfway_leaves_old_or_new_intact(tmp_path):
    db, _ = _plain_db(tmp_path, demo=200)
    with Store.open(db) as store:
        name, _ = _resident(store)
    probe = tmp_path / "probe"
    shutil.copytree(db.parent, probe)
    started = time.monotonic()
    assert _start_conversion(probe / db.name).wait() == 0
    whole = time.monotonic() - started  # how long one conversion takes on this machine
    outcomes = []
    for fraction in (0.3, 0.5, 0.65, 0.8, 0.9, 0.97):
        if crypt.is_encrypted(db):
            break
        proc = _start_conversion(db)
        time.sleep(whole * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        crypt.forget()
        outcomes.append("new" if crypt.is_encrypted(db) else "old")
        store = _open(db) if crypt.is_encrypted(db) else Store.open(db)
        with store:
            assert _resident(store)[0] == name
            assert store.scalar("PRAGMA integrity_check") == "ok"
            # the audit says the file was encrypted exactly when it was
            assert _encrypt_rows(store) == (1 if outcomes[-1] == "new" else 0)
    print("conversion kills left:", outcomes)
    if not crypt.is_encrypted(db):  # finish it: a killed conversion is simply run again
        with Store.open(db) as store:
            encryption.enable(store, auth.authenticate(store, "boss", ADMIN_PW), ADMIN_PW)
        crypt.forget()
    with _open(db) as store:
        assert _resident(store)[0] == name
        assert _encrypt_rows(store) == 1
    assert not db.with_name(db.name + ".encrypting").exists()


def test_a_conversion_failing_before_its_switch_leaves_no_row_claiming_it(
        tmp_path, monkeypatch):
    db, actor = _plain_db(tmp_path, demo=20)
    with Store.open(db) as store:
        name, _ = _resident(store)
    real = crypt.fsync_file

    def refused(path):  # the disk fails once the encrypted copy is written, before the rename
        if str(path).endswith(".encrypting"):
            raise OSError(28, "No space left on device")
        real(path)

    monkeypatch.setattr(crypt, "fsync_file", refused)
    store = Store.open(db)
    with pytest.raises(OSError):
        encryption.enable(store, actor, ADMIN_PW)
    crypt.forget()
    assert not crypt.is_encrypted(db)
    with Store.open(db) as store:
        assert _encrypt_rows(store) == 0 and _resident(store)[0] == name
    monkeypatch.undo()
    with Store.open(db) as store:  # run again, it converts, and says so once
        encryption.enable(store, auth.authenticate(store, "boss", ADMIN_PW), ADMIN_PW)
    crypt.forget()
    with _open(db) as store:
        assert _encrypt_rows(store) == 1 and _resident(store)[0] == name
        from jiedao_desk.core import check

        assert check.check(store).ok
    assert not db.with_name(db.name + ".encrypting").exists()


def test_shipped_kdf_cost_still_round_trips(tmp_path, monkeypatch):
    monkeypatch.setattr(vault, "KDF", dict(vault.KDF, time_cost=3, memory_cost=65536,
                                           parallelism=4))
    master = vault.new_master_key()
    keys, code = vault.create(tmp_path / "x.sqlite3", master, "boss", ADMIN_PW, vault.KDF)
    assert keys.kdf["memory_cost"] == 65536
    assert vault.load(tmp_path / "x.sqlite3").unwrap("boss", ADMIN_PW) == [master]
    assert vault.load(tmp_path / "x.sqlite3").unwrap("boss", "wrong") == []
    assert len(vault.normalise_code(code)) == 32


def test_damaged_encrypted_file_salvaged_with_the_key_file(tmp_path):
    from jiedao_desk.core import recover

    db, _ = _encrypted_db(tmp_path, demo=200)
    with _open(db) as store:
        total = store.scalar("SELECT count(*) FROM resident")
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    crypt.forget()
    pages = db.stat().st_size // 4096
    with db.open("r+b") as fh:  # one page in the middle fails its authentication
        fh.seek(4096 * (pages // 2) + 100)
        fh.write(os.urandom(64))
    target = tmp_path / "saved" / "jiedao-desk.sqlite3"
    encryption.unlock_key_only(db, "boss", ADMIN_PW)
    result = recover.recover(db, target)
    assert crypt.is_encrypted(target) and crypt.keys_file(target).is_file()
    crypt.forget()
    with _open(target) as store:
        saved = store.scalar("SELECT count(*) FROM resident")
    assert 0 < saved <= total and result.salvage.copied > 0


def test_a_pc_without_the_cipher_library_refuses_in_chinese(tmp_path, monkeypatch):
    """sqlcipher3 has no wheel for some CPUs (loongarch64): there an encrypted database is
    refused with a sentence, not an ImportError, and a plain database still opens."""
    db, _ = _encrypted_db(tmp_path / "enc")
    plain, _ = _plain_db(tmp_path / "plain")
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import now raises ImportError
    with pytest.raises(Exception, match="不含数据库加密组件") as caught:
        _open(db)
    assert not isinstance(caught.value, ImportError)
    Store.open(plain).close()


def test_a_viewed_attachment_is_decrypted_only_into_the_apps_viewing_folder(tmp_path,
                                                                           monkeypatch):
    from jiedao_desk.core import viewing

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(viewing.tempfile, "tempdir", str(temp))
    monkeypatch.setattr(viewing, "_own", None)
    db, _ = _encrypted_db(tmp_path)
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        att, content = _add_photo(store, tmp_path, actor)
        opened = attachments.open_attachment(store, att.id, actor)
    mine = viewing.folder()
    assert opened.is_relative_to(mine) and opened.read_bytes() == content
    assert oct(mine.stat().st_mode & 0o777) == "0o700"
    assert [p.name for p in temp.iterdir()] == [mine.name]  # nothing else decrypted
    # an app that died left its folder; one still running keeps its own
    dead = temp / f"{viewing.PREFIX}999999999-abcd"
    (dead / "x").mkdir(parents=True)
    (dead / "x" / "evidence.jpg").write_bytes(content)
    alive = temp / f"{viewing.PREFIX}{os.getppid()}-abcd"
    alive.mkdir()
    older = temp / f"{viewing.OLD_PREFIX}k2j4h5"  # an earlier version's, never deleted
    older.mkdir()
    (older / "evidence.jpg").write_bytes(content)
    other = temp / "jiedao-desk-bench"  # not a viewing folder
    other.mkdir()
    assert viewing.sweep() == 2
    assert not dead.exists() and not older.exists()
    assert alive.exists() and opened.exists() and other.exists()
    viewing.remove_own()  # what happens at exit
    assert not mine.exists() and not opened.exists()


def test_a_dossier_reads_encrypted_attachments_in_memory(tmp_path, monkeypatch):
    import io

    from PIL import Image

    from jiedao_desk.core import dossier, viewing
    from jiedao_desk.core.dossier import DossierItem

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(viewing.tempfile, "tempdir", str(temp))
    monkeypatch.setattr(attachments.tempfile, "tempdir", str(temp))
    monkeypatch.setattr(viewing, "_own", None)
    db, _ = _encrypted_db(tmp_path)
    with _open(db) as store:
        actor = auth.authenticate(store, "boss", ADMIN_PW)
        records.communities(store, 1)
        buf = io.BytesIO()
        Image.new("RGB", (400, 300), (40, 120, 200)).save(buf, "JPEG")
        (tmp_path / "现场.jpg").write_bytes(buf.getvalue())
        photo = attachments.add_attachment(store, actor, tmp_path / "现场.jpg", "community", 1)
        pdf, rows = dossier.assemble(store, [DossierItem("现场照片", attachment_id=photo.id)],
                                     {"title": "测试卷", "number": "1"}, "generic", actor)
        assert pdf.startswith(b"%PDF") and len(rows) == 1
        got, data = attachments.read_attachment(store, photo.id, actor)
        assert data == buf.getvalue() and got.filename == "现场.jpg"
    assert list(temp.iterdir()) == []  # nothing decrypted was written
