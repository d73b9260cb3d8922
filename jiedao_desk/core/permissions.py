# SPDX-License-Identifier: MIT
"""Roles and what each may do: one permission model, checked inside every core function.

Personal data of residents and case files must be protected against leaks and tampering
(条例 第四十一条), so every core function checks the actor's permission itself — the UI
only hides what a role cannot use. Mediation records are confidential from the enforcement
team and enforcement files from mediators (人民调解法 第十五条 requires mediators to keep
parties' secrets).
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import PermissionDenied

ROLES: dict[str, str] = {
    "admin": "管理员",
    "street_staff": "街道科室",
    "community_worker": "社区工作者",
    "mediator": "人民调解员",
    "enforcement_officer": "综合执法队员",
    "readonly": "只读/统计",
}

# permission → roles that hold it ("system" holds every permission).
_STREET = ("admin", "street_staff")
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "org.manage": ("admin",),
    "settings.manage": ("admin",),
    "calendar.manage": ("admin", "street_staff"),
    "catalog.view": tuple(ROLES),
    "catalog.manage": ("admin",),
    "user.manage": ("admin",),
    "audit.view": ("admin",),
    "backup.run": ("admin", "street_staff"),
    "backup.restore": ("admin",),
    "encryption.manage": ("admin",),
    # Enrolling a site decides whose packages this database accepts: administrators only.
    "exchange.manage": ("admin",),
    # Writing and reading packages is routine work on every site (a community's own PC is
    # run by its community workers).
    "exchange.run": (*_STREET, "community_worker"),
    "resident.view": (*_STREET, "community_worker"),
    "resident.edit": (*_STREET, "community_worker"),
    "access.view": (*_STREET, "community_worker", "readonly"),
    "access.edit": (*_STREET, "community_worker"),
    "access.decide": _STREET,
    "forms.view": (*_STREET, "community_worker", "readonly"),
    "forms.edit": (*_STREET, "community_worker"),
    "forms.define": ("admin",),
    "certificate.issue": (*_STREET, "community_worker"),
    "certificate.view": (*_STREET, "community_worker", "readonly"),
    "mediation.view": ("admin", "mediator"),
    "mediation.edit": ("admin", "mediator"),
    # Counts only (no names, no case contents) for the monthly report the street sends to
    # the district; the cases themselves stay with the mediation roles (人民调解法 第十五条).
    "mediation.stats": ("admin", "mediator", "street_staff", "readonly"),
    "mediation.view_ids": ("mediator",),  # whole ID numbers in mediation exports (else masked)
    "enforcement.view": ("admin", "enforcement_officer"),
    "enforcement.edit": ("admin", "enforcement_officer"),
    "enforcement.stats": ("admin", "enforcement_officer", "street_staff", "readonly"),
    # Mediators and enforcement officers see the tickets dispatched to their work and turn a
    # ticket into a case (the link is kept both ways); they do not edit tickets.
    "hotline.view": (*_STREET, "community_worker", "readonly", "mediator", "enforcement_officer"),
    "hotline.edit": (*_STREET, "community_worker"),
    "reports.view": (*_STREET, "readonly"),
    "reports.export": (*_STREET, "readonly"),
    "search.all": _STREET,
    "documents.issue": (*_STREET, "community_worker", "mediator", "enforcement_officer"),
    # Synthetic residents and cases mixed into a live database would be reported to the
    # district as real work: only an administrator fills demo data.
    "demo.fill": ("admin",),
}

# What each permission lets a role do, in the words of the README's permission table.
LABELS: dict[str, str] = {
    "org.manage": "街道与社区设置",
    "settings.manage": "本地设置",
    "calendar.manage": "工作日历更正",
    "catalog.view": "查看参考目录",
    "catalog.manage": "导入参考目录",
    "user.manage": "用户管理",
    "audit.view": "查看审计日志",
    "backup.run": "备份",
    "backup.restore": "恢复备份",
    "encryption.manage": "数据库加密（开启、轮换密钥）",
    "exchange.manage": "登记、作废数据交换站点，处理交换冲突",
    "exchange.run": "数据交换（查看站点、制作和导入交换包）",
    "resident.view": "查看居民（社区工作者：本社区）",
    "resident.edit": "登记、修改居民（社区工作者：本社区）",
    "access.view": "查看准入台账",
    "access.edit": "登记准入申请、比对清单",
    "access.decide": "准入决定",
    "forms.view": "查看报表",
    "forms.edit": "填报报表",
    "forms.define": "定义报表",
    "certificate.view": "查看证明台账",
    "certificate.issue": "出具、拒绝、作废证明",
    "mediation.view": "查看调解案件（保密）",
    "mediation.edit": "办理调解案件",
    "mediation.stats": "调解统计（只有数字）",
    "mediation.view_ids": "导出调解台账时显示完整身份证号",
    "enforcement.view": "查看执法案卷",
    "enforcement.edit": "办理执法案件",
    "enforcement.stats": "执法统计（只有数字）",
    "hotline.view": "查看12345工单",
    "hotline.edit": "登记、派单、回复12345工单",
    "reports.view": "查看月报",
    "reports.export": "导出月报",
    "search.all": "全局搜索全部记录",
    "documents.issue": "出具通用文书",
    "demo.fill": "生成演示数据",
}

# Who may run a command that needs no particular permission (a command's entry in its
# domain's ``DomainSpec.commands``): any signed-in user, the output limited to what that
# user may read; or nobody needs to sign in (creating the first administrator, checking the
# file's integrity, merging other streets' workbooks, checking a form definition file).
SIGNED_IN = "signed_in"
NO_SIGN_IN = "no_sign_in"


def can(actor: Actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission``."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)
    return actor.role == "system" or actor.role in PERMISSIONS[permission]


def require(actor: Actor, permission: str, community_id: int | None = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do this (for this community)."""
    if not can(actor, permission):
        # the permission in words (a user never sees its code, "exchange.run")
        raise PermissionDenied(f"{ROLES.get(actor.role, actor.role)}“{actor.name}”没有此项权限"
                               f"（{LABELS.get(permission, '此项操作')}）。")
    if community_id is not None and actor.role == "community_worker" and \
            actor.community_id != community_id:
        raise PermissionDenied(f"社区工作者“{actor.name}”只能处理本社区的事项。")


