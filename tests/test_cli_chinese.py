# SPDX-License-Identifier: MIT
"""The command line answers in Chinese: argparse's own texts, choices by Chinese label, and
``--json`` anywhere on the line."""

import argparse
import json
import re

import pytest

from jiedao_desk.cli import argparse_message, build_parser, main
from jiedao_desk.domains.hotline.rules import MACHINE

HOTLINE_STATE = next(iter(MACHINE.states.items()))

# argparse's own English words (its message ids), none of which may reach the user.
ENGLISH = re.compile(r"usage|options|positional arguments|show this help|error|required|"
                     r"invalid|unrecognized|expected|argument|choose from|show program",
                     re.IGNORECASE)


def exits(capsys, *argv):
    with pytest.raises(SystemExit) as e:
        main(list(argv))
    out, err = capsys.readouterr()
    return e.value.code, out, err


def test_main_help_is_chinese(capsys):
    code, out, _ = exits(capsys, "--help")
    assert code == 0
    assert out.startswith("用法：jiedao-desk-cli")
    assert "选项" in out and "显示此帮助并退出" in out and "显示版本号并退出" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


def test_sub_command_help_is_chinese_and_shows_labels(capsys):
    code, out, _ = exits(capsys, "enforcement", "lead", "--help")
    assert code == 0 and out.startswith("用法：")
    assert "patrol（巡查发现）" in out  # the code and its label side by side
    assert "--json" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)
    code, out, _ = exits(capsys, "access", "decide", "--help")
    assert "位置参数" in out and "admit（" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


def test_missing_argument_is_a_chinese_error(capsys):
    code, out, err = exits(capsys, "mediation", "register")
    assert code == 2 and out == ""
    assert "错误：缺少必需的参数：--committee" in err
    assert not ENGLISH.search(err), ENGLISH.search(err)


def test_unknown_command_and_option_are_chinese_errors(capsys):
    code, _, err = exits(capsys, "frobnicate")
    assert code == 2 and "没有命令“frobnicate”" in err and "mediation" in err
    assert not ENGLISH.search(err), ENGLISH.search(err)
    code, _, err = exits(capsys, "org", "list", "--bogus")
    assert code == 2 and "无法识别的参数：--bogus" in err
    assert not ENGLISH.search(err), ENGLISH.search(err)
    code, _, err = exits(capsys, "hotline", "rates", "--month")
    assert code == 2 and "参数 --month：需要一个值" in err
    assert not ENGLISH.search(err), ENGLISH.search(err)


def test_a_wrong_choice_lists_codes_and_labels(capsys):
    code, _, err = exits(capsys, "calendar", "set", "2026-10-10", "放假")
    assert code == 2
    assert "无效的选择：“放假”（可选：workday（工作日）、restday（休息日））" in err
    assert not ENGLISH.search(err), ENGLISH.search(err)


@pytest.mark.parametrize(("argv", "dest", "code"), [
    (["calendar", "set", "2026-10-10", "休息日"], "kind", "restday"),
    (["calendar", "set", "2026-10-10", "restday"], "kind", "restday"),
    (["hotline", "add", "--no", "1", "--received", "2026-11-02 09:00", "--class", "紧急"],
     "claim_class", "urgent"),
    (["hotline", "list", "--status", HOTLINE_STATE[1]], "state", HOTLINE_STATE[0]),
    (["access", "decide", "1", "不予准入"], "decision", "refuse"),
    (["access", "list", "--state", "审核"], "state", "review"),
    (["mediation", "register", "--committee", "SL001", "--source", "当事人申请", "--form", "口头",
      "--type", "邻里纠纷", "--summary", "漏水", "--party", "name=张三"], "form", "oral"),
    (["mediation", "record", "1", "--kind", "回访记录"], "kind", "follow_up"),
    (["enforcement", "serve", "1", "--day", "2026-11-02", "--what", "催告书",
      "--method", "留置送达"], "method", "left"),
    (["enforcement", "publish-rule", "1", "--required", "不公示"], "required", "no"),
    (["import", "template", "residents", "-o", "x.xlsx"], "template_name", "residents"),
])
def test_every_choice_takes_its_chinese_label(argv, dest, code):
    assert getattr(build_parser().parse_args(argv), dest) == code


def test_no_choice_is_left_without_labels():
    """Every choice list on the command line is a code→label mapping, so help shows labels."""
    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, [*path, name])
            elif action.choices is not None:
                yield " ".join(path), action

    bare = [(path, a.dest) for path, a in walk(build_parser(), [])
            if not isinstance(a.choices, dict)
            and not all(re.search(r"[\u4e00-\u9fff]", str(c)) for c in a.choices)]
    assert bare == []


def test_json_is_accepted_after_the_sub_command(tmp_path, capsys, cli_admin):
    db = str(tmp_path / "a.sqlite3")
    cli_admin(db)
    assert main(["--db", db, "init", "--street", "示例街道"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "org", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["street"]["name"] == "示例街道"
    assert main(["--db", db, "--json", "org", "list"]) == 0
    assert json.loads(capsys.readouterr().out)["street"]["name"] == "示例街道"
    assert main(["--db", db, "org", "list"]) == 0
    with pytest.raises(json.JSONDecodeError):
        json.loads(capsys.readouterr().out)


def test_argparse_messages_are_translated_whole():
    assert argparse_message("argument --x: expected one argument") == "参数 --x：需要一个值"
    assert argparse_message("expected 2 arguments") == "需要 2 个值"
    assert argparse_message("invalid int value: 'a'") == "无效的值：'a'"
    assert argparse_message("something else") == "something else"


def test_placeholders_are_chinese(capsys):
    code, out, _ = exits(capsys, "hotline", "add", "--help")
    assert "--community 代码" in out and "--received 时间" in out and "CODE" not in out
    code, _, err = exits(capsys, "access", "decide")
    assert "缺少必需的参数：编号, 决定" in err
