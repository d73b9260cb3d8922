# SPDX-License-Identifier: MIT
"""`print`, `issue`, `dossier`, `document`, `attachment`: documents from the command line."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import attachments, documents, dossier, numbering
from jiedao_desk.documents.kinds import list_kinds
from jiedao_desk.domains import org


def register(sub) -> None:
    p = sub.add_parser("print", help="写出已签发文书的存档PDF（与签发时逐字节相同）；"
                                     "--list 列出文书种类")
    p.add_argument("kind", nargs="?", metavar="KIND", help="文书种类（须与该文书一致）")
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="文书编号")
    p.add_argument("-o", "--output", metavar="FILE.pdf", help="输出文件")
    p.add_argument("--list", action="store_true", help="列出全部文书种类")
    p.set_defaults(handler=run_print)

    i = sub.add_parser("issue", help="签发文书：编号、生成PDF并冻结")
    i.add_argument("kind", metavar="KIND")
    i.add_argument("--data", required=True, metavar="JSON_FILE", help="文书内容（JSON 对象）")
    i.add_argument("--entity", default="", help="来源记录类型（签发后该记录被锁定）")
    i.add_argument("--entity-id", type=int, default=None, help="来源记录编号")
    i.add_argument("--paper-number", default=None, metavar="NUMBER",
                   help="纸质预印文书上的文号（未被使用时采用）")
    i.add_argument("--corrects", type=int, default=None, metavar="ID",
                   help="本文书更正的原文书编号（原文书以“已更正”作废）")
    i.add_argument("-o", "--output", metavar="FILE.pdf", help="同时写出PDF")
    i.set_defaults(handler=run_issue)

    d = sub.add_parser("dossier", help="把已签发文书（和附件）组成卷宗PDF，并报告缺少的必备文书")
    d.add_argument("type", metavar="TYPE", help="卷宗类型（resources/dossiers/*.toml）")
    d.add_argument("ids", nargs="+", type=int, metavar="ID", help="文书编号")
    d.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    d.add_argument("--title", default="", help="卷名（默认：第一份文书的名称）")
    d.add_argument("--number", default="", help="卷号/案号")
    d.add_argument("--attachment", type=int, action="append", default=[], metavar="ID",
                   help="附件编号（可重复；图片每张一页）")
    d.set_defaults(handler=run_dossier)

    doc = sub.add_parser("document", help="已签发文书：列表、作废")
    dsub = doc.add_subparsers(dest="document_command", metavar="操作", required=True)
    v = dsub.add_parser("void", help="作废文书（文号保留，不再使用）")
    v.add_argument("id", type=int)
    v.add_argument("--reason", required=True)
    v.set_defaults(handler=run_void)
    ls = dsub.add_parser("list", help="列出已签发文书（新的在前）")
    ls.add_argument("--entity", default=None)
    ls.add_argument("--entity-id", type=int, default=None)
    ls.set_defaults(handler=run_list)

    att = sub.add_parser("attachment", help="附件（照片、扫描件）：添加、作废")
    asub = att.add_subparsers(dest="attachment_command", metavar="操作", required=True)
    a = asub.add_parser("add", help="添加附件（按内容哈希存放，记录拍摄时间和位置）")
    a.add_argument("file")
    a.add_argument("--entity", required=True)
    a.add_argument("--entity-id", type=int, required=True)
    a.add_argument("--note", default="")
    a.set_defaults(handler=run_attach)
    av = asub.add_parser("void", help="作废附件（文件保留）")
    av.add_argument("id", type=int)
    av.add_argument("--reason", required=True)
    av.set_defaults(handler=run_attachment_void)


def _write(path: str, data: bytes) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def run_print(ctx) -> int:
    a = ctx.args
    if a.list:
        kinds = list_kinds()
        ctx.out([{"key": k.key, "title": k.title, "number_pattern": k.number_pattern}
                 for k in kinds],
                "\n".join(f"{k.key:<28} {k.title}  {numbering.display_pattern(k.number_pattern)}"
                          for k in kinds))
        return 0
    if not (a.kind and a.id is not None and a.output):
        raise ValidationError("用法：print KIND ID -o FILE.pdf，或 print --list。")
    doc = documents.get_document(ctx.store, a.id)
    if doc.kind != a.kind:
        raise ValidationError(f"文书 {a.id} 是“{doc.kind}”（{doc.title}），不是“{a.kind}”。")
    out = _write(a.output, documents.reprint(ctx.store, a.id, ctx.actor))
    note = "（已作废）" if doc.voided else ""
    ctx.out({**asdict(doc), "output": str(out)},
            f"已写出 {doc.title} {doc.doc_number}{note}，{doc.pages} 页：{out}")
    return 0


def run_issue(ctx) -> int:
    a = ctx.args
    try:
        data = json.loads(Path(a.data).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValidationError(f"无法读取文书内容文件 {a.data}：{e}") from None
    corrects = None if a.corrects is None else documents.Correction(a.corrects, void=True)
    doc = documents.issue(ctx.store, ctx.actor, a.kind, data, a.entity, a.entity_id,
                          a.paper_number, corrects)
    text = f"已签发 {doc.title} {doc.doc_number or '（无文号）'}，编号 {doc.id}，{doc.pages} 页"
    if a.output:
        text += f"：{_write(a.output, documents.reprint(ctx.store, doc.id))}"
    ctx.out(asdict(doc), text)
    return 0


def run_dossier(ctx) -> int:
    a = ctx.args
    dtype = dossier.load_type(a.type)
    docs = [documents.get_document(ctx.store, i) for i in a.ids]
    voided = [d for d in docs if d.voided]
    if voided:
        raise ValidationError("作废的文书不能组卷：" + "、".join(str(d.id) for d in voided))
    docs.sort(key=lambda d: (dtype.order_of(d.kind), d.issued_at, d.id))
    items = [dossier.DossierItem(d.title, doc_id=d.id, date=d.issued_date, note=d.doc_number)
             for d in docs]
    for att_id in a.attachment:
        att = attachments.get_attachment(ctx.store, att_id)
        items.append(dossier.DossierItem(att.note or att.filename, attachment_id=att.id,
                                         date=(att.exif_time or att.added_at)[:10]))
    street = org.get_street(ctx.store)
    dates = sorted(d.issued_date for d in docs)
    cover = {"title": a.title or docs[0].title, "number": a.number,
             "organisation": street.name if street else "", "compiler": ctx.actor.name,
             "start_date": dates[0], "end_date": dates[-1]}
    pdf, rows = dossier.assemble(ctx.store, items, cover, a.type, ctx.actor)
    out = _write(a.output, pdf)
    missing = dossier.check_completeness(a.type, {d.kind for d in docs})
    lines = [f"已组卷 {dtype.title}：{len(items)} 件，写出 {out}"]
    lines += [f"  {r.seq:>3} {r.pages:>7}  {r.title}" for r in rows]
    if missing:
        lines.append("缺少必备材料：" + "、".join(m.name for m in missing))
    ctx.out({"output": str(out), "index": [asdict(r) for r in rows],
             "missing": [m.name for m in missing]}, "\n".join(lines))
    return 0


def run_void(ctx) -> int:
    doc = documents.void(ctx.store, ctx.actor, ctx.args.id, ctx.args.reason)
    ctx.out(asdict(doc), f"已作废 {doc.title} {doc.doc_number}（文号保留，不再使用）")
    return 0


def run_list(ctx) -> int:
    docs = documents.documents_for(ctx.store, ctx.actor, ctx.args.entity, ctx.args.entity_id)
    lines = [f"{d.id:>6} {d.issued_date} {d.kind:<20} {d.doc_number:<24} {d.title}"
             + (f"  [作废：{d.void_reason}]" if d.voided else "") for d in docs]
    ctx.out([asdict(d) for d in docs], "\n".join(lines) or "（没有文书）")
    return 0


def run_attach(ctx) -> int:
    a = ctx.args
    att = attachments.add_attachment(ctx.store, ctx.actor, a.file, a.entity, a.entity_id,
                                     a.note)
    ctx.out(asdict(att), f"已添加附件 {att.filename}，编号 {att.id}，SHA-256 {att.sha256}")
    return 0


def run_attachment_void(ctx) -> int:
    att = attachments.void_attachment(ctx.store, ctx.actor, ctx.args.id, ctx.args.reason)
    ctx.out(asdict(att), f"已作废附件 {att.filename}（文件保留）")
    return 0
