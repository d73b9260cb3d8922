# SPDX-License-Identifier: MIT
"""`exchange`: data exchange between the street's and the communities' PCs
(core/exchange/, docs/exchange.md).

Sites and enrolment: ``enrol`` (write this site's file, or enrol another site's),
``sites``, ``void-site``. Packages: the commands that write, read and report them are
registered by ``_register_packages`` below.
"""

from __future__ import annotations

import os
import sys

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.base.labels import labelled_choice
from jiedao_desk.core import exchange, site
from jiedao_desk.domains import org

# --keep: the version an administrator chooses (core/exchange/changes.KEEP_CHOICES)
KEEP_LABELS = {"ours": "保留本机版本", "theirs": "采用对方版本"}


def register(sub) -> None:
    p = sub.add_parser("exchange", help="数据交换：站点登记、交换包")
    esub = p.add_subparsers(dest="exchange_command", metavar="操作", required=True)
    _register_sites(esub)
    _register_packages(esub)


def _register_sites(esub) -> None:
    w = esub.add_parser("site", help="本机站点：标识、用途（街道或社区）、文号机关代字、指纹")
    w.set_defaults(handler=run_site)
    r = esub.add_parser("site-role", help="设置本机用途（管理员）：街道站点，或某个社区的站点"
                                          "（须给出社区代码和文号机关代字）")
    r.add_argument("role", **labelled_choice(site.ROLES, "用途"))
    r.add_argument("--community", metavar="代码", help="社区代码（社区站点）")
    r.add_argument("--office-code", default="", metavar="代字",
                   help="印在本站文书文号之前的机关代字（社区站点必填）")
    r.set_defaults(handler=run_site_role)
    e = esub.add_parser("enrol", help="登记交换站点（管理员）：--write 写出本站的登记文件；"
                                      "给出对方的登记文件则核对指纹后登记对方")
    e.add_argument("file", metavar="FILE", nargs="?", help="对方站点的登记文件")
    e.add_argument("--write", metavar="FILE", help="把本站的登记文件写到此处（交给对方）")
    e.add_argument("--fingerprint", metavar="指纹",
                   help="对方读出的指纹（XXXX-XXXX-XXXX-XXXX）；不给时交互输入")
    e.set_defaults(handler=run_enrol)
    k = esub.add_parser("new-keys", help="重新生成本站交换密钥（管理员；密钥文件丢失或可能"
                                         "被复制时），之后须请各站点重新登记本站")
    k.add_argument("--reason", required=True, help="原因")
    k.set_defaults(handler=run_new_keys)
    s = esub.add_parser("sites", help="已登记的交换站点：指纹、收发的交换包编号、缺号")
    s.add_argument("--all", action="store_true", help="包括已作废的站点")
    s.set_defaults(handler=run_sites)
    v = esub.add_parser("void-site", help="作废一个交换站点的登记（管理员），此后拒收它的交换包")
    v.add_argument("site", metavar="SITE", help=SITE_HELP)
    v.add_argument("--reason", required=True, help="作废原因")
    v.set_defaults(handler=run_void)
    h = esub.add_parser("hand-over", help="把街道电脑上保存的某个社区的记录（居民、证明、报表"
                                          "填报、社区调委会的调解案件）移交该社区自己的站点"
                                          "（管理员）；--dry-run 只列出数量")
    h.add_argument("community", metavar="社区", help="社区名称或社区代码")
    h.add_argument("--reason", default="", help="移交原因（移交时必填）")
    h.add_argument("--dry-run", action="store_true", help="只列出将移交的记录，不移交")
    h.set_defaults(handler=run_hand_over)


SITE_HELP = ("对方站点：站点名称（如“枫林苑社区”）、社区代码，或站点标识"
             "（exchange sites 所示，可只写前六位以上）")


