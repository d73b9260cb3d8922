# SPDX-License-Identifier: MIT
"""The legal gates of the enforcement case, one function each.

A guard gets the ``Facts`` of an action and returns None, or one Chinese sentence saying why
the action may not be taken; ``rules.MACHINE`` says which action checks which guard, with the
article it rests on. Article numbers are those of the 2021 行政处罚法 (reference §1.1).
"""

from __future__ import annotations

from decimal import Decimal

from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains.enforcement import court_paper, tiers
from jiedao_desk.domains.enforcement import store as es
from jiedao_desk.domains.enforcement.clocks import (
    CourtWindow,
    court_window,
    hearing_notice_latest,
    limitation_end,
    period_due,
)
from jiedao_desk.domains.enforcement.facts import (
    Facts,
    cn_day,
    decision_due,
    decision_served,
    legal_review_required,
    penalty_words,
)
from jiedao_desk.domains.enforcement.model import (
    APPEALS,
    PARTY_KINDS,
    PENALTY_KINDS,
    case_label,
    told_penalties,
)
from jiedao_desk.domains.enforcement.parameters import (
    ON_SPOT_LIMIT,
    PAYING_PAPERS,
    PAYMENT_BANK,
    RECONSIDERATION,
    SIMPLE_LIMIT,
    hearing_threshold,
    payment_bank_refusal,
    statement_due,
)
from jiedao_desk.domains.enforcement.required_documents import missing_documents


def limitation(f: Facts) -> str | None:
    # Art. 36: not pursued once the act was discovered after the limitation (the lead is kept).
    c = f.the_case
    start = c.act_on or c.act_ended_on
    if start is None:
        return None
    limit = limitation_end(start, c.act_ended_on, c.serious_harm, f.calendar)
    return "已超过追责时效，不予立案（行政处罚法 第三十六条）。" if c.found_on > limit else None


def party_registered(f: Facts) -> str | None:
    # The notice is addressed to the party (Art. 44): who it is must be on record.
    return None if es.parties(f.store, f.the_case.id) else "请先登记当事人。"


def hearing_rights_decided(f: Facts) -> str | None:
    # While the 较大数额 threshold is unset, the officer says whether hearing rights are told.
    if f.get("hearing") is not None:
        return None
    parties = es.parties(f.store, f.the_case.id)
    if parties and hearing_threshold(f.store, parties[0].kind) is None:
        return ("听证门槛（较大数额罚款）尚未设置：请在设置页填写，或在本次告知中明确"
                "是否告知听证权利。")
    return None


def discretion_recorded(f: Facts) -> str | None:
    # A power with known tiers needs the tier chosen before any amount is set.
    return tiers.choice_missing(f.store, f.the_case, f.day)


def fine_in_tier(f: Facts) -> str | None:
    # The amount lies in the chosen tier's range (裁量基准).
    return tiers.outside_range(f.store, f.the_case.id, f.get("fine"))


def hearing_rights_told(f: Facts) -> str | None:
    # A hearing is requested after the 告知书 telling hearing rights was served (Art. 63/64).
    if not f.notice.get("hearing") or f.served("prior_notice") is None:
        return "本案未告知听证权利或告知书尚未送达。"
    return None


def hearing_requested(f: Facts) -> str | None:
    return None if "hearing_request" in f.kinds else "当事人未申请听证。"


def hearing_notified_in_time(f: Facts) -> str | None:
    # Art. 64 (三): the party is told the time and place 7 (working, Art. 85) days before.
    hearing_on = f.get("hearing_on")
    latest = hearing_notice_latest(hearing_on, f.calendar)
    if f.the_day > latest.date:
        return (f"听证应在举行七个工作日前通知当事人：{hearing_on.isoformat()} 举行的听证，"
                f"最迟应在 {latest.date.isoformat()} 通知。")
    return None


def host_not_investigator(f: Facts) -> str | None:
    # Art. 64 (4): the hearing is chaired by a person the authority names who did not
    # investigate the case — no officer on any of its records.
    host = (f.get("host") or "").strip()
    if any(o.name == host for e in f.events for o in e.officers):
        return (f"听证主持人须为非本案调查人员（行政处罚法 第六十四条第（四）项）：{host}"
                "是本案办案记录上的执法人员，请另行指定主持人。")
    return None


