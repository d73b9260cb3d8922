-- SPDX-License-Identifier: MIT
-- Mediation (人民调解): cases, every case number ever taken, parties, work records and
-- state changes.

-- One dispute from intake to archive. The committee is the community's 调委会 (community_id)
-- or the street's (community_id NULL, level 'street'); a transfer changes it and is kept in
-- mediation_transition.
CREATE TABLE mediation_case (
    id INTEGER PRIMARY KEY,
    case_number TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    committee_key TEXT NOT NULL,               -- 'c:<community id>' or 'street' (serial scope)
    level TEXT NOT NULL CHECK (level IN ('community','street')),
    community_id INTEGER REFERENCES community(id),
    source TEXT NOT NULL CHECK (source IN ('application','own_initiative','referral')),
    application_form TEXT NOT NULL DEFAULT '',  -- 'written' / 'oral' for applications
    referred_by TEXT NOT NULL DEFAULT '',
    dispute_type TEXT NOT NULL,
    dispute_type_version_id INTEGER REFERENCES catalog_version(id),
    summary TEXT NOT NULL,
    claims TEXT NOT NULL DEFAULT '[]',         -- JSON list of 申请事项
    received_on TEXT NOT NULL,
    state TEXT NOT NULL,
    accepted_on TEXT,
    refusal_reason TEXT NOT NULL DEFAULT '',
    refusal_route TEXT NOT NULL DEFAULT '',
    mediators TEXT NOT NULL DEFAULT '[]',      -- JSON list of names
    rights_notified_on TEXT,
    rights_notice_manner TEXT NOT NULL DEFAULT '',
    outcome TEXT CHECK (outcome IN ('written','oral','terminated')),
    outcome_on TEXT,
    agreement_number TEXT NOT NULL DEFAULT '',
    facts TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL DEFAULT '[]',          -- JSON list of agreed terms
    performance TEXT NOT NULL DEFAULT '{}',    -- JSON {manner, place, deadline}
    effective_on TEXT,
    amount_fen INTEGER NOT NULL DEFAULT 0,
    termination_reason TEXT NOT NULL DEFAULT '',
    routes_told TEXT NOT NULL DEFAULT '',
    jc_applied_on TEXT,
    jc_court TEXT NOT NULL DEFAULT '',
    jc_result TEXT CHECK (jc_result IN ('confirmed','rejected')),
    jc_result_on TEXT,
    jc_note TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    archived_on TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX mediation_case_number ON mediation_case(case_number, id);
CREATE INDEX mediation_case_received ON mediation_case(received_on, id);
CREATE INDEX mediation_case_state ON mediation_case(state, id);
CREATE INDEX mediation_case_type ON mediation_case(dispute_type, id);
CREATE INDEX mediation_case_committee ON mediation_case(committee_key, id);

-- Every case number ever taken (a transfer takes a new one; old ones are never reused).
CREATE TABLE mediation_number (
    committee_key TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    case_id INTEGER NOT NULL REFERENCES mediation_case(id),
    case_number TEXT NOT NULL,
    PRIMARY KEY (committee_key, year, serial)
);

-- Parties (申请人/被申请人), natural persons or organisations, with an optional agent.
CREATE TABLE mediation_party (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES mediation_case(id),
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('applicant','respondent')),
    kind TEXT NOT NULL CHECK (kind IN ('person','org')),
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    ethnicity TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    id_number TEXT NOT NULL DEFAULT '',
    credit_code TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    agent_name TEXT NOT NULL DEFAULT '',
    agent_phone TEXT NOT NULL DEFAULT '',
    agent_authority TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mediation_party_case ON mediation_party(case_id, seq);

-- Records made while working the case: investigation, session, risk flag, follow-up visit.
CREATE TABLE mediation_event (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES mediation_case(id),
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX mediation_event_case ON mediation_event(case_id, on_date, id);

-- Every state change and transfer: who, when, why (append-only).
CREATE TABLE mediation_transition (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES mediation_case(id),
    from_state TEXT,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mediation_transition_case ON mediation_transition(case_id, id);
