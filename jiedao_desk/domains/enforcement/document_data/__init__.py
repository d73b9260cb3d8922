# SPDX-License-Identifier: MIT
"""The data each enforcement document prints: the fields every kind shares (``case_data``)
and one builder per kind that records a step of the case.

A builder gets the common fields (merged with the officer's extra values where noted) and
returns the data its TOML text prints; it raises a Chinese ValidationError when the step the
document records has not been registered yet. Statutory contents per kind are cited in
resources/documents/<kind>.toml. The dossier's own cover and index are built in ``dossier``.
"""

from __future__ import annotations

from jiedao_desk.domains.enforcement.document_data.common import (
    RECONSIDERATION,
    SETTINGS,
    WAIVER_KIND,
    Builder,
    case_data,
)
from jiedao_desk.domains.enforcement.document_data.decisions import (
    on_the_spot_decision,
    penalty_decision,
)
from jiedao_desk.domains.enforcement.document_data.records import (
    RECORD_BUILDERS,
    service_receipt,
)
from jiedao_desk.domains.enforcement.document_data.review import (
    case_source,
    collective_discussion,
    hearing_notice,
    hearing_rights_notice,
    investigation_report,
    legal_review,
    preservation_notice,
    rectification_notice,
    statement_record,
)

__all__ = ["BUILDERS", "RECONSIDERATION", "RECORD_BUILDERS", "SETTINGS", "WAIVER_KIND",
           "Builder", "case_data"]

BUILDERS: dict[str, Builder] = {
    "enforcement_case_source": case_source,
    "enforcement_preservation_notice": preservation_notice,
    "enforcement_hearing_rights_notice": hearing_rights_notice,
    "enforcement_hearing_notice": hearing_notice,
    "enforcement_statement_record": statement_record,
    "enforcement_rectification_notice": rectification_notice,
    "enforcement_investigation_report": investigation_report,
    "enforcement_legal_review": legal_review,
    "enforcement_collective_discussion": collective_discussion,
    "enforcement_on_the_spot_decision": on_the_spot_decision,
    "enforcement_penalty_decision": penalty_decision,
    "enforcement_service_receipt": service_receipt,
}
