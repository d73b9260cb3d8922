# SPDX-License-Identifier: MIT
"""A database with damaged pages: every command ends in a Chinese message (no traceback), and
``recover`` salvages every readable row into a new file, reports per table what was lost,
and leaves the damaged original byte-identical."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jiedao_desk.cli import main

from .damage import PASSWORD, build_demo, copy_db, leaf_pages, overwrite_pages, rowids, sha256

TABLES_TO_COMPARE = ("resident", "hotline_ticket", "hotline_event", "mediation_case",
                     "audit_log", "app_user", "community")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("recover") / "demo")


def _damaged(demo, tmp_path, table: str, which: str = "middle"):
    db = copy_db(demo, tmp_path / "damaged")
    pages = leaf_pages(db, table)
    assert len(pages) >= 3, f"{table} too small to damage one page in the middle"
    overwrite_pages(db, [pages[len(pages) // 2] if which == "middle" else pages[-1]])
    return db


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("table", ["resident", "hotline_event"])
def test_recover_salvages_every_readable_row_and_reports_the_loss(demo, tmp_path, capsys,
                                                                  table):
    damaged = _damaged(demo, tmp_path, table)
    before = sha256(damaged)
    new = tmp_path / "out" / "salvaged.sqlite3"
    code, out, _ = _run(capsys, "--json", "recover", str(damaged), "-o", str(new))
    assert code == 3  # something was lost
    assert sha256(damaged) == before, "the damaged original was written to"
    assert sorted(p.name for p in damaged.parent.iterdir()) == [damaged.name,
                                                                 damaged.name + ".anchor"]
    result = json.loads(out)
    by_name = {t["name"]: t for t in result["tables"]}
    lost = sorted(set(rowids(demo, table)) - set(rowids(new, table)))
    assert 0 < len(lost) < len(rowids(demo, table)) // 2, "lost none, or far more than a page"
    assert lost == list(range(lost[0], lost[-1] + 1))  # one page: one run of ids
    assert by_name[table]["lost_ranges"] == [[lost[0], lost[-1]]]
    assert by_name[table]["lost_at_most"] == len(lost)
    for other in TABLES_TO_COMPARE:
        if other != table:  # every other table came through whole
            assert rowids(new, other)[:len(rowids(demo, other))] == rowids(demo, other), other
            assert by_name[other]["lost_ranges"] == []
    report = (new.parent / "salvaged-抢救报告.txt").read_text(encoding="utf-8")
    assert f"{table}：抢救 {len(rowids(demo, table)) - len(lost)} 条，丢失 最多 {len(lost)} 条" \
        f"（编号 {lost[0]}–{lost[-1]}）" in report
    assert "未作任何改动" in report and before in report
    # the salvaged file is a sound database that says where it came from
    code, _, _ = _run(capsys, "--db", str(new), "check")
    assert code == 0
    con = sqlite3.connect(new)
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'database.recover'")\
        .fetchone()[0] == 1
    con.close()


def test_a_lost_last_page_is_reported_as_an_open_range(demo, tmp_path, capsys):
    damaged = _damaged(demo, tmp_path, "hotline_event", which="last")
    new = tmp_path / "salvaged.sqlite3"
    code, out, _ = _run(capsys, "--json", "recover", str(damaged), "-o", str(new))
    assert code == 3
    event = next(t for t in json.loads(out)["tables"] if t["name"] == "hotline_event")
    kept = rowids(new, "hotline_event")
    assert kept == rowids(demo, "hotline_event")[:len(kept)] and kept
    assert event["lost_ranges"] == [[kept[-1] + 1, None]] and event["lost_at_most"] is None
    assert f"编号 {kept[-1] + 1} 及以后" in (tmp_path / "salvaged-抢救报告.txt").read_text(
        encoding="utf-8")


def test_lost_audit_rows_show_in_the_check_of_the_salvaged_file(demo, tmp_path, capsys):
    damaged = _damaged(demo, tmp_path, "audit_log")
    new = tmp_path / "salvaged.sqlite3"
    code, out, _ = _run(capsys, "recover", str(damaged), "-o", str(new))
    assert code == 3
    assert "抢救后的检查发现" in out and "审计记录" in out


def test_damaged_file_gives_chinese_messages_not_tracebacks(demo, tmp_path, capsys,
                                                           monkeypatch):
    damaged = _damaged(demo, tmp_path, "resident")
    monkeypatch.setenv("JIEDAO_DESK_PASSWORD", PASSWORD)
    code, out, _ = _run(capsys, "--db", str(damaged), "check")
    assert code == 3 and "已损坏" in out and "recover" in out  # a finding like any other
    code, _, err = _run(capsys, "--db", str(damaged), "--user", "admin", "export", "ledger",
                        "residents", "-o", str(tmp_path / "r.xlsx"))
    assert code == 1 and "已损坏" in err and "recover" in err
    # restoring from it (or from a file that is no backup at all) refuses and changes nothing
    good = copy_db(demo, tmp_path / "good")
    residents = rowids(good, "resident")
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    for source in (damaged, passwd):
        code, _, err = _run(capsys, "--db", str(good), "--user", "admin", "restore",
                            str(source), "--yes")
        assert code != 0 and any(w in err for w in ("损坏", "不是")), err
        assert rowids(good, "resident") == residents


def test_recover_refuses_what_it_cannot_salvage_and_writes_nothing(demo, tmp_path, capsys):
    text = tmp_path / "note.txt"
    text.write_text("这不是数据库", encoding="utf-8")
    new = tmp_path / "new.sqlite3"
    code, _, err = _run(capsys, "recover", str(text), "-o", str(new))
    assert code == 1 and "不是 SQLite 数据库文件" in err
    # the table list (page 1 after the file header) gone: nothing can be placed
    damaged = copy_db(demo, tmp_path / "head")
    overwrite_pages(damaged, [1], start=100)
    code, _, err = _run(capsys, "recover", str(damaged), "-o", str(new))
    assert code == 1 and "表目录" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["head", "note.txt"]
    # an existing file is never overwritten
    new.write_bytes(b"keep")
    code, _, err = _run(capsys, "recover", str(copy_db(demo, tmp_path / "ok")), "-o", str(new))
    assert code == 1 and "已存在" in err and new.read_bytes() == b"keep"


def test_actions_still_in_the_wal_are_salvaged_and_neither_file_is_touched(demo, tmp_path,
                                                                           capsys):
    """A crash leaves committed actions in the WAL beside the file: the salvage reads them,
    and reading must not checkpoint them into the damaged file (it works on a copy)."""
    live = _damaged(demo, tmp_path, "resident")
    holder = sqlite3.connect(live)
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute("UPDATE street SET name = '抢救测试街道'")
    holder.commit()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in (live.name, live.name + "-wal"):  # the files as a crash leaves them
        (crashed / name).write_bytes((live.parent / name).read_bytes())
    holder.close()
    damaged = crashed / live.name
    digests = {p.name: sha256(p) for p in crashed.iterdir()}
    assert (crashed / (live.name + "-wal")).stat().st_size > 0
    new = tmp_path / "salvaged.sqlite3"
    code, _, _ = _run(capsys, "recover", str(damaged), "-o", str(new))
    assert code == 3
    assert {p.name: sha256(p) for p in crashed.iterdir()} == digests
    con = sqlite3.connect(new)
    assert con.execute("SELECT name FROM street").fetchone()[0] == "抢救测试街道"
    con.close()
