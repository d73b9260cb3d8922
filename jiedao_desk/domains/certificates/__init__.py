# SPDX-License-Identifier: MIT
"""Certificates issued by a residents' committee (证明开具), only from the 目录 in force."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.certificates import service

SPEC = DomainSpec(
    key="certificates", title="证明开具",
    entities=(service.ENTITY,),
    settings=tuple(service.SETTINGS.values()),
    pages=(PageSpec("certificates", "证明开具",
                    "jiedao_desk.domains.certificates.pages:CertificatesPage",
                    "certificate.view"),),
    cli=(("certificate", "jiedao_desk.domains.certificates.cli"),),
    migrations=("m005_certificates",),
    document_kinds=("certificate", "certificate_refusal"),
)
