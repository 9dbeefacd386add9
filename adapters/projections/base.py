"""What a projection is to the runner: a name, the tables it owns, and a page applier."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, Table

from domain.base import SubjectPart
from domain.subject import MarketSubject

Item = tuple[int, Any]  # (log position, domain event)


class Projection(Protocol):
    name: str
    tables: tuple[Table, ...]

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        """Apply a page of events, in log order, inside the runner's transaction."""


def event_type(event: Any) -> str:
    return type(event).__qualname__.rsplit(".", 1)[-1]


# Events declared on a part of the credit file are named after the part ("Records.RecordAdded"),
# yet belong to the MarketSubject stream.
_SUBJECT_PARTS = {
    c.__name__ for c in MarketSubject.__mro__ if isinstance(c, type) and issubclass(c, SubjectPart)
}


def aggregate_type(event: Any) -> str:
    owner = type(event).__qualname__.split(".", 1)[0]
    return "MarketSubject" if owner in _SUBJECT_PARTS else owner
