# SPDX-License-Identifier: MIT
"""Monthly mediation statistics per committee.

Columns follow the 黄石 2016 monthly report (/work/shared/reference/mediation-hotline.md §3b,
E for that report): 受理 (cases accepted in the month), 调解成功 (agreements reached in the
month) and 成功率 = 成功 / 受理 (842 / 869 = 96.9 % in that report), 协议涉及金额, split by
dispute type and source; plus 口头/书面 and 回访 (S, dashboards), 司法确认 (no table seen: U,
counted because the law tracks it) and prevented escalations (民转刑, 群体性上访: E).
The Beijing report form itself is unknown (§3c).
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import auth
from jiedao_desk.domains.mediation import store as med_store
from jiedao_desk.domains.mediation.model import PREVENTED, SOURCES, CommitteeMonth
from jiedao_desk.store import Store
from jiedao_desk.store import org as org_store


def _range(month: str) -> tuple[str, str]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", (month or "").strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise ValidationError(f"月份“{month}”格式不对，请写成 2026-11。", "month")
    y, mo = int(m[1]), int(m[2])
    return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"


def monthly_stats(store: Store, actor: Actor, month: str) -> list[CommitteeMonth]:
    """Figures of every committee with activity in ``month`` (YYYY-MM), then a total row.

    A case counts under the committee holding it now (a transferred case under the street).
    """
    auth.require(actor, "mediation.stats")
    first, last = _range(month)
    rows: dict[str, CommitteeMonth] = {}
    names = {f"c:{c['id']}": f"{c['name']}人民调解委员会"
             for c in org_store.list_communities(store, include_voided=True)}
    names["street"] = "街道人民调解委员会"

    def at(key: str) -> CommitteeMonth:
        row = rows.get(key)  # made once per committee, not once per case
        if row is None:
            row = rows[key] = CommitteeMonth(key, names.get(key, key))
        return row

    for r in med_store.cases_by_date(store, "accepted_on", first, last):
        s = at(r["committee_key"])
        s.accepted += 1
        s.by_type[r["dispute_type"]] += 1
        s.by_source[r["source"]] += 1
    for r in med_store.cases_by_date(store, "outcome_on", first, last):
        s = at(r["committee_key"])
        if r["outcome"] == "terminated":
            s.terminated += 1
            continue
        s.succeeded += 1
        s.amount_fen += r["amount_fen"]
        if r["outcome"] == "written":
            s.written += 1
        else:
            s.oral += 1
    for r in med_store.cases_by_date(store, "jc_applied_on", first, last):
        at(r["committee_key"]).jc_applied += 1
    for r in med_store.cases_by_date(store, "jc_result_on", first, last):
        s = at(r["committee_key"])
        if r["jc_result"] == "confirmed":
            s.jc_confirmed += 1
        else:
            s.jc_rejected += 1
    for e in med_store.events_between(store, "follow_up", first, last):
        at(e["committee_key"]).follow_ups += 1
    for e in med_store.events_between(store, "risk", first, last):
        detail = json.loads(e["detail"])
        kind = detail.get("prevented")
        if kind in PREVENTED:
            s = at(e["committee_key"])
            s.prevented_cases[kind] += 1
            s.prevented_persons[kind] += int(detail.get("persons") or 0)
    order = sorted(rows.values(), key=lambda s: (s.key == "street", s.committee))
    total = CommitteeMonth("all", "合计")
    for s in order:
        for f in ("accepted", "succeeded", "written", "oral", "terminated", "amount_fen",
                  "follow_ups", "jc_applied", "jc_confirmed", "jc_rejected"):
            setattr(total, f, getattr(total, f) + getattr(s, f))
        for f in ("by_type", "by_source", "prevented_cases", "prevented_persons"):
            getattr(total, f).update(getattr(s, f))
    return [*order, total]


def write_stats_xlsx(rows: list[CommitteeMonth], month: str, path) -> None:
    """Write the month's figures as one sheet (committee rows, then type and source blocks)."""
    from openpyxl import Workbook  # deferred: a heavy library only this export needs

    from jiedao_desk.exports import printing

    wb = Workbook()
    ws = wb.active
    ws.title = f"人民调解{month}"
    ws.append([f"人民调解工作统计（{month}）"])
    heads = ["调委会", "受理(件)", "调解成功(件)", "成功率(%)", "书面协议", "口头协议", "终止调解",
             "协议涉及金额(元)", "回访", "司法确认申请", "确认有效", "不予确认",
             "防止民转刑(件)", "防止民转刑(人)", "防止群体性上访(件)", "防止群体性上访(人)"]
    ws.append(heads)
    for s in rows:
        ws.append([s.committee, s.accepted, s.succeeded, s.success_rate, s.written, s.oral,
                   s.terminated, s.amount_fen / 100, s.follow_ups, s.jc_applied,
                   s.jc_confirmed, s.jc_rejected, s.prevented_cases["criminal"],
                   s.prevented_persons["criminal"], s.prevented_cases["petition"],
                   s.prevented_persons["petition"]])
    total = rows[-1]
    for title, counter in (("纠纷类型", total.by_type),
                           ("案件来源", Counter({SOURCES[k]: v
                                                 for k, v in total.by_source.items()}))):
        ws.append([])
        ws.append([f"按{title}（合计）", "件数", "占比(%)"])
        for name, n in counter.most_common():
            ws.append([name, n, round(n * 100 / total.accepted, 1) if total.accepted else None])
    ws.append([])
    ws.append(["口径：受理=当月受理，成功=当月达成协议，成功率=成功/受理（参照黄石市2016年月报；"
               "北京报表样式未见）。"])
    # The title (row 1) and the closing note run across empty cells: not column widths.
    printing.prepare_workbook(wb, month=month, header_rows={ws.title: (2, 2)},
                              titles={ws.title: f"人民调解工作统计（{month}）"},
                              skip_rows={ws.title: (1, ws.max_row)})
    wb.save(path)
