# SPDX-License-Identifier: MIT
"""Ledger export: the file holds exactly what the list shows, as a proper Excel table."""

import datetime as dt
import errno
import json
import tempfile
import zipfile

import openpyxl
import pytest

from jiedao_desk import demo, registry
from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import NotFound, PermissionDenied, StorageError, ValidationError
from jiedao_desk.core import ledgers
from jiedao_desk.domains.org import service as org
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.exports import ledger

HIDDEN = ("community_id",)


@pytest.fixture
def filled(store):
    demo.generate(store, 600, seed=3)
    return store


def _rows(path):
    wb = openpyxl.load_workbook(path)
    return wb.active


def test_export_matches_filtered_sorted_list(filled, tmp_path):
    community = org.list_communities(filled)[1]
    source = residents_store.list_source(filled, community.id)
    source.set_sort("birth_date", descending=True)
    progress = []
    n = ledger.export_ledger(source, tmp_path / "l.xlsx", "居民信息台账",
                             lambda d, t, text="": progress.append((d, t)), hidden=HIDDEN)
    assert 0 < n == source.count() < 600
    assert progress[-1] == (n, n)
    ws = _rows(tmp_path / "l.xlsx")
    assert ws["A1"].value == "居民信息台账"
    labels = [c.label for c in residents_store.COLUMNS if c.key not in HIDDEN]
    last = openpyxl.utils.get_column_letter(len(labels))  # the title spans every column
    assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == labels
    assert ws.freeze_panes == "A3"
    assert ws.max_row == n + 2
    # Same rows in the same order as the list screen's pages (id column left out).
    expected = [r[1:] for r in source.page(0, n)]
    got = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=3)]
    birth = labels.index("出生日期")
    for want, have in zip(expected, got, strict=True):
        assert have[0] == want[0] and have[2] == want[2]
        assert have[birth] == dt.datetime.fromisoformat(want[birth])
    cell = ws.cell(3, birth + 1)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    masked = ws.cell(3, labels.index("身份证号") + 1).value
    assert masked[6:14] == "********" and len(masked) == 18
    width = ws.column_dimensions["C"].width  # 身份证号: 18 characters wide, plus padding
    assert width == pytest.approx(18 + 2, abs=1)


def test_search_filter_row_count(filled, tmp_path):
    source = residents_store.list_source(filled)
    source.set_search("和平")
    n = ledger.export_ledger(source, tmp_path / "s.xlsx", "搜索", hidden=HIDDEN)
    assert n == source.count() and 0 < n < 600
    assert _rows(tmp_path / "s.xlsx").max_row == n + 2


def test_text_that_looks_like_a_formula_stays_text(store, actor, make_community, tmp_path):
    from jiedao_desk.domains.residents import service as residents

    c = make_community()
    residents.add_resident(store, actor, c.id, "张三", address="=HYPERLINK(\"x\")")
    ledger.export_ledger(residents_store.list_source(store), tmp_path / "f.xlsx", "t")
    cell = _rows(tmp_path / "f.xlsx")["H3"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_export_named_filters_and_rules(filled, actor, tmp_path):
    community = org.list_communities(filled)[0]
    spec, n = ledgers.export(filled, actor, registry.ledger("residents"), tmp_path / "n.xlsx",
                                  community_code=community.code, sort="name")
    assert spec.title == "居民信息台账"
    assert n == residents_store.list_source(filled, community.id).count()
    names = [r[0].value for r in _rows(tmp_path / "n.xlsx").iter_rows(min_row=3)]
    assert names == sorted(names)
    with pytest.raises(ValidationError, match="排序"):
        ledgers.export(filled, actor, registry.ledger("residents"), tmp_path / "x.xlsx",
                       sort="phone")
    with pytest.raises(NotFound):
        ledgers.export(filled, actor, registry.ledger("residents"), tmp_path / "x.xlsx",
                            community_code="NOPE")
    with pytest.raises(NotFound, match="residents"):
        registry.ledger("nope")
    other = org.list_communities(filled)[1]
    worker = Actor(user_id=9, name="社区甲", role="community_worker", community_id=community.id)
    _, own = ledgers.export(filled, worker, registry.ledger("residents"), tmp_path / "w.xlsx")
    assert own == n  # a community worker gets only their own community
    with pytest.raises(PermissionDenied):
        ledgers.export(filled, worker, registry.ledger("residents"), tmp_path / "x.xlsx",
                            community_code=other.code)


@pytest.fixture
def system_temp(tmp_path, monkeypatch):
    """The PC's shared temporary folder, watched: an export writes nothing there."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_failed_export_leaves_no_file(filled, tmp_path, monkeypatch, system_temp):
    source = residents_store.list_source(filled)
    out = tmp_path / "out"
    out.mkdir()

    def broken(offset, limit=None):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(source, "page", broken)
    with pytest.raises(RuntimeError):
        ledger.export_ledger(source, out / "b.xlsx", "t")
    assert list(out.iterdir()) == [] and list(system_temp.iterdir()) == []


def test_an_export_onto_a_full_drive_leaves_none_of_its_parts_anywhere(
        filled, tmp_path, monkeypatch, system_temp):
    """XlsxWriter writes the rows and every part of the file to temporary files first;
    they hold the ledger's personal data and must not outlive a failed export."""
    source = residents_store.list_source(filled)
    out = tmp_path / "out"
    out.mkdir()
    written: list[str] = []
    real = zipfile.ZipFile.write

    def full(self, filename, *args, **kwargs):  # the drive fills up while zipping the parts
        written.append(str(filename))
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(out / "b.xlsx"))
        return real(self, filename, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    with pytest.raises(StorageError, match="已满"):
        ledger.export_ledger(source, out / "b.xlsx", "居民信息台账")
    assert len(written) == 3 and all(w.startswith(str(out)) for w in written)
    assert list(out.iterdir()) == [] and list(system_temp.iterdir()) == []


def test_an_export_leaves_only_the_workbook(filled, tmp_path, system_temp):
    n = ledger.export_ledger(residents_store.list_source(filled), tmp_path / "a.xlsx", "t")
    assert n == 600 and sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "system-temp"]
    assert list(system_temp.iterdir()) == []


def test_export_list_runs_on_a_worker_with_its_own_store(file_store, qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    from jiedao_desk.ui.kit import ledger_export

    demo.generate(file_store, 300, seed=5)
    source = residents_store.list_source(file_store)
    source.set_sort("name")
    source.set_search("和平")
    page = QWidget()
    qtbot.addWidget(page)
    done = []
    clerk = Actor(None, "导出员", "street_staff")
    task = ledger_export.export_list(page, source, "居民信息台账", clerk, hidden=HIDDEN,
                                     path=tmp_path / "gui", on_done=done.append)
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert task.error is None
    assert done == [source.count()]
    ws = _rows(tmp_path / "gui.xlsx")
    names = [r[0].value for r in ws.iter_rows(min_row=3)]
    assert len(names) == source.count() and names == sorted(names)
    assert source.store is file_store  # the screen's own source was not touched
    # the personal data that left the app is audited as the clerk's (个人信息保护法 第五十五条)
    row = file_store.row("SELECT actor_name, action, entity, after_json FROM audit_log "
                         "ORDER BY id DESC LIMIT 1")
    detail = json.loads(row["after_json"])
    assert (row["actor_name"], row["action"], row["entity"]) == \
        ("导出员", "personal_data.output", "resident")
    assert detail["records"] == source.count() and detail["file"] == "gui.xlsx"
    assert "身份证号" in detail["fields"] and "电话" in detail["fields"]
