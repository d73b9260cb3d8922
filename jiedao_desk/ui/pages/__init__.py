# SPDX-License-Identifier: MIT
"""Pages of the main window's navigation.

A page is a QWidget built as ``Factory(store, actor, parent=None)``. Each domain adds one
``PageSpec`` here when its issue lands; ``main_window`` builds the navigation from PAGES.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One navigation entry: key, Chinese title, and "module:Class" of the page widget."""

    key: str
    title: str
    target: str
    permission: str = ""  # core.auth permission needed to see the page ("" = everybody)

    def factory(self):
        """Import and return the page class."""
        module, _, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls)


def visible_pages(actor) -> list[PageSpec]:
    """The pages this actor may open (the core functions check permissions again)."""
    from jiedao_desk.core import auth

    return [p for p in PAGES if not p.permission or auth.can(actor, p.permission)]


PAGES: list[PageSpec] = [
    PageSpec("home", "首页（待办）", "jiedao_desk.ui.pages.home:HomePage"),
    PageSpec("residents", "居民信息", "jiedao_desk.domains.residents.pages:ResidentsPage",
             "resident.view"),
    PageSpec("catalogs", "参考目录", "jiedao_desk.ui.pages.catalogs:CatalogsPage"),
    PageSpec("documents", "文书档案", "jiedao_desk.ui.pages.documents:DocumentsPage",
             "documents.issue"),
    PageSpec("certificates", "证明开具", "jiedao_desk.domains.certificates.pages:CertificatesPage",
             "certificate.view"),
    PageSpec("access", "准入管理", "jiedao_desk.domains.access.pages.page:AccessPage", "access.view"),
    PageSpec("hotline", "接诉即办", "jiedao_desk.domains.hotline.pages.page:HotlinePage", "hotline.view"),
    PageSpec("forms", "报表填报", "jiedao_desk.domains.forms.pages.page:FormsPage", "forms.view"),
    PageSpec("mediation", "人民调解", "jiedao_desk.domains.mediation.pages.page:MediationPage",
             "mediation.view"),
    PageSpec("enforcement", "综合执法", "jiedao_desk.domains.enforcement.pages.page:EnforcementPage",
             "enforcement.view"),
    PageSpec("users", "用户管理", "jiedao_desk.ui.pages.users:UsersPage", "user.manage"),
    PageSpec("audit", "审计日志", "jiedao_desk.ui.pages.audit:AuditPage", "audit.view"),
    PageSpec("backups", "数据备份", "jiedao_desk.ui.pages.backups:BackupsPage", "backup.run"),
    PageSpec("printing", "文书与打印", "jiedao_desk.ui.pages.printing:PrintingPage"),
    PageSpec("settings", "设置", "jiedao_desk.ui.pages.settings:SettingsPage",
             "settings.manage"),
]
