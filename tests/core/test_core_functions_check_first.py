# SPDX-License-Identifier: MIT
"""Every public core function that takes an actor refuses one who holds no permission, before
it reads the input or says whether a record exists — so a page, a command or a future entry
point that forgets to ask cannot get past it. Functions open to every signed-in user are
listed here with the reason; a new function must either refuse or be listed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest

import jiedao_desk.core
from jiedao_desk import registry
from jiedao_desk.base.actor import SYSTEM, Actor
from jiedao_desk.base.errors import PermissionDenied
from jiedao_desk.domains import residents

NOBODY = Actor(99, "无权限者", "no_role")  # holds no permission at all

DOMAIN_FACES = ["org", "residents", "access", "certificates", "forms", "mediation",
                "enforcement", "hotline", "monthly"]

# Open to every signed-in user, with why (their output is limited to what the user may read).
OPEN = {
    "core.documents.documents_for": "lists only documents of records the user may read",
    "core.documents.list_source": "lists only documents of records the user may read",
    "core.documents.hidden_entity_prefixes": "says which records the user may not read",
    "core.documents.reprint": "the document's record decides (tests/core/test_record_"
                              "permissions.py); a missing number tells nothing personal",
    "core.attachments.open_attachment": "the file's record decides, as for documents",
    "core.attachments.read_attachment": "the file's record decides, as for documents",
    "core.dossier.assemble": "each item's record decides, as for documents",
    "core.search.search": "hits only from records the user may read",
    "core.todo.collect": "each provider lists only the user's own work",
    "core.todo.holiday_calendar_missing": "a calendar notice, no record",
    "core.auth.change_password": "one's own password",
    "core.auth.must_change_password": "one's own account",
    "core.auth.record_refusal": "audits a refusal",
    "core.records.may_see": "answers whether the user may read a record's files",
    "core.disclosure.record": "audits an output its caller has checked",
    "core.audit.explain_clock": "audits the reason for the actor's own refused action",
    "domains.hotline.tickets_line": "empty when the user may see neither tickets nor case",
    "core.encryption.record_unlock_failures": "audits failed unlocks at the next sign-in",
    # Pages ask these to grey out a step, so they answer in words instead of raising; the
    # permission is still checked first (test_check_action_answers_no_permission_first).
    "domains.mediation.check_action": "says in words why the step is refused, permission first",
    "domains.hotline.check_action": "says in words why the step is refused, permission first",
}

# Arguments a function cannot be called without (everything else gets a plain sample value).
SAMPLES = {
    "core.ledgers.export": {"ledger": lambda store: registry.ledger("residents")},
    "core.imports.run_import": {"spec": lambda store: registry.import_spec("residents")},
    "core.ledgers.export_source": {"source": lambda store: residents.list_source(store, SYSTEM)},
    "domains.hotline.tickets_for": {"domain": lambda store: "mediation"},
}


def _functions():
    names = [f"jiedao_desk.core.{m.name}" for m in pkgutil.iter_modules(jiedao_desk.core.__path__)]
    names += [f"jiedao_desk.domains.{d}" for d in DOMAIN_FACES]
    seen = set()
    for module_name in names:
        module = importlib.import_module(module_name)
        # dir(): a domain face names its functions before they are loaded (base/lazy.py)
        for name in dir(module):
            fn = getattr(module, name)
            if name.startswith("_") or not inspect.isfunction(fn) or fn in seen:
                continue
            if fn.__module__ == "jiedao_desk.core.permissions":
                continue  # the primitives themselves (can, require, …)
            if module_name.startswith("jiedao_desk.core.") and fn.__module__ != module_name:
                continue  # a core module's import of another's function: tested at home
            if "actor" not in inspect.signature(fn).parameters:
                continue
            seen.add(fn)
            yield module_name.removeprefix("jiedao_desk."), name, fn


FUNCTIONS = list(_functions())


def _sample(key: str, param: inspect.Parameter, store, tmp_path):
    if param.name in SAMPLES.get(key, {}):
        return SAMPLES[key][param.name](store)
    if param.name == "actor":
        return NOBODY
    if param.name == "store":
        return store
    if param.default is not inspect.Parameter.empty:
        return param.default
    text = str(param.annotation)
    for mark, value in (("int", 1), ("date", dt.date(2026, 11, 2)), ("bool", False),
                        ("float", 1.0), ("dict", {}), ("Mapping", {}), ("list", []),
                        ("Sequence", []), ("Iterable", []), ("tuple", ())):
        if mark in text:
            return value
    if "Path" in text:
        f = tmp_path / "sample.txt"
        f.write_text("样例", encoding="utf-8")
        return f
    return "样例"


@pytest.mark.parametrize(("key", "fn"), [(f"{m}.{n}", f) for m, n, f in FUNCTIONS],
                         ids=[f"{m}.{n}" for m, n, _ in FUNCTIONS])
def test_refuses_an_actor_without_permission_first(key, fn, store, tmp_path):
    params = inspect.signature(fn).parameters.values()
    kwargs = {p.name: _sample(key, p, store, tmp_path) for p in params
              if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    if key in OPEN:
        try:
            fn(**kwargs)
        except PermissionDenied:
            pytest.fail(f"{key} is declared open ({OPEN[key]}) but refused")
        except Exception:  # noqa: BLE001 - open functions may still reject the sample input
            pass
        return
    with pytest.raises(PermissionDenied):
        fn(**kwargs)


def test_open_list_names_only_real_functions():
    keys = {f"{m}.{n}" for m, n, _ in FUNCTIONS}
    assert set(OPEN) <= keys


@pytest.mark.parametrize("key", ["domains.mediation.check_action", "domains.hotline.check_action"])
def test_check_action_answers_no_permission_first(key, store):
    """Asked about a record that does not exist, a user without the permission hears that
    they lack it — not whether the record is there."""
    module, name = key.rsplit(".", 1)
    fn = getattr(importlib.import_module(f"jiedao_desk.{module}"), name)
    answer = fn(store, NOBODY, 999_999, "void")
    assert answer is not None and "没有此项权限" in answer
