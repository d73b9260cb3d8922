# SPDX-License-Identifier: MIT
"""Stored due dates follow the working-day calendar: a local override or an imported yearly
notice recomputes every declared date (registry ``due_dates``) in its own transaction."""

import datetime as dt
import re
from pathlib import Path

import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog, workdays
from jiedao_desk.core import settings as settings_core
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.hotline import clocks
from jiedao_desk.domains.hotline import tickets as hotline
from jiedao_desk.store import audit as audit_store

ROOT = Path(__file__).resolve().parents[1] / "jiedao_desk"


@pytest.fixture
def request_id(store, actor, make_community):
    community = make_community("甲社区", "A01")
    # Registered Monday 2026-11-23 (the tests' today), 10 working days to decide (setting):
    # 2026-12-07; the task starts 2027-03-01, apply 20 working days ahead.
    req = access.register_request(
        store, actor, applicant_unit="区统计局", applicant_level="区", title="人口普查入户登记",
        task_type="调查统计", community_ids=[community.id], planned_start="2027-03-01")
    return req.id


def test_a_local_rest_day_moves_an_undecided_requests_deadline(store, actor, request_id):
    before = access.get_request(store, actor, request_id).decide_by
    workdays.set_override(store, actor, "2026-11-30", False, "本地停工",
                          on_calendar_change=registry.calendar_changed)
    after = access.get_request(store, actor, request_id).decide_by
    assert after == before + dt.timedelta(days=1)  # one working day fewer in the period
    audit = [r for r in audit_store.query(store) if r["action"] == "calendar.recompute"]
    assert [(r["entity"], str(r["entity_id"])) for r in audit] == [("access_request",
                                                                   str(request_id))]
    # Removing it moves the date back, also in one transaction with its audit row.
    workdays.remove_override(store, actor, "2026-11-30",
                             on_calendar_change=registry.calendar_changed)
    assert access.get_request(store, actor, request_id).decide_by == before


def test_without_the_hook_nothing_moves_and_a_day_outside_the_period_moves_nothing(
        store, actor, request_id):
    before = access.get_request(store, actor, request_id).decide_by
    workdays.set_override(store, actor, "2026-11-30", False, "本地停工")
    assert access.get_request(store, actor, request_id).decide_by == before
    workdays.remove_override(store, actor, "2026-11-30")
    # A day after the deadline is outside the period: the deadline stays.
    workdays.set_override(store, actor, before + dt.timedelta(days=1), False, "",
                          on_calendar_change=registry.calendar_changed)
    assert access.get_request(store, actor, request_id).decide_by == before


def test_a_failed_recompute_rolls_the_override_back(store, actor, request_id, monkeypatch):
    def broken(store_, actor_):
        raise ValidationError("重算失败")

    with pytest.raises(ValidationError):
        workdays.set_override(store, actor, "2026-11-30", False, "", on_calendar_change=broken)
    assert workdays.load_calendar(store).is_workday(dt.date(2026, 11, 30))


NOTICE = """
[catalog]
key = "holiday_notice"
title = "国务院办公厅关于2027年部分节假日安排的通知（测试）"

[version]
label = "2027"
issuer = "测试数据"
doc_number = ""
effective_from = "2027-01-01"
effective_to = "2027-12-31"
source_urls = []
confidence = "unknown"
notes = "测试用，非正式通知"

[[items]]
seq = 1
code = "2027-02-22"
text = "测试休息日"
category = "holiday"
"""


def test_an_imported_notice_moves_a_ticket_counted_in_working_days(store, actor, tmp_path):
    settings_core.set_value(store, actor, clocks.SETTINGS["hotline.feedback_day_kind"], "工作日")
    tid = hotline.add_ticket(store, actor, {
        "ticket_no": "T1", "received_at": "2027-02-18 09:00", "claim_type": "投诉",
        "title": "楼道堆物"})
    before = hotline.get_ticket(store, actor, tid).feedback_due
    assert before == "2027-03-01 09:00"  # 7 working days from Thursday 2027-02-18
    path = tmp_path / "holiday_notice--2027.toml"
    path.write_text(NOTICE, encoding="utf-8")
    catalog.import_version(store, actor, path, on_calendar_change=registry.calendar_changed)
    assert hotline.get_ticket(store, actor, tid).feedback_due == "2027-03-02 09:00"


def test_calendar_day_tickets_do_not_move(store, actor):
    tid = hotline.add_ticket(store, actor, {
        "ticket_no": "T1", "received_at": "2026-11-20 09:00", "title": "楼道堆物"})
    before = hotline.get_ticket(store, actor, tid).feedback_due
    workdays.set_override(store, actor, "2026-11-24", False, "",
                          on_calendar_change=registry.calendar_changed)
    assert hotline.get_ticket(store, actor, tid).feedback_due == before


def test_every_domain_declares_its_stored_due_dates():
    assert {d.entity for d in registry.due_dates()} == {"access_request", "hotline_ticket",
                                                       "enforcement_case"}


CHANGES = re.compile(r"\b(?:workdays\.set_override|workdays\.remove_override|"
                     r"catalog\.import_version|catalog\.void_version|catalog\.load_builtin)\(")


def test_the_shell_passes_the_recompute_to_every_calendar_change():
    # The app and the command line change the calendar only with the recompute attached;
    # the domains' demo hooks load the shipped lists before any record exists.
    missing = []
    for path in [*ROOT.glob("commands/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "cli.py"]:
        text = path.read_text(encoding="utf-8")
        for m in CHANGES.finditer(text):
            call = text[m.start():text.index(")", text.index("(", m.start())) + 200]
            if "on_calendar_change=registry.calendar_changed" not in call:
                missing.append(f"{path.name}: {m.group(0)}")
    assert not missing
