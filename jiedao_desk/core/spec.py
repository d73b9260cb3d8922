# SPDX-License-Identifier: MIT
"""What a domain declares about itself (``DomainSpec``), read by the app instead of import-time
registries.

Every domain package (``jiedao_desk/domains/<name>/``) exposes one ``SPEC``; the list of all of
them is ``jiedao_desk/registry.py``. The settings page, the home todo list, global search, the
navigation, the command line, the ledgers and the named imports read these specs, so a new
domain is added in one place and nothing depends on which module happened to be imported first.

Pages and CLI modules are named as import paths ("module:Class", "module") so that reading a
spec never imports Qt or a domain's heavier parts; the navigation imports a page when it is
first shown.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.states import StateMachine
from jiedao_desk.core.settings import Setting
from jiedao_desk.store import Store

if TYPE_CHECKING:
    from jiedao_desk.core.demo import DemoContext
    from jiedao_desk.core.imports import ImportSpec
    from jiedao_desk.core.ledgers import Ledger
    from jiedao_desk.core.todo import TodoItem
    from jiedao_desk.core.workdays import DueDates, WorkCalendar

DemoHook = Callable[[Store, Actor, "DemoContext"], int]
TodoProvider = Callable[[Store, Actor, dt.date, "WorkCalendar"], Iterable["TodoItem"]]
Describer = Callable[[Store, Actor, int], "tuple[str, str] | None"]


@dataclass(frozen=True)
class PageSpec:
    """One navigation entry: key, Chinese title, "module:Class" of the page widget, and the
    permission needed to see it ("" = everybody; the core functions check again)."""

    key: str
    title: str
    target: str
    permission: str = ""

    def factory(self) -> Any:
        """Import and return the page class."""
        module, _, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls)


@dataclass(frozen=True)
class SearchSource:
    """Records of one entity in global search: its Chinese label and how a hit reads.

    ``describe(store, actor, id)`` returns (title, snippet), or None to hide the hit (record
    gone, or not visible to this actor). ``reindex(store, id)`` puts one record (back) into
    the index from its row, for records written by another path than the domain's actions
    (a package received from another site).
    """

    entity: str
    label: str
    describe: Describer
    reindex: Callable[[Store, int], None] | None = None


@dataclass(frozen=True)
class Derived:
    """Data a domain keeps derived from its records (stored due dates), kept in step by the
    one path every action passes through: the end of its transaction.

    ``refresh(store)`` runs before every COMMIT of a store the registry attached and brings
    the derived rows up to date with what the transaction wrote; ``behind(store)`` says
    whether they are out of date now (a database just upgraded), so the app can bring them up
    to date once when it opens the database.
    """

    label: str
    refresh: Callable[[Store], None]
    behind: Callable[[Store], bool]


@dataclass(frozen=True)
class DomainSpec:
    """Everything the app needs to know about one domain.

    Attributes:
        key: the domain's key ("enforcement"); also the ``domain`` of its todo items.
        title: Chinese name.
        entities: audit-log entities the domain writes (a change notice names them).
        settings: its declared settings (shown on the settings page, grouped).
        todo: providers of home-page todo items.
        due_dates: dates it stores counted on the working-day calendar, recomputed in the
            same transaction when the calendar changes (core/workdays.py ``DueDates``).
        derived: data kept derived from its records, refreshed before every COMMIT
            (``Derived``; registry.attach installs the hooks on a store).
        search: its entities in global search.
        machines: its state machines (states, labels, transitions and their guards).
        pages: its navigation pages.
        cli: (top-level command, module) for every top-level command the domain adds: the
            module's ``register(subparsers)`` adds it (a module adding several is named once
            per command). The command line imports only the module of the command it runs;
            the command name orders ``--help``.
        commands: who may run each of its commands ("mediation show" → "mediation.view"):
            a permission key, ``permissions.SIGNED_IN`` or ``permissions.NO_SIGN_IN``. The core
            functions enforce it (the CLI does not read this); the role-matrix test runs
            every command of the parser as every role against it, and the README's table of
            commands is checked against it. Where the permission depends on the record named
            (a document, an attachment, a ledger), it is the one of the record the test uses.
        migrations: names of the schema migrations that created its tables.
        document_kinds: keys of the document kinds it issues (resources/documents/*.toml).
        ledgers: its named ledgers (``export ledger NAME``).
        imports: its named Excel imports (``import NAME FILE.xlsx``).
        demo: adds the domain's demo records inside the demo run's transaction and returns
            how many (jiedao_desk/demo.py runs the hooks in the order of the registry).
        record_labels: entity → how another module's list names one of its records (the
            文书档案 list's 对象 column: "（2026）某社区人调字第3号（张三、李四）", not
            "mediation_case #18"). Each is a scalar SQL subquery from the domain's store
            module, with ``{id}`` where the record id goes.
        entity_labels: entity → what kind of record it is, in Chinese (default: the title).
        field_labels: field key → Chinese label, for the audit view's 改前→改后.
        value_labels: stored code → Chinese label (sources, outcomes …) for the same.
        action_labels: audit action → what it did, for actions that are not one of the
            state machines' (whose labels the audit view uses already).
    """

    key: str
    title: str
    entities: tuple[str, ...] = ()
    settings: tuple[Setting, ...] = ()
    todo: tuple[TodoProvider, ...] = ()
    due_dates: tuple[DueDates, ...] = ()
    derived: tuple[Derived, ...] = ()
    search: tuple[SearchSource, ...] = ()
    machines: tuple[StateMachine, ...] = ()
    pages: tuple[PageSpec, ...] = ()
    cli: tuple[tuple[str, str], ...] = ()
    commands: Mapping[str, str] = field(default_factory=dict)
    migrations: tuple[str, ...] = ()
    document_kinds: tuple[str, ...] = ()
    ledgers: tuple[Ledger, ...] = ()
    imports: tuple[ImportSpec, ...] = ()
    demo: DemoHook | None = None
    record_labels: Mapping[str, str] = field(default_factory=dict)
    entity_labels: Mapping[str, str] = field(default_factory=dict)
    field_labels: Mapping[str, str] = field(default_factory=dict)
    value_labels: Mapping[str, str] = field(default_factory=dict)
    action_labels: Mapping[str, str] = field(default_factory=dict)
