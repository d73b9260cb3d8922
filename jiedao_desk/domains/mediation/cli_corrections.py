# SPDX-License-Identifier: MIT
"""`mediation edit / party-edit / record-edit / record-void`: corrections of a mediation case.

Registered by commands/mediation.py into the same ``mediation`` group (not a group of its own).
"""

from __future__ import annotations


def register_fixes(m, case_cmd) -> None:
    """Add the correction commands to the ``mediation`` subparsers ``m``."""
    c = case_cmd("edit", "修改案件情况（纠纷类型、简要情况、申请事项、移送单位），留审计记录",
                 run_edit)
    c.add_argument("--type", help="纠纷类型（现行目录中的一项）")
    c.add_argument("--summary", help="纠纷简要情况")
    c.add_argument("--claim", action="append", help="申请事项，可重复（给出即整体替换）")
    c.add_argument("--referred-by", help="委托移送单位（仅委托移送的案件）")
    c = case_cmd("party-edit", "修改一名当事人的具体情况（民族、职业、证件号码等）", run_party_edit)
    c.add_argument("--party", type=int, required=True,
                   help="当事人编号（mediation show --json 可查）")
    c.add_argument("--set", action="append", required=True, metavar="KEY=VALUE",
                   help="如 ethnicity=汉族 occupation=教师 id_number=… phone=… address=…")
    c = case_cmd("record-edit", "修改一条调查记录、调解记录、风险情况或回访记录", run_record_edit)
    c.add_argument("--event", type=int, required=True, help="记录编号")
    c.add_argument("--field", action="append", default=[], metavar="KEY=VALUE")
    c.add_argument("--on", help="记录日期")
    c = case_cmd("record-void", "作废一条记录（保留原记录和原因，不删除）", run_record_void)
    c.add_argument("--event", type=int, required=True, help="记录编号")
    c.add_argument("--reason", required=True)


def _pairs(items: list[str], what: str) -> dict:
    from jiedao_desk.base.errors import ValidationError

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValidationError(f"{what}应写成 键=值（“{item}”）。")
        out[key.strip()] = value.strip()
    return out


def _done(ctx, case, what: str) -> int:
    from jiedao_desk.domains.mediation.cli import _done as done

    return done(ctx, case, what)


def run_edit(ctx) -> int:
    """Correct the case particulars."""
    from jiedao_desk.domains.mediation import corrections as edit

    a = ctx.args
    case = edit.update_case(ctx.store, ctx.actor, a.id, dispute_type=a.type, summary=a.summary,
                            claims=a.claim, referred_by=a.referred_by)
    return _done(ctx, case, "已修改")


def run_party_edit(ctx) -> int:
    """Correct one party."""
    from jiedao_desk.domains.mediation import corrections as edit

    a = ctx.args
    case = edit.update_party(ctx.store, ctx.actor, a.id, a.party, _pairs(a.set, "--set"))
    return _done(ctx, case, "已修改当事人")


def run_record_edit(ctx) -> int:
    """Correct one work record."""
    from jiedao_desk.domains.mediation import corrections as edit

    a = ctx.args
    detail = _pairs(a.field, "--field")
    if "escalation" in detail:
        detail["escalation"] = detail["escalation"] not in ("", "0", "no", "否")
    return _done(ctx, edit.edit_record(ctx.store, ctx.actor, a.id, a.event, detail, a.on),
                 "已修改记录")


def run_record_void(ctx) -> int:
    """Void one work record."""
    from jiedao_desk.domains.mediation import corrections as edit

    a = ctx.args
    return _done(ctx, edit.void_record(ctx.store, ctx.actor, a.id, a.event, a.reason),
                 "已作废记录")
