# SPDX-License-Identifier: MIT
"""Main window, the pages it hosts (home, residents) and the app start-up (ui/app.py)."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

import jiedao_desk
from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.actor import SYSTEM
from jiedao_desk.base.errors import DatabaseRefused
from jiedao_desk.core import todo
from jiedao_desk.core.todo import TodoItem
from jiedao_desk.domains.org import service as org
from jiedao_desk.domains.residents import service as residents_core
from jiedao_desk.domains.residents.pages import ResidentDialog, ResidentsPage
from jiedao_desk.store import Store
from jiedao_desk.ui import app as app_mod
from jiedao_desk.ui.kit import forms, widgets
from jiedao_desk.ui.main_window import MainWindow
from jiedao_desk.ui.pages.home import COLOURS, HomePage
from tests.qt_helpers import ime, on_modal  # noqa: E402

# Valid 18-digit identity numbers (GB 11643 check digits).
ID_1980 = "110105198001010016"
ID_1990 = "110105199002020026"
ID_2000 = "110105200003030037"


@pytest.fixture
def errors(monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    return shown


@pytest.fixture
def org_store(store, actor, make_community):
    org.set_street(store, actor, "和平街街道", "110105001", "朝阳区")
    make_community("和平里社区", "HPL")
    make_community("樱花园社区", "YHY")
    return store


@pytest.fixture
def window(org_store, actor, qtbot):
    w = MainWindow(org_store, actor)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


# -- main window ---------------------------------------------------------------------------
def test_clicking_every_navigation_entry_shows_its_page(window, qtbot):
    assert window.windowTitle() == "街道工作台 — 和平街街道"
    assert window.nav.count() == len(registry.pages())
    assert window.current_key() == "home"
    built = [k for k in (s.key for s in registry.pages()) if window.page(k)]
    assert built == ["home"]   # built lazily
    for row, spec in enumerate(registry.pages()):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        page = window.page(spec.key)
        assert window.current_key() == spec.key
        assert window.current_page() is page
        assert window.stack.currentWidget().widget() is page  # in its scroll area
        assert isinstance(page, spec.factory()), f"{spec.title}: {getattr(page, 'text', None)}"
        assert page.isVisible()
    # Showing a page again reuses it.
    first = window.page("home")
    assert window.show_page("home") is first
    assert window.stack.count() == len(registry.pages())


def test_broken_page_shows_a_message_instead_of_crashing(window, monkeypatch):
    from jiedao_desk.ui import main_window

    bad = main_window.PageSpec("broken", "坏页面", "jiedao_desk.ui.pages.nope:Nope")
    monkeypatch.setitem(window._specs, "broken", bad)
    window.nav.addItem("坏页面")
    window.nav.setCurrentRow(len(window._specs) - 1)
    label = window.stack.currentWidget().widget()  # the page inside its scroll area
    assert isinstance(label, QLabel) and "坏页面" in label.text()


def test_status_bar_shows_db_and_marks_unconfirmed_dates(window):
    assert "内存" in window.db_label.text()
    assert "2026年11月23日 星期一" in window.date_label.text()
    assert "未确认" not in window.date_label.text()
    with clock.frozen(dt.date(2099, 1, 5)):          # beyond the holiday data
        window.refresh_status()
        assert "2099年1月5日" in window.date_label.text()
        assert "节假日安排未确认" in window.date_label.text()
    # The minute timer that keeps the date current stops with the window (the store may be
    # closed right after, and a late tick must not touch it).
    assert window._date_timer.isActive()
    window.close()
    assert not window._date_timer.isActive()


def test_title_follows_street_renamed_on_settings_page(window, qtbot):
    page = window.show_page("settings")
    page.street_name.setText("新街道")
    qtbot.mouseClick(page.save_street_button, Qt.MouseButton.LeftButton)
    assert window.windowTitle() == "街道工作台 — 新街道"


def test_title_without_street(store, actor, qtbot):
    w = MainWindow(store, actor)
    qtbot.addWidget(w)
    assert "尚未设置街道" in w.windowTitle()


def test_about_and_quit(window, qtbot):
    assert jiedao_desk.__version__ in window.about_text()
    window.quit_action.trigger()
    assert not window.isVisible()


# -- home page -----------------------------------------------------------------------------
@pytest.fixture
def fake_todos(monkeypatch):
    items: list[TodoItem] = []
    monkeypatch.setattr(registry, "todo_providers",
                        lambda: [lambda store, actor, today, cal: list(items)])
    return items


@pytest.mark.qt_log_level_fail("WARNING")
def test_home_page_colours_and_unconfirmed_mark(store, actor, qtbot, fake_todos, qtmodeltester):
    today = clock.today()                                  # Monday 2026-11-23
    fake_todos += [
        TodoItem("x", "听证告知", today + dt.timedelta(days=14), basis="行政处罚法第六十四条"),
        TodoItem("x", "送达决定书", today - dt.timedelta(days=3), basis="行政处罚法第六十一条"),
        TodoItem("x", "回访", today + dt.timedelta(days=1)),
        TodoItem("x", "司法确认", dt.date(2099, 2, 1), confirmed=False),
    ]
    page = HomePage(store, actor)
    qtbot.addWidget(page)
    m = page.model
    qtmodeltester.check(m)
    rows = [[m.data(m.index(r, c)) for c in range(5)] for r in range(m.rowCount())]
    assert [r[3] for r in rows] == ["送达决定书", "回访", "听证告知", "司法确认"]
    assert rows[0][:3] == ["已超期", "2026-11-20", "超期 1 个工作日"]
    assert rows[1][0] == "即将到期" and rows[1][2] == "明天到期"
    assert rows[2][0] == "未到期" and rows[2][4] == "行政处罚法第六十四条"
    assert rows[3][1] == "2099-02-01（未确认）"
    bg = [m.data(m.index(r, 0), Qt.ItemDataRole.BackgroundRole).color() for r in range(4)]
    assert bg[:3] == [COLOURS[todo.OVERDUE][0], COLOURS[todo.DUE_SOON][0], COLOURS[todo.OK][0]]
    assert "已超期 1" in page.summary.text() and "1 项期限未确认" in page.summary.text()

    fake_todos.clear()
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert m.rowCount() == 0 and page.empty.isVisibleTo(page)


# -- residents page ------------------------------------------------------------------------
@pytest.fixture
def people(org_store, actor):
    hpl, yhy = org.list_communities(org_store)
    residents_core.add_resident(org_store, actor, hpl.id, "张伟", ID_1980, phone="13800138000",
                                address="和平里一区3号楼")
    residents_core.add_resident(org_store, actor, hpl.id, "李娜", ID_1990,
                                address="和平里二区5号楼")
    residents_core.add_resident(org_store, actor, yhy.id, "王芳", None, address="樱花园7号楼")
    return hpl, yhy


@pytest.fixture
def rpage(org_store, actor, people, qtbot):
    p = ResidentsPage(org_store, actor)
    qtbot.addWidget(p)
    p.resize(1100, 600)
    p.show()
    return p


def test_residents_list_filter_and_search(rpage, people, qtbot):
    hpl, yhy = people
    assert rpage.count_label.text() == "共 3 人"
    cols = [c.key for c in rpage.model.columns]
    row = [rpage.model.data(rpage.model.index(0, i)) for i in range(len(cols))]
    assert row[cols.index("name")] == "张伟"
    assert row[cols.index("id_number")] == "110105********0016"      # masked in the list
    assert rpage.view.isColumnHidden(cols.index("community_id"))

    rpage.community.setCurrentIndex(rpage.community.findData(yhy.id))
    assert rpage.count_label.text() == "共 1 人"
    rpage.community.setCurrentIndex(0)
    assert rpage.count_label.text() == "共 3 人"

    ime(rpage.search, "和平里")
    assert rpage.count_label.text() == "共 3 人"          # only applied on Enter
    qtbot.keyClick(rpage.search, Qt.Key.Key_Return)
    assert rpage.count_label.text() == "共 2 人（搜索“和平里”）"
    rpage.search.clear()
    ime(rpage.search, "娜")                               # one character is enough
    qtbot.keyClick(rpage.search, Qt.Key.Key_Return)
    assert rpage.model.rowCount() == 1 and rpage.model.data(rpage.model.index(0, 0)) == "李娜"
    rpage.search.clear()                                  # the ✕ button: show everyone
    assert rpage.count_label.text() == "共 3 人"


def test_add_resident_bad_id_then_good(rpage, org_store, qtbot, people):
    hpl, _ = people
    seen = {}

    def fill(dialog):
        ime(dialog.name, "赵敏")
        qtbot.keyClicks(dialog.id_number, "110105200003030030")   # wrong check digit
        errs = []
        original = widgets.show_error
        widgets.show_error = lambda parent, exc, *a: errs.append(exc)
        try:
            dialog.save_button.click()
            seen["first"] = (list(errs), dialog.isVisible())
            dialog.id_number.setText(ID_2000)
            dialog.save_button.click()
        finally:
            widgets.show_error = original

    rpage.community.setCurrentIndex(rpage.community.findData(hpl.id))
    state = on_modal(ResidentDialog, fill)
    qtbot.mouseClick(rpage.add_button, Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None
    errs, still_open = seen["first"]
    assert still_open and len(errs) == 1 and "校验位" in str(errs[0])
    assert rpage.count_label.text() == "共 3 人"             # 2 of 和平里 + 赵敏
    added = org_store.row("SELECT name, gender, birth_date, community_id FROM resident"
                          " WHERE name = '赵敏'")
    assert added == {"name": "赵敏", "gender": "男", "birth_date": "2000-03-03",
                     "community_id": hpl.id}


def test_edit_and_void_resident(rpage, org_store, qtbot, monkeypatch, errors):
    rpage.view.selectRow(1)                                  # 李娜
    rid = rpage.selected_id()

    def edit(dialog):
        assert dialog.name.text() == "李娜" and dialog.id_number.text() == ID_1990
        dialog.phone.setText("13912345678")
        dialog.save_button.click()

    state = on_modal(ResidentDialog, edit)
    qtbot.mouseClick(rpage.edit_button, Qt.MouseButton.LeftButton)
    assert state["done"] and state["error"] is None and errors == []
    assert residents_core.get_resident(org_store, rid).phone.replace(" ", "") == "13912345678"

    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: None)      # cancelled
    rpage.view.selectRow(1)
    qtbot.mouseClick(rpage.void_button, Qt.MouseButton.LeftButton)
    assert rpage.count_label.text() == "共 3 人"
    monkeypatch.setattr(forms, "ask_text", lambda *a, **k: "已迁出")
    qtbot.mouseClick(rpage.void_button, Qt.MouseButton.LeftButton)
    assert errors == [] and rpage.count_label.text() == "共 2 人"
    assert residents_core.get_resident(org_store, rid).void_reason == "已迁出"

    rpage.view.clearSelection()
    rpage.view.setCurrentIndex(rpage.model.index(-1, -1))
    qtbot.mouseClick(rpage.edit_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "请先" in str(errors[0])


# -- app start-up --------------------------------------------------------------------------
def test_choose_font_prefers_an_installed_cjk_font(qapp):
    from PySide6.QtGui import QFontDatabase

    old = qapp.font()
    try:
        installed = [f for f in app_mod.CJK_FONTS if f in set(QFontDatabase.families())]
        chosen = app_mod.choose_font(qapp)
        assert chosen == (installed[0] if installed else None)
        if chosen:
            assert qapp.font().family() == chosen and qapp.font().pointSizeF() >= 10
    finally:
        qapp.setFont(old)


def test_main_refuses_a_newer_database(tmp_path, monkeypatch):
    db = tmp_path / "newer.sqlite3"
    Store.open(db).close()
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                 " VALUES ('jiedao_desk', 'm999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    assert app_mod.main(["--db", str(db)]) == 1
    assert len(shown) == 1 and isinstance(shown[0], DatabaseRefused)


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch, qapp):
    """app.main shows the login dialog; these tests sign in as an administrator directly
    (the dialogs themselves are tested in tests/ui/test_login.py). The application exists
    first, so that the timers ``_close_when`` sets before ``app.main`` do fire."""
    from jiedao_desk.base.actor import Actor

    monkeypatch.setattr(app_mod, "login",
                        lambda store, parent=None, credentials=None: Actor(1, "管理员", "admin"))


def _close_when(predicate, timeout_ms=20_000):
    """Close the main window once ``predicate()`` holds (app.main runs its own event loop).
    Windows other tests left open are closed first, so the one found is app.main's."""
    for w in QApplication.topLevelWidgets():
        if w.isVisible():
            w.close()
    waited = {"ms": 0}

    def poll():
        win = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, MainWindow) and w.isVisible()), None)
        waited["ms"] += 50
        if win is not None and (predicate(win) or waited["ms"] > timeout_ms):
            waited["window_title"] = win.windowTitle()
            waited["ok"] = predicate(win)
            win.close()
            return
        if waited["ms"] > timeout_ms + 5000:
            QApplication.quit()
            return
        QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    return waited


