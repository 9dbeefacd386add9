"""What a projection is to the runner: a name, the tables it owns, and a page applier."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, Table

Item = tuple[int, Any]  # (log position, domain event)


class Projection(Protocol):
    name: str
    tables: tuple[Table, ...]

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        """Apply a page of events, in log order, inside the runner's transaction."""


def event_type(event: Any) -> str:
    return type(event).__qualname__.rsplit(".", 1)[-1]


def aggregate_type(event: Any) -> str:
    return type(event).__qualname__.split(".", 1)[0]


def is_subject_event(event: Any) -> bool:
    """An event of the MarketSubject stream: its class belongs to MarketSubject or to a part.

    A part's event is named after the part (`Records.RecordAdded`), not `MarketSubject`.
    """
    from domain.subject import MarketSubject

    return aggregate_type(event) in {cls.__name__ for cls in MarketSubject.__mro__}
