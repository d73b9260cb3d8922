# SPDX-License-Identifier: MIT
"""The shipped catalogue files in Chinese on screen: version labels, notes and item extras.

Why here and not in the files: a catalogue version is known by its label in a database
(``load_builtin`` skips a label already loaded, a stored version is never rewritten) and by
the SHA-256 of its file between sites (the exchange looks a version up by its checksum).
Editing a shipped file would give two sites one label with two checksums, and databases
that loaded the old file would keep its old text anyway. So the files stay byte for byte as
shipped, and this module is the one place that turns their file-name-like labels, field keys,
source grades and reference-file citations into Chinese when they are shown. A street's own
imported files pass through the same words (their keys may be these too).
"""

from __future__ import annotations

import json
import re
from typing import Any

from jiedao_desk.core.catalog_files import CONFIDENCE_LABELS

# Version labels that are file-name-like keys in the shipped files.
LABELS = {
    "huangshi-2016": "黄石2016（外地参考）",
    "reference-sample": "参考样例·非官方",
    "2027-pending": "2027（待正式通知）",
}

# Catalogue keys as they appear in notes ("见 certificate_catalog--2019-12.toml").
CATALOG_NAMES = {
    "approved_forms": "准予填报表格目录", "certificate_catalog": "社区开具证明目录",
    "certificate_denylist": "不应由社区出具的证明清单", "discretion_standard": "行政裁量权基准",
    "dispute_type": "纠纷类型", "document_wording": "文书措辞", "duty_list": "社区职责清单",
    "enforcement_power": "综合执法职权事项", "holiday_notice": "放假通知",
    "hotline_claim_type": "接诉即办诉求类型", "role_verb": "社区工作方式",
}

# Keys of an item's extra table ("附加信息") and of the version fields named in notes.
FIELD_NAMES = {
    "legal_basis": "法律依据", "fine_text": "罚款幅度", "fine_min": "罚款下限（元）",
    "fine_max": "罚款上限（元）", "fine_variants": "其他情形", "devolved": "是否已下放",
    "status_note": "现状说明", "source_urls": "来源网址", "confidence": "置信度",
    "purpose": "用途", "issued_by": "出具主体", "owner_dept": "所属部门", "level": "层级",
    "frequency": "填报频次", "channel": "渠道", "banshi_item_code_example": "政务服务事项编码示例",
    "condition": "情形", "min": "下限（元）", "max": "上限（元）", "owner_body": "承担主体",
    "category": "分类", "effective_from": "生效日期", "effective_to": "失效日期",
    "doc_number": "文号", "issuer": "发文机关", "extra": "附加信息",
    "role_verb": "社区工作方式", "discretion_standard": "行政裁量权基准",
}

# Plain values of extras and notes.
VALUE_WORDS = {
    **CONFIDENCE_LABELS, "yes": "是", "no": "否", "own": "依法履行职责事项",
    "assist": "依法协助政府工作事项", "residents_committee": "居委会",
    "service_station": "社区服务站", "holiday": "放假", "workday": "调休上班",
}

# The few item extras that the reference notes recorded in mixed English: whole values.
PROSE = {
    "A non-agricultural-hukou person holding a Beijing 农村土地承包经营权证 applies for "
    "以农民身份入社登记": "持有北京农村土地承包经营权证的非农业户口人员申请以农民身份入社登记",
    "The beneficiary or 法定继承人 of a deceased 参保人 or 老年保障待遇领取人 applies for the "
    "related benefits": "已故参保人或老年保障待遇领取人的受益人或法定继承人申领相关待遇",
    "户籍地公安部门 or 街道办事处、居委会": "户籍地公安部门或街道办事处、居委会",
    "A 继承不动产登记 where no 不动产继承权公证书 or 生效法律文书 can be produced":
        "办理继承不动产登记，且无法提供不动产继承权公证书或生效法律文书",
    "不动产登记 applied for on behalf of a person without, or with limited, civil capacity":
        "为无民事行为能力或限制民事行为能力人代为申请不动产登记",
    "1,000–10,000 yuan (and 没收违法所得/非法财物); for the item's \"第三款\" variant: 责令改正, "
    "may fine 300–3,000": "1,000–10,000元（并没收违法所得、非法财物）；本项“第三款”情形："
                          "责令改正，可处300–3,000元罚款",
    "up to 20,000 yuan": "最高20,000元",
    "责令改正, may fine 50; 情节严重 200": "责令改正，可处50元罚款；情节严重的200元",
    "unit 200–1,000; the unit's responsible person 20–50": "单位200–1,000元；单位负责人20–50元",
    "责令立即改正, 1,000; repeat 10,000–50,000": "责令立即改正，1,000元；再次违反10,000–50,000元",
    "书面警告; repeat 50–200. No penalty if the person volunteers for community service "
    "(recorded per the 市城市管理委 指引).": "书面警告；再次违反50–200元。本人自愿参加社区服务的"
                                          "不予处罚（按市城市管理委指引记录）。",
    "责令改正, 没收烧烤工具和违法所得, 500–20,000":
        "责令改正，没收烧烤工具和违法所得，500–20,000元",
    "责令限期改正, 警告; unit 100,000–1,000,000; individual ≤200":
        "责令限期改正，警告；单位100,000–1,000,000元；个人200元以下",
    "unit 1,000, repeat 10,000–50,000; individual 书面警告, repeat 50–200":
        "单位1,000元，再次违反10,000–50,000元；个人书面警告，再次违反50–200元",
    "责令改正, may fine 50; refusal 200": "责令改正，可处50元罚款；拒不改正的200元",
    "as of 2014: individual \"高限\" 10,000; organizing units up to 500,000. Lower bounds "
    "unknown; the 2016 and 2020 amendments may have changed these.":
        "2014年时：个人“高限”10,000元；组织单位最高500,000元。下限未知；2016年和2020年的修订"
        "可能已改变这些数额。",
}