def _register_packages(esub) -> None:
    """The commands that write, read and report packages."""
    x = esub.add_parser("export", help="制作发给一个站点的交换包（自对方上次确认收到以来本站的"
                                       "全部变更，只含对方可以看的记录）")
    x.add_argument("site", metavar="SITE", help=SITE_HELP)
    x.add_argument("file", metavar="FILE", nargs="?", help="写到此文件")
    x.add_argument("--to-folder", metavar="文件夹",
                   help="不给 FILE 时：写到此文件夹（U盘、共享文件夹），文件名自动生成")
    x.set_defaults(handler=run_export)
    i = esub.add_parser("import", help="导入对方站点发来的交换包（全部成功或全部不导入；"
                                       "重复导入不改变任何数据）")
    i.add_argument("file", metavar="FILE", help="交换包文件；或一个文件夹（U盘）：导入其中所有"
                                                "发给本站的交换包，按编号先后")
    i.set_defaults(handler=run_import)
    s = esub.add_parser("status", help="各站点的交换情况：收发的交换包、待发送的变更、缺号、冲突")
    s.set_defaults(handler=run_status)
    c = esub.add_parser("conflicts", help="导入时发现的冲突（管理员）：本机版本与对方版本；"
                                          "--resolve 编号 --keep 版本 --note 说明 选定一个"
                                          "版本并标记为已处理")
    c.add_argument("--all", action="store_true", help="包括已处理的冲突")
    c.add_argument("--resolve", metavar="编号", type=int, help="把这条冲突标记为已处理")
    c.add_argument("--note", default="", help="如何处理的说明（与 --resolve 一起）")
    keep = labelled_choice(KEEP_LABELS, "版本")
    keep["help"] = ("与 --resolve 一起选定的版本：" + keep.get("help", "")
                    + "；采用对方版本仅限本机所有的记录，作为本机的新版本随交换包发出")
    c.add_argument("--keep", default="ours", **keep)
    c.set_defaults(handler=run_conflicts)


def run_conflicts(ctx) -> int:
    from jiedao_desk.core.exchange import changes

    a = ctx.args
    if a.resolve is not None:
        from jiedao_desk import registry

        changes.resolve_conflict(ctx.store, ctx.actor, a.resolve, a.note, a.keep,
                                 registry.search_reindexers())
        ctx.out({"resolved": a.resolve, "keep": a.keep},
                f"第 {a.resolve} 条冲突已处理：{changes.KEEP_CHOICES[a.keep]}。")
        return 0
    rows = changes.conflicts(ctx.store, ctx.actor, include_resolved=a.all)
    lines = []
    for c in rows:
        diff = sorted(k for k, v in c.theirs.items()
                      if c.ours is None or (k in c.ours and c.ours[k] != v
                                            and not isinstance(v, list)))
        lines.append(f"第 {c.id} 条  {c.table} 第 {c.row_id} 行  {c.noticed_at}"
                     + (f"（已处理：{c.resolution}）" if c.resolved_at else "") + "\n"
                     f"  本机保留：{c.local_owner_name}所有的第 {c.local_version} 版；"
                     f"“{c.sender_name}”第 {c.package_seq} 号交换包带来第 {c.their_version} 版\n"
                     f"  不同的字段：{'、'.join(diff) or '（无）'}")
    ctx.out([{k: v for k, v in vars(c).items()} for c in rows],
            "\n".join(lines) or "（没有冲突）")
    return 0


def run_export(ctx) -> int:
    from jiedao_desk.core.exchange import changes

    a = ctx.args
    if bool(a.file) == bool(a.to_folder):
        print("错误：请给出交换包文件 FILE，或用 --to-folder 给出文件夹（二者选一）。",
              file=sys.stderr)
        return 2
    done = changes.export_package(ctx.store, ctx.actor, a.site, a.to_folder or a.file,
                                  to_folder=bool(a.to_folder))
    got = done.collected
    ctx.out({"file": str(done.path), "site": done.peer_uid, "name": done.peer_name,
             "seq": done.seq, "since": done.since, "rows": got.rows,
             "references": got.references, "audit_entries": got.audit_entries,
             "files": got.blobs, "bytes": done.path.stat().st_size},
            changes.export_summary(done))
    return 0


def run_import(ctx) -> int:
    from pathlib import Path

    from jiedao_desk import registry
    from jiedao_desk.core.exchange import changes

    if Path(ctx.args.file).is_dir():
        return _import_folder(ctx, changes, registry.search_reindexers())
    got = changes.import_package(ctx.store, ctx.actor, ctx.args.file,
                                 registry.search_reindexers())
    ctx.out(_imported_json(got), changes.import_summary(got, "（exchange status）"))
    return 0


def _imported_json(got) -> dict:
    counts = got.applied.as_dict() if got.applied else {}
    return {"site": got.peer_uid, "name": got.peer_name, "seq": got.seq,
            "status": got.status, "missing": list(got.missing), **counts}


