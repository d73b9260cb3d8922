# SPDX-License-Identifier: MIT
"""The two decisions: 行政处罚决定书 (行政处罚法 第五十九条) and 当场行政处罚决定书
(第五十二条), with the penalty stated once, the evidence listed and the remedies."""

from __future__ import annotations

import re

from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement.document_data.common import (
    CATALOG_NOTE,
    RECONSIDERATION,
    clause,
    event_of,
    evidence_list,
    officer_lines,
    payment_place,
    penalty_phrase,
)
from jiedao_desk.domains.enforcement.model import Case
from jiedao_desk.store import Store


def _reconsideration_body(store: Store) -> str:
    """The district people's government (setting); refuses while it is not filled in."""
    body = str(settings_mod.get(store, RECONSIDERATION) or "").strip()
    if not body:
        raise ValidationError(
            "尚未设置行政复议机关：请管理员在“设置—综合执法—行政复议机关（本区人民政府全称）”"
            "中填写本区人民政府全称（如“北京市××区人民政府”，行政复议法 第二十四条），"
            "然后再出具处罚决定书。", "reconsideration_body")
    return body


# "罚款", "并处罚款5000元", "罚款人民币伍仟元整", "罚款五千元": the fine as the officer wrote it
_FINE_WORDS = re.compile(
    r"(并处)?罚款(人民币)?[0-9０-９,，.．零壹贰叁肆伍陆柒捌玖拾佰仟〇一二两三四五六七八九十百千万]*"
    r"(元)?(整)?")


def penalty_text(decision_text: str, fine_fen: int, fine_words: str) -> str:
    """The penalty, each part once: the officer's 处罚内容 without its restated fine, then the
    fine in words (the amount is printed once, in capitals)."""
    others = _FINE_WORDS.sub("", decision_text or "")
    others = re.sub(r"[、，,；;。\s]+", "、", others).strip("、")
    parts = [others] if others else []
    if fine_fen:
        parts.append(f"罚款{fine_words}")
    return "；".join(parts)


# The evidence of the file as a decision lists it (行政处罚法 第五十九条第二项: 违法事实和证据),
# with what the party said and the hearing (common.evidence_list).
DECISION_EVIDENCE = {
    "inspection": "{day}现场检查笔录",
    "inquiry": "{day}询问笔录（被询问人：{interviewee}）",
    "evidence": "{description}（{day}取得）",
    "preservation": "{day}证据先行登记保存清单（{items}）",
    "statement": "{day}陈述申辩笔录",
    "hearing_held": "{day}听证笔录",
}


def _party_address(data: dict) -> None:
    """Refuse a decision without the party's address (行政处罚法 第五十九条第一款第（一）项):
    it is typed when issuing if the party was registered without one."""
    if not str(data.get("party_address") or "").strip():
        raise ValidationError(
            f"当事人{data['party_name']}的地址未登记：处罚决定书须载明当事人的姓名或者名称、地址"
            "（行政处罚法 第五十九条第一款第（一）项），请在出具时填写当事人地址。",
            "party_address")


def penalty_decision(store: Store, case: Case, data: dict) -> dict:
    """行政处罚决定书 (行政处罚法 第五十九条): the facts and provisions established at 事先告知,
    the evidence listed, what the party did after the notice, the penalty once, where to pay
    (Art. 67), and the remedies with their starting day (复议 60 days, 行政复议法 第二十条; 诉讼
    six months, 行政诉讼法 第四十六条) before the district government (行政复议法 第二十四条)."""
    e = event_of(store, case, "prior_notice", data,
               "请先登记事先告知（事实、违反的规定和处罚依据）。")
    _party_address(data)
    notice = e.details
    data["facts"] = clause(notice.get("facts") or data["facts"])
    if not str(data.get("penalty_basis") or "").strip():
        raise ValidationError(
            "本案事先告知未登记处罚依据（罚则）：请重新登记事先告知，分别填写违反的规定和处罚依据。",
            "penalty_basis")
    given = data.get("evidence")
    items = _as_items(given) if given else evidence_list(store, case, DECISION_EVIDENCE)
    if not items:
        raise ValidationError("决定书须列明证据：案卷中没有笔录或证据记录，请先登记，"
                              "或在出具时填写“证据”。", "evidence")
    data["evidence"] = "；".join(f"{i}．{t}" for i, t in enumerate(items, 1)) + "。"
    data["penalty_text"] = penalty_text(case.decision_text, case.fine_fen, data["fine_words"])
    data["reconsideration_body"] = _reconsideration_body(store)
    if case.fine_fen:  # a warning alone asks for no payment
        data.setdefault("payment_place", payment_place(store, "行政处罚决定书"))
    return data


def _as_items(value) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[\n；;]", value) if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def on_the_spot_decision(store: Store, case: Case, data: dict) -> dict:
    """当场行政处罚决定书 (Art. 52): only for a 简易程序 case; number = the pre-printed one."""
    if case.procedure != "simple":
        raise ValidationError("当场行政处罚决定书只用于简易程序（当场处罚）案件。", "procedure")
    e = event_of(store, case, "simple_decision", data, "本案没有当场处罚记录。")
    _party_address(data)
    data.update(decision_day=e.day.isoformat(), paper_number=case.paper_number,
                facts=clause(data["facts"]), officer_lines=officer_lines(e.officers))
    # Art. 52 ¶2: the decision states the penalty's basis — the provision violated and the
    # 罚则 recorded at 当场处罚 (or typed when issuing), never a catalogue note.
    for key, label in (("basis", "违反的规定"), ("penalty_basis", "处罚依据（罚则）")):
        value = str(data.get(key) or "").strip()
        if not value or CATALOG_NOTE.search(value):
            raise ValidationError(
                f"本案未登记{label}的具体条款（职权目录中也未写明条款）：请在出具时填写"
                f"{label}（如“《××条例》第×条第×款”），当场处罚决定书须载明处罚依据"
                "（行政处罚法 第五十二条第二款）。", key)
    kinds = tuple(e.details.get("penalties") or ("fine",))
    data["penalty_text"] = penalty_phrase(kinds, case.fine_fen)
    # Art. 68: 当场收缴 only as recorded at the decision; otherwise Art. 67's bank or
    # electronic payment within 15 days, whenever the party in fact paid.
    collected = bool(case.fine_fen and e.details.get("collected_on_spot"))
    data.update(collected_on_spot="是" if collected else "",
                pay_later="是" if case.fine_fen and not collected else "")
    if data["pay_later"]:
        data.setdefault("payment_text", f"自收到本决定书之日起十五日内到"
                        f"{payment_place(store, '当场行政处罚决定书')}或者通过电子支付系统缴纳")
    data["reconsideration_body"] = _reconsideration_body(store)
    return data

