# SPDX-License-Identifier: MIT
"""Chinese words for the exchanged tables and their columns, so an administrator comparing
two versions of a record in a conflict reads 姓名 and 联系电话, not ``name`` and ``phone``.

A column without a label here is shown by its database name (a column a later migration
adds reads so until it gets one); ``tests/core/exchange/test_conflicts.py`` keeps every
column of the replicated tables labelled.
"""

from __future__ import annotations

TABLES = {
    "community": "社区", "hotline_batch": "12345工单导入批次", "resident": "居民",
    "access_request": "准入申请", "access_transition": "准入申请状态记录",
    "access_complaint": "准入反映记录", "certificate": "证明", "forms_entry": "报表填报",
    "forms_entry_history": "报表填报记录", "mediation_case": "调解案件",
    "mediation_party": "调解当事人", "mediation_event": "调解工作记录",
    "mediation_number": "调解卷号", "mediation_transition": "调解案件状态记录",
    "enforcement_case": "执法案件", "enforcement_party": "执法当事人",
    "enforcement_event": "执法办案记录", "enforcement_status_history": "执法案件状态记录",
    "enforcement_discretion": "裁量记录", "enforcement_publication": "行政处罚公示",
    "hotline_ticket": "12345工单", "hotline_event": "12345工单处理记录",
    "hotline_link": "12345工单关联", "hotline_summons": "12345吹哨报到",
    "document": "文书", "attachment": "附件",
}

