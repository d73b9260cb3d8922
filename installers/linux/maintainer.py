# SPDX-License-Identifier: MIT
"""The .deb's Maintainer field: who answers for the package on the desks that install it.

DEBFULLNAME and DEBEMAIL (as for dch) name the person or office that builds a release; without
them the first of pyproject.toml's [project] maintainers is used. The repository cannot know the
office that will publish the package, so pyproject.toml carries an address under a reserved
domain (RFC 2606 / RFC 6761: example.org, .invalid, localhost…). A release build refuses such an
address; test builds (``--allow-placeholder``, set by ``.ci/build-installers --quick``) take it and
say so on stderr.

    python3 installers/linux/maintainer.py [--allow-placeholder] [PYPROJECT]
prints "Name <address>" and exits 0, or explains and exits 1.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

# Names reserved for documentation and testing, never a real mailbox.
RESERVED = re.compile(
    r"(^|\.)(example\.(org|com|net)|example|invalid|test|localhost|localdomain|local)$", re.I)
ADDRESS = re.compile(r"^[^@\s<>]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$")


def resolve(env: dict[str, str], pyproject: Path) -> tuple[str, str, str]:
    """(name, address, where it came from)."""
    name, address = env.get("DEBFULLNAME", "").strip(), env.get("DEBEMAIL", "").strip()
    if name and address:
        return name, address, "DEBFULLNAME/DEBEMAIL"
    if name or address:
        raise ValueError("set both DEBFULLNAME and DEBEMAIL, or neither")
    first = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["maintainers"][0]
    return first["name"].strip(), first["email"].strip(), f"{pyproject.name} [project] maintainers"


def problem(name: str, address: str) -> str | None:
    """Why this maintainer cannot go into a released package, or None."""
    match = ADDRESS.match(address)
    if not name or not match:
        return f"'{name} <{address}>' is not a name and a mail address"
    if RESERVED.search(match.group(1)):
        return f"{address} is a placeholder (reserved domain {match.group(1)}), nobody reads it"
    return None


def main(argv: list[str]) -> int:
    allow = "--allow-placeholder" in argv
    rest = [a for a in argv if a != "--allow-placeholder"]
    pyproject = Path(rest[0]) if rest else Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        name, address, source = resolve(dict(os.environ), pyproject)
    except ValueError as exc:
        print(f"maintainer: {exc}", file=sys.stderr)
        return 1
    why = problem(name, address)
    if why and not allow:
        print(f"maintainer: {why} (from {source}). A released .deb names who answers for it: "
              "set DEBFULLNAME and DEBEMAIL to the office that publishes the package, or put it "
              "into [project] maintainers in pyproject.toml.", file=sys.stderr)
        return 1
    if why:
        print(f"maintainer: test build with a placeholder: {why}", file=sys.stderr)
    print(f"{name} <{address}>")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
