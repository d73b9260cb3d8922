-- SPDX-License-Identifier: MIT
-- 12345 hotline (接诉即办): tickets, import batches, saved column mappings, events, summons
-- (街乡吹哨、部门报到) and links from a ticket to records of other domains.

-- A 12345 ticket (工单) as the street sees it. Fields the city platform owns are refreshed
-- by re-imports; local work (dispatch, contact, handling, reply, summons) is kept.
CREATE TABLE hotline_ticket (
    id INTEGER PRIMARY KEY,
    ticket_no TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,               -- 'YYYY-MM-DD HH:MM'
    month TEXT NOT NULL,                     -- YYYY-MM of received_at (三率 month)
    claim_type TEXT NOT NULL DEFAULT '',     -- 咨询/求助/投诉/举报/建议 (catalog)
    claim_class TEXT NOT NULL DEFAULT 'general'
        CHECK (claim_class IN ('urgent','livelihood','general','complex')),
    category TEXT NOT NULL DEFAULT '',       -- multi-level, levels joined by '->'
    title TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    claimant_name TEXT NOT NULL DEFAULT '',  -- may be 保密
    claimant_phone TEXT NOT NULL DEFAULT '',
    community_id INTEGER REFERENCES community(id),
    place TEXT NOT NULL DEFAULT '',
    nature TEXT NOT NULL DEFAULT '主办' CHECK (nature IN ('主办','协办','转办')),
    city_status TEXT NOT NULL DEFAULT '',    -- status text of the city platform
    status TEXT NOT NULL DEFAULT 'received',
    city_deadline TEXT,                      -- deadline printed on the city ticket, if any
    dispatch_due TEXT NOT NULL,
    feedback_due TEXT NOT NULL,
    extension_days INTEGER NOT NULL DEFAULT 0,
    assignee_kind TEXT CHECK (assignee_kind IN ('community','office')),
    assignee TEXT NOT NULL DEFAULT '',
    dispatched_at TEXT,
    contacted_at TEXT,
    contact_person TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL DEFAULT '',
    reply TEXT NOT NULL DEFAULT '',
    closed_at TEXT,
    visit_contacted INTEGER,                 -- NULL = no valid return visit yet
    visit_solved INTEGER,
    visit_satisfaction TEXT CHECK (visit_satisfaction IN ('满意','基本满意','不满意')),
    flag_unreasonable INTEGER NOT NULL DEFAULT 0,
    appeal INTEGER NOT NULL DEFAULT 0,
    appeal_result TEXT NOT NULL DEFAULT '',
    excluded INTEGER NOT NULL DEFAULT 0,     -- excluded from assessment (不纳入考核)
    extra TEXT NOT NULL DEFAULT '{}',        -- JSON: import columns without a mapping
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual','import')),
    batch_id INTEGER REFERENCES hotline_batch(id),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX hotline_ticket_received ON hotline_ticket(received_at, id) WHERE voided_at IS NULL;
CREATE INDEX hotline_ticket_month ON hotline_ticket(month, community_id);
CREATE INDEX hotline_ticket_status ON hotline_ticket(status, id);
CREATE INDEX hotline_ticket_community ON hotline_ticket(community_id, id);
CREATE INDEX hotline_ticket_no ON hotline_ticket(ticket_no, id);

-- One import of a city-platform export file.
CREATE TABLE hotline_batch (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    mapping_name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);

-- Saved column mappings: JSON {sheet header: field key}.
CREATE TABLE hotline_mapping (
    name TEXT PRIMARY KEY,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Every action on a ticket (dispatch, 退单, extension, contact, handling, close, visit, ...).
CREATE TABLE hotline_event (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES hotline_ticket(id),
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    at TEXT NOT NULL,
    actor_name TEXT NOT NULL
);
CREATE INDEX hotline_event_ticket ON hotline_event(ticket_id, id);

-- 街乡吹哨、部门报到: a department summoned for a ticket.
CREATE TABLE hotline_summons (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES hotline_ticket(id),
    summoned_on TEXT NOT NULL,
    department TEXT NOT NULL,
    issue TEXT NOT NULL,
    arrived_at TEXT,
    result TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX hotline_summons_ticket ON hotline_summons(ticket_id, id);

-- Links from a ticket to a record of another domain (mediation case, enforcement lead, ...).
CREATE TABLE hotline_link (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES hotline_ticket(id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (ticket_id, entity, entity_id)
);
CREATE INDEX hotline_link_entity ON hotline_link(entity, entity_id);
