# SPDX-License-Identifier: MIT
"""Synthetic domain records for bench_domains.py: 12345 tickets, mediation and enforcement cases.

Rows go in through ``jiedao_desk.store.bulk`` (one ``executemany`` per batch) and the search
index through ``store.search.bulk_index``; the street and its 12 communities come from
``core.demo.generate`` (with a few residents). The data only has to look real to the list,
report and search queries: states, dates over 36 months, return visits, a few void records.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections.abc import Callable, Iterator

from jiedao_desk import demo
from jiedao_desk.core import demo_names as vocab
from jiedao_desk.domains import mediation
from jiedao_desk.domains.hotline import DEMO_CLAIMS
from jiedao_desk.store import Store, bulk, now_text
from jiedao_desk.store import org as org_store
from jiedao_desk.store import search as search_store

MONTHS = 36
BATCH = 50_000
# Share of each state, oldest months (the current month keeps more open tickets).
TICKET_STATES = (("closed", 80), ("replied", 9), ("dispatched", 6), ("received", 3),
                 ("returned", 2))
MEDIATION_STATES = (("archived", 55), ("closed", 15), ("agreed", 8), ("terminated", 7),
                    ("accepted", 8), ("registered", 4), ("refused", 3))
DISPUTES = ("邻里纠纷", "婚姻家庭纠纷", "房屋宅基地纠纷", "物业纠纷", "损害赔偿纠纷", "劳动争议",
            "消费纠纷", "其他纠纷")
ENF_STATES = (("archived", 40), ("closed", 20), ("decided", 15), ("notified", 5), ("filed", 8),
              ("lead", 10), ("not_opened", 2))
ENF_SOURCES = ("patrol", "report", "hotline", "assigned", "transfer")
ENF_ACTS = ("占道经营", "夜间施工噪音扰民", "楼顶私搭乱建", "无照经营", "露天烧烤", "乱贴小广告")
SATISFACTION = (("满意", 60), ("基本满意", 25), ("不满意", 15))


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def months_back(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """First days of the ``count`` months ending with this month, oldest first."""
    out = [today.replace(day=1)]
    for _ in range(count - 1):
        out.append((out[-1] - dt.timedelta(days=1)).replace(day=1))
    return out[::-1]


def _name(rng: random.Random) -> str:
    return rng.choice(vocab.SURNAMES)[0] + rng.choice(vocab.MALE_CHARS + vocab.FEMALE_CHARS)


def _tickets(rng: random.Random, n: int, first_id: int, communities, today: dt.date,
             names: dict[int, str]) -> Iterator[tuple]:
    months = months_back(today)
    now = now_text()
    for i in range(n):
        tid = first_id + i
        start = months[i * len(months) // n]  # evenly spread, ids grow with the date
        day = min(start + dt.timedelta(days=rng.randrange(28)), today)
        at = f"{day.isoformat()} {rng.randint(7, 20):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        cid, estates = rng.choice(communities)
        claim_type, category, title = rng.choice(DEMO_CLAIMS)
        recent = start == months[-1]
        state = _pick(rng, TICKET_STATES) if not recent else rng.choice(
            ("received", "dispatched", "replied", "closed"))
        closed = state == "closed"
        visited = closed and rng.random() < 0.9
        sat = _pick(rng, SATISFACTION) if visited else None
        due = (day + dt.timedelta(days=7)).isoformat() + " 18:00"
        yield (tid, f"{start:%y%m}{tid:09d}", at, f"{start:%Y-%m}", claim_type, "general",
               category, title, f"{title}，请尽快处理", _name(rng),
               f"13{rng.randrange(10**9):09d}", cid,
               f"{rng.choice(estates)}{rng.randint(1, 30)}号楼",
               "主办", "", state, at, due, "community" if state != "received" else None,
               names[cid] if state != "received" else "", at if state != "received" else None,
               at if state in ("replied", "closed") else None, "已处理" if closed else "",
               due if closed else None,
               (1 if rng.random() < 0.95 else 0) if visited else None,
               (1 if rng.random() < 0.75 else 0) if visited else None, sat,
               1 if rng.random() < 0.02 else 0, "import", now, "基准数据", now,
               now if rng.random() < 0.005 else None, None)


def _ticket_text(row: tuple, names: dict[int, str]) -> str:
    # Same fields as core.hotline's index text: number, title, content, category, place, name.
    return " ".join((row[1], row[7], row[8], row[6], row[12], row[9], names[row[11]]))


def _mediation(rng: random.Random, n: int, first_id: int, communities, today: dt.date
               ) -> Iterator[tuple[tuple, list[tuple]]]:
    months = months_back(today)
    now = now_text()
    serials: dict[tuple[str, int], int] = {}
    for i in range(n):
        cid_ = first_id + i
        start = months[i * len(months) // n]
        day = min(start + dt.timedelta(days=rng.randrange(28)), today)
        street = rng.random() < 0.1
        cid = None if street else rng.choice(communities)[0]
        key = "street" if street else f"c:{cid}"
        serial = serials[(key, day.year)] = serials.get((key, day.year), 0) + 1
        state = _pick(rng, MEDIATION_STATES)
        accepted = day.isoformat() if state != "refused" and state != "registered" else None
        outcome = {"agreed": "written", "closed": rng.choice(("written", "oral")),
                   "archived": rng.choice(("written", "oral", "terminated")),
                   "terminated": "terminated"}.get(state)
        end = min(day + dt.timedelta(days=rng.randrange(1, 20)), today).isoformat()
        kind = rng.choice(DISPUTES)
        parties = [(cid_, 1, "applicant", "person", _name(rng)),
                   (cid_, 2, "respondent", "person", _name(rng))]
        yield ((cid_, f"（{day.year}）{'街' if street else f'社{cid}'}调字第{serial}号", day.year,
                serial, key, "street" if street else "community", cid, "application", kind,
                f"{kind}：双方就赔偿协商不成", day.isoformat(), state, accepted, outcome,
                end if outcome else None, rng.randrange(0, 5_000_00) if outcome else 0,
                end if state in ("closed", "archived") else None, now, "基准数据", now,
                now if rng.random() < 0.005 else None, None), parties)


def _enforcement(rng: random.Random, n: int, first_id: int, today: dt.date
                 ) -> Iterator[tuple[tuple, tuple]]:
    months = months_back(today)
    now = now_text()
    for i in range(n):
        eid = first_id + i
        start = months[i * len(months) // n]
        day = min(start + dt.timedelta(days=rng.randrange(28)), today)
        state = _pick(rng, ENF_STATES)
        act = rng.choice(ENF_ACTS)
        place = f"示例路{rng.randint(1, 400)}号"
        filed = day.isoformat() if state not in ("lead", "not_opened") else None
        decided = (min(day + dt.timedelta(days=rng.randrange(5, 40)), today).isoformat()
                   if state in ("decided", "closed", "archived") else None)
        fine = rng.randrange(1, 200) * 100_00 if decided else 0
        paid = decided if decided and state in ("closed", "archived") else None
        yield ((eid, rng.choice(("general", "simple")), state, rng.choice(ENF_SOURCES),
                day.isoformat(), place, f"当事人在{place}{act}", act if filed else "", filed,
                decided, fine, paid, fine if paid else 0, paid, "基准数据", now,
                now if rng.random() < 0.005 else None, None),
               (eid, "person", _name(rng), place, now))


def build(store: Store, tickets: int, mediation_cases: int, enforcement_cases: int, seed: int = 1,
          say: Callable[[str], None] = print) -> dict[str, float]:
    """Fill an empty store; returns seconds per part."""
    rng = random.Random(seed)
    took: dict[str, float] = {}
    t = time.perf_counter()
    demo.generate(store, 1000, seed=seed)  # street, 12 communities, a few demo records
    took["demo (street, communities, 1000 residents)"] = time.perf_counter() - t
    communities = [(c["id"], dict(vocab.COMMUNITIES)[c["name"]])
                   for c in org_store.list_communities(store)]
    names = {c["id"]: c["name"] for c in org_store.list_communities(store)}
    today = dt.date.today()
    with store.atomic():
        t = time.perf_counter()
        rows = _tickets(rng, tickets, bulk.next_id(store, "hotline_ticket"), communities, today,
                        names)
        done = 0
        while batch := list(itertools.islice(rows, BATCH)):
            bulk.insert_rows(store, "hotline_ticket", batch)
            search_store.bulk_index(store, "hotline_ticket", (
                (r[0], _ticket_text(r, names)) for r in batch if r[-2] is None))
            done += len(batch)
            say(f"\r  12345 工单 {done:,}/{tickets:,}（{time.perf_counter() - t:.0f} 秒）")
        took["12345 tickets"] = time.perf_counter() - t
        t = time.perf_counter()
        cases = _mediation(rng, mediation_cases, bulk.next_id(store, "mediation_case"), communities,
                           today)
        while batch := list(itertools.islice(cases, BATCH)):
            bulk.insert_rows(store, "mediation_case", [c for c, _ in batch])
            bulk.insert_rows(store, "mediation_party", [p for _, ps in batch for p in ps])
            search_store.bulk_index(store, mediation.ENTITY, (
                (c[0], mediation.search_text(c[1], "人民调解委员会", c[8], c[9],
                                             [p[4] for p in ps]))
                for c, ps in batch if c[-2] is None))
        took["mediation cases"] = time.perf_counter() - t
        t = time.perf_counter()
        cases = _enforcement(rng, enforcement_cases, bulk.next_id(store, "enforcement_case"), today)
        while batch := list(itertools.islice(cases, BATCH)):
            bulk.insert_rows(store, "enforcement_case", [c for c, _ in batch])
            bulk.insert_rows(store, "enforcement_party", [p for _, p in batch])
            search_store.bulk_index(store, "enforcement_case", (
                (c[0], f"执法案件 （线索）#{c[0]} {p[2]} {c[5]} {c[6]}")
                for c, p in batch if c[-2] is None))
        took["enforcement cases"] = time.perf_counter() - t
    t = time.perf_counter()
    bulk.analyze(store)
    took["ANALYZE"] = time.perf_counter() - t
    say("\n")
    return took
