# SPDX-License-Identifier: MIT
"""`catalog`: versioned reference catalogs (list, show, import, samples, template, wording)."""

from __future__ import annotations

from dataclasses import asdict

from jiedao_desk import registry
from jiedao_desk.base.errors import NotFound
from jiedao_desk.core import catalog, catalog_samples, wording_files
from jiedao_desk.documents.kinds import list_kinds


def register(sub) -> None:
    """Add the ``catalog`` command group."""
    p = sub.add_parser("catalog", help="参考目录（清单）：查看、导入新版本、导出模板")
    csub = p.add_subparsers(dest="catalog_command", metavar="操作", required=True)

    ls = csub.add_parser("list", help="列出所有目录及其版本（置信度、条目数、是否现行）")
    ls.set_defaults(handler=run_list)

    s = csub.add_parser("show", help="显示一个目录版本的来源和全部条目")
    s.add_argument("key", help="目录键，如 certificate_denylist")
    s.add_argument("--version", dest="label", help="版本标签（默认：今天现行的版本）")
    s.set_defaults(handler=run_show)

    i = csub.add_parser("import", help="从 TOML 或 Excel (.xlsx) 文件导入一个新版本")
    i.add_argument("file")
    i.add_argument("--issuer", metavar="发文机关", help="发文机关（填写后代替文件中的值）")
    i.add_argument("--doc-number", dest="doc_number", metavar="文号",
                   help="文号，如 京民发〔2026〕1号（填写后代替文件中的值）")
    i.set_defaults(handler=run_import)

    m = csub.add_parser("samples", help="载入培训用的示例清单（职责清单、证明目录、表格清单，"
                                        "均标明【示例】，不是正式清单）")
    m.add_argument("--remove", action="store_true",
                   help="移除示例清单（作废，不删除；已按示例开具的记录保留）")
    m.set_defaults(handler=run_samples)

    t = csub.add_parser("template", help="导出空白的 Excel 导入模板")
    t.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    t.set_defaults(handler=run_template)

    w = csub.add_parser("wording", help="导出各种文书现用的固定文字（文书措辞，TOML），"
                                        "按正式文书样式修改后用 import 导入")
    w.add_argument("-o", "--output", required=True, metavar="FILE.toml")
    w.add_argument("--kind", action="append", default=None,
                   help="只导出这种文书（文书种类代码，可重复；默认全部）")
    w.set_defaults(handler=run_wording)


def _version_dict(v) -> dict:
    d = asdict(v)
    d["source_urls"] = list(v.source_urls)
    return d


def _dates(v) -> str:
    start = v.effective_from.isoformat() if v.effective_from else "?"
    end = v.effective_to.isoformat() if v.effective_to else ""
    return f"{start} 至 {end or '今'}"


def run_list(ctx) -> int:
    """Print every catalog and version."""
    cats = catalog.list_catalogs(ctx.store)
    lines = []
    for c in cats:
        lines.append(f"{c.key}  {c.title}")
        for v in c.versions:
            mark = "作废" if v.voided_at else ("现行" if v.id == c.current_id else "")
            lines.append(f"  [{v.id:>3}] {v.label:<18} {v.confidence_label:<5} "
                         f"{v.item_count:>4}项  {mark:<3} {v.doc_number or '（无文号）'}  "
                         f"{_dates(v)}")
    data = [{"key": c.key, "title": c.title, "current_id": c.current_id,
             "versions": [_version_dict(v) for v in c.versions]} for c in cats]
    ctx.out(data, "\n".join(lines) or "（没有参考目录，请先运行 init）")
    return 0


def run_show(ctx) -> int:
    """Print one version's provenance and items."""
    key, label = ctx.args.key, ctx.args.label
    v = catalog.find_version(ctx.store, key, label) if label else \
        catalog.current_version(ctx.store, key)
    if v is None:  # no --version and none in force today
        labels = "、".join(x.label for x in catalog.versions(ctx.store, key))
        raise NotFound(f"目录“{key}”今天没有现行版本，请用 --version 指定（已有：{labels}）。")
    assert v.id is not None  # read from the store, so it has its row id
    rows = catalog.items(ctx.store, v.id)
    lines = [f"{v.title}（{v.catalog}）版本 {v.label}  [编号 {v.id}]",
             f"置信度：{v.confidence_label}（{v.confidence}）",
             f"发文机关：{v.issuer or '—'}", f"文号：{v.doc_number or '—'}",
             f"有效期：{_dates(v)}", f"来源：{v.origin}，{v.imported_at} 由 {v.imported_by} 载入"]
    lines += [f"来源网址：{u}" for u in v.source_urls]
    if v.voided_at:
        lines.append(f"已作废：{v.voided_at}，原因：{v.void_reason}")
    if v.notes:
        lines.append(f"说明：{v.notes}")
    lines.append(f"条目（{len(rows)}项）：")
    for it in rows:
        head = " ".join(x for x in (f"{it.seq:>3}.", it.code, it.text) if x)
        tail = f"  [{it.category}]" if it.category else ""
        lines.append(head + tail)
    ctx.out({"version": _version_dict(v), "items": [asdict(i) for i in rows]}, "\n".join(lines))
    return 0


def run_import(ctx) -> int:
    """Import a version from a file."""
    a = ctx.args
    res = catalog.import_version(ctx.store, ctx.actor, a.file, issuer=a.issuer,
                                 doc_number=a.doc_number,
                                 on_calendar_change=registry.calendar_changed)
    v = res.version
    text = (f"已导入：{v.title} 版本 {v.label}（{v.item_count}项，置信度：{v.confidence_label}）"
            if res.created else f"该版本已载入（{v.title} 版本 {v.label}，内容相同），未重复写入。")
    ctx.out({"created": res.created, "version": _version_dict(v)}, text)
    return 0


def run_samples(ctx) -> int:
    """Load the training samples, or void them with --remove."""
    if ctx.args.remove:
        done = catalog_samples.remove_samples(ctx.store, ctx.actor)
        text = ("已移除示例清单：" + "、".join(f"{v.title} 版本 {v.label}" for v in done)
                + "（已作废，记录保留）。") if done else "没有载入的示例清单，无需移除。"
    else:
        done = catalog_samples.load_samples(ctx.store, ctx.actor)
        text = ("已载入示例清单：" + "、".join(f"{v.title}（{v.item_count}项）" for v in done)
                + "。示例只供培训，不是正式清单；取得正式清单后请导入，示例可用 "
                "catalog samples --remove 移除。") if done else "示例清单已经载入，未重复写入。"
    ctx.out({"removed" if ctx.args.remove else "loaded": [_version_dict(v) for v in done]},
            text)
    return 0


def run_template(ctx) -> int:
    """Write the blank Excel template."""
    path = catalog.write_template(ctx.args.output)
    ctx.out({"path": str(path)}, f"已导出空白模板：{path}")
    return 0


def run_wording(ctx) -> int:
    """Write the current wording of the document kinds as a 文书措辞 version file."""
    kinds = ctx.args.kind
    if kinds:
        known = {k.key for k in list_kinds()}
        unknown = [k for k in kinds if k not in known]
        if unknown:
            raise NotFound(f"没有这种文书：{'、'.join(unknown)}。")
    path = wording_files.write_current(ctx.args.output, kinds=kinds)
    ctx.out({"path": str(path)}, f"已导出文书措辞：{path}。按正式文书样式修改各段文字后，用 "
            "catalog import 导入；未修改的段落可以删除（继续使用软件自带措辞）。")
    return 0
