# SPDX-License-Identifier: MIT
"""jiedao-desk-cli: the app's actions without a window (automation, tests, district IT).

Each command group is a module with ``register(sub)``: a domain's own commands live in its
package (``domains/<name>/cli.py``), the shared ones in ``commands/``; the domain specs list
them (jiedao_desk/registry.py). The handlers call the same core functions as the GUI.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk import __version__
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import ClockBehind, JiedaoError, PermissionDenied

if TYPE_CHECKING:  # imported when first used, so `--help` starts fast
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.store import Store


class Context:
    """What a command handler gets: parsed args, the store (opened lazily) and output."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._store: Store | None = None
        self._actor: Actor | None = None
        self.login_password = ""  # the --user password, for `user passwd` only
        self._typed_password: str | None = None

    @property
    def db_path(self) -> Path:
        from jiedao_desk.paths import default_db_path

        return Path(self.args.db) if self.args.db else default_db_path()

    @property
    def store(self) -> Store:
        """The database named by --db (or the default one), opened on first use."""
        if self._store is None:
            from jiedao_desk.store import Store

            self._store = Store.open(self.db_path)
        return self._store

    @property
    def actor(self) -> Actor:
        """The acting user: --user (password from JIEDAO_DESK_PASSWORD or a prompt), or the
        system for commands marked ``system_ok`` (they read no record). A database without
        any user refuses every other command until ``user create-admin``."""
        if self._actor is None:
            from jiedao_desk.base.actor import SYSTEM
            from jiedao_desk.base.errors import PermissionDenied
            from jiedao_desk.core import auth

            # A scheduled job names its user in the environment like its password.
            user = self.args.user or os.environ.get("JIEDAO_DESK_USER")
            if user:
                password = os.environ.get("JIEDAO_DESK_PASSWORD", self._typed_password)
                if password is None:
                    password = getpass.getpass(f"用户 {user} 的密码：")
                    self._typed_password = password  # a rerun after --clock-reason asks no more
                actor = auth.authenticate(self.store, user, password, warn=_notice)
                if auth.must_change_password(self.store, actor) and \
                        not getattr(self.args, "password_change", False):
                    # A temporary password set by an administrator opens nothing but the
                    # change itself (the GUI asks at login the same way).
                    raise PermissionDenied(
                        f"用户 {user} 的密码是管理员设置的临时密码，须先修改："
                        f"jiedao-desk-cli --user {user} user passwd")
                self.login_password = password
                self._actor = actor
            elif getattr(self.args, "system_ok", False):
                self._actor = SYSTEM
            elif not auth.has_users(self.store):
                # A file without accounts (new, or restored from a bad copy) opens nothing
                # but the first administrator: no one acts unnamed (个人信息保护法 第五十一条).
                raise PermissionDenied("此数据库还没有用户：请先创建管理员（jiedao-desk-cli user "
                                       "create-admin 用户名），再用 --user 指定操作人。")
            else:
                raise PermissionDenied("此数据库已设置用户：请用 --user 用户名 指定操作人"
                                       "（密码从提示输入，或放在环境变量 JIEDAO_DESK_PASSWORD）。")
        return self._actor

    @property
    def signed_in(self) -> Actor | None:
        """The user who signed in for this command, if anyone did."""
        return self._actor

    def out(self, data: Any, text: str | None = None) -> None:
        """Print ``data`` as JSON with --json, else ``text`` (or a plain rendering)."""
        if self.args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            print(text if text is not None else data)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _notice(text: str) -> None:
    """Tell the user something that does not stop the command (on stderr, so --json output
    stays parseable)."""
    print(f"注意：{text}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (tests/test_docs.py checks every command is documented)."""
    parser = argparse.ArgumentParser(
        prog="jiedao-desk-cli", description="街道工作台 命令行工具 (jiedao-desk command line)")
    parser.add_argument("--version", action="version", version=f"jiedao-desk {__version__}")
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认：用户数据目录）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument("--user", metavar="NAME",
                        help="以此用户身份操作（密码：环境变量 JIEDAO_DESK_PASSWORD 或提示输入）")
    parser.add_argument("--clock-reason", metavar="TEXT",
                        help="电脑时间早于最近一次操作时，说明原因后继续（原因记入审计日志）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from jiedao_desk import registry

    for name in registry.cli_modules():
        importlib.import_module(name).register(sub)
    return parser


def command_name(parser: argparse.ArgumentParser, argv: list[str] | None) -> str:
    """The command's words in ``argv`` ("mediation show"), for the audit log."""
    words: list[str] = []
    current: argparse.ArgumentParser | None = parser
    for token in sys.argv[1:] if argv is None else argv:
        subs = [a for a in current._actions if isinstance(a, argparse._SubParsersAction)] \
            if current else []
        if subs and token in subs[0].choices:
            words.append(token)
            current = subs[0].choices[token]
    return " ".join(words)


def _run(ctx: Context) -> int:
    if not getattr(ctx.args, "system_ok", False) and ctx.db_path.exists():
        # Every command that reads or writes the database acts as a signed-in user once
        # accounts exist: a read is as confidential as a write (个人信息保护法 第五十一条).
        ctx.actor  # noqa: B018 - signs in (or refuses) before the command runs
    return int(ctx.args.handler(ctx) or 0)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``jiedao-desk-cli``; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    ctx = Context(args)
    try:
        try:
            return _run(ctx)
        except ClockBehind as e:
            if not (args.clock_reason or "").strip():
                raise
            # The refused write rolled back: record the reason, then run the command again.
            from jiedao_desk.core import audit as core_audit

            core_audit.explain_clock(ctx.store, e.actor or SYSTEM, args.clock_reason)
            return _run(ctx)
    except JiedaoError as e:
        print(f"错误：{e}", file=sys.stderr)
        if isinstance(e, ClockBehind):
            print("如确需继续，请加上 --clock-reason \"原因\" 重新运行。", file=sys.stderr)
        if isinstance(e, PermissionDenied) and ctx.signed_in is not None:
            from jiedao_desk.core import auth  # loaded by the sign-in already

            auth.record_refusal(ctx.store, ctx.signed_in, command_name(parser, argv), e)
        return 1
    except BrokenPipeError:  # output piped into `head` or `more` that stopped reading
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
        return 0
    except (sqlite3.Error, OSError) as e:  # a damaged file, a full or read-only disk: in Chinese
        from jiedao_desk.store.faults import storage_error

        error = storage_error(e)
        if error is None:
            raise
        print(f"错误：{error}", file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
