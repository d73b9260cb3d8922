# SPDX-License-Identifier: MIT
"""jiedao-desk-cli: the app's actions without a window (automation, tests, district IT).

Each command group is a module with ``register(sub)``: a domain's own commands live in its
package (``domains/<name>/cli.py``), the shared ones in ``commands/``; the domain specs list
them (jiedao_desk/registry.py). The handlers call the same core functions as the GUI.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import importlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from jiedao_desk import version
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import ClockBehind, DatabaseDamaged, JiedaoError, PermissionDenied

if TYPE_CHECKING:  # imported when first used, so `--help` starts fast
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.store import Store



def _finish_restore(store: Store) -> None:
    """Record a restore a killed process left without its audit row (core/backup.py)."""
    from jiedao_desk.base.errors import StorageError
    from jiedao_desk.core import backup  # only once a database is opened

    with contextlib.suppress(StorageError):  # a full or read-only disk: the next opening
        backup.finish_restore(store)

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
            from jiedao_desk.store import Store, crypt

            if crypt.is_encrypted(self.db_path) and crypt.keys_file(self.db_path).exists() \
                    and crypt.unlocked_key(self.db_path) is None:
                self._unlock()
            from jiedao_desk import registry

            self._store = registry.attach(Store.open(self.db_path))
            _finish_restore(self._store)
        return self._store

    def _password(self, user: str) -> str:
        password = os.environ.get("JIEDAO_DESK_PASSWORD", self._typed_password)
        if password is None:
            password = getpass.getpass(f"用户 {user} 的密码：")
            self._typed_password = password  # a rerun after --clock-reason asks no more
        return password

    def _unlock(self) -> None:
        """Unlock an encrypted database with the --user's password (core/encryption.py)."""
        from jiedao_desk.core import encryption

        encryption.unlock(self.db_path, *self._credentials())

    def _credentials(self) -> tuple[str, str]:
        user = self.args.user or os.environ.get("JIEDAO_DESK_USER")
        if not user:
            raise PermissionDenied("数据库已加密：请用 --user 用户名 登录解锁（密码从提示输入，"
                                   "或放在环境变量 JIEDAO_DESK_PASSWORD）。")
        return user, self._password(user)

    def unlock_keys(self, db: str | Path) -> None:
        """Unwrap the key of an encrypted file that may not open (a damaged one, to salvage
        it): the key file alone decides."""
        from jiedao_desk.core import encryption

        encryption.unlock_key_only(db, *self._credentials())

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
                password = self._password(user)
                actor = auth.authenticate(self.store, user, password, warn=_notice)
                if self.store.key is not None:  # failed unlocks into the audit log
                    from jiedao_desk.core import encryption

                    encryption.record_unlock_failures(self.store, actor)
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


