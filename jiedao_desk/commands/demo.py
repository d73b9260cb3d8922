# SPDX-License-Identifier: MIT
"""`demo`: fill a database with synthetic residents (示例街道) to try or benchmark the app."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict

from jiedao_desk import demo


def register(sub) -> None:
    """Add the ``demo`` command."""
    p = sub.add_parser("demo", help="生成演示数据（虚构的示例街道、社区和居民）")
    p.add_argument("--size", type=int, required=True, metavar="N", help="居民人数，如 1000000")
    p.add_argument("--seed", type=int, default=1, metavar="S",
                   help="随机种子（相同种子生成相同数据）")
    p.add_argument("--append", action="store_true", help="库中已有居民时仍然追加")
    p.set_defaults(handler=run)


def run(ctx) -> int:
    """Generate demo data, printing progress on stderr."""
    started = time.perf_counter()

    def progress(done: int, total: int, text: str) -> None:
        # On stderr so that --json output stays clean.
        print(f"\r{text}（{time.perf_counter() - started:.1f} 秒）", end="", file=sys.stderr,
              flush=True)

    store = ctx.store
    result = demo.generate(store, ctx.args.size, seed=ctx.args.seed, progress=progress,
                           append=ctx.args.append, actor=ctx.actor)
    print(file=sys.stderr)
    ctx.out(asdict(result),
            f"已生成 {result.residents:,} 名居民（编号 {result.first_id}–{result.last_id}），"
            f"新建社区 {len(result.communities_created)} 个，"
            f"12345工单 {result.hotline_tickets} 张，调解案件 {result.mediation_cases} 件，"
            f"执法案件 {result.enforcement_cases} 件，载入示例清单 {result.sample_catalogs} 个，"
            f"用时 {result.seconds:.1f} 秒")
    return 0
