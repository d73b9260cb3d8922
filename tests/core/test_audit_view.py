# SPDX-License-Identifier: MIT
import re

import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.core import audit
from jiedao_desk.domains.org import service as org


def test_admin_reads_and_filters(store, actor):
    org.set_street(store, actor, "示例街道")
    org.add_community(store, actor, "甲社区", "001")
    admin = Actor(1, "王管理", "admin")
    rows = audit.rows(store, admin, entity="community")
    assert [r["action"] for r in rows] == ["community.add"]
    assert audit.rows(store, admin, date_from="2026-11-23", date_to="2026-11-23")
    assert audit.rows(store, admin, date_from="2026-11-24") == []
    entities, names = audit.filter_values(store, admin)
    assert entities == ["community", "street"] and names == ["系统"]
    assert audit.verify(store, admin) == (2, None)


@pytest.mark.parametrize("role", ["street_staff", "community_worker", "mediator",
                                  "enforcement_officer", "readonly"])
def test_others_cannot_read_the_audit_log(store, role):
    who = Actor(9, "某人", role, 1 if role == "community_worker" else None)
    with pytest.raises(PermissionDenied):
        audit.rows(store, who)
    with pytest.raises(PermissionDenied):
        audit.verify(store, who)


# -- the audit view in words -----------------------------------------------------------------
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
ADMIN = Actor(1, "王管理", "admin")


def test_a_change_reads_who_when_what_and_before_after(store, actor):
    from jiedao_desk import registry
    from jiedao_desk.core import catalog, settings
    from jiedao_desk.domains.mediation import cases as mediation

    catalog.load_builtin(store, actor)
    c = org.add_community(store, actor, "甲社区", "001")
    case = mediation.register_case(
        store, actor, community_id=c.id, source="application", application_form="oral",
        dispute_type="邻里纠纷", summary="楼上漏水", claims=["赔偿"],
        parties=[{"role": "applicant", "name": "张三"}, {"role": "respondent", "name": "李四"}],
        received_on="2026-11-02")
    mediation.accept(store, actor, case.id, on="2026-11-03")
    settings.set_value(store, actor, registry.setting("todo.due_soon_working_days"), 5)
    wording = registry.audit_wording()
    entries = audit.entries(store, ADMIN, wording)
    setting, accepted, registered = entries[0], entries[1], entries[2]
    assert (accepted.who, accepted.what) == ("系统", "受理")
    assert accepted.target == f"{case.case_number}（张三、李四）"
    assert "状态：待受理→调解中" in accepted.changes_text
    assert "受理日期：（空）→2026-11-03" in accepted.changes_text
    assert registered.what == "登记"
    assert "申请形式：口头" in registered.changes_text
    assert "来源：当事人申请" in registered.changes_text
    assert "当事人：" in registered.changes_text and "张三" in registered.changes_text
    assert setting.what == "修改设置" and setting.target == "到期提醒提前（工作日）"
    assert setting.changes_text.endswith("→5")
    for e in entries:  # no code, key or JSON reaches the reader
        shown = [e.what, e.target, *(ch.field for ch in e.changes)]
        assert not any(ASCII_WORD.search(t) for t in shown), shown
        assert "{" not in e.changes_text and e.what != "其他操作"


def test_every_demo_change_is_named(store):
    import datetime as dt

    from jiedao_desk import demo, registry
    from jiedao_desk.base import clock

    with clock.frozen(dt.date(2026, 11, 25)):
        demo.generate(store, 10, seed=3)
    wording = registry.audit_wording()
    unnamed = set()
    for e in audit.entries(store, ADMIN, wording, limit=2000):
        for text in (e.what, e.target, *(ch.field for ch in e.changes)):
            if ASCII_WORD.search(text) or text in ("其他操作", audit.OTHER_FIELD):
                unnamed.add((e.what, text))
    assert unnamed == set()


def test_values_read_as_labels():
    wording = audit.Wording(fields={"x": {"state": "状态", "amount": "金额"}},
                            values={"x": {"oral": "口头协议", "form.oral": "口头"}},
                            states={"x": {"done": "已办结"}})
    before = '{"state": "open", "terms": "[]", "form": null, "amount_fen": 0}'
    after = ('{"state": "done", "terms": "[\\"赔偿\\", \\"道歉\\"]", "form": "oral",'
             ' "amount_fen": 123456, "flag": true}')
    text = "；".join(c.text for c in audit.changes(before, after, "x", wording))
    assert text == ("状态：open→已办结；其他内容：（空）→赔偿、道歉；其他内容：（空）→口头；"
                    "金额（元）：0.00→1234.56；其他内容：（空）→是")


def test_demo_values_read_as_words_not_codes(store):
    """The demo's catalogue loads and on-the-spot penalties read in words: no catalogue key,
    checksum or file of origin, and the penalty kind as 罚款 (not its code)."""
    import datetime as dt

    from jiedao_desk import demo, registry
    from jiedao_desk.base import clock

    with clock.frozen(dt.date(2026, 11, 25)):
        demo.generate(store, 10, seed=3)
    entries = audit.entries(store, ADMIN, registry.audit_wording(), limit=2000)
    samples = [e for e in entries if e.what == "载入示例清单"]
    assert len(samples) == 3
    shown = "；".join(c.text for e in entries if e.what in ("载入示例清单", "当场处罚")
                     for c in e.changes)
    for code in ("duty_list", "certificate_catalog", "sample:", "内容校验值", "fine"):
        assert code not in shown, code
    assert "处罚种类：罚款" in shown


def test_a_community_reads_as_its_name_not_its_number(store, actor):
    from jiedao_desk.core import auth
    from jiedao_desk.registry import audit_wording

    org.set_street(store, actor, "示例街道")
    org.add_community(store, actor, "甲社区", "001")
    maple = org.add_community(store, actor, "枫林苑社区", "002")
    auth.create_first_admin(store, "boss", "管理员", "Kx9#mQ2!vL7pZr")
    auth.create_user(store, ADMIN, "zhang", "张三", "community_worker", "Rb7&kP2@xM9sWd",
                     community_id=maple.id)
    made = next(e for e in audit.entries(store, ADMIN, audit_wording())
                if e.what == "新建用户")
    assert "社区：枫林苑社区" in made.changes_text
    assert f"社区：{maple.id}" not in made.changes_text
