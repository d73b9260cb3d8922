# SPDX-License-Identifier: MIT
"""Fixtures of the 12345 ticket tests."""

import pytest

from jiedao_desk.domains.hotline import tickets as hotline


@pytest.fixture
def ticket(store, actor):
    """Factory: enter ticket ``no`` by hand (a 投诉 about 楼道堆物 received 2026-11-20 09:00,
    unless ``kw`` says otherwise); returns its id."""

    def add(no="T001", **kw):
        values = {"ticket_no": no, "received_at": "2026-11-20 09:00", "claim_type": "投诉",
                  "title": "楼道堆物", "content": "三号楼楼道堆物",
                  "claimant_phone": "13800138000"}
        values.update(kw)
        return hotline.add_ticket(store, actor, values)

    return add