_FILE = re.compile(r"\b([a-z_]+)--([\w\-]+)\.toml\b")
_REFERENCE = re.compile(r"(参考资料\s*)?\b(?:access-lists|mediation-hotline|enforcement)\.md"
                        r"(\s*§\s*[\w.]+)?\s*")
# a source grade of the reference notes ("（E）", "标为 B，"); never the A–D of an item number
_GRADE = re.compile(r"(?<![A-Za-z])([EPBS])(?=[）)，,])")
_CATALOG_AND_LABEL = re.compile(r"\b([a-z_]+) (\d{4}-\d{2})\b")
_GRADES = {"E": "见原文", "P": "转述", "B": "只见于产品说明", "S": "二手来源"}
_PHRASES = (
    ("（product card）", ""), ("product card", "产品说明"),
    ("resources/documents/", "软件自带的文书模板"), ("catalog wording", "命令行"),
    ("YYYY-MM-DD", "年-月-日（如 2027-10-01）"), ("“banshi 雁栖镇 page”", "雁栖镇政务服务页面"),
    ("banshi_item_code_example", "政务服务事项编码示例"), ("cnhubei", "荆楚网"),
    ("置信度 unknown", "置信度未知"), ("fine_min/fine_max", "罚款上下限"),
    ("（for inheritance of real property）", ""),
)
_WORD = re.compile(r"(?<![\w./:-])(extra\.)?([a-z][a-z_]*[a-z])(?![\w./-])")


# The wording sample's label carries a digest of the templates (tests/tools/wording_sample.py):
# every edition of it is the software's draft wording.
SAMPLE_LABEL = re.compile(r"sample-[0-9a-f]{8}")


def label_text(label: str) -> str:
    """A version label as shown ("reference-sample" → "参考样例·非官方")."""
    if SAMPLE_LABEL.fullmatch(label):
        return "软件样稿"
    return LABELS.get(label, label)


def _file_name(m: re.Match) -> str:
    title = CATALOG_NAMES.get(m[1], "另一目录")
    return f"《{title}》{label_text(m[2])}版本"


def notes_text(text: str) -> str:
    """Notes of a shipped version or item with its technical words in Chinese: file names
    become the catalogue and version, reference files "参考资料", field keys and source grades
    their Chinese names. Web addresses (the sources) are left as they are."""
    out = _FILE.sub(_file_name, text or "")
    out = _CATALOG_AND_LABEL.sub(
        lambda m: f"《{CATALOG_NAMES[m[1]]}》{m[2]}版本" if m[1] in CATALOG_NAMES else m[0], out)
    out = _REFERENCE.sub("参考资料", out)
    for old, new in _PHRASES:
        out = out.replace(old, new)
    out = _GRADE.sub(lambda m: _GRADES[m[1]], out)

    def word(m: re.Match) -> str:
        key = m[2]
        name = FIELD_NAMES.get(key) or VALUE_WORDS.get(key)
        return name if name else m[0]

    return _WORD.sub(word, out)


def value_text(value: Any) -> str:
    """One extra value in words: codes and prose translated, a list of variants one per
    condition, a list of addresses joined."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return PROSE.get(value) or VALUE_WORDS.get(value) or notes_text(value)
    if isinstance(value, list):
        return "、".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{FIELD_NAMES.get(k, k)}：{value_text(v)}" for k, v in value.items())
    return json.dumps(value, ensure_ascii=False) if value is not None else ""


def extra_text(extra: dict) -> str:
    """An item's extra table as "法律依据：…；罚款幅度：…" (the 附加信息 column)."""
    return "；".join(f"{FIELD_NAMES.get(k, k)}：{value_text(v)}" for k, v in extra.items())
