"""The base of every part of the market subject's credit file.

`MarketSubject` is assembled from parts (records, listings, commitments, objections, repairs),
each an
Aggregate subclass in its own module whose `@event` methods declare that part's events once. Every
event is stamped by the installed time source (domain.time), never by a clock of the domain's own.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from domain.time import event_instant


class SubjectPart(Aggregate):
    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return event_instant()

    class Created(Event, Aggregate.Created):
        pass
