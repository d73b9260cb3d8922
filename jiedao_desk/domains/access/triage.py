# SPDX-License-Identifier: MIT
"""Triage of access requests against the duty list (社区职责清单) in force.

Branches (shared/reference/access-lists.md §3 item 2):

- on the 依法履行 list (category ``own``) → 准入 suggested;
- on the 依法协助 list (``assist``) → 准入 only if every requested role verb is in the role_verb
  list in force and every required working condition is provided (费随事转, §2.3), else
  flagged with exactly what is missing;
- not on the list → needs an approval decision within the time limits (settings);
- the list in force is empty/unknown → said plainly, and the request needs approval.

The program only *suggests* list items by text similarity; a person confirms the match (or
confirms that none fits), and who did is stored. The duty-list version used is stored on the
request, so a later version never rewrites a past triage; after the decision no re-triage.
"""

from __future__ import annotations

import json

from jiedao_desk.base import clock
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core import catalog
from jiedao_desk.core.catalog import CatalogItem
from jiedao_desk.domains.access import requests as access
from jiedao_desk.domains.access import rules
from jiedao_desk.domains.access import store as access_store
from jiedao_desk.domains.access.model import AccessRequest, Suggestion, TriageResult
from jiedao_desk.store import Store
from jiedao_desk.store import audit as audit_store

MIN_SCORE = 0.25  # below this a list item is not worth showing as a suggestion
MAX_SUGGESTIONS = 5
_KIND_ALIASES = {"own": "own", "履行": "own", "依法履行": "own", "assist": "assist",
                 "协助": "assist", "依法协助": "assist"}


def item_kind(item: CatalogItem) -> str:
    """own / assist from the item's category (English keys or Chinese names), else ""."""
    return _KIND_ALIASES.get((item.category or "").strip(), "")


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if not c.isspace() and c not in "，。、；：（）()“”,.;:"]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)} or set(chars)


def similarity(request_text: str, item_text: str) -> float:
    """How well a list item's wording is covered by a request's title and content (0–1).

    The larger of: the share of the item's character bigrams found in the request (items are
    short, requests long, so plain Jaccard would punish long requests), and difflib's ratio of
    the item against the request text.
    """
    item, req = _bigrams(item_text), _bigrams(request_text)
    cover = len(item & req) / len(item) if item else 0.0
    from difflib import SequenceMatcher  # only when a request is triaged

    ratio = SequenceMatcher(None, request_text, item_text, autojunk=False).ratio()
    return round(max(cover, ratio), 3)


def suggest(request_text: str, items: list[CatalogItem]) -> list[Suggestion]:
    """List items ranked by similarity (best first), those under ``MIN_SCORE`` left out."""
    scored = [Suggestion(i.id or 0, i.seq, i.text, item_kind(i), similarity(request_text, i.text))
              for i in items]
    scored = [s for s in scored if s.score >= MIN_SCORE]
    scored.sort(key=lambda s: (-s.score, s.seq))
    return scored[:MAX_SUGGESTIONS]


def _required_conditions(store: Store, conditions: dict[str, dict]) -> list[str]:
    base = access.setting_list(store, "access.assist_required_conditions")
    needed = [name for name, spec in conditions.items() if spec.get("needed")]
    return list(dict.fromkeys([*base, *needed]))


def _role_verbs_in_force(store: Store, version_id: int | None) -> list[str]:
    return [i.text for i in catalog.items(store, version_id)] if version_id else []


