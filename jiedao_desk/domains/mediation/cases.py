# SPDX-License-Identifier: MIT
"""People's mediation (人民调解): intake and acceptance, case numbers, the case record, search.

Sources: /work/shared/reference/mediation-hotline.md §1–3. A party may apply (written or
oral; the clerk writes an oral application down and the party signs), or the committee
mediates on its own initiative (人民调解法 第十七条); courts and police may refer parties (ch.4).
Cases are registered (人民调解法 第二十七条); a case that does not qualify is refused with
the route told (若干规定). Work, outcome and after-care are in actions.py, corrections in
corrections.py, documents in documents.py, the case file in dossier.py, statistics in stats.py;
which action a case may take now is decided by rules.py.
Only mediation roles see anything here: mediators keep parties' secrets (人民调解法 第十五条).
"""

from __future__ import annotations

import datetime as dt
import json
import string
from collections import Counter
from typing import Any

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import JiedaoError, NotFound, ValidationError
from jiedao_desk.core import auth, catalog, numbering, validate
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.core.settings import Setting
from jiedao_desk.core.spec import SearchSource
from jiedao_desk.domains.mediation import rules
from jiedao_desk.domains.mediation import store as med_store
from jiedao_desk.domains.mediation.model import ROLES, SOURCES, Case, case_from_rows
from jiedao_desk.domains.mediation.rules import ENTITY
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store
from jiedao_desk.store import org as org_store
from jiedao_desk.store import search as search_store

DISPUTE_CATALOG = "dispute_type"
PATTERN_FIELDS = ("year", "committee_short", "serial")

SETTINGS = settings_mod.declare(
    Setting("mediation.case_number_pattern", "人民调解卷号格式",
            "（{year}）{committee_short}人调字第{serial}号",
            "地方卷宗封面模板把卷号印作“（ ）人调字第 号”（地方模板）"
            "；调委会简称的写法与北京格式未见，可修改。可用「年份」、「调委会简称」、"
            "「序号」。", "人民调解", number_pattern=True),
    Setting("mediation.follow_up_days", "达成协议后多少日内回访", 30,
            "本地设置，非法定：人民调解法第三十一条只要求督促履行；“应当回访”见于地方规定"
            "（参考资料 §1 回访行，P），期限未见。", "人民调解"),
)


def yuan_to_fen(value: Any, field_name: str = "涉及金额") -> int:
    """Parse an amount in yuan (two decimals at most) into fen."""
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    if not text:
        return 0
    try:
        fen = round(float(text) * 100)
    except ValueError:
        raise ValidationError(f"{field_name}“{value}”不是数字（单位：元）。", field_name) from None
    if fen < 0:
        raise ValidationError(f"{field_name}不能为负数。", field_name)
    return int(fen)


def committee_key(community_id: int | None) -> str:
    """Serial scope of a committee: 'c:<id>' for a community, 'street' for the street."""
    return "street" if community_id is None else f"c:{community_id}"


def committee_name(store: Store, community_id: int | None) -> str:
    """Printed name of a committee, e.g. 和平里社区人民调解委员会."""
    if community_id is None:
        # the street's committee is named after the street, not its office: "和平里街道人民
        # 调解委员会", never "和平里街道办事处人民调解委员会" (the 调委会 is not the 办事处's organ)
        street = org_store.get_street(store)
        name = street["name"].strip().removesuffix("办事处") if street else ""
        return f"{name or '街道'}人民调解委员会"
    row = org_store.get_community(store, community_id)
    return f"{row['name']}人民调解委员会" if row else "人民调解委员会"


def _committee_short(store: Store, community_id: int | None) -> str:
    if community_id is None:
        street = org_store.get_street(store)
        name = street["name"] if street else "街道"
        return name.removesuffix("办事处").removesuffix("街道") or name
    row = org_store.get_community(store, community_id)
    if row is None:
        raise ValidationError("所选社区不存在或已作废。", "community_id")
    return row["name"].removesuffix("社区") or row["name"]


def format_case_number(pattern: str, year: int, short: str, serial: int) -> str:
    """Fill the case-number pattern (stored, or typed with Chinese names such as 「年份」);
    unknown placeholders are a ValidationError."""
    pattern = numbering.stored_pattern(pattern, PATTERN_FIELDS)
    for _, name, _, _ in string.Formatter().parse(pattern):
        if name is not None and name not in PATTERN_FIELDS:
            raise ValidationError(f"卷号格式中的“{{{name}}}”无法识别，可用："
                                  "「年份」、「调委会简称」、「序号」。", "pattern")
    if "{serial" not in pattern:
        raise ValidationError("卷号格式必须包含「序号」。", "pattern")
    return pattern.format(year=year, committee_short=short, serial=serial)