def test_main_with_demo_fills_an_empty_database(tmp_path):
    db = tmp_path / "demo.sqlite3"

    def done(win):
        return (bool(org.list_communities(win.store))
                and "示例" in win.windowTitle() and win.page("home") is not None)

    result = _close_when(done)
    assert app_mod.main(["--db", str(db), "--demo"]) == 0
    assert result.get("ok"), result
    with Store.open(db) as s:
        assert s.scalar("SELECT COUNT(*) FROM resident") == app_mod.DEMO_SIZE
        assert s.scalar("SELECT COUNT(*) FROM catalog_version") > 0     # built-ins loaded
    # A second start with --demo leaves a populated database alone.
    _close_when(lambda win: True)
    assert app_mod.main(["--db", str(db), "--demo"]) == 0
    with Store.open(db) as s:
        assert s.scalar("SELECT COUNT(*) FROM resident") == app_mod.DEMO_SIZE


def test_main_refuses_a_second_instance(tmp_path, monkeypatch):
    from jiedao_desk.store.location import InstanceLock

    db = tmp_path / "locked.sqlite3"
    shown = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, exc, *a: shown.append(exc))
    with InstanceLock(db):  # another window holds the database
        assert app_mod.main(["--db", str(db)]) == 1
    assert "另一个街道工作台" in str(shown[0])


