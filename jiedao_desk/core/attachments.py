# SPDX-License-Identifier: MIT
"""Attachments (附件): photos, scans and other evidence kept beside the database.

Files are stored content-addressed (``attachments/<sha[:2]>/<sha256>``): identical content is
stored once and a stored file is never overwritten. The SHA-256, the original file name and
the photo's own EXIF time and GPS position are recorded, because evidence must stay
traceable and unaltered (行政处罚法 第四十七条: the whole procedure is recorded and archived).
Opening an attachment re-checks its hash. Attachments are voided, never deleted.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jiedao_desk.base.actor import Actor
from jiedao_desk.base.errors import Conflict, NotFound, ValidationError
from jiedao_desk.core.auth import require
from jiedao_desk.core.permissions import require_record
from jiedao_desk.core.records import require_on_record, require_target
from jiedao_desk.store import Store, blobs
from jiedao_desk.store import attachments as att_store
from jiedao_desk.store import audit as audit_store

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Attachment:
    """One attached file as recorded."""

    id: int
    sha256: str
    filename: str
    mime: str
    size: int
    exif_time: str | None
    exif_gps: str | None
    entity: str
    entity_id: int | None
    note: str
    added_at: str
    added_by: str
    voided: bool
    void_reason: str | None

    @property
    def is_image(self) -> bool:
        """JPEG or PNG (what a dossier can print as a page)."""
        return self.mime in ("image/jpeg", "image/png")


def _attachment(row: dict) -> Attachment:
    return Attachment(row["id"], row["sha256"], row["filename"], row["mime"], row["size"],
                      row["exif_time"], row["exif_gps"], row["entity"], row["entity_id"],
                      row["note"], row["added_at"], row["added_by"],
                      row["voided_at"] is not None, row["void_reason"])


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _store_blob(store: Store, src: Path) -> tuple[str, int]:
    """Copy ``src`` into the content-addressed folder; return (sha256, size).

    Hashes while copying to a temporary file, then moves it into place unless that content is
    already stored (a stored file is never overwritten).
    """
    if store.path is None:
        raise ValidationError("内存数据库不能保存附件。")
    root = att_store.root(store)
    root.mkdir(parents=True, exist_ok=True)
    if store.key is not None:  # encrypted: no plain copy ever reaches the folder
        data = Path(src).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        blobs.write_encrypted(root, store.key, sha, data)
        return sha, len(data)
    h = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=root)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as f:
            while chunk := f.read(_CHUNK):
                h.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = h.hexdigest()
        target = att_store.blob_path(store, sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(tmp, target)  # fails if another process stored it meanwhile: fine
            except FileExistsError:
                pass
            except OSError:
                if not target.exists():
                    os.replace(tmp, target)
        return sha, size
    finally:
        tmp.unlink(missing_ok=True)


def _rational(value) -> float:
    return float(value[0]) / float(value[1]) if isinstance(value, tuple) else float(value)


def _dms(values, ref: str) -> float:
    d, m, s = (_rational(v) for v in values)
    deg = d + m / 60 + s / 3600
    return -deg if str(ref).upper() in ("S", "W") else deg


def read_exif(path: Path) -> tuple[str | None, str | None]:
    """EXIF DateTimeOriginal (``YYYY-MM-DD HH:MM:SS``) and GPS (``"lat,lon"``) of a photo.

    Missing or unreadable EXIF gives (None, None): evidence without it is still accepted.
    """
    from PIL import ExifTags, Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            exif = im.getexif()
            sub = exif.get_ifd(ExifTags.IFD.Exif)
            raw_time = sub.get(ExifTags.Base.DateTimeOriginal)
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None, None
    when = None
    if isinstance(raw_time, str) and len(raw_time.strip()) >= 19:
        t = raw_time.strip()
        when = f"{t[0:4]}-{t[5:7]}-{t[8:10]} {t[11:19]}"
    where = None
    try:
        if gps.get(ExifTags.GPS.GPSLatitude) and gps.get(ExifTags.GPS.GPSLongitude):
            lat = _dms(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef, "N"))
            lon = _dms(gps[ExifTags.GPS.GPSLongitude],
                       gps.get(ExifTags.GPS.GPSLongitudeRef, "E"))
            where = f"{lat:.7f},{lon:.7f}"
    except (TypeError, ValueError, ZeroDivisionError):
        where = None
    return when, where


def add_attachment(store: Store, actor: Actor, path: str | Path, entity: str,
                   entity_id: int | None, note: str = "") -> Attachment:
    """Attach a file to a record: copy it content-addressed and record it (one transaction).

    Args:
        store: a file store (attachments live beside the database file).
        actor: who adds it (needs ``documents.issue``).
        path: the file to attach.
        entity: the record's table/domain name, e.g. ``enforcement_case``.
        entity_id: the record's id.
        note: free text (what the file shows).

    Raises:
        ValidationError: missing file, empty file, no entity, or an in-memory store.
    """
    require(actor, "documents.issue")
    require_record(actor, entity, write=True)  # before saying anything about the input
    entity = (entity or "").strip()
    if not entity:
        raise ValidationError("请指定附件所属的记录类型。", "entity")
    # only to a live record that exists and that the actor may change (their community's)
    require_target(store, actor, entity, entity_id)
    src = Path(path)
    if not src.is_file():
        raise ValidationError(f"找不到要添加的文件：{src}", "path")
    if src.stat().st_size == 0:
        raise ValidationError(f"文件“{src.name}”是空文件。", "path")
    sha, size = _store_blob(store, src)
    mime = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
    exif_time, exif_gps = read_exif(src) \
        if mime.startswith("image/") else (None, None)
    with store.atomic():
        att_id = att_store.insert(store, att_store.NewAttachment(
            sha256=sha, filename=src.name, mime=mime, size=size, exif_time=exif_time,
            exif_gps=exif_gps, entity=entity, entity_id=entity_id, note=(note or "").strip(),
            added_by=actor.name))
        audit_store.record(store, actor, "attachment.add", "attachment", att_id, None, {
            "sha256": sha, "filename": src.name, "size": size, "entity": entity,
            "entity_id": entity_id, "exif_time": exif_time, "exif_gps": exif_gps})
    return get_attachment(store, att_id)


def get_attachment(store: Store, attachment_id: int) -> Attachment:
    """One attachment record (NotFound if missing)."""
    row = att_store.get(store, attachment_id)
    if row is None:
        raise NotFound(f"没有编号为 {attachment_id} 的附件。")
    return _attachment(row)


def list_attachments(store: Store, entity: str, entity_id: int,
                     include_voided: bool = False) -> list[Attachment]:
    """Attachments of one record, oldest first."""
    return [_attachment(r) for r in att_store.list_for(store, entity, entity_id,
                                                        include_voided)]


def _checked(store: Store, attachment_id: int, actor: Actor | None) -> Attachment:
    att = get_attachment(store, attachment_id)
    if actor is not None:
        require_on_record(store, actor, att.entity, att.entity_id)
    if store.path is None:
        raise NotFound("内存数据库没有附件文件夹。")
    path = att_store.blob_path(store, att.sha256)
    if not path.is_file():
        raise NotFound(f"附件“{att.filename}”（编号 {att.id}）的文件不见了：{path}。"
                       "请从备份恢复附件。")
    return att


def _altered(att: Attachment) -> Conflict:
    return Conflict(f"附件“{att.filename}”（编号 {att.id}）的文件内容已被改动，与登记时的"
                    "校验值不符，不能作为证据使用。请从备份恢复附件。")


def open_attachment(store: Store, attachment_id: int, actor: Actor | None = None) -> Path:
    """The file of an attachment for the PC's own viewer, after checking that its content is
    unaltered (and, with ``actor``, that they may see the record it belongs to): the stored
    file itself, or on an encrypted installation a decrypted copy in this app's private
    viewing folder, deleted when the app ends (core/viewing.py).

    Raises:
        PermissionDenied: the file belongs to a record closed to ``actor``.
        NotFound: no such attachment, or its file is missing.
        Conflict: the file's content no longer matches the recorded SHA-256.
    """
    att = _checked(store, attachment_id, actor)
    path = att_store.blob_path(store, att.sha256)
    if store.key is not None:
        return _viewing_copy(att, _plain(store, att))
    if _file_sha256(path) != att.sha256:
        raise _altered(att)
    return path


def read_attachment(store: Store, attachment_id: int,
                    actor: Actor | None = None) -> tuple[Attachment, bytes]:
    """An attachment's record and content, checked as ``open_attachment`` checks it, read
    into memory (a dossier prints it): nothing decrypted is written to disk.

    Raises:
        PermissionDenied, NotFound, Conflict: as ``open_attachment``.
    """
    att = _checked(store, attachment_id, actor)
    if store.key is not None:
        return att, _plain(store, att)
    data = att_store.blob_path(store, att.sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != att.sha256:
        raise _altered(att)
    return att, data


def _plain(store: Store, att: Attachment) -> bytes:
    """An encrypted attachment's content, after checking its hash."""
    data = att_store.read_plain(store, att.sha256)
    if data is None or hashlib.sha256(data).hexdigest() != att.sha256:
        raise _altered(att)
    return data


def _viewing_copy(att: Attachment, data: bytes) -> Path:
    """Write a decrypted copy (owner-only) into this app's viewing folder, in a folder of its
    own so the viewer shows the original file name."""
    from jiedao_desk.core import viewing

    folder = Path(tempfile.mkdtemp(dir=viewing.folder()))  # created 0700
    out = folder / (Path(att.filename).name or att.sha256)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return out


def void_attachment(store: Store, actor: Actor, attachment_id: int, reason: str) -> Attachment:
    """Void an attachment (kept on record; its file stays).

    Raises:
        ValidationError: no reason. NotFound: no such attachment. Conflict: already void.
    """
    require(actor, "documents.issue")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因。", "reason")
    with store.atomic():
        att = get_attachment(store, attachment_id)
        require_on_record(store, actor, att.entity, att.entity_id, write=True)
        if att.voided:
            raise Conflict(f"附件（编号 {attachment_id}）已经作废。")
        att_store.void(store, attachment_id, reason)
        audit_store.record(store, actor, "attachment.void", "attachment", attachment_id,
                           {"voided": False}, {"reason": reason})
    return get_attachment(store, attachment_id)
