# SPDX-License-Identifier: MIT
"""The domains the app is made of, in one list, and what the app reads from their specs.

This module sits above every domain and below the shell (``ui/app.py``, ``cli.py``): the
settings page, the home todo list, global search, the navigation, the command line, the named
ledgers and imports all ask here, so nothing depends on which module happened to be imported
first. A new domain adds its ``SPEC`` to ``DOMAINS``.
"""

from __future__ import annotations

import functools
import importlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jiedao_desk.base.errors import NotFound
from jiedao_desk.core.spec import PageSpec, SearchSource

if TYPE_CHECKING:
    from jiedao_desk.base.actor import Actor
    from jiedao_desk.core import audit, todo
    from jiedao_desk.core.imports import ImportSpec
    from jiedao_desk.core.ledgers import Ledger
    from jiedao_desk.core.settings import Setting
    from jiedao_desk.core.spec import Derived, DomainSpec
    from jiedao_desk.core.workdays import DueDates
    from jiedao_desk.store import Store

_PACKAGE = "jiedao_desk.domains."

# Top-level command → the module that adds it (the specs' ``cli``, in one table).
COMMAND_MODULES = {
    **{name: "jiedao_desk.commands." + module for name, module in (
        ("init", "init"), ("calendar", "calendar"), ("catalog", "catalog"), ("search", "search"),
        ("todo", "todo"), ("demo", "demo"), ("check", "maintenance"), ("backup", "maintenance"),
        ("restore", "maintenance"), ("backups", "maintenance"), ("recover", "maintenance"),
        ("user", "user"), ("export", "exports"), ("import", "exports"),
        ("template-fill", "exports"), ("print", "documents"), ("issue", "documents"),
        ("dossier", "documents"), ("document", "documents"), ("attachment", "documents"),
        ("encryption", "encryption"), ("exchange", "exchange"))},
    **{name: f"{_PACKAGE}{domain}.cli" for name, domain in (
        ("org", "org"), ("certificate", "certificates"), ("access", "access"),
        ("forms", "forms"), ("hotline", "hotline"), ("mediation", "mediation"),
        ("enforcement", "enforcement"), ("merge-monthly", "monthly"),
        ("monthly-mapping", "monthly"))},
}

# Searchable entity → (its label in the hit list, the domain whose face names its
# ``SEARCH_SOURCE``): a hit loads the describer of its own domain, nothing else.
SEARCHABLE = {
    "resident": ("居民", "residents"),
    "mediation_case": ("人民调解案件", "mediation"),
    "enforcement_case": ("执法案件", "enforcement"),
    "hotline_ticket": ("12345工单", "hotline"),
}

# The navigation, in its order (every spec's ``pages``): the main window paints before any
# spec is built; a page's module loads when it is first shown.
PAGES = tuple(PageSpec(key, title, target, permission) for key, title, target, permission in (
    ("home", "首页（待办）", "jiedao_desk.ui.pages.home:HomePage", ""),
    ("residents", "居民信息", f"{_PACKAGE}residents.pages:ResidentsPage", "resident.view"),
    ("catalogs", "参考目录", "jiedao_desk.ui.pages.catalogs:CatalogsPage", ""),
    ("documents", "文书档案", "jiedao_desk.ui.pages.documents:DocumentsPage", "documents.issue"),
    ("certificates", "证明开具", f"{_PACKAGE}certificates.pages:CertificatesPage",
     "certificate.view"),
    ("access", "准入管理", f"{_PACKAGE}access.pages:AccessPage", "access.view"),
    ("hotline", "接诉即办", f"{_PACKAGE}hotline.pages:HotlinePage", "hotline.view"),
    ("forms", "报表填报", f"{_PACKAGE}forms.pages:FormsPage", "forms.view"),
    ("mediation", "人民调解", f"{_PACKAGE}mediation.pages:MediationPage", "mediation.view"),
    ("enforcement", "综合执法", f"{_PACKAGE}enforcement.pages:EnforcementPage",
     "enforcement.view"),
    ("users", "用户管理", "jiedao_desk.ui.pages.users:UsersPage", "user.manage"),
    ("audit", "审计日志", "jiedao_desk.ui.pages.audit:AuditPage", "audit.view"),
    ("backups", "数据备份", "jiedao_desk.ui.pages.backups:BackupsPage", "backup.run"),
    ("exchange", "数据交换", "jiedao_desk.ui.pages.exchange:ExchangePage", "exchange.run"),
    ("printing", "文书与打印", "jiedao_desk.ui.pages.printing:PrintingPage", ""),
    ("settings", "设置", "jiedao_desk.ui.pages.settings:SettingsPage", "settings.manage"),
    ("encryption", "数据加密", "jiedao_desk.ui.pages.encryption:EncryptionPage",
     "encryption.manage"),
))

