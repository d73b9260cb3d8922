# SPDX-License-Identifier: MIT
"""Exchange packages on a demo database: the first package (everything) and a month of
changes, street → one community and everything → the street; size, collect and apply time,
and what the change-tracking triggers cost a bulk write (docs/exchange.md, "Choice").

    python benchmarks/bench_exchange.py --size 100000
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import db_path, parser, print_machine  # noqa: E402

from jiedao_desk import demo  # noqa: E402
from jiedao_desk.base.actor import SYSTEM  # noqa: E402
from jiedao_desk.core import catalog, site  # noqa: E402
from jiedao_desk.core.exchange import apply as applying  # noqa: E402
from jiedao_desk.core.exchange import collect as collecting  # noqa: E402
from jiedao_desk.domains import residents  # noqa: E402
from jiedao_desk.domains.org import service as org  # noqa: E402
from jiedao_desk.store import (
    Store,  # noqa: E402
)
from jiedao_desk.store import exchange as ex_store  # noqa: E402


def _timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def _row(label: str, got: collecting.Collected, t_collect: float, t_apply: float,
         applied: applying.Applied) -> None:
    print(f"  {label:<34} {len(got.payload) / 1024:10.0f} KiB  rows {got.rows:>7} "
          f"(+{got.references} ref)  audit {got.audit_entries:>6}  blobs {got.blobs:>4}  "
          f"collect {t_collect:6.2f} s  apply {t_apply:6.2f} s  "
          f"(+{applied.inserted} ~{applied.updated} ={applied.skipped})", flush=True)


def main() -> int:  # noqa: PLR0915 - one scenario, step by step
    p = parser(__doc__ or "", "demo residents")
    p.set_defaults(size=100_000, runs=1)
    p.add_argument("--month", type=float, default=0.05,
                   help="share of residents changed in the month (default 5%%)")
    args = p.parse_args()
    print_machine()
    folder = db_path(args.db, "jiedao-exchange", args.size).with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    for f in folder.glob("*"):
        if f.is_file():
            f.unlink()
    street = Store.open(folder / "street.sqlite3")
    t, made = _timed(lambda: demo.generate(street, args.size, seed=args.seed))
    rows = street.scalar("SELECT COUNT(*) FROM exchange_row")
    print(f"demo --size {args.size:,}: {t:.1f} s, {rows:,} replicated rows, "
          f"{made.hotline_tickets} tickets, {made.mediation_cases} mediation, "
          f"{made.enforcement_cases} enforcement cases")
    # the same demo without the triggers, for what they cost a bulk write
    bare = Store.open(folder / "bare.sqlite3")
    with bare.atomic():
        for (name,) in bare.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                    " AND name LIKE 'exchange\\_%' ESCAPE '\\'").fetchall():
            bare.execute(f'DROP TRIGGER "{name}"')
    t_bare, _ = _timed(lambda: demo.generate(bare, args.size, seed=args.seed))
    bare.close()
    print(f"same demo without the exchange triggers: {t_bare:.1f} s "
          f"(triggers add {100 * (t - t_bare) / t_bare:.0f} %)")

    first = street.row("SELECT id, name, code FROM community ORDER BY id LIMIT 1")
    assert first is not None
    community = Store.open(folder / "community.sqlite3")
    catalog.load_builtin(community, SYSTEM)
    cid = org.add_community(community, SYSTEM, first["name"], first["code"]).id
    site.set_role(community, SYSTEM, "community", cid, "社1")
    hub = Store.open(folder / "hub.sqlite3")  # a second street-role receiver: gets everything
    s_uid, c_uid, h_uid = (ex_store.site_uid(s) for s in (street, community, hub))
    to_c = collecting.Receiver(c_uid, "community", first["id"])
    to_h = collecting.Receiver(h_uid, "street", None)

    def run(label: str, receiver: collecting.Receiver, target: Store, seq: int,
            acked: int) -> None:
        t_c, got = _timed(lambda: collecting.collect(street, receiver, acked))
        with street.atomic():
            collecting.record_sent(street, receiver.uid, seq, got)
        t_a, applied = _timed(lambda: applying.apply(target, SYSTEM, got.payload, s_uid, seq))
        _row(label, got, t_c, t_a, applied)

    print("first package (everything the receiver may see):")
    run("street → one community", to_c, community, 1, 0)
    run("everything → the street", to_h, hub, 1, 0)

    ids = [r[0] for r in street.execute("SELECT id FROM resident WHERE voided_at IS NULL")]
    rng = random.Random(args.seed)
    changed = rng.sample(ids, int(len(ids) * args.month))
    t, _ = _timed(lambda: [residents.update_resident(street, SYSTEM, rid, notes=f"{n}月更新")
                           for n, rid in enumerate(changed)])
    print(f"a month: {len(changed):,} residents changed one by one ({t:.1f} s, "
          f"{1000 * t / max(1, len(changed)):.1f} ms each, one action + audit + seal each)")
    run("month: street → one community", to_c, community, 2, 1)
    run("month: everything → the street", to_h, hub, 2, 1)
    t, again = _timed(lambda: applying.apply(
        hub, SYSTEM, collecting.collect(street, to_h, 1).payload, s_uid, 2))
    print(f"  the month's package again: {t:.2f} s, {again.inserted} inserted, "
          f"{again.updated} updated, {again.skipped} skipped")
    for s in (street, community, hub):
        s.close()
    sizes = {f.name: f.stat().st_size // (1 << 20) for f in folder.glob("*.sqlite3")}
    print(f"database files (MiB): {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
