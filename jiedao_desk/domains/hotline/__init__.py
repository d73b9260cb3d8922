# SPDX-License-Identifier: MIT
"""接诉即办 (12345 hotline) tickets on the street's side: entry, dispatch, clocks, 三率.

The public face of the domain: other domains, the shell and the benchmarks import these
names (``from jiedao_desk.domains import hotline``), never the modules behind them; the Qt
page is ``jiedao_desk.domains.hotline.pages``.
"""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.core.workdays import DueDates
from jiedao_desk.domains.hotline import clocks, demo, importing, model, rates, rules, tickets
from jiedao_desk.domains.hotline import store as hotline_store
from jiedao_desk.domains.hotline.actions import (
    add_handling,
    check_action,
    dispatch,
    extend,
    link,
    record_arrival,
    record_contact,
    record_visit,
    reply,
    return_ticket,
    set_flags,
    summon,
    tickets_linked_to,
)
from jiedao_desk.domains.hotline.clocks import clock_of, deadlines, parse_time
from jiedao_desk.domains.hotline.demo import DEMO_CLAIMS
from jiedao_desk.domains.hotline.history import (
    address_history,
    person_history,
    ticket_history,
)
from jiedao_desk.domains.hotline.importing import import_file
from jiedao_desk.domains.hotline.links import (
    links_of,
    tickets_for,
    tickets_line,
    to_enforcement,
    to_mediation,
    void_link,
)
from jiedao_desk.domains.hotline.model import (
    CLAIM_CLASSES,
    History,
    HistoryEntry,
    HotSpot,
    LinkedTicket,
    LinkView,
    RateRow,
    Ticket,
    Trend,
)
from jiedao_desk.domains.hotline.rates import STREET, hot_spots, month_rates
from jiedao_desk.domains.hotline.reports import trend
from jiedao_desk.domains.hotline.rules import ENTITY, MACHINE
from jiedao_desk.domains.hotline.tickets import (
    add_ticket,
    count_tickets,
    find_ticket,
    get_ticket,
    list_source,
    mask_phone,
    void_ticket,
)

__all__ = [
    "CLAIM_CLASSES", "DEMO_CLAIMS", "ENTITY", "MACHINE", "SPEC", "STREET", "History",
    "HistoryEntry", "HotSpot", "LinkView", "LinkedTicket", "RateRow", "Ticket", "Trend",
    "add_handling", "add_ticket", "address_history", "check_action", "clock_of", "count_tickets",
    "deadlines",
    "dispatch", "extend", "find_ticket", "get_ticket", "hot_spots", "import_file", "link",
    "links_of", "list_source", "mask_phone", "month_rates", "parse_time", "person_history",
    "record_arrival", "record_contact", "record_visit", "reply", "return_ticket", "set_flags",
    "summon", "ticket_history", "tickets_for", "tickets_line", "tickets_linked_to",
    "to_enforcement", "to_mediation", "trend", "void_link", "void_ticket",
]

SPEC = DomainSpec(
    key="hotline", title="接诉即办",
    entities=(rules.ENTITY, "hotline_batch", "hotline_mapping"),
    settings=(*clocks.SETTINGS.values(), *rates.SETTINGS.values()),
    todo=(clocks.todo_items,),
    due_dates=(DueDates(ENTITY, "12345工单按工作日计算的反馈期限", clocks.recompute_feedback_due),),
    search=(tickets.SOURCE,),
    machines=(rules.MACHINE,),
    pages=(PageSpec("hotline", "接诉即办", "jiedao_desk.domains.hotline.pages:HotlinePage",
                    "hotline.view"),),
    cli=(("hotline", "jiedao_desk.domains.hotline.cli"),),
    commands={"hotline import": "hotline.edit", "hotline add": "hotline.edit",
              "hotline dispatch": "hotline.edit", "hotline list": "hotline.view",
              "hotline show": "hotline.view", "hotline history": "hotline.view",
              "hotline rates": "hotline.view", "hotline trend": "hotline.view",
              "hotline hotspots": "hotline.view",
              # a ticket becomes a case of the domain that takes it on
              "hotline to-mediation": "mediation.edit",
              "hotline to-enforcement": "enforcement.edit"},
    migrations=("m009_hotline", "m013_hotline_links"),
    # The city export has its own column mapping (saved per district, chosen with
    # ``hotline import --mapping``), so it is not one of the generic ``import NAME`` imports.
    demo=demo.generate,
    record_labels={rules.ENTITY: hotline_store.RECORD_LABEL_SQL},
    entity_labels={rules.ENTITY: "12345工单", "hotline_batch": "工单导入批次",
                   "hotline_mapping": "工单导入列对应关系"},
    field_labels=importing.AUDIT_FIELDS,
    value_labels=dict(model.CLAIM_CLASSES),
    action_labels={"hotline.add": "登记工单", "hotline.import_create": "导入新工单",
                   "hotline.import_update": "导入更新工单", "hotline.link_void": "取消关联",
                   "hotline.mapping": "保存导入列对应关系", "import.hotline": "导入12345工单"},
)
