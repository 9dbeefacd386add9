"""The feed's own items are written byte for byte as the cloudevents package writes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from adapters.sharing.feed_items import cloud_event_body
from domain.vocabulary import FEED_TYPES

DATA = {
    "record_id": "R-001",
    "summary": "违规参与电力市场交易",
    "content": {"罚款": 50000, "ratio": 0.5, "flags": [True, None]},
    "since": datetime(2026, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=8))),
    "until": datetime(2026, 5, 1, 1, 30, tzinfo=UTC),
}


@pytest.mark.parametrize("type", FEED_TYPES)
@pytest.mark.parametrize("subject", ["91350200MA2YXXXX1X", None])
@pytest.mark.parametrize(
    "time",
    [
        datetime(2026, 6, 1, 1, tzinfo=UTC),
        datetime(2026, 6, 1, 9, tzinfo=timezone(timedelta(hours=8))),
    ],
)
def test_an_unvalidated_body_equals_the_cloudevents_package_output(
    type: str, subject: str | None, time: datetime
):
    item = {"item_id": "ce-42", "position": 42, "type": type, "subject": subject, "time": time}
    assert cloud_event_body(**item, data=DATA, validate=False) == cloud_event_body(
        **item, data=DATA
    )
