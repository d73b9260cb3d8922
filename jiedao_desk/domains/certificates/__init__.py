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

__all__ = [
    "CATALOG_KEY", "DENIED", "DENYLIST_KEY", "EMPTY", "ENTITY", "MACHINE", "NOT_IN_CATALOG",
    "NO_CATALOG", "NO_DENYLIST", "OK", "REASONS", "SIMILAR", "SPEC", "Certificate", "Check",
    "ListInForce", "MonthCounts", "catalog_problem", "check_request", "get_certificate",
    "issue_certificate", "issue_refusal_notice", "issuer_name", "list_in_force", "list_source",
    "month_counts", "pdf_bytes", "refuse_request", "void_certificate",
]

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain (jiedao_desk/base/lazy.py).
__getattr__, __dir__ = exports(__name__, {
    "service": "service",
    "certificates_store": "store",
    "DENIED": "model:DENIED",
    "EMPTY": "model:EMPTY",
    "NO_CATALOG": "model:NO_CATALOG",
    "NO_DENYLIST": "model:NO_DENYLIST",
    "NOT_IN_CATALOG": "model:NOT_IN_CATALOG",
    "OK": "model:OK",
    "SIMILAR": "model:SIMILAR",
    "Certificate": "model:Certificate",
    "Check": "model:Check",
    "ListInForce": "model:ListInForce",
    "MonthCounts": "model:MonthCounts",
    "MACHINE": "rules:MACHINE",
    "REASONS": "rules:REASONS",
    "catalog_problem": "rules:catalog_problem",
    "CATALOG_KEY": "service:CATALOG_KEY",
    "DENYLIST_KEY": "service:DENYLIST_KEY",
    "ENTITY": "service:ENTITY",
    "check_request": "service:check_request",
    "get_certificate": "service:get_certificate",
    "issue_certificate": "service:issue_certificate",
    "issue_refusal_notice": "service:issue_refusal_notice",
    "issuer_name": "service:issuer_name",
    "list_in_force": "service:list_in_force",
    "list_source": "service:list_source",
    "month_counts": "service:month_counts",
    "pdf_bytes": "service:pdf_bytes",
    "refuse_request": "service:refuse_request",
    "void_certificate": "service:void_certificate",
    "SPEC": "spec:SPEC",
})