def _import_folder(ctx, changes, reindex) -> int:
    """Every package in the folder addressed to this site; exit 1 if any was refused."""
    found = changes.import_folder(ctx.store, ctx.actor, ctx.args.file, reindex)
    lines, items = [], []
    for f in found:
        if f.imported is not None:
            lines.append(f"{f.path.name}\n  " + changes.import_summary(f.imported,
                                                                      "（exchange status）"))
            items.append({"file": str(f.path), **_imported_json(f.imported)})
        else:
            if not f.other_site:
                lines.append(f"{f.path.name}\n  未导入：{f.refused}")
            items.append({"file": str(f.path), "refused": f.refused,
                          "other_site": f.other_site})
    others = sum(f.other_site for f in found)
    if others:
        lines.append(f"另有 {others} 个交换包是发给其他站点的，未动。")
    if not any(f.imported for f in found) and not any(f.refused and not f.other_site
                                                        for f in found):
        lines.append("此文件夹中没有发给本站的交换包。")
    ctx.out({"folder": str(ctx.args.file), "packages": items}, "\n".join(lines))
    return 1 if any(f.refused and not f.other_site for f in found) else 0


def run_status(ctx) -> int:
    from jiedao_desk.core.exchange import changes

    rows = changes.status(ctx.store, ctx.actor)
    lines = []
    for w in rows:
        lines.append(
            f"{w.name}（{'街道' if w.role == 'street' else '社区'}站点）\n"
            f"  已发出至第 {w.last_sent} 号（{w.last_sent_at or '未发出'}），对方确认收到第 "
            f"{w.acked} 号；已收到至第 {w.last_received} 号（{w.last_received_at or '未收到'}）\n"
            f"  待发送：{w.changes_waiting} 条变更的记录"
            + (f"\n  缺号：{'、'.join(str(g) for g in w.gaps)}" if w.gaps else "")
            + (f"\n  冲突：{w.conflicts} 条（两个版本都已保留，待管理员处理）"
               if w.conflicts else ""))
    ctx.out([vars(w) | {"gaps": list(w.gaps)} for w in rows],
            "\n".join(lines) or "（还没有登记交换站点）")
    return 0


def run_site(ctx) -> int:
    me = exchange.this_site(ctx.store, ctx.actor)
    ctx.out({"uid": me.uid, "name": me.name, "role": me.role, "community_id": me.community_id,
             "office_code": me.office_code, "fingerprint": me.fingerprint},
            f"本机：{me.name}（{me.role_label}站点）\n标识：{me.uid}\n"
            f"文号机关代字：{me.office_code or '（无）'}\n"
            f"指纹：{me.fingerprint or '尚未生成（写出本站登记文件时生成）'}")
    return 0


def run_site_role(ctx) -> int:
    community_id = None
    if ctx.args.community:
        found = [c for c in org.list_communities(ctx.store)
                 if c.code == ctx.args.community or c.name == ctx.args.community]
        if not found:
            raise ValidationError(f"没有代码或名称为“{ctx.args.community}”的社区。", "community")
        community_id = found[0].id
    me = site.set_role(ctx.store, ctx.actor, ctx.args.role, community_id, ctx.args.office_code)
    ctx.out({"uid": me.uid, "role": me.role, "community_id": me.community_id,
             "office_code": me.office_code},
            f"本机已设为{site.ROLES[me.role]}站点。")
    return 0


def run_enrol(ctx) -> int:
    args = ctx.args
    if args.write and args.file:
        print("错误：--write 写出本站的登记文件，FILE 登记对方的文件，一次只做一件。",
              file=sys.stderr)
        return 2
    if args.write:
        own = exchange.write_enrolment(ctx.store, ctx.actor, args.write)
        ctx.out(_enrolment_json(own, args.write),
                f"已写出本站登记文件：{args.write}\n"
                f"本站：{own.name}（{own.role_label}站点）\n"
                f"本站指纹：{own.fingerprint}\n"
                "请把文件交给对方，并把指纹读给对方管理员核对。")
        return 0
    if not args.file:
        print("错误：请给出对方的登记文件，或用 --write FILE 写出本站的登记文件。",
              file=sys.stderr)
        return 2
    site = exchange.preview(ctx.store, ctx.actor, args.file)
    typed = args.fingerprint
    if typed is None:
        if not sys.stdin or not sys.stdin.isatty() or os.environ.get("CI"):
            print("错误：非交互运行时请用 --fingerprint 给出对方读出的指纹。", file=sys.stderr)
            return 2
        print(f"登记文件：{site.name}（{site.role_label}站点）\n文件中的指纹：{site.fingerprint}")
        typed = input("请输入对方管理员读出的指纹（核对一致才登记）：")
    peer = exchange.enrol(ctx.store, ctx.actor, args.file, typed)
    ctx.out(_peer_json(peer), f"已登记{peer.role_label}站点“{peer.name}”，指纹 "
                              f"{peer.fingerprint}。")
    return 0


