# SPDX-License-Identifier: MIT
"""What starting the app and a command loads: the heavy libraries wait for their first use.

Each check runs in a fresh interpreter (``sys.modules`` of the test process holds everything
other tests imported) and reports which of the heavy libraries it loaded.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap

import pytest

from jiedao_desk import cli, registry
from jiedao_desk.domains import residents
from jiedao_desk.store import Store

# Libraries that take 20–300 ms to import and are needed only by some actions.
HEAVY = ("pypinyin", "cn2an", "openpyxl", "xlsxwriter", "reportlab", "pypdf", "phonenumbers",
         "stdnum", "argon2", "sqlite_utils", "PIL", "cryptography", "sqlcipher3")
# Standard-library modules that cost 20–200 ms and that only some actions need (the package
# metadata brings the email parser, xml.sax brings urllib.request with http and ssl).
SLOW_STDLIB = ("importlib.metadata", "email", "urllib.request", "http.client", "ssl", "difflib",
               "xml.sax")
REPORT = f"print(json.dumps([m for m in {HEAVY + SLOW_STDLIB!r} if m in sys.modules]))"


def _loaded(script: str, *args: str) -> list[str]:
    """The heavy libraries in ``sys.modules`` after ``script`` ran in a fresh interpreter
    (the script's last printed line)."""
    code = "import json, sys\n" + textwrap.dedent(script) + "\n" + REPORT
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.fixture
def db(tmp_path, cli_admin):
    """A database with an administrator, a community and a resident."""
    path = tmp_path / "start.sqlite3"
    cli_admin(path)
    with Store.open(path) as s:
        from jiedao_desk.base.actor import SYSTEM
        from jiedao_desk.domains import org

        community = org.add_community(s, SYSTEM, "和平里社区", "C001")
        residents.add_resident(s, SYSTEM, community.id, "张伟", address="和平里3号楼")
    return path


def test_first_window_loads_no_heavy_library(db):
    loaded = _loaded("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from jiedao_desk.base.actor import SYSTEM, Actor
        from jiedao_desk.ui import app as ui_app
        qapp = QApplication([sys.argv[0]])
        ui_app.prepare_app(qapp)
        store = ui_app.open_store(Path(sys.argv[1]))
        ui_app.load_catalogs(store, SYSTEM)
        row = store.row("SELECT * FROM app_user WHERE username = 'admin'")
        # signed in as the administrator (the password check itself loads argon2: below)
        window = ui_app.MainWindow(store, Actor(row["id"], row["display_name"], row["role"],
                                                row["community_id"]))
        window.show()
        for _ in range(3):
            qapp.processEvents()
    """, str(db))
    assert loaded == []


def test_sign_in_window_builds_no_domain_spec(db):
    # What runs before the sign-in window paints: open (with the stored clocks' check) and
    # the shipped catalogues. The specs, every domain and its pages wait for the main window.
    # (The first opening loads the shipped catalogues, whose holiday list recomputes every
    # domain's due dates: once per database, so the check is of a later start.)
    _loaded("""
        from pathlib import Path
        from jiedao_desk.base.actor import SYSTEM
        from jiedao_desk.ui import app as ui_app
        ui_app.load_catalogs(ui_app.open_store(Path(sys.argv[1])), SYSTEM)
    """, str(db))
    loaded = _loaded("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from jiedao_desk import registry
        from jiedao_desk.base.actor import SYSTEM
        from jiedao_desk.ui import app as ui_app
        from jiedao_desk.ui.dialogs.login import LoginDialog
        qapp = QApplication([sys.argv[0]])  # (prepare_app's error hook would hide a failure)
        store = ui_app.open_store(Path(sys.argv[1]))
        ui_app.load_catalogs(store, SYSTEM)
        dialog = LoginDialog(store)
        dialog.show()
        qapp.processEvents()
        assert registry._build.cache_info().currsize == 0
        held = sorted(m for m in sys.modules if m.startswith("jiedao_desk.domains.")
                      and m.split(".")[2] not in ("org", "hotline", "enforcement"))
        assert not held, held
        pages = [m for m in sys.modules if ".pages." in m or m.endswith(".pages")
                 and m.startswith("jiedao_desk.domains.")]
        assert not pages, pages
        enforcement = {m.split(".")[3] for m in sys.modules
                       if m.startswith("jiedao_desk.domains.enforcement.")}
        # only what the stored clocks' check reads: its tables and settings, not the cases,
        # the clock rules, documents or publications
        assert enforcement <= {"parameters", "store_clocks", "stored_clocks"}, enforcement
    """, str(db))
    assert loaded == []


def test_cli_search_loads_only_the_password_check(db):
    loaded = _loaded("""
        import contextlib, io
        from jiedao_desk import cli, registry
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = cli.main(["--db", sys.argv[1], "--json", "search", "张"])
        assert code == 0, code
        assert [h["entity"] for h in json.loads(out.getvalue())] == ["resident"]
        # no spec was built, no command module, page or Qt loaded
        assert registry._build.cache_info().currsize == 0
        faces = [m for m in sys.modules if m.startswith("jiedao_desk.domains.")
                 and m.split(".")[3:4] in (["spec"], ["cli"], ["pages"])]
        assert not faces, faces
        assert not [m for m in sys.modules if m.startswith(("PySide6", "jiedao_desk.ui"))]
        # a hit loads the domain that describes it; enforcement keeps its stored clocks in
        # step at the sign-in's commit; no other domain is touched
        domains = {m.split(".")[2] for m in sys.modules if m.startswith("jiedao_desk.domains.")}
        assert domains == {"residents", "enforcement"}, domains
    """, str(db))
    assert loaded == ["argon2"]


@pytest.mark.parametrize("command", [["calendar", "is-workday", "2026-10-01"],
                                     ["hotline", "list"], ["mediation", "list"]])
def test_calendar_and_list_commands_load_only_the_password_check(db, command):
    loaded = _loaded(f"""
        import contextlib, io
        from jiedao_desk import cli, registry
        with contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["--db", sys.argv[1], "--json", *{command!r}])
        assert code == 0, code
        assert registry._build.cache_info().currsize == 0  # no spec built
        assert not [m for m in sys.modules if m.startswith(("PySide6", "jiedao_desk.ui"))]
    """, str(db))
    assert loaded == ["argon2"]


def test_a_domain_face_loads_each_name_on_first_use():
    loaded = _loaded("""
        from jiedao_desk.domains import hotline
        assert not [m for m in sys.modules if m.startswith("jiedao_desk.domains.hotline.")]
        assert hotline.MACHINE.entity == "hotline_ticket"  # rules.py, nothing else
        held = {m for m in sys.modules if m.startswith("jiedao_desk.domains.hotline.")}
        assert held == {"jiedao_desk.domains.hotline.rules"}, held
        assert hotline.SPEC.key == "hotline" and "SPEC" in vars(hotline)  # kept once loaded
        assert hotline.clocks.__name__ == "jiedao_desk.domains.hotline.clocks"  # a submodule
        try:
            hotline.no_such_name
        except AttributeError as e:
            assert "no_such_name" in str(e)
        else:
            raise AssertionError("an unknown name must raise AttributeError")
    """)
    assert loaded == []


def test_importing_every_domain_face_loads_none_of_its_modules():
    loaded = _loaded("""
        import importlib, pkgutil
        import jiedao_desk.domains
        faces = [m.name for m in pkgutil.iter_modules(jiedao_desk.domains.__path__) if m.ispkg]
        for face in faces:
            importlib.import_module(f"jiedao_desk.domains.{face}")
        held = sorted(m for m in sys.modules if m.startswith("jiedao_desk.domains.")
                      and m.count(".") > 2)
        assert not held, held
    """)
    assert loaded == []


def test_the_registry_tables_say_what_the_specs_say():
    # The tables a command reads without loading the domains, against every spec.
    specs = list(registry.specs())
    assert {name: module for spec in specs
                                        for name, module in spec.cli} == registry.COMMAND_MODULES
    declared = [p for spec in specs for p in spec.pages]
    assert list(registry.PAGES) == registry._ordered(declared, registry.NAVIGATION,
                                                     lambda p: p.key)
    sources = {s.entity: (s, spec.key) for spec in specs for s in spec.search}
    assert {e: (s.label, key) for e, (s, key) in sources.items()} == registry.SEARCHABLE
    for entity, (source, key) in sources.items():
        face = importlib.import_module(f"jiedao_desk.domains.{key}")
        assert face.SEARCH_SOURCE is source, entity
    assert tuple(spec.key for spec in specs if spec.derived) == registry.DERIVED_IN
    for key in registry.DERIVED_IN:
        spec = next(s for s in specs if s.key == key)
        assert registry.derived_of(key) == spec.derived


def test_the_light_search_sources_find_and_describe_what_the_full_ones_do(db):
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.core import search

    with Store.open(db) as s:
        row = s.row("SELECT * FROM app_user WHERE username = 'admin'")
        from jiedao_desk.base.actor import Actor

        admin = Actor(row["id"], row["display_name"], row["role"], row["community_id"])
        full = search.search(s, admin, "张伟", registry.search_sources())
        light = search.search(s, admin, "张伟", registry.searchable())
        assert full == light and [h.title for h in light] == ["张伟"]
        # a describer that hides the record hides it through the light source too
        assert search.search(s, SYSTEM, "张伟", registry.searchable()) == \
            search.search(s, SYSTEM, "张伟", registry.search_sources())


def test_main_window_paints_before_the_specs_are_built(db):
    # The navigation comes from the registry's table; the home page reads the todo providers
    # (every spec) on its reading thread, so the window itself builds no spec.
    _loaded("""
        from pathlib import Path
        from jiedao_desk.base.actor import SYSTEM
        from jiedao_desk.ui import app as ui_app
        ui_app.load_catalogs(ui_app.open_store(Path(sys.argv[1])), SYSTEM)
    """, str(db))
    loaded = _loaded("""
        import os, threading, time
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from jiedao_desk import registry
        from jiedao_desk.base.actor import SYSTEM, Actor
        from jiedao_desk.ui import app as ui_app
        qapp = QApplication([sys.argv[0]])
        store = ui_app.open_store(Path(sys.argv[1]))
        ui_app.load_catalogs(store, SYSTEM)
        row = store.row("SELECT * FROM app_user WHERE username = 'admin'")
        built = []
        real = registry._build
        def watched():
            built.append(threading.current_thread() is threading.main_thread())
            return real()
        registry._build = watched
        window = ui_app.MainWindow(store, Actor(row["id"], row["display_name"], row["role"],
                                                row["community_id"]))
        window.show()
        qapp.processEvents()
        assert built == [] or built[0] is False, built  # not on the window's thread
        from jiedao_desk.ui.pages.home import HomePage
        home = window.findChild(HomePage)
        assert home is not None
        for _ in range(200):  # the todo list still arrives
            qapp.processEvents()
            if home.task is not None and not home.task.running:
                break
            time.sleep(0.05)
        assert home.task is not None and not home.task.running
        assert built and built[0] is False, built
    """, str(db))
    assert "PySide6" not in loaded


def test_sign_in_loads_argon2(db):
    loaded = _loaded("""
        import os
        from jiedao_desk.core import auth
        from jiedao_desk.store import Store
        with Store.open(sys.argv[1]) as s:
            assert "argon2" not in sys.modules
            assert auth.authenticate(s, "admin", os.environ["JIEDAO_DESK_PASSWORD"]).user_id
    """, str(db))
    assert "argon2" in loaded


def test_up_to_date_database_opens_without_sqlite_utils_and_an_old_one_migrates(db, tmp_path):
    opened = """
        from jiedao_desk.store import Store, migrations
        with Store.open(sys.argv[1]) as s:
            assert migrations.pending_names(s) == [], migrations.pending_names(s)
    """
    assert _loaded(opened, str(db)) == []
    old = tmp_path / "old.sqlite3"
    _loaded("""
        import sqlite3
        from sqlite_utils import Database
        from jiedao_desk.store import migrations
        migrations.migration_set(migrations.STEPS[:3]).apply(Database(sqlite3.connect(sys.argv[1])))
    """, str(old))
    assert "sqlite_utils" in _loaded(opened, str(old))


def test_first_resident_name_loads_pypinyin_and_indexes_it(db):
    # the other side of the lazy import: the pinyin still gets into the search index
    assert residents.service.name_pinyin("张伟") == "zw zhangwei"


@pytest.mark.parametrize(("argv", "command"), [
    (["search", "张"], "search"),
    (["--db", "x.sqlite3", "--user", "admin", "--json", "hotline", "list"], "hotline"),
    (["--db=x.sqlite3", "--us", "search", "backups"], "backups"),  # --us: a prefix of --user
    (["--json", "--clock-reason", "init", "mediation", "list"], "mediation"),
    (["--help"], None), (["--version"], None), ([], None),
])
def test_invoked_command(argv, command):
    assert cli.invoked_command(argv) == command


def _top_commands(parser) -> list[str]:
    subs = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return list(subs.choices)


def test_parser_of_one_command_holds_only_its_module():
    assert _top_commands(cli.build_parser(["--json", "search", "张"])) == ["search"]
    assert _top_commands(cli.build_parser(["backups"])) == [
        "check", "backup", "restore", "backups", "recover"]
    everything = _top_commands(cli.build_parser())
    # an unknown command (and --help) gets the full parser, whose error lists every command
    assert _top_commands(cli.build_parser(["bogus"])) == everything
    assert _top_commands(cli.build_parser(["--help"])) == everything


def test_every_top_level_command_is_declared_with_the_module_that_adds_it():
    declared = {name: module for spec in registry.specs() for name, module in spec.cli}
    for module in registry.cli_modules():
        made = cli.ChineseArgumentParser(prog="x")
        sub = made.add_subparsers()
        __import__(module, fromlist=["register"]).register(sub)
        for name in sub.choices:
            assert declared.get(name) == module, (name, module)
    assert sorted(declared) == sorted(_top_commands(cli.build_parser()))
