# SPDX-License-Identifier: MIT
"""`enforcement` actions of issue 8's second part: 陈述申辩, 裁量 tiers, 公示 of decisions.

Registered into the ``enforcement`` group by ``commands.enforcement.register``.
"""

from __future__ import annotations

from jiedao_desk.domains.enforcement.cli import _OFFICER, _add, _case, _day, _officers, _ok

_STANDARD = (("--standard",), {"type": int, "help": "裁量基准版本编号（默认：当日现行版本）"})


def register_actions(c) -> None:
    """Add the actions to the ``enforcement`` sub-parsers ``c``."""
    _add(c, "statement", "登记当事人陈述、申辩（两名以上执法人员及执法证号；可附复核意见）",
         run_statement, _case(), _day(), _OFFICER,
         (("--person",), {"required": True, "help": "陈述申辩人"}),
         (("--statement",), {"required": True, "help": "陈述申辩内容"}),
         (("--place",), {"default": "", "help": "地点"}),
         (("--review",), {"default": "", "help": "复核意见"}))
    _add(c, "tiers", "本案职权事项的裁量档次（职权目录或现行裁量基准；未知时明确提示）",
         run_tiers, _case(), (("--day",), {"help": "按哪一日的现行基准（默认今天）"}), _STANDARD)
    _add(c, "discretion", "记录本案适用的裁量基准版本、档次和裁量理由", run_discretion, _case(),
         _day("裁量日期"),
         (("--reasons",), {"required": True, "help": "裁量理由（支持所选档次的事实和情节）"}),
         (("--tier",), {"default": "", "help": "裁量编码（档次已知时必填）"}), _STANDARD)
    _add(c, "publish", "登记处罚决定公示（日期、途径、链接或编号）", run_publish, _case(),
         _day("公示日期"),
         (("--channel",), {"required": True, "help": "公示途径，如网站、公示栏"}),
         (("--reference",), {"default": "", "help": "链接或公示编号"}),
         (("--document",), {"type": int, "help": "公示的文书编号（默认本案决定书）"}))
    _add(c, "publish-withdraw", "登记撤回公示（决定被变更、撤销等）", run_publish_withdraw,
         _case(), _day("撤回日期"),
         (("--publication",), {"required": True, "type": int, "help": "公示记录编号"}),
         (("--reason",), {"required": True, "help": "撤回原因"}))
    _add(c, "publish-void", "作废误登记的公示记录（记录保留）", run_publish_void, _case(),
         (("--publication",), {"required": True, "type": int, "help": "公示记录编号"}),
         (("--reason",), {"required": True, "help": "作废原因"}))
    _add(c, "publish-rule", "标记本案决定须公示/不公示（写明理由），或恢复按设置", run_publish_rule,
         _case(), (("--required",), {"required": True, "choices": ["yes", "no", "default"],
                                     "help": "yes 须公示 / no 不公示 / default 按设置"}),
         (("--note",), {"default": "", "help": "理由"}))
    _add(c, "publication", "本案公示情况（是否须公示、理由、公示和撤回记录）", run_publication,
         _case())


def run_statement(ctx) -> int:
    """陈述申辩."""
    from jiedao_desk.domains.enforcement import decision as ed

    a = ctx.args
    eid = ed.record_statement(ctx.store, ctx.actor, a.id, a.day, _officers(a.officer),
                              a.statement, a.person, a.place, a.review)
    return _ok(ctx, {"event_id": eid}, f"已登记陈述申辩，记录编号 {eid}")


def run_tiers(ctx) -> int:
    """List the tiers of the case's power."""
    from jiedao_desk.core import validate
    from jiedao_desk.domains.enforcement import cases as enf
    from jiedao_desk.domains.enforcement import discretion as edisc

    a = ctx.args
    case = enf.get_case(ctx.store, ctx.actor, a.id)
    day = validate.date(a.day, "日期") if a.day else None
    tiers, version, warning = edisc.tiers_for(ctx.store, case, day, a.standard)
    issues = edisc.problems(tiers)
    lines = [f"裁量基准：{version.label} {version.doc_number}" if version
             else "裁量基准：无现行版本"]
    lines += [f"{t.label}　[{t.source}]" for t in tiers]
    lines += ["注意：" + w for w in [warning, *issues] if w]
    data = {"standard": version.label if version else None, "warning": warning,
            "problems": issues, "tiers": [
                {"code": t.code, "tier": t.tier, "text": t.text, "source": t.source,
                 "fine_min": None if t.fine_min is None else str(t.fine_min),
                 "fine_max": None if t.fine_max is None else str(t.fine_max)} for t in tiers]}
    return _ok(ctx, data, "\n".join(lines))


