# SPDX-License-Identifier: MIT
"""Demo data includes mediation and enforcement cases made through the domains' core rules."""

from jiedao_desk import demo, registry
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core import todo
from jiedao_desk.domains import enforcement, mediation
from jiedao_desk.domains.monthly import report as monthly

TODO = registry.todo_providers()


def test_demo_cases_populate_mediation_enforcement_and_the_report(store):
    result = demo.generate(store, 50, seed=3)
    assert result.mediation_cases >= 12 and result.enforcement_cases >= 6
    med = store.rows("SELECT state, received_on, community_id FROM mediation_case")
    assert len(med) == result.mediation_cases
    assert all(r["received_on"] <= "2026-11-23" for r in med)
    assert len({r["received_on"][:7] for r in med}) == 6
    assert {"accepted", "agreed"} <= {r["state"] for r in med}
    cases = enforcement.list_cases(store, SYSTEM)
    assert len(cases) == result.enforcement_cases
    assert {"lead", "filed"} <= {c.case.state for c in cases}
    # The figures the dashboard and the workbook show are not empty for a newcomer.
    report = monthly.collect(store, SYSTEM, "2026-10")
    assert report.value("mediation.accepted") == mediation.monthly_stats(
        store, SYSTEM, "2026-10")[-1].accepted > 0
    assert report.value("hotline.received") > 0
    # Clocks of the demo cases reach the home todo list.
    kinds = {item.domain for item in todo.collect(store, SYSTEM, TODO)}
    assert {"mediation", "enforcement"} <= kinds
    # A second (appending) run adds residents but never duplicates the cases.
    again = demo.generate(store, 10, seed=4, append=True)
    assert (again.mediation_cases, again.enforcement_cases) == (0, 0)
