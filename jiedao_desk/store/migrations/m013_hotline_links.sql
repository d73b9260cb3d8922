-- SPDX-License-Identifier: MIT
-- 12345 links to cases: m009 already created hotline_link (ticket ↔ entity, entity_id); this
-- step adds what turning a ticket into a case needs, additively: the target domain (mediation /
-- enforcement), the origin (the case was created from the ticket, or two existing records were
-- linked) and void columns, because records are never deleted (a wrong link is voided).
-- Existing links get their domain from the entity prefix ('mediation_case' → 'mediation').

ALTER TABLE hotline_link ADD COLUMN domain TEXT NOT NULL DEFAULT '';
ALTER TABLE hotline_link ADD COLUMN origin TEXT NOT NULL DEFAULT 'linked'
    CHECK (origin IN ('linked', 'created'));
ALTER TABLE hotline_link ADD COLUMN voided_at TEXT;
ALTER TABLE hotline_link ADD COLUMN void_reason TEXT;
UPDATE hotline_link SET domain = substr(entity, 1, instr(entity || '_', '_') - 1);
CREATE INDEX hotline_link_domain ON hotline_link(domain, entity_id) WHERE voided_at IS NULL;
CREATE TRIGGER hotline_link_no_delete BEFORE DELETE ON hotline_link
BEGIN SELECT RAISE(ABORT, '关联记录不可删除，请作废'); END;
