# SPDX-License-Identifier: MIT
"""Monthly statistics per committee and the Excel sheet (no party data)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.mediation import stats
from tests.mediation.samples import ID_A, USCC, parties, register, to_agreement


@pytest.fixture
def loaded(store, actor):
    catalog.load_builtin(store, actor)
    return store


def test_monthly_statistics_on_seeded_cases(store, actor, make_community):
    catalog.load_builtin(store, actor)
    a, b = make_community("和平里社区"), make_community("安定门社区")

    def new(cid, source="own_initiative", **kw):
        case = mediation.register_case(store, actor, community_id=cid, source=source,
                                       dispute_type=kw.pop("dtype", "邻里纠纷"), summary="s",
                                       parties=parties(), received_on="2026-11-02")
        return mediation.accept(store, actor, case.id, on="2026-11-02")

    c1 = to_agreement(store, actor, new(a.id),                      # written, 2000.50
                      days=("2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"))
    c2 = new(a.id, dtype="物业纠纷")
    act.assign_mediators(store, actor, c2.id, ["赵调解"])
    act.notify_rights(store, actor, c2.id)
    act.add_record(store, actor, c2.id, "session", {"place": "p", "matter": "m", "content": "c"})
    act.record_agreement(store, actor, c2.id, written=False, facts="f", terms=["t"],
                         amount_yuan=500)
    c3 = new(b.id)
    act.add_record(store, actor, c3.id, "risk", {"sign": "s", "measure": "m",
                                                 "prevented": "criminal", "persons": 4})
    act.terminate(store, actor, c3.id, "拒绝", "诉讼")
    act.add_record(store, actor, c1.id, "follow_up", {"party": "张三", "performance": "已履行"})
    act.apply_judicial_confirmation(store, actor, c1.id, "法院")
    new(b.id)                                                        # still open
    rows = {r.committee: r for r in stats.monthly_stats(store, actor, "2026-11")}
    ha, total = rows["和平里社区人民调解委员会"], rows["合计"]
    assert (ha.accepted, ha.succeeded, ha.written, ha.oral) == (2, 2, 1, 1)
    assert ha.amount_fen == 250050 and ha.success_rate == 100.0
    assert ha.by_type == {"邻里纠纷": 1, "物业纠纷": 1}
    assert (total.accepted, total.succeeded, total.terminated) == (4, 2, 1)
    assert total.success_rate == 50.0 and total.follow_ups == 1 and total.jc_applied == 1
    assert total.by_source == {"own_initiative": 4}
    assert total.as_dict()["prevented"]["防止民转刑"] == [1, 4]
    assert stats.monthly_stats(store, actor, "2026-10")[-1].accepted == 0
    with pytest.raises(ValidationError):
        stats.monthly_stats(store, actor, "2026-13")



def test_statistics_sheet_has_no_id_numbers(loaded, actor, tmp_path):
    case = mediation.accept(loaded, actor, register(loaded, actor, None).id)
    assert case.parties[0].id_number == ID_A
    rows = stats.monthly_stats(loaded, actor, "2026-11")
    stats.write_stats_xlsx(rows, "2026-11", tmp_path / "s.xlsx")
    cells = [str(c.value) for row in load_workbook(tmp_path / "s.xlsx").active.iter_rows()
             for c in row if c.value is not None]
    assert "街道人民调解委员会" in cells
    assert not any(ID_A[:10] in v or USCC[:10] in v or "张三" in v for v in cells)

