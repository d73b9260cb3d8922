# SPDX-License-Identifier: MIT
"""Font resolution and per-glyph fallback (real fonts of this machine, no mocks of reportlab)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from jiedao_desk import registry
from jiedao_desk.core import printing, settings
from jiedao_desk.documents import fonts
from jiedao_desk.documents.render import render_kind
from jiedao_desk.documents.texts import parse_kind

RARE = "喆堃镕䶮"
PARAGRAPH_KIND = """
[document]
title = "测试"
page_numbers = "none"
[[blocks]]
type = "paragraph"
text = "{text}"
"""


def _all_fonts() -> list[fonts.FontChoice]:
    fs = fonts.font_set()
    seen, out = set(), []
    for c in [*fs.roles.values(), *fs.fallbacks]:
        if c.name not in seen:
            seen.add(c.name)
            out.append(c)
    return out


def test_every_role_resolves_to_a_loadable_truetype_file():
    resolved = printing.resolved_fonts()
    assert set(resolved) == set(fonts.ROLES)
    for choice in resolved.values():
        assert Path(choice.path).is_file()
        assert choice.source in fonts.SOURCE_LABELS
        assert choice.name.startswith("JD-")
        assert "STSong" not in choice.name


def test_font_settings_are_declared_with_empty_default():
    for role in fonts.ROLES:
        decl = registry.setting(f"documents.font.{role}")
        assert decl.default == "" and decl.note


def test_configured_font_is_used_and_bad_files_are_skipped_with_a_note(tmp_path):
    target = fonts.font_set().roles["signature"]
    configured = target.path + (f"#{target.index}" if target.index else "")
    fs = fonts.load_fonts({"body": configured, "table": str(tmp_path / "nope.ttf")})
    assert fs.roles["body"].path == target.path and fs.roles["body"].source == "configured"
    assert fs.roles["table"].source != "configured"
    assert any("nope.ttf" in n for n in fs.notes)


def test_a_latin_only_font_is_refused_as_body_font():
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVuSans not installed")
    fs = fonts.load_fonts({"body": str(dejavu)})
    assert fs.roles["body"].source != "configured"
    assert any("不是中文字体" in n for n in fs.notes)


def test_configured_font_comes_from_the_store_settings(store, actor):
    target = fonts.font_set().roles["signature"]
    settings.set_value(store, actor, registry.setting("documents.font.title"), target.path)
    assert printing.resolved_fonts(store)["title"].path == target.path


def test_no_chinese_font_at_all_gives_a_clear_error(monkeypatch):
    monkeypatch.setattr(fonts, "_candidates", lambda role, configured: [])
    monkeypatch.setattr(fonts, "_cache", {})
    with pytest.raises(fonts.FontsUnavailable, match="中文 TrueType 字体"):
        fonts.load_fonts()


def test_runs_use_the_next_font_that_has_the_glyph(monkeypatch):
    """Synthetic coverage: the body font 'lacks' 堃, so 堃 must go to the next font."""
    fs = fonts.font_set()
    body = fs.name("body")
    other = next(c.name for c in _all_fonts() if c.name != body) if len(_all_fonts()) > 1 else None
    if other is None:
        pytest.skip("only one Chinese font on this machine")
    real = fonts._has_glyph
    monkeypatch.setattr(fonts, "_has_glyph",
                        lambda name, ch: False if (name == body and ch == "堃") else real(name, ch))
    runs = fs.runs("王堃同志", "body")
    assert [t for _, t in runs] == ["王", "堃", "同志"]
    assert runs[1][0] != body and runs[0][0] == runs[2][0] == body
    markup = fs.markup("王堃<b>", "body")
    assert f'<font name="{runs[1][0]}">堃</font>' in markup and "&lt;b&gt;" in markup


def _font_lacking_a_rare_char():
    """A real (font, char, other font) triple: a font without a glyph another font has."""
    choices = _all_fonts()
    for lacking in choices:
        for ch in RARE:
            if not fonts._has_glyph(lacking.name, ch):
                having = [c for c in choices if fonts._has_glyph(c.name, ch)]
                if having:
                    return lacking, ch, having[0]
    return None


def test_real_fallback_prints_a_character_the_body_font_lacks():
    found = _font_lacking_a_rare_char()
    if found is None:
        pytest.skip("every installed Chinese font has all test characters")
    lacking, ch, _ = found
    fs = fonts.load_fonts({"body": lacking.path + f"#{lacking.index}"})
    assert fs.roles["body"].name == lacking.name
    runs = fs.runs(f"当事人刘{ch}先生", "body")
    fallback_font = next(font for font, text in runs if ch in text)
    assert fallback_font != lacking.name

    kind = parse_kind(PARAGRAPH_KIND, "t")
    pdf = render_kind(kind, {"text": f"当事人刘{ch}先生"}, fonts=fs).pdf
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert f"刘{ch}先生" in reader.pages[0].extract_text().replace("\n", "")
    base_fonts = {str(f.get_object()["/BaseFont"])
                  for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert len(base_fonts) >= 2  # the body font and the fallback font are both embedded


@pytest.mark.skipif(not shutil.which("fc-match"), reason="no fontconfig")
def test_fc_match_substitutes_are_not_taken_for_the_family_asked_for():
    # fc-match answers every query; a made-up family must not count as found.
    assert fonts._fc_match("NoSuchFamily Jiedao") is None
    out = subprocess.run(["fc-match", "-f", "%{family}", "serif:lang=zh-cn"],
                         capture_output=True, text=True, check=False).stdout
    assert out  # sanity: fontconfig works here


def test_a_character_mapped_to_an_empty_outline_counts_as_missing():
    """AR PL UKai CN maps 䶮 to an empty glyph: printed, it would be blank."""
    from reportlab.pdfbase import pdfmetrics

    for choice in _all_fonts():
        face = pdfmetrics.getFont(choice.name).face
        for ch in RARE:
            g = face.charToGlyph.get(ord(ch))
            if g and face.glyphPos[g + 1] == face.glyphPos[g]:
                assert not fonts._has_glyph(choice.name, ch)
                fs = fonts.load_fonts({"signature": f"{choice.path}#{choice.index}"})
                runs = fs.runs(f"刘{ch}", "signature")
                assert runs[-1][0] != choice.name and fonts._has_glyph(runs[-1][0], ch)
                return
    pytest.skip("no installed font maps a test character to an empty outline")
