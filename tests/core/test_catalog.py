# SPDX-License-Identifier: MIT
import datetime as dt

import openpyxl
import pytest

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import (
    Conflict,
    ImportRejected,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from jiedao_desk.core import catalog
from jiedao_desk.store import audit
from jiedao_desk.store import catalog as catalog_store


def version_toml(label="v1", *, key="test_list", effective_from="", effective_to="",
                 confidence="exact", items=((1, "第一项"), (2, "第二项")), notes=""):
    lines = ["[catalog]", f'key = "{key}"', 'title = "测试清单"', "", "[version]",
             f'label = "{label}"', 'issuer = "某某部门"', 'doc_number = "测发〔2020〕1号"',
             f'effective_from = "{effective_from}"', f'effective_to = "{effective_to}"',
             'source_urls = ["https://example.org/a"]', f'confidence = "{confidence}"',
             f'notes = "{notes}"']
    for seq, text in items:
        lines += ["", "[[items]]", f"seq = {seq}", 'code = ""', f'text = "{text}"',
                  'category = ""', 'notes = ""']
    return "\n".join(lines) + "\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(store):
    """Everything an import may touch: catalog rows and the audit chain head."""
    return catalog_store.row_counts(store), audit.head(store)


def test_load_builtin_loads_every_shipped_file_once(store, actor):
    files = sorted(catalog.builtin_dir().glob("*.toml"))
    assert files, "no shipped catalogs found"
    loaded = catalog.load_builtin(store, actor)
    # Shipped file names follow <catalog>--<label>.toml (resources/catalogs/README.md).
    assert sorted(f"{k}--{label}.toml" for k, label in loaded) == [f.name for f in files]
    before = snapshot(store)
    assert catalog.load_builtin(store, actor) == []
    assert snapshot(store) == before
    assert before[0][0] == len(files)
    rows = audit.query(store, entity="catalog_version")
    assert len(rows) == len(files)
    assert {r["action"] for r in rows} == {"catalog.load_builtin"}
    assert audit.verify_chain(store) is None
    # 民发〔2020〕20号 lists 20 certificates a residents' committee must not issue.
    deny = catalog.current_version(store, "certificate_denylist")
    assert deny.doc_number == "民发〔2020〕20号" and deny.confidence == "exact"
    assert [i.seq for i in catalog.items(store, deny.id)] == list(range(1, 21))
    for summary in catalog.list_catalogs(store):
        for v in summary.versions:
            assert v.origin.startswith("builtin:")
            if v.confidence != "unknown":
                assert v.item_count > 0, (v.catalog, v.label)



def test_start_up_checks_only_the_shipped_files_not_loaded_yet(store, actor, tmp_path,
                                                                monkeypatch):
    write(tmp_path, "test_list--v1.toml", version_toml("v1"))
    assert catalog.load_builtin(store, actor, tmp_path) == [("test_list", "v1")]
    checked = []
    real = catalog.parse_toml
    monkeypatch.setattr(catalog, "parse_toml",
                        lambda data, name: checked.append(name) or real(data, name))
    write(tmp_path, "test_list--v2.toml", version_toml("v2"))
    write(tmp_path, "broken--x.toml", "[catalog\n")  # unreadable: checked, and refused
    with pytest.raises(ImportRejected):
        catalog.load_builtin(store, actor, tmp_path)
    assert checked == ["broken--x.toml"]
    (tmp_path / "broken--x.toml").unlink()
    checked.clear()
    assert catalog.load_builtin(store, actor, tmp_path) == [("test_list", "v2")]
    assert checked == ["test_list--v2.toml"]  # v1 is in the database: not checked again

def test_toml_syntax_error_names_the_line_and_writes_nothing(store, actor, tmp_path):
    catalog.load_builtin(store, actor)
    before = snapshot(store)
    text = version_toml().replace('issuer = "某某部门"', "issuer = 某某部门")
    path = write(tmp_path, "bad.toml", text)
    with pytest.raises(ImportRejected) as err:
        catalog.import_version(store, actor, path)
    assert "无法解析" in err.value.message and "bad.toml" in err.value.message
    [problem] = err.value.errors
    assert problem.row == 7  # the issuer line
    assert "语法错误" in problem.message
    assert snapshot(store) == before


def test_toml_field_errors_are_all_listed(store, actor, tmp_path):
    text = version_toml(key="Test-List", effective_from="2021-02-30", confidence="sure",
                        items=((1, "甲"), (1, "乙"), (3, "")))
    path = write(tmp_path, "fields.toml", text)
    with pytest.raises(ImportRejected) as err:
        catalog.import_version(store, actor, path)
    messages = {(e.row, e.message) for e in err.value.errors}
    lines = text.splitlines()
    key_line = lines.index('key = "Test-List"') + 1
    assert any(r == key_line and "目录键“Test-List”格式不对" in m for r, m in messages)
    assert any("生效日期“2021-02-30”不存在" in m for _, m in messages)
    assert any("置信度“sure”无效" in m for _, m in messages)
    item_headers = [n for n, line in enumerate(lines, 1) if line == "[[items]]"]
    assert any("序号 1 与第" in m and str(item_headers[0]) in m for _, m in messages)
    assert any(r > item_headers[2] and m == "内容不能为空。" for r, m in messages)
    assert catalog_store.row_counts(store) == (0, 0)
    assert audit.head(store)[0] == 0


def test_dates_order_seq_type_and_empty_non_unknown(tmp_path):
    text = version_toml(effective_from="2021-01-01", effective_to="2020-12-31")
    with pytest.raises(ImportRejected, match="1 处错误") as err:
        catalog.parse_toml(text.encode(), "x.toml")
    assert "失效日期 2020-12-31 早于生效日期 2021-01-01" in err.value.errors[0].message
    with pytest.raises(ImportRejected) as err:
        catalog.parse_toml(version_toml().replace("seq = 2", 'seq = "二"').encode(), "x.toml")
    assert "序号“二”应为正整数" in err.value.errors[0].message
    # Items that are not known are not invented: an empty version must be marked unknown.
    with pytest.raises(ImportRejected, match="x.toml") as err:
        catalog.parse_toml(version_toml(items=()).encode(), "x.toml")
    problem = err.value.errors[0]
    assert "置信度填为“未知”" in problem.message and "unknown" not in problem.message
    assert problem.column == "置信度"  # the Chinese field name, the line number finds the key
    assert catalog.parse_toml(version_toml(items=(), confidence="unknown").encode(),
                              "x.toml").items == ()
    assert catalog.parse_toml(version_toml(items=(), confidence="未知").encode(),
                              "x.toml").items == ()


def test_unsupported_extension(store, actor, tmp_path):
    with pytest.raises(ValidationError, match=r"只能导入 \.toml 或 \.xlsx"):
        catalog.import_version(store, actor, write(tmp_path, "list.csv", "a,b\n"))


def fill_template(path, version=None, items=(), extra_header=None):
    wb = openpyxl.load_workbook(path)
    ws = wb["版本信息"]
    values = {"目录键": "test_list", "目录名称": "测试清单", "版本标签": "2026-01",
              "发文机关": "某某部门", "文号": "测发〔2026〕1号", "生效日期": dt.date(2026, 1, 1),
              "失效日期": None, "来源网址": "https://example.org/a\nhttps://example.org/b",
              "置信度": "原文", "说明": "按正式附件录入。", **(version or {})}
    for row in ws.iter_rows(min_row=2):
        row[1].value = values[row[0].value]
    sheet = wb["条目"]
    if extra_header:
        sheet.cell(row=1, column=6, value=extra_header)
    for item in items:
        sheet.append(list(item))
    wb.save(path)
    return path


def test_xlsx_round_trip_through_the_blank_template(store, actor, tmp_path):
    path = catalog.write_template(tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["版本信息", "条目"]
    assert [c.value for c in wb["条目"][1]] == ["序号", "编码", "内容", "分类", "备注"]
    fill_template(path, items=[(1, 101, "居住证明", "", "", "《某条例》第三条"),
                               (2, "B-2", "其他证明", "类别乙", "备注", None)],
                  extra_header="法律依据")
    result = catalog.import_version(store, actor, path)
    assert result.created
    v = result.version
    assert (v.catalog, v.label, v.confidence, v.item_count) == ("test_list", "2026-01", "exact", 2)
    assert v.effective_from == dt.date(2026, 1, 1) and v.effective_to is None
    assert v.source_urls == ("https://example.org/a", "https://example.org/b")
    assert v.origin == "import:template.xlsx"
    first, second = catalog.items(store, v.id)
    assert (first.code, first.text) == ("101", "居住证明")
    assert first.extra == {"法律依据": "《某条例》第三条"}
    assert (second.code, second.category, second.notes) == ("B-2", "类别乙", "备注")
    assert second.extra == {}
    assert [r["action"] for r in audit.query(store)] == ["catalog.import"]

    before = snapshot(store)
    again = catalog.import_version(store, actor, path)  # byte-identical: reported, not written
    assert not again.created and again.version.id == v.id
    assert snapshot(store) == before
    fill_template(path, items=[(3, "", "第三项", "", "")])
    with pytest.raises(Conflict, match="已有版本“2026-01”"):
        catalog.import_version(store, actor, path)
    assert snapshot(store) == before


def test_malformed_xlsx_lists_rows_and_writes_nothing(store, actor, tmp_path):
    catalog.load_builtin(store, actor)
    before = snapshot(store)
    path = fill_template(catalog.write_template(tmp_path / "bad.xlsx"),
                         version={"生效日期": "2026-02-30", "置信度": "大概"},
                         items=[(1, "", "甲", "", ""), ("x", "", "乙", "", ""),
                                (1, "", "", "", "")])
    with pytest.raises(ImportRejected) as err:
        catalog.import_version(store, actor, path)
    found = {(e.row, e.column, e.message) for e in err.value.errors}
    assert (7, "「版本信息」生效日期", "生效日期“2026-02-30”不存在（请检查月份和日）。") in found
    assert any(r == 10 and c == "「版本信息」置信度" and "“大概”无效" in m for r, c, m in found)
    assert (3, "「条目」序号", "序号“x”应为正整数。") in found
    assert (4, "「条目」序号", "序号 1 与第2行重复。") in found
    assert (4, "「条目」内容", "内容不能为空。") in found
    assert snapshot(store) == before


def test_xlsx_wrong_layout_and_unreadable_file(store, tmp_path):
    path = catalog.write_template(tmp_path / "header.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["条目"]["C1"] = "名称"
    del wb["版本信息"]
    wb.save(path)
    with pytest.raises(ImportRejected, match="格式不对") as err:
        catalog.parse_xlsx(path)
    assert "缺少这个工作表" in err.value.errors[0].message
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("版本信息")
    wb.save(path)
    with pytest.raises(ImportRejected) as err:
        catalog.parse_xlsx(path)
    assert [e.message for e in err.value.errors] == ["工作表是空的，至少应有表头行。"]
    fill = fill_template(catalog.write_template(tmp_path / "h2.xlsx"),
                         items=[(1, "", "甲", "", "")])
    wb = openpyxl.load_workbook(fill)
    wb["条目"]["C1"] = "名称"
    wb.save(fill)
    with pytest.raises(ImportRejected) as err:
        catalog.parse_xlsx(fill)
    assert "表头应为 序号、编码、内容、分类、备注" in err.value.errors[0].message
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ImportRejected, match="不是有效的 Excel"):
        catalog.parse_xlsx(junk)
    assert catalog_store.row_counts(store) == (0, 0)


def import_text(store, actor, tmp_path, label, **kw):
    return catalog.import_version(store, actor, write(tmp_path, f"{label}.toml",
                                                      version_toml(label, **kw))).version


def test_current_version_by_date(store, actor, tmp_path):
    undated = import_text(store, actor, tmp_path, "undated")
    old = import_text(store, actor, tmp_path, "v2019", effective_from="2019-01-01",
                      effective_to="2020-12-31")
    new = import_text(store, actor, tmp_path, "v2021", effective_from="2021-01-01")

    def current(day):
        found = catalog.current_version(store, "test_list", on=day)
        return found.label if found else None

    assert current(dt.date(2018, 6, 1)) == "undated"  # no dates: always in force
    assert current(dt.date(2020, 12, 31)) == "v2019"  # effective_to is the last day in force
    assert current(dt.date(2021, 1, 1)) == "v2021"
    assert catalog.current_version(store, "test_list").id == new.id  # today = 2026-11-23
    [summary] = catalog.list_catalogs(store)
    assert summary.current_id == new.id
    assert [v.id for v in summary.versions] == [undated.id, old.id, new.id]
    with pytest.raises(NotFound):
        catalog.current_version(store, "no_such_list")


def test_void_keeps_the_version_but_not_in_force(store, actor, tmp_path):
    old = import_text(store, actor, tmp_path, "v2019", effective_from="2019-01-01")
    new = import_text(store, actor, tmp_path, "v2021", effective_from="2021-01-01")
    with pytest.raises(ValidationError, match="作废原因不能为空"):
        catalog.void_version(store, actor, new.id, "  ")
    voided = catalog.void_version(store, actor, new.id, "文号录入错误")
    assert voided.voided_at and voided.void_reason == "文号录入错误"
    assert catalog.current_version(store, "test_list").id == old.id
    assert len(catalog.items(store, new.id)) == 2  # items stay readable
    assert audit.query(store, entity="catalog_version")[0]["action"] == "catalog.void"
    with pytest.raises(Conflict, match="已经作废"):
        catalog.void_version(store, actor, new.id, "再次")
    with pytest.raises(NotFound):
        catalog.void_version(store, actor, 9999, "无")
    # The label stays taken: a corrected list comes as a new label.
    corrected = tmp_path / "corrected"
    corrected.mkdir()
    with pytest.raises(Conflict, match="已作废"):
        import_text(store, actor, corrected, "v2021", effective_from="2021-02-01")


def test_only_administrators_manage_catalogs(store, actor, tmp_path):
    worker = Actor(user_id=7, name="张三", role="community_worker", community_id=1)
    path = write(tmp_path, "v1.toml", version_toml())
    with pytest.raises(PermissionDenied, match="导入参考目录"):
        catalog.import_version(store, worker, path)
    assert catalog_store.row_counts(store) == (0, 0)
    admin = Actor(user_id=1, name="管理员甲", role="admin")
    v = catalog.import_version(store, admin, path).version
    assert v.imported_by == "管理员甲"
    with pytest.raises(PermissionDenied):
        catalog.void_version(store, worker, v.id, "不需要")
    assert catalog.get_version(store, v.id).voided_at is None
