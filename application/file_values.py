"""What CreditFiles answers: the values its commands and reads return, and the date coding."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from eventsourcing.persistence import Transcoding


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EntityAsDict(Transcoding):
    """A typed entity of a file's state (a commitment, the grade), as snapshots store it: its
    fields by name."""

    def __init__(self, cls: type[Any], name: str) -> None:
        self.type = cls
        self.name = name
        self._fields = tuple(f.name for f in fields(cls))

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


@dataclass(frozen=True)
class Registration:
    subject_id: str
    uscc: str | None
    position: int


@dataclass(frozen=True)
class RecordAccepted:
    record_id: str
    subject_id: str
    position: int
    publicity: dict[str, str]
    created: bool


@dataclass(frozen=True)
class RowRejected:
    row: int
    errors: list[tuple[str, str]]


@dataclass
class BatchOutcome:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[RowRejected] = field(default_factory=list)
    position: int = 0


@dataclass(frozen=True)
class StoredEventView:
    position: int
    version: int
    type: str
    recorded_at: str
    data: dict[str, Any]


def uuid_order(value: uuid.UUID) -> int:
    """UUIDs order by their integer (what `UUID.__lt__` compares), without a Python-level
    comparison per pair."""
    return value.int