def evaluate(store: Store, req: AccessRequest, matched: Suggestion | None,
             confirmed: bool, list_empty: bool, has_suggestions: bool) -> dict:
    """The outcome code and the missing verbs/conditions for a (confirmed) match."""
    missing_verbs: list[str] = []
    missing_conditions: list[str] = []
    if list_empty:
        outcome = "no_list"
    elif matched is None:
        outcome = "unconfirmed" if has_suggestions and not confirmed else "needs_approval"
    elif not confirmed:
        outcome = "unconfirmed"
    elif matched.kind == "own":
        outcome = "own"
    else:
        allowed = _role_verbs_in_force(store, req.role_verb_version_id)
        if not req.role_verbs:
            missing_verbs = ["（未写明社区承担的协助角色）"]
        missing_verbs += [v for v in req.role_verbs if v not in allowed]
        missing_conditions = [c for c in _required_conditions(store, req.conditions)
                              if not req.conditions.get(c, {}).get("provided")]
        if matched.kind != "assist":
            missing_verbs.insert(0, "（匹配条目未标明履行或协助，请管理员核对清单）")
        outcome = "assist_flagged" if (missing_verbs or missing_conditions) else "assist_ok"
    return {"outcome": outcome, "missing_verbs": missing_verbs,
            "missing_conditions": missing_conditions}


def _message(outcome: str, matched: Suggestion | None, missing_verbs: list[str],
             missing_conditions: list[str], role_text: str) -> str:
    if outcome == "no_list":
        return rules.NO_LIST_MESSAGE + "。"
    if outcome == "unconfirmed":
        return ("程序按文字相似度给出了候选条目，须由工作人员确认匹配哪一项"
                "（或确认清单内无此事项）。")
    if outcome == "needs_approval":
        return "清单内无此事项：须经准入审批；未经批准的，社区可拒绝。"
    if matched is None:  # own / assist outcomes are stored with the confirmed item
        raise Conflict("比对记录缺少已确认的清单条目，请重新比对职责清单。")
    if outcome == "own":
        return f"属于依法履行职责事项（第{matched.seq}项：{matched.text}），建议准入。"
    parts = []
    if missing_verbs:
        parts.append(f"超出协助角色（{role_text}）：{'、'.join(missing_verbs)}")
    if missing_conditions:
        parts.append(f"未提供必要工作条件：{'、'.join(missing_conditions)}")
    head = f"属于依法协助事项（第{matched.seq}项：{matched.text}）"
    if not parts:
        return head + "，协助角色在清单内且工作条件已提供，建议准入。"
    return head + "，但" + "；".join(parts) + "。须补正后重新比对，或经审批决定。"


SAMPLE_NOTE = ("【示例】所用为培训用的示例清单，不是正式的社区职责清单，"
               "本结论只供练习，不能作为准入依据。")


def _version_text(store: Store, version_id: int | None, title: str) -> tuple[str, bool]:
    """The list a triage used, in one line, and whether it is a training sample."""
    if version_id is None:
        return f"{title}（无生效版本）", False
    v = catalog.get_version(store, version_id)
    return (f"{v.title} {v.label}（置信度：{v.confidence_label}，{v.item_count}项）",
            catalog.is_sample(v))


def triage_result(store: Store, actor: Actor, request_id: int) -> TriageResult | None:
    """The stored triage of a request (None before the first triage)."""
    req = access.get_request(store, actor, request_id)
    if not req.triage_outcome:
        return None
    d = req.triage_detail
    sugg = tuple(Suggestion(**s) for s in d.get("suggestions", []))
    matched = Suggestion(**d["matched"]) if d.get("matched") else None
    version_text, sample = _version_text(store, req.duty_version_id, "社区职责清单")
    role_text = ("、".join(_role_verbs_in_force(store, req.role_verb_version_id))
                 or "协助角色清单未导入")
    msg = _message(req.triage_outcome, matched, d.get("missing_verbs", []),
                   d.get("missing_conditions", []), role_text)
    if sample:  # shown, printed and exported wherever the triage is
        msg = f"{SAMPLE_NOTE}{msg}"
    return TriageResult(
        req.id, req.triage_outcome, req.outcome_label, msg, req.duty_version_id, version_text,
        bool(d.get("list_empty")), sugg, matched, req.match_confirmed, req.match_confirmed_by,
        tuple(d.get("missing_verbs", [])), tuple(d.get("missing_conditions", [])), role_text,
        None if req.triage_outcome in rules.ADMITTED_OUTCOMES else req.decide_by,
        req.late_application)


