# SPDX-License-Identifier: MIT
"""Comprehensive administrative enforcement (综合行政执法): case files from lead to archive.

This is the domain's public face: other domains, the shell and the benchmarks use what is
imported here (``from jiedao_desk.domains import enforcement`` then
``enforcement.register_lead(...)``), and ``enforcement.pages`` for the Qt widgets. The case's
states and the gates of every step are in ``rules.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
    from jiedao_desk.domains.enforcement.cases import (
        add_party,
        file_case,
        get_case,
        not_open,
        power_choices,
        register_lead,
        void_case,
    )
    from jiedao_desk.domains.enforcement.closing import archive_case, close_case
    from jiedao_desk.domains.enforcement.decision import (
        decide,
        prior_notice,
        record_hearing,
        record_statement,
        request_hearing,
        schedule_hearing,
        simple_penalty,
    )
    from jiedao_desk.domains.enforcement.documents import KINDS as DOCUMENT_KINDS
    from jiedao_desk.domains.enforcement.documents import issue_document
    from jiedao_desk.domains.enforcement.dossier import dossier_pdf
    from jiedao_desk.domains.enforcement.execution import (
        court_application,
        demand,
        record_payment,
        serve,
    )
    from jiedao_desk.domains.enforcement.investigation import (
        add_evidence,
        add_lead_photo,
        dispose_preservation,
        note_withdrawal,
        record_investigation,
        register_preservation,
        review,
    )
    from jiedao_desk.domains.enforcement.lists import list_source
    from jiedao_desk.domains.enforcement.model import (
        ENTITY,
        PARTY_KINDS,
        SOURCES,
        Case,
        CaseRow,
        LeadResult,
        NewParty,
        Party,
        PowerItem,
        Statistics,
        case_label,
    )
    from jiedao_desk.domains.enforcement.records import void_record
    from jiedao_desk.domains.enforcement.rules import MACHINE, STATES
    from jiedao_desk.domains.enforcement.rules import label as state_label
    from jiedao_desk.domains.enforcement.search import SOURCE as SEARCH_SOURCE
    from jiedao_desk.domains.enforcement.spec import SPEC
    from jiedao_desk.domains.enforcement.stored_clocks import DERIVED
    from jiedao_desk.domains.enforcement.view import case_detail, list_cases, statistics

__all__ = [
    "DOCUMENT_KINDS", "ENTITY", "MACHINE", "PARTY_KINDS", "SOURCES", "SPEC", "STATES", "Case",
    "SEARCH_SOURCE", "DERIVED",
    "CaseRow", "LeadResult", "NewParty", "Party", "PowerItem", "Statistics", "add_evidence",
    "add_lead_photo", "add_party", "archive_case", "case_detail", "case_label", "close_case",
    "court_application", "decide", "demand", "dispose_preservation", "dossier_pdf",
    "file_case", "get_case", "issue_document", "list_cases", "list_source", "not_open",
    "note_withdrawal", "power_choices", "prior_notice", "record_hearing",
    "record_investigation", "record_payment", "record_statement", "register_lead",
    "register_preservation", "request_hearing", "review", "schedule_hearing", "serve",
    "simple_penalty", "state_label", "statistics", "void_case", "void_record",
]

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain (jiedao_desk/base/lazy.py).
__getattr__, __dir__ = exports(__name__, {
    "closing": "closing",
    "demo": "demo",
    "document_data": "document_data",
    "model": "model",
    "numbers": "numbers",
    "parameters": "parameters",
    "publication": "publication",
    "search": "search",
    "stored_clocks": "stored_clocks",
    "view": "view",
    "enforcement_store": "store",
    "add_party": "cases:add_party",
    "file_case": "cases:file_case",
    "get_case": "cases:get_case",
    "not_open": "cases:not_open",
    "power_choices": "cases:power_choices",
    "register_lead": "cases:register_lead",
    "void_case": "cases:void_case",
    "archive_case": "closing:archive_case",
    "close_case": "closing:close_case",
    "decide": "decision:decide",
    "prior_notice": "decision:prior_notice",
    "record_hearing": "decision:record_hearing",
    "record_statement": "decision:record_statement",
    "request_hearing": "decision:request_hearing",
    "schedule_hearing": "decision:schedule_hearing",
    "simple_penalty": "decision:simple_penalty",
    "DOCUMENT_KINDS": "documents:KINDS",
    "issue_document": "documents:issue_document",
    "dossier_pdf": "dossier:dossier_pdf",
    "court_application": "execution:court_application",
    "demand": "execution:demand",
    "record_payment": "execution:record_payment",
    "serve": "execution:serve",
    "add_evidence": "investigation:add_evidence",
    "add_lead_photo": "investigation:add_lead_photo",
    "dispose_preservation": "investigation:dispose_preservation",
    "note_withdrawal": "investigation:note_withdrawal",
    "record_investigation": "investigation:record_investigation",
    "register_preservation": "investigation:register_preservation",
    "review": "investigation:review",
    "list_source": "lists:list_source",
    "ENTITY": "model:ENTITY",
    "PARTY_KINDS": "model:PARTY_KINDS",
    "SOURCES": "model:SOURCES",
    "Case": "model:Case",
    "CaseRow": "model:CaseRow",
    "LeadResult": "model:LeadResult",
    "NewParty": "model:NewParty",
    "Party": "model:Party",
    "PowerItem": "model:PowerItem",
    "Statistics": "model:Statistics",
    "case_label": "model:case_label",
    "void_record": "records:void_record",
    "MACHINE": "rules:MACHINE",
    "STATES": "rules:STATES",
    "state_label": "rules:label",
    "case_detail": "view:case_detail",
    "list_cases": "view:list_cases",
    "statistics": "view:statistics",
    "SPEC": "spec:SPEC",
    "SEARCH_SOURCE": "search:SOURCE",
    "DERIVED": "stored_clocks:DERIVED",
})
