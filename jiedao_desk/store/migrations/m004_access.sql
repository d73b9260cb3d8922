-- SPDX-License-Identifier: MIT
-- Access (社区工作准入): requests to have communities do a task, the communities each
-- concerns, every state change, and the complaints a refused task led to.

-- 下派事项 / 准入申请: a task a department or the street wants communities to do.
CREATE TABLE access_request (
    id INTEGER PRIMARY KEY,
    applicant_unit TEXT NOT NULL,
    applicant_level TEXT NOT NULL CHECK (applicant_level IN ('市','区','街道')),
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    doc_ref TEXT NOT NULL DEFAULT '',
    task_type TEXT NOT NULL,
    legal_basis TEXT NOT NULL DEFAULT '',
    period_from TEXT,
    period_to TEXT,
    planned_start TEXT NOT NULL,
    received_on TEXT NOT NULL,                 -- date the request was registered (triage date)
    conditions TEXT NOT NULL DEFAULT '{}',     -- JSON {name: {provided, needed, amount, note}}
    role_verbs TEXT NOT NULL DEFAULT '[]',     -- JSON list of requested role verbs
    role_verb_version_id INTEGER REFERENCES catalog_version(id),
    notes TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    decide_by TEXT NOT NULL,                   -- received_on + N working days (setting)
    apply_by TEXT NOT NULL,                    -- planned_start - N working days (setting)
    deadline_confirmed INTEGER NOT NULL DEFAULT 1,
    -- Triage: the duty-list version used is kept, so a later version never rewrites it.
    duty_version_id INTEGER REFERENCES catalog_version(id),
    triage_outcome TEXT,
    triage_detail TEXT NOT NULL DEFAULT '{}',  -- JSON: missing verbs/conditions, suggestions
    triage_at TEXT,
    triage_by TEXT,
    matched_item_id INTEGER REFERENCES catalog_item(id),
    match_confirmed INTEGER NOT NULL DEFAULT 0,  -- 1 once a person confirmed (item or none)
    match_confirmed_by TEXT,
    match_confirmed_at TEXT,
    decision TEXT CHECK (decision IN ('admit','refuse')),
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    decided_by TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX access_request_live ON access_request(id) WHERE voided_at IS NULL;
CREATE INDEX access_request_received ON access_request(received_on, id) WHERE voided_at IS NULL;
CREATE INDEX access_request_state ON access_request(state, id) WHERE voided_at IS NULL;
CREATE INDEX access_request_unit ON access_request(applicant_unit, id) WHERE voided_at IS NULL;
CREATE INDEX access_request_start ON access_request(planned_start, id) WHERE voided_at IS NULL;

-- The communities a request concerns (one request, many communities).
CREATE TABLE access_request_community (
    request_id INTEGER NOT NULL REFERENCES access_request(id),
    community_id INTEGER NOT NULL REFERENCES community(id),
    PRIMARY KEY (request_id, community_id)
);
CREATE INDEX access_request_community_c ON access_request_community(community_id, request_id);

-- Every state change: who, when, why (append-only).
CREATE TABLE access_transition (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES access_request(id),
    from_state TEXT,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_transition_request ON access_transition(request_id, id);
CREATE TRIGGER access_transition_no_update BEFORE UPDATE ON access_transition
BEGIN SELECT RAISE(ABORT, '状态变更记录不可修改'); END;
CREATE TRIGGER access_transition_no_delete BEFORE DELETE ON access_transition
BEGIN SELECT RAISE(ABORT, '状态变更记录不可删除'); END;

-- A refused or unapproved task reported onwards (12345, 上级部门 ...), with its outcome.
CREATE TABLE access_complaint (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES access_request(id),
    reported_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX access_complaint_request ON access_complaint(request_id, id);
