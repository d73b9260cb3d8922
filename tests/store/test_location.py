# SPDX-License-Identifier: MIT
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