def run_new_keys(ctx) -> int:
    public = exchange.renew_keys(ctx.store, ctx.actor, ctx.args.reason)
    ctx.out({"fingerprint": public.fingerprint},
            f"已重新生成本站交换密钥，新指纹：{public.fingerprint}\n"
            "请用 exchange enrol --write 写出新的登记文件，交各站点作废原登记后重新登记本站。")
    return 0


def run_sites(ctx) -> int:
    peers = exchange.list_sites(ctx.store, ctx.actor, include_voided=ctx.args.all)
    lines = []
    for p in peers:
        state = f"（已作废 {p.voided_at}：{p.void_reason}）" if p.voided_at else ""
        lines.append(f"{p.name}  {p.role_label}站点{state}\n"
                     f"  标识 {p.uid}  指纹 {p.fingerprint}  登记于 {p.enrolled_at}\n"
                     f"  已发出至第 {p.last_sent} 号（{p.last_sent_at or '未发出'}），对方确认收到"
                     f"第 {p.acked} 号；已收到至第 {p.last_received} 号"
                     f"（{p.last_received_at or '未收到'}）"
                     + (f"\n  缺号：{'、'.join(str(g) for g in p.gaps)}" if p.gaps else "")
                     + ("\n  本机从备份恢复后尚未得到对方确认" if p.restored_from else ""))
    ctx.out([_peer_json(p) for p in peers], "\n".join(lines) or "（还没有登记交换站点）")
    return 0


def run_void(ctx) -> int:
    peer = exchange.void_site(ctx.store, ctx.actor, ctx.args.site, ctx.args.reason)
    ctx.out(_peer_json(peer), f"已作废站点“{peer.name}”的登记，此后拒收它的交换包。")
    return 0


def run_hand_over(ctx) -> int:
    from jiedao_desk.core.exchange import ownership

    wanted = ctx.args.community.strip()
    found = [c for c in org.list_communities(ctx.store) if wanted in (c.name, c.code)]
    if len(found) != 1:
        raise ValidationError(f"没有名称或代码为“{wanted}”的社区。", "community")
    if ctx.args.dry_run:
        got = ownership.community_records(ctx.store, ctx.actor, found[0].id)
        text = (f"将移交{got.site}站点：{got.summary()}"
                "（未移交；去掉 --dry-run 并写明 --reason 即移交）")
    else:
        got = ownership.hand_over_community(ctx.store, ctx.actor, found[0].id, ctx.args.reason)
        text = (f"已移交{got.site}站点：{got.summary()}。下一个发给该站点的交换包会带上这些记录；"
                "本机保留只读副本。")
    ctx.out({"community": got.community, "site": got.site, "site_uid": got.site_uid,
             "counts": got.counts, "total": got.total, "handed_over": not ctx.args.dry_run},
            text)
    return 0


def _enrolment_json(e: exchange.Enrolment, path: str) -> dict:
    return {"file": path, "uid": e.uid, "name": e.name, "role": e.role,
            "fingerprint": e.fingerprint, "app_version": e.app_version,
            "schema_version": e.schema_version}


def _peer_json(p: exchange.Peer) -> dict:
    return {"uid": p.uid, "name": p.name, "role": p.role, "community_id": p.community_id,
            "fingerprint": p.fingerprint, "app_version": p.app_version,
            "schema_version": p.schema_version, "enrolled_at": p.enrolled_at,
            "voided_at": p.voided_at, "void_reason": p.void_reason,
            "last_sent": p.last_sent, "last_sent_at": p.last_sent_at,
            "last_received": p.last_received, "last_received_at": p.last_received_at,
            "acked": p.acked, "acked_at": p.acked_at, "gaps": list(p.gaps),
            "restored_from_backup": p.restored_from is not None}
