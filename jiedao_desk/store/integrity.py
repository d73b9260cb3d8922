# SPDX-License-Identifier: MIT
"""Stored bytes against their recorded hashes: document PDFs and attachment files."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from jiedao_desk.store import Store
from jiedao_desk.store.attachments import blob_path, read_plain


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks (attachments can be large photos)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def bad_documents(store: Store) -> Iterator[tuple[int, str]]:
    """(id, number) of issued documents whose stored PDF does not match its recorded hash."""
    for doc_id, number, pdf, sha in store.execute(
            "SELECT id, doc_number, pdf, pdf_sha256 FROM document"):
        if hashlib.sha256(pdf or b"").hexdigest() != sha:
            yield doc_id, number or ""


def bad_attachments(store: Store) -> Iterator[tuple[int, str, str]]:
    """(id, filename, what is wrong) of attachments whose file is missing or altered."""
    if store.path is None:
        return
    for att_id, sha, filename in store.execute(
            "SELECT id, sha256, filename FROM attachment ORDER BY id"):
        path = blob_path(store, sha)
        if not path.is_file():
            yield att_id, filename, "文件不见了"
        elif store.key is not None:
            data = read_plain(store, sha)
            if data is None or hashlib.sha256(data).hexdigest() != sha:
                yield att_id, filename, "文件内容被改动"
        elif file_sha256(path) != sha:
            yield att_id, filename, "文件内容被改动"
