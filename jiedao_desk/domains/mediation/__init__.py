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

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
