# SPDX-License-Identifier: MIT
"""The street's monthly report counts the communities' records received by exchange and says
up to when each community's data is complete (the newest package's writing time)."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from openpyxl import load_workbook

from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core import catalog, site
from jiedao_desk.core.exchange import changes
from jiedao_desk.domains import mediation
from jiedao_desk.domains.monthly import pdf as monthly_pdf
from jiedao_desk.domains.monthly import report as monthly
from jiedao_desk.domains.monthly import workbook

PARTIES = [{"role": "applicant", "name": "王建国"}, {"role": "respondent", "name": "李四"}]


@pytest.fixture(autouse=True)
def _early_morning():
    """The sites are set up at 07:00 of the fixed day, so the packages written "at 09:15" and
    "at 16:40" come after it whatever the real time of day the test runs at (a write dated
    before the newest audit row would be a clock set back, refused)."""
    with clock.frozen_at(dt.datetime.combine(clock.today(), dt.time(7, 0))):
        yield


def _uid(store):
    return site.get_site(store).uid


def _case(store):
    cid = store.scalar("SELECT id FROM community WHERE code = 'FL001'")
    case = mediation.register_case(store, SYSTEM, community_id=cid, source="application",
                                   application_form="oral", dispute_type="邻里纠纷",
                                   summary="楼上漏水", parties=PARTIES)
    mediation.accept(store, SYSTEM, case.id)


def _cover_note(path) -> str:
    ws = load_workbook(path)["封面"]
    return next(row[1] for row in ws.iter_rows(values_only=True) if row[0] == "说明")


def test_monthly_report_counts_received_records_and_says_when_they_are_complete(
        sites, tmp_path):
    street, maple = sites.street, sites.maple
    for store in (street, maple):
        catalog.load_builtin(store, SYSTEM)  # the dispute types a mediation case names
    day = clock.today()  # the test session's fixed day
    month = day.strftime("%Y-%m")
    report = monthly.collect(street, SYSTEM, month)
    assert report.value("mediation.accepted") == 0
    text = monthly.exchange_text(report)
    assert "枫林苑社区尚未收到交换包" in text and "和平里社区尚未收到交换包" in text

    with clock.frozen_at(dt.datetime.combine(day, dt.time(9, 15))):
        _case(maple)
        first = changes.export_package(maple, SYSTEM, _uid(street), tmp_path / "1.jdx")
    with clock.frozen_at(dt.datetime.combine(day, dt.time(16, 40))):
        _case(maple)
        second = changes.export_package(maple, SYSTEM, _uid(street), tmp_path / "2.jdx")

    changes.import_package(street, SYSTEM, second.path)
    report = monthly.collect(street, SYSTEM, month)
    assert report.value("mediation.accepted") == 2  # both cases: packages are cumulative
    iso = day.isoformat()
    assert f"枫林苑社区数据完整至{iso} 16:40" in monthly.exchange_text(report)
    assert "和平里社区尚未收到交换包" in monthly.exchange_text(report)

    # the older package read late and the newer one read again change neither figure nor date
    changes.import_package(street, SYSTEM, first.path)
    changes.import_package(street, SYSTEM, second.path)
    report = monthly.collect(street, SYSTEM, month)
    assert report.value("mediation.accepted") == 2
    assert f"枫林苑社区数据完整至{iso} 16:40" in monthly.exchange_text(report)

    # the exported workbook's cover and the PDF summary say it too
    path = workbook.write_workbook(report, tmp_path / "月报.xlsx")
    assert f"枫林苑社区数据完整至{iso} 16:40" in _cover_note(path)
    pdf, _ = monthly_pdf.render_summary(street, report, report)
    (tmp_path / "月报.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(tmp_path / "月报.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert f"枫林苑社区数据完整至{iso} 16:40" in out.replace(" ", "").replace(
        f"{iso}16:40", f"{iso} 16:40")


def test_a_site_without_enrolled_communities_prints_no_exchange_line(bare, tmp_path):
    month = clock.today().strftime("%Y-%m")
    report = monthly.collect(bare.street, SYSTEM, month)
    assert report.complete_to == [] and monthly.exchange_text(report) == ""
    path = workbook.write_workbook(report, tmp_path / "月报.xlsx")
    assert "数据交换" not in _cover_note(path)
