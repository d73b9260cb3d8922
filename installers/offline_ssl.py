# SPDX-License-Identifier: MIT
"""PyInstaller runtime hook: ``import ssl`` succeeds in the bundle, which carries no TLS.

The app is offline, so the bundle leaves out Python's ssl/_ssl (4.8 MB of OpenSSL). One library
imports ssl at the top of a module the app uses: python-stdnum's util.py, for its online
registry checks, which the app never calls. Here ``ssl`` is an empty module found only after
every real one; any name taken from it is missing (AttributeError, ImportError for
``from ssl import ...``), so a use fails with a message instead of a crash at start.
"""

import sys


class _NoTLS:
    """A meta path finder and loader for the one name ``ssl``."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "ssl":
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, _NoTLS)

    @staticmethod
    def create_module(spec):
        return None

    @staticmethod
    def exec_module(module):
        def missing(attr):
            raise AttributeError(f"ssl.{attr}: 本程序离线运行，未包含 TLS（ssl 模块）")

        module.__getattr__ = missing


sys.meta_path.append(_NoTLS)
