-- This installation's identity (a "site"). Records keep their local integer ids; across
-- installations a record is (site uid, entity, local id), and every document number of a
-- site that is not the street carries the site's office code before the kind's prefix, so
-- two offices' 第1号 never collide when their records meet.
CREATE TABLE site (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL,                 -- 32 random hex digits, fixed for the installation
    role TEXT NOT NULL DEFAULT 'street' CHECK (role IN ('street', 'community')),
    community_id INTEGER REFERENCES community(id),
    office_code TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
INSERT INTO site (id, uid, created_at)
VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime'));
CREATE TRIGGER site_uid_fixed BEFORE UPDATE OF uid ON site
BEGIN SELECT RAISE(ABORT, '站点标识不可修改'); END;