def run_discretion(ctx) -> int:
    """Record the discretion choice."""
    from jiedao_desk.domains.enforcement import discretion as edisc

    a = ctx.args
    row = edisc.choose(ctx.store, ctx.actor, a.id, a.day, a.reasons, a.tier, a.standard)
    text = f"已记录裁量：{row['tier_code'] or '档次未知'}（基准 {row['standard_label'] or '无'}）"
    if row["warning"]:
        text += "\n注意：" + row["warning"]
    return _ok(ctx, row, text)


def run_publish(ctx) -> int:
    """Record a publication."""
    from jiedao_desk.domains.enforcement import publication as epub

    a = ctx.args
    pid = epub.record_publication(ctx.store, ctx.actor, a.id, a.day, a.channel, a.reference,
                                  a.document)
    return _ok(ctx, {"publication_id": pid}, f"已登记公示，记录编号 {pid}")


def run_publish_withdraw(ctx) -> int:
    """Record a withdrawal."""
    from jiedao_desk.domains.enforcement import publication as epub

    a = ctx.args
    epub.withdraw_publication(ctx.store, ctx.actor, a.id, a.publication, a.day, a.reason)
    return _ok(ctx, {"publication_id": a.publication}, "已登记撤回公示")


def run_publish_void(ctx) -> int:
    """Void a publication record."""
    from jiedao_desk.domains.enforcement import publication as epub

    a = ctx.args
    epub.void_publication(ctx.store, ctx.actor, a.id, a.publication, a.reason)
    return _ok(ctx, {"publication_id": a.publication}, "已作废公示记录")


def run_publish_rule(ctx) -> int:
    """Mark whether the case must be published."""
    from jiedao_desk.domains.enforcement import publication as epub

    a = ctx.args
    value = {"yes": True, "no": False, "default": None}[a.required]
    epub.set_required(ctx.store, ctx.actor, a.id, value, a.note)
    return _ok(ctx, {"case_id": a.id, "required": value}, "已更新本案公示要求")


def run_publication(ctx) -> int:
    """Publication status."""
    from jiedao_desk.domains.enforcement import publication as epub

    st = epub.status(ctx.store, ctx.actor, ctx.args.id)
    lines = [f"{'须公示' if st['required'] else '不须公示'}（{st['why']}）"]
    for r in st["records"]:
        line = f"{r['id']}: {r['published_on']} {r['channel']} {r['reference']}".rstrip()
        if r["withdrawn_on"]:
            line += f"（{r['withdrawn_on']} 撤回：{r['withdraw_reason']}）"
        lines.append(line)
    return _ok(ctx, st, "\n".join(lines))


def register_records(c) -> None:
    """Add ``lead-photo`` and ``void-record`` to the ``enforcement`` sub-parsers ``c``."""
    _add(c, "lead-photo", "为线索（立案前）添加照片或其他文件（SHA-256、EXIF 时间和位置保留）",
         run_lead_photo, _case(), (("file",), {"help": "文件"}),
         (("--description",), {"required": True, "help": "照片说明"}),
         (("--day",), {"help": "拍摄或收到日期（默认今天）"}))
    _add(c, "void-record", "作废误登记的一条办案记录（笔录、证据、送达等；记录保留）",
         run_void_record, _case(),
         (("--record",), {"required": True, "type": int, "help": "记录编号（show 列出）"}),
         (("--reason",), {"required": True, "help": "作废原因"}))


def run_lead_photo(ctx) -> int:
    """Attach a photo to a lead."""
    from jiedao_desk.domains.enforcement import records as erec

    a = ctx.args
    eid = erec.add_lead_photo(ctx.store, ctx.actor, a.id, a.file, a.description, a.day)
    return _ok(ctx, {"event_id": eid}, f"已为线索添加照片，记录编号 {eid}")


def run_void_record(ctx) -> int:
    """Void one record of a case."""
    from jiedao_desk.domains.enforcement import records as erec

    a = ctx.args
    ev = erec.void_record(ctx.store, ctx.actor, a.id, a.record, a.reason)
    label = erec.voidable_label(ev["kind"]) or ev["kind"]
    return _ok(ctx, {"event_id": a.record, "kind": ev["kind"]},
               f"已作废记录 {a.record}（{label}，{ev['day']}）")
