# SPDX-License-Identifier: MIT
"""jiedao-desk (街道工作台): offline case management for a Beijing street office."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("jiedao-desk")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
