# SPDX-License-Identifier: MIT
"""Fonts for printed documents: one TrueType font per role, plus per-glyph fallback.

Every font is embedded as a TrueType subset. reportlab's built-in CID font STSong-Light is never
used: it is not embedded, and a viewer without Adobe-GB1 data prints it blank (measured, see
shared/reference/baselines.md §2). reportlab cannot load CFF ("postscript outlines") fonts such
as Noto CJK, so those are skipped.

Chain per role: configured file (the setting ``documents.font.<role>``, core/printing.py) →
Windows system fonts → fontconfig (``fc-match``; UOS and Kylin ship their own fonts) → Debian
fonts-arphic-uming/ukai. A rare name character (喆, 堃, 镕, 䶮) missing from the role's font is
printed in the first other font that has it, so it never comes out as an empty box.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jiedao_desk.base.errors import JiedaoError

if TYPE_CHECKING:  # reportlab loads with the first font resolved, not when the app starts
    from reportlab.pdfbase.ttfonts import TTFont


def _escape(text: str) -> str:
    """``text`` with &, < and > escaped for paragraph markup (xml.sax.saxutils.escape, whose
    package imports urllib.request and with it the http and ssl modules at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ROLES = ("title", "body", "table", "signature")
ROLE_LABELS = {"title": "标题", "body": "正文", "table": "表格", "signature": "落款/签名"}
SOURCE_LABELS = {
    "configured": "设置指定",
    "windows": "Windows 系统字体",
    "fc-match": "系统字体",
    "debian": "Debian 字体包",
}

# Windows file names per role, best first. GB/T 9704 wants 小标宋 for titles, 仿宋 for the body
# and 楷体 for some signatures; 方正小标宋 (FZXBSJW) is common on government PCs.
_WINDOWS_FILES = {
    "title": [("FZXBSJW.TTF", 0), ("simsun.ttc", 0)],
    "body": [("simfang.ttf", 0), ("FZFSJW.TTF", 0), ("simsun.ttc", 0)],
    "table": [("simsun.ttc", 0), ("simfang.ttf", 0)],
    "signature": [("simkai.ttf", 0), ("simfang.ttf", 0), ("simsun.ttc", 0)],
}
_WINDOWS_FALLBACK = [("simsun.ttc", 0), ("simhei.ttf", 0), ("simsunb.ttf", 0), ("msyh.ttc", 0)]

_FC_FAMILIES = {
    "title": ["FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "宋体", "Noto Serif CJK SC",
              "Source Han Serif SC", "AR PL UMing CN"],
    "body": ["FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "SimSun", "Noto Serif CJK SC",
             "AR PL UMing CN"],
    "table": ["SimSun", "宋体", "Noto Serif CJK SC", "AR PL UMing CN", "WenQuanYi Micro Hei"],
    "signature": ["KaiTi", "楷体", "KaiTi_GB2312", "AR PL UKai CN", "LXGW WenKai",
                  "AR PL UMing CN"],
}
_FC_FALLBACK = ["AR PL UMing CN", "AR PL UKai CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "Droid Sans Fallback", "serif", "sans-serif"]

_ARPHIC = Path("/usr/share/fonts/truetype/arphic")
_DEBIAN_FILES = {
    "title": [(_ARPHIC / "uming.ttc", 0)],
    "body": [(_ARPHIC / "uming.ttc", 0)],
    "table": [(_ARPHIC / "uming.ttc", 0)],
    "signature": [(_ARPHIC / "ukai.ttc", 0), (_ARPHIC / "uming.ttc", 0)],
}
_DEBIAN_FALLBACK = [(_ARPHIC / "uming.ttc", 0), (_ARPHIC / "ukai.ttc", 0)]

_CJK_PROBE = "中文街道"  # a font without these is not a Chinese font, whatever its name says


class FontsUnavailable(JiedaoError):
    """No usable Chinese TrueType font was found on this computer."""


@dataclass(frozen=True)
class FontChoice:
    """One loaded font.

    Attributes:
        name: the name registered with reportlab (use it as ``fontName``).
        family: the family name from the font file, e.g. "AR PL UMing CN".
        path: the font file.
        index: subfont index inside a .ttc collection.
        source: "configured", "windows", "fc-match" or "debian" (see SOURCE_LABELS).
    """

    name: str
    family: str
    path: str
    index: int
    source: str


@dataclass
class FontSet:
    """The font of each role and the ordered fallback fonts for missing glyphs."""

    roles: dict[str, FontChoice]
    fallbacks: list[FontChoice]
    notes: list[str] = field(default_factory=list)  # why a configured/found font was skipped

    def name(self, role: str) -> str:
        """The reportlab font name for ``role``."""
        return self.roles[role].name

    def family_of(self, font_name: str) -> str:
        """The family of a loaded font, by its reportlab name."""
        for choice in [*self.roles.values(), *self.fallbacks]:
            if choice.name == font_name:
                return choice.family
        return font_name

    def _order(self, role: str) -> list[FontChoice]:
        seen, order = set(), []
        for choice in [self.roles[role], *self.roles.values(), *self.fallbacks]:
            if choice.name not in seen:
                seen.add(choice.name)
                order.append(choice)
        return order

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """Split ``text`` into (font name, text) runs so every character has a glyph.

        Characters no font has stay in the role's font (they will print as a box; see
        ``missing``).
        """
        order = self._order(role)
        primary = order[0].name
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = primary
            if not ch.isspace() and not _has_glyph(primary, ch):
                font = next((c.name for c in order[1:] if _has_glyph(c.name, ch)), primary)
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        return runs

    def markup(self, text: str, role: str) -> str:
        """Paragraph markup for plain ``text``: escaped, fallback runs in ``<font>`` tags.

        Newlines become ``<br/>``. The paragraph's own style must use the role's font.
        """
        primary = self.name(role)
        # Paragraph collapses whitespace (U+3000 included), but forms need their blanks
        # ("签名：　　　　年　月　日") kept as room to write by hand.
        text = re.sub(r"  +", lambda m: "\xa0" * len(m.group()), text).replace("\u3000", "\xa0\xa0")
        parts = []
        for font, chunk in self.runs(text, role):
            body = _escape(chunk).replace("\n", "<br/>")
            parts.append(body if font == primary else f'<font name="{font}">{body}</font>')
        return "".join(parts)

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no available font can print."""
        names = [c.name for c in self._order(ROLES[0])]
        return sorted({ch for ch in text if not ch.isspace()
                       and not any(_has_glyph(n, ch) for n in names)})


_loaded: dict[tuple[str, int], TTFont | None] = {}
_load_notes: dict[tuple[str, int], str] = {}  # why a file was refused (repeated on each resolve)
_cache: dict[tuple, FontSet] = {}
# The fonts are resolved on a worker thread after sign-in (warm_up) and on whichever thread
# prints first: one at a time, so that a file is parsed and registered once.
_resolving = threading.Lock()


def _has_glyph(font_name: str, ch: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font_name).face
    glyph = face.charToGlyph.get(ord(ch))
    if not glyph:  # unmapped, or mapped to .notdef
        return False
    # Some fonts map a character to an empty outline (AR PL UKai CN does for 䶮): that
    # prints blank, so it counts as missing. glyphPos is the 'loca' table: length 0 = empty.
    pos = face.glyphPos
    return ch.isspace() or glyph + 1 >= len(pos) or pos[glyph + 1] > pos[glyph]


def _load(path: Path, index: int, source: str, notes: list[str]) -> FontChoice | None:
    """Load and register one font file; None (with a note) when reportlab cannot use it."""
    from reportlab.pdfbase import pdfmetrics

    key = (str(path), index)
    if key in _load_notes:
        notes.append(_load_notes[key])
    if key not in _loaded:
        _loaded[key] = None
        digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:6]
        stem = re.sub(r"[^A-Za-z0-9]", "", path.stem)[:20] or "font"
        name = f"JD-{stem}-{index}-{digest}"
        from jiedao_desk.documents import font_cache  # pickle, mmap: only once printing

        try:
            font = font_cache.load(name, path, index)  # parsed once, then read back
            if not all(ord(c) in font.face.charToGlyph for c in _CJK_PROBE):  # cheap check
                _load_notes[key] = f"{path}：不是中文字体，已跳过。"
                notes.append(_load_notes[key])
            else:
                pdfmetrics.registerFont(font)
                _loaded[key] = font
        except Exception as exc:  # noqa: BLE001 - any unreadable font is skipped, with a note
            # reportlab raises TTFError for CFF ("postscript outlines are not supported").
            _load_notes[key] = f"{path}（{index}）：无法使用（{exc}），已跳过。"
            notes.append(_load_notes[key])
    font = _loaded[key]
    if font is None:
        return None
    family = font.face.familyName
    if isinstance(family, bytes):
        family = family.decode("utf-8", "replace")
    return FontChoice(font.fontName, str(family), str(path), index, source)


def _parse_configured(value: str) -> tuple[Path, int]:
    value = value.strip().strip('"')
    m = re.match(r"^(.*)[#:](\d+)$", value)
    if m and Path(m.group(1)).is_file():
        return Path(m.group(1)), int(m.group(2))
    return Path(value), 0


def _windows_dirs() -> list[Path]:
    if os.name != "nt":
        return []
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:  # fonts installed "for this user only" (Windows 10 1809+)
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


@functools.lru_cache(maxsize=1)
def _fc_families() -> dict[str, tuple[Path, int]]:
    """Family (case-folded) → (file, index) of every Chinese font fontconfig knows: one
    ``fc-list`` call per process instead of one ``fc-match`` per family asked for."""
    import subprocess  # the fonts are looked up on the first document, not at start

    exe = shutil.which("fc-list")
    if not exe:
        return {}
    try:
        out = subprocess.run([exe, ":lang=zh-cn", "file", "index", "family"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, tuple[Path, int]] = {}
    for line in sorted(out.splitlines()):  # sorted: the same choice on every run
        m = re.match(r"^(.*?): (.*?):index=(\d+)$", line.strip())
        if not m:
            continue
        for family in m.group(2).split(","):
            found.setdefault(family.strip().casefold(), (Path(m.group(1)), int(m.group(3))))
    return found


def _fc_match(family: str) -> tuple[Path, int] | None:
    """The font fontconfig has for ``family``; only an exact family match counts, except for
    the generic names, which fontconfig resolves to its own best choice."""
    if family not in ("serif", "sans-serif"):
        # fc-match always answers with *something*; a substitute (e.g. a Hei font for
        # "FangSong") must not be mistaken for the family asked for.
        return _fc_families().get(family.casefold())
    import subprocess

    exe = shutil.which("fc-match")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{file}:%{index}", f"{family}:lang=zh-cn"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.match(r"^(.*):(\d+)$", out.strip())
    return (Path(m.group(1)), int(m.group(2))) if m else None


def _candidates(role: str | None, configured: str) -> list[tuple[Path, int, str]]:
    out: list[tuple[Path, int, str]] = []
    if configured:
        path, index = _parse_configured(configured)
        out.append((path, index, "configured"))
    for d in _windows_dirs():
        for fname, index in (_WINDOWS_FILES[role] if role else _WINDOWS_FALLBACK):
            out.append((d / fname, index, "windows"))
    for family in (_FC_FAMILIES[role] if role else _FC_FALLBACK):
        found = _fc_match(family)
        if found:
            out.append((found[0], found[1], "fc-match"))
    for path, index in (_DEBIAN_FILES[role] if role else _DEBIAN_FALLBACK):
        out.append((path, index, "debian"))
    return out


def _first(cands: list[tuple[Path, int, str]], notes: list[str]) -> FontChoice | None:
    for path, index, source in cands:
        if not path.is_file():
            if source == "configured":
                notes.append(f"设置的字体文件不存在：{path}")
            continue
        choice = _load(path, index, source, notes)
        if choice:
            return choice
    return None


def load_fonts(configured: dict[str, str] | None = None) -> FontSet:
    """Resolve the font of every role (cached per process for the same configuration).

    Args:
        configured: role → font file (optionally ``path#index``) from the settings; "" = auto.

    Raises:
        FontsUnavailable: no Chinese TrueType font at all.
    """
    configured = {r: (configured or {}).get(r, "") or "" for r in ROLES}
    key = tuple(configured[r] for r in ROLES)
    with _resolving:
        if key not in _cache:
            _cache[key] = _resolve(configured)
        return _cache[key]


def _resolve(configured: dict[str, str]) -> FontSet:
    notes: list[str] = []
    roles: dict[str, FontChoice | None] = {
        r: _first(_candidates(r, configured[r]), notes) for r in ROLES}
    fallbacks: list[FontChoice] = []
    for path, index, source in _candidates(None, ""):
        if path.is_file():
            choice = _load(path, index, source, notes)
            if choice and choice.name not in {f.name for f in fallbacks}:
                fallbacks.append(choice)
    any_font = next((c for c in [*roles.values(), *fallbacks] if c), None)
    if any_font is None:
        raise FontsUnavailable(
            "找不到可以嵌入 PDF 的中文 TrueType 字体，无法生成文书。请在“设置 → 文书”中指定一个"
            " .ttf/.ttc 字体文件（如 Windows 的 simsun.ttc、simfang.ttf），或在 Linux 上安装"
            " fonts-arphic-uming。")
    final = {r: c or any_font for r, c in roles.items()}
    return FontSet(final, fallbacks, notes)


def font_set(configured: dict[str, str] | None = None) -> FontSet:
    """The fonts to print with: the configured files (role → path) if given, else automatic."""
    return load_fonts(configured)
