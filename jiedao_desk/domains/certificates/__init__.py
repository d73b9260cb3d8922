# SPDX-License-Identifier: MIT
"""Certificates issued by a residents' committee (证明开具), only from the 目录 in force.

The public face of the domain: other code calls ``certificates.issue_certificate(...)`` and so
on; the modules behind it are the domain's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
    from jiedao_desk.domains.certificates.model import (
        DENIED,
        EMPTY,
        NO_CATALOG,
        NO_DENYLIST,
        NOT_IN_CATALOG,
        OK,
        SIMILAR,
        Certificate,
        Check,
        ListInForce,
        MonthCounts,
    )
    from jiedao_desk.domains.certificates.rules import MACHINE, REASONS, catalog_problem
    from jiedao_desk.domains.certificates.service import (
        CATALOG_KEY,
        DENYLIST_KEY,
        ENTITY,
        check_request,
        get_certificate,
        issue_certificate,
        issue_refusal_notice,
        issuer_name,
        list_in_force,
        list_source,
        month_counts,
        pdf_bytes,
        refuse_request,
        void_certificate,
    )
    from jiedao_desk.domains.certificates.spec import SPEC

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
