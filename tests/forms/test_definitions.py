# SPDX-License-Identifier: MIT
"""Form definitions: parsing, the registry rules of the 2019 clean-up, examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jiedao_desk import paths, registry
from jiedao_desk.base.errors import ValidationError
from jiedao_desk.core import settings
from jiedao_desk.domains.forms import definitions as forms

EXAMPLES = paths.forms_dir() / "examples"


def definition(form_id="f1", department="市民政局", level="市", frequency="月",
               effective_from="2026-01-01", extra="") -> str:
    return f"""
id = "{form_id}"
name = "测试报表 {form_id}"
department = "{department}"
level = "{level}"
frequency = "{frequency}"
effective_from = "{effective_from}"
{extra}
[[fields]]
id = "n"
label = "人数"
type = "integer"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_registry_is_empty_and_examples_cover_every_type():
    reg = forms.load_registry(paths.forms_dir())
    assert reg.refused == []
    assert all(f.example for f in reg.forms)  # no real form is shipped
    assert forms.load_registry(paths.forms_dir(), examples=False).forms == []
    types = {f.type for form in reg.forms for f in form.fields}
    assert types == set(forms.FIELD_TYPES)
    assert all(f.title.startswith("【示例】") for f in reg.forms)


def test_weekly_frequency_refused(tmp_path):
    path = write(tmp_path, "w.toml", definition(frequency="周"))
    with pytest.raises(ValidationError, match="取消周报"):
        forms.load_file(path)


def test_second_city_form_of_one_department_refused(tmp_path):
    write(tmp_path, "a.toml", definition("a"))
    write(tmp_path, "b.toml", definition("b"))
    write(tmp_path, "c.toml", definition("c", department="市卫健委"))
    reg = forms.load_registry(tmp_path)
    assert [f.id for f in reg.forms] == ["a", "c"]
    (path, reason), = reg.refused
    assert path.endswith("b.toml")
    assert "一个部门原则上只保留1项" in reason and "准入申请" in reason


def test_city_forms_of_one_department_may_follow_each_other(tmp_path):
    write(tmp_path, "a.toml", definition("a", effective_from="2020-01-01",
                                        extra='effective_to = "2025-12-31"'))
    write(tmp_path, "b.toml", definition("b", effective_from="2026-01-01"))
    assert [f.id for f in forms.load_registry(tmp_path).forms] == ["a", "b"]


def test_district_cap_is_a_setting(tmp_path, store, actor):
    for i in range(6):
        write(tmp_path, f"d{i}.toml", definition(f"d{i}", department=f"区部门{i}", level="区"))
    reg = forms.registry(store, tmp_path)
    assert len(reg.forms) == 5
    assert "上限 5 项" in reg.refused[0][1]
    settings.set_value(store, actor, registry.setting("forms.district_cap"), 3)
    assert len(forms.registry(store, tmp_path).forms) == 3


def test_example_outside_examples_and_real_form_inside_refused(tmp_path):
    write(tmp_path, "x.toml", definition("x", extra="example = true"))
    write(tmp_path / "examples", "y.toml", definition("y"))
    reg = forms.load_registry(tmp_path)
    assert reg.forms == []
    assert len(reg.refused) == 2


@pytest.mark.parametrize("extra, message", [
    ('[[fields]]\nid = "n"\nlabel = "重复"\ntype = "text"', "字段标识重复"),
    ('[[fields]]\nid = "t"\nlabel = "类型"\ntype = "weird"', "类型“weird”未知"),
    ('[[fields]]\nid = "c"\nlabel = "选项"\ntype = "choice"', "没有列出 choices"),
    ('[[checks]]\nleft = "n"\nop = "<="\nright = "zz"', "不存在的字段"),
    ('[excel]\ncolumns = ["n", "zz"]', "Excel 列引用了不存在的字段"),
    ('[excel]\ncells = {_seq = "A1"}', "excel.cells 只能填写"),
    ('[excel]\ntemplate = "t.xlsx"', "数据起始单元格"),
    ('[[fields]]\nid = "p"\nlabel = "带出"\ntype = "text"\nprefill = "n.name"', "不是居民字段"),
])
def test_bad_definitions_are_refused_with_reason(tmp_path, extra, message):
    path = write(tmp_path, "bad.toml", definition() + extra)
    with pytest.raises(ValidationError, match=message):
        forms.load_file(path)


def test_example_files_copy_elsewhere(tmp_path):
    # a street copies an example as the start of its own (real) definition
    shutil.copy(EXAMPLES / "example_all_types.toml", tmp_path / "mine.toml")
    text = (tmp_path / "mine.toml").read_text(encoding="utf-8").replace("example = true\n", "")
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    reg = forms.load_registry(tmp_path)
    assert [f.id for f in reg.forms] == ["example_all_types"] and not reg.forms[0].example