def hearing_scheduled(f: Facts) -> str | None:
    return None if "hearing_scheduled" in f.kinds else "尚未通知听证时间地点。"


def witnesses(f: Facts) -> str | None:
    if f.get("method") == "left" and not f.get("witnesses"):
        return "留置送达须有见证人（民事诉讼法 第八十九条），请填写见证人。"
    return None


def consent(f: Facts) -> str | None:
    if f.get("method") == "electronic" and not f.get("consent"):
        return "电子送达须经当事人同意并签订确认书（行政处罚法 第六十一条）。"
    return None


def decision_made(f: Facts) -> str | None:
    if f.get("what") == "decision" and not f.the_case.decided_on:
        return "尚未作出处罚决定，不能送达决定书。"
    return None


def notice_served(f: Facts) -> str | None:
    if f.served("prior_notice") is None:
        return "事先告知书尚未送达，不能作出处罚决定（行政处罚法 第六十二条）。"
    return None


def after_notice_served(f: Facts) -> str | None:
    if f.the_day < f.served_day("prior_notice"):
        return "决定日期不能早于事先告知书送达日期。"
    return None


def within_told(f: Facts) -> str | None:
    # Art. 44/62: a penalty not told may not be decided; Art. 45 ¶2: never heavier because the
    # party spoke; a heavier one is told again (its 陈述申辩 and hearing periods run again,
    # and Art. 63's hearing threshold is judged on it).
    told = told_penalties(f.notice)
    told_fine = Decimal(str(f.notice.get("intended_fine") or 0))
    kinds = tuple(f.get("penalties") or ())
    fine = f.get("fine") or Decimal(0)
    extra = [PENALTY_KINDS[k] for k in kinds if k not in told]
    if not extra and fine <= told_fine:
        return None
    why = (f"增加了未告知的{'、'.join(extra)}" if extra
           else f"罚款{fine.normalize():f}元高于告知的{told_fine.normalize():f}元")
    return (f"处罚决定不能重于事先告知的处罚：已告知“{penalty_words(told, told_fine) or '无'}”，"
            f"本次决定{why}（行政处罚法 第四十四条、第六十二条；不得因陈述、申辩而加重处罚，"
            "第四十五条第二款）。如确需加重，请重新事先告知并送达，陈述申辩期限重新起算。")


def reconsideration_set(f: Facts) -> str | None:
    # 行政处罚法 第五十九条第一款第（五）项: the decision names where to apply for 复议 — the
    # district government (行政复议法 第二十四条), a setting; a decision that cannot be
    # printed with it is not made.
    if str(settings_mod.get(f.store, RECONSIDERATION) or "").strip():
        return None
    return ("尚未设置行政复议机关，不能作出处罚决定：请管理员在“设置—综合执法—行政复议机关"
            "（本区人民政府全称）”中填写本区人民政府全称（如“北京市××区人民政府”，"
            "行政复议法 第二十四条），决定书须载明申请行政复议的途径（行政处罚法 第五十九条）。")


def payment_bank_set(f: Facts) -> str | None:
    # Art. 67: a paper asking for a fine names the designated bank; a warning alone, or a fine
    # collected on the spot (Art. 68, recorded at 当场处罚), asks for no payment at a bank.
    paper = PAYING_PAPERS.get(str(f.get("kind") or ""))
    if paper is None or not f.the_case.fine_fen \
            or str(settings_mod.get(f.store, PAYMENT_BANK) or "").strip():
        return None
    if any(e.kind == "simple_decision" and e.details.get("collected_on_spot")
           for e in f.events):
        return None
    return payment_bank_refusal(paper)


def investigation_recorded(f: Facts) -> str | None:
    # Art. 54-55 / Art. 40: facts are established by investigation; a decision rests on at
    # least one 现场检查笔录 or 询问笔录 in the file.
    if f.kinds & {"inspection", "inquiry"}:
        return None
    return "案卷中没有现场检查笔录或询问笔录，不能作出处罚决定（行政处罚法 第四十条、第五十五条）。"


def notice_served_before_waiver(f: Facts) -> str | None:
    # A right is waived once it was told: the 事先告知书 has been served.
    if f.served("prior_notice") is None:
        return "事先告知书尚未送达，不能登记放弃陈述申辩。"
    return None


def _statement_waived(f: Facts) -> bool:
    return "statement_waiver" in f.kinds


