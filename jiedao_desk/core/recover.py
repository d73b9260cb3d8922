# SPDX-License-Identifier: MIT
"""Recovery of a damaged database: salvage what is readable into a new file, check it, and
say in a report what was saved and what was lost, table by table.

条例 第四十一条 (2020 北京市街道办事处条例) asks for measures against loss and damage of
data; a damaged page should cost the rows on it, not the whole file. The damaged original is
never written (the store reads a scratch copy), so a later, better salvage stays possible.

Permission: none. A damaged file cannot be trusted to say who may sign in (its user table
may be among the lost pages), and nobody can sign in to a file that does not open, which is
exactly when this is needed. It reads nothing that a person holding the file could not read
with any SQLite tool — access to the file is the boundary — and it changes no data: it
writes only a new file, which then asks for sign-in like any other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import DatabaseRefused
from jiedao_desk.core.check import CheckReport, check
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import recover as recover_store
from jiedao_desk.store.recover import Salvage, TableSalvage


@dataclass(frozen=True)
class Recovery:
    """What ``recover`` made: the new database, its report file and what they say."""

    target: Path
    report_path: Path
    salvage: Salvage
    check: CheckReport
    report: str


def default_target(damaged: Path) -> Path:
    """A new file beside the damaged one, named so it sorts next to it."""
    damaged = Path(damaged)
    return damaged.with_name(f"{damaged.stem}-recovered-{clock.utc_stamp()}{damaged.suffix}")


def report_path(target: Path) -> Path:
    """Where the report of a salvage into ``target`` is written (beside it)."""
    return target.with_name(f"{target.stem}-抢救报告.txt")


def recover(damaged: str | Path, target: str | Path,
            progress: Callable[[int, int, str], None] | None = None) -> Recovery:
    """Salvage ``damaged`` into the new database ``target``, check it and write the report.

    Raises:
        DatabaseRefused: ``target`` exists, or the file is from a newer app.
        DatabaseDamaged: nothing could be read at all.
    """
    damaged, target = Path(damaged).expanduser().resolve(), Path(target).expanduser().resolve()
    if report_path(target).exists():
        raise DatabaseRefused(f"报告文件“{report_path(target)}”已存在：抢救不覆盖任何文件。")
    digest = _sha256(damaged) if damaged.is_file() else ""
    salvage = recover_store.salvage(damaged, target, progress)
    with Store.open(target) as store:  # brings an older file's schema up to date
        findings = check(store)
        with store.atomic():
            # The new file says where it came from: the salvage is part of its history.
            audit_store.record(store, SYSTEM, "database.recover", "database", None, None,
                               {"from": str(damaged), "sha256": digest,
                                "copied": salvage.copied,
                                "lost": {t.name: t.lost_at_most for t in salvage.tables
                                         if t.lost or t.rejected or t.unreadable}})
    text = render_report(damaged, digest, target, salvage, findings)
    out = report_path(target)
    out.write_text(text, encoding="utf-8")
    return Recovery(target, out, salvage, findings, text)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _loss(t: TableSalvage) -> str:
    if t.unreadable:
        return "整张表无法读取"
    if not t.lost:
        return "无"
    ranges = "、".join(f"编号 {a} 及以后" if b is None else
                      (f"编号 {a}" if a == b else f"编号 {a}–{b}") for a, b in t.lost)
    bound = t.lost_at_most
    return (f"最多 {bound} 条（{ranges}）" if bound is not None
            else f"条数不明（{ranges}）")


def render_report(damaged: Path, digest: str, target: Path, salvage: Salvage,
                  findings: CheckReport) -> str:
    """The report in Chinese: per table what was saved and what was lost, and the check."""
    lines = ["数据库抢救报告", "",
             f"时间：{clock.now().isoformat(sep=' ', timespec='seconds')}",
             f"损坏的文件：{damaged}（未作任何改动；SHA-256 {digest}）",
             f"抢救出的新文件：{target}",
             f"数据结构版本：{salvage.migrations[-1]}", "", "各数据表："]
    damaged_tables = [t for t in salvage.tables if t.lost or t.rejected or t.unreadable]
    for t in salvage.tables:
        rejected = f"，内容错乱未收入 {t.rejected} 条" if t.rejected else ""
        lines.append(f"  {t.name}：抢救 {t.copied} 条，丢失 {_loss(t)}{rejected}")
    bounds = [t.lost_at_most for t in damaged_tables]
    lost = "条数不明" if None in bounds else f"最多 {sum(b or 0 for b in bounds)} 条"
    lines += ["", f"合计：抢救 {salvage.copied} 条记录；"
              + (f"{len(damaged_tables)} 张表有损失（{lost}）。" if damaged_tables
                 else "没有发现损失。"), ""]
    if findings.ok:
        lines.append("抢救后的检查：通过。")
    else:
        lines.append(f"抢救后的检查发现 {len(findings.problems)} 个问题（多因记录丢失，"
                     "例如引用了丢失的记录、审计链在丢失处断开）：")
        lines += [f"  - {p.message}" for p in findings.problems]
    lines += ["", "下一步：请核对上面列出的丢失部分，必要时从备份或纸质材料补录；"
              "确认新文件可用后，用 --db 指定新文件（或在程序中打开它）继续工作。"
              "损坏的原文件请保留，不要删除。"]
    return "\n".join(lines) + "\n"
