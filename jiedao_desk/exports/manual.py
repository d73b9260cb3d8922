# SPDX-License-Identifier: MIT
"""Render the user manual (docs/manual/*.md) to HTML files, one per section.

Each Markdown file is one section and starts with ``# 标题 {#key}``, the key being the page key
of the app (``home``, ``residents`` …) or ``start`` / ``faq``. Output: ``<key>.html`` per
section (the heading carries ``id="key"``) plus ``index.html`` with the table of contents. One
file per section lets F1 open the right section even where the browser drops the ``#key``
fragment of a local file (Windows does, when a file URL is handed to the default browser).

The ``markdown`` package is used when installed (with ``attr_list`` and ``tables``); otherwise a
small converter covers what the manual uses: headings with ``{#id}``, paragraphs, bullet and
numbered lists, pipe tables, ``**bold**``, ``code`` and links. Run at build time by setup.py
and the PyInstaller spec, and at run time for a source checkout
(``python -m jiedao_desk.exports.manual OUT_DIR``).
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

TITLE = "街道工作台使用手册"
_HEAD = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$")
_STYLE = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
       sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.7;
       color: #222; }
h1 { border-bottom: 2px solid #3a6ea5; padding-bottom: .3em; }
h2 { margin-top: 1.6em; color: #3a6ea5; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: .3em .7em; text-align: left; vertical-align: top; }
th { background: #dde7f3; }
code { background: #f2f2f2; padding: 0 .2em; }
nav { font-size: .95em; margin-bottom: 1.5em; }
nav a { margin-right: .8em; white-space: nowrap; }
"""


@dataclass(frozen=True)
class Section:
    """One section of the manual: its key (the anchor), title and Markdown text."""

    key: str
    title: str
    text: str


def read_sections(source: Path) -> list[Section]:
    """The sections in file-name order (README.md, which describes the folder, is skipped).

    Raises:
        ValueError: a file does not start with ``# 标题 {#key}``, or a key is used twice.
    """
    out: list[Section] = []
    for path in sorted(source.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        text = path.read_text(encoding="utf-8")
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        m = _HEAD.match(first)
        if not m or len(m[1]) != 1 or not m[3]:
            raise ValueError(f"{path.name}: the first line must be “# 标题 {{#key}}”")
        if any(s.key == m[3] for s in out):
            raise ValueError(f"{path.name}: section key {m[3]} is used twice")
        out.append(Section(m[3], m[2], text))
    return out


def to_html(text: str) -> str:
    """Markdown → HTML body (the ``markdown`` package when installed)."""
    try:
        import markdown  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return convert(text)
    return markdown.markdown(text, extensions=["attr_list", "tables"])


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)",
                  lambda m: f'<a href="{html.escape(m[2])}">{m[1]}</a>', out)


def _join(lines: list[str]) -> str:
    """Join wrapped source lines: no space between two Chinese characters."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if out and not (ord(out[-1]) > 0x2E7F and ord(line[0]) > 0x2E7F):
            out += " "
        out += line
    return out


def _table(rows: list[str]) -> str:
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    head, body = cells[0], [r for r in cells[1:] if not all(set(c) <= set("-: ") for c in r)]
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head)
           + "</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in body]
    return "\n".join([*out, "</tbody>", "</table>"])


def convert(text: str) -> str:
    """The small converter used when the ``markdown`` package is not installed."""
    blocks: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _HEAD.match(line)
        if m:
            level, ident = len(m[1]), f' id="{m[3]}"' if m[3] else ""
            blocks.append(f"<h{level}{ident}>{_inline(m[2])}</h{level}>")
            i += 1
            continue
        kind = "table" if line.lstrip().startswith("|") else \
            "ul" if re.match(r"\s*[-*] ", line) else "ol" if re.match(r"\s*\d+\. ", line) else "p"
        chunk = [line]
        i += 1
        while i < len(lines) and lines[i].strip() and not _HEAD.match(lines[i]):
            nxt = lines[i]
            starts_item = re.match(r"\s*([-*]|\d+\.) ", nxt)
            if kind == "p" and (starts_item or nxt.lstrip().startswith("|")):
                break
            if kind == "table" and not nxt.lstrip().startswith("|"):
                break
            chunk.append(nxt)
            i += 1
        if kind == "table":
            blocks.append(_table(chunk))
        elif kind == "p":
            blocks.append(f"<p>{_inline(_join(chunk))}</p>")
        else:
            items: list[list[str]] = []
            for c in chunk:
                if re.match(r"\s*([-*]|\d+\.) ", c):
                    items.append([re.sub(r"^\s*([-*]|\d+\.) ", "", c)])
                else:  # a continuation line of the item above
                    items[-1].append(c)
            blocks.append(f"<{kind}>" + "".join(f"<li>{_inline(_join(t))}</li>" for t in items)
                          + f"</{kind}>")
    return "\n".join(blocks)


def _page(title: str, nav: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"<nav>{nav}</nav>\n{body}\n</body>\n</html>\n")


def render(source: Path, target: Path) -> list[Section]:
    """Write ``index.html`` and one ``<key>.html`` per section of ``source`` into ``target``."""
    sections = read_sections(source)
    target.mkdir(parents=True, exist_ok=True)
    nav = '<a href="index.html">目录</a>' + "".join(
        f'<a href="{s.key}.html#{s.key}">{html.escape(s.title)}</a>' for s in sections)
    for s in sections:
        (target / f"{s.key}.html").write_text(
            _page(f"{s.title} - {TITLE}", nav, to_html(s.text)), encoding="utf-8")
    toc = "".join(f'<li><a href="{s.key}.html#{s.key}">{html.escape(s.title)}</a></li>'
                  for s in sections)
    (target / "index.html").write_text(
        _page(TITLE, nav, f'<h1 id="index">{TITLE}</h1>\n<ol>{toc}</ol>'), encoding="utf-8")
    return sections


def main(argv: list[str] | None = None) -> int:
    """``python -m jiedao_desk.exports.manual [OUT_DIR [SOURCE_DIR]]``."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[2]
    target = Path(args[0]) if args else root / "build" / "manual"
    source = Path(args[1]) if len(args) > 1 else root / "docs" / "manual"
    sections = render(source, target)
    print(f"{len(sections)} sections → {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
