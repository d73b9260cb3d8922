# SPDX-License-Identifier: MIT
"""Synthetic demo data (演示数据): a fictional street, its communities and residents.

The data is reproducible (same seed → same records) and realistic enough to try the app and
to benchmark it at a million residents: common surnames with the occasional rare name
character, valid 18-digit identity numbers (Beijing district codes, GB 11643 check digit),
mobile and landline numbers, estate addresses and households sharing an address.

Nothing here is real: the street is called 示例街道 and every value is drawn at random.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from jiedao_desk.base.errors import Conflict
from jiedao_desk.core import demo_names as vocab
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.domains.residents.service import search_text
from jiedao_desk.store import Store, now_text
from jiedao_desk.store import org as org_store
from jiedao_desk.store import search as search_store

Progress = Callable[[int, int, str], None]

MAX_SIZE = 5_000_000
BATCH = 50_000
FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR = 1930, 2020
# Beijing county-level codes 110101–110119; which are valid depends on the birth year
# (崇文/宣武 until 2010, 房山 from 1986, 密云/延庆 districts from 2015 …).
DISTRICT_CODES = tuple(str(code) for code in range(110101, 110120))
HOME_DISTRICT = "110105"  # most residents of a street were born in its own district
REFERENCE_YEAR = 2026  # for "children have no phone"; fixed so the data never depends on today


@dataclass
class ResidentsDemo:
    """What the residents part of a demo run made."""

    first_id: int
    last_id: int
    communities: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    communities_created: list[str] = field(default_factory=list)
    street_created: bool = False


def _valid_codes_by_year() -> dict[int, tuple[str, ...]]:
    # Ask stdnum (its county table has the validity years) rather than copying the table.
    from stdnum.cn import ric

    out = {}
    for year in range(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1):
        codes = []
        for code in DISTRICT_CODES:
            probe = f"{code}{year}0701001"
            if ric.is_valid(probe + ric.calc_check_digit(probe + "0")):
                codes.append(code)
        out[year] = tuple(codes)
    return out


class _People:
    """Draws households of residents from one random generator."""

    def __init__(self, rng: random.Random, used_ids: set[int]):
        self.rng = rng
        self.used = used_ids  # first 17 digits of every identity number, as integers
        self.codes = _valid_codes_by_year()
        self.surnames = [s for s, _ in vocab.SURNAMES]
        self.surname_cum = list(itertools.accumulate(w for _, w in vocab.SURNAMES))

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.surname_cum)[0]

    def given_name(self, male: bool) -> str:
        rng = self.rng
        pool = vocab.MALE_CHARS if male else vocab.FEMALE_CHARS
        chars = [rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2)]
        if rng.random() < 0.01:
            chars[-1] = rng.choice(vocab.RARE_CHARS)
        return "".join(chars)

    def id_number(self, year: int, male: bool) -> tuple[str, str]:
        """A valid, unused identity number and its ISO birth date."""
        from stdnum.cn import ric

        rng = self.rng
        codes = self.codes[year]
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        ymd = day.strftime("%Y%m%d")
        while True:
            code = HOME_DISTRICT if (HOME_DISTRICT in codes and rng.random() < 0.6) \
                else rng.choice(codes)
            seq = rng.randrange(500) * 2 + (1 if male else 0)  # odd order code = male
            prefix = f"{code}{ymd}{seq:03d}"
            key = int(prefix)
            if key not in self.used:
                self.used.add(key)
                return prefix + ric.calc_check_digit(prefix + "0"), day.isoformat()

    def phone(self, year: int) -> str:
        rng = self.rng
        age = REFERENCE_YEAR - year
        roll = rng.random()
        if age < 12 or roll < 0.04:
            return ""
        if age >= 65 and roll < 0.35:  # older residents often give the home line
            return f"010 6{rng.randrange(1000):03d} {rng.randrange(10000):04d}"
        prefix = rng.choice(vocab.MOBILE_PREFIXES)
        return f"{prefix} {rng.randrange(10000):04d} {rng.randrange(10000):04d}"

    def notes(self, year: int) -> str:
        roll = self.rng.random()
        if REFERENCE_YEAR - year >= 70 and roll < 0.08:
            return self.rng.choice(vocab.ELDER_NOTES)
        return self.rng.choice(vocab.NOTES) if roll > 0.97 else ""

    def address(self, estates: tuple[str, ...]) -> str:
        rng = self.rng
        if rng.random() < 0.12:
            return f"{rng.choice(vocab.HUTONGS)}{rng.randint(1, 68)}号"
        return (f"{rng.choice(estates)}{rng.randint(1, 24)}号楼{rng.randint(1, 6)}单元"
                f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}")

    def household(self) -> list[tuple[str, bool, int]]:
        """Members as (name, male, birth year): a head, maybe a spouse, children, a parent."""
        rng = self.rng
        size = rng.choices((1, 2, 3, 4, 5), weights=(20, 30, 28, 15, 7))[0]
        head_year = rng.randint(FIRST_BIRTH_YEAR, 1998)
        head_male = rng.random() < 0.55
        family = self.surname()
        members = [(family + self.given_name(head_male), head_male, head_year)]
        if size >= 2:
            year = min(max(head_year + rng.randint(-5, 5), FIRST_BIRTH_YEAR), 2000)
            members.append((self.surname() + self.given_name(not head_male), not head_male,
                            year))
        for _ in range(size - len(members)):
            year = head_year + rng.randint(22, 40)
            male = rng.random() < 0.51
            if year > LAST_BIRTH_YEAR:  # too young to have children yet: a parent lives here
                year = max(FIRST_BIRTH_YEAR, head_year - rng.randint(22, 35))
                members.append((self.surname() + self.given_name(male), male, year))
            else:
                surname = family if rng.random() < 0.9 else self.surname()
                members.append((surname + self.given_name(male), male, year))
        return members


def _rows(people: _People, communities: list[tuple[int, tuple[str, ...]]], size: int,
          first_id: int, stamp: str) -> Iterator[tuple]:
    """Resident rows in ``BULK_FIELDS`` order, households together."""
    rng = people.rng
    rid = first_id
    household = 100_000_000 + first_id - 1  # 9-digit household numbers (户号)
    while rid < first_id + size:
        community_id, estates = rng.choice(communities)
        address = people.address(estates)
        household += 1
        for name, male, year in people.household():
            if rid >= first_id + size:
                return
            number, birth = people.id_number(year, male)
            notes = people.notes(year)
            yield (rid, community_id, name, "男" if male else "女", number, birth,
                   people.phone(year), address, str(household), notes, stamp, stamp)
            rid += 1


def _ensure_org(store: Store, result: ResidentsDemo) -> list[tuple[int, tuple[str, ...]]]:
    if org_store.get_street(store) is None:
        org_store.put_street(store, vocab.STREET_NAME, "", vocab.STREET_DISTRICT)
        result.street_created = True
    out: list[tuple[int, tuple[str, ...]]] = []
    used_codes = {c["code"] for c in org_store.list_communities(store)}
    serial = itertools.count(1)
    for name, estates in vocab.COMMUNITIES:
        row = org_store.find_live_community(store, name=name)
        if row is None:
            code = next(c for c in (f"SL{n:03d}" for n in serial) if c not in used_codes)
            used_codes.add(code)
            cid = org_store.insert_community(store, name, code, len(used_codes))
            result.communities_created.append(name)
        else:
            cid = row["id"]
        out.append((cid, estates))
    return out


def generate(store: Store, size: int, seed: int, progress: Progress | None,
             append: bool) -> ResidentsDemo:
    """Add the street, its communities and ``size`` residents (inside the caller's
    transaction; jiedao_desk/demo.py checks the permission and the size).

    Residents go in with ``executemany`` in batches of 50,000, and the search index is filled
    the same way.

    Raises:
        Conflict: residents exist and ``append`` is False.
    """
    store.require_transaction()
    with residents_store.bulk_cache(store):
        existing = residents_store.count(store)
        if existing and not append:
            raise Conflict(f"数据库中已有 {existing:,} 条居民记录；演示数据只能写入空库，"
                           "如确需追加，请选择追加（命令行 --append）。")
        first_id = residents_store.next_id(store)
        result = ResidentsDemo(first_id, first_id + size - 1)
        result.communities = _ensure_org(store, result)
        used = {int(n[:17]) for n in residents_store.live_id_numbers(store)}
        people = _People(random.Random(seed), used)
        rows = _rows(people, result.communities, size, first_id, now_text())
        done = 0
        while batch := list(itertools.islice(rows, BATCH)):
            residents_store.bulk_insert(store, batch)
            search_store.bulk_index(store, residents_store.ENTITY, (
                (r[0], search_text(r[2], r[7], r[8], r[9])) for r in batch))
            done += len(batch)
            if progress:
                progress(done, size, f"已生成 {done:,}/{size:,} 名居民")
    return result
