# SPDX-License-Identifier: MIT
"""Real records for documents and attachments to belong to (core refuses a missing one)."""

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core import catalog
from jiedao_desk.domains import enforcement, mediation, org


def communities(store, n: int = 12) -> list[int]:
    """``n`` communities (ids 1…n in a new database): the plainest records to attach to."""
    return [org.add_community(store, SYSTEM, f"测试{i}社区", f"T{i:03d}").id
            for i in range(1, n + 1)]


def one_case_each(store) -> tuple[int, int]:
    """A mediation case and an enforcement case: (mediation id, enforcement id)."""
    catalog.load_builtin(store, SYSTEM)
    med = mediation.register_case(
        store, SYSTEM, community_id=None, source="own_initiative", dispute_type="邻里纠纷",
        summary="楼上漏水", parties=[{"role": "applicant", "name": "王建国"},
                                  {"role": "respondent", "name": "李四"}])
    lead = enforcement.register_lead(store, SYSTEM, "patrol", "2026-11-20", "和平里3号楼",
                                     "占道经营")
    return med.id, lead.case_id
