# SPDX-License-Identifier: MIT
"""Portable mode (data beside the exe) and the installer files in installers/."""

import ast
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from jiedao_desk import paths
from jiedao_desk.core import backup
from jiedao_desk.store import Store
from jiedao_desk.store.backup import attachments_dir

ROOT = Path(__file__).parent.parent


@pytest.fixture
def frozen_app(tmp_path, monkeypatch):
    """Pretend to run as a PyInstaller exe in tmp_path/app; no JIEDAO_DESK_HOME."""
    app = tmp_path / "app"
    app.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "jiedao-desk.exe"))
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.delenv(paths.PORTABLE_ENV, raising=False)
    per_user = tmp_path / "per-user"
    calls = []

    def fake_platformdirs(name, appauthor=None):
        calls.append((name, appauthor))
        return str(per_user / name)

    monkeypatch.setattr(paths.platformdirs, "user_data_dir", fake_platformdirs)
    return SimpleNamespace(dir=app, per_user=per_user / "jiedao-desk", platformdirs_calls=calls)


@pytest.mark.parametrize("marker", paths.PORTABLE_MARKERS)
def test_marker_beside_exe_puts_data_beside_it(frozen_app, marker):
    (frozen_app.dir / marker).write_text("", encoding="utf-8")
    assert paths.user_data_dir() == frozen_app.dir / "data"
    assert (frozen_app.dir / "data").is_dir()
    assert paths.default_db_path() == frozen_app.dir / "data" / "jiedao-desk.sqlite3"
    assert frozen_app.platformdirs_calls == []


def test_backups_and_attachments_follow_the_portable_database(frozen_app):
    (frozen_app.dir / "portable.txt").touch()
    store = Store.open(paths.default_db_path())
    try:
        info = backup.backup_now(store, "manual")
        folder = Path(getattr(info, "path", info))
        assert frozen_app.dir / "data" / "backups" in folder.parents
        assert attachments_dir(store) == frozen_app.dir / "data" / "attachments"
    finally:
        store.close()
    assert not frozen_app.per_user.exists()


@pytest.mark.usefixtures("cheap_kdf")
def test_an_encrypted_portable_database_keeps_everything_beside_the_exe(frozen_app, tmp_path):
    """Encryption at rest in portable mode: the key file, the encrypted attachments and backups
    all live in the data folder beside the exe, private to its user, and open again."""
    from jiedao_desk.core import attachments, auth, encryption
    from jiedao_desk.store import crypt

    (frozen_app.dir / "portable.txt").touch()
    data = frozen_app.dir / "data"
    db = paths.default_db_path()
    password = "Kx9#mQ2!vL7pZr"
    secret = "现场照片：张伟 110101199003077777".encode()
    src = tmp_path / "evidence.jpg"
    src.write_bytes(secret)
    with Store.open(db) as store:
        auth.create_first_admin(store, "boss", "王主任", password)
        actor = auth.authenticate(store, "boss", password)
        encryption.enable(store, actor, password)
        community = store.insert("INSERT INTO community (name, code, sort_order, created_at)"
                                 " VALUES ('枫林苑社区', 'FL', 1, '2026-12-01 09:00:00')")
        att = attachments.add_attachment(store, actor, src, "community", community)
        info = backup.backup_now(store, "manual", actor=actor)
    crypt.forget()
    assert crypt.is_encrypted(db) and crypt.keys_file(db) == data / (db.name + ".keys.json")
    assert crypt.keys_file(db).exists() and data / "backups" in Path(info.path).parents
    assert crypt.is_encrypted(info.db_file)
    _private_and_unreadable(data, secret)
    encryption.unlock(db, "boss", password)
    with Store.open(db) as store:
        assert attachments.open_attachment(store, att.id).read_bytes() == secret
        encryption.rotate(store, auth.authenticate(store, "boss", password))
    _private_and_unreadable(data, secret)
    crypt.forget()
    encryption.unlock(db, "boss", password)
    with Store.open(db) as store:
        assert attachments.open_attachment(store, att.id).read_bytes() == secret
    assert not frozen_app.per_user.exists()


def _private_and_unreadable(data: Path, secret: bytes) -> None:
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(data / "attachments" in p.parents for p in files)
    assert not any(secret in p.read_bytes() for p in files)
    if sys.platform != "win32":
        modes = {str(p.relative_to(data)): oct(p.stat().st_mode & 0o777) for p in files}
        assert set(modes.values()) == {"0o600"}, modes
        folders = [data, *(p for p in data.rglob("*") if p.is_dir())]
        dirmodes = {str(p.relative_to(data)): oct(p.stat().st_mode & 0o777) for p in folders}
        assert set(dirmodes.values()) == {"0o700"}, dirmodes


def test_home_variable_beats_the_marker(frozen_app, tmp_path, monkeypatch):
    (frozen_app.dir / "portable.txt").touch()
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "elsewhere"))
    assert paths.user_data_dir() == tmp_path / "elsewhere"
    assert not (frozen_app.dir / "data").exists()


def test_no_marker_uses_the_per_user_folder(frozen_app):
    (frozen_app.dir / "portable.txt.bak").touch()  # only the exact names count
    assert paths.user_data_dir() == frozen_app.per_user
    assert frozen_app.platformdirs_calls == [("jiedao-desk", False)]
    assert not (frozen_app.dir / "data").exists()


def test_a_marker_folder_does_not_count(frozen_app):
    (frozen_app.dir / "portable.txt").mkdir()
    assert paths.portable_data_dir() is None


