# SPDX-License-Identifier: MIT
"""What the seals cost: writes, bulk loads, check and backup, against the same work unsealed.

The baseline runs in the same process on the same machine: a store whose connection does not
track or seal (``Store._sealing`` off, which is what a database before seals did), so the
figures are ratios, not absolute times.

    python benchmarks/bench_integrity.py                 # 100,000 residents
    python benchmarks/bench_integrity.py --size 20000 --runs 5
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import ms, parser, print_machine, print_peak_memory  # noqa: E402

from jiedao_desk import demo  # noqa: E402
from jiedao_desk.base.actor import SYSTEM  # noqa: E402
from jiedao_desk.core import backup, check  # noqa: E402
from jiedao_desk.domains.org import service as org  # noqa: E402
from jiedao_desk.store import Store  # noqa: E402


def _build(path: Path, size: int, seed: int, sealed: bool) -> float:
    store = Store.open(path)
    if not sealed:
        store.stop_sealing()
    start = time.perf_counter()
    demo.generate(store, size=size, seed=seed)
    took = time.perf_counter() - start
    store.close()
    return took


def _writes(store: Store, runs: int, tag: str) -> float:
    counter = iter(range(10**6))

    def one() -> None:
        n = next(counter)
        org.add_community(store, SYSTEM, f"基准{tag}{n}", f"B{tag}{n}")

    return ms(one, runs * 10)[0]


def main() -> int:
    p = parser(__doc__ or "", "residents in the demo data (default 100,000)")
    p.set_defaults(size=100_000)
    args = p.parse_args()
    print_machine()
    work = Path(tempfile.mkdtemp(prefix="jiedao-bench-seal-"))
    try:
        times: dict[bool, list[float]] = {False: [], True: []}
        for round_ in range(2):  # interleaved, best of two: the first build warms the caches
            for with_seals in (False, True):
                folder = work / f"{'sealed' if with_seals else 'plain'}-{round_}"
                times[with_seals].append(_build(folder / "db.sqlite3", args.size, args.seed,
                                                sealed=with_seals))
        t_plain, t_sealed = min(times[False]), min(times[True])
        plain, sealed = work / "plain-1" / "db.sqlite3", work / "sealed-1" / "db.sqlite3"
        print(f"demo.generate {args.size:,} residents: unsealed {t_plain:.1f} s, "
              f"sealed {t_sealed:.1f} s, ratio {t_sealed / t_plain:.2f}")
        print(f"database file: unsealed {plain.stat().st_size / 2**20:.0f} MiB, "
              f"sealed {sealed.stat().st_size / 2**20:.0f} MiB")

        s_plain, s_sealed = Store.open(plain), Store.open(sealed)
        s_plain.stop_sealing()
        w_plain, w_sealed = _writes(s_plain, args.runs, "p"), _writes(s_sealed, args.runs, "s")
        print(f"one action (add a community), median: unsealed {w_plain:.2f} ms, "
              f"sealed {w_sealed:.2f} ms, ratio {w_sealed / w_plain:.2f}")
        start = time.perf_counter()
        report = check.check(s_sealed)
        print(f"check (every seal, row, PDF and attachment): {time.perf_counter() - start:.1f} s,"
              f" {'ok' if report.ok else report.problems[:3]}")
        start = time.perf_counter()
        backup.backup_now(s_sealed, "manual", to_dir=work / "backups")
        print(f"verified backup with manifest: {time.perf_counter() - start:.1f} s")
        s_plain.close()
        s_sealed.close()
        print_peak_memory()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
