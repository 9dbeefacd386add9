"""The base of every part of the market subject's credit file.

`MarketSubject` is assembled from parts (records, listings, commitments, objections, repairs),
each an
Aggregate subclass in its own module whose `@event` methods declare that part's events once. Every
event is stamped by the installed time source (domain.time), never by a clock of the domain's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.time import event_instant


class SubjectPart(Aggregate):
    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return event_instant()

        def mutate(self, aggregate: Any) -> Any:
            # The library sets modified_on only after the mutator ran; set it first, so that a
            # mutator reading `self.modified_on` (a listing's proposed_at, since) gets this
            # event's instant rather than the previous event's.
            if aggregate is not None:
                aggregate.modified_on = self.timestamp
            return super().mutate(aggregate)

    class Created(Event, Aggregate.Created):
        pass