def test_main_makes_daily_backup_and_exit_backup_after_changes(tmp_path):
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.core import backup

    db = tmp_path / "b.sqlite3"

    def change(win):
        if win.store.path != db.resolve():
            return False  # a window left over from another test
        if not org.list_communities(win.store):
            org.add_community(win.store, Actor(1, "管理员", "admin"), "甲社区", "001")
        return True

    _close_when(change)
    assert app_mod.main(["--db", str(db)]) == 0
    with Store.open(db) as s:
        kinds = sorted(b.kind for b in backup.list_backups(s, SYSTEM))
    assert kinds == ["daily", "exit"]
    # a second start the same day with no change: no new backup
    _close_when(lambda win: True)
    assert app_mod.main(["--db", str(db)]) == 0
    with Store.open(db) as s:
        assert sorted(b.kind for b in backup.list_backups(s, SYSTEM)) == ["daily", "exit"]


@pytest.mark.parametrize("role, shown, hidden", [
    ("mediator", {"home", "catalogs", "printing"}, {"residents", "users", "audit", "settings"}),
    ("community_worker", {"home", "residents"}, {"users", "audit", "settings"}),
    ("admin", {"home", "residents", "users", "audit", "settings"}, set()),
])
def test_navigation_shows_only_permitted_pages(qtbot, store, make_community, role, shown, hidden):
    from jiedao_desk.base.actor import Actor

    c = make_community()
    actor = Actor(7, "某人", role, c.id if role == "community_worker" else None)
    win = MainWindow(store, actor)
    qtbot.addWidget(win)
    keys = {win.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(win.nav.count())}
    assert shown <= keys and not (hidden & keys)


