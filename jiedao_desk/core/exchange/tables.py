# SPDX-License-Identifier: MIT
"""Which tables travel between sites, how their rows refer to other rows, and which
community a row belongs to (what decides who may receive it).

A row refers to others by declared foreign keys (``PRAGMA foreign_key_list``), by a few
undeclared id columns listed here, and polymorphically (``entity``/``entity_id`` of documents,
attachments and 12345 links). Across sites every such reference travels as the referenced
row's identity (origin site, origin id); catalogue rows travel by their content (catalogue
and checksum, item position), since every site loads its catalogues from the same files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jiedao_desk.store import Store
from jiedao_desk.store import exchange as ex_store


@dataclass(frozen=True)
class Table:
    """One replicated table.

    Attributes:
        name: the table.
        parent: (column, table) of the record the row belongs to ("*": the row names it in
            entity/entity_id); None for a record of its own.
        community: the column naming the row's community, "self" for the community list,
            "links" for access requests (their communities), "parent" to ask the parent.
        street_only: never sent to a community site (enforcement files: 人民调解法 and the
            permission model keep them with the enforcement team).
        local_columns: ids of this database only (users), not carried.
        renumbered: per-database serials that another site's row must not take here.
    """

    name: str
    parent: tuple[str, str] | None = None
    community: str = "parent"
    street_only: bool = False
    local_columns: tuple[str, ...] = ()
    renumbered: tuple[str, ...] = ()
    extra_refs: dict[str, str] = field(default_factory=dict)


TABLES: tuple[Table, ...] = (
    Table("community", community="self"),
    Table("hotline_batch", community="all"),
    Table("resident", community="community_id"),
    Table("access_request", community="links"),
    Table("access_transition", ("request_id", "access_request")),
    Table("access_complaint", ("request_id", "access_request")),
    Table("certificate", community="community_id", local_columns=("recorded_by_id",)),
    Table("forms_entry", community="community_id"),
    Table("forms_entry_history", ("entry_id", "forms_entry")),
    Table("mediation_case", community="community_id"),
    Table("mediation_party", ("case_id", "mediation_case")),
    Table("mediation_event", ("case_id", "mediation_case")),
    Table("mediation_number", ("case_id", "mediation_case")),
    Table("mediation_transition", ("case_id", "mediation_case")),
    Table("enforcement_case", community="none", street_only=True),
    Table("enforcement_party", ("case_id", "enforcement_case"), street_only=True),
    Table("enforcement_event", ("case_id", "enforcement_case"), street_only=True,
          extra_refs={"attachment_id": "attachment"}),
    Table("enforcement_status_history", ("case_id", "enforcement_case"), street_only=True),
    Table("enforcement_discretion", ("case_id", "enforcement_case"), street_only=True),
    Table("enforcement_publication", ("case_id", "enforcement_case"), street_only=True),
    Table("hotline_ticket", community="community_id"),
    Table("hotline_event", ("ticket_id", "hotline_ticket")),
    Table("hotline_link", ("ticket_id", "hotline_ticket")),
    Table("hotline_summons", ("ticket_id", "hotline_ticket")),
    Table("document", ("entity_id", "*"), renumbered=("serial",)),
    Table("attachment", ("entity_id", "*")),
)
BY_NAME = {t.name: t for t in TABLES}
# Tables whose rows carry entity/entity_id naming another record.
POLYMORPHIC = ("document", "attachment", "hotline_link")
CATALOG_TABLES = ("catalog_version", "catalog_item")
# Columns holding a community id inside text: a mediation committee's serial scope "c:<id>".
COMMITTEE_COLUMNS = {"mediation_case": "committee_key", "mediation_number": "committee_key"}
BLOB_COLUMNS = {"document": ("pdf", "pdf_sha256")}  # column → the column with its SHA-256


def refs(store: Store, table: str) -> dict[str, str]:
    """Every id column of ``table`` that names another row: column → table."""
    out = dict(ex_store.foreign_keys(store, table))
    out.update(BY_NAME[table].extra_refs)
    return out


def is_replicated(table: str | None) -> bool:
    """Whether rows of ``table`` travel between sites."""
    return table in BY_NAME


def family(store: Store, entity: str, record_id: int) -> list[tuple[str, int]]:
    """The record and every row that belongs to it: rows whose parent it is (and theirs),
    and the documents and files filed under any of them."""
    out: list[tuple[str, int]] = [(entity, record_id)]
    seen = set(out)
    i = 0
    while i < len(out):
        table, rid = out[i]
        i += 1
        for spec in TABLES:
            if spec.parent is None:
                continue
            column, parent = spec.parent
            if parent == table:
                found = ex_store.referencing(store, spec.name, column, rid)
            elif parent == "*" and spec.name in POLYMORPHIC:
                found = ex_store.attached_to(store, spec.name, table, rid)
            else:
                continue
            for child in found:
                if (spec.name, child) not in seen:
                    seen.add((spec.name, child))
                    out.append((spec.name, child))
    return out