def next_case_number(store: Store, community_id: int | None, year: int) -> tuple[str, int]:
    """The next case number of a committee in a year (serials never reused)."""
    serial = med_store.max_serial(store, committee_key(community_id), year) + 1
    pattern = str(settings_mod.get(store, SETTINGS["mediation.case_number_pattern"]))
    return format_case_number(pattern, year, _committee_short(store, community_id),
                              serial), serial


def dispute_types(store: Store, on: dt.date | None = None) -> tuple[int | None, list[str]]:
    """(version id, item texts) of the dispute-type list in force (may be empty)."""
    try:
        version = catalog.current_version(store, DISPUTE_CATALOG, on=on)
    except NotFound:  # never imported
        version = None
    if version is None:
        return None, []
    assert version.id is not None, "a stored catalog version always has its id"
    return version.id, [i.text for i in catalog.items(store, version.id)]


def committees(store: Store) -> list[tuple[str, int | None]]:
    """(printed name, community id) of every committee a case can be registered with: the
    live communities' committees in display order, then the street committee (None)."""
    return [(f"{c['name']}人民调解委员会", c["id"]) for c in org_store.list_communities(store)] \
        + [("街道人民调解委员会", None)]


def check_dispute_type(store: Store, text: str, on: dt.date) -> int:
    """The id of the dispute-type list in force on ``on`` if ``text`` is one of its items."""
    version_id, texts = dispute_types(store, on)
    if version_id is None or not texts:
        raise ValidationError("现行纠纷类型目录为空或未导入：请管理员在“参考目录”页选中“纠纷类型”，"
                              "点击“导入新版本…”导入后再登记。", "dispute_type")
    if text not in texts:
        raise ValidationError(f"纠纷类型“{text}”不在现行目录中（可选：{'、'.join(texts)}）。",
                              "dispute_type")
    return version_id


def clean_party(raw: dict, n: int) -> dict[str, str | None]:
    """Validate the ``n``-th party (a dict as ``register_case`` takes it) into store values."""
    label = f"第{n}个当事人"
    role = raw.get("role", "")
    kind = raw.get("kind", "person")
    if role not in ROLES:
        raise ValidationError(f"{label}的身份应为申请人或被申请人。", "role")
    if kind not in ("person", "org"):
        raise ValidationError(f"{label}应为自然人或单位。", "kind")
    out: dict[str, str | None] = {f: "" for f in med_store.PARTY_FIELDS}
    out.update(role=role, kind=kind, birth_date=None,
               name=validate.required_text(raw.get("name"), f"{label}姓名/名称", 100))
    for f in ("ethnicity", "occupation", "address", "representative", "agent_name",
              "agent_authority", "gender"):
        out[f] = str(raw.get(f) or "").strip()
    if kind == "person":
        if raw.get("id_number"):
            info = validate.id_card(raw["id_number"], f"{label}身份证号")
            if out["gender"] and out["gender"] != info.gender:
                raise ValidationError(f"{label}性别与身份证号不符（身份证号为{info.gender}）。",
                                      "gender")
            out.update(id_number=info.number, gender=info.gender,
                       birth_date=info.birth_date.isoformat())
        elif raw.get("birth_date"):
            out["birth_date"] = validate.date(raw["birth_date"], f"{label}出生日期",
                                              not_after_today=True).isoformat()
        if out["gender"] not in ("", "男", "女"):
            raise ValidationError(f"{label}性别应为男或女。", "gender")
    else:
        if raw.get("credit_code"):
            out["credit_code"] = validate.credit_code(raw["credit_code"],
                                                      f"{label}统一社会信用代码")
        out["gender"] = ""
    for f, name in (("phone", "联系电话"), ("agent_phone", "代理人电话")):
        if raw.get(f):
            out[f] = validate.phone(raw[f], f"{label}{name}")
    if out["agent_phone"] and not out["agent_name"]:
        raise ValidationError(f"{label}填写了代理人电话但没有代理人姓名。", "agent_name")
    return out