def statement_period_over(f: Facts) -> str | None:
    # Art. 62 (with 44, 45): no decision before the party could be heard, unless they
    # expressly waived 陈述申辩. The period's length is a local-practice setting.
    if _statement_waived(f):
        return None
    due = statement_due(f.store, f.served_day("prior_notice"), f.calendar)
    if f.the_day <= due:
        return (f"陈述申辩期限至 {cn_day(due, f.the_day)}，届满前不能作出决定"
                "（行政处罚法 第六十二条；当事人明确放弃陈述申辩的，请先登记放弃）。")
    return None


def waiver_evidenced(f: Facts) -> str | None:
    # The waiver must be on record: a 笔录 of this case, or a signed statement's reference.
    record_id = f.get("record_id")
    if record_id is not None:
        ok = any(e.id == record_id and e.kind in ("statement", "inquiry") for e in f.events)
        return None if ok else "所引笔录不是本案有效的陈述申辩笔录或询问笔录。"
    if (f.get("signed_statement") or "").strip():
        return None
    return "放弃陈述申辩须有记录：请引用记载放弃意思的笔录，或填写当事人签名的书面声明。"


def hearing_held(f: Facts) -> str | None:
    if f.notice.get("hearing") and "hearing_request" in f.kinds \
            and "hearing_held" not in f.kinds:
        return "当事人已申请听证，听证尚未举行。"
    return None


def hearing_window_closed(f: Facts) -> str | None:
    # Art. 64 (一): the party may ask within 5 working days of the notice; no decision before.
    if f.notice.get("hearing") and "hearing_request" not in f.kinds \
            and f.the_day <= period_due("hearing_request", f.served_day("prior_notice"),
                                        f.calendar).date:
        return "听证申请期（五个工作日）尚未届满。"
    return None


def legal_review(f: Facts) -> str | None:
    if legal_review_required(f) and "legal_review" not in f.kinds:
        return "本案须经法制审核后才能作出决定（行政处罚法 第五十八条）。"
    return None


def collective_discussion(f: Facts) -> str | None:
    if f.get("serious") and "collective_discussion" not in f.kinds:
        return "情节复杂或重大违法行为须经集体讨论决定（行政处罚法 第五十七条）。"
    return None


def decision_in_time(f: Facts) -> str | None:
    # Art. 60: a later decision states the reason (the law, regulation or rule allowing it).
    due = decision_due(f)
    if f.the_day > due and not (f.get("late_reason") or "").strip():
        return (f"已超过立案后九十日的决定期限（{due.isoformat()}，行政处罚法 第六十条），"
                "请写明超期原因（依据的法律、法规、规章）。")
    return None


def not_paid(f: Facts) -> str | None:
    return "本案已登记缴款。" if f.the_case.paid_on else None


def fine_overdue(f: Facts) -> str | None:
    c = f.the_case
    return "本案没有逾期未缴的罚款。" if c.paid_on or not c.served_on or not c.fine_fen else None


def fine_open(f: Facts) -> str | None:
    # Art. 66: a deferral or instalments are approved for a fine decided, served and unpaid.
    c = f.the_case
    if not c.fine_fen or c.paid_on:
        return "本案没有待缴的罚款。"
    return None if c.served_on else "行政处罚决定书尚未送达。"


def payment_period_over(f: Facts) -> str | None:
    # 行政强制法 第五十四条: 催告 only once the payment period has passed (the last day is
    # still the party's); after a deferral or instalments, the unpaid one's due day.
    decision_served(f.the_case)
    unpaid = f.unpaid
    if unpaid is not None and f.the_day <= unpaid.due:
        return (f"缴款期限至 {cn_day(unpaid.due, f.the_day)}，届满前不能催告"
                "（行政处罚法 第六十七条；行政强制法 第五十四条）。")
    return None


def demand_served(f: Facts) -> str | None:
    if f.served("demand") is None:
        return "催告书尚未送达，不能申请法院强制执行（行政强制法 第五十四条）。"
    return None


def _court_window(f: Facts) -> CourtWindow:
    unpaid = f.unpaid
    return court_window(decision_served(f.the_case), f.served_day("demand"), f.calendar,
                        unpaid.due if unpaid else None)


