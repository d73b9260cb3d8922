# SPDX-License-Identifier: MIT
"""Route a form the registry refuses to the access register (社区工作准入) as a request.

The 2019 rules leave no room for an extra form (one city form per department, 3–5 district
forms, no weekly reports), so a department that still wants communities to fill one must
apply through the access procedure instead of the form simply being added.
"""

from __future__ import annotations

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.clock import today
from jiedao_desk.core import auth
from jiedao_desk.domains import access
from jiedao_desk.domains import org as core_org
from jiedao_desk.domains.forms.definitions import FormDef
from jiedao_desk.store import Store


def request_access(store: Store, actor: Actor, form: FormDef, refusal: str) -> access.AccessRequest:
    """Register an access request (task type 报表/系统) for a refused form definition.

    Args:
        form: the definition (it may have been refused by the registry rules).
        refusal: why the registry refused it (kept in the request's notes).

    Returns:
        The registered request, for all live communities of the street.
    """
    auth.require(actor, "access.edit")  # before reading the definition
    fields = "、".join(f.label for f in form.fields)
    start = max(form.effective_from, today())
    return access.register_request(
        store, actor, applicant_unit=form.department, applicant_level=form.level,
        title=f"新增报表：{form.name}", task_type="报表/系统",
        content=f"{form.frequency}报，{form.channel}；字段：{fields}",
        legal_basis=form.source, community_ids=[c.id for c in core_org.list_communities(store)],
        planned_start=start.isoformat(),
        notes=f"报表登记未通过：{refusal}（由报表定义“{form.id}”转为准入申请）")
