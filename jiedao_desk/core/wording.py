# SPDX-License-Identifier: MIT
"""Which wording a document prints: the shipped sample, or the official text a street
imported as a version of the ``document_wording`` catalog (core/wording_files.py).

The version in force today decides, as for every catalog. A version shipped with the app
(origin ``builtin:``) is the sample itself, listed on the 参考目录 page for its provenance: it
never overrides the templates, so a template corrected in a later release is never masked by
the copy an older release loaded. An imported version replaces the blocks it lists; the
others keep the shipped wording. An issued document keeps the bytes it was printed with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jiedao_desk.base.errors import NotFound
from jiedao_desk.core import catalog
from jiedao_desk.core.wording_files import KEY
from jiedao_desk.store import Store


@dataclass(frozen=True)
class Wording:
    """The blocks of one kind an imported version replaces, and where they come from."""

    blocks: dict[str, str] = field(default_factory=dict)
    source: str = ""  # e.g. "文书措辞 official-2026（原文）", "" = the shipped sample


def for_kind(store: Store, kind: str) -> Wording:
    """The imported wording in force today for document ``kind`` (empty: the shipped one)."""
    try:
        version = catalog.current_version(store, KEY)
    except NotFound:  # the catalog was never loaded: the shipped wording
        return Wording()
    if version is None or version.id is None or version.origin.startswith("builtin:"):
        return Wording()
    prefix = f"{kind}/"
    blocks = {i.code.removeprefix(prefix): i.text
              for i in catalog.items(store, version.id) if i.code.startswith(prefix)}
    if not blocks:
        return Wording()
    return Wording(blocks, f"{version.title} {version.label}（{version.confidence_label}）")