def demand_wait_over(f: Facts) -> str | None:
    # 行政强制法 第五十四条、第六十九条: ten working days after the 催告书 is served.
    w = _court_window(f)
    if f.the_day <= w.demand_end:
        return (f"催告书送达后十个工作日的履行期限至 {cn_day(w.demand_end, f.the_day)}，"
                "届满前不能申请法院强制执行（行政强制法 第五十四条、第六十九条）。")
    return None


def appeal_periods_over(f: Facts) -> str | None:
    # 行政强制法 第五十三条: the three months run once the 复议 (60 days) and 诉讼 (6 months)
    # periods have passed (行政处罚法 第七十二条第二款: or the deferral / instalment ended).
    w = _court_window(f)
    if f.the_day <= w.period_start:
        what = "复议、诉讼期限" if w.period_start == w.appeal_end else "延期（分期）缴纳期限"
        return (f"{what}至 {cn_day(w.period_start, f.the_day)}，届满前不能申请法院强制执行"
                "（行政强制法 第五十三条；行政处罚法 第七十二条第二款）。")
    return None


def not_appealed(f: Facts) -> str | None:
    # 行政强制法 第五十三条 is for a party who "在法定期限内不申请行政复议或者提起行政诉讼":
    # once they did, the application waits for the review or the judgment.
    appeal = next((e for e in f.events if e.kind == "appeal"), None)
    if appeal is None:
        return None
    what = APPEALS.get(str(appeal.details.get("what", "")), "申请行政复议或提起行政诉讼")
    return (f"当事人已于 {cn_day(appeal.day, f.the_day)} {what}，不能依行政强制法第五十三条"
            "申请法院强制执行；请待复议决定或裁判生效后依法处理。")


def court_in_time(f: Facts) -> str | None:
    latest = _court_window(f).latest
    if f.the_day > latest:
        return (f"申请法院强制执行的期限已于 {cn_day(latest, f.the_day)} 届满，不能再申请"
                "（行政强制法 第五十三条）。")
    return None


def application_papers(f: Facts) -> str | None:
    # 行政强制法 第五十五条: the application attaches the decision (二) and the 催告 (三).
    return court_paper.attachments_missing(f.store, f.the_case)


def fine_settled(f: Facts) -> str | None:
    c = f.the_case
    if c.fine_fen and not c.paid_on and "court_application" not in f.kinds:
        return "罚款未缴纳，也未申请法院强制执行，不能结案。"
    return None


def documents_for_closing(f: Facts) -> str | None:
    # 全过程记录 (Art. 47): a 一般程序 file closes only with the documents its steps require.
    if f.the_case.procedure != "general":
        return None
    missing = missing_documents(f.store, f.the_case.id)
    return "案卷缺少必备文书，不能结案：" + "、".join(r.name for r in missing) if missing else None


def documents_for_archive(f: Facts) -> str | None:
    if f.the_case.procedure != "general":
        return None
    missing = missing_documents(f.store, f.the_case.id, for_archive=True)
    return "案卷缺少必备文书，不能归档：" + "、".join(r.name for r in missing) if missing else None


def simple_limit(f: Facts) -> str | None:
    kind = f.get("kind")
    if f.get("fine") > SIMPLE_LIMIT[kind]:
        return (f"当场处罚的罚款上限为{PARTY_KINDS[kind]} {SIMPLE_LIMIT[kind]} 元"
                "（行政处罚法 第五十一条），请按一般程序办理。")
    return None


def on_spot_collection(f: Facts) -> str | None:
    # Art. 68: collected on the spot only up to the limit or when hard to enforce afterwards;
    # otherwise paid at the bank or electronically (Art. 67).
    if not f.get("collect_on_spot"):
        return None
    limit = Decimal(str(settings_mod.get(f.store, ON_SPOT_LIMIT)))
    if f.get("fine") <= limit or (f.get("collection_reason") or "").strip():
        return None
    return (f"罚款超过{limit.normalize():f}元，不能当场收缴（行政处罚法 第六十八条）：请由当事人"
            "到银行或通过电子支付系统缴纳（第六十七条）；确属不当场收缴事后难以执行的，请写明原因。")


def paper_number_unused(f: Facts) -> str | None:
    number = f.get("paper_number")
    used = es.case_with_paper_number(f.store, number)
    if used is None:
        return None
    other = es.get_case(f.store, used)
    label = other.label if other else case_label(None, used)
    return f"当场处罚决定书编号“{number}”已用于案件 {label}。"
