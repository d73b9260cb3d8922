# SPDX-License-Identifier: MIT
"""Synthetic mediation and enforcement cases for the demo database.

Called by ``core.demo.generate`` inside its transaction so a newcomer sees the 人民调解 and
综合执法 pages, their clocks and the home dashboard populated. Unlike the bulk residents, each
case goes through the domains' own core functions (every rule and clock applies, and each
step writes its normal audit row) — there are only a few dozen of them. Parties are made-up
names with valid-format ID numbers of the demo generator; places are 示例 addresses.
"""

from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import ric

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.core import demo_names as vocab
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import decision as ed
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.store import Store

MONTHS = 6
OFFICERS = [("演示执法员甲", "11000001"), ("演示执法员乙", "11000002")]
_DISPUTES = (("邻里纠纷", "楼上漏水造成楼下墙面损坏，双方就赔偿协商不成"),
             ("邻里纠纷", "楼道堆放杂物影响通行，邻里发生争执"),
             ("婚姻家庭纠纷", "赡养费分担发生争议"),
             ("房屋宅基地纠纷", "房屋租赁押金退还发生争议"))
_LEADS = (("patrol", "占道经营", "示例路{n}号门前"),
          ("report", "夜间施工噪音扰民", "示例小区{n}号楼"),
          ("hotline", "楼顶私搭乱建", "示例街{n}号"))


def _person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(vocab.SURNAMES)[0] + rng.choice("明华强伟芳敏静丽军杰")
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
    body = f"110105{born:%Y%m%d}{rng.randrange(100, 999)}"
    return name, body + ric.calc_check_digit(body + "0")


def _parties(rng: random.Random) -> list[dict]:
    out = []
    for role in ("applicant", "respondent"):
        name, number = _person(rng)
        out.append({"role": role, "kind": "person", "name": name, "id_number": number,
                    "phone": f"138{rng.randrange(10**7, 10**8)}", "address": "示例小区"})
    return out


def _day(rng: random.Random, start: dt.date, today: dt.date) -> dt.date:
    return min(start + dt.timedelta(days=rng.randrange(25)), today - dt.timedelta(days=1))


def generate(store: Store, actor: Actor, community_ids: list[int], seed: int) -> tuple[int, int]:
    """Add mediation and enforcement cases over the last six months.

    Returns:
        (mediation cases, enforcement cases) added; (0, 0) when the database already has
        cases of either kind or the lists they need (dispute types) are empty.
    """
    store.require_transaction()
    if mediation.list_source(store, actor).count() or es.list_cases(store):
        return 0, 0
    catalog.load_builtin(store, actor)  # dispute types and powers (idempotent)
    _version, types = mediation.dispute_types(store)
    rng = random.Random(seed)
    today = clock.today()
    starts = [today.replace(day=1)]
    for _ in range(MONTHS - 1):
        starts.append((starts[-1] - dt.timedelta(days=1)).replace(day=1))
    med = sum(_mediation_month(store, actor, community_ids, rng, s, today, types,
                               recent=(i == 0)) for i, s in enumerate(starts)) if types else 0
    powers, _warning = enf.power_choices(store)
    cases = sum(_enforcement_month(store, actor, rng, s, today, powers, recent=(i == 0))
                for i, s in enumerate(starts))
    return med, cases


def _mediation_month(store, actor, community_ids, rng, start, today, types, recent) -> int:
    n = 0
    for _ in range(rng.randint(2, 4)):
        kind, summary = rng.choice(_DISPUTES)
        if kind not in types:
            kind = rng.choice(types)
        day = _day(rng, start, today)
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


def _enforcement_month(store, actor, rng, start, today, powers, recent) -> int:
    n = 0
    for _ in range(rng.randint(1, 3)):
        source, facts, place = rng.choice(_LEADS)
        place = place.format(n=rng.randint(1, 99))
        day = _day(rng, start, today)
        n += 1
        if powers and not (recent and n == 1) and rng.random() < 0.4:  # keep a fresh lead
            name, number = _person(rng)
            fine = rng.choice((50, 100))
            case_id = ed.simple_penalty(store, actor, source, day, place, facts, {
                "kind": "person", "name": name, "id_number": number}, fine,
                powers[0]["item_id"], f"DEMO-{start:%Y%m}-{n}", OFFICERS)
            paid = day + dt.timedelta(days=rng.randint(1, 10))
            if paid < today and rng.random() < 0.85:  # most pay within the 15 days (Art. 67)
                ed.record_payment(store, actor, case_id, paid, fine)
            continue
        lead = enf.register_lead(store, actor, source, day, place, facts, act_on=day)
        if powers and not recent and rng.random() < 0.7:
            filed = min(day + dt.timedelta(days=rng.randint(1, 5)), today)
            enf.file_case(store, actor, lead.case_id, filed, "演示审批人",
                          powers[0]["item_id"])
            name, number = _person(rng)
            enf.add_party(store, actor, lead.case_id, "person", name, number, address=place)
    return n
