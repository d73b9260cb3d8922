# SPDX-License-Identifier: MIT
"""What every domain's demo-data hook (``DomainSpec.demo``) is given, and small helpers they
share. The run itself (one transaction, permission, audit row) is jiedao_desk/demo.py.

Nothing made here is real: names are drawn from core/demo_names.py, ID numbers only have a
valid format, places are 示例 addresses.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from jiedao_desk.core import demo_names as vocab

MONTHS = 6  # cases and tickets are spread over this many recent months


@dataclass
class DemoContext:
    """One demo run: its seed, today, and the communities (id, estate names) it filled.

    ``rng(name)`` gives one random generator per name for the whole run, so hooks that share
    a name (the mediation and enforcement cases) draw one reproducible sequence in order.
    """

    seed: int
    today: dt.date
    communities: list[tuple[int, tuple[str, ...]]]
    _rngs: dict[str, random.Random] = field(default_factory=dict)

    @property
    def community_ids(self) -> list[int]:
        """The ids of the communities."""
        return [cid for cid, _ in self.communities]

    def rng(self, name: str) -> random.Random:
        """The run's random generator called ``name`` (seeded with the run's seed)."""
        if name not in self._rngs:
            self._rngs[name] = random.Random(self.seed)
        return self._rngs[name]


def months(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """First days of the last ``count`` months, this month first."""
    starts = [today.replace(day=1)]
    for _ in range(count - 1):
        starts.append((starts[-1] - dt.timedelta(days=1)).replace(day=1))
    return starts


def day_in(rng: random.Random, start: dt.date, today: dt.date) -> dt.date:
    """A day in the month starting ``start``, before today."""
    return min(start + dt.timedelta(days=rng.randrange(25)), today - dt.timedelta(days=1))


def person(rng: random.Random) -> tuple[str, str]:
    """A made-up name and an 18-digit ID number of valid format (born 1950–1989)."""
    from stdnum.cn import ric

    name = rng.choice(vocab.SURNAMES)[0] + rng.choice("明华强伟芳敏静丽军杰")
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
    body = f"110105{born:%Y%m%d}{rng.randrange(100, 999)}"
    return name, body + ric.calc_check_digit(body + "0")