def register_case(  # noqa: PLR0913 — the fields of the one registration form, by keyword
        store: Store, actor: Actor, *, community_id: int | None, source: str,
        dispute_type: str, summary: str, parties: list[dict], claims: list[str] | None = None,
        application_form: str = "", referred_by: str = "",
        received_on: str | dt.date | None = None) -> Case:
    """Register a dispute (受理登记 pending acceptance) and give it the next case number.

    Args:
        community_id: the community's committee, or None for the street committee.
        source: 'application', 'own_initiative' or 'referral' (人民调解法 第十七条, ch.4).
        dispute_type: an item of the dispute-type list in force on ``received_on``.
        parties: dicts with role, kind ('person'/'org'), name and optional particulars.
        application_form: 'written' or 'oral' for applications (若干规定: oral is written
            down by the clerk and signed by the party).
        referred_by: the referring body for referrals.

    Raises:
        ValidationError: any bad field (nothing is written).
    """
    auth.require(actor, "mediation.edit")
    if source not in SOURCES:
        raise ValidationError("案件来源应为当事人申请、调委会主动调解或接受委托移送调解。",
                              "source")
    if source == "application" and application_form not in ("written", "oral"):
        raise ValidationError("当事人申请应注明书面申请或口头申请。", "application_form")
    if source != "application":
        application_form = ""
    referred_by = (referred_by or "").strip()
    if source == "referral" and not referred_by:
        raise ValidationError("委托移送的案件应写明移送单位。", "referred_by")
    day = validate.date(received_on or clock.today(), "登记日期", not_after_today=True)
    if community_id is not None:
        row = org_store.get_community(store, community_id)
        if row is None or row["voided_at"]:
            raise ValidationError("所选社区不存在或已作废。", "community_id")
    version_id = check_dispute_type(store, dispute_type, day)
    summary = validate.required_text(summary, "纠纷简要情况", 4000)
    claims = [c.strip() for c in (claims or []) if c and c.strip()]
    checked = [clean_party(p, n) for n, p in enumerate(parties or [], 1)]
    if len(checked) < 2:
        raise ValidationError("纠纷至少要有两方当事人。", "parties")
    if source == "application" and not any(p["role"] == "applicant" for p in checked):
        raise ValidationError("当事人申请的案件至少要有一名申请人。", "parties")
    with store.atomic():
        number, serial = next_case_number(store, community_id, day.year)
        key = committee_key(community_id)
        values = dict(case_number=number, year=day.year, serial=serial, committee_key=key,
                      level="street" if community_id is None else "community",
                      community_id=community_id, source=source,
                      application_form=application_form, referred_by=referred_by,
                      dispute_type=dispute_type, dispute_type_version_id=version_id,
                      summary=summary, claims=json.dumps(claims, ensure_ascii=False),
                      received_on=day.isoformat(), state="registered")
        case_id = med_store.insert_case(store, values, actor.name)
        med_store.take_number(store, key, day.year, serial, case_id, number)
        for n, p in enumerate(checked, 1):
            med_store.insert_party(store, case_id, n, p)
        med_store.add_transition(store, case_id, None, "registered", actor.name,
                                 SOURCES[source])
        reindex(store, case_id)
        audit_store.record(store, actor, "mediation.register", ENTITY, case_id, None,
                           {**values, "parties": [{"role": p["role"], "name": p["name"]}
                                                  for p in checked]})
    return get_case(store, actor, case_id)


def get_case(store: Store, actor: Actor, case_id: int) -> Case:
    """One case with parties, records and history (NotFound if missing)."""
    auth.require(actor, "mediation.view")
    row = med_store.get_case(store, case_id)
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的调解案件。")
    return case_from_rows(row, med_store.parties(store, case_id), med_store.events(store, case_id),
                          med_store.transitions(store, case_id))


def list_source(store: Store, actor: Actor):
    """The case list for list screens and the ledger export.

    The screen shows parties by name only. The hidden 当事人证件号码 column, which the ledger
    export carries, is masked unless the actor may see whole numbers (``mediation.view_ids``):
    mediators keep parties' secrets (人民调解法 第十五条), and an exported file leaves the app.
    """
    auth.require(actor, "mediation.view")
    return med_store.list_source(store, full_ids=auth.can(actor, "mediation.view_ids"))


def reindex(store: Store, case_id: int) -> None:
    """Refresh a case's entry in the global search index (inside a transaction)."""
    row = med_store.get_case(store, case_id)
    if row is None or row["voided_at"]:
        search_store.unindex(store, ENTITY, case_id)
    else:
        search_store.index(store, ENTITY, case_id, med_store.case_search_text(store, case_id))


