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

# Each name loads its module when first used: a search hit or a command of this domain
# imports what it needs, not the whole domain. The imports above are the one list of the
# face's names; ``exports`` reads them back (jiedao_desk/base/lazy.py).
__getattr__, __dir__, __all__ = exports(__name__)
