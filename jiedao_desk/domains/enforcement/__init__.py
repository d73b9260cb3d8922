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

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
