"""What a projection is to the runner: a name, the tables it owns, and a page applier."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from eventsourcing.domain import DomainEvent
from sqlalchemy import Connection, Table

from domain.subject import MarketSubject

Item = tuple[int, Any]  # (log position, domain event)


class Projection(Protocol):
    name: str
    tables: tuple[Table, ...]
    # the names of the events the view handles (`RecordAdded`): the runner hands it only those,
    # and does not decode an event no view handles; None: every event
    event_names: frozenset[str] | None

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        """Apply a page of events, in log order, inside the runner's transaction."""


def event_type(event: Any) -> str:
    return type(event).__qualname__.rsplit(".", 1)[-1]


# Events of a part (Records.RecordAdded, Listings.Listed...) are recorded under the part's name:
# every class in MarketSubject's MRO stands for the subject.
SUBJECT_PARTS = frozenset(cls.__name__ for cls in MarketSubject.__mro__)


def _subject_event_names() -> frozenset[str]:
    names = set()
    for cls in MarketSubject.__mro__:
        for attr, value in vars(cls).items():
            if isinstance(value, type) and issubclass(value, DomainEvent):
                names.add(attr)
    return frozenset(names)


# The names of every event a subject's stream can hold (its own and its parts' events).
SUBJECT_EVENTS = _subject_event_names()


def aggregate_type(event: Any) -> str:
    owner = type(event).__qualname__.split(".", 1)[0]
    return "MarketSubject" if owner in SUBJECT_PARTS else owner


def is_subject_event(event: Any) -> bool:
    """An event of a MarketSubject stream, whichever part declared it."""
    return aggregate_type(event) == "MarketSubject"
