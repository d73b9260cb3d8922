# SPDX-License-Identifier: MIT
"""Document numbers: pattern, serial per kind and year, paper numbers, concurrency."""

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jiedao_desk import registry
from jiedao_desk.base import clock
from jiedao_desk.base.errors import Conflict, ValidationError
from jiedao_desk.core import documents, numbering, settings
from jiedao_desk.store import Store

NOTICE = {"issuer": "测试街道办事处", "addressee": "张三：", "body": ["请于三日内到街道办事处。"],
          "issue_date": "2026-11-23"}


def _issue(store, actor, **kw):
    return documents.issue(store, actor, "generic_notice", NOTICE, **kw)


def test_default_pattern_comes_from_the_kind_and_is_a_setting(store):
    key = numbering.setting_key("generic_notice")
    assert key in {s.key for s in registry.all_settings()}
    assert registry.setting(key).default == "{prefix}〔{year}〕第{serial}号"
    assert "正式文号格式未公开" in registry.setting(key).note  # says the default is not official
    assert numbering.pattern_for(store, "generic_notice") == "{prefix}〔{year}〕第{serial}号"


def test_format_and_regex_round_trip():
    pattern = "京朝{prefix}字〔{year}〕第{serial:03d}号"
    text = numbering.format_number(pattern, "城管罚", 2026, 7)
    assert text == "京朝城管罚字〔2026〕第007号"
    m = numbering.number_regex(pattern, "城管罚").match(text)
    assert m and int(m["serial"]) == 7 and m["year"] == "2026"
    assert numbering.number_regex(pattern, "城管罚").match("京朝城管罚字〔2026〕第7号")
    assert not numbering.number_regex(pattern, "城管罚").match("京朝城管字〔2026〕第7号")


def test_placeholders_have_chinese_names_and_stored_patterns_stay_as_they_were():
    stored = "京朝{prefix}字〔{year}〕第{serial:03d}号"
    shown = numbering.display_pattern(stored)
    assert shown == "京朝「代字」字〔「年份」〕第「3位序号」号" and "{" not in shown
    assert numbering.stored_pattern(shown) == stored  # saved exactly as before
    assert numbering.stored_pattern(stored) == stored  # an old pattern passes unchanged
    assert numbering.stored_pattern("【代字】〔【年份】〕第【序号】号") == \
        "{prefix}〔{year}〕第{serial}号"  # 【】 as an IME types [ ]
    # both forms make the same number, and the same regex
    assert numbering.format_number(shown, "城管罚", 2026, 7) == \
        numbering.format_number(stored, "城管罚", 2026, 7) == "京朝城管罚字〔2026〕第007号"
    assert numbering.number_regex(shown, "城管罚").match("京朝城管罚字〔2026〕第7号")
    # a space padding or an unknown name is not turned into a Chinese token
    assert numbering.display_pattern("{serial:3d}") == "{serial:3d}"
    assert numbering.display_pattern("{other}") == "{other}"
    with pytest.raises(ValidationError, match="「年分」.*不是可用的占位符"):
        numbering.stored_pattern("「代字」〔「年分」〕第「序号」号")
    # the mediation 卷号's committee name is allowed there only
    assert numbering.stored_pattern("「调委会简称」") == "{committee_short}"
    with pytest.raises(ValidationError, match="不是可用的占位符"):
        numbering.format_number("「调委会简称」第「序号」号", "街", 2026, 1)


def test_a_pattern_error_names_the_placeholders_in_chinese():
    with pytest.raises(ValidationError) as err:
        numbering.format_number("{prefix}第号", "街", 2026, 1)
    assert "「代字」第号" in str(err.value) and "缺少「序号」" in str(err.value)
    assert "{" not in str(err.value)


@pytest.mark.parametrize("bad", ["{prefix}第号", "{serial:x}", "{serail}", "{serial",
                                 "{year:03d}{serial}"])
def test_bad_patterns_are_refused_in_chinese(bad):
    with pytest.raises(ValidationError, match="文号格式"):
        numbering.format_number(bad, "街", 2026, 1)


def test_serials_count_up_per_kind_and_restart_each_year(store, actor):
    a, b = _issue(store, actor), _issue(store, actor)
    assert (a.serial, b.serial) == (1, 2)
    assert b.doc_number == "街通〔2026〕第2号"
    form = documents.issue(store, actor, "approval_form",
                           {"issuer": "测试街道", "subject": "事由", "party_name": "李四"})
    assert form.serial == 1 and form.doc_number == "街审〔2026〕第1号"
    with clock.frozen(dt.date(2027, 1, 4)):
        c = _issue(store, actor)
    assert (c.year, c.serial, c.doc_number) == (2027, 1, "街通〔2027〕第1号")


def test_a_changed_pattern_applies_to_the_next_number(store, actor):
    settings.set_value(store, actor, registry.setting(numbering.setting_key("generic_notice")),
                       "朝{prefix}〔{year}〕{serial:03d}号")
    assert _issue(store, actor).doc_number == "朝街通〔2026〕001号"


def test_voided_document_keeps_its_number_and_it_is_never_reused(store, actor):
    first = _issue(store, actor)
    documents.void(store, actor, first.id, "填错了")
    second = _issue(store, actor)
    assert second.serial == 2
    assert documents.get_document(store, first.id).doc_number == "街通〔2026〕第1号"
    with pytest.raises(Conflict, match="已被使用"):
        _issue(store, actor, paper_number="街通〔2026〕第1号")


