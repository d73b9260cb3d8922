# SPDX-License-Identifier: MIT
"""Schema of the mediation (second migration) (registers m011_mediation_more).

No new tables: mediation cases join the global search index (search_doc) from now on, and this
migration indexes the cases that databases released with m007 already hold. Released
migrations are never edited; add further SQL in a new migration.
"""

from sqlite_utils import Database

from jiedao_desk.store.migrations import MIGRATIONS


@MIGRATIONS(name="m011_mediation_more")
def _m011_mediation_more(db: Database) -> None:
    from jiedao_desk.domains.mediation.store import ENTITY, search_text
    from jiedao_desk.store.search import grams

    cases = db.execute(
        "SELECT t.id, t.case_number, t.level, t.dispute_type, t.summary, c.name"
        " FROM mediation_case AS t LEFT JOIN community AS c ON c.id = t.community_id"
        " WHERE t.voided_at IS NULL ORDER BY t.id").fetchall()
    for case_id, number, level, dispute_type, summary, community in cases:
        names = [r[0] for r in db.execute("SELECT name FROM mediation_party WHERE case_id = ?"
                                          " ORDER BY seq, id", (case_id,)).fetchall()]
        committee = "街道人民调解委员会" if level == "street" else f"{community}人民调解委员会"
        text = search_text(number, committee, dispute_type, summary, names)
        # an upsert, not INSERT OR REPLACE: REPLACE deletes without firing the triggers that
        # keep the FTS tables in step
        db.execute("INSERT INTO search_doc (entity, entity_id, text, grams) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (entity, entity_id) DO UPDATE SET text = excluded.text,"
                   " grams = excluded.grams", (ENTITY, case_id, text, grams(text)))
