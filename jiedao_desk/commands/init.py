# SPDX-License-Identifier: MIT
"""`init`: create or migrate the database and load the shipped reference catalogs."""

from __future__ import annotations

from jiedao_desk import registry
from jiedao_desk.core import auth, catalog
from jiedao_desk.domains import org
from jiedao_desk.store import migrations


def register(sub) -> None:
    p = sub.add_parser("init", help="创建或升级数据库，并载入随程序提供的参考目录")
    p.add_argument("--street", help="街道名称（首次设置时）")
    p.set_defaults(handler=run, system_ok=True)


def run(ctx) -> int:
    store = ctx.store  # opening creates and migrates
    if ctx.args.street or auth.has_users(store):
        # Before the first account, creating the file runs as the system. Once accounts
        # exist, upgrading it and loading lists is an administrator's act (--user), and
        # naming the street always is: neither runs unnamed.
        ctx.args.system_ok = False
    loaded = catalog.load_builtin(store, ctx.actor, on_calendar_change=registry.calendar_changed)
    if ctx.args.street:
        org.set_street(store, ctx.actor, ctx.args.street)
    applied = migrations.applied_names(store.db)
    ctx.out({"db": str(ctx.db_path), "migrations": applied, "catalog_versions_loaded": loaded},
            f"数据库：{ctx.db_path}\n结构版本：{applied[-1]}（共{len(applied)}个）\n"
            f"新载入参考目录版本：{len(loaded)} 个")
    return 0
