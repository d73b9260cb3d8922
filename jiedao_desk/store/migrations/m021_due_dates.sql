-- SPDX-License-Identifier: MIT
-- Stored due dates of enforcement cases: every statutory clock of every live case (and its 公示
-- clock) as one row, so the home todo list and the monthly report's overdue clocks are one
-- indexed query instead of rebuilding every case and its records in Python.
--
-- The rows are derived: the app writes them at the end of each transaction that touched a case
-- (a case, record or publication row written marks the case in enforcement_clock_stale through
-- the triggers below) and rewrites all of them when the basis they were counted on changes
-- (enforcement_clock_basis: the calendar version and the settings the clocks read).
--
-- No backfill here. Counting a clock needs the working-day calendar (holiday notices, local
-- overrides, chinesecalendar's data), the statutory periods and the settings; a frozen step may
-- import nothing from the app, and a copy of those rules frozen here would drift from the live
-- ones and store dates the app would not compute. Instead this step leaves
-- enforcement_clock_basis empty: while it does not name the current basis, readers count every
-- clock from the records as before, and the app fills the table once when it opens the
-- upgraded database (registry.bring_up_to_date).
CREATE TABLE enforcement_clock (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES enforcement_case(id),
    seq INTEGER NOT NULL,            -- the clock's place in the case's list of clocks
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    start_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    basis TEXT NOT NULL,
    done_on TEXT,
    confirmed INTEGER NOT NULL,
    earliest INTEGER NOT NULL,
    party_option INTEGER NOT NULL,
    UNIQUE (case_id, seq)
);
-- The clocks still running, by due date: the todo list and the overdue count read only these.
CREATE INDEX enforcement_clock_running ON enforcement_clock(due_on, label)
    WHERE done_on IS NULL AND earliest = 0;

CREATE TABLE enforcement_clock_stale (case_id INTEGER PRIMARY KEY);
CREATE TABLE enforcement_clock_basis (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
);

-- Guarded inserts, not INSERT OR IGNORE: inside a trigger SQLite applies the firing
-- statement's conflict policy (an upsert would fail on the second mark of a case).
CREATE TRIGGER enforcement_case_clock_insert AFTER INSERT ON enforcement_case
BEGIN INSERT INTO enforcement_clock_stale SELECT NEW.id WHERE NOT EXISTS
    (SELECT 1 FROM enforcement_clock_stale WHERE case_id = NEW.id); END;
CREATE TRIGGER enforcement_case_clock_update AFTER UPDATE ON enforcement_case
BEGIN INSERT INTO enforcement_clock_stale SELECT NEW.id WHERE NOT EXISTS
    (SELECT 1 FROM enforcement_clock_stale WHERE case_id = NEW.id); END;
CREATE TRIGGER enforcement_event_clock_insert AFTER INSERT ON enforcement_event
BEGIN INSERT INTO enforcement_clock_stale SELECT NEW.case_id WHERE NOT EXISTS
    (SELECT 1 FROM enforcement_clock_stale WHERE case_id = NEW.case_id); END;
CREATE TRIGGER enforcement_event_clock_update AFTER UPDATE ON enforcement_event
BEGIN INSERT INTO enforcement_clock_stale SELECT NEW.case_id WHERE NOT EXISTS
    (SELECT 1 FROM enforcement_clock_stale WHERE case_id = NEW.case_id); END;
CREATE TRIGGER enforcement_publication_clock_insert AFTER INSERT ON enforcement_publication
BEGIN INSERT INTO enforcement_clock_stale SELECT NEW.case_id WHERE NOT EXISTS
    (SELECT 1 FROM enforcement_clock_stale WHERE case_id = NEW.case_id); END;
CREATE TRIGGER enforcement_publication_clock_update AFTER UPDATE ON enforcement_publication
BEGIN INSERT INTO enforcement_clock_stale SELECT NEW.case_id WHERE NOT EXISTS
    (SELECT 1 FROM enforcement_clock_stale WHERE case_id = NEW.case_id); END;
