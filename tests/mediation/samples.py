# SPDX-License-Identifier: MIT
"""Sample parties and cases shared by the mediation tests (today is frozen to 2026-11-23)."""

from __future__ import annotations

from jiedao_desk.core import catalog
from jiedao_desk.domains.mediation import actions as act
from jiedao_desk.domains.mediation import cases as mediation
from jiedao_desk.domains.org import service as org

ID_A = "11010519491231002X"   # woman born 1949-12-31 (GB 11643 sample number)
ID_B = "110101199003078515"   # man born 1990-03-07 (valid check digit)
USCC = "91110108551385082Q"


def parties():
    """An applicant (person, with ID number) and a respondent (organisation with an agent)."""
    return [
        {"role": "applicant", "kind": "person", "name": "张三", "id_number": ID_A,
         "phone": "13800138000", "address": "和平里1号", "ethnicity": "汉族"},
        {"role": "respondent", "kind": "org", "name": "某物业公司", "credit_code": USCC,
         "representative": "李四", "agent_name": "王五", "agent_authority": "一般代理"},
    ]


def register(store, actor, community_id, **kw):
    """Register an orally applied 物业纠纷 received on 2026-10-10 (``kw`` overrides)."""
    args = dict(community_id=community_id, source="application", application_form="oral",
                dispute_type="物业纠纷", summary="漏水纠纷", parties=parties(),
                claims=["赔偿损失"], received_on="2026-10-10")
    args.update(kw)
    return mediation.register_case(store, actor, **args)


def to_agreement(store, actor, case, written=True,
                 days=("2026-10-11", "2026-10-12", "2026-10-20", "2026-11-01")):
    """Take an accepted case to an agreement (mediator, rights notice, investigation, session;
    2000.50 yuan, effective on the last of ``days``)."""
    act.assign_mediators(store, actor, case.id, ["赵调解"])
    act.notify_rights(store, actor, case.id, on=days[0])
    act.add_record(store, actor, case.id, "investigation",
                   {"place": "现场", "content": "查看漏水"}, on=days[1])
    act.add_record(store, actor, case.id, "session",
                   {"place": "调解室", "matter": "漏水赔偿", "content": "双方同意"},
                   on=days[2])
    return act.record_agreement(store, actor, case.id, written=written, facts="楼上漏水",
                                terms=["物业赔偿2000元"], amount_yuan="2000.50",
                                manner="转账", place="调委会", deadline="2026-11-30",
                                effective_on=days[3])


def persons():
    """Two natural persons with ID numbers, ethnicity, occupation and address."""
    return [{"role": "applicant", "kind": "person", "name": "张三", "id_number": ID_A,
             "ethnicity": "回族", "occupation": "退休", "address": "和平里1号"},
            {"role": "respondent", "kind": "person", "name": "李四", "id_number": ID_B,
             "ethnicity": "汉族", "occupation": "教师", "address": "和平里2号"}]


def accepted(store, actor, who=None, **kw):
    """An orally applied 邻里纠纷 of a new 和平里社区 (code HPL), accepted on 2026-10-10; the
    parties are ``who`` (default ``parties()``), ``kw`` overrides the registration."""
    catalog.load_builtin(store, actor)
    c = org.add_community(store, actor, "和平里社区", "HPL")
    args = dict(community_id=c.id, source="application", application_form="oral",
                dispute_type="邻里纠纷", summary="楼上漏水，损坏吊顶",
                claims=["赔偿损失", "修复漏点"],
                parties=who or parties(), received_on="2026-10-10")
    args.update(kw)
    case = mediation.register_case(store, actor, **args)
    return mediation.accept(store, actor, case.id, on="2026-10-10")


def referred_agreement(store, actor, community_id, written=True):
    """A 物业纠纷 referred by 和平里派出所, accepted and taken to an agreement."""
    catalog.load_builtin(store, actor)
    case = mediation.register_case(
        store, actor, community_id=community_id, source="referral", referred_by="和平里派出所",
        dispute_type="物业纠纷", summary="楼上漏水", parties=parties(), received_on="2026-10-10")
    mediation.accept(store, actor, case.id, on="2026-10-10")
    return to_agreement(store, actor, case, written)
