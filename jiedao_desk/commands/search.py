# SPDX-License-Identifier: MIT
"""`search`: full-text search over every indexed record (the same search as the GUI)."""

from __future__ import annotations

from dataclasses import asdict

from jiedao_desk import registry
from jiedao_desk.core import search


def register(sub) -> None:
    """Add the ``search`` command."""
    p = sub.add_parser("search", help="全文搜索（居民等），多个词须同时匹配")
    p.add_argument("text", nargs="+", metavar="TEXT", help="搜索内容，如 张伟 或 和平里 3号楼")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="最多显示 N 条（默认 50）")
    p.set_defaults(handler=run)


def run(ctx) -> int:
    """Search and print the hits."""
    text = " ".join(ctx.args.text)
    hits = search.search(ctx.store, ctx.actor, text, registry.searchable(),
                         limit=ctx.args.limit)
    lines = [f"{h.label}\t{h.entity_id}\t{h.title}\t{h.snippet}" for h in hits]
    lines.append(f"共 {len(hits)} 条" + ("（已达上限，可用 --limit 调大）"
                                          if len(hits) == ctx.args.limit else ""))
    ctx.out([asdict(h) for h in hits], "\n".join(lines))
    return 0
