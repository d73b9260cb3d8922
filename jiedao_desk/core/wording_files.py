# SPDX-License-Identifier: MIT
"""The wording of printed documents as a reference catalog (``document_wording``): checking
an imported version's text blocks and writing the current wording out as such a file.

The 市城管执法局's 《北京市街道乡镇综合执法文书样式》 is held by the streets but not public
(参考资料 enforcement.md §6 item 1), and the 2010 司法部 mediation formats were seen only in local
copies (mediation-hotline.md §2); the shipped wording (resources/documents/*.toml) is the
app's own sample. A street replaces it block by block by importing a version of this catalog:
one item per text block, ``code`` = ``<kind>/<block>`` (the block's ``name``, else its number
counted from 1), ``text`` = the wording with the same ``{placeholders}``; a ``lines`` block
takes one line per text line. Resolving which version applies is ``core.wording``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jiedao_desk.base.errors import NotFound, RowError, ValidationError
from jiedao_desk.documents.kinds import get_kind, list_kinds
from jiedao_desk.documents.texts import template_fields, text_blocks

KEY = "document_wording"
TITLE = "文书措辞"
def check_items(items: list[tuple[int, dict]],
                where: Callable[[int, str], tuple[int, str]]) -> list[RowError]:
    """Problems of a ``document_wording`` version's items: every ``code`` names a text block
    of an existing document kind (once), every text has balanced braces. Placeholders the
    printed data lacks are reported when a document is issued (MissingFields lists them)."""
    errors: list[RowError] = []
    kinds: dict[str, dict[str, str]] = {}
    seen: dict[str, int] = {}
    for n, (_row, item) in enumerate(items, 1):
        code = str(item.get("code") or "").strip()
        kind_key, _, block = code.partition("/")
        if not kind_key or not block:
            errors.append(RowError(*where(n, "code"), f"编码“{code}”应写成“文书种类/段落”，"
                                   "如 enforcement_penalty_decision/remedy。"))
            continue
        if kind_key not in kinds:
            try:
                kinds[kind_key] = dict(text_blocks(get_kind(kind_key)))
            except (NotFound, ValidationError):
                kinds[kind_key] = {}
        if not kinds[kind_key]:
            errors.append(RowError(*where(n, "code"), f"没有名为“{kind_key}”的文书种类。"))
            continue
        if block not in kinds[kind_key]:
            known = "、".join(kinds[kind_key])
            errors.append(RowError(*where(n, "code"), f"文书“{kind_key}”没有可替换的段落"
                                   f"“{block}”（可用：{known}）。"))
            continue
        if code in seen:
            errors.append(RowError(*where(n, "code"), f"段落 {code} 与第{seen[code]}条重复。"))
        seen[code] = n
        try:
            template_fields(str(item.get("text") or ""))
        except ValidationError as exc:
            errors.append(RowError(*where(n, "text"), exc.message))
    return errors


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_current(path: str | Path, *, label: str = "", kinds: list[str] | None = None,
                  version: dict[str, Any] | None = None) -> Path:
    """Write the wording now shipped (resources/documents) as a ``document_wording`` version
    file: the starting point an administrator edits into the official wording and imports.

    Args:
        label: the version label (default: "official-<today>", to be edited).
        kinds: only these document kinds (default: all).
        version: overrides of the version fields (issuer, doc_number, confidence, notes …).
    """
    fields = {"label": label or f"official-{dt.date.today():%Y%m%d}", "issuer": "",
              "doc_number": "", "effective_from": "", "effective_to": "", "source_urls": [],
              "confidence": "unknown",
              "notes": "请按本街道持有的正式文书样式修改下列各段文字后导入；未修改的段落可以删除"
                       "（删除的段落继续使用软件自带措辞）。{占位符}须保留原样。"}
    fields.update(version or {})
    out = [f"# {TITLE}：每条为一种文书的一段固定文字（编码 = 文书种类/段落）。", "",
           "[catalog]", f'key = "{KEY}"', f'title = "{TITLE}"', "", "[version]"]
    for key, value in fields.items():
        out.append(f"{key} = " + ("[" + ", ".join(_toml_str(u) for u in value) + "]"
                                  if isinstance(value, list) else _toml_str(str(value))))
    seq = 0
    for kind in list_kinds():
        if kinds is not None and kind.key not in kinds:
            continue
        for key, text in text_blocks(kind):
            seq += 1
            out += ["", "[[items]]", f"seq = {seq}", f'code = "{kind.key}/{key}"',
                    f"text = {_toml_str(text)}", f"category = {_toml_str(kind.key)}",
                    f"notes = {_toml_str(kind.title)}"]
    path = Path(path)
    text = "\n".join(out) + "\n"
    tomllib.loads(text)  # what is written always reads back
    path.write_text(text, encoding="utf-8")
    return path
