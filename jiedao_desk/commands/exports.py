# SPDX-License-Identifier: MIT
"""`export`, `import`, `template-fill`: ledgers, Excel imports and district templates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from jiedao_desk import registry
from jiedao_desk.base.errors import ImportRejected, ValidationError
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import imports, ledgers
from jiedao_desk.domains.monthly import cli as monthly


def register(sub) -> None:
    """Add the ``export``, ``import`` and ``template-fill`` commands."""
    import_specs = registry.imports()
    p = sub.add_parser("export", help="导出台账 (Excel)")
    esub = p.add_subparsers(dest="export_command", metavar="操作", required=True)
    e = esub.add_parser("ledger", help="把一个列表（含筛选、搜索、排序）导出为 .xlsx 台账")
    e.add_argument("name", metavar="NAME", help="台账名称（见 export ledgers）")
    e.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
    e.add_argument("--community", metavar="CODE", help="只导出这个社区（社区代码）")
    e.add_argument("--search", metavar="TEXT", default="", help="只导出搜索到的记录")
    e.add_argument("--sort", metavar="KEY", help="排序列，如 name、birth_date、address")
    e.set_defaults(handler=run_export)
    ls = esub.add_parser("ledgers", help="列出可导出的台账")
    ls.set_defaults(handler=run_ledgers)
    monthly.register_export(esub)

    p = sub.add_parser("import", help="从 Excel 导入（先检查每一行，有错则不导入任何记录）")
    isub = p.add_subparsers(dest="import_name", metavar="名称", required=True)
    for spec in import_specs.values():
        i = isub.add_parser(spec.name, help=f"导入{spec.title}")
        i.add_argument("file", metavar="FILE.xlsx", help="要导入的 Excel 文件")
        i.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        i.set_defaults(handler=run_import)
    t = isub.add_parser("template", help="生成空白导入模板（含表头和说明页）")
    t.add_argument("template_name", **labelled_choice(
        {name: import_specs[name].title for name in sorted(import_specs)}, "导入名称"))
    t.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
    t.set_defaults(handler=run_import_template)

    f = sub.add_parser("template-fill", help="按对应关系把数据填入区里下发的 Excel 模板")
    f.add_argument("template", metavar="TEMPLATE.xlsx", help="Excel 模板")
    f.add_argument("mapping", metavar="MAPPING.toml",
                   help="对应关系文件（格式见 resources/templates/）")
    f.add_argument("values", metavar="VALUES.json", help="要填写的数据 (JSON)")
    f.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="输出文件")
    f.set_defaults(handler=run_template_fill)


def run_export(ctx) -> int:
    """Export a named ledger."""
    a = ctx.args
    spec, rows = ledgers.export(ctx.store, ctx.actor, registry.ledger(a.name), a.output,
                                a.community, a.search, a.sort)
    ctx.out({"ledger": spec.name, "rows": rows, "file": str(Path(a.output).resolve())},
            f"已导出“{spec.title}” {rows:,} 行到 {a.output}")
    return 0


def run_ledgers(ctx) -> int:
    """List the named ledgers."""
    items = [{"name": lg.name, "title": lg.title, "sorts": list(lg.sorts)}
             for lg in registry.ledgers().values()]
    lines = [f"{i['name']:<14} {i['title']}（排序：{'、'.join(i['sorts']) or '无'}）"
             for i in items]
    ctx.out(items, "\n".join(lines))
    return 0


def run_import(ctx) -> int:
    """Check (and unless --dry-run, import) a file; exit 1 with the row errors on problems."""
    a = ctx.args
    try:
        result = imports.run_import(ctx.store, ctx.actor, registry.import_spec(a.import_name),
                                    a.file, a.dry_run)
    except ImportRejected as e:
        report = e.report_path
        data = {"ok": False, "message": e.message, "report": str(report) if report else None,
                "errors": [{"row": x.row, "column": x.column, "message": x.message}
                           for x in e.errors]}
        if ctx.args.json:
            ctx.out(data)
        else:
            print(str(e), file=sys.stderr)
        return 1
    if result.dry_run:
        text = f"检查通过：{result.rows:,} 行均可导入（--dry-run，未写入）。"
    else:
        text = f"已导入 {result.imported:,} 条记录。"
        if result.backup:
            text += f"\n导入前的安全备份：{result.backup}"
    ctx.out({"ok": True, **result.__dict__}, text)
    return 0


def run_import_template(ctx) -> int:
    """Write a blank import workbook."""
    path = imports.write_template(registry.import_spec(ctx.args.template_name), ctx.args.output)
    ctx.out({"file": str(path.resolve())}, f"已生成导入模板：{path}")
    return 0


def run_template_fill(ctx) -> int:
    """Fill a district template from a JSON file of values."""
    from jiedao_desk.exports import template_fill

    a = ctx.args
    try:
        values = json.loads(Path(a.values).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"找不到数据文件：{a.values}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValidationError(f"数据文件“{a.values}”不是有效的 JSON：{e}") from None
    if not isinstance(values, dict):
        raise ValidationError("数据文件应为一个 JSON 对象（键 → 值）。")
    out = template_fill.fill_template(a.template, a.mapping, values, a.output)
    ctx.out({"file": str(Path(out).resolve())}, f"已填写模板：{out}")
    return 0
