# SPDX-License-Identifier: MIT
"""A demo database for the role matrix, and sample arguments for every command of the parser.

Arguments are chosen by option name (``--day``, ``--reason``, ``ID`` …) with a few
per-command choices, so that a new command needs a sample only for an option nobody used
before. The records named (a mediation case, an enforcement case, a document of the mediation
case, …) are made here once per test session.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium

from jiedao_desk.base.actor import Actor
from jiedao_desk.cli import build_parser, main
from jiedao_desk.core import auth
from jiedao_desk.core.permissions import ROLES
from jiedao_desk.store import Store

PASSWORD = "Matrix-desk-2026!"
NOTICE = {"title": "通知", "addressee": "当事人", "body": ["某某事项。"],
          "issuer": "示例街道办事处", "issue_date": "2026-11-23"}
ID_NUMBER = "11010519491231002X"


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every runnable command of the parser as (("mediation", "show"), its sub-parser)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from leaves(sub, (*path, name))
            return
    yield path, parser


@dataclass
class Demo:
    """The prepared database folder and the ids of the records the samples name."""

    folder: Path
    ids: dict[str, object]
    actors: dict[str, Actor]

    @property
    def db(self) -> Path:
        return self.folder / "desk.sqlite3"

    def copy_to(self, target: Path, users: bool = True) -> Path:
        """A private copy (database, attachments, files) for one run; ``users=False``: the
        same data as it was before the first account was made."""
        shutil.copytree(self.folder if users else self.folder.parent / "no_users", target)
        return target / "desk.sqlite3"


def _run(db: Path, *argv: str) -> None:
    code = main(["--db", str(db), "--json", "--user", "u_admin", *argv])
    assert code == 0, argv


def _fill(db: Path, files: Path) -> None:
    """Demo data and one record of every kind the samples name, made by the administrator."""
    _run(db, "demo", "--size", "30")
    _run(db, "issue", "generic_notice", "--data", str(files / "notice.json"),
         "--entity", "mediation_case", "--entity-id", "1")
    _run(db, "attachment", "add", str(files / "note.txt"), "--entity", "mediation_case",
         "--entity-id", "1")
    _run(db, "access", "add", "--unit", "区民政局", "--level", "区", "--title", "入户调查",
         "--type", "调查统计", "--community", "SL001", "--start", "2026-11-02")


def build(folder: Path) -> Demo:
    """Demo data, one record of every kind the samples name, and one user per role; beside
    it (``no_users``) the file as ``init`` left it, before the first account."""
    folder.mkdir(parents=True)
    db = folder / "desk.sqlite3"
    files = folder / "files"
    files.mkdir()
    (files / "note.txt").write_text("证据材料", encoding="utf-8")
    (files / "notice.json").write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")
    (files / "values.json").write_text("{}", encoding="utf-8")
    # a valid form definition the registry rules refuse (a draft), for request-access
    example = Path(__file__).parents[2] / "forms/examples/example_quarterly_summary.toml"
    draft = (example.read_text(encoding="utf-8").replace("example = true", "draft = true")
             .replace('id = "example_quarterly_summary"', 'id = "draft_visits"'))
    (files / "draft.toml").write_text(draft, encoding="utf-8")
    assert main(["--db", str(db), "init"]) == 0
    shutil.copytree(folder, folder.parent / "no_users")  # a set-up file before any account
    with Store.open(db) as store:
        admin = auth.create_first_admin(store, "u_admin", ROLES["admin"], PASSWORD)
    os.environ["JIEDAO_DESK_PASSWORD"] = PASSWORD
    try:
        _fill(db, files)
    finally:
        del os.environ["JIEDAO_DESK_PASSWORD"]
    con = sqlite3.connect(db)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    ids = {
        "mediation": one("SELECT min(id) FROM mediation_case"),
        "enforcement": one("SELECT min(id) FROM enforcement_case WHERE status = 'filed'"),
        "access": one("SELECT max(id) FROM access_request"),
        "document": one("SELECT max(id) FROM document"),
        "attachment": one("SELECT max(id) FROM attachment"),
        "community_id": one("SELECT id FROM community WHERE code = 'SL001'"),
    }
    # a ticket of the community worker's own community, so that scoping does not hide it
    ids["ticket"] = one("SELECT min(ticket_no) FROM hotline_ticket WHERE community_id = "
                        f"{ids['community_id']}")
    ids["secrets"] = _secrets(con)
    con.close()
    store = Store.open(db)
    try:
        boss = Actor(admin.id, admin.display_name, "admin")
        for role in ROLES:
            if role != "admin":
                auth.create_user(store, boss, f"u_{role}", ROLES[role], role, PASSWORD,
                                 ids["community_id"] if role == "community_worker" else None)
        actors = {}
        for role in ROLES:
            actor = auth.authenticate(store, f"u_{role}", PASSWORD)
            actors[role] = actor
    finally:
        store.close()
    return Demo(folder, ids, actors)


def _secrets(con: sqlite3.Connection) -> dict[str, set[str]]:
    """Personal data only a permission opens: mediation parties (人民调解法 第十五条),
    enforcement parties, residents' ID numbers — each left out where the same value is also
    held by a record of another kind (a party who is also a resident, a common name)."""
    def values(sql: str) -> set[str]:
        return {v for (v,) in con.execute(sql) if v and len(v) >= 2}

    mediation = values("SELECT id_number FROM mediation_party UNION SELECT phone FROM "
                       "mediation_party UNION SELECT name FROM mediation_party")
    enforcement = values("SELECT id_number FROM enforcement_party UNION SELECT phone FROM "
                         "enforcement_party UNION SELECT name FROM enforcement_party")
    residents = values("SELECT id_number FROM resident")
    elsewhere = values("SELECT name FROM resident UNION SELECT phone FROM resident UNION "
                       "SELECT claimant_name FROM hotline_ticket UNION SELECT claimant_phone "
                       "FROM hotline_ticket UNION SELECT username FROM app_user UNION SELECT "
                       "display_name FROM app_user UNION SELECT name FROM community")
    return {"mediation.view": mediation - enforcement - residents - elsewhere,
            "enforcement.view": enforcement - mediation - residents - elsewhere,
            "resident.view": residents - mediation - enforcement}


def output_text(stdout: str, files: list[Path]) -> str:
    """What a user gets from a command: its printed output and the text of files it wrote."""
    parts = [stdout]
    for f in files:
        if f.suffix == ".pdf":
            pdf = pdfium.PdfDocument(str(f))
            parts += [page.get_textpage().get_text_range() for page in pdf]
            pdf.close()
        elif f.suffix == ".xlsx":
            wb = openpyxl.load_workbook(f, read_only=True)
            parts += [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                      for v in row if v is not None]
            wb.close()
        else:
            parts.append(f.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def sample_argv(path: tuple[str, ...], parser: argparse.ArgumentParser, demo: Demo,
                out: Path) -> list[str]:
    """Arguments that parse for the command at ``path``, naming the demo's records."""
    group = path[0]
    files = demo.folder / "files"
    ids = demo.ids
    record_id = {"mediation": ids["mediation"], "enforcement": ids["enforcement"],
                 "access": ids["access"], "document": ids["document"],
                 "attachment": ids["attachment"], "print": ids["document"],
                 "certificate": 1}.get(group, 1)
    suffix = ".xlsx" if path in {("catalog", "template"), ("export", "ledger"),
                                 ("export", "monthly"), ("forms", "export"),
                                 ("import", "template"), ("template-fill",),
                                 ("merge-monthly",)} else ".pdf"
    if path in {("forms", "import-template"), ("catalog", "wording")}:
        suffix = ".toml"
    if path == ("recover",):
        suffix = ".sqlite3"
    by_command: dict[tuple[tuple[str, ...], str], list[str]] = {
        (("print",), "kind"): ["generic_notice"],
        (("issue",), "kind"): ["generic_notice"],
        (("dossier",), "type"): ["generic"],
        (("dossier",), "ids"): [str(ids["document"])],
        (("mediation", "doc"), "kind"): ["mediation_case_note"],
        (("enforcement", "doc"), "kind"): ["enforcement_case_source"],
        (("mediation", "register"), "type"): ["邻里纠纷"],
        (("mediation", "register"), "party"): ["name=张三,kind=person"],
        (("mediation", "party-edit"), "party"): ["1"],
        (("mediation", "party-edit"), "set"): ["phone=13800000000"],
        (("export", "ledger"), "name"): ["residents"],
        (("org", "street"), "name"): ["示例街道"],
        (("org", "add-community"), "name"): ["新社区"],
        (("user", "add"), "username"): ["u_new"],
        (("user", "create-admin"), "username"): ["u_first"],
        (("enforcement", "decide"), "text"): ["处罚决定"],
        (("enforcement", "payment-plan"), "instalment"): ["2026-12-31:100"],
        (("mediation", "attach"), "label"): ["evidence"],
        (("access", "transition"), "state"): ["review"],
        (("forms", "export"), "form_id"): ["example_all_types"],
        (("forms", "request-access"), "file"): [str(files / "draft.toml")],
        # not a database: the salvage itself is tested in tests/store/test_recover.py (a
        # salvaged copy holds every record, which no sign-in guards: the file is the boundary)
        (("recover",), "damaged"): [str(files / "note.txt")],
    }
    by_dest: dict[str, list[str]] = {
        "id": [str(record_id)], "ids": [str(record_id)], "amount": ["100"],
        "approved_by": ["张科长"], "basis": ["依据"], "penalty_basis": ["罚则"], "by": ["李审核"],
        "channel": ["12345"],
        "code": ["SL099"], "committee": ["street"], "community": ["SL001"],
        "court": ["东城区人民法院"], "data": [str(files / "notice.json")],
        "date": ["2026-11-02"], "date_from": ["2026-01-01"], "date_to": ["2026-12-31"],
        "day": ["2026-11-02"], "start": ["09:30"], "end": ["10:00"], "description": ["说明"],
        "dispute_type": ["邻里纠纷"],
        "entity": ["mediation_case"], "entity_id": [str(ids["mediation"])], "event": ["1"],
        "facts": ["事实"], "fine": ["100"], "file": [str(files / "note.txt")],
        "files": [str(files / "note.txt")],
        "first": ["2026-01"], "last": ["2026-06"], "form_id": ["demo"], "found": ["2026-11-01"],
        "hearing_on": ["2026-11-20"], "host": ["主持人"],
        "address": ["某路1号"], "id_number": [ID_NUMBER], "item": ["1"],
        "item_seq": ["1"], "items": ["物品"], "key": ["duty_list"], "label": ["evidence"],
        "mapping": [str(files / "note.txt")], "matter": ["事项"], "mediator": ["调解员"],
        "month": ["2026-11"], "n": ["3"], "name": ["张三"], "no": [str(ids["ticket"])],
        "officer": ["王一:11010001"], "opinion": ["同意"], "outcome": ["没收"],
        "output": [str(out.with_suffix(suffix))], "paper_number": ["0001"], "party": ["1"],
        "period": ["2026-10"], "person": ["张三"], "place": ["某处"], "power": ["1"],
        "preservation": ["1"], "publication": ["1"], "purpose": ["用途"],
        "reason": ["测试原因"], "reasons": ["理由"], "received": ["2026-11-02 09:00"],
        "record": ["1"], "respondent": ["李四"], "result": ["结果"], "role": ["readonly"],
        "route": ["诉讼"], "routes": ["诉讼"], "set": ["phone=13800000000"], "size": ["1"],
        "site": ["c0ffee00"],
        "source": ["群众举报"], "statement": ["陈述"], "summary": ["摘要"],
        "template": [str(files / "note.txt")], "term": ["条款"], "text": ["张"],
        "type": ["邻里纠纷"], "username": ["u_readonly"], "values": [str(files / "values.json")],
        "xlsx": [str(files / "note.txt")],
    }
    argv = list(path)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if action.option_strings and not action.required:
            continue
        values = by_command.get((path, action.dest)) or (
            [str(action.choices[0]) if isinstance(action.choices, list)
             else str(next(iter(action.choices)))] if action.choices else by_dest.get(action.dest))
        if values is None:
            raise KeyError(f"no sample value for {' '.join(path)} {action.dest}: "
                           "add one to tests/core/role_matrix.py")
        argv += [action.option_strings[0], *values] if action.option_strings else values
    if path == ("restore",):
        argv.append("--yes")
    if path == ("print",):
        argv += ["-o", str(out.with_suffix(".pdf"))]
    return argv


__all__ = ["Demo", "build", "build_parser", "leaves", "output_text", "sample_argv"]
