# SPDX-License-Identifier: MIT
"""A package face whose names load on first use (PEP 562).

A domain's ``__init__`` names every function and type other code may use; importing them
all up front made any use of one domain (a search hit, the password check's sign-in)
import every module of it and the libraries behind them. With ``exports`` the package
answers each name by importing the one module that holds it, the first time it is asked.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, names: Mapping[str, str]) -> tuple[Callable[[str], Any],
                                                              Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``names`` maps each public name to
    ``"module:attribute"`` (``"module"`` alone: the module itself), modules relative to the
    package. Any other submodule of the package is imported when asked for by name, as the
    eager face had them all imported."""

    def __getattr__(name: str) -> Any:
        target = names.get(name)
        if target is None:
            if name.startswith("__"):  # copy, pickle and inspect probe for these
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as e:
                if e.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        module, _, attribute = target.partition(":")
        value: Any = importlib.import_module(f"{package}.{module}")
        if attribute:
            value = getattr(value, attribute)
        setattr(sys.modules[package], name, value)  # from now on a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__
