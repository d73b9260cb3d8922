# SPDX-License-Identifier: MIT
"""`todo`: the signed-in user's due list, the same as the home page's (one collector,
core/todo.py, fed by every domain's providers), for printing or scripting each morning."""

from __future__ import annotations

from jiedao_desk import registry
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import todo


def register(sub) -> None:
    """Add the ``todo`` command."""
    p = sub.add_parser("todo", help="我的待办事项（与首页相同，最急的在前）")
    p.add_argument("--status", action="append",
                   **labelled_choice(todo.STATUS_LABELS, "只列出此状态（可重复）"))
    p.add_argument("--limit", type=int, default=0, metavar="N",
                   help="最多列出 N 项（默认全部）")
    p.set_defaults(handler=run)


def run(ctx) -> int:
    """Collect and print the due list."""
    items = todo.collect(ctx.store, ctx.actor, registry.todo_providers())
    total = len(items)
    if ctx.args.status:
        items = [i for i in items if i.status in ctx.args.status]
    if ctx.args.limit > 0:
        items = items[:ctx.args.limit]
    rows = [todo.as_dict(i) for i in items]
    lines = [f"{todo.STATUS_LABELS[i.status]}\t{i.due.isoformat()}\t{i.when}\t{i.title}"
             + ("" if i.confirmed else "\t（期限待核实）") for i in items]
    counts = todo.counts(items)
    lines.append(f"列出 {len(items)} 项（共 {total} 项）：已超期 {counts[todo.OVERDUE]}，"
                 f"即将到期 {counts[todo.DUE_SOON]}，未到期 {counts[todo.OK]}")
    ctx.out(rows, "\n".join(lines))
    return 0
