-- SPDX-License-Identifier: MIT
-- A narrow copy of the search index's identities: search_doc id → (entity, entity_id), kept by
-- triggers in the same statement as search_doc. A list search looks its matches up here instead
-- of in search_doc, whose rows carry the whole indexed text and its bigrams: for a common term
-- (100,000+ matches) reading those wide rows was most of the search's time.
-- Derived like the full-text tables (no seal: "search_" tables are rebuilt from the records).
CREATE TABLE search_id (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL
);
INSERT INTO search_id (id, entity, entity_id) SELECT id, entity, entity_id FROM search_doc;
CREATE TRIGGER search_doc_id_ai AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_id (id, entity, entity_id) VALUES (new.id, new.entity, new.entity_id);
END;
CREATE TRIGGER search_doc_id_ad AFTER DELETE ON search_doc BEGIN
    DELETE FROM search_id WHERE id = old.id;
END;
CREATE TRIGGER search_doc_id_au AFTER UPDATE OF id, entity, entity_id ON search_doc BEGIN
    UPDATE search_id SET id = new.id, entity = new.entity, entity_id = new.entity_id
    WHERE id = old.id;
END;
