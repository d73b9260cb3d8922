# SPDX-License-Identifier: MIT
"""Excel import: every row checked first; any error writes nothing and saves a report."""

import openpyxl
import pytest
from stdnum.cn import ric

from jiedao_desk import registry
from jiedao_desk.base.errors import ImportRejected
from jiedao_desk.core import imports as importer
from jiedao_desk.domains.residents import service as residents
from jiedao_desk.domains.residents import store as residents_store

RESIDENTS = registry.import_spec("residents")

HEADER = ["社区", "姓名", "身份证号", "电话", "住址", "户号", "备注"]


def _id(seq: int, birth: str = "19800101") -> str:
    body = f"110105{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


def _xlsx(path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    if header is not None:
        ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _good(code, n=3):
    return [[code, f"居民{i}", _id(i), "13800138000", f"和平里{i}号楼", "", ""]
            for i in range(1, n + 1)]


def _audit_count(store):
    return store.scalar("SELECT COUNT(*) FROM audit_log")


@pytest.fixture
def community(make_community):
    return make_community("和平里社区", "C001")


def test_good_file_imports_in_one_transaction_with_audit(store, actor, community, tmp_path):
    path = _xlsx(tmp_path / "in.xlsx", _good("C001") + [["和平里社区", "王五", None, None,
                                                          None, None, None]])
    before = _audit_count(store)
    result = importer.run_import(store, actor, RESIDENTS, path)
    assert (result.rows, result.imported, result.dry_run) == (4, 4, False)
    assert residents_store.count(store) == 4
    assert _audit_count(store) == before + 5  # 4 resident.add + 1 import row
    row = store.row("SELECT * FROM audit_log WHERE action = 'import.residents'")
    assert '"rows": 4' in row["after_json"] and "in.xlsx" in row["after_json"]
    got = residents.get_resident(store, 1)
    assert got.community_id == community.id and got.gender and got.phone == "138 0013 8000"


def test_one_bad_row_writes_nothing_and_reports_that_row(store, actor, community, tmp_path):
    rows = _good("C001", 5)
    rows[2][2] = "110105198001010010"  # row 4 of the sheet: wrong check digit
    path = _xlsx(tmp_path / "居民.xlsx", rows)
    before = (residents_store.count(store), _audit_count(store))
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, actor, RESIDENTS, path)
    assert (residents_store.count(store), _audit_count(store)) == before
    errors = info.value.errors
    assert [(e.row, e.column) for e in errors] == [(4, "身份证号")]
    assert "校验位" in errors[0].message
    report = info.value.report_path
    assert report == tmp_path / "居民.错误报告.xlsx" and report.exists()
    ws = openpyxl.load_workbook(report).active
    assert [c.value for c in ws[1]][:3] == ["行号", "列", "问题"]
    assert [c.value for c in ws[2]][:2] == [4, "身份证号"]
    assert "居民3" in [c.value for c in ws[2]]  # the original values of that row


def test_dry_run_reports_ok_and_writes_nothing(store, actor, community, tmp_path):
    path = _xlsx(tmp_path / "in.xlsx", _good("C001"))
    before = _audit_count(store)
    result = importer.run_import(store, actor, RESIDENTS, path, dry_run=True)
    assert (result.rows, result.imported, result.dry_run) == (3, 0, True)
    assert residents_store.count(store) == 0 and _audit_count(store) == before


def test_duplicates_in_file_and_in_database(store, actor, community, tmp_path):
    residents.add_resident(store, actor, community.id, "老住户", _id(9))
    rows = _good("C001") + [["C001", "重复", _id(1), None, None, None, None],
                            ["C001", "已登记", _id(9), None, None, None, None]]
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, actor, RESIDENTS, _xlsx(tmp_path / "d.xlsx", rows))
    msgs = {(e.row, e.column): e.message for e in info.value.errors}
    assert msgs[(5, "身份证号")] == "与第2行重复。"
    assert "已登记在“和平里社区”" in msgs[(6, "身份证号")]
    assert residents_store.count(store) == 1


def test_row_level_checks(store, actor, community, tmp_path):
    rows = [["C001", None, None, None, None, None, None],           # 2: name missing
            ["不存在社区", "甲", None, None, None, None, None],        # 3: unknown community
            ["C001", "乙", None, "12345", None, None, None],          # 4: bad phone
            ["C001", "丙", 110105198001010000, None, None, None, None],  # 5: ID as a number
            ["C001", "丁" * 31, None, None, None, None, None]]        # 6: name too long
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, actor, RESIDENTS, _xlsx(tmp_path / "r.xlsx", rows))
    by_row = {e.row: (e.column, e.message) for e in info.value.errors}
    assert by_row[2] == ("姓名", "不能为空。")
    assert by_row[3][0] == "社区" and "不存在社区" in by_row[3][1]
    assert by_row[4][0] == "电话"
    assert "当成了数字" in by_row[5][1]
    assert "最多30字" in by_row[6][1]


