# SPDX-License-Identifier: MIT
"""Input-method module choice: fcitx desktops get the bundled ibus plugin only when Qt has no
fcitx plugin and has the ibus one; a module that exists is never overridden."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jiedao_desk.ui import app as app_module
from jiedao_desk.ui.kit import input_method

ROOT = Path(__file__).parent.parent.parent


def _plugins(tmp_path, *keys):
    folder = tmp_path / "platforminputcontexts"
    folder.mkdir()
    for key in keys:
        (folder / f"lib{key}platforminputcontextplugin.so").write_bytes(b"")
    return input_method.available([folder])


def test_plugin_files_are_keyed_like_qt_keys_them(tmp_path):
    found = _plugins(tmp_path, "ibus", "compose", "fcitx5")
    assert set(found) == {"ibus", "compose", "fcitx5", "fcitx"}  # fcitx5-qt answers to both


@pytest.mark.parametrize("env", [{"QT_IM_MODULE": "fcitx"}, {"QT_IM_MODULE": "FCITX5"},
                                 {"XMODIFIERS": "@im=fcitx"}])
def test_fcitx_without_its_plugin_falls_back_to_ibus(tmp_path, env):
    asked = input_method.requested(env)
    assert asked in ("fcitx", "fcitx5")
    assert input_method.choose(env, _plugins(tmp_path, "ibus", "compose")) == asked
    assert env["QT_IM_MODULE"] == "ibus"


def test_fcitx_with_its_plugin_is_kept(tmp_path):
    env = {"QT_IM_MODULE": "fcitx"}
    assert input_method.choose(env, _plugins(tmp_path, "ibus", "fcitx5")) is None
    assert env == {"QT_IM_MODULE": "fcitx"}


def test_no_ibus_plugin_changes_nothing(tmp_path):
    env = {"QT_IM_MODULE": "fcitx"}
    assert input_method.choose(env, _plugins(tmp_path, "compose")) is None
    assert env == {"QT_IM_MODULE": "fcitx"}


@pytest.mark.parametrize("env", [{}, {"QT_IM_MODULE": "ibus"}, {"QT_IM_MODULE": "xim"},
                                 {"XMODIFIERS": "@im=ibus"}])
def test_other_requests_are_left_alone(tmp_path, env):
    before = dict(env)
    assert input_method.choose(env, _plugins(tmp_path, "ibus", "compose")) is None
    assert env == before


def test_the_window_names_the_desktop_entry_its_startup_class_matches():
    desktop = (ROOT / "installers" / "linux" / "jiedao-desk.desktop").read_text(encoding="utf-8")
    assert f"StartupWMClass={app_module.DESKTOP_FILE}\n" in desktop
    assert (ROOT / "installers" / "linux" / f"{app_module.DESKTOP_FILE}.desktop").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fcitx/ibus are Linux modules")
def test_diagnose_reports_the_fallback_and_loads_the_ibus_plugin(tmp_path):
    """The start itself, in a fresh process: fcitx asked for, Qt's ibus plugin loaded."""
    if "ibus" not in input_method.available(input_method.plugin_dirs()):
        pytest.skip("this Qt has no ibus plugin")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_IM_MODULE": "fcitx",
           "JIEDAO_DESK_HOME": str(tmp_path), "QT_PLUGIN_PATH": ""}
    r = subprocess.run([sys.executable, "-m", "jiedao_desk", "--diagnose"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "im requested: fcitx" in r.stdout and "im chosen: ibus" in r.stdout
    assert "im plugin ibus: loaded" in r.stdout
    assert "desktop file: jiedao-desk" in r.stdout
    assert "qtbase_zh_CN.qm" in r.stdout
    assert "collation zh_CN: 李 王 张 (pinyin)" in r.stdout
    assert "converter GB18030: ok" in r.stdout and "converter Big5: ok" in r.stdout


def test_diagnose_fails_when_the_icu_data_has_no_chinese_collation(qtbot, monkeypatch):
    """A bundle whose reduced ICU data lost the zh tailoring collates by code point."""
    from PySide6.QtWidgets import QApplication

    from jiedao_desk.ui import diagnose

    app = QApplication.instance()
    monkeypatch.delenv("QT_IM_MODULE", raising=False)
    monkeypatch.setattr(app, "property", lambda name: ["qtbase_zh_CN.qm"])
    lines, ok = diagnose.facts(app, None)
    assert ok and "collation zh_CN: 李 王 张 (pinyin)" in lines and "converter Big5: ok" in lines
    monkeypatch.setattr(diagnose, "collation_order", lambda: ["张", "李", "王"])
    lines, ok = diagnose.facts(app, None)
    assert not ok and "collation zh_CN: 张 李 王 (NOT pinyin)" in lines
    monkeypatch.setattr(diagnose, "collation_order", lambda: ["李", "王", "张"])
    monkeypatch.setattr(diagnose, "decoded", lambda encoding, text: None)
    lines, ok = diagnose.facts(app, None)
    assert not ok and "converter GB18030: MISSING" in lines
