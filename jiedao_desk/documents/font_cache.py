# SPDX-License-Identifier: MIT
"""Parsed TrueType fonts kept on disk, so that a font file is parsed once, not in every process.

reportlab parses a font's tables in Python (0.3–0.5 s for a CJK font of 20 MB, and a document
uses two or three of them); reading back the parsed tables is several times faster. What is
kept: the font object's attributes without the file's bytes (read again from the file, which
the PDF subsets are cut from) and without the per-document state. A cache entry is named by
the file's path, index, size and modification time and reportlab's version, so a changed font
or a reportlab upgrade parses again. The folder is the user's cache folder (paths.py); an
entry that cannot be read is parsed again and rewritten, and deleting the folder loses nothing.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import mmap
import os
import pickle
import tempfile
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiedao_desk import paths

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

FORMAT = 2  # raise when what is kept changes
_NOT_KEPT_FONT = ("state",)  # per-document subset state, made fresh
_NOT_KEPT_FACE = ("_ttf_data", "_pdfScale")  # the file's bytes; a lambda of unitsPerEm
# The only classes a cache file may name (anything else is refused, not run).
_ALLOWED = {("reportlab.pdfbase.ttfonts", "TTEncoding"),
            ("reportlab.pdfbase.ttfonts", "TTFNameBytes"), ("array", "array"),
            ("array", "_array_reconstructor")}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsed font")
        return super().find_class(module, name)


def cache_file(path: Path, index: int) -> Path | None:
    """Where the parse of font ``path`` (subfont ``index``) is kept (None: no such file)."""
    import reportlab

    try:
        st = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}|{FORMAT}"
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return paths.user_cache_dir() / "fonts" / f"{name}.pickle"


def load(name: str, path: Path, index: int) -> TTFont:
    """The font ``path`` (subfont ``index``) named ``name``: read back when it was parsed
    before, else parsed and kept.

    Raises:
        whatever reportlab raises for a font it cannot use (TTFError for CFF outlines).
    """
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        where = cache_file(path, index)
    except OSError as exc:  # no writable cache folder: parse every time, as before
        log.warning("no font cache folder: %s", exc)
        where = None
    if where is not None and where.is_file():
        try:
            font = _restore(name, path, where.read_bytes())
        except Exception as exc:  # noqa: BLE001 - a bad entry is parsed again, never fatal
            log.warning("font cache %s unreadable (%s): parsing %s again", where, exc, path)
        else:
            return font
    font = TTFont(name, str(path), subfontIndex=index)
    if where is not None:
        _keep(font, where)
    return font


def _restore(name: str, path: Path, data: bytes) -> TTFont:
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    gc.disable()  # tens of thousands of new objects: no collection runs mid-way
    try:
        font_state, face_state = _Unpickler(io.BytesIO(data)).load()
        face_state = {k: _unpack(v) for k, v in face_state.items()}
    finally:
        gc.enable()
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(face_state)
    face._ttf_data = _file_bytes(path)
    # the same scale reportlab's parser sets: glyph units to 1/1000 em
    per_em = face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * (1000 / per_em))
    font = TTFont.__new__(TTFont)
    font.__dict__.update(font_state)
    font.state = WeakKeyDictionary()
    font.face = face
    font.fontName = name
    return font


def _file_bytes(path: Path) -> Any:
    """The font file's bytes for reportlab to cut subsets from: mapped, not read (only the
    glyphs a document uses are ever touched, of a file of 20 MB)."""
    with path.open("rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # a file system that maps nothing: read it whole
            return f.read()


def _keep(font: TTFont, where: Path) -> None:
    """Write the parse of ``font`` to ``where`` (atomically: a reader never sees half)."""
    font_state = {k: v for k, v in vars(font).items() if k not in (*_NOT_KEPT_FONT, "face")}
    face_state = {k: _pack(v) for k, v in vars(font.face).items() if k not in _NOT_KEPT_FACE}
    tmp = None
    try:
        data = pickle.dumps((font_state, face_state), protocol=pickle.HIGHEST_PROTOCOL)
        where.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where.parent, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, where)
        tmp = None
    except Exception as exc:  # noqa: BLE001 - a full disk, or an attribute pickle refuses:
        log.warning("font cache %s not written: %s", where, exc)  # the next process parses
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


# The big tables (character → glyph, widths, glyph offsets: 24,000+ entries each) are kept as
# arrays of numbers, which read back an order of magnitude faster than pickled dicts and lists.
def _ints(values: Any) -> bool:
    return all(type(v) is int for v in values)


def _pack(value: Any) -> Any:
    if isinstance(value, dict) and len(value) > 256 and _ints(value):
        vals = list(value.values())
        if _ints(vals):
            return ("packed", "dict-int", array("q", value), array("q", vals))
        if all(type(v) is float for v in vals):
            return ("packed", "dict-float", array("q", value), array("d", vals))
        if all(type(v) is list and _ints(v) for v in vals):
            return ("packed", "dict-list", array("q", value), array("q", map(len, vals)),
                    array("q", (i for v in vals for i in v)))
    if isinstance(value, list) and len(value) > 256:
        if _ints(value):
            return ("packed", "list-int", array("q", value))
        if all(type(v) is tuple and len(v) == 2 and _ints(v) for v in value):
            return ("packed", "list-pair", array("q", (i for v in value for i in v)))
    return value


def _unpack(value: Any) -> Any:
    if not (isinstance(value, tuple) and value[:1] == ("packed",)):
        return value
    kind, *parts = value[1:]
    if kind == "dict-int" or kind == "dict-float":
        return dict(zip(parts[0].tolist(), parts[1].tolist(), strict=True))
    if kind == "dict-list":
        keys, lengths, flat = (p.tolist() for p in parts)
        out, at = {}, 0
        for key, n in zip(keys, lengths, strict=True):
            out[key] = flat[at:at + n]
            at += n
        return out
    if kind == "list-int":
        return parts[0].tolist()
    if kind == "list-pair":
        flat = parts[0].tolist()
        return list(zip(flat[::2], flat[1::2], strict=True))
    raise ValueError(f"unknown packed table {kind!r}")
