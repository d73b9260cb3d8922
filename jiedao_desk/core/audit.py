# SPDX-License-Identifier: MIT
"""Reading the audit log (administrators only): filtered rows and the chain check, and the
rows in plain Chinese for the audit page: 谁、何时、做了什么、对哪条记录、改前→改后.

Writing happens only through ``store.audit.record`` inside each action's transaction. The
words (action, record and field names, coded values) come from the domains' declarations
(``registry.audit_wording()``), so a new domain names its own changes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core.auth import require
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store.audit import ChainBreak

# Actions of the shared services (the domains' actions come from their state machines).
SHARED_ACTIONS = {
    "auth.login": "登录", "auth.login_failed": "登录失败", "auth.refused": "越权操作被拒绝",
    "attachment.add": "添加附件", "attachment.void": "作废附件",
    "backup.restore": "从备份恢复", "database.recover": "抢救损坏的数据库",
    "calendar.set": "设定工作日/休息日", "calendar.remove": "取消工作日设定",
    "catalog.void": "作废参考目录版本", "catalog.load_builtin": "载入随程序提供的参考目录",
    "catalog.load_samples": "载入示例清单",
    "catalog.import": "导入参考目录", "demo.generate": "生成演示数据",
    "document.issue": "出具文书", "document.void": "作废文书",
    "community.add": "添加社区", "community.update": "修改社区", "community.void": "作废社区",
    "street.set": "设置街道", "site.set_role": "设置本机用途",
    "site.keys_create": "生成本站交换密钥",
    "site.keys_renew": "重新生成本站交换密钥", "exchange.enrol": "登记交换站点",
    "exchange.void_site": "作废交换站点",
    "setting.set": "修改设置", "setting.reset": "设置恢复默认",
    "personal_data.output": "输出个人信息",
    "user.create": "新建用户", "user.create_first_admin": "创建首个管理员",
    "user.change_password": "修改密码", "user.reset_password": "重置密码",
    "user.unlock": "解除锁定", "user.void": "停用用户",
    "user.recover_password": "凭恢复码重设管理员密码", "auth.unlock_failed": "解锁数据库失败",
    "database.encrypt": "加密数据库", "database.rotate_key": "轮换数据库密钥",
    "database.recovery_code": "换发管理员恢复码",
}
# The last word of an action no table names ("access.update" → 修改).
VERBS = {
    "add": "新增", "register": "登记", "update": "修改", "edit": "修改", "void": "作废",
    "issue": "出具", "import": "导入", "export": "导出", "set": "设置", "save": "保存",
    "link": "关联", "create": "新建", "remove": "删除设定", "reset": "恢复默认",
}
# Shared records and fields every domain writes.
SHARED_ENTITIES = {
    "user": "用户", "setting": "设置", "document": "文书", "attachment": "附件",
    "catalog_version": "参考目录", "calendar_override": "工作日设定", "database": "数据库",
    "site": "本机", "community": "社区", "street": "街道", "exchange_site": "交换站点",
}
SHARED_FIELDS = {
    "state": "状态", "reason": "理由", "name": "名称", "code": "代码", "note": "备注",
    "voided_at": "作废时间", "void_reason": "作废原因", "role": "角色",
    "display_name": "姓名", "username": "用户名", "value": "值", "is_workday": "是否工作日",
    "doc_number": "文号", "kind": "种类", "title": "标题", "pages": "页数",
    "sha256": "校验值", "filename": "文件名", "size": "大小（字节）", "district": "所属区",
    "prefix": "代字", "community_id": "社区", "entity": "所属记录", "entity_id": "记录编号",
    "parties": "当事人", "count": "数量", "path": "文件", "version": "版本",
    "cert_no": "执法证号", "amount": "金额", "day": "日期", "catalog": "目录",
    "confidence": "可信度", "content_sha256": "内容校验值", "effective_from": "生效日期",
    "effective_to": "失效日期", "issuer": "发布机关", "item_count": "条目数",
    "source_urls": "来源网址", "label": "版本", "origin": "来源", "first_id": "起始编号",
    "last_id": "结束编号", "seed": "随机种子", "append": "追加", "residents": "居民数",
    "communities_created": "新建社区", "street_created": "新建街道",
    "mediation_cases": "调解案件数", "enforcement_cases": "执法案件数",
    "hotline_tickets": "工单数", "sample_catalogs": "示例清单数", "purpose": "用途",
    "password": "密码", "sort_order": "排序",
    "notes": "说明", "event_id": "记录编号", "party_id": "当事人编号",
    "plain_copy": "未加密的导出文件", "records": "记录数", "fields": "个人信息种类",
    "what": "内容", "file": "文件",
    "owner": "所属站点标识", "owner_name": "所属站点", "rows": "行数",
}
# Fields a reader gets nothing from, per record kind: a catalogue version is named by its
# title (its key is the file's identifier), its checksum serves the integrity check and its
# origin is the file it was read from (the catalogue page shows where it came from in words).
QUIET_FIELDS = {"catalog_version": frozenset({"catalog", "content_sha256", "origin"})}
EMPTY = "（空）"
OTHER_FIELD = "其他内容"


@dataclass(frozen=True)
class Wording:
    """How the audit view names things.

    Attributes:
        actions: audit action ("mediation.accept") → what was done ("受理").
        entities: entity ("mediation_case") → what kind of record ("人民调解案件").
        fields: entity → field key → Chinese label (a key such as ``name`` reads 姓名 for a
            resident and 名称 for a community).
        values: entity → coded value → Chinese label (sources, outcomes, party kinds …;
            per entity because one code reads differently in two domains; a key
            "field.code" names a code of one field only).
        states: entity → state key → label (the same key reads differently per record).
        record_labels: entity → SQL naming one record (core/spec.py ``record_labels``).
        record_names: entity → record id → its name, for records that are not rows of a
            table (a setting is named by its label, not its key).
    """

    actions: Mapping[str, str] = field(default_factory=dict)
    entities: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    states: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    record_labels: Mapping[str, str] = field(default_factory=dict)
    record_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    communities: Mapping[str, str] = field(default_factory=dict)  # id → name (``entries``)


@dataclass(frozen=True)
class Change:
    """One field of a record before and after (``before`` is None for a new record)."""

    field: str
    before: str | None
    after: str

    @property
    def text(self) -> str:
        """"状态：待受理→调解中", or "纠纷类型：邻里纠纷" for a new record."""
        if self.before is None:
            return f"{self.field}：{self.after}"
        return f"{self.field}：{self.before}→{self.after}"


@dataclass(frozen=True)
class Entry:
    """One audit row in words: who, when, what, on which record, and the changes."""

    at: str
    who: str
    what: str
    target: str
    changes: tuple[Change, ...]

    @property
    def changes_text(self) -> str:
        """The changes on one line, separated by "；"."""
        return "；".join(c.text for c in self.changes)


def explain_clock(store: Store, actor: Actor, reason: str) -> None:
    """Give the reason for working on with the PC clock behind the newest action.

    Called by the shell after an action of ``actor`` was refused with ``ClockBehind``: the
    reason goes into the audit log (action ``clock.set_back``, with the newest stamp and the
    current time) and the session's actions go through again.

    Raises:
        ValidationError: an empty reason.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("请填写电脑时间比最近一次操作还早的原因（不能为空）。", "reason")
    audit_store.excuse_clock(store, actor, reason)


