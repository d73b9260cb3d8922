# SPDX-License-Identifier: MIT
"""Users, passwords and sign-in (the roles and what each may do: core/permissions.py).

Personal data of residents and case files must be protected against leaks and tampering
(条例 第四十一条), so every core function checks the actor's permission itself — the UI
only hides what a role cannot use. Mediation records are confidential from the enforcement
team and enforcement files from mediators (人民调解法 第十五条 requires mediators to keep
parties' secrets). Passwords are hashed with argon2id; repeated failures lock the account.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import (
    Conflict,
    JiedaoError,
    NotFound,
    PermissionDenied,
    StorageError,
    StorageFull,
    StorageReadOnly,
    ValidationError,
)
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.permissions import PERMISSIONS, ROLES, can, community_scope, require
from jiedao_desk.core.settings import Setting
from jiedao_desk.store import Store, faults, vault
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store import users as users_store

if TYPE_CHECKING:
    from argon2 import PasswordHasher

log = logging.getLogger(__name__)

SETTINGS = settings_mod.declare(
    Setting("auth.max_failures", "连续输错密码几次后锁定", 5, "本地安全设置，非法定。", "账户"),
    Setting("auth.lock_minutes", "锁定多少分钟", 15, "本地安全设置，非法定。", "账户"),
    Setting("auth.idle_lock_minutes", "无操作多少分钟后锁定（0 = 不锁定）", 15,
            "本地安全设置，非法定；锁定后本人登录继续原来的工作。", "账户"),
    Setting("auth.min_password_length", "密码最少位数", 10,
            "本地安全设置，非法定；另须难以猜测（密码强度评分不低于3，满分4）。", "账户"),
)

_hasher: PasswordHasher | None = None


def _password_hasher() -> PasswordHasher:
    """argon2id with the library's current defaults, loaded at the first sign-in or new
    password (the sign-in window shows before it is needed)."""
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def _password_matches(stored_hash: str, password: str) -> bool:
    """True when ``password`` is the one ``stored_hash`` was made from."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_password_hasher().verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class User:
    """A user account as shown to administrators (never the hash)."""

    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    community_id: int | None
    locked_until: str | None
    must_change_password: bool
    voided: bool


def _user(row: dict) -> User:
    return User(row["id"], row["username"], row["display_name"], row["role"],
                ROLES.get(row["role"], row["role"]), row["community_id"], row["locked_until"],
                bool(row["must_change_password"]), row["voided_at"] is not None)


def has_users(store: Store) -> bool:
    """True once any user account exists (then the CLI must name a user)."""
    return users_store.count_live(store) > 0


# zxcvbn's warnings, in the words the user reads (its own are English).
_WEAK_REASONS = {
    "common": "这是很常见的密码",
    "repeat": "重复的字符（如 aaa、abcabc）很容易猜到",
    "sequence": "连续的字符（如 abc、1234）很容易猜到",
    "date": "日期和年份很容易猜到",
    "keyboard": "键盘上相邻的按键（如 qwerty）很容易猜到",
    "name": "姓名、用户名很容易猜到",
}


def password_problem(password: str, minimum: int, user_inputs: tuple[str, ...] = ()) -> str:
    """Why ``password`` is too weak (Chinese), or "" if it is acceptable: at least
    ``minimum`` characters that are not spaces, and a zxcvbn score of 3 or more (so a long
    run of one character or a common word with digits is refused however long it is)."""
    if len((password or "").strip()) < minimum:
        return f"密码至少需要{minimum}位（不算首尾空格）。"
    from zxcvbn import zxcvbn  # imported when a password is set, not at start-up

    result = zxcvbn(password, user_inputs=[u for u in user_inputs if u])
    if result["score"] >= 3:
        return ""
    warning = str(result["feedback"].get("warning") or "").lower()
    reason = next((text for key, text in _WEAK_REASONS.items() if key in warning),
                  "这个密码太容易被猜到")
    return (f"{reason}（强度 {result['score']}/4，至少要 3）。请用更长、不常见的组合，"
            "例如几个不相关的词加数字和符号。")


