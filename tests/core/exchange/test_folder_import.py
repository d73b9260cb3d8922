# SPDX-License-Identifier: MIT
"""A USB stick with packages for several sites: every package addressed to this site is
imported in the order of its number, the others are left alone, a damaged one is reported
and does not stop the rest; a site is named by its name, its community's code or its id."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import site
from jiedao_desk.core.exchange import changes, find_site, void_site
from jiedao_desk.domains import residents


def _uid(store):
    return site.get_site(store).uid


def _community(store, code):
    return store.scalar("SELECT id FROM community WHERE code = ?", (code,))


def test_a_site_is_found_by_name_code_or_id(sites):
    street = sites.street
    maple_uid = _uid(sites.maple)
    by_name = find_site(street, "枫林苑社区")
    assert by_name["uid"] == maple_uid
    assert find_site(street, "FL001")["uid"] == maple_uid
    assert find_site(street, maple_uid[:6])["uid"] == maple_uid
    assert find_site(street, f"  {maple_uid.upper()} ")["uid"] == maple_uid
    with pytest.raises(NotFound, match="exchange sites"):
        find_site(street, maple_uid[:5])  # too short to be sure whose it is
    with pytest.raises(NotFound):
        find_site(street, "不存在的社区")
    with pytest.raises(NotFound):
        find_site(street, "")
    # a community known here whose site is not enrolled: nothing to find
    assert find_site(sites.maple, "示例街道")["uid"] == _uid(street)
    with pytest.raises(NotFound):
        find_site(sites.maple, "FL001")  # its own community: not another site
    void_site(street, SYSTEM, maple_uid, "电脑报废")
    with pytest.raises(NotFound):
        find_site(street, "枫林苑社区")


def test_export_names_the_receiver_in_words(sites, tmp_path):
    done = changes.export_package(sites.street, SYSTEM, "枫林苑社区", tmp_path, to_folder=True)
    assert done.peer_uid == _uid(sites.maple) and done.seq == 1


def test_a_folder_imports_what_is_for_this_site_in_number_order(sites, tmp_path):
    street, maple, peace = sites.street, sites.maple, sites.peace
    stick = tmp_path / "usb"
    stick.mkdir()
    residents.add_resident(maple, SYSTEM, _community(maple, "FL001"), "张三")
    first = changes.export_package(maple, SYSTEM, "示例街道", stick, to_folder=True)
    residents.add_resident(maple, SYSTEM, _community(maple, "FL001"), "李四")
    second = changes.export_package(maple, SYSTEM, "示例街道", stick, to_folder=True)
    # the second written under a name that sorts first: the order comes from the numbers
    second.path.rename(stick / "0-先写的.jdx")
    for_peace = changes.export_package(street, SYSTEM, _uid(peace), stick, to_folder=True)
    (stick / "损坏的.jdx").write_bytes(b"not a package")
    (stick / "说明.txt").write_text("U盘里的其他文件")

    found = changes.import_folder(street, SYSTEM, stick)
    by_name = {f.path.name: f for f in found}
    assert set(by_name) == {first.path.name, "0-先写的.jdx", for_peace.path.name, "损坏的.jdx"}
    imported = [f.imported for f in found if f.imported is not None]
    assert [(i.seq, i.status, i.missing) for i in imported] == [(1, "new", ()), (2, "new", ())]
    assert by_name[for_peace.path.name].other_site
    assert by_name[for_peace.path.name].imported is None
    assert by_name["损坏的.jdx"].refused and not by_name["损坏的.jdx"].other_site
    assert sorted(r[0] for r in street.execute("SELECT name FROM resident")) == ["张三", "李四"]
    # the package for 和平里 still opens there: the street left it as it was
    assert changes.import_package(peace, SYSTEM, for_peace.path).status == "new"
    # the same stick again: nothing changes
    again = changes.import_folder(street, SYSTEM, stick)
    assert [f.imported.status for f in again if f.imported] == ["duplicate", "duplicate"]
    assert street.scalar("SELECT COUNT(*) FROM resident") == 2


def test_a_refused_package_does_not_stop_the_others(sites, tmp_path):
    street, maple = sites.street, sites.maple
    stick = tmp_path / "usb"
    stick.mkdir()
    residents.add_resident(maple, SYSTEM, _community(maple, "FL001"), "张三")
    one = changes.export_package(maple, SYSTEM, "示例街道", stick, to_folder=True)
    residents.add_resident(maple, SYSTEM, _community(maple, "FL001"), "李四")
    two = changes.export_package(maple, SYSTEM, "示例街道", stick, to_folder=True)
    data = bytearray(one.path.read_bytes())
    data[-40] ^= 0x01  # one byte altered on the way
    one.path.write_bytes(bytes(data))
    found = {f.path.name: f for f in changes.import_folder(street, SYSTEM, stick)}
    assert found[one.path.name].imported is None and found[one.path.name].refused
    got = found[two.path.name].imported
    assert got is not None and got.missing == (1,)  # the damaged one is reported as a gap
    assert street.scalar("SELECT COUNT(*) FROM resident") == 2


def test_who_may_import_a_folder(sites, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    changes.export_package(sites.maple, SYSTEM, "示例街道", stick, to_folder=True)
    with pytest.raises(PermissionDenied):
        changes.import_folder(sites.street, Actor(None, "调解员", "mediator"), stick)
    with pytest.raises(ValidationError, match="文件夹不存在"):
        changes.import_folder(sites.street, SYSTEM, tmp_path / "没有这个")
    assert sites.street.scalar("SELECT COALESCE(MAX(last_received), 0) FROM exchange_sequence") == 0


def test_a_folder_reads_each_file_once(sites, tmp_path, monkeypatch):
    # a stick is slow: the header and the import are served by one read of the file
    street, maple = sites.street, sites.maple
    stick = tmp_path / "usb"
    stick.mkdir()
    for name in ("张三", "李四"):
        residents.add_resident(maple, SYSTEM, _community(maple, "FL001"), name)
        changes.export_package(maple, SYSTEM, "示例街道", stick, to_folder=True)
    changes.export_package(street, SYSTEM, _uid(sites.peace), stick, to_folder=True)
    reads: list[str] = []
    real = Path.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    found = changes.import_folder(street, SYSTEM, stick)
    assert [f.imported.seq for f in found if f.imported] == [1, 2]
    assert len(found) == 3 and sorted(reads) == sorted(p.name for p in stick.iterdir())


def test_a_package_is_imported_from_its_bytes_as_from_its_file(sites, tmp_path):
    street, maple = sites.street, sites.maple
    residents.add_resident(maple, SYSTEM, _community(maple, "FL001"), "张三")
    done = changes.export_package(maple, SYSTEM, "示例街道", tmp_path, to_folder=True)
    got = changes.import_package(street, SYSTEM, done.path.read_bytes())
    assert (got.seq, got.status) == (1, "new")
    assert changes.import_package(street, SYSTEM, done.path).status == "duplicate"
    with pytest.raises(ValidationError, match="交换包无法读取"):
        changes.import_package(street, SYSTEM, tmp_path / "没有这个.jdx")
