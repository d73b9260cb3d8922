# SPDX-License-Identifier: MIT
"""SQL of the enforcement case list screen (a ``ListSource`` over ``enforcement_case``).

Kept apart from ``store.py`` so the list screen can grow without touching the case-file SQL.
Labels are code constants (never user input), so they may be SQL literals.
"""

from __future__ import annotations

from jiedao_desk.store import Store
from jiedao_desk.store.lists import Column, ListSource


def _case(expr: str, labels: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in labels.items())
    return f"(CASE {expr} {whens} ELSE {expr} END)"


_PARTIES = ("(SELECT group_concat(p.name, '、') FROM enforcement_party AS p "
            "WHERE p.case_id = t.id)")
_FINE = "CASE WHEN t.decided_on IS NULL THEN '' ELSE printf('%.2f', t.fine_fen / 100.0) END"
# The case number (立案编号); a lead has none yet and shows its lead number, as
# model.case_label does ("线索第7号").
_CASE_NO = "COALESCE(t.case_no, '线索第' || t.id || '号')"
HIDDEN_COLUMNS = ("state", "source", "procedure")  # filter columns, not for reading


def columns(state_labels: dict[str, str], source_labels: dict[str, str],
            procedure_labels: dict[str, str]) -> tuple[Column, ...]:
    """The list columns; the Chinese labels of codes come from the rules and the model (one
    source of labels)."""
    return (
        Column("case_no", "案件编号", _CASE_NO, width=18),
        Column("state_text", "状态", _case("t.status", state_labels), width=9),
        Column("procedure_text", "程序", _case("t.procedure", procedure_labels), width=6),
        Column("source_text", "来源", _case("t.source", source_labels), width=7),
        Column("found_on", "发现日期", "t.found_on", width=10),
        Column("parties", "当事人", _PARTIES, width=10),
        Column("place", "地点", "t.place", width=14),
        Column("power_text", "职权事项", "t.power_text", width=18),
        Column("decided_on", "决定日期", "t.decided_on", width=10),
        Column("fine", "罚款（元）", _FINE, width=8),
        Column("archive_no", "归档号", "t.archive_no", width=8),
        Column("state", "状态代码", "t.status", filter="equals", width=6),
        Column("source", "来源代码", "t.source", filter="equals", width=6),
        Column("procedure", "程序代码", "t.procedure", filter="equals", width=6),
    )


class CaseListSource(ListSource):
    """The case list with one more restriction: cases found in a month (the monthly report's
    当月发现案件 counts by the date found, so the list opened from it shows the same cases)."""

    month: str = ""  # "YYYY-MM", "" = every month

    def set_month(self, month: str) -> None:
        """Only cases found in ``month`` ("YYYY-MM"; "" clears it)."""
        self.month = month or ""
        self._invalidate()

    def _where(self, search: bool = True) -> tuple[list[str], list]:
        where, params = super()._where(search)
        if self.month:
            where.append("substr(t.found_on, 1, 7) = ?")
            params.append(self.month)
        return where, params

    def copy_for(self, store: Store | None) -> CaseListSource:
        """The same list through another store (the month restriction included)."""
        clone = super().copy_for(store)
        clone.__class__ = CaseListSource  # the base copies every generic setting
        assert isinstance(clone, CaseListSource)  # made so on the line above
        clone.month = self.month
        return clone


def list_source(store: Store, cols: tuple[Column, ...]) -> CaseListSource:
    """The live (non-void) cases, newest first; filters ``state``, ``source``, ``procedure``,
    the month (``set_month``) and global-search text (``set_search``)."""
    source = CaseListSource(store, "enforcement_case", cols, base_where="t.voided_at IS NULL",
                            search_entity="enforcement_case")
    source.set_sort(None, descending=True)
    return source
