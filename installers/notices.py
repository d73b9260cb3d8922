# SPDX-License-Identifier: MIT
"""Write THIRD-PARTY-NOTICES: every distribution jiedao-desk runs on, with version and licence.

Read from the metadata of the distributions installed in this Python (so the file describes what a
build really bundles, not what pyproject.toml allows), following pyproject.toml's dependencies
recursively. Also lists what the wheels embed without declaring it (Qt's own third-party
libraries, the Python runtime's libraries, the native libraries inside Pillow, pypdfium2 and
argon2-cffi-bindings) and, for a bundle, the system libraries PyInstaller copied from the build
machine with the Debian package they came from.

    python installers/notices.py THIRD-PARTY-NOTICES.md            # summary (the wheel's copy)
    python installers/notices.py --full OUT [--system-lib PATH ...] # with licence texts (bundle)
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent

# Where the source of each copyleft component is published (LGPL-3.0 §4(d) and LGPL-2.1 §6
# ask for it), keyed by normalised distribution name.
SOURCE = {
    "pyside6-essentials": "https://download.qt.io/official_releases/QtForPython/pyside6/ "
                          "(PySide6 and shiboken6 source), Qt itself: "
                          "https://download.qt.io/official_releases/qt/ (qt-everywhere-src)",
    "shiboken6": "https://download.qt.io/official_releases/QtForPython/shiboken6/",
    "python-stdnum": "https://arthurdejong.org/python-stdnum/ "
                     "(sdist on PyPI: https://pypi.org/project/python-stdnum/#files)",
}

# Metadata that names no SPDX licence, or offers a choice: what applies to jiedao-desk's use.
CLARIFIED = {
    "python-stdnum": "LGPL-2.1-or-later",  # classifier "LGPLv2 or later", COPYING is LGPL 2.1
    "pyside6-essentials": "LGPL-3.0-only (of LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only)",
    "shiboken6": "LGPL-3.0-only (of LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only)",
}

# Embedded in a wheel or the interpreter but declared by no distribution's metadata.
EMBEDDED = """\
## Embedded without their own distribution

- **Python runtime** (libpython, the standard library): PSF-2.0. It links libffi (MIT), SQLite
  (public domain), zlib (Zlib), bzip2 (bzip2-1.0.6), liblzma (0BSD/public domain) and expat
  (MIT): https://docs.python.org/3/license.html (its OpenSSL modules `_ssl` and `_hashlib` are
  left out of the bundle).
- **Qt** inside PySide6-Essentials (libQt6*.so / Qt6*.dll, plugins, translations): LGPL-3.0-only,
  with third-party parts under their own permissive licences (ICU: Unicode-3.0, HarfBuzz: MIT,
  FreeType: FTL, libpng: libpng-2.0, PCRE2: BSD-3-Clause, zlib: Zlib, double-conversion:
  BSD-3-Clause, md4c: MIT): https://doc.qt.io/qt-6/licenses-used-in-qt.html
  On Linux the ICU data library holds a reduced set of ICU 73's data (root, English and Chinese
  locale data, Chinese converters), made with ICU's own icupkg (installers/linux/icu_data.py).
  The Qt libraries stay separate shared libraries in `_internal/PySide6/` so that a user can
  replace them with a modified build of the same version (LGPL-3.0 §4(d)(1)).
