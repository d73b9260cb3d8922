# SPDX-License-Identifier: MIT
"""Monthly report commands: `export monthly`, `export monthly-pdf`, `merge-monthly` and
`monthly-mapping save|list` (saved mappings for a district's own template)."""

from __future__ import annotations

import sys
from pathlib import Path

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.domains.monthly import mappings as monthly_mappings
from jiedao_desk.domains.monthly import merge as monthly_merge
from jiedao_desk.domains.monthly import pdf as monthly_pdf
from jiedao_desk.domains.monthly import template as monthly_template
from jiedao_desk.domains.monthly import workbook as monthly_xlsx
from jiedao_desk.domains.monthly.report import exchange_text


def register_export(esub) -> None:
    """Add ``monthly`` and ``monthly-pdf`` under the ``export`` group."""
    m = esub.add_parser("monthly", help="导出月报工作簿（各领域统计 + 封面含审计链头和校验值）")
    m.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-10")
    m.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
    m.add_argument("--template", metavar="TEMPLATE.xlsx",
                   help="改填区里下发的模板（须同时给 --mapping）")
    m.add_argument("--mapping", metavar="NAME",
                   help="已保存的对应关系名称（见 monthly-mapping list）")
    m.set_defaults(handler=run_export)
    p = esub.add_parser("monthly-pdf", help="生成月报摘要 PDF（关键指标、表格、柱状图）")
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2026-10")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="输出文件")
    p.set_defaults(handler=run_pdf)


def register(sub) -> None:
    """Add ``merge-monthly`` and ``monthly-mapping``."""
    g = sub.add_parser("merge-monthly", help="把多个街道同一月份的月报工作簿汇总为一个（区里用）")
    g.add_argument("files", nargs="+", metavar="FILE.xlsx", help="各街道的月报工作簿")
    g.add_argument("-o", "--output", required=True, metavar="DISTRICT.xlsx", help="输出文件")
    g.add_argument("--month", metavar="YYYY-MM", help="要汇总的月份（默认：第一个文件的月份）")
    g.set_defaults(handler=run_merge, system_ok=True)
    p = sub.add_parser("monthly-mapping", help="区里月报模板的对应关系：保存、列出")
    msub = p.add_subparsers(dest="mapping_command", metavar="操作", required=True)
    s = msub.add_parser("save",
                        help="保存（或替换）一个对应关系：把月报数据填入区里模板的哪些单元格")
    s.add_argument("name", metavar="NAME", help="对应关系名称，如 “区民政局2026版”")
    s.add_argument("file", metavar="MAPPING.toml", help="对应关系文件（格式见 template-fill）")
    s.set_defaults(handler=run_mapping_save)
    ls = msub.add_parser("list", help="列出已保存的对应关系，以及对应关系可用的数据键")
    ls.set_defaults(handler=run_mapping_list)


def run_export(ctx) -> int:
    """Export the monthly workbook (default layout, or a district template)."""
    a = ctx.args
    if bool(a.template) != bool(a.mapping):
        raise ValidationError("--template 和 --mapping 须同时给出。")
    if a.template:
        report = monthly_template.export_template(ctx.store, ctx.actor, a.month, a.template,
                                                  a.mapping, a.output)
        ctx.out({"file": str(Path(a.output).resolve()), "month": report.month,
                 "mapping": a.mapping}, f"已按对应关系“{a.mapping}”填写模板：{a.output}")
        return 0
    report, digest = monthly_xlsx.export_monthly(ctx.store, ctx.actor, a.month, a.output)
    sheets = [d.spec.sheet for d in report.domains]
    text = f"已导出 {report.month} 月报：{a.output}\n工作表：{'、'.join(sheets)}\n校验值：{digest}"
    if report.omitted:
        text += f"\n未包含（无查看权限）：{'、'.join(report.omitted)}"
    if exchange_text(report):  # the communities' data received by exchange, complete up to …
        text += "\n" + exchange_text(report)
    ctx.out({"file": str(Path(a.output).resolve()), "month": report.month, "sheets": sheets,
             "omitted": report.omitted, "content_hash": digest,
             "audit_head": report.audit_head,
             "complete_to": dict(report.complete_to)}, text)
    return 0


def run_pdf(ctx) -> int:
    """Write the monthly summary PDF."""
    a = ctx.args
    report, pages = monthly_pdf.export_pdf(ctx.store, ctx.actor, a.month, a.output)
    ctx.out({"file": str(Path(a.output).resolve()), "month": report.month, "pages": pages},
            f"已生成 {report.month} 月报摘要（{pages} 页）：{a.output}")
    return 0


def run_merge(ctx) -> int:
    """Merge street workbooks; exit 2 (file written) when a hash line does not match."""
    a = ctx.args
    res = monthly_merge.merge(a.files, a.output, a.month)
    lines = [f"已汇总 {len(res.files)} 个街道的 {res.month} 月报：{a.output}"]
    lines += [f"警告：“{name}”的数据校验值与内容不一致，文件可能在导出后被修改过。"
              for name in res.mismatched]
    ctx.out({"file": str(Path(a.output).resolve()), "month": res.month,
             "streets": [f.street for f in res.files], "mismatched": res.mismatched},
            "\n".join(lines))
    if res.mismatched and not a.json:
        print(f"{len(res.mismatched)} 个文件校验不一致。", file=sys.stderr)
    return 2 if res.mismatched else 0


def run_mapping_save(ctx) -> int:
    """Save a mapping under a name."""
    a = ctx.args
    try:
        text = Path(a.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ValidationError(f"无法读取对应关系文件“{a.file}”：{e}") from None
    m = monthly_mappings.save_mapping(ctx.store, ctx.actor, a.name, text)
    ctx.out({"id": m.id, "name": m.name}, f"已保存对应关系“{m.name}”。")
    return 0


def run_mapping_list(ctx) -> int:
    """List the saved mappings and the data keys a mapping may use."""
    items = monthly_mappings.list_mappings(ctx.store, ctx.actor)
    cells, rows = monthly_mappings.value_keys()
    lines = [f"{m.name}（{m.saved_by}，{m.saved_at}）" for m in items] or ["（还没有保存对应关系）"]
    lines += ["", "单元格可用：" + "、".join(cells), "多行数据可用：" + "、".join(rows)]
    ctx.out({"mappings": [m.__dict__ for m in items], "cells": cells, "rows": rows},
            "\n".join(lines))
    return 0