def test_paper_number_accepted_once_and_skipped_by_automatic_serials(store, actor):
    _issue(store, actor)  # 1
    paper = _issue(store, actor, paper_number=" 街通〔2026〕第３号 ")  # full-width digit typed
    assert (paper.serial, paper.paper, paper.doc_number) == (3, True, "街通〔2026〕第3号")
    assert [_issue(store, actor).serial for _ in range(3)] == [2, 4, 5]
    with pytest.raises(Conflict, match="已被使用"):
        _issue(store, actor, paper_number="街通〔2026〕第3号")


def test_paper_number_with_same_serial_written_differently_is_refused(store, actor):
    settings.set_value(store, actor, registry.setting(numbering.setting_key("generic_notice")),
                       "{prefix}〔{year}〕第{serial:03d}号")
    _issue(store, actor, paper_number="街通〔2026〕第7号")
    with pytest.raises(Conflict, match="2026年第7号已被使用"):
        _issue(store, actor, paper_number="街通〔2026〕第007号")


def test_paper_number_not_matching_the_pattern_writes_nothing(store, actor):
    _issue(store, actor)
    before = store.scalar("SELECT COUNT(*) FROM document"), store.scalar(
        "SELECT last FROM doc_serial")
    with pytest.raises(ValidationError, match="格式示例：街通〔2026〕第1号"):
        _issue(store, actor, paper_number="街审〔2026〕第9号")
    after = store.scalar("SELECT COUNT(*) FROM document"), store.scalar(
        "SELECT last FROM doc_serial")
    assert before == after == (1, 1)


def test_kind_without_pattern_gets_no_number(store, actor):
    doc = documents.issue(store, actor, "record", {
        "start_time": "9:00", "place": "街道", "officers": "王五", "party_name": "赵六",
        "qa": ["问：姓名？", "答：赵六。"]})
    assert (doc.doc_number, doc.serial) == ("", None)
    with pytest.raises(ValidationError, match="不编文号"):
        documents.issue(store, actor, "record", {}, paper_number="1")


_WORKER = textwrap.dedent("""
    import sys
    from jiedao_desk.core import documents
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.store import Store
    data = {"issuer": "测试街道", "addressee": "甲：", "body": ["并发"], "issue_date": "2026-11-23"}
    store = Store.open(sys.argv[1])
    for _ in range(25):
        documents.issue(store, SYSTEM, "generic_notice", data)
    store.close()
""")


def test_concurrent_issue_from_four_processes_gives_100_distinct_serials(tmp_path):
    db = tmp_path / "concurrent.sqlite3"
    Store.open(db).close()  # create and migrate once, before the workers race
    env = {**os.environ, "JIEDAO_DESK_TODAY": "2026-11-23"}
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(db)], cwd=root, env=env,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with Store.open(db) as store:
        rows = store.rows("SELECT serial, doc_number FROM document ORDER BY serial")
        assert [r["serial"] for r in rows] == list(range(1, 101))
        assert len({r["doc_number"] for r in rows}) == 100
        assert store.scalar("SELECT last FROM doc_serial WHERE kind = 'generic_notice'") == 100


def test_paper_number_without_the_padding_is_followed_by_the_next_padded_serial(store, actor):
    settings.set_value(store, actor, registry.setting(numbering.setting_key("generic_notice")),
                       "{prefix}〔{year}〕第{serial:03d}号")
    paper = _issue(store, actor, paper_number="街通〔2026〕第1号")
    assert (paper.doc_number, paper.serial) == ("街通〔2026〕第1号", 1)
    assert _issue(store, actor).doc_number == "街通〔2026〕第002号"
    assert _issue(store, actor).doc_number == "街通〔2026〕第003号"
    with pytest.raises(Conflict, match="已被使用"):
        _issue(store, actor, paper_number="街通〔2026〕第0002号")


def test_a_number_is_the_same_however_its_serial_is_padded(store, actor):
    # Without {year} the printed numbers of two years could look alike: "第1号" (paper, 2026)
    # and "第001号" (automatic, 2027) are the same number, so 2027 starts at 第002号.
    settings.set_value(store, actor, registry.setting(numbering.setting_key("generic_notice")),
                       "{prefix}第{serial:03d}号")
    _issue(store, actor, paper_number="街通第1号")
    with clock.frozen(dt.date(2027, 1, 4)):
        assert _issue(store, actor).doc_number == "街通第002号"
        with pytest.raises(Conflict, match="已被使用"):
            _issue(store, actor, paper_number="街通第001号")


def test_a_taken_number_reaching_the_database_is_refused_in_chinese(store, actor):
    from jiedao_desk.store import documents as doc_store

    first = _issue(store, actor)
    row = doc_store.NewDocument("generic_notice", "通知", first.doc_number, 2026, 99, False, "",
                                None, "{}", b"%PDF", "0" * 64, 1, "测试", None)
    with pytest.raises(Conflict, match=f"文号“{first.doc_number}”已被使用"), store.atomic():
        doc_store.insert(store, row)
    assert store.scalar("SELECT COUNT(*) FROM document") == 1


def test_upcoming_number_names_the_next_number_without_taking_it(store, actor):
    kind = "generic_notice"
    assert numbering.upcoming_number(store, kind, 2026) == "街通〔2026〕第1号"
    assert numbering.upcoming_number(store, kind, 2026) == "街通〔2026〕第1号"  # not taken
    assert _issue(store, actor).doc_number == "街通〔2026〕第1号"
    assert numbering.upcoming_number(store, kind, 2026) == "街通〔2026〕第2号"
    _issue(store, actor, paper_number="街通〔2026〕第2号")  # a paper form took the next serial
    assert numbering.upcoming_number(store, kind, 2026) == "街通〔2026〕第3号"
    assert _issue(store, actor).doc_number == "街通〔2026〕第3号"
