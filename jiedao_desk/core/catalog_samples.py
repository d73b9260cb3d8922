# SPDX-License-Identifier: MIT
"""Training samples (示例清单) of the lists whose official text is not public.

The duty list, the certificate 目录 and the approved forms ship empty (their annexes are not
public, and law is never invented), so a new user could not try triage or issue a certificate.
resources/catalogs/samples/ holds clearly labelled training versions of them: every title and
item starts with 【示例】, the files say they are not official, and they are stored with origin
``sample:<file>`` and confidence ``unknown``. Loading them is an administrator's action (or
the demo's); removing them voids them (never deletes: records may cite their items). A sample
is in force only while the official version has no items (``core.catalog._pick_current``).
"""

from __future__ import annotations

from dataclasses import replace

from jiedao_desk.base.actor import Actor
from jiedao_desk.core import auth, catalog
from jiedao_desk.core.catalog import SAMPLE_ORIGIN, CatalogVersion, is_sample, parse_toml
from jiedao_desk.store import Store
from jiedao_desk.store import catalog as catalog_store

REMOVE_REASON = "示例清单已移除（培训用，不是正式清单）"


def samples_dir():
    """The folder of shipped sample versions."""
    return catalog.builtin_dir() / "samples"


def _free_label(store: Store, key: str, label: str) -> str:
    # A removed (voided) sample keeps its label, so loading again takes the next free one.
    n, candidate = 1, label
    while catalog_store.find_version(store, key, candidate) is not None:
        n += 1
        candidate = f"{label}-{n}"
    return candidate


def live_samples(store: Store) -> list[CatalogVersion]:
    """Sample versions not voided, every catalog."""
    return [v for c in catalog.list_catalogs(store) for v in c.versions
            if is_sample(v) and v.voided_at is None]


def load_samples(store: Store, actor: Actor) -> list[CatalogVersion]:
    """Load the sample of every list that has no live sample yet, in one audited transaction.

    Returns:
        The versions newly loaded (empty when every sample is already loaded).

    Raises:
        PermissionDenied: administrators only.
    """
    auth.require(actor, "catalog.manage")
    files = [parse_toml(p.read_bytes(), p.name) for p in sorted(samples_dir().glob("*.toml"))]
    loaded = []
    with store.atomic():
        have = {v.catalog for v in live_samples(store)}
        for parsed in files:
            v = parsed.version
            if v.catalog in have:
                continue
            label = _free_label(store, v.catalog, v.label)
            parsed = replace(parsed, version=replace(v, label=label))
            res = catalog.store_parsed(store, actor, parsed, SAMPLE_ORIGIN + parsed.source_name,
                                       "catalog.load_samples")
            loaded.append(res.version)
    return loaded


def remove_samples(store: Store, actor: Actor) -> list[CatalogVersion]:
    """Void every live sample version (each with its audit row), in one transaction.

    Returns:
        The versions voided (empty when none was loaded).

    Raises:
        PermissionDenied: administrators only.
    """
    auth.require(actor, "catalog.manage")
    with store.atomic():
        return [catalog.void_version(store, actor, v.id, REMOVE_REASON)
                for v in live_samples(store) if v.id is not None]
