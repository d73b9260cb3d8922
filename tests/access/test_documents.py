# SPDX-License-Identifier: MIT
"""The 不予准入告知书 and the 准入审批表: what they print, and that they lock the request."""

import io

import pytest
from pypdf import PdfReader

from jiedao_desk.base.errors import Conflict
from jiedao_desk.core import documents
from jiedao_desk.domains.access import documents as access_docs
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import triage as access_triage
from tests.access.support import import_list, register


def test_refusal_notice_names_reason_and_list_and_locks_request(store, actor, env, tmp_path):
    import_list(store, actor, tmp_path)
    req = register(store, actor, [env["a"].id], title="创建文明楼院评比挂牌", content="",
                   task_type="挂牌")
    access_triage.triage_request(store, actor, req.id)
    access_triage.confirm_match(store, actor, req.id, None)
    with pytest.raises(Conflict, match="不予准入"):
        access_docs.issue_refusal_notice(store, actor, req.id)
    access.decide(store, actor, req.id, "refuse", "挂牌事项不在社区职责清单内且未经审批")
    doc = access_docs.issue_refusal_notice(store, actor, req.id)
    text = "".join(p.extract_text() for p in
                   PdfReader(io.BytesIO(documents.reprint(store, doc.id))).pages)
    text = text.replace("\n", "")
    assert "挂牌事项不在社区职责清单内且未经审批" in text
    assert "社区职责清单 test-2026" in text and "区统计局" in text
    assert documents.is_locked(store, access.ENTITY, req.id)
    form = access_docs.issue_approval_form(store, actor, req.id, {"handler_name": "张三"})
    assert form.pages == 1


def test_issued_approval_form_locks_fields(store, actor, env):
    req = register(store, actor, [env["a"].id])
    access_triage.triage_request(store, actor, req.id)
    access_docs.issue_approval_form(store, actor, req.id)
    with pytest.raises(Conflict, match="已据以签发文书"):
        access.update_request(store, actor, req.id, applicant_unit="区统计局",
                              applicant_level="区", title="改名", task_type="调查统计",
                              community_ids=[env["a"].id], planned_start="2027-03-01")
    with pytest.raises(Conflict, match="已据以签发文书"):
        access_triage.triage_request(store, actor, req.id)