def rows(store: Store, actor: Actor, entity: str | None = None, actor_name: str | None = None,
         date_from: str | None = None, date_to: str | None = None,
         limit: int = 500) -> list[dict]:
    """Audit rows, newest first (dates as YYYY-MM-DD, both ends included)."""
    require(actor, "audit.view")
    return audit_store.query(store, entity, actor_name, date_from, date_to, limit)


def entries(store: Store, actor: Actor, wording: Wording, entity: str | None = None,
            actor_name: str | None = None, date_from: str | None = None,
            date_to: str | None = None, limit: int = 500) -> list[Entry]:
    """The audit rows of ``rows`` in plain Chinese (for the audit page)."""
    require(actor, "audit.view")
    found = audit_store.query(store, entity, actor_name, date_from, date_to, limit,
                              record_labels=wording.record_labels)
    # a community is stored by its id; the reader knows it by name (voided ones included)
    named = replace(wording, communities={
        str(c["id"]): c["name"] for c in org_store.list_communities(store, include_voided=True)})
    return [describe(row, named) for row in found]


def describe(row: Mapping[str, Any], wording: Wording) -> Entry:
    """One audit row in words."""
    entity = row["entity"] or ""
    kind = wording.entities.get(entity) or SHARED_ENTITIES.get(entity, "记录")
    named = row.get("record_label") or wording.record_names.get(entity, {}).get(
        str(row["entity_id"]))
    target = named or (f"{kind} {row['entity_id']}" if row["entity_id"] else kind)
    return Entry(row["at"][:16], row["actor_name"], action_label(row["action"], wording),
                 target, tuple(changes(row["before_json"], row["after_json"], entity,
                                       wording)))


