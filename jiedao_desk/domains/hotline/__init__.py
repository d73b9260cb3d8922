# SPDX-License-Identifier: MIT
"""接诉即办 (12345 hotline) tickets on the street's side: entry, dispatch, clocks, 三率."""

from __future__ import annotations

from jiedao_desk.core.spec import DomainSpec, PageSpec
from jiedao_desk.domains.hotline import demo, rates, tickets

SPEC = DomainSpec(
    key="hotline", title="接诉即办",
    entities=(tickets.ENTITY, "hotline_batch", "hotline_mapping"),
    settings=(*tickets.SETTINGS.values(), *rates.SETTINGS.values()),
    todo=(tickets.todo_items,),
    search=(tickets.SOURCE,),
    pages=(PageSpec("hotline", "接诉即办", "jiedao_desk.domains.hotline.pages.page:HotlinePage",
                    "hotline.view"),),
    cli=(("hotline", "jiedao_desk.domains.hotline.cli"),),
    migrations=("m009_hotline", "m013_hotline_links"),
    demo=demo.generate,
)