def community_scope(actor: Actor) -> int | None:
    """The only community this actor may see, or None for all."""
    return actor.community_id if actor.role == "community_worker" else None


# Documents and attachments inherit the confidentiality of the record they belong to:
# mediation files are closed to the enforcement team and vice versa (人民调解法 第十五条 on
# keeping parties' secrets). Audit entity names start with these prefixes; a document or file
# that belongs to no record needs ``documents.issue``.
RECORD_PERMISSIONS: dict[str, tuple[str, str]] = {  # prefix → (read, write)
    "mediation": ("mediation.view", "mediation.edit"),
    "enforcement": ("enforcement.view", "enforcement.edit"),
    "access": ("access.view", "access.edit"),
    "certificate": ("certificate.view", "certificate.issue"),
    "resident": ("resident.view", "resident.edit"),
    "hotline": ("hotline.view", "hotline.edit"),
    "forms": ("forms.view", "forms.edit"),
}


def record_permission(entity: str | None, write: bool = False) -> str:
    """The permission needed to read (or change) what belongs to a record of ``entity``."""
    for prefix, (read, change) in RECORD_PERMISSIONS.items():
        if (entity or "").startswith(prefix):
            return change if write else read
    return "documents.issue"


def may_see_record(actor: Actor, entity: str | None) -> bool:
    """Whether ``actor`` may read documents and files of a record of ``entity``."""
    return can(actor, record_permission(entity))


def require_record(actor: Actor, entity: str | None, write: bool = False) -> None:
    """Raise PermissionDenied unless ``actor`` may read (or change) a record of ``entity``."""
    require(actor, record_permission(entity, write))
