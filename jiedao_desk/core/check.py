# SPDX-License-Identifier: MIT
"""Database check: everything stored is what the app wrote.

Besides SQLite's own integrity and foreign-key checks and the audit hash chain, it verifies
the seals (store/seal.py: the keyed chain over the audit head and every written row), the
anchor kept beside the file, the protective triggers, the stored PDFs and attachment files.
Each finding names what was found and where (table, row, audit row) in Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jiedao_desk.base.errors import Problem
from jiedao_desk.store import Store, migrations, seal
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import backup as backup_store
from jiedao_desk.store import integrity as integrity_store


@dataclass
class CheckReport:
    """Outcome of ``check``; ``ok`` is False if anything was found."""

    problems: list[Problem] = field(default_factory=list)
    audit_rows: int = 0
    audit_head: str = ""
    seal_head: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def check(store: Store, backup_manifest: dict[str, Any] | None = None,
          known_heads: Sequence[str] = ()) -> CheckReport:
    """Run every check.

    The seals are compared with the anchor file beside the database, or, for the copy of a
    backup, with the seal head its (already verified) ``backup_manifest`` carries.
    ``known_heads`` are audit-chain heads recorded elsewhere (a monthly report carries one):
    each must still be a row of the chain, or the log was cut or rewritten after it."""
    report = CheckReport()
    add = report.problems.append
    for msg in backup_store.integrity_errors(store.conn):
        add(Problem("integrity", f"数据库完整性检查：{msg}"))
    fk = backup_store.foreign_key_errors(store.conn)
    if fk:
        table, rowid, parent, _ = fk[0]
        add(Problem("foreign_key", f"发现 {len(fk)} 条引用不存在记录的数据（第一条：数据表 "
                    f"{table} 第{rowid}行引用了 {parent} 中不存在的记录）",
                    {"first": list(fk[0])}))
    missing = seal.protective_triggers_missing(store.conn, migrations.reference_triggers())
    if missing:
        add(Problem("triggers", "保护数据的触发器被删除：" + "、".join(missing),
                    {"triggers": missing}))
    brk = audit_store.verify_chain(store)
    if brk:
        add(Problem("audit_chain", brk.reason, {"row_id": brk.row_id}))
    _check_seals(store, report, backup_manifest)
    for known in known_heads:
        if not audit_store.has_hash(store, known.strip().lower()):
            add(Problem("audit_rewritten", f"外部记下的审计链头 {known[:16]}… 在数据库中找不到："
                        "这之后审计记录被截断或改写", {"审计链头": known}))
    for doc_id, number in integrity_store.bad_documents(store):
        add(Problem("document_pdf", f"文书 {number or doc_id}（第{doc_id}号记录）保存的 PDF "
                    "与出具时的哈希不符：被替换或损坏", {"表": "document", "行": doc_id}))
    for att_id, filename, what in integrity_store.bad_attachments(store):
        add(Problem("attachment", f"附件“{filename}”（第{att_id}号）{what}",
                    {"表": "attachment", "行": att_id}))
    report.audit_rows, report.audit_head = audit_store.head(store)
    return report


def _check_seals(store: Store, report: CheckReport,
                 backup_manifest: dict[str, Any] | None) -> None:
    conn = store.conn
    if not seal.has_seal_tables(conn):
        return  # an old schema (a backup before seals existed) has nothing to verify yet
    findings = seal.verify_chain(conn) + seal.verify_tail(conn) + seal.verify_rows(conn)
    if backup_manifest is not None:
        findings += seal.verify_anchor(conn, backup_manifest.get("seal"), "备份清单",
                                       signed=False)
    elif store.path is not None:
        findings += seal.verify_anchor(conn, seal.read_anchor(store.path), "数据库旁的锚点文件")
    for f in findings:
        report.problems.append(Problem(f.kind, f.message, dict(f.where)))
    head = seal.head(conn)
    report.seal_head = head.as_dict() if head else {}
