# SPDX-License-Identifier: MIT
"""A wheel built with `pip wheel .` carries resources/, forms/, the SQL schema steps and the
licences (not only an editable install); the notices and lock files agree."""

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_contains_resources_forms_and_schema_steps(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert r.returncode == 0, r.stderr
    wheel = next(tmp_path.glob("jiedao_desk-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.relative_to(ROOT).as_posix()
                     for p in (ROOT / "resources" / "catalogs").rglob("*.toml"))
    assert shipped, "no catalogs in the source tree"
    for rel in shipped:
        assert f"jiedao_desk/_data/{rel}" in names
    assert "jiedao_desk/_data/forms/README.md" in names
    # The user manual, rendered at build time: the contents and one file per section.
    for page in ("index", "start", "home", "settings", "faq"):
        assert f"jiedao_desk/_data/manual/{page}.html" in names
    steps = sorted(p.relative_to(ROOT).as_posix()
                   for p in (ROOT / "jiedao_desk" / "store" / "migrations").glob("*.sql"))
    assert len(steps) >= 13, "no SQL schema steps in the source tree"
    for rel in steps:
        assert rel in names
    assert "jiedao_desk/cli.py" in names
    for licence in ("LICENSE", "THIRD-PARTY-NOTICES.md"):
        assert any(n.endswith(f".dist-info/licenses/{licence}") for n in names), licence
    meta = next(n for n in names if n.endswith("entry_points.txt"))
    entry = zipfile.ZipFile(wheel).read(meta).decode()
    assert "jiedao-desk-cli = jiedao_desk.cli:main" in entry
    assert "jiedao-desk = jiedao_desk.ui.app:main" in entry
    # The unpacked wheel alone (not this checkout) creates a database with every step.
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    code = ("import jiedao_desk; from jiedao_desk.store import Store, migrations;"
            " s = Store.memory(); print(jiedao_desk.__file__);"
            " print(migrations.applied_names(s.db) == migrations.known_names())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(unpacked)})
    assert r.returncode == 0, r.stderr
    origin, complete = r.stdout.split()
    assert Path(origin).is_relative_to(unpacked) and complete == "True"


def _locked(lock: Path) -> dict[str, set[str]]:
    """{normalised name: versions} of a uv lock file (one name may carry per-Python versions)."""
    out: dict[str, set[str]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)", line)
        if m:
            out.setdefault(_norm(m[1]), set()).add(m[2])
    return out


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _notices_table() -> dict[str, tuple[str, str]]:
    """{normalised name: (version, licence)} from the table of THIRD-PARTY-NOTICES.md."""
    rows = {}
    for line in (ROOT / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4 and cells[0] not in ("distribution", "---"):
            rows[_norm(cells[0])] = (cells[1], cells[2])
    return rows


def _notices_module():
    spec = importlib.util.spec_from_file_location("_notices", ROOT / "installers" / "notices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_licence_is_mit_and_declared_as_spdx():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["license"] == "MIT"
    assert "LICENSE" in meta["project"]["license-files"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_notices_list_every_bundled_distribution_at_its_locked_version():
    """Every runtime distribution (followed from pyproject.toml through the installed metadata)
    is in the notices, at the version the bundle lock pins, with a licence."""
    table = _notices_table()
    locked = _locked(ROOT / "installers" / "bundle.lock")
    reached = _notices_module().closure(_notices_module().runtime_requirements())
    for name in reached:
        if name == "jiedao-desk":
            continue
        assert name in table, (f"{name} is a dependency but missing from THIRD-PARTY-NOTICES.md "
                               "and the locks: run installers/lock.sh (needs `pip install uv`)")
    for name, (version, licence) in table.items():
        assert version in locked.get(name, set()), (
            f"{name} {version} is not what installers/bundle.lock pins: run installers/lock.sh")
        assert licence, name
    # The copyleft ones say which licence applies and where their source is.
    assert table["pyside6-essentials"][1].startswith("LGPL-3.0-only")
    assert table["python-stdnum"][1] == "LGPL-2.1-or-later"
    text = (ROOT / "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    assert "download.qt.io/official_releases/QtForPython" in text
    assert "arthurdejong.org/python-stdnum" in text


def test_notices_fail_on_a_distribution_that_is_not_installed():
    module = _notices_module()
    from packaging.requirements import Requirement

    with pytest.raises(SystemExit, match="not-a-real-distribution"):
        module.closure([Requirement("not-a-real-distribution>=1")])


def test_bundle_lock_pins_the_last_qt_for_glibc_2_28_and_ci_installs_with_hashes():
    bundle = _locked(ROOT / "installers" / "bundle.lock")
    assert bundle["pyside6-essentials"] == {"6.9.3"} and bundle["shiboken6"] == {"6.9.3"}
    assert "pyinstaller" in bundle
    # The pip-installed app stays on newer Qt, below the 6.12 that breaks Python 3.11.
    py311 = [ln for ln in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
             if ln.startswith("pyside6-essentials==") and "< '3.12'" in ln]
    assert len(py311) == 1
    assert tuple(int(p) for p in py311[0].split("==")[1].split()[0].split(".")[:2]) < (6, 12)
    for lock in (ROOT / "requirements.lock", ROOT / "installers" / "bundle.lock"):
        body = lock.read_text(encoding="utf-8")
        pinned = [ln for ln in body.splitlines() if re.match(r"^[A-Za-z0-9_.-]+==", ln)]
        assert pinned and body.count("--hash=sha256:") >= len(pinned)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in ci
    assert "--require-hashes -r installers/bundle.lock" in ci


def test_every_module_imports_with_the_declared_dependencies():
    """Every module of the package imports in a fresh interpreter. CI runs this in a venv made
    from requirements.lock alone, so an import of an undeclared distribution fails here."""
    code = (
        "import importlib, pkgutil, jiedao_desk\n"
        "bad = []\n"
        "for m in pkgutil.walk_packages(jiedao_desk.__path__, 'jiedao_desk.'):\n"
        "    try:\n"
        "        importlib.import_module(m.name)\n"
        "    except ImportError as exc:\n"
        "        bad.append(f'{m.name}: {exc}')\n"
        "print('\\n'.join(bad))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "", r.stdout


def test_windows_installer_is_per_user_and_waits_for_the_app_to_close():
    """makensis on Linux checks only the syntax: these are the promises the script makes."""
    nsi = (ROOT / "installers" / "windows" / "jiedao-desk.nsi").read_text(encoding="utf-8")
    code = "\n".join(line.split(";")[0] for line in nsi.splitlines())  # without comments
    assert "RequestExecutionLevel user" in code and "RequestExecutionLevel admin" not in code
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_ID}"' in code
    assert not re.search(r"(WriteReg\w+|DeleteRegKey) HKLM", code)  # HKLM needs an administrator
    assert "SetShellVarContext all" not in code
    install = code[code.index('Section "-程序文件"'):code.index("SectionEnd")]
    uninstall = code[code.index('Section "un.程序文件"'):]
    assert install.index("Call WaitAppClosed") < install.index("File /r")
    assert uninstall.index("Call un.WaitAppClosed") < uninstall.index("RMDir /r")
    # The user's data survives unless the unticked (/o) component is chosen.
    assert 'Section /o "un.同时删除数据' in code


def _maintainer(tmp_path, env, *args, email="jiedao-desk@example.org"):
    pyproject = tmp_path / "pyproject.toml"
    entry = f'{{ name = "某街道办事处", email = "{email}" }}'
    pyproject.write_text(f"[project]\nmaintainers = [{entry}]\n", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBFULLNAME", "DEBEMAIL")}
    script = ROOT / "installers" / "linux" / "maintainer.py"
    return subprocess.run([sys.executable, str(script), *args, str(pyproject)],
                          capture_output=True, text=True, env={**clean, **env}, timeout=60)


def test_deb_maintainer_placeholder_is_refused_for_a_release_and_marked_in_a_test_build(tmp_path):
    release = _maintainer(tmp_path, {})
    assert release.returncode == 1 and release.stdout == ""
    assert "placeholder" in release.stderr and "DEBEMAIL" in release.stderr
    test_build = _maintainer(tmp_path, {}, "--allow-placeholder")
    assert test_build.returncode == 0
    assert test_build.stdout.strip() == "某街道办事处 <jiedao-desk@example.org>"
    assert "test build with a placeholder" in test_build.stderr
    # The quick CI build is the only caller that lets a placeholder through.
    assert "DEB_PLACEHOLDER_MAINTAINER=1" in (ROOT / ".ci" / "build-installers").read_text()
    assert "maintainer.py" in (ROOT / "installers" / "linux" / "build-deb.sh").read_text()


def test_deb_maintainer_from_debemail_or_a_real_pyproject_address(tmp_path):
    env = {"DEBFULLNAME": "信息科 王工", "DEBEMAIL": "it@jiedao.gov.cn"}
    got = _maintainer(tmp_path, env)
    assert got.returncode == 0 and got.stdout.strip() == "信息科 王工 <it@jiedao.gov.cn>"
    assert got.stderr == ""
    half = _maintainer(tmp_path, {"DEBEMAIL": "it@jiedao.gov.cn"})
    assert half.returncode == 1 and "both DEBFULLNAME and DEBEMAIL" in half.stderr
    # Only the reserved names count as placeholders, not a domain that merely contains one.
    assert _maintainer(tmp_path, {}, email="desk@exampleorg.cn").returncode == 0
    for reserved in ("desk@mail.example.com", "desk@build.invalid", "root@localhost",
                     "desk@office.test", "not-an-address"):
        assert _maintainer(tmp_path, {}, email=reserved).returncode == 1, reserved


GLIBC228 = ROOT / "installers" / "linux"


def test_glibc_2_28_interpreter_is_cached_only_when_built_by_this_script(tmp_path):
    """`--check` tells .ci/run whether the 25-minute interpreter build is already done: only a
    finished interpreter whose stamp is this script's and this toolchain lock's counts."""
    script = GLIBC228 / "build-python-glibc228.sh"

    def check(out):
        return subprocess.run(["bash", str(script), "--check", str(out)], capture_output=True,
                              text=True, timeout=60)

    missing = tmp_path / "nothing"
    assert check(missing).returncode == 1 and not missing.exists()
    out = tmp_path / "cache"
    python = out / "python" / "bin" / "python3.11"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\n")
    python.chmod(0o755)
    assert check(out).returncode == 1  # no stamp: an interrupted build
    import hashlib
    stamp = hashlib.sha256(script.read_bytes() + (GLIBC228 / "toolchain.lock").read_bytes())
    (out / "python" / "BUILT").write_text(stamp.hexdigest()[:16] + "\n")
    got = check(out)
    assert got.returncode == 0 and got.stdout == "", got.stderr
    (out / "python" / "BUILT").write_text("0" * 16 + "\n")  # built by an older script
    assert check(out).returncode == 1
    assert not (out / "work").exists()  # a check builds nothing


def test_glibc_2_28_route_is_wired_and_gated():
    lock = (GLIBC228 / "toolchain.lock").read_text(encoding="utf-8")
    assert re.search(r"^ziglang==[0-9.]+ \\\n +--hash=sha256:[0-9a-f]{64}$", lock, re.M)
    python = (GLIBC228 / "build-python-glibc228.sh").read_text(encoding="utf-8")
    assert "TARGET=x86_64-linux-gnu.2.28" in python and "--enable-shared" in python
    assert "debian/patches/series" in python  # Debian's security fixes for 3.11.2 are applied
    bundle = (GLIBC228 / "build-bundle-glibc228.sh").read_text(encoding="utf-8")
    assert "JIEDAO_BUNDLE_MAX_GLIBC=2.28 installers/build-bundle.sh" in bundle
    gate = "SMOKE_MAX_MB=120 SMOKE_MAX_GLIBC=2.28 SMOKE_MAX_GLIBCXX=3.4.25 .ci/smoke-bundle"
    assert gate in bundle
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "build-python-glibc228.sh --check" in ci and "build-bundle-glibc228.sh" in ci
    assert "icu-devtools" in ci  # icupkg: the spec reduces Qt's ICU data (linux/icu_data.py)
    # The PEP 600 override in the venv accepts wheels for glibc up to 2.28 only, x86_64 only.
    source = bundle.split("<<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0]
    namespace: dict = {}
    exec(source, namespace)
    compatible = namespace["manylinux_compatible"]
    assert compatible(2, 17, "x86_64") and compatible(2, 28, "x86_64")
    assert not compatible(2, 29, "x86_64") and not compatible(2, 34, "x86_64")
    assert not compatible(2, 17, "aarch64")


def _icu_data():
    spec = importlib.util.spec_from_file_location(
        "_icu_data", ROOT / "installers" / "linux" / "icu_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reduced_icu_data_keeps_chinese_english_and_shared_items_only():
    icu = _icu_data()
    small, large = 4 * 1024, 200 * 1024
    for kept in ["root.res", "pool.res", "res_index.res", "zh.res", "zh_Hans_CN.res", "zh_TW.res",
                 "en.res", "en_150.res", "coll/zh.res", "coll/root.res", "coll/ucadata.icu",
                 "zone/zh_Hant.res", "lang/pool.res", "brkitr/cjdict.dict", "brkitr/root.res",
                 "cnvalias.icu", "nfkc.nrm", "uts46.nrm", "unames.icu", "zoneinfo64.res",
                 "supplementalData.res", "likelySubtags.res", "metaZones.res", "icuver.res"]:
        assert not icu.unwanted(kept, small), kept
    for converter in ["gb18030.cnv", "windows-936-2000.cnv", "ibm-1383_P110-1999.cnv",
                      "windows-950-2000.cnv", "ibm-1375_P100-2008.cnv"]:
        assert not icu.unwanted(converter, large), converter
    assert not icu.unwanted("ibm-5348_P100-1997.cnv", small)  # single-byte (windows-1252)
    for dropped in ["de.res", "ja.res", "ko_KR.res", "yue.res", "coll/ja.res", "lang/fr_CA.res",
                    "de__PHONEBOOK.res", "es_.res", "translit/root.res", "translit/el.res"]:
        assert icu.unwanted(dropped, small), dropped
    assert icu.unwanted("ibm-943_P15A-2003.cnv", large)  # Shift_JIS
    assert not icu.unwanted("ibm-943_P15A-2003.cnv", icu.SMALL_CONVERTER)  # at the limit: kept


def _qt_lib():
    from PySide6 import QtCore

    return Path(QtCore.__file__).parent / "Qt" / "lib"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle's ICU is Linux's")
def test_reduced_icu_data_still_collates_chinese_and_decodes_gb18030(tmp_path):
    """Qt started on the reduced libicudata (LD_LIBRARY_PATH beats the wheel's $ORIGIN runpath):
    pinyin order and the Chinese converters as with the full data; Shift_JIS is gone."""
    import shutil

    libs = sorted(_qt_lib().glob("libicudata.so.*"))
    if not libs or shutil.which("icupkg") is None:
        pytest.skip("no libicudata in this Qt or no icupkg (apt-get install icu-devtools)")
    small = _icu_data().shrink(libs[0], tmp_path / "icu")
    assert small.stat().st_size < libs[0].stat().st_size / 2
    assert "GLIBC_" not in subprocess.run(["objdump", "-T", str(small)], capture_output=True,
                                          text=True, check=True).stdout
    probe = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from jiedao_desk.ui import diagnose as d\n"
        "maps = open('/proc/self/maps').read()\n"
        "print(sys.argv[1] in maps, ' '.join(d.collation_order()),\n"
        "      d.decoded('GB18030', d.CONVERTER_SAMPLE) == d.CONVERTER_SAMPLE,\n"
        "      d.decoded('Big5', '街道辦事處') == '街道辦事處', d.decoded('Shift_JIS', '日本'))\n")
    env = {**os.environ, "LD_LIBRARY_PATH": str(small.parent), "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", probe, str(small)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "李", "王", "张", "True", "True", "None"], r.stdout


def test_the_bundle_s_empty_ssl_module_lets_stdnum_import_and_refuses_every_name(monkeypatch):
    """The bundle has no ssl (installers/offline_ssl.py): python-stdnum still imports, and any
    use of ssl fails with a clear error instead of working by accident."""
    import importlib

    spec = importlib.util.spec_from_file_location(
        "_offline_ssl", ROOT / "installers" / "offline_ssl.py")
    hook = importlib.util.module_from_spec(spec)
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    spec.loader.exec_module(hook)  # appends its finder to (the copy of) sys.meta_path
    finder = sys.meta_path[-1]
    assert finder.find_spec("json") is None and finder.find_spec("ssl_helpers") is None
    module = importlib.util.module_from_spec(finder.find_spec("ssl"))
    finder.exec_module(module)
    with pytest.raises(AttributeError, match="离线"):
        module.create_default_context()
    for name in [n for n in sys.modules if n == "ssl" or n.startswith("stdnum")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "ssl", module)
    from stdnum.cn import ric

    assert ric.is_valid("11010519491231002X")
    with pytest.raises(ImportError):
        exec("from ssl import SSLContext", {})
