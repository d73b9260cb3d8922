# SPDX-License-Identifier: MIT
"""`encryption`: encryption at rest (core/encryption.py)."""

from __future__ import annotations

import getpass
import os

from jiedao_desk.base.errors import PermissionDenied, ValidationError
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import encryption

CODE_ENV = "JIEDAO_DESK_RECOVERY_CODE"


def register(sub) -> None:
    p = sub.add_parser("encryption", help="数据库加密：状态、开启、轮换密钥、恢复加密备份")
    esub = p.add_subparsers(dest="encryption_command", metavar="操作", required=True)
    s = esub.add_parser("status", help="是否已加密、哪些用户持有密钥、还有没有未加密的旧备份")
    s.set_defaults(handler=run_status, system_ok=True)
    on = esub.add_parser("on", help="加密数据库、附件和备份（管理员；用登录密码包装密钥，"
                                    "显示一次恢复码）；已加密时处理剩下的未加密旧备份")
    on.add_argument("--old-backups", **labelled_choice(encryption.OLD_BACKUP_CHOICES,
                                                       "旧备份处理"))
    on.add_argument("--yes", action="store_true", help="确认删除未加密的旧备份")
    on.set_defaults(handler=run_on)
    r = esub.add_parser("rotate-key", help="换新的主密钥并重新加密数据库和附件（管理员）")
    r.set_defaults(handler=run_rotate)
    rs = esub.add_parser("restore", help="把加密备份恢复成新的数据库文件（可在另一台电脑上），"
                                         "用管理员密码（--user）或恢复码")
    rs.add_argument("file", metavar="FILE", help="加密备份文件夹")
    rs.add_argument("--db", dest="new_db", metavar="NEW",
                    help="恢复成的新数据库文件（不能已存在）")
    rs.add_argument("--recovery-code", action="store_true",
                    help=f"用恢复码（环境变量 {CODE_ENV} 或提示输入）代替密码")
    rs.set_defaults(handler=run_restore, system_ok=True)
    rp = esub.add_parser("recover-password",
                         help="管理员密码全部丢失时，凭恢复码为管理员设置新密码（恢复码从"
                              f"环境变量 {CODE_ENV} 或提示输入，新密码从 "
                              "JIEDAO_DESK_NEW_PASSWORD 或输入两次）")
    rp.add_argument("username", help="要重设密码的管理员用户名")
    rp.set_defaults(handler=run_recover_password, system_ok=True)
    nc = esub.add_parser("new-recovery-code",
                         help="换发管理员恢复码（旧恢复码作废，新码只显示一次；管理员）")
    nc.set_defaults(handler=run_new_code)


def run_status(ctx) -> int:
    info = encryption.status(ctx.db_path)
    lines = [f"数据库：{ctx.db_path}",
             "已加密" if info["encrypted"] else "未加密",
             "持有密钥的用户：" + ("、".join(info["holders"]) or "（无）"),
             "恢复码：" + ("已设置" if info["recovery_code"] else "未设置")]
    if info["waiting"]:
        lines.append("还没有密钥、须由管理员重设密码后才能登录的用户："
                     + "、".join(info["waiting"]))
    if info["plain_backups"]:
        lines.append(f"未加密的旧备份：{len(info['plain_backups'])} 份")
    ctx.out(info, "\n".join(lines))
    return 0


def run_on(ctx) -> int:
    actor = ctx.actor
    if ctx.store.key is not None:
        done = encryption.finish_backups(ctx.store, actor, ctx.args.old_backups, ctx.args.yes)
        ctx.out({"encrypted": done.backups_encrypted, "deleted": done.backups_deleted},
                f"数据库已经加密。已加密旧备份 {len(done.backups_encrypted)} 份，"
                f"删除 {len(done.backups_deleted)} 份。")
        return 0
    done = encryption.enable(ctx.store, actor, ctx.login_password, ctx.args.old_backups,
                             ctx.args.yes)
    ctx.out({"recovery_code": done.recovery_code, "encrypted": done.backups_encrypted,
             "deleted": done.backups_deleted}, enabled_text(done))
    return 0


def enabled_text(done: encryption.Enabled) -> str:
    return ("数据库、附件已加密。\n"
            f"管理员恢复码（只显示这一次，请打印或抄下后锁好）：\n\n    {done.recovery_code}\n\n"
            "所有密码都丢失时，凭恢复码才能打开数据库和加密备份。其他用户须由管理员重设密码后"
            "才能登录（重设时为其包装密钥）。"
            + (f"\n已加密旧备份 {len(done.backups_encrypted)} 份。" if done.backups_encrypted
               else "")
            + (f"\n已删除旧备份 {len(done.backups_deleted)} 份。" if done.backups_deleted
               else ""))


def run_rotate(ctx) -> int:
    encryption.rotate(ctx.store, ctx.actor)
    ctx.out({"ok": True}, "已换用新的主密钥。此前的备份和复制出去的文件仍是旧密钥加密的。")
    return 0


def run_restore(ctx) -> int:
    new_db = ctx.args.new_db or ctx.args.db
    if not new_db:
        raise ValidationError("请用 --db 指定恢复成的新数据库文件。", "db")
    if ctx.args.recovery_code:
        code = os.environ.get(CODE_ENV) or getpass.getpass("恢复码：")
        result = encryption.restore_backup(ctx.args.file, new_db, None, code)
    else:
        user = ctx.args.user or os.environ.get("JIEDAO_DESK_USER")
        if not user:
            raise PermissionDenied("请用 --user 指定管理员（密码从环境变量 JIEDAO_DESK_PASSWORD "
                                   "或提示输入），或用 --recovery-code。")
        password = os.environ.get("JIEDAO_DESK_PASSWORD")
        if password is None:
            password = getpass.getpass(f"用户 {user} 的密码：")
        result = encryption.restore_backup(ctx.args.file, new_db, user, password)
    ctx.out({"db": str(result)}, f"已恢复到 {result}（密钥文件在它旁边）。")
    return 0


def new_password() -> str:
    """A new password from JIEDAO_DESK_NEW_PASSWORD, or typed twice."""
    env = os.environ.get("JIEDAO_DESK_NEW_PASSWORD")
    if env is not None:
        return env
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise ValidationError("两次输入的密码不一致。")
    return first


def run_recover_password(ctx) -> int:
    encryption.require_recovery_code(ctx.db_path)  # before asking for the code
    code = os.environ.get(CODE_ENV) or getpass.getpass("恢复码：")
    encryption.reset_with_code(ctx.db_path, code, ctx.args.username, new_password())
    ctx.out({"ok": True}, f"已凭恢复码为管理员 {ctx.args.username} 设置新密码，现在可用新密码登录。"
            "恢复码仍然有效；如担心它已泄露，请登录后换发恢复码（encryption new-recovery-code）。")
    return 0


def run_new_code(ctx) -> int:
    code = encryption.new_recovery_code(ctx.store, ctx.actor, ctx.login_password)
    ctx.out({"recovery_code": code},
            f"新的管理员恢复码（只显示这一次，旧恢复码已作废；请打印或抄下后锁好）：\n\n    {code}")
    return 0
