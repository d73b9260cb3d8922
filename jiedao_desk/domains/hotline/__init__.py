# SPDX-License-Identifier: MIT
"""接诉即办 (12345 hotline) tickets on the street's side: entry, dispatch, clocks, 三率.

The public face of the domain: other domains, the shell and the benchmarks import these
names (``from jiedao_desk.domains import hotline``), never the modules behind them; the Qt
page is ``jiedao_desk.domains.hotline.pages``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiedao_desk.base.lazy import exports

if TYPE_CHECKING:
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
    from jiedao_desk.domains.hotline.history import address_history, person_history, ticket_history
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
    from jiedao_desk.domains.hotline.spec import SPEC
    from jiedao_desk.domains.hotline.tickets import SOURCE as SEARCH_SOURCE
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
    "SEARCH_SOURCE",
    "HistoryEntry", "HotSpot", "LinkView", "LinkedTicket", "RateRow", "Ticket", "Trend",
    "add_handling", "add_ticket", "address_history", "check_action", "clock_of", "count_tickets",
    "deadlines",
    "dispatch", "extend", "find_ticket", "get_ticket", "hot_spots", "import_file", "link",
    "links_of", "list_source", "mask_phone", "month_rates", "parse_time", "person_history",
    "record_arrival", "record_contact", "record_visit", "reply", "return_ticket", "set_flags",
    "summon", "ticket_history", "tickets_for", "tickets_line", "tickets_linked_to",
    "to_enforcement", "to_mediation", "trend", "void_link", "void_ticket",
]

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain (jiedao_desk/base/lazy.py).
__getattr__, __dir__ = exports(__name__, {
    "clocks": "clocks",
    "demo": "demo",
    "importing": "importing",
    "model": "model",
    "rates": "rates",
    "rules": "rules",
    "tickets": "tickets",
    "hotline_store": "store",
    "add_handling": "actions:add_handling",
    "check_action": "actions:check_action",
    "dispatch": "actions:dispatch",
    "extend": "actions:extend",
    "link": "actions:link",
    "record_arrival": "actions:record_arrival",
    "record_contact": "actions:record_contact",
    "record_visit": "actions:record_visit",
    "reply": "actions:reply",
    "return_ticket": "actions:return_ticket",
    "set_flags": "actions:set_flags",
    "summon": "actions:summon",
    "tickets_linked_to": "actions:tickets_linked_to",
    "clock_of": "clocks:clock_of",
    "deadlines": "clocks:deadlines",
    "parse_time": "clocks:parse_time",
    "DEMO_CLAIMS": "demo:DEMO_CLAIMS",
    "address_history": "history:address_history",
    "person_history": "history:person_history",
    "ticket_history": "history:ticket_history",
    "import_file": "importing:import_file",
    "links_of": "links:links_of",
    "tickets_for": "links:tickets_for",
    "tickets_line": "links:tickets_line",
    "to_enforcement": "links:to_enforcement",
    "to_mediation": "links:to_mediation",
    "void_link": "links:void_link",
    "CLAIM_CLASSES": "model:CLAIM_CLASSES",
    "History": "model:History",
    "HistoryEntry": "model:HistoryEntry",
    "HotSpot": "model:HotSpot",
    "LinkedTicket": "model:LinkedTicket",
    "LinkView": "model:LinkView",
    "RateRow": "model:RateRow",
    "Ticket": "model:Ticket",
    "Trend": "model:Trend",
    "STREET": "rates:STREET",
    "hot_spots": "rates:hot_spots",
    "month_rates": "rates:month_rates",
    "trend": "reports:trend",
    "ENTITY": "rules:ENTITY",
    "MACHINE": "rules:MACHINE",
    "add_ticket": "tickets:add_ticket",
    "count_tickets": "tickets:count_tickets",
    "find_ticket": "tickets:find_ticket",
    "get_ticket": "tickets:get_ticket",
    "list_source": "tickets:list_source",
    "mask_phone": "tickets:mask_phone",
    "void_ticket": "tickets:void_ticket",
    "SPEC": "spec:SPEC",
    "SEARCH_SOURCE": "tickets:SOURCE",
})
