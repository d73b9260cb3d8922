# SPDX-License-Identifier: MIT
"""Synthetic enforcement cases for the demo database (jiedao_desk/demo.py runs this hook).

Each case goes through the domain's own core functions, so every rule and clock applies and
each step writes its normal audit row; there are only a few dozen of them. Parties are
made-up names with valid-format ID numbers; places are 示例 addresses.
"""

from __future__ import annotations

import datetime as dt

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.core.demo import DemoContext, day_in, months, person
from jiedao_desk.domains.enforcement import cases, decision, execution
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.store import Store

OFFICERS = [("演示执法员甲", "11000001"), ("演示执法员乙", "11000002")]
_LEADS = (("patrol", "占道经营", "示例路{n}号门前"),
          ("report", "夜间施工噪音扰民", "示例小区{n}号楼"),
          ("hotline", "楼顶私搭乱建", "示例街{n}号"))


def generate(store: Store, actor: Actor, ctx: DemoContext) -> int:
    """Add enforcement cases over the last months; 0 when the database has cases already."""
    store.require_transaction()
    rng = ctx.rng("casework")  # shared with the mediation demo, so the data is reproducible
    if es.list_cases(store):
        return 0
    catalog.load_builtin(store, actor)  # powers (idempotent)
    powers, _warning = cases.power_choices(store)
    return sum(_month(store, actor, rng, start, ctx.today, powers, recent=(i == 0))
               for i, start in enumerate(months(ctx.today)))


# Demo provisions, marked as such: the catalogue sample does not give the articles.
DEMO_BASIS = {"basis": "《北京市市容环境卫生条例》第×条（演示）",
              "penalty_basis": "《北京市市容环境卫生条例》第×条第×款（演示）"}


def _month(store, actor, rng, start, today, powers, recent) -> int:
    n = 0
    for _ in range(rng.randint(1, 3)):
        source, facts, place = rng.choice(_LEADS)
        place = place.format(n=rng.randint(1, 99))
        day = day_in(rng, start, today)
        n += 1
        if powers and not (recent and n == 1) and rng.random() < 0.4:  # keep a fresh lead
            name, number = person(rng)
            fine = rng.choice((50, 100))
            party = {"kind": "person", "name": name, "id_number": number, "address": place}
            case_id = decision.simple_penalty(store, actor, source=source, day=day, place=place,
                                              facts=facts, party=party, fine=fine,
                                              power_item_id=powers[0].item_id,
                                              paper_number=f"DEMO-{start:%Y%m}-{n}",
                                              officer_list=OFFICERS,
                                              basis=DEMO_BASIS["basis"],
                                              penalty_basis=DEMO_BASIS["penalty_basis"])
            paid = day + dt.timedelta(days=rng.randint(1, 10))
            if paid < today and rng.random() < 0.85:  # most pay within the 15 days (Art. 67)
                execution.record_payment(store, actor, case_id, paid, fine)
            continue
        lead = cases.register_lead(store, actor, source, day, place, facts, act_on=day)
        if powers and not recent and rng.random() < 0.7:
            filed = min(day + dt.timedelta(days=rng.randint(1, 5)), today)
            cases.file_case(store, actor, lead.case_id, filed, "演示审批人",
                            powers[0].item_id)
            name, number = person(rng)
            cases.add_party(store, actor, lead.case_id, "person", name, number, address=place)
    return n