- **Pillow** wheels embed libjpeg-turbo (IJG, BSD-3-Clause), libpng, libtiff, libwebp
  (BSD-3-Clause), FreeType (FTL), OpenJPEG (BSD-2-Clause), HarfBuzz, Brotli, zlib (texts in
  Pillow's LICENSE, appended in the full notices); its AVIF (libavif) and
  colour-management (lcms2) modules are left out of the bundle.
- **pypdfium2** embeds PDFium (BSD-3-Clause, Apache-2.0) and its dependencies (texts in its
  BUILD_LICENSES, appended in the full notices).
- **argon2-cffi-bindings** embeds the Argon2 reference library (CC0-1.0 or Apache-2.0).
- **cryptography** wheels embed OpenSSL (Apache-2.0) and Rust crates (MIT/Apache-2.0):
  https://cryptography.io/en/latest/faq/ and its LICENSE files, appended in the full notices.
- **sqlcipher3** embeds SQLCipher (BSD-3-Clause, Zetetic LLC; based on SQLite, public
  domain) and OpenSSL's libcrypto (Apache-2.0): https://www.zetetic.net/sqlcipher/license/
"""


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_requirements() -> list[Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(r) for r in data["project"]["dependencies"]]


def closure(reqs: list[Requirement]) -> dict[str, md.Distribution]:
    """The installed distributions the requirements reach (markers evaluated for this Python)."""
    found: dict[str, md.Distribution] = {}
    todo = [r for r in reqs if r.marker is None or r.marker.evaluate({"extra": ""})]
    while todo:
        req = todo.pop()
        key = norm(req.name)
        if key in found:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            raise SystemExit(f"notices: {req.name} is required but not installed") from None
        found[key] = dist
        for text in dist.requires or []:
            sub = Requirement(text)
            if sub.marker is None or sub.marker.evaluate({"extra": ""}):
                todo.append(sub)
    return dict(sorted(found.items()))


def licence(dist: md.Distribution) -> str:
    """The SPDX expression if declared, else the short License field, else the classifiers."""
    meta = dist.metadata
    if norm(meta["Name"]) in CLARIFIED:
        return CLARIFIED[norm(meta["Name"])]
    expr = meta.get("License-Expression")
    if expr:
        return expr
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return "; ".join(classifiers) or "see the licence text below"


def homepage(dist: md.Distribution) -> str:
    meta = dist.metadata
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [] if ", " in u)
    for key in ("Source", "Repository", "GitHub", "Homepage", "homepage", "Source Code"):
        if key in urls:
            return urls[key]
    return meta.get("Home-page") or f"https://pypi.org/project/{meta['Name']}/"


def _read(dist: md.Distribution, name: str) -> str | None:
    """A file of the dist-info as text; a few licence files are Latin-1, not UTF-8."""
    for candidate in (f"licenses/{name}", name):
        try:
            text = dist.read_text(candidate)
        except UnicodeDecodeError:
            tail = f".dist-info/{candidate}"
            found = [f for f in dist.files or [] if f.as_posix().endswith(tail)]
            text = found[0].read_binary().decode("latin-1") if found else None
        if text:
            return text
    return None


def licence_texts(dist: md.Distribution) -> list[tuple[str, str]]:
    """(file name, text) of the licence files a distribution ships in its dist-info."""
    names = dist.metadata.get_all("License-File") or [
        "LICENSE", "LICENSE.txt", "LICENCE", "COPYING", "LICENSE.rst"]  # older metadata
    out = []
    for name in names:
        text = _read(dist, name)
        if text:
            out.append((name, text))
    return out


def debian_package(path: str) -> str:
    """'package version' of the Debian package that installed a system library, or ''."""
    try:
        owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=True)
        pkg = owner.stdout.split(":", 1)[0].strip()
        ver = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"{pkg} {ver}"


def system_section(libs: list[str]) -> list[str]:
    lines = ["## System libraries copied from the build machine", "",
             "Their licences are in /usr/share/doc/PACKAGE/copyright of a Debian system; the "
             "source is in Debian's archive (`apt-get source PACKAGE`).", "",
             "| library | Debian package |", "| --- | --- |"]
    for path in sorted(set(libs)):
        lines.append(f"| {Path(path).name} | {debian_package(path) or 'unknown'} |")
    return [*lines, ""]


def render(dists: dict[str, md.Distribution], full: bool, system_libs: list[str]) -> str:
    lines = [
        "# Third-party notices of jiedao-desk (街道工作台)", "",
        "jiedao-desk itself is under the MIT licence (LICENSE). It runs on the following",
        "distributions (generated by installers/notices.py from the installed metadata).", "",
        "| distribution | version | licence | source |", "| --- | --- | --- | --- |",
    ]
    for key, dist in dists.items():
        if key == "jiedao-desk":
            continue
        lines.append(f"| {dist.metadata['Name']} | {dist.version} | {licence(dist)} "
                     f"| {homepage(dist)} |")
    lines += ["", "## Copyleft components and where to get their source", "",
              "In the bundle, python-stdnum is plain source files "
              "(`_internal/stdnum/`) that can be read and replaced; "
              "the Qt libraries are separate shared libraries in `_internal/PySide6/`.", ""]
    for key, where in SOURCE.items():
        if key in dists:
            dist = dists[key]
            lines.append(f"- {dist.metadata['Name']} {dist.version} ({licence(dist)}): {where}")
    lines += ["", EMBEDDED]
    if system_libs:
        lines += system_section(system_libs)
    if full:
        lines += ["## Licence texts", ""]
        for dist in dists.values():
            for name, text in licence_texts(dist):
                lines += [f"### {dist.metadata['Name']} {dist.version}: {name}", "", "```",
                          text.rstrip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def write(out: Path, full: bool = False, system_libs: list[str] | None = None) -> Path:
    dists = closure(runtime_requirements())
    out.write_text(render(dists, full, system_libs or []), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--full", action="store_true", help="append every licence text")
    parser.add_argument("--system-lib", action="append", default=[],
                        help="a library copied from the system (name its Debian package)")
    args = parser.parse_args(argv)
    write(args.out, args.full, args.system_lib)
    print(f"notices: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