def test_formula_cell_is_refused(store, actor, community, tmp_path):
    rows = _good("C001")
    rows[0][4] = '=CONCAT("和平里","1号楼")'
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, actor, RESIDENTS, _xlsx(tmp_path / "f.xlsx", rows))
    (err,) = info.value.errors
    assert (err.row, err.column) == (2, "住址") and "公式" in err.message


def test_huge_cell_is_refused(store, actor, community, tmp_path):
    rows = _good("C001")
    rows[1][6] = "长" * 2500
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, actor, RESIDENTS, _xlsx(tmp_path / "h.xlsx", rows))
    (err,) = info.value.errors
    assert (err.row, err.column) == (3, "备注") and "内容过长（2,500字" in err.message


def test_empty_sheet(store, actor, community, tmp_path):
    with pytest.raises(ImportRejected, match="是空的") as info:
        importer.run_import(store, actor, RESIDENTS, _xlsx(tmp_path / "e.xlsx", [], None))
    assert "社区、姓名、身份证号" in info.value.message


def test_wrong_and_missing_headers_list_the_expected_ones(store, actor, community, tmp_path):
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, actor, RESIDENTS,
                            _xlsx(tmp_path / "w.xlsx", [["a", "b"]], ["甲", "乙"]))
    (err,) = info.value.errors
    assert "表头不对" in err.message and "社区（必填）、姓名（必填）、身份证号" in err.message
    with pytest.raises(ImportRejected) as info:
        importer.run_import(store, actor, RESIDENTS,
                            _xlsx(tmp_path / "m.xlsx", [["C001"]], ["社区名称"]))
    (err,) = info.value.errors
    assert "缺少必需的列：姓名" in err.message


def test_not_xlsx_and_corrupt_files(store, actor, tmp_path):
    text = tmp_path / "a.csv"
    text.write_text("社区,姓名\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="不是 Excel"):
        importer.run_import(store, actor, RESIDENTS, text)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportRejected, match="另存为"):
        importer.run_import(store, actor, RESIDENTS, old)
    broken = tmp_path / "b.xlsx"
    good = _xlsx(tmp_path / "g.xlsx", [])
    broken.write_bytes(good.read_bytes()[:400])
    with pytest.raises(ImportRejected, match="不是 Excel|已损坏"):
        importer.run_import(store, actor, RESIDENTS, broken)


def test_real_import_on_a_file_db_makes_a_safety_backup(file_store, actor, tmp_path):
    from jiedao_desk.domains.org import service as org

    org.add_community(file_store, actor, "和平里社区", "C001")
    result = importer.run_import(file_store, actor, RESIDENTS,
                                 _xlsx(tmp_path / "in.xlsx", _good("C001")))
    assert result.backup and "pre_import" in result.backup
    assert residents_store.count(file_store) == 3


def test_blank_template_round_trips(store, actor, community, tmp_path):
    path = importer.write_template(RESIDENTS, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb.worksheets[0][1]] == [*HEADER, "标记"]
    assert "说明" in wb.sheetnames
    ws = wb.worksheets[0]
    ws.append(["和平里社区", "张三", _id(1), "010 6512 3456", "和平里1号楼", "001", ""])
    wb.save(path)
    assert importer.run_import(store, actor, RESIDENTS, path).imported == 1


def test_unknown_importer_name(store, actor, tmp_path):
    with pytest.raises(Exception, match="residents"):
        registry.import_spec("nope")


@pytest.mark.parametrize("failure", ["refused", "disk"])
def test_a_write_that_fails_midway_leaves_nothing_of_the_import(store, actor, community,
                                                                tmp_path, monkeypatch, failure):
    """The rows are saved one by one inside one transaction: row 40 failing (a clash that
    appeared after the check, or the disk) must take rows 1–39 and the audit rows with it."""
    from jiedao_desk.base.errors import Conflict

    path = _xlsx(tmp_path / "in.xlsx", _good("C001", n=60))
    before = (_audit_count(store), residents_store.count(store),
              store.scalar("SELECT COUNT(*) FROM seal"))
    save = RESIDENTS.save
    calls = {"n": 0}

    def failing(s, a, values):
        calls["n"] += 1
        if calls["n"] == 40:
            if failure == "refused":
                raise Conflict("同一身份证号已登记")
            raise OSError(28, "No space left on device")
        return save(s, a, values)

    import dataclasses

    spec = dataclasses.replace(RESIDENTS, save=failing)
    with pytest.raises(ImportRejected) as exc:
        importer.run_import(store, actor, spec, path)
    assert "第41行" in str(exc.value) and "全部撤销" in str(exc.value)
    if failure == "disk":
        assert "磁盘已满" in str(exc.value)
    assert calls["n"] == 40
    assert (_audit_count(store), residents_store.count(store),
            store.scalar("SELECT COUNT(*) FROM seal")) == before
