# SPDX-License-Identifier: MIT
"""结案 and 归档 of an enforcement case.

A 一般程序 case closes only with the documents its steps require and the fine paid or before
the court, and is archived only with the full dossier (结案审批表 included) — the gates are
in ``rules.py`` (``missing_documents`` lists what is missing).
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core import validate
from jiedao_desk.core.settings import Setting
from jiedao_desk.domains.enforcement import rules, search
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.cases import add_event, case_for, move
from jiedao_desk.domains.enforcement.facts import Facts
from jiedao_desk.domains.enforcement.model import ENTITY, Case
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

SETTINGS = settings_mod.declare(
    Setting("enforcement.archive_retention", "执法案卷默认保管期限", "定期30年",
            "一般程序案卷常见为“定期30年”或“永久”（参考资料§4，非北京专门规定，待核实）。",
            "综合执法"),
)


def close_case(store: Store, actor: Actor, case_id: int, day, approved_by: str,
               result: str) -> Case:
    """结案 with approval (``rules`` action ``close``)."""
    case = case_for(store, actor, case_id, "close")
    day = validate.date(day, "结案日期", not_after_today=True)
    action = rules.require("close", Facts(store, case, day))
    fields = {"closed_on": day,
              "closed_approved_by": validate.required_text(approved_by, "结案审批人", 30)}
    with store.atomic():
        es.update_case(store, case_id, **fields)
        add_event(store, actor, case, "close", day, "enforcement.close",
                  details={"result": validate.required_text(result, "执行情况", 500)})
        move(store, actor, case, action, "结案")
    return es.read_case(store, case_id)


def archive_case(store: Store, actor: Actor, case_id: int) -> str:
    """归档: 归档号 = 4-digit year of 结案 + 4-digit serial (reference §4, generic, unverified
    for Beijing). Returns the 归档号."""
    case = case_for(store, actor, case_id, "archive")
    action = rules.require("archive", Facts(store, case))
    if case.closed_on is None:  # a closed case has its 结案 date
        raise Conflict(f"案件 {case.label} 没有结案日期，不能归档。")
    year = case.closed_on.year
    with store.atomic():
        number = f"{year}{es.next_archive_serial(store, year):04d}"
        retention = str(settings_mod.get(store, SETTINGS["enforcement.archive_retention"]))
        es.update_case(store, case_id, archive_no=number, retention=retention)
        search.reindex(store, case_id)  # the 归档号 is searchable
        move(store, actor, case, action, f"归档号 {number}")
        audit_store.record(store, actor, "enforcement.archive", ENTITY, case_id, None,
                           {"archive_no": number, "retention": retention})
    return number