# argparse's own texts (its gettext message ids, Python 3.11) in Chinese. argparse binds
# gettext at import time to the default domain, so a catalogue for it would change every
# program's texts in the process; the parser below translates its messages here instead.
_ARGPARSE_ZH = {
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "ignored explicit argument %r": "此选项不带值：%r",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选择：%(value)r（可选：%(choices)s）",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "没有命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开文件“%(filename)s”：%(error)s",
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _pattern(msgid: str) -> re.Pattern[str]:
    """A regular expression matching ``msgid`` once its placeholders are filled in."""
    parts, last = [], 0
    for n, m in enumerate(_PLACEHOLDER.finditer(msgid)):
        parts.append(re.escape(msgid[last:m.start()]))
        name = m.group(1) or f"_{n}"
        parts.append(f"(?P<{name}>.+?)")
        last = m.end()
    parts.append(re.escape(msgid[last:]))
    return re.compile("".join(parts) + r"\Z", re.S)


_TRANSLATIONS = [(_pattern(msgid), zh) for msgid, zh in _ARGPARSE_ZH.items()]


def argparse_message(text: str) -> str:
    """argparse's English ``text`` in Chinese (a message it did not write stays as it is;
    the inner message of "argument X: …" is translated too)."""
    for pattern, zh in _TRANSLATIONS:
        m = pattern.match(text)
        if m is None:
            continue
        values = m.groupdict()
        if "message" in values:
            values["message"] = argparse_message(values["message"])
        positional = [values[k] for k in sorted(k for k in values if k.startswith("_"))]
        return _fill(zh, values, positional)
    return text


def _fill(template: str, values: dict[str, str], positional: list[str]) -> str:
    """``template`` with its named and its unnamed placeholders filled in."""
    return _PLACEHOLDER.sub(
        lambda p: values[p.group(1)] if p.group(1) else positional.pop(0), template)


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (reading the
    package metadata costs more than most commands)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: D102
        print(f"jiedao-desk {version()}")  # on stdout, as argparse's own version action
        parser.exit()


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with its words in Chinese."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: D102
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return "值"


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: headings, -h, usage and every error message.

    Sub-command parsers are of the same class (argparse makes them with ``type(self)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # our own -h, with Chinese help
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示此帮助并退出")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # A choice among codes with labels lists both, so the user sees what to type.
        choices = action.choices
        if choices is None or value in choices:
            return
        if isinstance(action, argparse._SubParsersAction):
            raise argparse.ArgumentError(
                None, f"没有命令“{value}”（可选：{'、'.join(choices)}）")
        if isinstance(choices, Mapping) and all(isinstance(v, str) for v in choices.values()):
            listing = "、".join(f"{k}（{v}）" for k, v in choices.items())
        else:
            listing = "、".join(str(c) for c in choices)
        raise argparse.ArgumentError(action, f"无效的选择：“{value}”（可选：{listing}）")

    def error(self, message: str) -> NoReturn:  # noqa: D102
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{argparse_message(message)}\n")


# Placeholders in usage lines and error messages, in Chinese: the names of positional
# arguments (their dest) and the English metavars the command modules give.
_PLACEHOLDERS = {
    "code": "代码", "date": "日期", "file": "文件", "id": "编号", "item_seq": "条目序号",
    "key": "目录键", "kind": "种类", "n": "数量", "name": "名称", "no": "编号",
    "username": "用户名", "CODE": "代码", "FILE": "文件", "DIR": "文件夹", "NAME": "名称",
    "ID": "编号", "TEXT": "文字", "SEQ": "序号", "N": "数量", "KIND": "种类", "TYPE": "类型",
    "TIME": "时间", "NUMBER": "号码", "NO": "编号", "NEW": "新文件", "KEY": "键",
    "HASH": "校验值", "FORM_ID": "报表标识", "DAMAGED": "损坏的文件", "XLSX": "文件.xlsx",
    "JSON_FILE": "文件.json", "S": "状态", "E": "记录种类", "KEY=VALUE": "项=值",
    "FILE.xlsx": "文件.xlsx", "FILE.pdf": "文件.pdf", "FILE.toml": "文件.toml",
    "TEMPLATE.xlsx": "模板.xlsx", "MAPPING.toml": "对应关系.toml", "VALUES.json": "数据.json",
    "OUT.xlsx": "输出.xlsx", "DISTRICT.xlsx": "区里模板.xlsx", "YYYY-MM": "年-月",
    "YYYY-MM-DD:金额": "日期:金额",
}


def _chinese_placeholders(parser: argparse.ArgumentParser) -> None:
    """Give every argument a Chinese placeholder (usage, help and "缺少必需的参数" use it)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                _chinese_placeholders(sub)
        elif isinstance(action.metavar, str):
            action.metavar = _PLACEHOLDERS.get(action.metavar, action.metavar)
        elif action.metavar is None and not action.option_strings and action.choices is None:
            action.metavar = _PLACEHOLDERS.get(action.dest, action.dest)


def _json_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let every sub-command take ``--json`` after its name too (SUPPRESS keeps the value
    given before the command when it is not repeated)."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in dict.fromkeys(action.choices.values()):
            if "--json" not in sub._option_string_actions:
                sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                                 help="以 JSON 输出结果")
            _json_everywhere(sub)


def _recover_hint() -> None:
    """How to salvage a damaged file from the command line."""
    from jiedao_desk.store.faults import CLI_RECOVER_HINT

    print(CLI_RECOVER_HINT, file=sys.stderr)


# Options before the command that take a value (the word after them is not the command).
_VALUE_OPTIONS = ("--db", "--user", "--clock-reason")


def invoked_command(argv: list[str]) -> str | None:
    """The top-level command word of ``argv`` (None before any: ``--help``, ``--version``)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("-"):
            # argparse accepts any unambiguous prefix of an option ("--us" for "--user")
            takes_value = "=" not in word and len(word) > 2 and \
                [o for o in _VALUE_OPTIONS if o.startswith(word)]
            if takes_value:
                next(words, None)
            continue
        return word
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: with ``argv``, only the invoked command's module is imported and
    registered (a command starts without loading every domain's commands); without it, or
    when ``argv`` names no known command, the full parser (``--help``, the error listing the
    commands; tests/test_docs.py checks every command is documented)."""
    parser = ChineseArgumentParser(
        prog="jiedao-desk-cli", description="街道工作台 命令行工具")
    parser.add_argument("--version", action=_VersionAction, help="显示版本号并退出")
    parser.add_argument("--db", metavar="文件", help="数据库文件（默认：用户数据目录）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    parser.add_argument("--user", metavar="用户名",
                        help="以此用户身份操作（密码：环境变量 JIEDAO_DESK_PASSWORD 或提示输入）")
    parser.add_argument("--clock-reason", metavar="原因",
                        help="电脑时间早于最近一次操作时，说明原因后继续（原因记入审计日志）")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    from jiedao_desk import registry

    command = invoked_command(argv) if argv is not None else None
    module = registry.cli_module(command) if command else None
    for name in [module] if module else registry.cli_modules():
        importlib.import_module(name).register(sub)
    _json_everywhere(parser)
    _chinese_placeholders(parser)
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


def _refused(ctx: Context, e: JiedaoError, command: Callable[[], str]) -> int:
    """A refusal in Chinese on stderr (with what to do next where there is one); a refused
    permission is audited for the signed-in user."""
    print(f"错误：{e}", file=sys.stderr)
    if isinstance(e, ClockBehind):
        print("如确需继续，请加上 --clock-reason \"原因\" 重新运行。", file=sys.stderr)
    if isinstance(e, DatabaseDamaged):
        _recover_hint()
    if isinstance(e, PermissionDenied) and ctx.signed_in is not None:
        from jiedao_desk.core import auth  # loaded by the sign-in already

        auth.record_refusal(ctx.store, ctx.signed_in, command(), e)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``jiedao-desk-cli``; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(words)
    args = parser.parse_args(words)
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
        return _refused(ctx, e, lambda: command_name(parser, argv))
    except EOFError:  # a password or code asked for with no one to type it (a script, a pipe)
        print("错误：需要输入密码或恢复码，但没有可读的输入（标准输入已关闭）。在脚本中运行时，"
              "请把密码放在环境变量 JIEDAO_DESK_PASSWORD 中。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C at a prompt or during a long command
        print("\n已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` or `more` that stopped reading
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
        return 0
    except (sqlite3.Error, OSError) as e:  # a damaged file, a full or read-only disk: in Chinese
        from jiedao_desk.store.faults import storage_error

        error = storage_error(e)
        if error is None:
            raise
        print(f"错误：{error}", file=sys.stderr)
        if isinstance(error, DatabaseDamaged):
            _recover_hint()
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
