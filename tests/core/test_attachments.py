# SPDX-License-Identifier: MIT
"""Attachments: content-addressed copies, EXIF time/GPS, hash check on open, void."""

import hashlib
import json

import pytest
from PIL import ExifTags, Image

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, PermissionDenied, ValidationError
from jiedao_desk.core import attachments
from tests import records


@pytest.fixture(autouse=True)
def _records(request):
    """Communities 1–12: the records the documents and files below belong to."""
    for name in ("store", "file_store"):
        if name in request.fixturenames:
            records.communities(request.getfixturevalue(name))


def make_jpeg(path, color=(200, 30, 30), when="2026:11:20 09:15:30", gps=True):
    """A small JPEG with EXIF DateTimeOriginal and (optionally) a GPS position in Beijing."""
    exif = Image.Exif()
    if when:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = when
    if gps:
        g = exif.get_ifd(ExifTags.IFD.GPSInfo)
        g[ExifTags.GPS.GPSLatitudeRef] = "N"
        g[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 27.0)
        g[ExifTags.GPS.GPSLongitudeRef] = "E"
        g[ExifTags.GPS.GPSLongitude] = (116.0, 23.0, 50.0)
    Image.new("RGB", (64, 48), color).save(path, exif=exif)
    return path


def test_add_copies_content_addressed_and_records_exif(file_store, actor, tmp_path):
    src = make_jpeg(tmp_path / "现场照片.jpg")
    att = attachments.add_attachment(file_store, actor, src, "community", 12, " 占道经营 ")
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    stored = file_store.path.parent / "attachments" / sha[:2] / sha
    assert stored.read_bytes() == src.read_bytes()
    assert (att.sha256, att.filename, att.mime, att.size) == (
        sha, "现场照片.jpg", "image/jpeg", src.stat().st_size)
    assert att.exif_time == "2026-11-20 09:15:30"
    assert att.exif_gps == "39.9075000,116.3972222"
    assert (att.entity, att.entity_id, att.note) == ("community", 12, "占道经营")
    audit = file_store.row("SELECT * FROM audit_log WHERE action = 'attachment.add'")
    assert json.loads(audit["after_json"])["sha256"] == sha
    assert attachments.open_attachment(file_store, att.id) == stored


def test_identical_content_is_stored_once_and_never_overwritten(file_store, actor, tmp_path):
    a = make_jpeg(tmp_path / "a.jpg")
    b = tmp_path / "b.jpg"
    b.write_bytes(a.read_bytes())
    first = attachments.add_attachment(file_store, actor, a, "community", 1)
    stored = file_store.path.parent / "attachments" / first.sha256[:2] / first.sha256
    inode = stored.stat().st_ino
    second = attachments.add_attachment(file_store, actor, b, "community", 2)
    assert second.sha256 == first.sha256 and second.id != first.id
    assert stored.stat().st_ino == inode
    files = [p for p in (file_store.path.parent / "attachments").rglob("*") if p.is_file()]
    assert files == [stored]  # no leftover temporary file either


def test_png_without_exif_and_other_files(file_store, actor, tmp_path):
    png = tmp_path / "scan.png"
    Image.new("L", (10, 10), 128).save(png)
    att = attachments.add_attachment(file_store, actor, png, "community", 1)
    assert (att.mime, att.exif_time, att.exif_gps, att.is_image) == ("image/png", None, None,
                                                                     True)
    txt = tmp_path / "说明.txt"
    txt.write_text("录音在U盘里", encoding="utf-8")
    other = attachments.add_attachment(file_store, actor, txt, "community", 1)
    assert other.mime == "text/plain" and not other.is_image
    assert [x.id for x in attachments.list_attachments(file_store, "community", 1)] == [att.id,
                                                                                    other.id]


def test_altered_or_missing_file_is_reported_on_open(file_store, actor, tmp_path):
    att = attachments.add_attachment(file_store, actor, make_jpeg(tmp_path / "p.jpg"),
                                     "community", 1)
    stored = attachments.open_attachment(file_store, att.id)
    stored.write_bytes(stored.read_bytes() + b"x")
    with pytest.raises(Conflict, match="已被改动"):
        attachments.open_attachment(file_store, att.id)
    stored.unlink()
    with pytest.raises(NotFound, match="文件不见了"):
        attachments.open_attachment(file_store, att.id)


@pytest.mark.parametrize("entity, message", [("", "记录类型"), ("community", "找不到")])
def test_bad_input_writes_nothing(file_store, actor, tmp_path, entity, message):
    src = make_jpeg(tmp_path / "p.jpg") if entity == "" else tmp_path / "missing.jpg"
    with pytest.raises(ValidationError, match=message):
        attachments.add_attachment(file_store, actor, src, entity, 1)
    assert file_store.scalar("SELECT COUNT(*) FROM attachment") == 0


def test_memory_store_and_empty_file_are_refused(store, file_store, actor, tmp_path):
    with pytest.raises(ValidationError, match="内存数据库"):
        attachments.add_attachment(store, actor, make_jpeg(tmp_path / "p.jpg"), "community", 1)
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="空文件"):
        attachments.add_attachment(file_store, actor, empty, "community", 1)


def test_void_keeps_record_and_file(file_store, actor, tmp_path):
    att = attachments.add_attachment(file_store, actor, make_jpeg(tmp_path / "p.jpg"),
                                     "community", 1)
    with pytest.raises(PermissionDenied):
        attachments.void_attachment(file_store, Actor(3, "只读", "readonly"), att.id, "x")
    voided = attachments.void_attachment(file_store, actor, att.id, "拍错了")
    assert voided.voided and voided.void_reason == "拍错了"
    assert attachments.list_attachments(file_store, "community", 1) == []
    assert attachments.list_attachments(file_store, "community", 1, include_voided=True) == [voided]
    assert attachments.open_attachment(file_store, att.id).is_file()
    with pytest.raises(Conflict):
        attachments.void_attachment(file_store, actor, att.id, "again")
