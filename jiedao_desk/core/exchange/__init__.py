# SPDX-License-Identifier: MIT
"""Exchange between installations (sites): a street's PC and its communities' PCs pass
signed, encrypted packages by file (USB stick, shared folder, 政务外网 mail), so each
community works on its own PC and the street still sees the work (docs/exchange.md).

This package's foundation — who the sites are and the package container:

- ``keys``: this site's Ed25519 (signing) and X25519 (encryption) key pairs, made on first
  need; private halves in the keys folder, owner-only, wrapped when the database is
  encrypted; the fingerprint read aloud at enrolment.
- ``enrol``: the enrolment file, enrolling and voiding sites (administrators), the list of
  sites with their package bookkeeping.
- ``package``: ``seal_package``/``open_package`` (the signed, encrypted file and every check
  on opening, refusals as ``PackageRefused``) and the numbering: ``next_seq``,
  ``classify``/``record_received`` (duplicates, gaps, acknowledgements), a site restored
  from a backup continuing its sequence.

What a package carries and how it is applied: ``tables`` (what travels and how rows refer
to each other), ``collect`` (the changes since the receiver's acknowledgement), ``apply``
(one transaction, nothing doubled), ``ownership`` (read-only copies, hand-over) and
``changes`` (export and import of packages, tying these to the container).
"""

from __future__ import annotations

from jiedao_desk.core.exchange.enrol import (
    Enrolment,
    Peer,
    ThisSite,
    data_complete_to,
    enrol,
    find_site,
    get_peer,
    list_sites,
    own_enrolment,
    parse_enrolment,
    preview,
    this_site,
    void_site,
    write_enrolment,
)
from jiedao_desk.core.exchange.keys import (
    PublicKeys,
    SiteKeysError,
    ensure_keys,
    fingerprint,
    normalise_fingerprint,
    renew_keys,
)
from jiedao_desk.core.exchange.package import (
    Opened,
    PackageHeader,
    Receipt,
    Sealed,
    classify,
    next_seq,
    open_gaps,
    open_package,
    read_header,
    record_received,
    schema_version,
    seal_package,
)

__all__ = [
    "Enrolment", "Opened", "PackageHeader", "Peer", "PublicKeys", "Receipt", "Sealed",
    "SiteKeysError", "ThisSite", "classify", "data_complete_to", "enrol", "ensure_keys",
    "find_site", "fingerprint", "get_peer",
    "list_sites", "next_seq", "normalise_fingerprint", "open_gaps", "open_package",
    "own_enrolment", "parse_enrolment", "preview", "read_header", "record_received", "renew_keys",
    "schema_version", "seal_package", "this_site", "void_site", "write_enrolment",
]
