"""What a projection is to the runner: a name, the tables it owns, and a page applier."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, Table

from domain.subject import MarketSubject

# Events declared in a part (Records, Listings…) carry the part's class in their topic
# ("domain.records:Records.RecordAdded"): they are the market subject's events all the same.
_SUBJECT_CLASSES = frozenset(c.__name__ for c in MarketSubject.__mro__)

Item = tuple[int, Any]  # (log position, domain event)


class Projection(Protocol):
    name: str
    tables: tuple[Table, ...]

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        """Apply a page of events, in log order, inside the runner's transaction."""


def event_type(event: Any) -> str:
    return type(event).__qualname__.rsplit(".", 1)[-1]


def aggregate_type(event: Any) -> str:
    owner = type(event).__qualname__.split(".", 1)[0]
    return "MarketSubject" if owner in _SUBJECT_CLASSES else owner
