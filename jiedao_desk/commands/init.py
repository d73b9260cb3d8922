# SPDX-License-Identifier: MIT
"""`init`: create or migrate the database and load the shipped reference catalogs."""

from __future__ import annotations

from jiedao_desk.core import catalog
from jiedao_desk.domains import org
from jiedao_desk.store import migrations


def register(sub) -> None:
    p = sub.add_parser("init", help="创建或升级数据库，并载入随程序提供的参考目录")
    p.add_argument("--street", help="街道名称（首次设置时）")
    p.set_defaults(handler=run, system_ok=True)


def run(ctx) -> int:
    store = ctx.store  # opening creates and migrates
    if ctx.args.street:
        # Naming the street changes data: once accounts exist, only an administrator may
        # (--user); the first set-up, before any account, runs as the system.
        ctx.args.system_ok = False
    loaded = catalog.load_builtin(store, ctx.actor)
    if ctx.args.street:
        org.set_street(store, ctx.actor, ctx.args.street)
    applied = migrations.applied_names(store.db)
    ctx.out({"db": str(ctx.db_path), "migrations": applied, "catalog_versions_loaded": loaded},
            f"数据库：{ctx.db_path}\n结构版本：{applied[-1]}（共{len(applied)}个）\n"
            f"新载入参考目录版本：{len(loaded)} 个")
    return 0
