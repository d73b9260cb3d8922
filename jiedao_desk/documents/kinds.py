# SPDX-License-Identifier: MIT
"""The catalogue of document kinds: every resources/documents/*.toml file is one kind.

Domains add a kind by adding a TOML file; a street may override a shipped kind's wording by
putting a file with the same name in ``<user data dir>/documents/`` (the installed resources
folder is usually read-only on Windows).
"""

from __future__ import annotations

from pathlib import Path

from jiedao_desk import paths
from jiedao_desk.base.errors import NotFound
from jiedao_desk.documents.texts import KindInfo, load_kind

__all__ = ["KindInfo", "get_kind", "kind_dirs", "list_kinds"]


def kind_dirs() -> list[Path]:
    """Folders searched for kinds, later ones overriding earlier ones."""
    return [paths.resources_dir() / "documents", paths.user_data_dir() / "documents"]


def _files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in kind_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def list_kinds() -> list[KindInfo]:
    """Every document kind, sorted by key (files are re-read, so edits apply at once)."""
    return [load_kind(p) for _, p in sorted(_files().items())]


def get_kind(key: str) -> KindInfo:
    """One document kind by key.

    Raises:
        NotFound: no TOML file for ``key``.
    """
    path = _files().get(key)
    if path is None:
        raise NotFound(f"没有名为“{key}”的文书种类（resources/documents/{key}.toml）。")
    return load_kind(path)
