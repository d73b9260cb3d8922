# SPDX-License-Identifier: MIT
"""Errors raised by core and store; every message is plain Chinese for the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jiedao_desk.base.actor import Actor


class JiedaoError(Exception):
    """Base of every error the app shows to a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(JiedaoError):
    """Bad input: nothing was written."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class RowError:
    """One problem in one row of an imported file (row numbers as the user sees them)."""

    row: int
    column: str
    message: str


class ImportRejected(ValidationError):
    """A whole import refused: `errors` lists every problem found; nothing was written.
    `report_path` is the error report saved for the user (None when none was saved)."""

    def __init__(self, message: str, errors: list[RowError] | None = None,
                 report_path: Path | None = None):
        super().__init__(message)
        self.errors: list[RowError] = errors or []
        self.report_path = report_path

    def __str__(self) -> str:
        lines = [self.message]
        lines += [f"  第{e.row}行 {e.column}：{e.message}" for e in self.errors[:50]]
        if len(self.errors) > 50:
            lines.append(f"  ……另有 {len(self.errors) - 50} 处错误")
        return "\n".join(lines)


class NotFound(JiedaoError):
    """The record asked for does not exist."""


class Conflict(JiedaoError):
    """The action clashes with the current state (duplicate, wrong state, frozen record)."""


class ReadOnlyCopy(Conflict):
    """A change to a record another site owns (exchange between sites): this site keeps a
    read-only copy."""


class PermissionDenied(JiedaoError):
    """The actor may not do this."""


class ClockBehind(JiedaoError):
    """The PC clock is earlier than the newest committed action (someone may have set it back
    to fit an action into a time window): the action is refused until the session gives a
    reason, which the audit log keeps.

    Attributes:
        newest: stamp of the newest committed action ("YYYY-MM-DD HH:MM:SS", local time).
        now: the clock's current stamp.
        actor: whose action was refused (the reason is recorded under their name).
    """

    def __init__(self, newest: str, now: str, actor: Actor | None = None):
        super().__init__(f"电脑时间（{now}）比数据库中最近一次操作的时间（{newest}）还早，"
                         "可能有人把电脑时间调回去了。请先把电脑时间改正确；确需继续时须说明原因，"
                         "原因会记入审计日志。")
        self.newest = newest
        self.now = now
        self.actor = actor


class RestoreRefused(JiedaoError):
    """A backup that must not replace the data (the reason says why; nothing was changed)."""


class DatabaseRefused(JiedaoError):
    """The database cannot be opened safely (newer app, network share, locked...)."""


class DatabaseDamaged(DatabaseRefused):
    """The file is damaged or is no database at all; ``recover`` salvages what is readable."""


class StorageError(JiedaoError):
    """The disk refused a write (failing, full or read-only): the action was rolled back."""


class StorageFull(StorageError):
    """The disk holding the database is full."""


class StorageReadOnly(StorageError):
    """The database file or its disk can only be read."""


@dataclass
class Problem:
    """A finding of a check (integrity, audit chain, ...)."""

    kind: str
    message: str
    details: dict = field(default_factory=dict)


class PackageRefused(JiedaoError):
    """An exchange package (or a site's enrolment file) that must not be read or applied;
    nothing was written. ``reason`` names the check that refused it, for callers that act
    on the kind (``garbled``, ``format``, ``signer``, ``signature``, ``receiver``,
    ``schema``, ``decrypt``)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason
