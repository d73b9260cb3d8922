# SPDX-License-Identifier: MIT
"""Import of city-platform exports: mapping, unknown columns, all-or-nothing, re-import."""

import json

import openpyxl
import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ImportRejected, ValidationError
from jiedao_desk.domains.hotline import (
    actions as hotline_actions,
)
from jiedao_desk.domains.hotline import (
    importing as hotline_import,
)
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline import (
    tickets as hotline,
)

HEADER = ["工单编号", "创建时间", "工单类型", "问题分类", "标题", "主要内容", "来电人",
          "来电人电话/账号", "村/社区", "工单性质", "是否联系", "是否解决", "是否满意", "标签"]


def write(path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def row(no, community="桃园社区", title="占道经营", **kw):
    base = {"time": "2026-10-05 09:30", "type": "投诉", "cat": "城市管理->市容环境->占道经营",
            "content": "早市占道", "name": "保密", "phone": "138****1234", "nature": "主办",
            "contacted": "是", "solved": "否", "sat": "基本满意", "tag": "每月一题"}
    base.update(kw)
    return [no, base["time"], base["type"], base["cat"], title, base["content"], base["name"],
            base["phone"], community, base["nature"], base["contacted"], base["solved"],
            base["sat"], base["tag"]]


@pytest.fixture
def com(make_community):
    return make_community("桃园社区")


def count(store):
    return store.scalar("SELECT count(*) FROM hotline_ticket")


def test_import_creates_tickets_and_keeps_unknown_columns(store, actor, com, tmp_path):
    path = write(tmp_path / "a.xlsx", [row("2610050001"), row("2610050002", title="噪音")])
    result = hotline_import.import_file(store, actor, path)
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    t = hotline.find_ticket(store, actor, "2610050001")
    assert t.community_id == com.id and t.received_at == "2026-10-05 09:30"
    assert t.category == "城市管理->市容环境->占道经营" and t.claim_type == "投诉"
    assert (t.visit_contacted, t.visit_solved, t.visit_satisfaction) == (1, 0, "基本满意")
    assert t.extra == {"标签": "每月一题"}  # no mapping for 标签: kept as JSON
    assert t.source == "import" and t.batch_id == result.batch_id


def test_malformed_row_and_duplicate_write_nothing(store, actor, com, tmp_path):
    path = write(tmp_path / "bad.xlsx", [
        row("2610050001"),
        row("2610050002", time="十月五日"),          # bad time
        row("2610050001"),                           # duplicate in the file
        row("2610050003", community="不存在社区"),    # unknown community
        row("2610050004", sat="还行"),                # not a satisfaction answer
    ])
    with pytest.raises(ImportRejected) as e:
        hotline_import.import_file(store, actor, path)
    found = {(err.row, err.column) for err in e.value.errors}
    assert found == {(3, "受理时间"), (4, "工单编号"), (5, "社区"), (6, "是否满意")}
    assert count(store) == 0
    assert store.scalar("SELECT count(*) FROM hotline_batch") == 0
    assert (tmp_path / "bad.错误报告.xlsx").exists()


def test_reimport_updates_without_duplicates_and_keeps_local_work(store, actor, com, tmp_path):
    hotline_import.import_file(store, actor, write(tmp_path / "a.xlsx", [row("2610050001")]))
    tid = hotline.find_ticket(store, actor, "2610050001").id
    hotline_actions.dispatch(store, actor, tid, office="城管科")
    hotline_actions.record_contact(store, actor, tid, "2026-10-05 10:00", "王芳")
    hotline_actions.add_handling(store, actor, tid, "现场劝离")
    again = write(tmp_path / "b.xlsx", [row("2610050001", solved="是", sat="满意",
                                            content="早市占道（补充）", tag="七有五性"),
                                        row("2610050009")])
    result = hotline_import.import_file(store, actor, again)
    assert (result.created, result.updated) == (1, 1)
    assert count(store) == 2
    t = hotline.get_ticket(store, actor, tid)
    assert t.content == "早市占道（补充）" and t.visit_satisfaction == "满意"
    assert t.visit_solved == 1 and t.extra == {"标签": "七有五性"}
    assert t.assignee == "城管科" and t.state == "dispatched"  # local work kept
    assert t.contact_person == "王芳" and "现场劝离" in t.handling
    assert t.events[-1].kind == "reimport"
    # An unchanged third import changes nothing.
    assert hotline_import.import_file(store, actor, again).updated == 0


def test_saved_mapping_is_used(store, actor, com, tmp_path):
    header = ["单号", "登记时间", "内容", "社区名"]
    path = write(tmp_path / "m.xlsx", [["X1", "2026/10/6 8:05", "路灯不亮", "桃园社区"]], header)
    with pytest.raises(ImportRejected, match="问题") as e:
        hotline_import.import_file(store, actor, path)
    assert {err.column for err in e.value.errors} == {"表头"}
    hotline_import.save_mapping(store, actor, "区平台2026", {
        "单号": "ticket_no", "登记时间": "received_at", "内容": "content", "社区名": "community"})
    hotline_import.import_file(store, actor, path, "区平台2026")
    t = hotline.find_ticket(store, actor, "X1")
    assert t.received_at == "2026-10-06 08:05" and t.content == "路灯不亮"
    with pytest.raises(ValidationError, match="未知字段"):
        hotline_import.save_mapping(store, actor, "坏", {"单号": "nope"})
    with pytest.raises(ValidationError, match="没有名为"):
        hotline_import.import_file(store, actor, path, "不存在")
    saved = json.loads(store.scalar("SELECT mapping FROM hotline_mapping"))
    assert saved["单号"] == "ticket_no"


def test_community_worker_cannot_import_other_community(store, actor, com, make_community,
                                                        tmp_path):
    other = make_community("乙社区")
    worker = Actor(5, "甲", "community_worker", other.id)
    with pytest.raises(ImportRejected) as e:
        hotline_import.import_file(store, worker, write(tmp_path / "w.xlsx", [row("1")]))
    assert e.value.errors[0].column == "社区"
    assert hotline_store.find_by_number(store, "1") is None


def test_worker_import_without_community_column_lands_in_own_community(store, actor, com,
                                                                      tmp_path):
    worker = Actor(5, "甲", "community_worker", com.id)
    path = write(tmp_path / "n.xlsx", [["W9", "2026-10-05 09:30"]], ["工单编号", "受理时间"])
    hotline_import.import_file(store, worker, path)
    assert hotline.find_ticket(store, worker, "W9").community_id == com.id
