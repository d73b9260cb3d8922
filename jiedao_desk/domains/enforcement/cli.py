# SPDX-License-Identifier: MIT
"""`enforcement`: 综合行政执法 case files — lead to archive, documents, clocks, statistics.

The commands are declared by topic in ``cli_cases`` (the case file, investigation, documents,
reading), ``cli_decision`` (告知, 听证, 裁量, 决定, 简易程序) and ``cli_execution`` (送达, 缴款,
强制执行, 公示, 结案, 归档); ``ORDER`` is the order ``--help`` lists them in.
"""

from __future__ import annotations

from jiedao_desk.domains.enforcement import cli_cases, cli_decision, cli_execution

ORDER = ("powers", "lead", "file", "not-open", "party", "record", "evidence", "preserve",
         "dispose", "review", "notice", "serve", "hearing-request", "hearing-schedule",
         "hearing-record", "statement-waiver", "decide", "pay", "payment-plan", "appeal",
         "demand", "court", "simple", "close", "archive", "doc", "dossier", "void", "show",
         "list", "stats", "statement", "tiers", "discretion", "publish", "publish-withdraw",
         "publish-void", "publish-rule", "publication", "lead-photo", "void-record")


def register(sub) -> None:
    """Add the ``enforcement`` command group."""
    commands = {**cli_cases.COMMANDS, **cli_decision.COMMANDS, **cli_execution.COMMANDS}
    assert set(commands) == set(ORDER), set(commands) ^ set(ORDER)
    p = sub.add_parser(
        "enforcement", help="综合行政执法：线索、立案、调查、告知、决定、送达、执行、结案、统计")
    c = p.add_subparsers(dest="enforcement_command", metavar="操作", required=True)
    for name in ORDER:
        command = commands[name]
        parser = c.add_parser(name, help=command.help)
        for flags, kw in command.args:
            parser.add_argument(*flags, **kw)
        parser.set_defaults(handler=command.run)
