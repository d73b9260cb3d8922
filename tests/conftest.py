# SPDX-License-Identifier: MIT
"""Shared fixtures. The Qt platform must be set before anything imports PySide6."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from jiedao_desk import registry  # noqa: E402
from jiedao_desk.base import clock  # noqa: E402
from jiedao_desk.base.actor import SYSTEM, Actor  # noqa: E402
from jiedao_desk.store import Store  # noqa: E402

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session", autouse=True)
def _session_today():
    """The known day also for databases built once per module or session and for the
    programs tests start (JIEDAO_DESK_TODAY): a database stamped on the real date and then
    written on the known day would look like a PC clock set back, which is refused."""
    with clock.frozen(TODAY), pytest.MonkeyPatch.context() as mp:
        mp.setenv("JIEDAO_DESK_TODAY", TODAY.isoformat())
        yield


@pytest.fixture(autouse=True)
def _fixed_today():
    """Every test runs on a known day; tests that need another day use clock.frozen()."""
    with clock.frozen(TODAY):
        yield


@pytest.fixture(scope="session", autouse=True)
def _session_keys(tmp_path_factory):
    """One installation key for the whole run, set before any fixture opens a database:
    databases built once per module or session (the demo fixtures) are checked in tests
    that each get a fresh data folder, and nothing may touch the real user's keys."""
    folder = tmp_path_factory.mktemp("integrity-keys")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JIEDAO_DESK_KEYS", str(folder))
        mp.setenv("JIEDAO_DESK_HOME", str(tmp_path_factory.mktemp("session-home")))
        yield folder


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch, _session_keys):
    """Never touch the real user data dir."""
    monkeypatch.setenv("JIEDAO_DESK_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("JIEDAO_DESK_KEYS", str(_session_keys))


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's application, set up as the GUI sets up its own (Qt's texts in Chinese)."""
    from jiedao_desk.ui.kit import focus, qt_locale

    qt_locale.install(qapp)
    focus.install(qapp)
    return qapp


class Confirms(list):
    """The questions ``widgets.confirm_irreversible`` was asked (title, consequence);
    ``answer`` is what the user says to the next ones (True = OK)."""

    answer = True


@pytest.fixture(autouse=True)
def confirms(monkeypatch):
    """No test waits on a modal "cannot be undone" question: it is answered ``answer``."""
    asked = Confirms()

    def fake(parent, title, consequence, action_text="确定", undo=""):
        asked.append((title, consequence))
        return asked.answer

    if "jiedao_desk.ui.kit.widgets" in sys.modules or _qt_available():
        from jiedao_desk.ui.kit import widgets

        monkeypatch.setattr(widgets, "confirm_irreversible", fake)
    return asked


def _qt_available() -> bool:
    return "PySide6" in sys.modules


@pytest.fixture
def store():
    """An in-memory store with all migrations applied."""
    s = registry.attach(Store.memory())
    yield s
    s.conn.close()


@pytest.fixture
def file_store(tmp_path):
    """A file store (WAL) in a temporary folder."""
    s = registry.attach(Store.open(tmp_path / "test.sqlite3"))
    yield s
    s.close()


ADMIN_PASSWORD = "Admin-desk-2026!"


@pytest.fixture
def cli_admin(monkeypatch):
    """``cli_admin(db)``: give the database at ``db`` an administrator and let every following
    CLI call in the test act as them (JIEDAO_DESK_USER / JIEDAO_DESK_PASSWORD), as a scheduled
    job would; a database without users runs nothing but ``init`` and ``user create-admin``."""
    from jiedao_desk.core import auth

    def make(db) -> None:
        with Store.open(db) as s:
            auth.create_first_admin(s, "admin", "管理员", ADMIN_PASSWORD)
        monkeypatch.setenv("JIEDAO_DESK_USER", "admin")
        monkeypatch.setenv("JIEDAO_DESK_PASSWORD", ADMIN_PASSWORD)

    return make


@pytest.fixture
def actor() -> Actor:
    """The acting user for tests that do not care about roles."""
    return SYSTEM


@pytest.fixture
def make_community(store, actor):
    """Factory: add a community with a unique code."""
    from jiedao_desk.domains.org import service as org

    counter = {"n": 0}

    def make(name=None, code=None):
        counter["n"] += 1
        n = counter["n"]
        return org.add_community(store, actor, name or f"测试{n}社区", code or f"C{n:03d}")

    return make


# argon2id at its smallest cost: the encryption tests check what opens what, not the cost
# (tests/store/test_encryption.py keeps the shipped cost in one test).
CHEAP_KDF = {"name": "argon2id", "time_cost": 1, "memory_cost": 1024, "parallelism": 1}


@pytest.fixture
def cheap_kdf(monkeypatch):
    """New keys derived at ``CHEAP_KDF``'s cost, and no unlocked key left from another test
    (nor handed on to the next)."""
    from jiedao_desk.store import crypt, vault

    monkeypatch.setattr(vault, "KDF", CHEAP_KDF)
    crypt.forget()
    yield
    crypt.forget()
