-- Exchange between installations (sites): this site's public keys and the sites it
-- exchanges packages with. The private keys never enter the database (they live in the
-- keys folder, core/exchange/keys.py); ``wrap_key`` is the key that wraps them there when
-- the database is encrypted, so whoever copies the keys folder alone cannot read them.
CREATE TABLE site_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sign_public TEXT NOT NULL,          -- Ed25519, 64 hex digits
    box_public TEXT NOT NULL,           -- X25519, 64 hex digits
    fingerprint TEXT NOT NULL,          -- XXXX-XXXX-XXXX-XXXX, read aloud at enrolment
    wrap_key TEXT,                      -- 64 hex digits, only in an encrypted database
    created_at TEXT NOT NULL
);

-- The sites this one exchanges with, one row per enrolment; a voided row stays (never
-- deleted), and a site enrolled again after voiding gets a new row.
CREATE TABLE exchange_site (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('street', 'community')),
    community_id INTEGER REFERENCES community(id),
    sign_public TEXT NOT NULL,
    box_public TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    app_version TEXT NOT NULL DEFAULT '',
    schema_version TEXT NOT NULL DEFAULT '',
    enrolled_at TEXT NOT NULL,
    enrolled_by INTEGER REFERENCES app_user(id),
    voided_at TEXT,
    voided_by INTEGER REFERENCES app_user(id),
    void_reason TEXT,
    CHECK ((role = 'community') = (community_id IS NOT NULL))
);
CREATE UNIQUE INDEX exchange_site_live_uid ON exchange_site(uid) WHERE voided_at IS NULL;
-- a community site exchanges with exactly one street
CREATE UNIQUE INDEX exchange_site_one_street ON exchange_site(role)
    WHERE role = 'street' AND voided_at IS NULL;
CREATE UNIQUE INDEX exchange_site_one_per_community ON exchange_site(community_id)
    WHERE community_id IS NOT NULL AND voided_at IS NULL;

-- Sequence bookkeeping per other site (by uid, so it outlives a re-enrolment): packages
-- are numbered per sender→receiver from 1, never reused.
CREATE TABLE exchange_sequence (
    peer_uid TEXT PRIMARY KEY,
    last_sent INTEGER NOT NULL DEFAULT 0,       -- the last package number sent to it
    last_sent_at TEXT,
    last_received INTEGER NOT NULL DEFAULT 0,   -- the highest number received from it
    last_received_at TEXT,
    acked INTEGER NOT NULL DEFAULT 0,           -- the number it last said it received of ours
    acked_at TEXT,
    restored_from INTEGER                       -- first number sent after this database was
                                                -- found restored from a backup; said in every
                                                -- package until the other site acknowledges it
);

-- Package numbers missing from another site's sequence (reported, never skipped silently);
-- ``filled_at`` is set when the missing package arrives after all.
CREATE TABLE exchange_gap (
    peer_uid TEXT NOT NULL,
    seq INTEGER NOT NULL,
    noticed_at TEXT NOT NULL,
    filled_at TEXT,
    PRIMARY KEY (peer_uid, seq)
);
