# SPDX-License-Identifier: MIT
"""The states of a certificate request (证明开具) and the gates of issuing and refusing it.

A committee issues only the certificate types in the 社区开具证明目录 version in force (北京市社区
工作准入管理办法（试行）, 2019), and never one on the national negative list (民发〔2020〕20号:
a certificate needs a clear legal basis and must fall within the committee's duties). A request
at the counter ("申请", never stored) ends as one register row, issued or refused; a row is
voided with a reason, never deleted (its number stays taken).
"""

from __future__ import annotations

from dataclasses import dataclass

from jiedao_desk.base.states import Action, Guard, StateMachine
from jiedao_desk.core.catalog import CatalogItem
from jiedao_desk.domains.certificates.model import (
    DENIED,
    EMPTY,
    NO_CATALOG,
    NO_DENYLIST,
    NOT_IN_CATALOG,
    SIMILAR,
    Certificate,
    Check,
    ListInForce,
)

ENTITY = "certificate"

REQUESTED = "requested"  # the request being judged at the counter; no row exists yet
STATES = {REQUESTED: "申请", "issued": "已开具", "refused": "不予出具", "voided": "已作废"}
RECORDED = ("issued", "refused", "voided")  # the states of register rows
REASONS = {"denylist": "负面清单", "not_in_catalog": "不在目录中"}  # why a request was refused

_CATALOG = ("北京市社区工作准入管理办法（试行）（2019）："
            "居民委员会只出具现行《社区开具证明目录》所列证明")
_DENYLIST = "民发〔2020〕20号：负面清单所列证明事项，居民委员会不应出具"


def catalog_problem(cat: ListInForce) -> str:
    """Why nothing can be issued under this 目录 ('' when it has items)."""
    if cat.usable:
        return ""
    head = (f"现行的{cat.describe()}没有条目：正式目录尚未导入，不能开具任何证明。"
            if cat.version else
            f"{cat.on.isoformat()} 没有现行的社区开具证明目录，不能开具任何证明。")
    # An older version with items is not a fallback: only the version in force counts.
    older = "".join(f"另有“{v.label}”版（{v.item_count}项），不是现行版本，不能作为开具依据。"
                    for v in cat.older)
    return (head + older + "请管理员在“参考目录”页选中“社区开具证明目录”，点击“导出空白模板…”，"
            "按街道收到的正式目录附件填好后点击“导入新版本…”，导入并生效后即可开具。")


@dataclass(frozen=True)
class Subject:
    """What the guards look at.

    Attributes:
        check: the live check of the request against both lists (issue, refuse).
        confirmed_not_same: the clerk confirmed the request is not the negative-list item it
            resembles.
        deny_item: the negative-list item a refusal names (picked, or found in the matter).
        catalog_item: the 目录 item whose name is the refused matter, if any.
        matter: what the applicant asked for.
        certificate: the register row (refusal notice, void).
    """

    check: Check | None = None
    confirmed_not_same: bool = False
    deny_item: CatalogItem | None = None
    catalog_item: CatalogItem | None = None
    matter: str = ""
    certificate: Certificate | None = None


def _verdict(*verdicts: str):
    return lambda s: s.check.message if s.check.verdict in verdicts else None


# -- gates of issuing ------------------------------------------------------------------------
# The negative list is checked first and with the item's full name: such a request is refused.
NOT_DENIED = Guard(
    "not_denied", _DENYLIST,
    lambda s: f"{s.check.message}。居民委员会不应出具此项证明，请改为“出具不予开具告知书”。"
    if s.check.verdict == DENIED else None)
# Without the negative list nothing can be checked against it, so nothing is issued.
DENYLIST_LOADED = Guard("denylist_loaded", _DENYLIST + "（未载入则无法核对）",
                        _verdict(NO_DENYLIST), field="item_seq")
# An empty 目录 in force (the shipped 2019-12 version: its annex is not public) allows nothing;
# an older version is no fallback.
CATALOG_IN_FORCE = Guard("catalog_in_force", _CATALOG, _verdict(NO_CATALOG), field="item_seq")
IN_CATALOG = Guard(
    "in_catalog", _CATALOG,
    lambda s: "请选择证明事项。" if s.check.verdict == EMPTY
    else _verdict(NOT_IN_CATALOG)(s), field="item_seq")
# A request resembling a negative-list item is issued only once the clerk confirmed it is not
# the same matter (the confirmation is recorded); the threshold is a software hint, not law.
NOT_SAME_CONFIRMED = Guard(
    "not_same_confirmed",
    _DENYLIST + "；相似度提示见设置“certificate.denylist_similarity”（非法定）",
    lambda s: s.check.message + "。" if s.check.verdict == SIMILAR and not s.confirmed_not_same
    else None, field="confirm_not_same")

# -- gates of refusing -----------------------------------------------------------------------
# "Not in the 目录" needs a 目录 with items: with an empty one in force nobody can tell, and
# the refusal would state something unknown.
REASON_KNOWN = Guard(
    "reason_known", _CATALOG,
    lambda s: None if s.deny_item is not None or s.check.catalog.usable
    else "不能以“不在目录中”为由拒绝：" + catalog_problem(s.check.catalog)
    + "属于负面清单的事项，请选择对应的清单项。", field="deny_seq")
NOT_A_CATALOG_ITEM = Guard(
    "not_a_catalog_item", _CATALOG,
    lambda s: f"“{s.matter}”是目录第{s.catalog_item.seq}项，不能以“不在目录中”为由拒绝。"
    if s.deny_item is None and s.catalog_item is not None else None, field="matter")

# -- gates of the register row ---------------------------------------------------------------
_NOTICE_DONE = "该登记已作废或已出具告知书（可在文书档案中重印）。"
NO_NOTICE_YET = Guard(
    "no_notice_yet", "不予出具证明告知书每条登记出具一份（重印见文书档案；本程序规则）",
    lambda s: _NOTICE_DONE if s.certificate.document_id is not None else None)


def _notice_not_now(s: Subject) -> str:
    if s.certificate is not None and s.certificate.outcome == "refused":
        return _NOTICE_DONE
    return "只有不予出具的登记才能出具告知书。"


MACHINE = StateMachine(ENTITY, STATES, (
    Action("issue", "开具", (REQUESTED,), "issued",
           (NOT_DENIED, DENYLIST_LOADED, CATALOG_IN_FORCE, IN_CATALOG, NOT_SAME_CONFIRMED)),
    Action("refuse", STATES["refused"], (REQUESTED,), "refused",
           (REASON_KNOWN, NOT_A_CATALOG_ITEM)),
    Action("refusal_notice", "出具告知书", ("refused",), None, (NO_NOTICE_YET,),
           not_now=_notice_not_now),
    Action("void", "作废", ("issued", "refused"), "voided",
           not_now=lambda s: f"该登记已经作废（{s.certificate.void_reason}）。"),
), final=("voided",))
