# SPDX-License-Identifier: MIT
"""`check`, `backup`, `restore`, `recover`: keeping the data safe."""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys

from jiedao_desk.base.errors import DatabaseDamaged
from jiedao_desk.core import backup, recover
from jiedao_desk.core.check import check
from jiedao_desk.store.faults import CLI_RECOVER_HINT, storage_error


def register(sub) -> None:
    c = sub.add_parser("check", help="检查数据库完整性、审计链、封存、锚点、文书和附件；"
                                     "有问题时返回非零")
    c.add_argument("--audit-head", action="append", default=[], metavar="HASH",
                   help="月报或别处记下的审计链头哈希：数据库中必须有这一条（可重复）")
    c.set_defaults(handler=run_check, system_ok=True)
    b = sub.add_parser("backup", help="立即备份数据库（含附件），写入后校验")
    b.add_argument("--to", metavar="DIR", help="备份到此目录（默认：数据库旁的 backups）")
    b.set_defaults(handler=run_backup)
    r = sub.add_parser("restore", help="从备份恢复（先自动备份当前数据）")
    r.add_argument("file", metavar="FILE", help="备份文件夹或其中的数据库文件")
    r.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    r.add_argument("--accept-unknown-key", action="store_true",
                   help="备份由另一台电脑的密钥签名、原电脑已无法取回时仍然恢复（记入审计）")
    r.add_argument("--recovery-code", action="store_true",
                   help="轮换密钥之前的加密备份：用当时的管理员恢复码（环境变量 "
                        "JIEDAO_DESK_RECOVERY_CODE 或提示输入）打开；不加时用 --user 的密码")
    r.set_defaults(handler=run_restore)
    ls = sub.add_parser("backups", help="列出已有备份")
    ls.set_defaults(handler=run_list)
    rc = sub.add_parser("recover", help="从损坏的数据库文件抢救可读的数据到新文件（原文件不改动），"
                        "并写出抢救报告；有损失时返回 3")
    rc.add_argument("damaged", metavar="DAMAGED", help="损坏的数据库文件")
    rc.add_argument("-o", "--output", metavar="NEW", required=True,
                    help="抢救到的新数据库文件（不能已存在）；报告写在它旁边")
    # No sign-in: a damaged file cannot be signed in to (core/recover.py says why).
    rc.set_defaults(handler=run_recover, system_ok=True)


def run_check(ctx) -> int:
    try:
        report = check(ctx.store, known_heads=ctx.args.audit_head)
    except (DatabaseDamaged, sqlite3.DatabaseError) as exc:
        # Pages that do not read are the finding itself: reported like any other (exit 3).
        damaged = exc if isinstance(exc, DatabaseDamaged) else storage_error(exc)
        if not isinstance(damaged, DatabaseDamaged):
            raise
        ctx.out({"ok": False, "problems": [{"kind": "damaged", "message": str(damaged)}]},
                f"数据库：{ctx.db_path}\n问题：{damaged}\n{CLI_RECOVER_HINT}\n发现 1 个问题。")
        return 3
    lines = [f"数据库：{ctx.db_path}",
             f"审计记录：{report.audit_rows} 条，链头 {report.audit_head}",
             f"封存：第 {report.seal_head.get('seal_id', 0)} 条"]
    lines += [f"问题：{p.message}" for p in report.problems]
    lines.append("检查通过。" if report.ok else f"发现 {len(report.problems)} 个问题。")
    ctx.out({"ok": report.ok, "audit_rows": report.audit_rows, "audit_head": report.audit_head,
             "seal": report.seal_head,
             "problems": [{"kind": p.kind, "message": p.message, **p.details}
                          for p in report.problems]}, "\n".join(lines))
    return 0 if report.ok else 3


def run_backup(ctx) -> int:
    info = backup.backup_now(ctx.store, "manual", ctx.args.to, actor=ctx.actor)
    ctx.out({"path": str(info.path)}, f"备份完成并已校验：{info.path}")
    return 0


def run_restore(ctx) -> int:
    if not ctx.args.yes:
        if not sys.stdin or not sys.stdin.isatty() or os.environ.get("CI"):
            print("错误：恢复会替换当前全部数据；非交互运行时请加 --yes 确认。", file=sys.stderr)
            return 2
        answer = input(f"将用 {ctx.args.file} 替换 {ctx.db_path} 的全部数据（会先备份当前数据）。"
                       "确认请输入 yes：")
        if answer.strip().lower() != "yes":
            print("已取消。")
            return 1
    actor = ctx.actor
    try:
        safety = backup.restore(ctx.store, actor, ctx.args.file,
                                accept_unknown_key=ctx.args.accept_unknown_key)
    except backup.BackupKeyNeeded:
        # A backup made before a key rotation: its own key file, opened with the recovery
        # code or this administrator's password (if it was the same then).
        secret: tuple[str | None, str]
        if ctx.args.recovery_code:
            secret = (None, os.environ.get("JIEDAO_DESK_RECOVERY_CODE")
                      or getpass.getpass("恢复码："))
        else:
            secret = (ctx.args.user or os.environ.get("JIEDAO_DESK_USER"), ctx.login_password)
        safety = backup.restore(ctx.store, actor, ctx.args.file,
                                accept_unknown_key=ctx.args.accept_unknown_key, secret=secret)
    ctx.out({"restored_from": ctx.args.file, "safety_backup": str(safety.path)},
            f"已恢复。恢复前的数据已备份到：{safety.path}")
    return 0


def run_list(ctx) -> int:
    items = backup.list_backups(ctx.store, ctx.actor)
    ctx.out([{"path": str(b.path), "kind": b.kind, "stamp": b.stamp} for b in items],
            "\n".join(f"{b.stamp}  {b.kind:<14} {b.path}" for b in items) or "（没有备份）")
    return 0


def run_recover(ctx) -> int:
    def show(done: int, total: int, text: str = "") -> None:
        if not ctx.args.json:
            print(f"  [{done}/{total}] {text}", file=sys.stderr)

    from jiedao_desk.store import crypt

    if crypt.is_encrypted(ctx.args.damaged) and crypt.keys_file(ctx.args.damaged).exists():
        ctx.unlock_keys(ctx.args.damaged)  # the key file still opens when the database won't
    result = recover.recover(ctx.args.damaged, ctx.args.output, progress=show)
    ctx.out({"target": str(result.target), "report": str(result.report_path),
             "copied": result.salvage.copied, "check_ok": result.check.ok,
             "tables": [{"name": t.name, "copied": t.copied, "rejected": t.rejected,
                         "lost_at_most": t.lost_at_most, "unreadable": t.unreadable,
                         "lost_ranges": [list(r) for r in t.lost]}
                        for t in result.salvage.tables]},
            result.report + f"\n报告已保存：{result.report_path}")
    return 0 if result.check.ok and not any(
        t.lost or t.rejected or t.unreadable for t in result.salvage.tables) else 3