# Domains whose face names ``DERIVED``: data refreshed before every commit (``attach``).
DERIVED_IN = ("enforcement",)


def _shared() -> DomainSpec:
    """What belongs to no domain: accounts, backups, documents and their numbering, reference
    catalogs, the calendar, the audit log — the shared services of core/ and their pages."""
    from jiedao_desk.core import auth, backup, printing, settings, todo
    from jiedao_desk.core import imports as core_imports
    from jiedao_desk.core.catalog_files import CONFIDENCE_LABELS
    from jiedao_desk.core.permissions import NO_SIGN_IN, ROLES, SIGNED_IN
    from jiedao_desk.core.spec import DomainSpec, PageSpec
    from jiedao_desk.store import peers as peers_store
    from jiedao_desk.store import users as users_store

    return DomainSpec(
        key="shared", title="系统",
        entities=("user", "setting", "document", "attachment", "catalog_version",
                  "calendar_override", "database", "site", "exchange_site"),
        settings=(*settings.SETTINGS.values(), *auth.SETTINGS.values(), *backup.SETTINGS.values(),
                  *printing.SETTINGS.values(), *core_imports.SETTINGS.values()),
        todo=(todo.holiday_calendar_missing,),
        pages=(
            PageSpec("home", "首页（待办）", "jiedao_desk.ui.pages.home:HomePage"),
            PageSpec("catalogs", "参考目录", "jiedao_desk.ui.pages.catalogs:CatalogsPage"),
            PageSpec("documents", "文书档案", "jiedao_desk.ui.pages.documents:DocumentsPage",
                     "documents.issue"),
            PageSpec("users", "用户管理", "jiedao_desk.ui.pages.users:UsersPage", "user.manage"),
            PageSpec("audit", "审计日志", "jiedao_desk.ui.pages.audit:AuditPage", "audit.view"),
            PageSpec("backups", "数据备份", "jiedao_desk.ui.pages.backups:BackupsPage",
                     "backup.run"),
            PageSpec("exchange", "数据交换", "jiedao_desk.ui.pages.exchange:ExchangePage",
                     "exchange.run"),
            PageSpec("encryption", "数据加密", "jiedao_desk.ui.pages.encryption:EncryptionPage",
                     "encryption.manage"),
            PageSpec("printing", "文书与打印", "jiedao_desk.ui.pages.printing:PrintingPage"),
            PageSpec("settings", "设置", "jiedao_desk.ui.pages.settings:SettingsPage",
                     "settings.manage"),
        ),
        cli=(("init", "jiedao_desk.commands.init"), ("calendar", "jiedao_desk.commands.calendar"),
             ("catalog", "jiedao_desk.commands.catalog"), ("search", "jiedao_desk.commands.search"),
             ("todo", "jiedao_desk.commands.todo"),
             ("demo", "jiedao_desk.commands.demo"),
             *((name, "jiedao_desk.commands.maintenance")
               for name in ("check", "backup", "restore", "backups", "recover")),
             ("user", "jiedao_desk.commands.user"),
             *((name, "jiedao_desk.commands.exports")
               for name in ("export", "import", "template-fill")),
             *((name, "jiedao_desk.commands.documents")
               for name in ("print", "issue", "dossier", "document", "attachment")),
             ("encryption", "jiedao_desk.commands.encryption"),
             ("exchange", "jiedao_desk.commands.exchange")),
        commands={
            # creating the file runs before any account; once accounts exist, upgrading it and
            # loading the shipped lists needs catalog.manage, naming the street org.manage
            "init": "catalog.manage",
            "check": NO_SIGN_IN,  # integrity of the file itself, reports no record's content
            # a damaged file cannot be signed in to; it writes only a new file (core/recover.py)
            "recover": NO_SIGN_IN,
            "user create-admin": NO_SIGN_IN,  # only while the database has no user at all
            "encryption status": NO_SIGN_IN,  # reads the file header and the key file only
            # restoring signs in with the backup's own keys: an administrator or the code
            "encryption restore": NO_SIGN_IN,
            "encryption on": "encryption.manage", "encryption rotate-key": "encryption.manage",
            "exchange enrol": "exchange.manage", "exchange void-site": "exchange.manage",
            "exchange sites": "exchange.run", "exchange export": "exchange.run",
            "exchange import": "exchange.run", "exchange status": "exchange.run",
            "exchange conflicts": "exchange.manage", "exchange hand-over": "exchange.manage",
            "encryption new-recovery-code": "encryption.manage",
            # the recovery code is the proof: nobody can sign in when it is needed
            "encryption recover-password": NO_SIGN_IN,
            "exchange site": "exchange.run", "exchange site-role": "org.manage",
            "exchange new-keys": "exchange.manage",
            "calendar add-working-days": SIGNED_IN, "calendar is-workday": SIGNED_IN,
            "calendar list": SIGNED_IN, "calendar set": "calendar.manage",
            "catalog list": "catalog.view", "catalog show": "catalog.view",
            "catalog template": "catalog.view", "catalog wording": "catalog.view",
            "catalog import": "catalog.manage", "catalog samples": "catalog.manage",
            "search": SIGNED_IN,  # hits limited to the records the user may read
            "todo": SIGNED_IN,  # each provider lists only what the user may act on
            "demo": "demo.fill",
            "backup": "backup.run", "backups": "backup.run", "restore": "backup.restore",
            "user add": "user.manage", "user list": "user.manage",
            "user reset-password": "user.manage", "user unlock": "user.manage",
            "user void": "user.manage", "user passwd": SIGNED_IN,  # one's own password
            # each ledger's own permission; the test uses residents
            "export ledger": "resident.view",
            "export ledgers": SIGNED_IN,
            "export monthly": "reports.export", "export monthly-pdf": "reports.export",
            "import residents": "resident.edit", "import template": SIGNED_IN,
            "template-fill": SIGNED_IN,  # fills a template with the values file given, no records
            # Documents and attachments follow the record they belong to; the test uses a
            # mediation case's (core/permissions.py RECORD_PERMISSIONS).
            "print": "mediation.view", "dossier": "mediation.view",
            "document list": SIGNED_IN,  # lists only documents of records the user may read
            "document void": "mediation.edit",
            "issue": "documents.issue",  # a document of no record
            "attachment add": "mediation.edit", "attachment void": "mediation.edit",
        },
        value_labels={**CONFIDENCE_LABELS, **ROLES},
        action_labels={"calendar.recompute": "工作日历变更后重算期限",
                       "exchange.hand_over": "移交其他站点",
                       "exchange.hand_over_community": "把社区的记录移交社区站点",
                       "exchange.import": "导入交换包",
                       "exchange.export": "制作交换包",
                       "exchange.resolve_conflict": "处理交换冲突"},
        record_labels={"user": users_store.RECORD_LABEL_SQL,
                       "exchange_site": peers_store.RECORD_LABEL_SQL},
        migrations=("m001_foundation", "m002_users", "m003_documents", "m015_list_indexes",
                    "m016_site", "m018_seals", "m019_exchange_sites", "m020_exchange_changes",
                    "m022_search_ids", "m025_exchange_complete"),
    )


