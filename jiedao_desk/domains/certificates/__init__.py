# SPDX-License-Identifier: MIT
"""Certificates issued by a residents' committee (证明开具), only from the 目录 in force.

The public face of the domain: other code calls ``certificates.issue_certificate(...)`` and so
on; the modules behind it are the domain's own.
"""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.certificates import service
from jiedao_desk.domains.certificates import store as certificates_store
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

__all__ = [
    "CATALOG_KEY", "DENIED", "DENYLIST_KEY", "EMPTY", "ENTITY", "MACHINE", "NOT_IN_CATALOG",
    "NO_CATALOG", "NO_DENYLIST", "OK", "REASONS", "SIMILAR", "SPEC", "Certificate", "Check",
    "ListInForce", "MonthCounts", "catalog_problem", "check_request", "get_certificate",
    "issue_certificate", "issue_refusal_notice", "issuer_name", "list_in_force", "list_source",
    "month_counts", "pdf_bytes", "refuse_request", "void_certificate",
]

SPEC = DomainSpec(
    key="certificates", title="证明开具",
    entities=(ENTITY,),
    settings=tuple(service.SETTINGS.values()),
    machines=(MACHINE,),
    pages=(PageSpec("certificates", "证明开具",
                    "jiedao_desk.domains.certificates.pages:CertificatesPage",
                    "certificate.view"),),
    cli=(("certificate", "jiedao_desk.domains.certificates.cli"),),
    commands={"certificate catalog": "catalog.view", "certificate issue": "certificate.issue",
              "certificate refuse": "certificate.issue", "certificate list": "certificate.view",
              "certificate void": "certificate.issue"},
    migrations=("m005_certificates",),
    document_kinds=("certificate", "certificate_refusal"),
    record_labels={ENTITY: certificates_store.RECORD_LABEL_SQL},
    entity_labels={ENTITY: "证明登记"},
    field_labels={"outcome": "结果", "applicant_name": "申请人",
                  "applicant_id_number": "申请人证件号码", "applicant_phone": "申请人电话",
                  "matter": "证明事项", "purpose": "用途", "content": "证明内容",
                  "evidence": "核实依据", "item_text": "目录事项", "deny_text": "不应出具的事项",
                  "day": "日期", "month": "月份"},
)
