# SPDX-License-Identifier: MIT
"""jiedao-desk (街道工作台): offline case management for a Beijing street office."""

from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    """The installed version. Read on first use: ``importlib.metadata`` brings the email and
    zip parsers with it (~0.1–0.3 s), which neither the first window nor a command needs."""
    from importlib import metadata

    try:
        return metadata.version("jiedao-desk")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
