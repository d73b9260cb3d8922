# SPDX-License-Identifier: MIT
"""Enrolment: the file each site writes, the fingerprint compared aloud, and every file or
site that must not be enrolled refused in Chinese with nothing written."""

from __future__ import annotations

import json

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import (
    Conflict,
    NotFound,
    PackageRefused,
    PermissionDenied,
    ValidationError,
)
from jiedao_desk.core import auth, exchange, site
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import migrations

from .conftest import MEDIATOR, STAFF, WORKER, enrol_pair, make_site


def card(bare, store, name="card"):
    path = bare.folder / f"{name}.json"
    own = exchange.write_enrolment(store, SYSTEM, path)
    return path, own.fingerprint


def sites_count(store) -> int:
    return store.scalar("SELECT count(*) FROM exchange_site")


def test_the_file_says_who_the_site_is_and_enrolling_it_is_audited(bare):
    path, fp = card(bare, bare.maple)
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["name"] == "枫林苑社区" and body["role"] == "community"
    assert body["community_code"] == "FL001" and body["uid"] == bare.uid(bare.maple)
    assert body["fingerprint"] == fp and len(fp) == 19 and fp.count("-") == 3
    assert body["schema_version"] == migrations.known_names()[-1] and body["app_version"]
    assert "private" not in path.read_text(encoding="utf-8")
    preview = exchange.preview(bare.street, SYSTEM, path)
    assert (preview.name, preview.fingerprint) == ("枫林苑社区", fp)
    assert sites_count(bare.street) == 0  # preview writes nothing
    admin = auth.create_first_admin(bare.street, "admin", "管理员", "Admin-desk-2026!")
    boss = auth.authenticate(bare.street, "admin", "Admin-desk-2026!")
    # typed as heard: lower case, no dashes, an O for a 0 is forgiven
    peer = exchange.enrol(bare.street, boss, path, fp.lower().replace("-", " ").replace("0", "o"))
    assert (peer.name, peer.role, peer.enrolled_by) == ("枫林苑社区", "community", admin.id)
    assert peer.community_id == org.list_communities(bare.street)[0].id
    row = bare.street.row("SELECT action, entity, actor_id, after_json FROM audit_log"
                          " ORDER BY id DESC LIMIT 1")
    assert (row["action"], row["entity"], row["actor_id"]) == ("exchange.enrol", "exchange_site",
                                                              admin.id)
    assert fp in row["after_json"]
    street_card, _ = card(bare, bare.street, "street")
    assert json.loads(street_card.read_text(encoding="utf-8"))["name"] == "示例街道"
    assert audit_store.verify_chain(bare.street) is None


def test_a_fingerprint_that_does_not_match_is_refused(bare):
    path, fp = card(bare, bare.maple)
    wrong = fp[:-1] + ("A" if fp[-1] != "A" else "B")
    with pytest.raises(ValidationError, match="指纹不一致.*可能在传递中被调换"):
        exchange.enrol(bare.street, SYSTEM, path, wrong)
    with pytest.raises(ValidationError, match="请填写对方读出的指纹"):
        exchange.enrol(bare.street, SYSTEM, path, "  ")
    assert sites_count(bare.street) == 0


def test_a_file_whose_keys_were_swapped_is_refused(bare):
    path, _ = card(bare, bare.maple)
    other, _ = card(bare, bare.peace, "other")
    body = json.loads(path.read_text(encoding="utf-8"))
    body["box_public"] = json.loads(other.read_text(encoding="utf-8"))["box_public"]
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(PackageRefused, match="指纹与公钥不符"):
        exchange.preview(bare.street, SYSTEM, path)


GOOD = None


@pytest.mark.parametrize(("change", "message"), [
    (lambda b: b"\x89PNG\r\n\x1a\n" + bytes(200), "不是 JSON"),
    (lambda b: b"", "不是 JSON"),
    (lambda b: b"[1, 2]", "缺少登记文件标记"),
    (lambda b: b"{" + b" " * 70000 + b"}", "文件过大"),
    (lambda b: _edit(b, kind="something-else"), "缺少登记文件标记"),
    (lambda b: _edit(b, format="1"), "格式号不对"),
    (lambda b: _edit(b, uid="../../etc/passwd"), "站点标识不对"),
    (lambda b: _edit(b, role="district"), "站点类型不对"),
    (lambda b: _edit(b, name=""), "缺少站点名称"),
    (lambda b: _edit(b, name="枫林\x1b[2J"), "控制字符"),
    (lambda b: _edit(b, name="长" * 61), "过长"),
    (lambda b: _edit(b, sign_public="00" * 31), "公钥不对"),
    (lambda b: _edit(b, box_public=None), "缺少或写错了字段"),
    (lambda b: _edit(b, fingerprint="0000-0000-0000-0000"), "指纹与公钥不符"),
])
def test_garbled_and_hostile_files_are_refused(bare, change, message):
    path, _ = card(bare, bare.maple)
    path.write_bytes(change(path.read_bytes()))
    with pytest.raises(PackageRefused, match=message) as e:
        exchange.preview(bare.street, SYSTEM, path)
    assert "不能登记" in str(e.value)
    with pytest.raises(PackageRefused):
        exchange.enrol(bare.street, SYSTEM, path, "0000-0000-0000-0000")
    assert sites_count(bare.street) == 0