def new_password_problem(store: Store, password: str, *user_inputs: str) -> str:
    """Why ``password`` may not be set here (the street's minimum length, strength), or "".

    Forms ask it as the password is typed; every path that sets a password checks it again."""
    minimum = int(settings_mod.get(store, SETTINGS["auth.min_password_length"]))
    return password_problem(password, minimum, user_inputs)


def _check_password(store: Store, password: str, *user_inputs: str) -> None:
    problem = new_password_problem(store, password, *user_inputs)
    if problem:
        raise ValidationError(problem, "password")


def new_password_hash(store: Store, password: str, *user_inputs: str) -> str:
    """The argon2id hash of a new password that meets the policy (ValidationError, in
    Chinese, when it does not)."""
    _check_password(store, password, *user_inputs)
    return _password_hasher().hash(password)


def _check_role(store: Store, role: str, community_id: int | None) -> None:
    if role not in ROLES:
        raise ValidationError(f"未知角色“{role}”，可选：{'、'.join(ROLES.values())}。", "role")
    if role == "community_worker":
        if community_id is None:
            raise ValidationError("社区工作者必须绑定一个社区。", "community_id")
        row = org_store.get_community(store, community_id)
        if row is None or row["voided_at"]:
            raise ValidationError("所选社区不存在或已作废。", "community_id")
    elif community_id is not None:
        raise ValidationError("只有社区工作者绑定社区。", "community_id")


def username_problem(username: str) -> str:
    """Why ``username`` cannot be a user name (2–30 characters, no spaces), or ""."""
    username = (username or "").strip()
    if not (2 <= len(username) <= 30) or any(c.isspace() for c in username):
        return "用户名应为2-30个字符，不含空格。"
    return ""


def _check_username(username: str) -> str:
    problem = username_problem(username)
    if problem:
        raise ValidationError(problem, "username")
    return username.strip()


def create_first_admin(store: Store, username: str, display_name: str, password: str) -> User:
    """Create the administrator on first run (no default password ever exists)."""
    username = _check_username(username)
    _check_password(store, password, username, display_name)
    with store.atomic():
        if users_store.count_live(store):
            raise Conflict("管理员已经存在，请登录后由管理员新建用户。")
        uid = users_store.insert(store, username, display_name.strip() or username, "admin",
                                 None, _password_hasher().hash(password), False)
        actor = Actor(uid, display_name.strip() or username, "admin")
        audit_store.record(store, actor, "user.create_first_admin", "user", uid, None,
                           {"username": username, "role": "admin"})
    return get_user(store, uid)


def create_user(store: Store, actor: Actor, username: str, display_name: str, role: str,
                password: str, community_id: int | None = None) -> User:
    """Create an account; the user must change the password at first login."""
    require(actor, "user.manage")
    username = _check_username(username)
    _check_role(store, role, community_id)
    _check_password(store, password, username, display_name)
    with store.atomic():
        if users_store.get_by_name(store, username):
            raise Conflict(f"用户名“{username}”已被使用。")
        uid = users_store.insert(store, username, display_name.strip() or username, role,
                                 community_id, _password_hasher().hash(password), True)
        audit_store.record(store, actor, "user.create", "user", uid, None,
                           {"username": username, "role": role, "community_id": community_id})
    vault.password_set(store, username, password)  # an encrypted file opens for them
    return get_user(store, uid)


def get_user(store: Store, user_id: int) -> User:
    """One user (NotFound if missing)."""
    row = users_store.get(store, user_id)
    if row is None:
        raise NotFound(f"没有编号为 {user_id} 的用户。")
    return _user(row)


def list_users(store: Store, actor: Actor) -> list[User]:
    """All accounts (administrators only)."""
    require(actor, "user.manage")
    return [_user(r) for r in users_store.list_users(store)]


