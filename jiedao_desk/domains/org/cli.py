# SPDX-License-Identifier: MIT
"""`org`: the street and its communities."""

from __future__ import annotations

from dataclasses import asdict

from jiedao_desk.domains.org import service as org


def register(sub) -> None:
    p = sub.add_parser("org", help="街道与社区设置")
    osub = p.add_subparsers(dest="org_command", metavar="操作", required=True)
    s = osub.add_parser("street", help="设置街道名称、代码、所属区")
    s.add_argument("name")
    s.add_argument("--code", default="")
    s.add_argument("--district", default="")
    s.set_defaults(handler=run_street)
    a = osub.add_parser("add-community", help="新增社区")
    a.add_argument("name")
    a.add_argument("code")
    a.set_defaults(handler=run_add)
    ls = osub.add_parser("list", help="列出街道和社区")
    ls.set_defaults(handler=run_list)


def run_street(ctx) -> int:
    st = org.set_street(ctx.store, ctx.actor, ctx.args.name, ctx.args.code, ctx.args.district)
    ctx.out(asdict(st), f"街道：{st.name}")
    return 0


def run_add(ctx) -> int:
    c = org.add_community(ctx.store, ctx.actor, ctx.args.name, ctx.args.code)
    ctx.out(asdict(c), f"已新增社区 {c.name}（{c.code}），编号 {c.id}")
    return 0


def run_list(ctx) -> int:
    st = org.get_street(ctx.store)
    cs = org.list_communities(ctx.store)
    lines = [f"街道：{st.name if st else '（未设置）'}"]
    lines += [f"  {c.id:>4} {c.code:<12} {c.name}" for c in cs]
    ctx.out({"street": asdict(st) if st else None, "communities": [asdict(c) for c in cs]},
            "\n".join(lines))
    return 0
