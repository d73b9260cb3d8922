# SPDX-License-Identifier: MIT
"""Hostile spreadsheets: every user-supplied .xlsx passes one guard before it is unpacked.

A zip bomb (a small file whose sheet unpacks to hundreds of MB), a member compressed
suspiciously well, too many members, rows, cells or merged cells, and garbage named .xlsx
are all refused with a Chinese message and nothing written; a file just under the limits
still imports.
"""

import json
import os
import subprocess
import sys
import textwrap
import zipfile

import openpyxl
import pytest

from jiedao_desk import registry
from jiedao_desk.base.errors import ImportRejected, ValidationError
from jiedao_desk.core import catalog, imports
from jiedao_desk.core import settings as settings_mod
from jiedao_desk.domains import forms
from jiedao_desk.domains.monthly import merge as monthly_merge
from jiedao_desk.domains.residents import store as residents_store
from jiedao_desk.exports import template_fill, xlsx_guard
from jiedao_desk.exports.xlsx_guard import MB, XlsxLimits, check_xlsx

RESIDENTS = registry.import_spec("residents")
HEADER = ["社区", "姓名", "身份证号", "电话", "住址", "户号", "备注"]
SHEET = "xl/worksheets/sheet1.xml"
BOMB_MB = 512
ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'


def _xlsx(path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _rewrite(src, dst, replace=None, extra=()):
    """Copy the workbook ``src`` to ``dst``, streaming ``replace[name]()`` chunks in place of a
    member and adding ``extra`` members ((name, bytes, compression))."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, \
            zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                with zout.open(info.filename, "w", force_zip64=True) as out:
                    for chunk in replace[info.filename]():
                        out.write(chunk)
            else:
                zout.writestr(info, zin.read(info))
        for name, data, method in extra:
            zout.writestr(name, data, compress_type=method)
    return dst


def _sheet_of(rows_xml_chunks, tail=b""):
    """A sheet1.xml: a header row, the given row chunks, then ``tail`` (merged cells)."""
    def chunks():
        yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b'<sheetData>')
        yield from rows_xml_chunks()
        yield b"</sheetData>" + tail + b"</worksheet>"
    return chunks


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A real zip bomb: a valid workbook whose sheet unpacks to 512 MB; the file is ~2 MB."""
    folder = tmp_path_factory.mktemp("bomb")
    seed = _xlsx(folder / "seed.xlsx", [])
    block = ROW * (MB // len(ROW))

    def rows():
        for _ in range(BOMB_MB):
            yield block

    path = _rewrite(seed, folder / "居民名单.xlsx", {SHEET: _sheet_of(rows)})
    assert path.stat().st_size < 5 * MB
    with zipfile.ZipFile(path) as z:
        assert z.getinfo(SHEET).file_size > BOMB_MB * MB
    return path


@pytest.fixture
def community(make_community):
    return make_community("和平里社区", "C001")


def _counts(store):
    return (residents_store.count(store), store.scalar("SELECT COUNT(*) FROM audit_log"))


# -- the zip bomb --------------------------------------------------------------------------
@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="peak memory read from /proc")
def test_zip_bomb_import_is_refused_fast_in_little_memory(bomb, tmp_path):
    """The import runs in a child process whose peak memory is measured (VmHWM); address
    space is capped at 1.5 GB so a broken guard fails the test instead of the machine."""
    db = tmp_path / "db.sqlite3"
    child = textwrap.dedent(f"""
        import json, resource, time
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
        from jiedao_desk import registry
        from jiedao_desk.base.actor import SYSTEM
        from jiedao_desk.base.errors import ImportRejected
        from jiedao_desk.core import imports
        from jiedao_desk.domains.org import service as org
        from jiedao_desk.store import Store
        store = Store.open({str(db)!r})
        org.add_community(store, SYSTEM, "和平里社区", "C001")
        before = store.scalar("SELECT COUNT(*) FROM audit_log")
        start = time.monotonic()
        try:
            imports.run_import(store, SYSTEM, registry.import_spec("residents"), {str(bomb)!r})
            message = None
        except ImportRejected as e:
            message = str(e)
        took = time.monotonic() - start
        after = store.scalar("SELECT COUNT(*) FROM audit_log")
        # VmHWM is this program's own peak; ru_maxrss would also count the parent's memory
        # that a freshly started child inherits its figure from on Linux.
        hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
        peak_mb = int(hwm[0].split()[1]) / 1024
        print(json.dumps({{"message": message, "seconds": took, "peak_mb": peak_mb,
                          "audit_added": after - before}}, ensure_ascii=False))
    """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          timeout=120, cwd=os.getcwd())
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["message"] and "解压后超过 100 MB" in got["message"]
    assert "可能是恶意文件，未导入" in got["message"]
    assert got["seconds"] < 5
    assert got["peak_mb"] < 200
    assert got["audit_added"] == 0
    assert not list(bomb.parent.glob("*错误报告*"))  # no report written beside it


def test_zip_bomb_refused_by_every_reader_of_user_files(bomb, store, actor, tmp_path):
    before = _counts(store)
    with pytest.raises(ImportRejected, match="解压后超过"):
        imports.run_import(store, actor, RESIDENTS, bomb, dry_run=True)
    with pytest.raises(ValidationError, match="解压后超过"):
        monthly_merge.merge([bomb], tmp_path / "out.xlsx")
    with pytest.raises(ValidationError, match="解压后超过"):
        forms.draft_from_template(bomb)
    with pytest.raises(ImportRejected, match="解压后超过"):
        catalog.import_version(store, actor, bomb)
    with pytest.raises(ValidationError, match="解压后超过"):
        template_fill.fill_template(bomb, {"cells": {}}, {}, tmp_path / "filled.xlsx")
    assert _counts(store) == before
    assert not (tmp_path / "out.xlsx").exists() and not (tmp_path / "filled.xlsx").exists()


# -- each limit, both sides ----------------------------------------------------------------
def _padded(tmp_path, name, total_bytes):
    """A good 3-row residents file padded with an incompressible member to exactly
    ``total_bytes`` unpacked in all."""
    seed = _xlsx(tmp_path / f"seed-{name}", [
        ["C001", f"居民{i}", None, "13800138000", f"和平里{i}号楼", "", ""] for i in (1, 2, 3)])
    with zipfile.ZipFile(seed) as z:
        used = sum(i.file_size for i in z.infolist())
    pad = os.urandom(total_bytes - used)
    return _rewrite(seed, tmp_path / name, extra=[("xl/media/pad.bin", pad, zipfile.ZIP_STORED)])


def test_unpacked_size_limit_from_settings_both_sides(store, actor, community, tmp_path):
    settings_mod.set_value(store, actor, imports.SETTINGS["import.max_unpacked_mb"], 1)
    over = _padded(tmp_path, "over.xlsx", MB + 1)
    before = _counts(store)
    with pytest.raises(ImportRejected, match="解压后超过 1 MB.*可能是恶意文件，未导入"):
        imports.run_import(store, actor, RESIDENTS, over)
    assert _counts(store) == before
    assert not (tmp_path / "over.错误报告.xlsx").exists()
    just = _padded(tmp_path, "just.xlsx", MB)
    assert imports.run_import(store, actor, RESIDENTS, just).imported == 3


def test_compression_ratio_limit(tmp_path):
    seed = _xlsx(tmp_path / "seed.xlsx", [])
    block = ROW * (MB // len(ROW))
    path = _rewrite(seed, tmp_path / "r.xlsx", {SHEET: _sheet_of(lambda: iter([block] * 3))})
    with zipfile.ZipFile(path) as z:
        ratio = z.getinfo(SHEET).file_size / z.getinfo(SHEET).compress_size
    assert ratio > 100
    with pytest.raises(ImportRejected, match="压缩比异常.*上限 100 倍.*可能是恶意文件"):
        check_xlsx(path, XlsxLimits(max_ratio=100, max_rows=10**9, max_cells=10**9))
    check_xlsx(path, XlsxLimits(max_ratio=int(ratio) + 1, max_rows=10**9, max_cells=10**9))


def test_small_members_are_never_refused_for_their_ratio(tmp_path):
    path = _xlsx(tmp_path / "ok.xlsx", [["C001", "张三"]] * 200)
    check_xlsx(path, XlsxLimits(max_ratio=1))  # every member is far under 1 MB


def test_member_count_limit_both_sides(tmp_path):
    seed = _xlsx(tmp_path / "seed.xlsx", [])
    with zipfile.ZipFile(seed) as z:
        n = len(z.infolist())
    path = _rewrite(seed, tmp_path / "many.xlsx",
                    extra=[(f"xl/media/p{i}.bin", b"", zipfile.ZIP_STORED) for i in range(50)])
    with pytest.raises(ImportRejected, match=f"内含 {n + 50} 个文件，超过上限 {n + 49} 个"):
        check_xlsx(path, XlsxLimits(max_members=n + 49))
    check_xlsx(path, XlsxLimits(max_members=n + 50))


def test_member_count_read_before_the_directory_is_unpacked(tmp_path, monkeypatch):
    seed = _xlsx(tmp_path / "seed.xlsx", [])
    path = _rewrite(seed, tmp_path / "many.xlsx",
                    extra=[(f"p{i}", b"", zipfile.ZIP_STORED) for i in range(30)])

    def never(*a, **k):
        raise AssertionError("the zip directory was unpacked")

    monkeypatch.setattr(xlsx_guard.zipfile, "ZipFile", never)
    with pytest.raises(ImportRejected, match="超过上限 5 个"):
        check_xlsx(path, XlsxLimits(max_members=5))


def test_row_and_cell_limits_from_settings_both_sides(store, actor, community, tmp_path):
    rows = [["C001", f"居民{i}", None, "13800138000", f"和平里{i}号楼", "", ""]
            for i in range(1, 5)]
    path = _xlsx(tmp_path / "five.xlsx", rows)  # 5 rows (header + 4), 5 x 7 = 35 cells at most
    rows_limit = imports.SETTINGS["import.max_rows"]
    cells_limit = imports.SETTINGS["import.max_cells"]
    settings_mod.set_value(store, actor, rows_limit, 4)
    before = _counts(store)
    with pytest.raises(ImportRejected, match="超过 4 行"):
        imports.run_import(store, actor, RESIDENTS, path)
    settings_mod.set_value(store, actor, rows_limit, 5)
    settings_mod.set_value(store, actor, cells_limit, 20)
    with pytest.raises(ImportRejected, match="超过 20 个单元格"):
        imports.run_import(store, actor, RESIDENTS, path)
    assert _counts(store) == (before[0], before[1] + 2)  # only the two settings changes
    with zipfile.ZipFile(path) as z:
        cells = z.read(SHEET).count(b"<c ")
    settings_mod.set_value(store, actor, cells_limit, cells)
    assert imports.run_import(store, actor, RESIDENTS, path).imported == 4


def test_merged_area_counts_as_cells(tmp_path):
    """openpyxl makes one object per merged cell: a one-line merge of a whole sheet is a
    bomb of 17 billion cells in a few bytes."""
    seed = _xlsx(tmp_path / "seed.xlsx", [])
    tail = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    path = _rewrite(seed, tmp_path / "merged.xlsx", {SHEET: _sheet_of(lambda: iter([]), tail)})
    with pytest.raises(ImportRejected, match="单元格.*含合并单元格"):
        check_xlsx(path)
    small = b'<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>'
    ok = _rewrite(seed, tmp_path / "ok.xlsx", {SHEET: _sheet_of(lambda: iter([]), small)})
    check_xlsx(ok, XlsxLimits(max_cells=4))
    with pytest.raises(ImportRejected):
        check_xlsx(ok, XlsxLimits(max_cells=3))


def test_tags_split_across_read_chunks_are_counted_once(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_guard, "_CHUNK", 7)
    seed = _xlsx(tmp_path / "seed.xlsx", [])
    path = _rewrite(seed, tmp_path / "r.xlsx", {SHEET: _sheet_of(lambda: iter([ROW * 10]))})
    check_xlsx(path, XlsxLimits(max_rows=10, max_cells=20))
    with pytest.raises(ImportRejected, match="超过 19 个单元格"):
        check_xlsx(path, XlsxLimits(max_rows=10, max_cells=19))
    with pytest.raises(ImportRejected, match="超过 9 行"):
        check_xlsx(path, XlsxLimits(max_rows=9))


# -- not a workbook at all -----------------------------------------------------------------
@pytest.mark.parametrize("content", [
    b"",
    b"\x00garbage\xff" * 1000,
    b"PK\x03\x04 not really a zip",
    b"PK\x05\x06" + b"\x00" * 18,  # an empty zip: no [Content_Types].xml
])
def test_garbage_gets_a_clear_message(store, actor, community, tmp_path, content):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(content)
    before = _counts(store)
    with pytest.raises(ImportRejected, match="“名单.xlsx”不是 Excel 工作簿.*另存为"):
        imports.run_import(store, actor, RESIDENTS, path)
    assert _counts(store) == before
    assert not (tmp_path / "名单.错误报告.xlsx").exists()


def test_limits_setting_defaults_match_the_engine():
    assert imports.xlsx_limits(None) == xlsx_guard.DEFAULT_LIMITS
    for key, value in vars(xlsx_guard.DEFAULT_LIMITS).items():
        assert imports.SETTINGS[f"import.{key}"].default == value
    assert set(imports.SETTINGS.values()) <= set(registry.SHARED.settings)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="peak memory read from /proc")
def test_largest_file_the_defaults_accept_reads_in_under_200_mb(tmp_path):
    """The other side of the bomb: the biggest sheet the default limits let through (just
    under the cell limit, every cell different) is read and checked in under 200 MB."""
    limits = xlsx_guard.DEFAULT_LIMITS
    n = limits.max_cells // len(HEADER) - 2  # rows below the header
    path = tmp_path / "big.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for r in range(n):
        ws.append([f"C{r % 997:03d}", f"居民{r}", str(110105198001010000 + r), str(13800000000 + r),
                   f"和平里{r}号楼{r % 31}单元", str(r), f"备注{r * 7}"])
    wb.save(path)
    check_xlsx(path)  # the file passes the guard with room to spare
    child = textwrap.dedent(f"""
        import json
        from jiedao_desk import registry
        from jiedao_desk.core import imports
        rows, errors = imports.read_rows({str(path)!r}, registry.import_spec("residents"))
        hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
        print(json.dumps({{"rows": len(rows), "peak_mb": int(hwm[0].split()[1]) / 1024}}))
    """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          timeout=120, cwd=os.getcwd())
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["rows"] == n
    assert got["peak_mb"] < 200, got