def action_label(action: str, wording: Wording) -> str:
    """What an audit action did, in Chinese ("其他操作" if no one named it)."""
    if action in wording.actions:
        return wording.actions[action]
    if action in SHARED_ACTIONS:
        return SHARED_ACTIONS[action]
    last = action.rsplit(".", 1)[-1].split("_")[-1]
    return VERBS.get(last, "其他操作")


def changes(before_json: str | None, after_json: str | None, entity: str,
            wording: Wording) -> list[Change]:
    """The fields that differ between the before and after images (all of them for a new
    record); unchanged fields are left out."""
    before = _load(before_json)
    after = _load(after_json)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change("内容", None if before_json is None else _value(before, "", entity,
                                                                         wording),
                       _value(after, "", entity, wording))] if after_json else []
    out = []
    new = before_json is None
    quiet = QUIET_FIELDS.get(entity, frozenset())
    for key in dict.fromkeys([*before, *after]):
        if key in quiet:
            continue
        b, a = before.get(key), after.get(key)
        if not new and key in before and key in after and b == a:
            continue
        if not new and key not in after:  # what the action did not touch
            continue
        label = _field_label(key, entity, wording)
        shown_before = None if new else _value(b, key, entity, wording)
        shown_after = _value(a, key, entity, wording)
        if shown_after == shown_before or (new and shown_after == EMPTY):
            continue  # nothing a reader would see changed
        out.append(Change(label, shown_before, shown_after))
    return out


def _field_label(key: str, entity: str, wording: Wording) -> str:
    own = wording.fields.get(entity, {})
    if key in own or key in SHARED_FIELDS:
        return own.get(key) or SHARED_FIELDS[key]
    if key.endswith("_fen"):  # money is stored in fen and shown in yuan
        return (own.get(key[:-4]) or SHARED_FIELDS.get(key[:-4]) or "金额") + "（元）"
    return OTHER_FIELD


def _load(text: str | None) -> Any:
    if text is None:
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return text


def _value(value: Any, key: str, entity: str, wording: Wording) -> str:
    """A stored value as a clerk reads it: codes as their labels, lists joined."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        decoded = _load(value)
        if not isinstance(decoded, str):
            value = decoded
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) and key.endswith("_fen"):
        return f"{value / 100:.2f}"
    if isinstance(value, list):
        sep = "；" if any(isinstance(v, dict) for v in value) else "、"
        return sep.join(_value(v, key, entity, wording) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{_field_label(k, entity, wording)}：{_value(v, k, entity, wording)}"
                        for k, v in value.items())
    text = str(value)
    if key == "community_id" and text in wording.communities:
        return wording.communities[text]
    if key in ("state", "status") and text in wording.states.get(entity, {}):
        return wording.states[entity][text]
    codes = wording.values.get(entity, {})
    return codes.get(f"{key}.{text}") or codes.get(text, text)  # "field.code" wins


def filter_values(store: Store, actor: Actor) -> tuple[list[str], list[str]]:
    """Distinct entities and actor names for the filter lists."""
    require(actor, "audit.view")
    return (audit_store.distinct_values(store, "entity"),
            audit_store.distinct_values(store, "actor_name"))


def entity_label(entity: str, wording: Wording) -> str:
    """What kind of record ``entity`` is, in Chinese."""
    return wording.entities.get(entity) or SHARED_ENTITIES.get(entity, "其他记录")


def verify(store: Store, actor: Actor) -> tuple[int, ChainBreak | None]:
    """(row count, first broken link or None)."""
    require(actor, "audit.view")
    count, _ = audit_store.head(store)
    return count, audit_store.verify_chain(store)
