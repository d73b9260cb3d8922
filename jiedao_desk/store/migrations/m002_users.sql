-- SPDX-License-Identifier: MIT
-- Users: accounts with a role, an argon2id password hash and a lock-out counter.

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    community_id INTEGER REFERENCES community(id),
    password_hash TEXT NOT NULL,          -- argon2id
    must_change_password INTEGER NOT NULL DEFAULT 0,
    failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_login_at TEXT,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX app_user_username ON app_user(username);