def _edit(raw: bytes, **changes) -> bytes:
    body = json.loads(raw)
    body.update(changes)
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def test_a_newer_file_format_asks_for_an_upgrade(bare):
    path, _ = card(bare, bare.maple)
    path.write_bytes(_edit(path.read_bytes(), format=2))
    with pytest.raises(PackageRefused, match="请先升级本机软件") as e:
        exchange.preview(bare.street, SYSTEM, path)
    assert e.value.reason == "format"


def test_a_missing_file_is_named(bare):
    with pytest.raises(ValidationError, match="登记文件无法读取"):
        exchange.preview(bare.street, SYSTEM, bare.folder / "nowhere.json")


def test_what_may_not_be_enrolled_is_refused(sites, tmp_path):
    street, maple, peace = sites.street, sites.maple, sites.peace
    with pytest.raises(Conflict, match="已经登记过.*不能重复登记"):
        exchange.enrol(street, SYSTEM, *card(sites, maple))
    with pytest.raises(Conflict, match="本站自己的登记文件"):
        exchange.preview(street, SYSTEM, card(sites, street)[0])
    with pytest.raises(Conflict, match="社区之间不直接交换"):
        exchange.preview(maple, SYSTEM, card(sites, peace)[0])
    second_street = make_site("street")
    with pytest.raises(Conflict, match="只与一个街道交换"):
        exchange.preview(maple, SYSTEM, card(sites, second_street, "s2")[0])
    with pytest.raises(Conflict, match="不能登记另一个街道"):
        exchange.preview(street, SYSTEM, card(sites, second_street, "s2")[0])
    # a second PC for 枫林苑社区
    another_maple = make_site("community", 0)
    with pytest.raises(Conflict, match="每个社区只登记一台社区电脑"):
        exchange.preview(street, SYSTEM, card(sites, another_maple, "m2")[0])
    assert sites_count(street) == 2 and sites_count(maple) == 1


def test_a_community_unknown_or_voided_at_the_street_is_refused(bare):
    path, _ = card(bare, bare.maple)
    maple_id = org.list_communities(bare.street)[0].id
    org.void_community(bare.street, SYSTEM, maple_id, "并入和平里社区")
    with pytest.raises(Conflict, match="没有（或已作废）“枫林苑社区”社区"):
        exchange.preview(bare.street, SYSTEM, path)
    elsewhere = make_site("street")
    with pytest.raises(Conflict, match="没有（或已作废）"):
        org.void_community(elsewhere, SYSTEM, org.list_communities(elsewhere)[0].id,
                           "撤销")
        exchange.preview(elsewhere, SYSTEM, path)


def test_only_administrators_enrol_and_void_before_anything_is_read(sites):
    missing = sites.folder / "does-not-exist.json"
    for who in (STAFF, WORKER, MEDIATOR):
        with pytest.raises(PermissionDenied):
            exchange.preview(sites.street, who, missing)
        with pytest.raises(PermissionDenied):
            exchange.enrol(sites.street, who, missing, "")
        with pytest.raises(PermissionDenied):
            exchange.write_enrolment(sites.street, who, sites.folder / "x.json")
        with pytest.raises(PermissionDenied):
            exchange.void_site(sites.street, who, "nobody", "")
    assert not (sites.folder / "x.json").exists()
    assert len(exchange.list_sites(sites.street, STAFF)) == 2
    assert len(exchange.list_sites(sites.maple, WORKER)) == 1
    with pytest.raises(PermissionDenied):
        exchange.list_sites(sites.street, MEDIATOR)


def test_voiding_a_site_then_enrolling_it_again_continues_its_numbers(sites):
    maple_uid = sites.uid(sites.maple)
    for _ in range(2):
        exchange.seal_package(sites.street, SYSTEM, maple_uid, b"x")
    with pytest.raises(ValidationError, match="须说明原因"):
        exchange.void_site(sites.street, SYSTEM, maple_uid, " ")
    with pytest.raises(NotFound):
        exchange.void_site(sites.street, SYSTEM, "ffffffff", "原因")
    voided = exchange.void_site(sites.street, SYSTEM, maple_uid[:8], "社区换电脑")
    assert voided.voided_at and voided.void_reason == "社区换电脑"
    row = sites.street.row("SELECT action, after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    assert row["action"] == "exchange.void_site" and "社区换电脑" in row["after_json"]
    with pytest.raises(NotFound):
        exchange.void_site(sites.street, SYSTEM, maple_uid, "再次")
    assert [p.name for p in exchange.list_sites(sites.street, SYSTEM)] == ["和平里社区"]
    assert len(exchange.list_sites(sites.street, SYSTEM, include_voided=True)) == 2
    again = exchange.enrol(sites.street, SYSTEM, *card(sites, sites.maple))
    assert again.last_sent == 2 and again.voided_at is None
    assert exchange.seal_package(sites.street, SYSTEM, maple_uid, b"x").header.seq == 3


def test_a_community_site_must_name_its_community_first(bare):
    site.set_role(bare.street, SYSTEM, "street", None, "")
    with pytest.raises(ValidationError):
        site.set_role(bare.street, SYSTEM, "community", None, "x")
    assert exchange.own_enrolment(bare.street, SYSTEM).role == "street"


def test_enrol_pair_helper_leaves_both_sides_enrolled(bare):
    enrol_pair(bare.street, bare.peace, bare.folder, "peace")
    assert [p.name for p in exchange.list_sites(bare.peace, SYSTEM)] == ["示例街道"]
