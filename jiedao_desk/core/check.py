# SPDX-License-Identifier: MIT
"""Database check: SQLite integrity, foreign keys and the audit hash chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from jiedao_desk.base.errors import Problem
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import backup as backup_store


@dataclass
class CheckReport:
    """Outcome of ``check``; ``ok`` is False if anything was found."""

    problems: list[Problem] = field(default_factory=list)
    audit_rows: int = 0
    audit_head: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def check(store: Store) -> CheckReport:
    """Run ``PRAGMA integrity_check``, ``foreign_key_check`` and verify the audit chain."""
    report = CheckReport()
    for msg in backup_store.integrity_errors(store.conn):
        report.problems.append(Problem("integrity", f"数据库完整性检查：{msg}"))
    fk = backup_store.foreign_key_errors(store.conn)
    if fk:
        report.problems.append(Problem("foreign_key", f"发现 {len(fk)} 条引用不存在记录的数据",
                                       {"first": list(fk[0])}))
    brk = audit_store.verify_chain(store)
    if brk:
        report.problems.append(Problem("audit_chain", brk.reason, {"row_id": brk.row_id}))
    report.audit_rows, report.audit_head = audit_store.head(store)
    return report