def describe(store: Store, actor: Actor, case_id: int) -> tuple[str, str] | None:
    # Only mediation roles see that a case exists (人民调解法 第十五条: parties' secrets).
    if not auth.can(actor, "mediation.view"):
        return None
    row = med_store.get_case(store, case_id)
    if row is None or row["voided_at"]:
        return None
    names = "、".join(p["name"] for p in med_store.parties(store, case_id))
    return (f"调解案件 {row['case_number']} {names}",
            f"{row['received_on']} {row['dispute_type']} {rules.label(row['state'])}："
            f"{row['summary'][:40]}")


SOURCE = SearchSource(ENTITY, "人民调解案件", describe, reindex)


def live_case(store: Store, case_id: int, action: str) -> dict:
    """The row of a case that may take ``action`` (a key of ``rules.MACHINE``) as far as its
    record tells: state and guards (inside a transaction). NotFound if there is no such case.
    An action that brings facts of its own asks ``rules.require`` again with ``facts_of``."""
    row = med_store.get_case(store, case_id)
    if row is None:
        raise NotFound(f"没有编号为 {case_id} 的调解案件。")
    rules.require(action, facts_of(store, row))
    return row


def check_action(store: Store, actor: Actor, case_id: int, action: str) -> str | None:
    """Why ``action`` (a key of ``rules.MACHINE``) is not possible on the case now, in one
    Chinese sentence, or None if it is: asked before a form opens, so nobody types a form that
    cannot be saved. The action itself asks again when it is taken."""
    try:
        auth.require(actor, "mediation.edit")
        get_case(store, actor, case_id)  # the case is there and the actor may see it
        live_case(store, case_id, action)
    except JiedaoError as exc:
        return str(exc)
    return None


def facts_of(store: Store, row: dict, **context: Any) -> rules.Facts:
    """What the guards read about the case of ``row``, plus what the action brings
    (``context``: fields of ``rules.Facts``)."""
    records = Counter(e["kind"] for e in med_store.events(store, row["id"]))
    return rules.facts(row, records, **context)


def change_state(store: Store, actor: Actor, row: dict, action: str, audit_action: str,
                 reason: str = "", **fields: Any) -> None:
    """Record ``action`` on a case: update it (to the action's target state, if any), append
    its history and audit row (call inside a transaction, after the rules allowed it)."""
    before = {k: row[k] for k in fields if k in row}
    to_state = rules.MACHINE.action(action).target or row["state"]
    if to_state != row["state"]:
        fields["state"] = to_state
        med_store.add_transition(store, row["id"], row["state"], to_state, actor.name, reason)
    med_store.update_case(store, row["id"], **fields)
    audit_store.record(store, actor, audit_action, ENTITY, row["id"],
                       {"state": row["state"], **before}, {**fields, "reason": reason})


def accept(store: Store, actor: Actor, case_id: int,
           on: str | dt.date | None = None) -> Case:
    """Accept a registered case (受理); starts the one-month advisory clock."""
    auth.require(actor, "mediation.edit")
    with store.atomic():
        row = live_case(store, case_id, "accept")
        day = validate.date(on or clock.today(), "受理日期", not_after_today=True)
        if day < dt.date.fromisoformat(row["received_on"]):
            raise ValidationError("受理日期不能早于登记日期。", "accepted_on")
        change_state(store, actor, row, "accept", "mediation.accept",
                     accepted_on=day.isoformat())
    return get_case(store, actor, case_id)


def refuse(store: Store, actor: Actor, case_id: int, reason: str, route: str) -> Case:
    """Refuse a case, recording the reason and the route told to the party (若干规定)."""
    auth.require(actor, "mediation.edit")
    reason = validate.required_text(reason, "不予受理理由", 1000)
    route = validate.required_text(route, "告知当事人的途径", 1000)
    with store.atomic():
        row = live_case(store, case_id, "refuse")
        change_state(store, actor, row, "refuse", "mediation.refuse", reason,
                     refusal_reason=reason, refusal_route=route)
    return get_case(store, actor, case_id)


def void_case(store: Store, actor: Actor, case_id: int, reason: str) -> Case:
    """Void a case registered by mistake (it stays on record with its number)."""
    auth.require(actor, "mediation.edit")
    reason = validate.required_text(reason, "作废原因", 500)
    with store.atomic():
        row = live_case(store, case_id, "void_case")
        med_store.update_case(store, case_id, voided_at=clock.now().isoformat(sep=" "),
                              void_reason=reason)
        med_store.add_transition(store, case_id, row["state"], "voided", actor.name, reason)
        reindex(store, case_id)  # a voided case leaves the search index
        audit_store.record(store, actor, "mediation.void", ENTITY, case_id,
                           {"state": row["state"]}, {"reason": reason})
    return get_case(store, actor, case_id)
