# SPDX-License-Identifier: MIT
"""Photos on a lead (before 立案) and investigation evidence (only after 立案)."""


import pytest

from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.domains.enforcement import cases as enf
from jiedao_desk.domains.enforcement import investigation
from jiedao_desk.domains.enforcement import lists as enforcement_lists

OFFICERS = [("张明", "11010001"), ("李强", "11010002")]


@pytest.fixture
def lead(file_store, actor):
    catalog.load_builtin(file_store, actor)
    return enf.register_lead(file_store, actor, "patrol", "2026-08-20", "示例路12号",
                             "占道摆摊", act_on="2026-08-20").case_id


def _photo(tmp_path, name="现场.jpg", body=b"\xff\xd8\xff\xe0lead-photo"):
    path = tmp_path / name
    path.write_bytes(body)
    return path


def _power(store):
    return enf.power_choices(store)[0][0].item_id


def test_lead_photo_before_filing_and_evidence_rule_kept(file_store, actor, lead, tmp_path):
    # Investigation evidence still needs 立案 ...
    with pytest.raises(Conflict, match="尚未立案.*添加线索照片"):
        investigation.add_evidence(file_store, actor, lead, _photo(tmp_path), "现场照片",
                                   "2026-08-20")
    # ... but the lead itself may carry its photos.
    eid = investigation.add_lead_photo(file_store, actor, lead, _photo(tmp_path), "巡查照片",
                                       "2026-08-20")
    files = enforcement_lists.evidence_of(file_store, actor, lead)
    assert [(f.event_id, f.stage, f.description) for f in files] == \
        [(eid, "lead", "巡查照片")]
    audit = file_store.row("SELECT action FROM audit_log WHERE entity = 'enforcement_case' "
                           "ORDER BY id DESC LIMIT 1")
    assert audit["action"] == "enforcement.lead_photo"
    with pytest.raises(ValidationError, match="不能晚于"):
        investigation.add_lead_photo(file_store, actor, lead, _photo(tmp_path), "x", "2026-12-01")
    # After 立案 a lead photo is refused: evidence goes through add_evidence.
    enf.file_case(file_store, actor, lead, "2026-08-25", "王队长", _power(file_store))
    with pytest.raises(Conflict, match="线索"):
        investigation.add_lead_photo(file_store, actor, lead, _photo(tmp_path), "迟到的照片")
    assert len(enforcement_lists.evidence_of(file_store, actor, lead)) == 1
