# SPDX-License-Identifier: MIT
"""``check`` against someone who edits the database file with an SQLite tool (but does not hold
the installation key): every kind of tampering is found and named, in Chinese, with where."""

import json
import sqlite3

import pytest

from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.core import attachments, auth, documents
from jiedao_desk.core.check import check
from jiedao_desk.domains.org import service as org
from jiedao_desk.store import Store, audit, seal
from tests import records

NOTICE = {"issuer": "测试街道办事处", "addressee": "王喆：", "body": ["请于三日内到街道办事处。"],
          "issue_date": "2026-11-23"}


@pytest.fixture
def sealed(file_store, tmp_path):
    """A database with users, communities, an issued document and an attachment — all checks
    pass on it before each test tampers with it."""
    auth.create_first_admin(file_store, "admin", "管理员", "Admin-desk-2026!")
    records.communities(file_store, 3)
    documents.issue(file_store, SYSTEM, "generic_notice", NOTICE, "community", 1)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8 not really a photo but bytes")
    attachments.add_attachment(file_store, SYSTEM, photo, "community", 2)
    report = check(file_store)
    assert report.ok, report.problems
    return file_store


def _tool(store: Store) -> sqlite3.Connection:
    """The attacker's connection: a plain sqlite3 session on the file, no app code."""
    return sqlite3.connect(store.path, isolation_level=None)


def _kinds(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in check(store).problems:
        out.setdefault(p.kind, []).append(p.message)
    return out


def test_edited_audit_row(sealed):
    with pytest.raises(sqlite3.DatabaseError, match="不可修改"):  # the app cannot do it
        sealed.execute("UPDATE audit_log SET actor_name = 'x'")
    with _tool(sealed) as c:
        c.execute("DROP TRIGGER audit_log_no_update")
        c.execute("UPDATE audit_log SET actor_name = '某人' WHERE id = 3")
    found = check(sealed).problems
    chain = [p for p in found if p.kind == "audit_chain"]
    assert chain and chain[0].details["row_id"] == 3 and "被改动" in chain[0].message


def test_audit_row_deleted_in_the_middle(sealed):
    with _tool(sealed) as c:
        c.execute("DROP TRIGGER audit_log_no_delete")
        c.execute("DELETE FROM audit_log WHERE id = 2")
    chain = [p for p in check(sealed).problems if p.kind == "audit_chain"]
    assert chain[0].details["row_id"] == 3 and "删除" in chain[0].message


def test_tail_of_audit_cut_off(sealed):
    total = sealed.scalar("SELECT COUNT(*) FROM audit_log")
    with _tool(sealed) as c:
        c.execute("DROP TRIGGER audit_log_no_delete")
        c.execute("DELETE FROM audit_log WHERE id > ?", (total - 2,))
        c.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                  "BEGIN SELECT RAISE(ABORT, '审计日志不可删除'); END")
    assert audit.verify_chain(sealed) is None  # the hash chain alone cannot see it
    kinds = _kinds(sealed)
    assert "audit_cut" in kinds
    assert any(f"第{total}条审计记录不存在" in m for m in kinds["audit_cut"])


def test_tail_cut_together_with_its_seals_is_caught_by_the_anchor(sealed):
    head = seal.head(sealed.conn)
    with _tool(sealed) as c:
        for name in ("audit_log_no_delete", "seal_no_delete", "row_seal_no_delete"):
            c.execute(f"DROP TRIGGER {name}")
        last_audit = c.execute("SELECT audit_id FROM seal WHERE id = ?",
                               (head.seal_id - 1,)).fetchone()[0]
        c.execute("DELETE FROM audit_log WHERE id > ?", (last_audit,))
        c.execute("DELETE FROM row_seal WHERE seal_id = ?", (head.seal_id,))
        c.execute("DELETE FROM seal WHERE id = ?", (head.seal_id,))
    kinds = _kinds(sealed)
    assert any("最近的记录被截掉" in m for m in kinds["audit_cut"])
    assert "triggers" in kinds


def test_emptied_audit_table(sealed):
    with _tool(sealed) as c:
        c.execute("DROP TRIGGER audit_log_no_delete")
        c.execute("DELETE FROM audit_log")
    kinds = _kinds(sealed)
    assert any("审计记录被截断或清空" in m for m in kinds["audit_cut"])


def test_dropped_triggers(sealed):
    with _tool(sealed) as c:
        c.execute("DROP TRIGGER document_frozen")
        c.execute("DROP TRIGGER audit_log_no_update")
    kinds = _kinds(sealed)
    assert kinds["triggers"] == ["保护数据的触发器被删除：audit_log_no_update、document_frozen"]


def test_domain_row_changed_directly(sealed):
    with _tool(sealed) as c:
        c.execute("UPDATE community SET name = '假社区' WHERE id = 2")
    kinds = _kinds(sealed)
    # the schema's exchange triggers counted the change in the row's bookkeeping too
    assert kinds == {"row_changed": ["数据表 community 第2行在程序之外被改动",
                                     "数据表 exchange_row 第2行在程序之外被改动"]}


def test_domain_row_inserted_or_deleted_directly(sealed):
    with _tool(sealed) as c:
        c.execute("INSERT INTO community (name, code, created_at) "
                  "VALUES ('冒出来的社区', 'X9', '2026-12-01')")
        c.execute("PRAGMA foreign_keys = OFF")
        c.execute("DELETE FROM community WHERE id = 3")
    messages = _kinds(sealed)["row_changed"]
    assert "数据表 community 第3行在程序之外被删除" in messages
    assert "数据表 community 第4行不是本程序写入的（没有封存）" in messages