COLUMNS = {
    "accepted_on": "受理日期", "act_ended_on": "违法行为终了日", "act_on": "违法行为日",
    "actor": "经办人", "actor_name": "经办人", "added_at": "添加时间", "added_by": "添加人",
    "address": "住址", "agent_authority": "代理权限", "agent_name": "代理人",
    "agent_phone": "代理人电话", "agreement_number": "协议编号", "amount_fen": "金额（分）",
    "appeal": "复议/诉讼", "appeal_result": "复议/诉讼结果",
    "applicant_id_number": "申请人身份证号", "applicant_level": "申请单位层级",
    "applicant_name": "申请人", "applicant_phone": "申请人电话", "applicant_unit": "申请单位",
    "application_form": "申请方式", "apply_by": "应申请日期", "archive_no": "归档号",
    "archived_on": "归档日期", "arrived_at": "到达时间", "assignee": "承办人",
    "assignee_kind": "承办类别", "at": "时间", "attachment_id": "附件",
    "batch_id": "导入批次", "birth_date": "出生日期", "case_id": "案件", "case_no": "案号",
    "case_no_serial": "案号序号", "case_no_year": "案号年份", "case_number": "卷号",
    "catalog_item_id": "目录条目", "catalog_version_id": "目录版本", "category": "类别",
    "changed_at": "修改时间", "changed_by": "修改人", "channel": "渠道",
    "chosen_by": "选定人", "chosen_on": "选定日期", "city_deadline": "市级时限",
    "city_status": "市级状态", "claim_class": "时限类别", "claim_type": "诉求类型",
    "claimant_name": "诉求人", "claimant_phone": "诉求人电话", "claims": "申请事项",
    "closed_approved_by": "结案批准人", "closed_at": "结案时间", "closed_on": "结案日期",
    "code": "代码", "committee_key": "调委会", "community_id": "社区",
    "conditions": "保障条件", "contact_person": "联系人", "contacted_at": "联系时间",
    "content": "内容", "corrects_id": "更正的记录", "created": "创建时间",
    "created_at": "创建时间", "created_by": "创建人", "credit_code": "统一社会信用代码",
    "data_json": "数据", "day": "日期", "deadline_confirmed": "期限已确认",
    "decide_by": "决定期限", "decided_by": "决定人", "decided_on": "决定日期",
    "decision": "决定", "decision_reason": "决定理由", "decision_text": "决定内容",
    "deny_item_id": "不予出具依据", "deny_text": "不予出具理由",
    "denylist_version_id": "负面清单版本", "department": "部门", "description": "说明",
    "detail": "详情", "details": "详情", "dispatch_due": "派单时限",
    "dispatched_at": "派单时间", "dispute_type": "纠纷类型",
    "dispute_type_version_id": "纠纷类型目录版本", "doc_number": "文号", "doc_ref": "文书",
    "document_id": "文书", "domain": "业务", "duty_version_id": "职责清单版本",
    "effective_on": "生效日期", "entity": "所属记录类型", "entity_id": "所属记录",
    "entry_id": "填报", "ethnicity": "民族", "evidence": "证据",
    "excluded": "不计入", "exif_gps": "拍摄位置", "exif_time": "拍摄时间",
    "extension_days": "延期天数", "extra": "附加信息", "facts": "违法事实",
    "feedback_due": "反馈时限", "file_name": "文件名", "filed_approved_by": "立案批准人",
    "filed_on": "立案日期", "filename": "文件名", "fine_fen": "罚款（分）",
    "fine_max_fen": "罚款上限（分）", "fine_min_fen": "罚款下限（分）",
    "flag_unreasonable": "不合理诉求", "flags": "标记", "form_id": "报表",
    "form_version": "报表版本", "found_on": "发现日期", "from_state": "原状态",
    "from_status": "原状态", "gender": "性别", "handling": "办理情况",
    "household_no": "户号", "id": "编号", "id_number": "身份证号", "imported_at": "导入时间",
    "imported_by": "导入人", "issue": "事项", "issued_at": "出具时间", "issued_by": "出具人",
    "item_text": "条目内容", "jc_applied_on": "司法确认申请日期", "jc_court": "司法确认法院",
    "jc_note": "司法确认说明", "jc_result": "司法确认结果", "jc_result_on": "司法确认结果日期",
    "kind": "种类", "legal_basis": "法律依据", "legal_rep": "法定代表人", "level": "层级",
    "mapping_name": "列对应", "match_confirmed": "匹配已确认",
    "match_confirmed_at": "匹配确认时间", "match_confirmed_by": "匹配确认人",
    "matched_item_id": "匹配的清单条目", "matter": "事项", "mediators": "调解员",
    "mime": "文件类型", "month": "月份", "name": "姓名/名称", "nature": "性质",
    "not_opened_reason": "不予立案理由", "note": "备注", "notes": "备注",
    "occupation": "职业", "officers": "执法人员", "on_date": "日期", "origin": "来源",
    "outcome": "结果", "outcome_on": "结果日期", "paid_fen": "已缴（分）",
    "paid_on": "缴款日期", "paper": "纸质", "paper_number": "纸质编号", "pages": "页数",
    "pdf": "PDF", "pdf_sha256": "PDF校验值", "penalty_provision": "处罚依据",
    "performance": "履行情况", "period": "期间", "period_from": "期间起",
    "period_to": "期间止", "phone": "电话", "place": "地点",
    "planned_start": "计划开始", "power_item_id": "职权条目", "power_text": "职权内容",
    "power_version_id": "职权目录版本", "procedure": "程序", "publish_note": "公示说明",
    "publish_required": "应公示", "published_on": "公示日期", "purpose": "用途",
    "reason": "原因", "reasons": "理由", "received_at": "受理时间", "received_on": "登记日期",
    "recorded_by": "经办人", "recorded_by_id": "经办人编号", "reference": "引用",
    "referred_by": "移送单位", "refusal_reason": "不予受理理由",
    "refusal_route": "告知的其他途径", "reply": "答复", "reported_on": "报告日期",
    "representative": "代表人", "request_id": "准入申请", "result": "结果",
    "retention": "保管期限", "rights_notice_manner": "告知方式",
    "rights_notified_on": "权利义务告知日期", "role": "身份", "role_verb_version_id":
    "角色动词目录版本", "role_verbs": "社区承担的工作", "routes_told": "告知的途径",
    "rows": "行数", "rows_json": "填报内容", "seq": "序号", "serial": "流水号",
    "serious_harm": "严重危害", "served_on": "送达日期", "sha256": "校验值",
    "similar_confirmed": "相似已确认", "size": "大小", "sort_order": "排序",
    "source": "来源", "standard_label": "裁量基准", "standard_version_id": "裁量基准版本",
    "state": "状态", "status": "状态", "submitted_at": "报送时间", "submitted_by": "报送人",
    "summary": "简要情况", "summoned_on": "吹哨日期", "task_type": "事项类型",
    "termination_reason": "终止原因", "terms": "协议内容", "ticket_id": "12345工单",
    "ticket_no": "工单编号", "tier": "档次", "tier_code": "档次代码", "tier_text": "档次内容",
    "title": "标题", "to_state": "新状态", "to_status": "新状态", "triage_at": "比对时间",
    "triage_by": "比对人", "triage_detail": "比对详情", "triage_outcome": "比对结果",
    "updated": "修改时间", "updated_at": "修改时间", "updated_by": "修改人",
    "violated_provision": "违反的规定", "visit_contacted": "回访已联系",
    "visit_satisfaction": "回访满意度", "visit_solved": "回访解决情况",
    "void_reason": "作废原因", "voided_at": "作废时间", "voided_by": "作废人",
    "withdraw_reason": "撤回原因", "withdrawn_on": "撤回日期", "year": "年份",
}

# The column that names a record for people, per table (first one present wins).
_NAMING = ("case_number", "ticket_no", "doc_number", "case_no", "title", "name",
           "applicant_name", "claimant_name", "form_id", "filename", "summary")


def table_label(table: str) -> str:
    """A table's records in Chinese (居民, 调解案件 …)."""
    return TABLES.get(table, table)


def column_label(column: str) -> str:
    """A column in Chinese (its database name when it has no label yet)."""
    return COLUMNS.get(column, column)


def describe(table: str, *images: dict | None) -> str:
    """A record in words: 居民“张三”, 12345工单“T1”; the first image naming it wins."""
    for image in images:
        for col in _NAMING:
            value = (image or {}).get(col)
            if isinstance(value, str) and value.strip():
                return f"{table_label(table)}“{value.strip()[:30]}”"
    return table_label(table)
