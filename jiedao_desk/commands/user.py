# SPDX-License-Identifier: MIT
"""`user`: accounts and roles."""

from __future__ import annotations

from dataclasses import asdict

from jiedao_desk.base.errors import NotFound, PermissionDenied
from jiedao_desk.commands import encryption as enc_commands
from jiedao_desk.core import auth, encryption
from jiedao_desk.store import org as org_store
from jiedao_desk.store import users as users_store


def register(sub) -> None:
    p = sub.add_parser("user", help="用户与角色管理")
    usub = p.add_subparsers(dest="user_command", metavar="操作", required=True)
    a = usub.add_parser("create-admin", help="首次使用：创建管理员（只能在还没有任何用户时）")
    a.add_argument("username")
    a.add_argument("--name", default="", help="显示姓名")
    a.add_argument("--encrypt", action="store_true",
                   help="同时加密数据库（密钥用管理员密码包装，显示一次恢复码）")
    a.set_defaults(handler=run_create_admin, system_ok=True)
    n = usub.add_parser("add", help="新建用户（首次登录须改密码）")
    n.add_argument("username")
    n.add_argument("--role", required=True,
                   help="admin / street_staff / community_worker / mediator / "
                        "enforcement_officer / readonly")
    n.add_argument("--name", default="", help="显示姓名")
    n.add_argument("--community", metavar="CODE", help="社区工作者绑定的社区代码")
    n.set_defaults(handler=run_add)
    ls = usub.add_parser("list", help="列出用户")
    ls.set_defaults(handler=run_list)
    r = usub.add_parser("reset-password", help="管理员重设某用户的密码")
    r.add_argument("username")
    r.set_defaults(handler=run_reset)
    u = usub.add_parser("unlock", help="解除因输错密码导致的锁定")
    u.add_argument("username")
    u.set_defaults(handler=run_unlock)
    w = usub.add_parser("passwd", help="修改自己的密码（临时密码须先改掉才能做别的操作）")
    w.set_defaults(handler=run_passwd, password_change=True)
    v = usub.add_parser("void", help="停用用户（保留记录）")
    v.add_argument("username")
    v.add_argument("--reason", required=True)
    v.set_defaults(handler=run_void)


def _new_password() -> str:
    """New password from JIEDAO_DESK_NEW_PASSWORD or typed twice."""
    return enc_commands.new_password()


def _user_id(ctx, username: str) -> int:
    row = users_store.get_by_name(ctx.store, username)
    if row is None:
        raise NotFound(f"没有用户“{username}”。")
    return row["id"]


def run_create_admin(ctx) -> int:
    password = _new_password()
    u = auth.create_first_admin(ctx.store, ctx.args.username, ctx.args.name, password)
    if not ctx.args.encrypt:
        ctx.out(asdict(u), f"已创建管理员 {u.username}")
        return 0
    actor = auth.authenticate(ctx.store, u.username, password)
    done = encryption.enable(ctx.store, actor, password)
    ctx.out({**asdict(u), "recovery_code": done.recovery_code},
            f"已创建管理员 {u.username}\n" + enc_commands.enabled_text(done))
    return 0


def run_add(ctx) -> int:
    community_id = None
    if ctx.args.community:
        row = org_store.find_live_community(ctx.store, code=ctx.args.community)
        if row is None:
            raise NotFound(f"没有代码为“{ctx.args.community}”的社区。")
        community_id = row["id"]
    actor = ctx.actor
    u = auth.create_user(ctx.store, actor, ctx.args.username, ctx.args.name, ctx.args.role,
                         _new_password(), community_id)
    ctx.out(asdict(u), f"已新建用户 {u.username}（{u.role_label}）")
    return 0


def run_list(ctx) -> int:
    users = auth.list_users(ctx.store, ctx.actor)
    lines = [f"{u.username:<16} {u.display_name:<8} {u.role_label:<8}"
             f"{' 已锁定' if u.locked_until else ''}{' 已停用' if u.voided else ''}" for u in users]
    ctx.out([asdict(u) for u in users], "\n".join(lines) or "（没有用户）")
    return 0


def run_reset(ctx) -> int:
    actor = ctx.actor
    auth.reset_password(ctx.store, actor, _user_id(ctx, ctx.args.username), _new_password())
    ctx.out({"ok": True}, "已重设密码，用户下次登录须修改。")
    return 0


def run_unlock(ctx) -> int:
    auth.unlock(ctx.store, ctx.actor, _user_id(ctx, ctx.args.username))
    ctx.out({"ok": True}, "已解锁。")
    return 0


def run_passwd(ctx) -> int:
    """Change the acting user's own password: the current one is the login password
    (--user), the new one is typed twice or taken from JIEDAO_DESK_NEW_PASSWORD."""
    if not ctx.args.user:
        raise PermissionDenied("请用 --user 用户名 指定要修改密码的用户。")
    actor = ctx.actor
    auth.change_password(ctx.store, actor, ctx.login_password, _new_password())
    ctx.out({"ok": True}, f"用户 {ctx.args.user} 的密码已修改。")
    return 0


def run_void(ctx) -> int:
    auth.void_user(ctx.store, ctx.actor, _user_id(ctx, ctx.args.username), ctx.args.reason)
    ctx.out({"ok": True}, "已停用。")
    return 0