# What the user reads when the disk takes no write at sign-in (shown once, at sign-in).
UNRECORDED = {
    StorageFull: "磁盘已满，本次登录记录未能写入审计日志。现在只能查看、导出和备份到其他磁盘，"
                 "任何修改都会被拒绝；请尽快腾出磁盘空间。",
    StorageReadOnly: "数据库现在无法写入（磁盘已满，或文件、磁盘是只读的），本次登录记录未能写入"
                     "审计日志。现在只能查看、导出和备份到其他磁盘，任何修改都会被拒绝。",
    StorageError: "读写磁盘出错，本次登录记录未能写入审计日志。现在只能查看、导出和备份到其他"
                  "磁盘；请检查磁盘。",
}


@contextlib.contextmanager
def _best_effort(what: str, warn: Callable[[str], None] | None) -> Iterator[None]:
    """Run a sign-in's bookkeeping write, going on without it when the disk takes no write.

    A full or read-only disk must not lock everyone out: signing in is what a rescue export
    or a backup to another drive needs first. The write is rolled back (store.atomic), the
    loss is logged, and ``warn`` tells the user once.
    """
    try:
        yield
    except (StorageError, sqlite3.OperationalError) as exc:
        error = exc if isinstance(exc, StorageError) else faults.storage_error(exc)
        if not isinstance(error, StorageError):
            raise
        log.warning("%s not recorded: %s", what, error)
        if warn is not None:
            warn(next(text for kind, text in UNRECORDED.items() if isinstance(error, kind)))


def authenticate(store: Store, username: str, password: str,
                 warn: Callable[[str], None] | None = None) -> Actor:
    """Check a login; count failures and lock the account after too many.

    When the disk takes no write (full, read-only), the check still decides: a right
    password signs in and a wrong one is refused, only the counting and the audit row are
    lost; ``warn`` gets the Chinese notice of that.

    Raises:
        PermissionDenied: wrong name or password (one message for both), locked, voided.
    """
    now = clock.now()
    row = users_store.get_by_name(store, (username or "").strip())
    if row is None or row["voided_at"]:
        raise PermissionDenied("用户名或密码不正确。")
    if row["locked_until"] and dt.datetime.fromisoformat(row["locked_until"]) > now:
        raise PermissionDenied(f"连续输错密码次数过多，账户已锁定到 {row['locked_until'][11:16]}，"
                               "请稍后再试或请管理员解锁。")
    actor = Actor(row["id"], row["display_name"], row["role"], row["community_id"])
    if not _password_matches(row["password_hash"], password or ""):
        limit = int(settings_mod.get(store, SETTINGS["auth.max_failures"]))
        minutes = int(settings_mod.get(store, SETTINGS["auth.lock_minutes"]))
        until = (now + dt.timedelta(minutes=minutes)).isoformat(sep=" ")
        locked = False
        with _best_effort("failed sign-in", warn), store.atomic():
            # BEGIN IMMEDIATE: parallel attempts count one after another
            failures, locked = users_store.record_failure(store, row["id"], limit, until)
            audit_store.record(store, actor, "auth.login_failed", "user", row["id"], None,
                               {"failures": failures, "locked": locked})
        if locked:
            raise PermissionDenied(f"密码连续输错{limit}次，账户已锁定{minutes}分钟。") from None
        raise PermissionDenied("用户名或密码不正确。") from None
    if not vault.holds_key(store, row["username"]):
        # Encryption was turned on by another administrator: this account has no wrapped
        # key, so it could not open the file at the next start; a reset gives it one.
        raise PermissionDenied(vault.NO_KEY_YET)
    with _best_effort("sign-in", warn), store.atomic():
        if not users_store.record_success(store, row["id"], now.isoformat(sep=" ")):
            # locked (or voided) by another attempt while this password was being checked
            raise PermissionDenied("账户已被锁定或停用，请稍后再试或请管理员处理。")
        audit_store.record(store, actor, "auth.login", "user", row["id"])
    return actor


