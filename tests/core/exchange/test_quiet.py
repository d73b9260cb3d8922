# SPDX-License-Identifier: MIT
"""Sites that have not exchanged for some days (the home page's line), and the summaries the
command line and the page share."""

from __future__ import annotations

import datetime as dt

import pytest

from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core.exchange import changes

READONLY = Actor(None, "查阅员", "readonly")


def quiet(store, day):
    with clock.frozen(day):
        return [(q.name, q.days, q.never) for q in changes.quiet_sites(store, SYSTEM)]


def test_nothing_enrolled_nothing_named(bare):
    assert changes.quiet_sites(bare.street, SYSTEM, days=0) == []


def test_a_site_is_named_from_the_third_silent_day(sites, tmp_path):
    enrolled = clock.today()
    day = [enrolled + dt.timedelta(days=n) for n in range(11)]
    assert quiet(sites.street, day[2]) == []
    assert quiet(sites.street, day[3]) == [("和平里社区", 3, True), ("枫林苑社区", 3, True)]
    with clock.frozen(dt.datetime.combine(day[3], dt.time(10, 0))):
        done = changes.export_package(sites.street, SYSTEM, sites.uid(sites.maple), tmp_path,
                                      to_folder=True)
    assert quiet(sites.street, day[5]) == [("和平里社区", 5, True)]
    assert quiet(sites.street, day[6]) == [("和平里社区", 6, True), ("枫林苑社区", 3, False)]
    # a package received counts as an exchange too
    with clock.frozen(dt.datetime.combine(day[7], dt.time(9, 0))):
        changes.import_package(sites.maple, SYSTEM, done.path)
    assert quiet(sites.maple, day[7]) == []
    assert quiet(sites.maple, day[9]) == []
    assert quiet(sites.maple, day[10])[0][1:] == (3, False)


def test_only_who_may_run_exchanges_is_told(sites):
    with pytest.raises(PermissionDenied):
        changes.quiet_sites(sites.street, READONLY)


def test_summaries_name_what_was_applied(sites, tmp_path):
    done = changes.export_package(sites.street, SYSTEM, sites.uid(sites.maple), tmp_path,
                                  to_folder=True)
    assert changes.export_summary(done).startswith("已写出发给“枫林苑社区”的第 1 号交换包")
    got = changes.import_package(sites.maple, SYSTEM, done.path)
    text = changes.import_summary(got, "（本页）")
    assert text.startswith("已导入“") and "第 1 号交换包：新增" in text
    again = changes.import_package(sites.maple, SYSTEM, done.path)
    assert "以前已经导入，没有改变任何数据" in changes.import_summary(again)