def test_source_run_needs_the_variable_and_a_marker_beside_the_package(tmp_path, monkeypatch):
    checkout = tmp_path / "checkout"
    (checkout / "jiedao_desk").mkdir(parents=True)
    monkeypatch.setattr(paths, "_PKG", checkout / "jiedao_desk")
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.delenv(paths.PORTABLE_ENV, raising=False)
    (checkout / "portable.txt").touch()
    assert paths.portable_data_dir() is None  # a stray marker in a checkout moves nothing
    monkeypatch.setenv(paths.PORTABLE_ENV, "1")
    assert paths.user_data_dir() == checkout / "data"
    (checkout / "portable.txt").unlink()
    assert paths.portable_data_dir() is None


def _spec_calls(name):
    tree = ast.parse((ROOT / "installers" / "jiedao_desk.spec").read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


def test_spec_builds_a_windowed_gui_and_a_console_cli_into_one_folder():
    exes = {}
    for call in _spec_calls("EXE"):
        kw = {k.arg: k.value for k in call.keywords}
        exes[ast.literal_eval(kw["name"])] = ast.literal_eval(kw["console"])
    assert exes == {"jiedao-desk": False, "jiedao-desk-cli": True}
    (coll,) = _spec_calls("COLLECT")
    assert {k.arg: ast.literal_eval(k.value) for k in coll.keywords if k.arg == "name"} == {
        "name": "jiedao-desk"}
    assert len(_spec_calls("PYZ")) == 1  # one archive of modules for both names


@pytest.mark.parametrize(("argv0", "target"), [
    ("/opt/jiedao-desk/jiedao-desk-cli", "jiedao_desk.cli"),
    ("C:\\Program Files\\jiedao-desk\\JIEDAO-DESK-CLI.EXE", "jiedao_desk.cli"),
    ("jiedao-desk", "jiedao_desk.ui.app"), ("jiedao-desk.exe", "jiedao_desk.ui.app")])
def test_the_one_entry_runs_the_cli_or_the_gui_by_the_name_it_is_started_as(
        monkeypatch, argv0, target):
    import types

    called = []
    for name in ("jiedao_desk.cli", "jiedao_desk.ui.app"):
        fake = types.ModuleType(name)
        fake.main = lambda name=name: called.append(name) or 0
        monkeypatch.setitem(sys.modules, name, fake)
    monkeypatch.setattr(sys, "argv", [argv0])
    entry = ROOT / "installers" / "entry.py"
    with pytest.raises(SystemExit) as done:  # exec, not runpy: runpy rewrites sys.argv[0]
        exec(compile(entry.read_text(encoding="utf-8"), str(entry), "exec"), {"__name__": "x"})
    assert done.value.code == 0 and called == [target]


def test_icons_exist_in_every_size_the_installers_use():
    icons = ROOT / "resources" / "icons"
    for size in (256, 48, 32):
        assert (icons / f"jiedao-desk-{size}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (icons / "jiedao-desk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_the_windows_version_resource_names_the_pyproject_version(tmp_path):
    """The spec's version file (file properties of both exes) evaluates the way PyInstaller
    evaluates it on Windows, with the version of pyproject.toml."""
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["version"]
    tree = ast.parse((ROOT / "installers" / "jiedao_desk.spec").read_text(encoding="utf-8"))
    (func,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "version_file"]
    scope = {"VERSION": version, "WORK": tmp_path}
    exec(compile(ast.Module([func], []), "spec", "exec"), scope)
    text = Path(scope["version_file"]()).read_text(encoding="utf-8")
    record = {name: (lambda *a, **kw: (a, kw)) for name in (
        "VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
        "VarFileInfo", "VarStruct")}
    info = eval(text, record)  # noqa: S307 (our own generated text, as PyInstaller reads it)
    nums = tuple(int(n) for n in version.split("."))[:3]
    assert info[1]["ffi"][1]["filevers"][:3] == nums
    assert f"StringStruct('ProductVersion', '{version}')" in text
    assert "StringStruct('FileDescription', '街道工作台')" in text


def test_the_bundle_falls_back_to_x11_where_a_session_asks_for_wayland_only(tmp_path):
    """The Linux bundle has no Wayland platform plugin: Qt is told to try xcb after it."""
    tree = ast.parse((ROOT / "installers" / "entry.py").read_text(encoding="utf-8"))
    (func,) = [n for n in tree.body
               if isinstance(n, ast.FunctionDef) and n.name == "x11_without_wayland"]
    scope: dict = {"Path": Path}
    exec(compile(ast.Module([func], []), "entry", "exec"), scope)
    fallback = scope["x11_without_wayland"]
    platforms = tmp_path / "platforms"
    platforms.mkdir()
    (platforms / "libqxcb.so").touch()
    cases = [({"QT_QPA_PLATFORM": "wayland"}, "wayland;xcb"),
             ({"QT_QPA_PLATFORM": "wayland-egl;wayland"}, "wayland-egl;wayland;xcb"),
             ({"QT_QPA_PLATFORM": "xcb"}, "xcb"), ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
             ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland;xcb"),
             ({"XDG_SESSION_TYPE": "wayland"}, "xcb"), ({"XDG_SESSION_TYPE": "x11"}, None),
             ({}, None)]
    for env, want in cases:
        fallback(env, platforms)
        assert env.get("QT_QPA_PLATFORM") == want, env
    (platforms / "libqwayland-generic.so").touch()  # a Qt with Wayland: nothing changes
    env = {"QT_QPA_PLATFORM": "wayland", "XDG_SESSION_TYPE": "wayland"}
    fallback(env, platforms)
    assert env["QT_QPA_PLATFORM"] == "wayland"
    fallback(env := {}, tmp_path / "missing")
    assert env == {}
