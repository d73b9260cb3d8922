# SPDX-License-Identifier: MIT
"""A package face whose names load on first use (PEP 562).

A domain's ``__init__`` names every function and type other code may use; importing them
all up front made any use of one domain (a search hit, the password check's sign-in)
import every module of it and the libraries behind them. With ``exports`` the package
answers each name by importing the one module that holds it, the first time it is asked.

The face lists its names once, as imports under ``if TYPE_CHECKING:`` — that is how mypy
and readers see where each name comes from — and ``exports`` reads that same list back from
the face's compiled code, so ``__all__`` and the lazy table cannot drift from it.
"""

from __future__ import annotations

import dis
import importlib
import sys
from collections.abc import Callable, Mapping
from types import CodeType
from typing import Any


def exports(package: str) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for the face ``package`` that is being imported:
    its public names are those its code imports from its own modules (under
    ``if TYPE_CHECKING:``, so nothing is imported here). Any other submodule of the package
    is imported when asked for by name, as the eager face had them all imported."""
    spec = sys.modules[package].__spec__
    loader: Any = spec.loader if spec is not None else None
    code = loader.get_code(package) if hasattr(loader, "get_code") else None
    if code is None:  # every importer of a .py or .pyc (and PyInstaller's) gives its code
        raise ImportError(f"{package}: its loader gives no code to read the names from")
    names = imported_names(package, code)
    getattr_, dir_ = _loader(package, names)
    return getattr_, dir_, list(names)


def imported_names(package: str, code: CodeType) -> dict[str, str]:
    """Each name ``code`` binds by ``from <package>[.<module>] import <attribute> [as
    <name>]`` → ``"module:attribute"`` (``"attribute"`` alone: a submodule imported from the
    package itself), modules relative to ``package``; imports from elsewhere are left out."""
    names: dict[str, str] = {}
    module = attribute = None
    for op in dis.get_instructions(code):
        if op.opname == "IMPORT_NAME":
            module, attribute = op.argval, None
        elif op.opname == "IMPORT_FROM":
            attribute = op.argval
        elif op.opname == "STORE_NAME" and attribute is not None and module is not None:
            if module == package:
                names[op.argval] = attribute
            elif module.startswith(package + "."):
                names[op.argval] = f"{module.removeprefix(package + '.')}:{attribute}"
            attribute = None
    return names


def _loader(package: str, names: Mapping[str, str]) -> tuple[Callable[[str], Any],
                                                              Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` answering ``names`` (as ``imported_names`` gives them)."""

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
