# SPDX-License-Identifier: MIT
"""Community work access (社区工作准入): tasks sent down to communities, checked against the
duty list, approved or refused.

The public face of the domain: other code calls ``access.register_request(...)`` and so on;
the modules behind it are the domain's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
    from jiedao_desk.domains.access.complaints import add_complaint, list_complaints
    from jiedao_desk.domains.access.documents import issue_approval_form, issue_refusal_notice
    from jiedao_desk.domains.access.model import (
        KIND_LABELS,
        AccessRequest,
        Complaint,
        MonthStats,
        StatRow,
        Suggestion,
        TriageResult,
    )
    from jiedao_desk.domains.access.requests import (
        CONDITIONS,
        ENTITY,
        LEVELS,
        applicant_units,
        decide,
        get_request,
        list_source,
        register_request,
        setting_list,
        transition,
        update_request,
        void_request,
    )
    from jiedao_desk.domains.access.rules import MACHINE
    from jiedao_desk.domains.access.spec import SPEC
    from jiedao_desk.domains.access.stats import STAT_HEADERS, month_stats, stats_table
    from jiedao_desk.domains.access.triage import confirm_match, triage_request, triage_result

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
