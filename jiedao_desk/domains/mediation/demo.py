# SPDX-License-Identifier: MIT
"""Synthetic mediation cases for the demo database (jiedao_desk/demo.py runs this hook).

Each case goes through the domain's own core functions, so every rule and clock applies and
each step writes its normal audit row; there are only a few dozen of them. Parties are
made-up names with valid-format ID numbers; places are 示例 addresses.
"""

from __future__ import annotations

import datetime as dt
import random

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.core.demo import DemoContext, day_in, months, person
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.store import Store

_DISPUTES = (("邻里纠纷", "楼上漏水造成楼下墙面损坏，双方就赔偿协商不成"),
             ("邻里纠纷", "楼道堆放杂物影响通行，邻里发生争执"),
             ("婚姻家庭纠纷", "赡养费分担发生争议"),
             ("房屋宅基地纠纷", "房屋租赁押金退还发生争议"))


def _parties(rng: random.Random) -> list[dict]:
    out = []
    for role in ("applicant", "respondent"):
        name, number = person(rng)
        out.append({"role": role, "kind": "person", "name": name, "id_number": number,
                    "phone": f"138{rng.randrange(10**7, 10**8)}", "address": "示例小区"})
    return out


def generate(store: Store, actor: Actor, ctx: DemoContext) -> int:
    """Add mediation cases over the last months; 0 when the database has cases already or
    the dispute-type list is empty."""
    store.require_transaction()
    rng = ctx.rng("casework")  # shared with the enforcement demo, so the data is reproducible
    if mediation.list_source(store, actor).count():
        return 0
    catalog.load_builtin(store, actor)  # dispute types (idempotent)
    _version, types = mediation.dispute_types(store)
    if not types:
        return 0
    return sum(_month(store, actor, ctx.community_ids, rng, start, ctx.today, types,
                      recent=(i == 0)) for i, start in enumerate(months(ctx.today)))


def _month(store, actor, community_ids, rng, start, today, types, recent) -> int:
    n = 0
    for _ in range(rng.randint(2, 4)):
        kind, summary = rng.choice(_DISPUTES)
        if kind not in types:
            kind = rng.choice(types)
        day = day_in(rng, start, today)
        case = mediation.register_case(
            store, actor, community_id=rng.choice(community_ids), source="application",
            application_form="oral", dispute_type=kind, summary=summary,
            parties=_parties(rng), claims=["请求调解"], received_on=day)
        n += 1
        mediation.accept(store, actor, case.id, on=day)
        if recent and rng.random() < 0.5:
            continue  # accepted this month, work not started yet
        act.assign_mediators(store, actor, case.id, ["演示调解员"])
        act.notify_rights(store, actor, case.id, on=day)
        session = min(day + dt.timedelta(days=rng.randint(3, 12)), today)
        act.add_record(store, actor, case.id, "session", {
            "place": "社区调解室", "matter": summary, "content": "双方陈述，调解员释法说理"},
            on=session)
        if rng.random() < 0.8:
            act.record_agreement(
                store, actor, case.id, written=rng.random() < 0.7, facts=summary,
                terms=["一方赔偿另一方损失", "双方今后互谅互让"],
                amount_yuan=rng.choice((0, 500, 1200, 3000)), manner="现金或转账",
                place="社区调解室", deadline=(session + dt.timedelta(days=30)).isoformat(),
                effective_on=session)
            visit = session + dt.timedelta(days=rng.randint(20, 40))
            if visit < today - dt.timedelta(days=7) and rng.random() < 0.85:
                act.add_record(store, actor, case.id, "follow_up", {
                    "party": "双方当事人", "performance": "已按协议履行，双方表示满意"},
                    on=visit)
        else:
            act.terminate(store, actor, case.id, "一方不同意继续调解",
                          "可以依法向人民法院提起诉讼", on=session)
    return n