def _saved_result(store: Store, actor: Actor, request_id: int) -> TriageResult:
    """The triage just saved (its outcome is stored, so there is one)."""
    result = triage_result(store, actor, request_id)
    assert result is not None, request_id
    return result


def _save(store: Store, actor: Actor, row: dict, values: dict, action: str) -> None:
    access_store.update(store, row["id"], values)
    target = rules.target(action)
    if row["state"] != target:  # 登记 → 审核 once the list has been consulted
        access_store.add_transition(store, row["id"], row["state"], target, actor.name,
                                    "已比对职责清单，进入审核")
        access_store.update(store, row["id"], {"state": target})
    audit_store.record(store, actor, f"access.{action}", access.ENTITY, row["id"],
                       {k: row[k] for k in values}, values)
    access.travel(store, actor, row["id"], row["state"], target, False)


def triage_request(store: Store, actor: Actor, request_id: int) -> TriageResult:
    """Compare a request with the duty list in force on its registration date.

    Raises:
        Conflict: already decided (past triages are never rewritten) or locked by a document.
    """
    row = access.require_on(store, actor, rules.PERMISSIONS["triage"], request_id)
    access.require(store, "triage", row)
    req = access.get_request(store, actor, request_id)
    try:
        version = catalog.current_version(store, "duty_list", on=req.received_on)
    except NotFound:
        version = None
    version_id = version.id if version else None
    items = catalog.items(store, version_id) if version_id is not None else []
    found = suggest(f"{req.title}\n{req.content}", items)
    ev = evaluate(store, req, None, False, not items, bool(found))
    detail = {"suggestions": [s.__dict__ for s in found], "list_empty": not items,
              "matched": None, **{k: ev[k] for k in ("missing_verbs", "missing_conditions")}}
    values = {"duty_version_id": version_id,
              "triage_outcome": ev["outcome"],
              "triage_detail": json.dumps(detail, ensure_ascii=False),
              "triage_at": clock.now().isoformat(sep=" ", timespec="seconds"),
              "triage_by": actor.name, "matched_item_id": None, "match_confirmed": 0,
              "match_confirmed_by": None, "match_confirmed_at": None}
    with store.atomic():
        _save(store, actor, row, values, "triage")
    return _saved_result(store, actor, request_id)


def confirm_match(store: Store, actor: Actor, request_id: int,
                  item_seq: int | None) -> TriageResult:
    """A person confirms which list item the request is (``None``: none fits).

    Any item of the version the request was triaged against may be chosen, not only the
    suggestions. Role verbs and conditions are then checked for an assist item.

    Raises:
        Conflict: not triaged yet, already decided, or the list in force was empty.
        ValidationError: no item with that number in the version.
    """
    row = access.require_on(store, actor, rules.PERMISSIONS["confirm_match"], request_id)
    access.require(store, "confirm_match", row)
    detail = json.loads(row["triage_detail"])
    matched = None
    if item_seq is not None:
        items = {i.seq: i for i in catalog.items(store, row["duty_version_id"])}
        if int(item_seq) not in items:
            raise ValidationError(f"所用清单版本中没有第{item_seq}项。", "item_seq")
        item = items[int(item_seq)]
        req_text = f"{row['title']}\n{row['content']}"
        matched = Suggestion(item.id or 0, item.seq, item.text, item_kind(item),
                             similarity(req_text, item.text))
    req = access.get_request(store, actor, request_id)
    ev = evaluate(store, req, matched, True, False, True)
    detail.update({"matched": matched.__dict__ if matched else None,
                   "missing_verbs": ev["missing_verbs"],
                   "missing_conditions": ev["missing_conditions"]})
    values = {"triage_outcome": ev["outcome"],
              "triage_detail": json.dumps(detail, ensure_ascii=False),
              "matched_item_id": matched.item_id if matched else None, "match_confirmed": 1,
              "match_confirmed_by": actor.name,
              "match_confirmed_at": clock.now().isoformat(sep=" ", timespec="seconds")}
    with store.atomic():
        _save(store, actor, row, values, "confirm_match")
    return _saved_result(store, actor, request_id)
