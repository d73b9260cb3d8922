# SPDX-License-Identifier: MIT
"""The certificates domain's declarations for the registry (jiedao_desk/registry.py): its
settings, pages, commands, searchable records and the rest of ``DomainSpec``."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.certificates import service
from jiedao_desk.domains.certificates import store as certificates_store
from jiedao_desk.domains.certificates.rules import MACHINE
from jiedao_desk.domains.certificates.service import (
    ENTITY,
)

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
