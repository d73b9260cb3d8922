# SPDX-License-Identifier: MIT
"""People's mediation (人民调解): cases from application to follow-up and 司法确认.

The public face of the domain: other domains, the shell and the benchmarks use the names
below (``from jiedao_desk.domains import mediation`` then ``mediation.register_case(...)``);
its Qt page is ``jiedao_desk.domains.mediation.pages``. What a case may do in which state is
``MACHINE`` (rules.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
    from jiedao_desk.domains.mediation.actions import (
        RECORD_REQUIRED,
        add_record,
        apply_judicial_confirmation,
        archive,
        assign_mediators,
        close_case,
        notify_rights,
        record_agreement,
        record_judicial_result,
        terminate,
        transfer_to_street,
    )
    from jiedao_desk.domains.mediation.cases import SOURCE as SEARCH_SOURCE
    from jiedao_desk.domains.mediation.cases import (
        accept,
        check_action,
        committees,
        dispute_types,
        get_case,
        list_source,
        refuse,
        register_case,
        void_case,
    )
    from jiedao_desk.domains.mediation.corrections import (
        edit_case,
        edit_party,
        edit_record,
        void_record,
    )
    from jiedao_desk.domains.mediation.documents import DOCUMENT_KINDS, issue_document
    from jiedao_desk.domains.mediation.dossier import (
        attach,
        attachment_labels,
        dossier_missing,
        dossier_pdf,
    )
    from jiedao_desk.domains.mediation.model import (
        OUTCOMES,
        PREVENTED,
        ROLES,
        SOURCES,
        Case,
        CommitteeMonth,
        Event,
        Party,
    )
    from jiedao_desk.domains.mediation.rules import ENTITY, MACHINE, RECORD_KINDS
    from jiedao_desk.domains.mediation.spec import SPEC
    from jiedao_desk.domains.mediation.stats import monthly_stats, write_stats_xlsx
    from jiedao_desk.domains.mediation.store import search_text

__all__ = [
    "DOCUMENT_KINDS", "ENTITY", "MACHINE", "OUTCOMES", "PREVENTED", "RECORD_KINDS",
    "RECORD_REQUIRED", "ROLES",
    "SOURCES", "SPEC", "SEARCH_SOURCE", "Case", "CommitteeMonth", "Event", "Party", "accept",
    "add_record", "apply_judicial_confirmation", "archive", "assign_mediators", "attach",
    "attachment_labels", "check_action", "close_case", "committees", "dispute_types",
    "dossier_missing",
    "dossier_pdf", "edit_case", "edit_party", "edit_record", "get_case", "issue_document",
    "list_source", "monthly_stats", "notify_rights", "record_agreement",
    "record_judicial_result", "refuse", "register_case", "search_text", "terminate",
    "transfer_to_street", "void_case", "void_record", "write_stats_xlsx",
]

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain (jiedao_desk/base/lazy.py).
__getattr__, __dir__ = exports(__name__, {
    "cases": "cases",
    "clocks": "clocks",
    "demo": "demo",
    "model": "model",
    "mediation_store": "store",
    "RECORD_REQUIRED": "actions:RECORD_REQUIRED",
    "add_record": "actions:add_record",
    "apply_judicial_confirmation": "actions:apply_judicial_confirmation",
    "archive": "actions:archive",
    "assign_mediators": "actions:assign_mediators",
    "close_case": "actions:close_case",
    "notify_rights": "actions:notify_rights",
    "record_agreement": "actions:record_agreement",
    "record_judicial_result": "actions:record_judicial_result",
    "terminate": "actions:terminate",
    "transfer_to_street": "actions:transfer_to_street",
    "accept": "cases:accept",
    "check_action": "cases:check_action",
    "committees": "cases:committees",
    "dispute_types": "cases:dispute_types",
    "get_case": "cases:get_case",
    "list_source": "cases:list_source",
    "refuse": "cases:refuse",
    "register_case": "cases:register_case",
    "void_case": "cases:void_case",
    "edit_case": "corrections:edit_case",
    "edit_party": "corrections:edit_party",
    "edit_record": "corrections:edit_record",
    "void_record": "corrections:void_record",
    "DOCUMENT_KINDS": "documents:DOCUMENT_KINDS",
    "issue_document": "documents:issue_document",
    "attach": "dossier:attach",
    "attachment_labels": "dossier:attachment_labels",
    "dossier_missing": "dossier:dossier_missing",
    "dossier_pdf": "dossier:dossier_pdf",
    "OUTCOMES": "model:OUTCOMES",
    "PREVENTED": "model:PREVENTED",
    "ROLES": "model:ROLES",
    "SOURCES": "model:SOURCES",
    "Case": "model:Case",
    "CommitteeMonth": "model:CommitteeMonth",
    "Event": "model:Event",
    "Party": "model:Party",
    "ENTITY": "rules:ENTITY",
    "MACHINE": "rules:MACHINE",
    "RECORD_KINDS": "rules:RECORD_KINDS",
    "monthly_stats": "stats:monthly_stats",
    "write_stats_xlsx": "stats:write_stats_xlsx",
    "search_text": "store:search_text",
    "SPEC": "spec:SPEC",
    "SEARCH_SOURCE": "cases:SOURCE",
})
