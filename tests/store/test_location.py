# SPDX-License-Identifier: MIT
import os
import subprocess
import sys
import textwrap

import pytest

from jiedao_desk.base.errors import DatabaseRefused
from jiedao_desk.store import Store, location


def test_unc_path_refused():
    with pytest.raises(DatabaseRefused, match="网络共享"):
        location.refuse_network(location.Path("//fileserver/share/jiedao.sqlite3"))


def test_network_mount_detected(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n"
                      "//srv/share /mnt/share cifs rw 0 0\n"
                      "srv:/export /mnt/nfs nfs4 rw 0 0\n")
    assert "cifs" in location._linux_network_mount(location.Path("/mnt/share/a.db"), str(mounts))
    assert "nfs4" in location._linux_network_mount(location.Path("/mnt/nfs/x/a.db"), str(mounts))
    assert location._linux_network_mount(location.Path("/home/u/a.db"), str(mounts)) is None
    assert location._linux_network_mount(location.Path("/mnt/sharebis/a.db"), str(mounts)) is None


def test_local_tmp_is_accepted(tmp_path):
    Store.open(tmp_path / "ok.sqlite3").close()


def test_second_instance_refused_and_stale_lock_recovered(tmp_path):
    db = tmp_path / "a.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from jiedao_desk.store.location import InstanceLock
        lock = InstanceLock({str(db)!r}); lock.acquire()
        print("locked", flush=True); time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseRefused, match="另一个街道工作台"):
            location.InstanceLock(db).acquire()
    finally:
        holder.kill()  # a crash: the lock file stays behind
        holder.wait()
    assert (tmp_path / "a.sqlite3.lock").exists()
    with location.InstanceLock(db):  # the stale lock does not block
        pass


def _hold(db, *, lock_dir=None):
    """A second process holding the instance lock of ``db`` (started, locked, still alive)."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from jiedao_desk.store.location import InstanceLock
        lock_dir = {str(lock_dir) if lock_dir else None!r}
        lock = InstanceLock({str(db)!r}, lock_dir=Path(lock_dir) if lock_dir else None)
        lock.acquire()
        print("locked", flush=True); time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.parametrize("alias", ["hardlink", "symlink", "spelling"])
def test_alias_of_open_database_refused_then_allowed_after_release(tmp_path, alias):
    db = tmp_path / "a.sqlite3"
    Store.open(db).close()
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    if alias == "hardlink":
        name = other_dir / "b.sqlite3"
        os.link(db, name)
    elif alias == "symlink":
        name = other_dir / "b.sqlite3"
        name.symlink_to(db)
    else:
        name = other_dir / ".." / "a.sqlite3"
    holder = _hold(db)
    try:
        with pytest.raises(DatabaseRefused, match="另一个") as refused:
            location.InstanceLock(name).acquire()
        if alias == "hardlink":
            assert "链接或别名" in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    with location.InstanceLock(name):  # the holder has gone: the alias opens
        pass


def test_hardlink_refused_in_same_process_and_released(tmp_path):
    db = tmp_path / "a.sqlite3"
    db.touch()
    os.link(db, tmp_path / "b.sqlite3")
    first = location.InstanceLock(db)
    first.acquire()
    try:
        with pytest.raises(DatabaseRefused, match="同一个文件"):
            location.InstanceLock(tmp_path / "b.sqlite3").acquire()
    finally:
        first.release()
    with location.InstanceLock(tmp_path / "b.sqlite3"):
        pass
    with location.InstanceLock(db):  # a refused attempt left no lock behind
        pass


def test_identity_key_is_device_and_inode(tmp_path):
    db = tmp_path / "a.sqlite3"
    db.touch()
    os.link(db, tmp_path / "b.sqlite3")
    st = os.stat(db)
    assert location.file_identity(tmp_path / "b.sqlite3") == (st.st_dev, st.st_ino)
    a = location.identity_lock_path(db, tmp_path / "locks")
    b = location.identity_lock_path(tmp_path / "b.sqlite3", tmp_path / "locks")
    assert a == b and a is not None and f"{st.st_ino:x}" in a.name
    (tmp_path / "c.sqlite3").touch()
    assert location.identity_lock_path(tmp_path / "c.sqlite3", tmp_path / "locks") != a


def test_new_database_gets_identity_before_it_exists(tmp_path):
    db = tmp_path / "new.sqlite3"
    with location.InstanceLock(db):
        assert db.exists()
        with pytest.raises(DatabaseRefused):
            location.InstanceLock(tmp_path / "." / "new.sqlite3").acquire()
    Store.open(db).close()  # the empty file it made is taken as a new database


def test_unwritable_shared_lock_folder_falls_back_to_the_database_folder(tmp_path,
                                                                         monkeypatch):
    db = tmp_path / "a.sqlite3"
    db.touch()
    shared = tmp_path / "locks"
    take = location._take

    def other_users_folder(path, stack):
        if path.parent == shared:  # as for a folder made by another user without write access
            raise PermissionError(13, "Permission denied", str(path))
        return take(path, stack)

    monkeypatch.setattr(location, "_take", other_users_folder)
    with location.InstanceLock(db, lock_dir=shared):
        assert len(list(tmp_path.glob("jiedao-desk-*.lock"))) == 1
        with pytest.raises(DatabaseRefused):
            location.InstanceLock(db, lock_dir=shared).acquire()