def verify_password(store: Store, actor: Actor, password: str) -> None:
    """Raise PermissionDenied unless ``password`` is the signed-in ``actor``'s own (asked
    again before an action that needs it, such as wrapping the database key)."""
    row = users_store.get(store, actor.user_id) if actor.user_id else None
    if row is None or not _password_matches(row["password_hash"], password or ""):
        raise PermissionDenied("密码不正确。")


def must_change_password(store: Store, actor: Actor) -> bool:
    """True if the user has to set a new password before working."""
    row = users_store.get(store, actor.user_id) if actor.user_id else None
    return bool(row and row["must_change_password"])


def change_password(store: Store, actor: Actor, old: str, new: str) -> None:
    """A user changes their own password."""
    row = users_store.get(store, actor.user_id) if actor.user_id else None
    if row is None:
        raise NotFound("只有登录用户可以修改密码。")
    if not _password_matches(row["password_hash"], old or ""):
        raise PermissionDenied("原密码不正确。")
    if old == new:
        raise ValidationError("新密码不能与原密码相同。", "password")
    _check_password(store, new, row["username"], row["display_name"])
    with store.atomic():
        users_store.update(store, row["id"], password_hash=_password_hasher().hash(new),
                           must_change_password=0)
        audit_store.record(store, actor, "user.change_password", "user", row["id"])
    vault.password_set(store, row["username"], new)


def reset_password(store: Store, actor: Actor, user_id: int, new: str) -> None:
    """An administrator sets a new password (the user must change it at next login)."""
    require(actor, "user.manage")
    user = get_user(store, user_id)
    _check_password(store, new, user.username, user.display_name)
    with store.atomic():
        users_store.update(store, user_id, password_hash=_password_hasher().hash(new),
                           must_change_password=1, failed_count=0, locked_until=None)
        audit_store.record(store, actor, "user.reset_password", "user", user_id)
    vault.password_set(store, user.username, new)


def unlock(store: Store, actor: Actor, user_id: int) -> None:
    """An administrator lifts a lockout."""
    require(actor, "user.manage")
    before = get_user(store, user_id)
    with store.atomic():
        users_store.update(store, user_id, failed_count=0, locked_until=None)
        audit_store.record(store, actor, "user.unlock", "user", user_id,
                           {"locked_until": before.locked_until}, {"locked_until": None})


def void_user(store: Store, actor: Actor, user_id: int, reason: str) -> None:
    """Disable an account (kept for the audit trail, never deleted)."""
    require(actor, "user.manage")
    if actor.user_id == user_id:
        raise Conflict("不能停用自己的账户。")
    user = get_user(store, user_id)
    if user.voided:
        raise Conflict(f"用户“{user.username}”已经停用。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写停用原因。", "reason")
    with store.atomic():
        users_store.update(store, user_id, voided_at=clock.now().isoformat(sep=" "),
                           void_reason=reason)
        audit_store.record(store, actor, "user.void", "user", user_id, None, {"reason": reason})
    vault.user_voided(store, user.username)


def record_refusal(store: Store, actor: Actor, what: str, error: PermissionDenied) -> None:
    """Audit that ``actor`` was refused ``what`` (who, what, when): a run of refusals is how
    someone probing for records they may not read shows up in the log.

    The refusal itself stands even when the log cannot be written (a read-only or full disk):
    the caller shows it either way, so this never raises a database error over it.
    """
    try:
        with store.atomic():
            audit_store.record(store, actor, "auth.refused", "user", actor.user_id, None,
                               {"what": what, "reason": str(error)})
    except (JiedaoError, sqlite3.Error) as exc:
        log.warning("could not audit a refusal of %s to %s: %s", what, actor.name, exc)


__all__ = ["PERMISSIONS", "ROLES", "User", "authenticate", "can", "change_password",
           "community_scope", "create_first_admin", "create_user", "get_user",
           "has_users", "list_users", "must_change_password", "password_problem", "record_refusal",
           "require", "reset_password", "unlock", "void_user"]