# The home page's todo list reads the specs first on its reading thread, while the window
# may ask too: one thread builds them, the others wait (re-entrant: building imports).
_building = threading.RLock()


def _domains() -> tuple[DomainSpec, ...]:
    """Every spec, shared services first (each domain's spec loads the whole domain)."""
    with _building:
        return _build()


@functools.cache
def _build() -> tuple[DomainSpec, ...]:
    from jiedao_desk.domains import (
        access,
        certificates,
        enforcement,
        forms,
        hotline,
        mediation,
        monthly,
        org,
        residents,
    )

    return (_shared(), org.SPEC, residents.SPEC, access.SPEC, certificates.SPEC, forms.SPEC,
            mediation.SPEC, enforcement.SPEC, hotline.SPEC, monthly.SPEC)


def __getattr__(name: str) -> DomainSpec | tuple[DomainSpec, ...]:
    # DOMAINS and SHARED are built when first read: importing this module loads no domain.
    if name == "DOMAINS":
        return _domains()
    if name == "SHARED":
        return _domains()[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Presentation order (navigation and ``--help``), by page key and top-level command name.
NAVIGATION = ("home", "residents", "catalogs", "documents", "certificates", "access", "hotline",
              "forms", "mediation", "enforcement", "users", "audit", "backups", "exchange",
              "printing", "settings")
COMMANDS = ("init", "org", "calendar", "catalog", "search", "todo", "demo", "check", "user",
            "encryption", "exchange", "export", "print", "certificate", "access", "forms",
            "hotline", "mediation", "enforcement", "merge-monthly")


def _ordered(items: list, order: tuple[str, ...], key) -> list:
    return sorted(items, key=lambda i: order.index(key(i)) if key(i) in order else len(order))


def all_settings() -> list[Setting]:
    """Every declared setting, including the number pattern of every document kind."""
    from jiedao_desk.core import numbering

    return [s for spec in _domains() for s in spec.settings] + numbering.pattern_settings()


def setting(key: str) -> Setting:
    """The declared setting ``key`` (NotFound if none)."""
    for s in all_settings():
        if s.key == key:
            return s
    raise NotFound(f"没有名为 {key} 的设置项。")


def todo_providers() -> list[todo.Provider]:
    """Every domain's todo providers."""
    return [p for spec in _domains() for p in spec.todo]


def due_dates() -> list[DueDates]:
    """Every domain's stored due dates that follow the working-day calendar."""
    return [d for spec in _domains() for d in spec.due_dates]


@dataclass(frozen=True)
class _Refresh:
    """Refresh one domain's derived data; its module is loaded by the first commit."""

    domain: str

    def __call__(self, store: Store) -> None:
        for d in derived_of(self.domain):
            d.refresh(store)


def derived_of(domain: str) -> tuple[Derived, ...]:
    """The derived data of ``domain`` (one of ``DERIVED_IN``), through its package face."""
    derived: tuple[Derived, ...] = importlib.import_module(_PACKAGE + domain).DERIVED
    return derived


def attach(store: Store) -> Store:
    """Keep every domain's derived data (stored due dates) in step on ``store``: each domain's
    refresh runs at the end of every transaction, before COMMIT. Returns ``store``."""
    for domain in DERIVED_IN:
        store.add_before_commit(_Refresh(domain))  # equal objects: added once per store
    return store


def bring_up_to_date(store: Store) -> list[str]:
    """Refresh derived data that is behind (once, after an upgrade) in one transaction of its
    own; returns the labels of what was refreshed. The store must be attached."""
    behind = [d.label for domain in DERIVED_IN for d in derived_of(domain) if d.behind(store)]
    if behind:
        with store.atomic():  # the refresh hooks run before its COMMIT
            pass
    return behind


def calendar_changed(store: Store, actor: Actor) -> int:
    """Recompute every stored due date on the changed calendar, inside the caller's
    transaction (passed as ``on_change`` to the calendar's and the catalogs' writes)."""
    from jiedao_desk.core import workdays

    return workdays.recompute_due_dates(store, actor, due_dates())


def audit_wording() -> audit.Wording:
    """The words of the audit view, from every domain's declarations: its state machines'
    actions and states, its records, fields, codes and named imports."""
    from jiedao_desk.core import audit

    actions: dict[str, str] = {}
    entities: dict[str, str] = {}
    fields: dict[str, dict[str, str]] = {}
    values: dict[str, dict[str, str]] = {}
    states: dict[str, dict[str, str]] = {}
    for spec in _domains():
        for entity in spec.entities:
            entities[entity] = (spec.entity_labels.get(entity)
                                or audit.SHARED_ENTITIES.get(entity) or spec.title)
        for imp in spec.imports:
            actions[f"import.{imp.name}"] = f"导入{imp.title}"
            fields.setdefault(imp.entity, {}).update({c.key: c.header for c in imp.columns})
        for entity in spec.entities:
            fields[entity] = {**fields.get(entity, {}), **spec.field_labels}
            values[entity] = {**values.get(entity, {}), **spec.value_labels}
        for machine in spec.machines:
            states[machine.entity] = dict(machine.states)
            prefix = machine.entity.split("_")[0]
            for a in machine.actions:
                for name in (f"{prefix}.{a.key}", f"{spec.key}.{a.key}"):
                    actions.setdefault(name, a.label)
        actions.update(spec.action_labels)
    names = {"setting": {s.key: s.label for s in all_settings()}}
    return audit.Wording(actions, entities, fields, values, states, record_labels(), names)


def record_labels() -> dict[str, str]:
    """How each domain names its records in other lists (entity → SQL, core/spec.py)."""
    return {entity: sql for spec in _domains() for entity, sql in spec.record_labels.items()}


def search_sources() -> list[SearchSource]:
    """Every searchable entity."""
    return [s for spec in _domains() for s in spec.search]


@dataclass(frozen=True)
class _Describe:
    """A search hit's describer, loaded from its domain when the first hit needs it."""

    domain: str

    def __call__(self, store: Store, actor: Actor, entity_id: int) -> tuple[str, str] | None:
        source: SearchSource = importlib.import_module(_PACKAGE + self.domain).SEARCH_SOURCE
        return source.describe(store, actor, entity_id)


def searchable() -> list[SearchSource]:
    """Every searchable entity for a search that only reads: the label, and a describer that
    loads the hit's domain on its first hit (``search_sources`` loads every domain)."""
    return [SearchSource(entity, label, _Describe(domain))
            for entity, (label, domain) in SEARCHABLE.items()]


def search_reindexers() -> dict:
    """entity → the function that puts one record into global search (for records a
    package from another site brought)."""
    return {s.entity: s.reindex for s in search_sources() if s.reindex is not None}


def pages() -> list[PageSpec]:
    """Every navigation page, in navigation order (``PAGES``; builds no spec)."""
    return list(PAGES)


def cli_modules() -> list[str]:
    """Modules adding top-level commands, in ``--help`` order (each once)."""
    entries = _ordered([c for spec in _domains() for c in spec.cli], COMMANDS, lambda c: c[0])
    return list(dict.fromkeys(module for _, module in entries))


def cli_module(command: str) -> str | None:
    """The module that adds top-level command ``command`` (None: no such command)."""
    return COMMAND_MODULES.get(command)


def ledgers() -> dict[str, Ledger]:
    """Named ledgers by name."""
    return {lg.name: lg for spec in _domains() for lg in spec.ledgers}


def ledger(name: str) -> Ledger:
    """The named ledger ``name`` (NotFound listing the known names)."""
    known = ledgers()
    if name not in known:
        raise NotFound(f"没有名为“{name}”的台账；可用：{'、'.join(sorted(known))}。")
    return known[name]


def imports() -> dict[str, ImportSpec]:
    """Named Excel imports by name."""
    return {i.name: i for spec in _domains() for i in spec.imports}


def import_spec(name: str) -> ImportSpec:
    """The named import ``name`` (NotFound listing the known names)."""
    known = imports()
    if name not in known:
        raise NotFound(f"没有名为“{name}”的导入；可用：{'、'.join(sorted(known))}。")
    return known[name]


def command_permissions() -> dict[str, str]:
    """Who may run each command ("mediation show" → "mediation.view"), from the specs."""
    table: dict[str, str] = {}
    for spec in _domains():
        for command, permission in spec.commands.items():
            if command in table:
                raise ValueError(f"command {command!r} declared twice")
            table[command] = permission
    return table


def domain_of(entity: str) -> str | None:
    """The key of the domain that writes audit entity ``entity``."""
    return next((spec.key for spec in _domains() if entity in spec.entities), None)


def specs() -> Iterator[DomainSpec]:
    """Every spec, shared services first."""
    return iter(_domains())
