# SPDX-License-Identifier: MIT
"""The `forms` commands."""

from __future__ import annotations

import openpyxl

from jiedao_desk import paths
from jiedao_desk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_examples_and_empty_registry(capsys, tmp_path):
    code, out, _ = run(capsys, "--db", str(tmp_path / "d.db"), "forms", "list")
    assert code == 0
    assert "登记的报表：0 项" in out and "【示例】重点人群走访月报" in out


def test_validate_refuses_weekly(capsys, tmp_path):
    bad = tmp_path / "w.toml"
    bad.write_text('id = "w"\nname = "周报"\ndepartment = "某局"\nlevel = "市"\nfrequency = "周"\n'
                   'effective_from = "2026-01-01"\n[[fields]]\nid = "a"\nlabel = "A"\n',
                   encoding="utf-8")
    code, out, err = run(capsys, "--db", str(tmp_path / "d.db"), "forms", "validate", str(bad))
    assert code != 0 and "取消周报" in out + err
    good = paths.forms_dir() / "examples" / "example_all_types.toml"
    code, out, _ = run(capsys, "--db", str(tmp_path / "d.db"), "forms", "validate", str(good))
    assert code == 0 and "定义有效" in out


def test_import_template_then_export(capsys, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for c, text in enumerate(["社区", "户数", "日期"], 1):
        ws.cell(2, c, text)
    wb.save(tmp_path / "t.xlsx")
    draft = tmp_path / "t.toml"
    code, out, _ = run(capsys, "forms", "import-template", str(tmp_path / "t.xlsx"),
                       "--id", "households", "-o", str(draft))
    assert code == 0 and "3 个字段" in out
    text = draft.read_text(encoding="utf-8")
    assert 'type = "community"' in text and 'type = "integer"' in text and "draft = true" in text

    db = str(tmp_path / "d.db")
    assert run(capsys, "--db", db, "forms", "export", "example_all_types", "--period",
               "2026-10", "-o", str(tmp_path / "o.xlsx"))[0] != 0  # nothing submitted yet


def test_export_writes_the_layout(capsys, tmp_path, cli_admin):
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.domains.forms import definitions as forms
    from jiedao_desk.domains.forms import entries as forms_entries
    from jiedao_desk.domains.org import service as org
    from jiedao_desk.store import Store

    db = tmp_path / "d.db"
    store = Store.open(db)
    c = org.add_community(store, SYSTEM, "甲社区", "C001")
    form = forms.load_file(paths.forms_dir() / "examples" / "example_quarterly_summary.toml")
    forms_entries.submit(store, SYSTEM, form, "2026-Q3", c.id, [{"households": "4",
                                                                 "persons": "9"}])
    store.close()
    cli_admin(db)
    out = tmp_path / "q.xlsx"
    code, text, _ = run(capsys, "--db", str(db), "forms", "export",
                        "example_quarterly_summary", "--period", "2026-Q3", "-o", str(out))
    assert code == 0 and "已导出" in text
    ws = openpyxl.load_workbook(out)["季报"]
    assert [c.value for c in ws[1]] == ["社区", "服务户数（户）", "服务人数（人）"]
    assert [c.value for c in ws[2]] == ["甲社区", 4, 9]
    with Store.open(db) as s:  # the output is audited as the administrator's
        row = s.row("SELECT actor_name, after_json FROM audit_log WHERE action = "
                    "'personal_data.output' ORDER BY id DESC LIMIT 1")
    assert row is not None and '"records": 1' in row["after_json"]


def test_refused_form_becomes_access_request(capsys, tmp_path, cli_admin):
    from jiedao_desk.base.actor import SYSTEM
    from jiedao_desk.domains import access
    from jiedao_desk.domains.org import service as org
    from jiedao_desk.store import Store

    db = tmp_path / "d.db"
    store = Store.open(db)
    org.add_community(store, SYSTEM, "甲社区", "C001")
    store.close()
    cli_admin(db)
    folder = tmp_path / "forms"
    folder.mkdir()
    base = ('name = "{n}"\ndepartment = "市民政局"\nlevel = "市"\nfrequency = "月"\n'
            'effective_from = "2026-01-01"\n[[fields]]\nid = "a"\nlabel = "人数"\n'
            'type = "integer"\n')
    (folder / "a.toml").write_text('id = "a"\n' + base.format(n="已登记"), encoding="utf-8")
    extra = tmp_path / "b.toml"
    extra.write_text('id = "b"\n' + base.format(n="又一张表"), encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db), "forms", "request-access", str(extra),
                       "--dir", str(folder))
    assert code == 0 and "已转为准入申请" in out
    store = Store.open(db)
    req = access.get_request(store, SYSTEM, 1)
    assert req.title == "新增报表：又一张表" and req.task_type == "报表/系统"
    assert "一个部门原则上只保留1项" in req.notes
    store.close()
