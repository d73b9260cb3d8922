# SPDX-License-Identifier: MIT
"""Parsed fonts kept in the user's cache folder: written once, read back, never trusted blindly."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from jiedao_desk import paths
from jiedao_desk.core import printing
from jiedao_desk.documents import font_cache, fonts, render


@pytest.fixture
def fresh_fonts(monkeypatch):
    """This process forgets the fonts it resolved (as a new process would start)."""
    monkeypatch.setattr(fonts, "_loaded", {})
    monkeypatch.setattr(fonts, "_load_notes", {})
    monkeypatch.setattr(fonts, "_cache", {})


@pytest.fixture
def font_file() -> tuple[Path, int]:
    choice = fonts.font_set().roles["body"]
    return Path(choice.path), choice.index


def _no_parsing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a font was parsed although its parse was kept")

    monkeypatch.setattr(ttfonts.TTFontFace, "__init__", refuse)


def test_a_parsed_font_is_kept_in_the_cache_folder_and_read_back(fresh_fonts, monkeypatch):
    first = render.render("generic_notice", render.sample_notice_data())
    kept = sorted((paths.user_cache_dir() / "fonts").glob("*.pickle"))
    assert kept, "no parsed font was written"
    monkeypatch.setattr(fonts, "_loaded", {})
    monkeypatch.setattr(fonts, "_cache", {})
    _no_parsing(monkeypatch)
    again = render.render("generic_notice", render.sample_notice_data())
    # the same fonts under the same names: the document is byte for byte the same
    assert again.pdf == first.pdf
    assert sorted((paths.user_cache_dir() / "fonts").glob("*.pickle")) == kept


def test_read_back_font_has_the_parsed_tables(font_file):
    path, index = font_file
    parsed = ttfonts.TTFont("JD-test-parsed", str(path), subfontIndex=index)
    font_cache.load("JD-test-kept", path, index)  # parses and keeps, or reads back
    kept = font_cache.load("JD-test-kept", path, index)
    assert kept.fontName == "JD-test-kept"
    for table in ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos",
                  "ascent", "descent", "bbox", "unitsPerEm", "familyName", "name"):
        assert getattr(kept.face, table) == getattr(parsed.face, table), table
    assert kept.face._pdfScale(512) == parsed.face._pdfScale(512)
    assert bytes(kept.face._ttf_data[:4096]) == parsed.face._ttf_data[:4096]
    assert len(kept.face._ttf_data) == len(parsed.face._ttf_data)


def test_a_damaged_cache_entry_is_parsed_again_and_rewritten(font_file):
    path, index = font_file
    font_cache.load("JD-test-a", path, index)
    where = font_cache.cache_file(path, index)
    assert where is not None and where.is_file()
    where.write_bytes(b"not a pickle")
    font = font_cache.load("JD-test-a", path, index)
    assert font.face.charToGlyph
    assert font_cache.load("JD-test-a", path, index).face.charToGlyph == font.face.charToGlyph
    assert where.read_bytes() != b"not a pickle"


def test_a_cache_entry_naming_other_code_is_refused(font_file, monkeypatch):
    path, index = font_file
    where = font_cache.cache_file(path, index)
    assert where is not None
    where.parent.mkdir(parents=True, exist_ok=True)

    class Boom:
        def __reduce__(self):
            return (sys.exit, ("code from a cache file ran",))

    where.write_bytes(pickle.dumps(({"x": Boom()}, {})))
    font = font_cache.load("JD-test-b", path, index)  # parsed again, the payload never runs
    assert font.face.charToGlyph


def test_a_changed_font_file_gets_another_entry(tmp_path, font_file):
    path, index = font_file
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    before = font_cache.cache_file(copy, index)
    copy.write_bytes(path.read_bytes() + b"\0\0\0\0")
    assert font_cache.cache_file(copy, index) != before
    assert font_cache.cache_file(tmp_path / "missing.ttf", 0) is None


def test_warm_up_resolves_the_fonts_in_the_background(fresh_fonts, store):
    printing.warm_up(store).join(timeout=120)
    assert fonts._cache, "the warm-up resolved no font set"
    assert "reportlab.platypus" in sys.modules
