# SPDX-License-Identifier: MIT
"""`certificate`: the certificate register (证明开具) — 目录 in force, issue, refuse, list, void."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from jiedao_desk.base.errors import NotFound
from jiedao_desk.domains import certificates
from jiedao_desk.store import org as org_store


def register(sub) -> None:
    """Add the ``certificate`` command group."""
    p = sub.add_parser("certificate", help="证明开具：现行目录、开具、不予出具、登记簿、作废")
    csub = p.add_subparsers(dest="certificate_command", metavar="操作", required=True)

    c = csub.add_parser("catalog", help="今天现行的证明目录版本及其条目（含置信度），以及负面清单")
    c.set_defaults(handler=run_catalog)

    i = csub.add_parser("issue", help="开具目录内的证明：登记、编号、生成并冻结 PDF")
    i.add_argument("--community", required=True, metavar="CODE", help="开具社区的代码")
    i.add_argument("--item", required=True, type=int, metavar="SEQ", help="现行目录中的序号")
    i.add_argument("--name", required=True, help="申请人姓名")
    i.add_argument("--id-number", required=True, help="申请人身份证号（校验）")
    i.add_argument("--phone", default="", help="联系电话（可不填）")
    i.add_argument("--purpose", required=True, help="用途（印在证明上）")
    i.add_argument("--content", default="", help="证明内容（可不填）")
    i.add_argument("--evidence", action="append", default=[], metavar="E",
                   help="核验材料，可重复")
    i.add_argument("--attach", action="append", default=[], metavar="FILE",
                   help="核验材料的扫描件或照片，可重复")
    i.add_argument("--confirm-not-same", action="store_true",
                   help="经核实与相似的负面清单事项不是同一事项（会被记录）")
    i.add_argument("-o", "--output", metavar="FILE.pdf", help="把开具的证明写入此文件")
    i.set_defaults(handler=run_issue)

    r = csub.add_parser("refuse", help="登记不予出具（负面清单或不在目录中）并出具告知书")
    r.add_argument("--community", required=True, metavar="CODE", help="社区代码")
    r.add_argument("--name", required=True, help="申请人姓名")
    r.add_argument("--matter", required=True, help="申请出具的证明（申请人的说法）")
    r.add_argument("--purpose", default="", help="用途")
    r.add_argument("--deny-item", type=int, metavar="SEQ",
                   help="负面清单（民发〔2020〕20号）中的序号；不填则按“不在目录中”")
    r.add_argument("--id-number", default="", help="申请人身份证号（可不填，填则校验）")
    r.add_argument("--phone", default="", help="联系电话（可不填）")
    r.add_argument("--no-notice", action="store_true", help="只登记，不出具告知书")
    r.add_argument("-o", "--output", metavar="FILE.pdf", help="把告知书写入此文件")
    r.set_defaults(handler=run_refuse)

    ls = csub.add_parser("list", help="证明登记簿（开具与不予出具），可按社区、月份筛选")
    ls.add_argument("--community", metavar="CODE", help="社区代码")
    ls.add_argument("--month", metavar="YYYY-MM", help="月份，如 2026-11（同时打印当月统计）")
    ls.set_defaults(handler=run_list)

    v = csub.add_parser("void", help="作废一条登记及其文书（文号保留不再使用）")
    v.add_argument("id", type=int, help="登记编号")
    v.add_argument("--reason", required=True, help="作废原因")
    v.set_defaults(handler=run_void)


def _community_id(ctx, code: str) -> int:
    row = org_store.find_live_community(ctx.store, code=code)
    if row is None:
        raise NotFound(f"没有代码为“{code}”的社区（org list 可查看）。")
    return row["id"]


def _write(ctx, cert) -> str:
    if not ctx.args.output or cert.document_id is None:
        return ""
    Path(ctx.args.output).write_bytes(certificates.pdf_bytes(ctx.store, ctx.actor, cert.id))
    return f"，已写入 {ctx.args.output}"


def run_catalog(ctx) -> int:
    """Print the 目录 in force with its items, and the negative list."""
    cat = certificates.list_in_force(ctx.store, certificates.CATALOG_KEY)
    deny = certificates.list_in_force(ctx.store, certificates.DENYLIST_KEY)
    lines = [f"现行证明目录：{cat.describe()}"]
    if cat.version and cat.version.notes:
        lines.append(f"  说明：{cat.version.notes}")
    lines += [f"  {it.seq:>3}. {it.text}" for it in cat.items]
    if not cat.usable:
        lines.append("注意：" + certificates.catalog_problem(cat))
    lines.append(f"负面清单：{deny.describe()}")
    lines += [f"  {it.seq:>3}. {it.text}" for it in deny.items]

    def dump(x):
        return {"version": asdict(x.version) if x.version else None,
                "items": [asdict(i) for i in x.items]}

    ctx.out({"catalog": dump(cat), "usable": cat.usable, "denylist": dump(deny)},
            "\n".join(lines))
    return 0


def run_issue(ctx) -> int:
    """Issue one certificate."""
    a = ctx.args
    cert = certificates.issue_certificate(
        ctx.store, ctx.actor, _community_id(ctx, a.community), item_seq=a.item, name=a.name,
        id_number=a.id_number, purpose=a.purpose, evidence=a.evidence, phone=a.phone,
        content=a.content,
        confirm_not_same=a.confirm_not_same, attachments=a.attach)
    note = _write(ctx, cert)
    ctx.out(asdict(cert), f"已开具 {cert.doc_number}：{cert.item_text}（{cert.applicant_name}，"
                          f"登记编号 {cert.id}）{note}")
    return 0


def run_refuse(ctx) -> int:
    """Record a refusal (and its notice)."""
    a = ctx.args
    cert = certificates.refuse_request(
        ctx.store, ctx.actor, _community_id(ctx, a.community), name=a.name, matter=a.matter,
        purpose=a.purpose, deny_seq=a.deny_item, id_number=a.id_number, phone=a.phone,
        notice=not a.no_notice)
    why = certificates.REASONS[cert.reason] + (f"“{cert.deny_text}”" if cert.deny_text else "")
    note = _write(ctx, cert)
    ctx.out(asdict(cert), f"已登记不予出具（{why}），登记编号 {cert.id}"
                          f"{'，告知书 ' + cert.doc_number if cert.doc_number else ''}{note}")
    return 0


def run_list(ctx) -> int:
    """Print the register (and the month's counts with --month)."""
    a = ctx.args
    cid = _community_id(ctx, a.community) if a.community else None
    source = certificates.list_source(ctx.store, ctx.actor, cid)
    if a.month:
        counts = certificates.month_counts(ctx.store, ctx.actor, a.month, cid)
        source.set_filter("month", a.month)
    keys = [c.key for c in source.columns]
    rows = [dict(zip(["id", *keys], r, strict=True)) for r in source.page(0, 100_000)]
    lines = [f"{r['id']:>5} {r['day']} {r['state_text']:<4} {r['doc_number'] or '—':<16} "
             f"{r['applicant_name']:<6} {r['what']}  {r['why']}" for r in rows]
    data: dict = {"rows": rows}
    if a.month:
        data["month_counts"] = asdict(counts)
        by = "，".join(f"{certificates.REASONS.get(k, k)} {n}"
                      for k, n in counts.refused_by_reason.items())
        lines.append(f"{a.month}：开具 {counts.issued}，不予出具 {counts.refused}"
                     f"{'（' + by + '）' if by else ''}，作废 {counts.voided}")
    ctx.out(data, "\n".join(lines) or "（没有登记）")
    return 0


def run_void(ctx) -> int:
    """Void one register row."""
    cert = certificates.void_certificate(ctx.store, ctx.actor, ctx.args.id, ctx.args.reason)
    ctx.out(asdict(cert), f"已作废登记 {cert.id}（{cert.doc_number or '无文号'}，文号保留）")
    return 0
