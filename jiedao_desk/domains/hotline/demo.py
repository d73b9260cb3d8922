# SPDX-License-Identifier: MIT
"""Synthetic 12345 tickets for the demo database (so a newcomer sees a populated page).

The hotline's demo hook (jiedao_desk/demo.py runs it inside the demo transaction). Like the
demo residents, the tickets are written through the store helpers with one audit row for the
whole run (written by the caller), not one per record. Numbers start with "DEMO-" so they can
never be mistaken for the city's (whose format is unknown, reference mediation-hotline.md §8
item 9).
"""

from __future__ import annotations

import datetime as dt
import random

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import demo_names as vocab
from jiedao_desk.core.demo import DemoContext
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.clocks import deadlines
from jiedao_desk.domains.hotline.model import SATISFACTION
from jiedao_desk.domains.hotline.rules import CLOSED, DISPATCHED, RECEIVED
from jiedao_desk.domains.hotline.tickets import index_ticket, normalize
from jiedao_desk.store import Store

MONTHS = 12
# (claim type, category, title) — categories in the "A->B->C" form seen in exports (§4, S).
DEMO_CLAIMS = (
    ("投诉", "城市管理->市容环境->占道经营", "早市摊贩占道经营"),
    ("投诉", "城市管理->市容环境->楼道堆物", "楼道堆放杂物"),
    ("投诉", "社会秩序->噪音扰民->施工噪音", "夜间施工噪音扰民"),
    ("求助", "住房->物业管理->漏水", "楼上漏水协商不成"),
    ("求助", "公共服务->供暖->室温不达标", "暖气不热"),
    ("咨询", "劳动和社会保障->社会保险->医保", "咨询医保报销"),
    ("举报", "城市管理->违法建设->私搭乱建", "楼顶私搭乱建"),
    ("建议", "交通管理->停车管理->停车位", "建议增设非机动车停车棚"),
)


def _when(rng: random.Random, month_start: dt.date, now: dt.datetime) -> dt.datetime:
    day = month_start + dt.timedelta(days=rng.randrange(28))
    at = dt.datetime.combine(day, dt.time(rng.randint(7, 20), rng.choice((0, 15, 30, 45))))
    return min(at, now - dt.timedelta(hours=rng.randint(1, 48)))


def generate(store: Store, actor: Actor, ctx: DemoContext, per_month: int = 30,
             by: str = "演示数据") -> int:
    """Add ``per_month`` tickets for each of the last 12 months; returns how many.

    Older tickets are dispatched, replied and mostly return-visited (so the 三率 trend has
    points); this month's are in every state. Does nothing if any ticket exists already.
    """
    store.require_transaction()
    if hotline_store.count_all(store):
        return 0
    rng = ctx.rng("hotline")
    communities = ctx.communities
    now = clock.now()
    first = clock.today().replace(day=1)
    starts = [first]
    for _ in range(MONTHS - 1):
        starts.append((starts[-1] - dt.timedelta(days=1)).replace(day=1))
    n = 0
    for age, start in enumerate(reversed(starts)):
        recent = age == MONTHS - 1
        for _ in range(per_month):
            n += 1
            claim_type, category, title = rng.choice(DEMO_CLAIMS)
            cid, estates = rng.choice(communities)
            received = _when(rng, start, now)
            given = rng.choice(vocab.MALE_CHARS + vocab.FEMALE_CHARS)
            name = rng.choice(vocab.SURNAMES)[0] + given if rng.random() < 0.6 else "保密"
            v = normalize(store, {
                "ticket_no": f"DEMO-{received:%Y%m%d}-{n:04d}", "received_at": received,
                "claim_type": claim_type, "category": category, "title": title,
                "content": f"{title}，请尽快处理。（演示数据）", "claimant_name": name,
                "claimant_phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                "community_id": cid,
                "place": f"{rng.choice(estates)}{rng.randint(1, 12)}号楼"})
            v["dispatch_due"], v["feedback_due"] = deadlines(store, v["received_at"], "general")
            v["state"], v["source"] = RECEIVED, "manual"
            tid = hotline_store.insert(store, v, by)
            hotline_store.add_event(store, tid, "create", by, to_state=RECEIVED)
            _work(store, rng, tid, received, recent, by)
            index_ticket(store, tid)
    return n


def _work(store: Store, rng: random.Random, tid: int, received: dt.datetime, recent: bool,
          by: str) -> None:
    """Dispatch, reply and visit a ticket as far as its age (and chance) allows."""
    if recent and rng.random() < 0.3:
        return  # still waiting for dispatch

    def stamp(hours: int) -> str:
        return (received + dt.timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M")

    hotline_store.update(store, tid, {"state": DISPATCHED, "assignee_kind": "community",
                                      "assignee": "社区", "dispatched_at": stamp(1),
                                      "contacted_at": stamp(2), "contact_person": "网格员"})
    hotline_store.add_event(store, tid, "dispatch", by, from_state=RECEIVED,
                            to_state=DISPATCHED)
    if recent and rng.random() < 0.5:
        return  # being handled
    closed = min(clock.now(), received + dt.timedelta(days=rng.randint(1, 6)))
    hotline_store.update(store, tid, {"state": CLOSED, "reply": "已协调处理并答复诉求人。",
                                      "closed_at": closed.strftime("%Y-%m-%d %H:%M")})
    hotline_store.add_event(store, tid, "reply", by, from_state=DISPATCHED, to_state=CLOSED)
    if rng.random() < 0.85:
        solved = rng.random() < 0.8
        satisfaction = rng.choices(SATISFACTION,
                                   (0.75, 0.15, 0.1) if solved else (0.2, 0.3, 0.5))[0]
        hotline_store.update(store, tid, {"visit_contacted": int(rng.random() < 0.93),
                                          "visit_solved": int(solved),
                                          "visit_satisfaction": satisfaction})
        hotline_store.add_event(store, tid, "visit", by)