def test_whole_chain_rewritten_consistently(sealed):
    """The attacker changes a row and rebuilds every audit hash, as the unkeyed chain allows."""
    with _tool(sealed) as c:
        c.execute("DROP TRIGGER audit_log_no_update")
        c.execute("UPDATE audit_log SET actor_name = '替身' WHERE id = 2")
        prev = audit.GENESIS
        for row in c.execute(f"SELECT id, {', '.join(audit._HASHED)} FROM audit_log "
                             "ORDER BY id").fetchall():
            h = audit._hash(prev, row[1:])
            c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                      (prev, h, row[0]))
            prev = h
    assert audit.verify_chain(sealed) is None  # consistent: only the key can tell
    kinds = _kinds(sealed)
    assert any("审计链被整体改写" in m for m in kinds["audit_rewritten"])


def test_seal_forged_without_the_key(sealed):
    """Changing a row and its row seal needs a new seal digest, which needs the key."""
    with _tool(sealed) as c:
        # the exchange bookkeeping triggers kept quiet, so only the one row needs forging
        c.execute("INSERT INTO exchange_applying (id) VALUES (1)")
        c.execute("UPDATE community SET name = '假社区' WHERE id = 2")
        c.execute("DELETE FROM exchange_applying")
        for name in ("row_seal_no_update", "seal_no_update"):
            c.execute(f"DROP TRIGGER {name}")
        rid, old = c.execute("SELECT rowid, hash FROM row_seal WHERE tbl = 'community' "
                             "AND row_id = 2 ORDER BY seal_id DESC LIMIT 1").fetchone()
        row = c.execute("SELECT rowid, * FROM community WHERE id = 2").fetchone()
        c.execute("UPDATE row_seal SET hash = ? WHERE rowid = ?",
                  (seal.row_hash("community", row), rid))
    kinds = _kinds(sealed)
    assert "row_changed" not in kinds  # the row matches its (forged) seal …
    assert kinds["seal_rows"]  # … but the seal's signed digest does not


def test_document_pdf_replaced(sealed):
    with _tool(sealed) as c:
        c.execute("DROP TRIGGER document_frozen")
        c.execute("UPDATE document SET pdf = ? WHERE id = 1", (b"%PDF-1.4 forged",))
    kinds = _kinds(sealed)
    assert kinds["document_pdf"] and "被替换或损坏" in kinds["document_pdf"][0]
    assert "数据表 document 第1行在程序之外被改动" in kinds["row_changed"]


def test_attachment_deleted_or_overwritten(sealed):
    row = sealed.row("SELECT id, sha256 FROM attachment")
    blob = sealed.path.parent / "attachments" / row["sha256"][:2] / row["sha256"]
    blob.write_bytes(b"another picture")
    assert _kinds(sealed)["attachment"] == ["附件“现场.jpg”（第1号）文件内容被改动"]
    blob.unlink()
    assert _kinds(sealed)["attachment"] == ["附件“现场.jpg”（第1号）文件不见了"]


def test_anchor_file_edited_or_missing(sealed):
    anchor = seal.anchor_path(sealed.path)
    body = json.loads(anchor.read_text())
    body["seal_id"] = 1
    anchor.write_text(json.dumps(body))
    assert any("签名不符" in m for m in _kinds(sealed)["anchor"])
    anchor.unlink()
    assert any("不见了" in m for m in _kinds(sealed)["anchor"])


def test_audit_rows_appended_outside_the_app(sealed):
    with _tool(sealed) as c:
        last = c.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
        content = ("2026-12-01 09:00:00", None, "某人", "x", "community", "1", None, None)
        c.execute(f"INSERT INTO audit_log ({', '.join(audit._HASHED)}, prev_hash, hash) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?)", (*content, last, audit._hash(last, content)))
    assert "audit_appended" in _kinds(sealed)


def test_the_apps_own_writes_stay_sealed(sealed):
    """Every path the app writes by keeps check clean: actions, voids, settings, deletes."""
    org.add_community(sealed, SYSTEM, "新社区", "N01")
    documents.void(sealed, SYSTEM, 1, "填错")
    assert check(sealed).ok, check(sealed).problems
    sealed.close()
    reopened = Store.open(sealed.path)
    try:
        assert check(reopened).ok
    finally:
        reopened.close()


def test_a_rolled_back_action_leaves_no_seal(sealed):
    seals = sealed.scalar("SELECT COUNT(*) FROM seal")
    with pytest.raises(RuntimeError), sealed.atomic():
        org.add_community(sealed, SYSTEM, "半途社区", "H01")
        raise RuntimeError("stop")
    assert sealed.scalar("SELECT COUNT(*) FROM seal") == seals
    assert check(sealed).ok


def test_dangling_foreign_key(sealed):
    with _tool(sealed) as c:
        c.execute("PRAGMA foreign_keys = OFF")
        c.execute("INSERT INTO resident (community_id, name, created_at, updated_at) "
                  "VALUES (999, '无社区', '2026-12-01', '2026-12-01')")
    problems = [p for p in check(sealed).problems if p.kind == "foreign_key"]
    assert problems and "resident" in problems[0].message and "community" in problems[0].message
