# SPDX-License-Identifier: MIT
"""`forms`: approved reporting forms — list, validate, draft from a template, export."""

from __future__ import annotations

from pathlib import Path

from jiedao_desk.base.errors import NotFound, ValidationError
from jiedao_desk.domains import forms
from jiedao_desk.store import org as org_store


def register(sub) -> None:
    """Add the ``forms`` command group."""
    p = sub.add_parser("forms", help="报表（系统）：登记的报表、校验定义、由模板生成草稿、导出")
    fsub = p.add_subparsers(dest="forms_command", metavar="操作", required=True)

    ls = fsub.add_parser("list", help="forms/ 中登记的报表（含示例）以及被拒绝的定义和原因")
    ls.add_argument("--dir", metavar="DIR", help="报表定义目录（默认：程序的 forms/）")
    ls.set_defaults(handler=run_list, system_ok=True)

    v = fsub.add_parser("validate", help="校验一个报表定义文件（格式及与已登记报表的登记规则）")
    v.add_argument("file", metavar="FILE", help="报表定义 .toml")
    v.add_argument("--dir", metavar="DIR", help="已登记报表的目录（默认：程序的 forms/）")
    v.set_defaults(handler=run_validate, system_ok=True)

    t = fsub.add_parser("import-template",
                        help="读取区里 Excel 表样的表头，生成待审核的报表定义草稿")
    t.add_argument("xlsx", metavar="XLSX", help="区里下发的 Excel 表样")
    t.add_argument("--id", default="draft_form", help="报表标识（英文字母开头）")
    t.add_argument("--sheet", help="工作表名称（默认第一个）")
    t.add_argument("-o", "--output", metavar="FILE.toml", help="写入草稿文件（默认打印）")
    t.set_defaults(handler=run_import_template, system_ok=True)

    r = fsub.add_parser("request-access",
                        help="登记规则不允许新增的报表：转为社区工作准入申请（报表/系统）")
    r.add_argument("file", metavar="FILE", help="报表定义 .toml")
    r.add_argument("--dir", metavar="DIR", help="已登记报表的目录（默认：程序的 forms/）")
    r.set_defaults(handler=run_request_access)

    e = fsub.add_parser("export", help="按报表的 Excel 版式或模板导出一个期间已报送的数据")
    e.add_argument("form_id", metavar="FORM_ID", help="报表标识（forms list 可查看）")
    e.add_argument("--period", required=True, help="期间：月报 2026-10，季报 2026-Q4，年报 2026")
    e.add_argument("--community", metavar="CODE", help="只导出一个社区（默认全街道）")
    e.add_argument("--drafts", action="store_true", help="同时导出未报送的草稿")
    e.add_argument("--dir", metavar="DIR", help="报表定义目录（默认：程序的 forms/）")
    e.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="输出文件")
    e.set_defaults(handler=run_export)


def _store(ctx):
    """The database if one is given or exists (the definition commands work without one)."""
    return ctx.store if ctx.args.db or ctx.db_path.exists() else None


def _registry(ctx):
    return forms.registry(_store(ctx), ctx.args.dir)


def run_list(ctx) -> int:
    """Print the registered forms and the refused definitions."""
    reg = _registry(ctx)
    lines = [f"登记的报表：{len([f for f in reg.forms if not f.example])} 项"
             "（正式报表由本街道在 forms/ 中添加；示例不计入）"]
    for f in reg.forms:
        lines.append(f"  {f.id}  {f.title}  {f.department} {f.level}级 {f.frequency}报 "
                     f"{f.channel} v{f.version} 自{f.effective_from}"
                     f"{'至' + str(f.effective_to) if f.effective_to else ''}")
    for path, reason in reg.refused:
        lines.append(f"  拒绝 {Path(path).name}：{reason}")
    data = {"forms": [{"id": f.id, "name": f.name, "department": f.department,
                       "level": f.level, "frequency": f.frequency, "example": f.example,
                       "draft": f.draft, "path": f.path} for f in reg.forms],
            "refused": [{"path": p, "reason": r} for p, r in reg.refused]}
    ctx.out(data, "\n".join(lines))
    return 0


def run_validate(ctx) -> int:
    """Check one definition file; exit 1 with the reason when it is refused."""
    form = forms.load_file(ctx.args.file)
    reg = _registry(ctx)
    cap = forms.district_cap(_store(ctx))
    others = [f for f in reg.forms if Path(f.path).resolve() != Path(ctx.args.file).resolve()]
    if not form.draft:
        forms.check_rules(form, others, cap)
    note = "（草稿：审核后把 draft 改为 false）" if form.draft else ""
    ctx.out({"ok": True, "id": form.id, "fields": len(form.fields), "district_cap": cap},
            f"定义有效：{form.title}，{len(form.fields)} 个字段{note}")
    return 0


def run_import_template(ctx) -> int:
    """Draft a definition from a template's header rows."""
    data = forms.draft_from_template(ctx.args.xlsx, ctx.args.id, ctx.args.sheet)
    text = forms.to_toml(data)
    if ctx.args.output:
        Path(ctx.args.output).write_text(text, encoding="utf-8")
        ctx.out(data, f"已生成草稿 {ctx.args.output}：{len(data['fields'])} 个字段，"
                      "请核对部门、层级、频次、生效日期和字段类型。")
    else:
        ctx.out(data, text)
    return 0


def run_export(ctx) -> int:
    """Export one period of a form to Excel."""
    a = ctx.args
    form = _registry(ctx).get(a.form_id)
    cid = None
    if a.community:
        row = org_store.find_live_community(ctx.store, code=a.community)
        if row is None:
            raise NotFound(f"没有代码为“{a.community}”的社区（org list 可查看）。")
        cid = row["id"]
    out = forms.export_period(ctx.store, ctx.actor, form, a.period, a.output, cid,
                              include_drafts=a.drafts)
    ctx.out({"output": str(out)}, f"已导出 {form.title} {a.period} → {out}")
    return 0


def run_request_access(ctx) -> int:
    """Register an access request for a definition the registry refuses."""
    form = forms.load_file(ctx.args.file)
    reg = _registry(ctx)
    others = [f for f in reg.forms if Path(f.path).resolve() != Path(ctx.args.file).resolve()]
    try:
        forms.check_rules(form, others, forms.district_cap(ctx.store))
    except ValidationError as e:
        req = forms.request_access(ctx.store, ctx.actor, form, str(e))
        ctx.out({"request_id": req.id, "reason": str(e)},
                f"报表登记未通过（{e}）\n已转为准入申请，编号 {req.id}。")
        return 0
    raise ValidationError("这个报表符合登记规则，可以直接放入 forms/ 目录，不需要准入申请。")
