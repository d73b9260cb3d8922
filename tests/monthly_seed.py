# SPDX-License-Identifier: MIT
"""A fixed month (2026-10, plus a little of 2026-11) of records in every domain, made through
the domains' own core functions, for the monthly-report tests. TEST DATA ONLY: the catalog
and form below are invented, not Beijing's lists."""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric

from jiedao_desk import paths
from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.core import catalog
from jiedao_desk.domains import access, certificates, enforcement, forms, hotline, mediation
from jiedao_desk.domains.forms import definitions as form_definitions
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import audit as audit_store

ADMIN = Actor(1, "街道管理员", "admin")
ID_IN_MATTER = "110105198001010012"  # typed into a refused request's free text
OFFICERS = [("张明", "11010001"), ("李强", "11010002")]

_CATALOG = """
[catalog]
key = "certificate_catalog"
title = "社区开具证明目录"

[version]
label = "月报测试"
effective_from = "2026-07-01"
effective_to = ""
confidence = "secondary"
notes = "测试数据，不是正式目录。"

[[items]]
seq = 1
text = "测试证明乙"
"""


def _id(prefix17: str) -> str:
    return prefix17 + ric.calc_check_digit(prefix17 + "0")


def _parties():
    return [{"role": "applicant", "kind": "person", "name": "张三", "id_number": _id(
                "11010519491231002"), "phone": "13800138000", "address": "和平里1号"},
            {"role": "respondent", "kind": "person", "name": "李四",
             "id_number": _id("11010519800101001"), "address": "和平里2号"}]


def monthly_form() -> forms.FormDef:
    """A (test) monthly form of the real registry."""
    base = forms.load_file(paths.forms_dir() / "examples" / "example_quarterly_summary.toml")
    return forms.FormDef(**{**base.__dict__, "id": "test_monthly", "name": "测试月报",
                            "frequency": "月", "example": False})


def on(day: dt.date, fn, *args, **kw):
    """Run ``fn`` with "today" set to ``day``."""
    with clock.frozen(day):
        return fn(*args, **kw)


def seed(store, tmp_path, monkeypatch, street="测试街道办事处") -> dict:
    """Seed October 2026 (and a few November records). Returns the communities and form."""
    a_ = ADMIN
    audit_store.excuse_clock(store, a_, "测试：按历史日期补录")  # the seed travels back in time
    catalog.load_builtin(store, a_)
    org.set_street(store, a_, street, "S01", "测试区")
    a = org.add_community(store, a_, "甲社区", "A01")
    b = org.add_community(store, a_, "乙社区", "B01")

    # Access: 3 received in October (one admitted, one refused), 1 in November.
    def register(unit, task_type, cid):
        return access.register_request(
            store, a_, applicant_unit=unit, applicant_level="区", title="入户登记",
            content="协助开展统计调查", task_type=task_type, community_ids=[cid],
            planned_start="2027-03-01", role_verbs=["协助入户"], conditions={})
    r1 = on(dt.date(2026, 10, 9), register, "区统计局", "调查统计", a.id)
    r2 = on(dt.date(2026, 10, 12), register, "区民政局", "台账", b.id)
    r3 = on(dt.date(2026, 10, 20), register, "区统计局", "调查统计", a.id)
    for r in (r1, r2, r3):
        on(r.received_on, access.triage_request, store, a_, r.id)
    on(dt.date(2026, 10, 15), access.decide, store, a_, r1.id, "admit", "同意")
    on(dt.date(2026, 10, 30), access.decide, store, a_, r2.id, "refuse", "清单外")
    on(dt.date(2026, 11, 2), register, "区民政局", "台账", b.id)

    # Certificates: 2 issued and 1 refused in October (the matter quotes an ID number).
    path = tmp_path / "monthly_catalog.toml"
    path.write_text(_CATALOG, encoding="utf-8")
    catalog.import_version(store, a_, path)
    for name in ("张喆", "王堃"):
        on(dt.date(2026, 10, 9), certificates.issue_certificate, store, a_, a.id, item_seq=1,
           name=name, id_number=_id("11010519800101001"), purpose="办理入学手续")
    on(dt.date(2026, 10, 10), certificates.refuse_request, store, a_, b.id, name="赵六",
       matter=f"{ID_IN_MATTER}居住情况证明", notice=False)
    certificates.issue_certificate(store, a_, a.id, item_seq=1, name="孙七",
                                   id_number=_id("11010519800101001"), purpose="办理入学手续")

    # Forms: a monthly form; 甲 submitted October, 乙 did not.
    form = monthly_form()
    monkeypatch.setattr(form_definitions, "load_registry",
                        lambda *x, **k: forms.Registry([form], []))
    forms.submit(store, a_, form, "2026-10", a.id, [{"households": "3", "persons": "5"}])

    # Mediation: 2 accepted in October at 甲, one written agreement of 2,000.50 yuan.
    def case(cid, day):
        c = mediation.register_case(store, a_, community_id=cid, source="application",
                                    application_form="oral", dispute_type="邻里纠纷",
                                    summary="漏水纠纷", parties=_parties(), received_on=day)
        return mediation.accept(store, a_, c.id, on=day)
    c1 = case(a.id, "2026-10-10")
    case(a.id, "2026-10-12")
    mediation.assign_mediators(store, a_, c1.id, ["赵调解"])
    mediation.notify_rights(store, a_, c1.id, on="2026-10-11")
    mediation.add_record(store, a_, c1.id, "session", {"place": "调解室", "matter": "漏水赔偿",
                                                      "content": "双方同意"}, on="2026-10-20")
    mediation.record_agreement(store, a_, c1.id, written=True, facts="楼上漏水", terms=["赔偿"],
                               amount_yuan="2000.50", manner="转账", place="调委会",
                               deadline="2026-11-30", effective_on="2026-10-21")
    case(b.id, "2026-11-05")

    # Enforcement: one lead found in October and one on-the-spot fine of 50 yuan.
    power = enforcement.power_choices(store)[0][0]
    enforcement.register_lead(store, a_, "patrol", "2026-10-08", "示例路12号", "占道经营",
                              act_on="2026-10-08")
    enforcement.simple_penalty(store, a_, source="hotline", day="2026-10-20", place="某路",
                               facts="乱扔", party={"kind": "person", "name": "赵某",
                                                  "id_number": _id("11010519491231002")},
                               fine=50, power_item_id=power.item_id, paper_number="No.9",
                               officer_list=OFFICERS)

    # 12345: 3 tickets in October at 甲 (2 visited), 1 at 乙; 1 in November.
    n = {"i": 0}

    def ticket(cid, when, visit=None):
        n["i"] += 1
        tid = hotline.add_ticket(store, a_, {"ticket_no": f"T{n['i']}", "received_at": when,
                                             "community_id": cid})
        hotline.reply(store, a_, tid, "已办理", closed_at=when[:10] + " 18:00")
        if visit:
            hotline.record_visit(store, a_, tid, *visit)
    ticket(a.id, "2026-10-10 09:00", (True, True, "满意"))
    ticket(a.id, "2026-10-11 09:00", (True, False, "基本满意"))
    ticket(a.id, "2026-10-12 09:00")
    ticket(b.id, "2026-10-13 09:00", (True, True, "满意"))
    ticket(b.id, "2026-11-03 09:00", (True, True, "满意"))
    return {"a": a, "b": b, "form": form}