def test_community_worker_sees_only_own_residents(store, make_community):
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.base.errors import PermissionDenied

    a, b = make_community(), make_community()
    residents_core.add_resident(store, Actor(1, "管理员", "admin"), a.id, "甲居民")
    residents_core.add_resident(store, Actor(1, "管理员", "admin"), b.id, "乙居民")
    worker = Actor(8, "社工", "community_worker", a.id)
    src = residents_core.list_source(store, worker)
    assert src.count() == 1 and src.page(0)[0][1] == "甲居民"
    with pytest.raises(PermissionDenied):
        residents_core.list_source(store, worker, community_id=b.id)
    with pytest.raises(PermissionDenied):
        residents_core.add_resident(store, worker, b.id, "丙居民")
    with pytest.raises(PermissionDenied):
        residents_core.list_source(store, Actor(9, "调解员", "mediator"))


def test_status_bar_names_no_file_path(qtbot, file_store):
    """Where the database is, in words; the file itself only in the tooltip."""
    window = MainWindow(file_store, SYSTEM)
    qtbot.addWidget(window)
    text = window.db_label.text()
    assert "本机数据文件夹" in text and str(file_store.path) not in text
    assert "/" not in text and "\\" not in text and ".sqlite3" not in text
    assert window.db_label.toolTip() == f"数据库文件：{file_store.path}"


def test_after_the_first_paint_printing_warms_up_and_old_viewing_copies_go(window, org_store,
                                                                           qtbot, monkeypatch):
    done: list[str] = []
    monkeypatch.setattr(app_mod, "warm_up_printing", lambda store: done.append("printing"))
    monkeypatch.setattr(app_mod.viewing, "sweep", lambda: done.append("sweep"))
    monkeypatch.setattr(app_mod, "WARM_UP_AFTER_MS", 10)
    app_mod.after_first_paint(window, org_store)
    assert done == []  # nothing before the window has had its chance to paint
    qtbot.waitUntil(lambda: sorted(done) == ["printing", "sweep"], timeout=5000)
