"""Notices about sharing itself: a subscriber's endpoint that was disabled.

Recorded as events (not SQL rows) so the public feed carries them at a log position of their own,
in order with every other feed item, and a rebuilt feed holds them again.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from eventsourcing.domain import Aggregate, event

from domain.time import event_instant

NOTICE_NAMESPACE = uuid.UUID("0f8e5a2c-41d7-4c1b-9a57-6c2d0e4b7a19")


def endpoint_notice_id(subscription_id: str, generation: int) -> uuid.UUID:
    """One notice per disablement: the n-th time a subscription is disabled has its own id."""
    return uuid.uuid5(NOTICE_NAMESPACE, f"{subscription_id}:{generation}")


class EndpointNotice(Aggregate):
    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return event_instant()

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def disable(
        cls,
        subscription_id: str,
        generation: int,
        owner: str,
        reason: str,
        failing_since: str | None,
        last_status: int | None,
    ) -> EndpointNotice:
        return cls._create(
            cls.EndpointDisabled,  # type: ignore[attr-defined]
            id=endpoint_notice_id(subscription_id, generation),
            subscription_id=subscription_id,
            owner=owner,
            reason=reason,
            failing_since=failing_since,
            last_status=last_status,
        )

    @event("EndpointDisabled")
    def __init__(
        self,
        subscription_id: str,
        owner: str,
        reason: str,
        failing_since: str | None,
        last_status: int | None,
    ) -> None:
        self.subscription_id = subscription_id
        self.owner = owner
        self.reason = reason
        self.failing_since = failing_since
        self.last_status = last_status
