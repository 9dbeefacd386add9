"""Opt-in batched content mode: CloudEvent arrays per POST, exact retries, replay, the log."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

from tests.conftest import Harness
from tests.e2e.sharing.conftest import Received, Receiver
from tests.e2e.sharing.helpers import (
    RECORDS,
    WATCHED,
    add_record,
    first_copies,
    penalty,
    register,
    until,
    wait_idle,
)
from tests.e2e.sharing.test_sharing_crash import _worker

BATCHED = "application/cloudevents-batch+json"


def subscribe_batched(h: Harness, url: str, key: dict[str, str], size: int) -> dict[str, Any]:
    body = {"url": url, "filter": {"types": RECORDS}, "batch_size": size}
    r = h.client.post("/v1/subscriptions", json=body, headers=key)
    assert r.status_code == 201, r.text
    return dict(r.json())


def record_ids(requests: list[Received]) -> list[str]:
    return [e.get_data()["record_id"] for r in requests for e in r.events]


def delivered(
    h: Harness, receivers: Any, size: int, count: int
) -> tuple[Any, dict[str, str], dict[str, Any], list[str]]:
    """A bank's subscription with batch_size `size` that has received `count` records of WATCHED
    (NEA-2026-001…), the worker idle after: (receiver, the bank's key, subscription, record ids)."""
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers()
    bank = h.key("subscriber", org="厦门银行")
    sub = subscribe_batched(h, receiver.url, bank, size=size)
    receiver.secrets = [sub["secret"]]
    ids = [f"NEA-2026-{i:03d}" for i in range(1, count + 1)]
    for record_id in ids:
        add_record(h, WATCHED, penalty(record_id))
    until(h, lambda: record_ids(receiver.acknowledged()) == ids, what=f"{count} events")
    wait_idle(h)
    return receiver, bank, sub, ids


def test_a_batched_subscription_gets_signed_arrays_of_cloudevents_in_order(
    sharing: Harness, receivers
):
    h = sharing
    receiver, bank, sub, ids = delivered(h, receivers, size=3, count=7)

    got = receiver.acknowledged()
    assert [len(r.events) for r in got] == [3, 3, 1]
    assert all(r.content_type == BATCHED and r.verified for r in got)
    assert len({r.webhook_id for r in got}) == 3  # one webhook-id per batch, not per event
    sequences = [e.get_extension("sequence") for r in got for e in r.events]
    assert sequences == sorted(sequences) and len(set(sequences)) == 7
    assert all(e.get_subject() == WATCHED for r in got for e in r.events)

    log = h.client.get(f"/v1/subscriptions/{sub['subscription_id']}/deliveries", headers=bank)
    rows = log.json()["deliveries"]
    assert [(d["outcome"], d["event_count"]) for d in rows] == [("delivered", 3)] * 2 + [
        ("delivered", 1)
    ]
    assert [d["webhook_id"] for d in rows] == [r.webhook_id for r in got]
    assert [d["sequence"] for d in rows] == [
        int(r.events[0].get_extension("sequence")) for r in got
    ]
    shown = h.client.get(f"/v1/subscriptions/{sub['subscription_id']}", headers=bank).json()
    assert shown["batch_size"] == 3


def test_a_failed_batch_is_retried_whole_and_later_events_wait_for_the_next_batch(
    sharing: Harness, receivers
):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers(lambda n: (500, {}, 0.0) if n <= 2 else (204, {}, 0.0))
    bank = h.key("subscriber", org="厦门银行")
    sub = subscribe_batched(h, receiver.url, bank, size=10)
    receiver.secrets = [sub["secret"]]
    first = [f"NEA-2026-{i:03d}" for i in range(1, 4)]
    for record_id in first:
        add_record(h, WATCHED, penalty(record_id))
    until(h, lambda: len(receiver.received) >= 1, what="the first (failing) attempt")
    later = ["NEA-2026-004", "NEA-2026-005"]
    for record_id in later:  # recorded while the first batch is being retried
        add_record(h, WATCHED, penalty(record_id))
    until(h, lambda: record_ids(receiver.acknowledged()) == first + later, what="all five")
    wait_idle(h)

    attempts = receiver.received
    assert [r.status for r in attempts] == [500, 500, 204, 204]
    # the retries are the same message: same webhook-id, same events, same body
    assert len({r.webhook_id for r in attempts[:3]}) == 1
    assert {r.body for r in attempts[:3]} == {attempts[0].body}
    assert record_ids(attempts[:1]) == first
    assert record_ids(attempts[3:]) == later and attempts[3].webhook_id != attempts[0].webhook_id
    assert all(r.verified for r in attempts)

    log = h.client.get(f"/v1/subscriptions/{sub['subscription_id']}/deliveries", headers=bank)
    rows = log.json()["deliveries"]
    assert [(d["status_code"], d["attempt"], d["event_count"]) for d in rows] == [
        (500, 1, 3),
        (500, 2, 3),
        (204, 3, 3),
        (204, 1, 2),
    ]
    assert rows[0]["next_attempt_at"] is not None


def test_replay_resends_batches_from_the_given_sequence(sharing: Harness, receivers):
    h = sharing
    receiver, bank, sub, ids = delivered(h, receivers, size=2, count=4)
    third = int(receiver.acknowledged()[1].events[0].get_extension("sequence"))

    r = h.client.post(
        f"/v1/subscriptions/{sub['subscription_id']}:replay",
        json={"from_sequence": third},
        headers=bank,
    )
    assert r.status_code == 202
    until(h, lambda: record_ids(receiver.acknowledged()) == ids + ids[2:], what="the replay")
    wait_idle(h)
    again = receiver.acknowledged()[2:]
    assert len(again) == 1 and again[0].webhook_id == receiver.acknowledged()[1].webhook_id
    assert again[0].body == receiver.acknowledged()[1].body


def test_batch_size_is_optional_and_bounded_naming_the_field(sharing: Harness):
    bank = sharing.key("subscriber", org="厦门银行")
    url = "http://127.0.0.1:9/hook"
    for size in (0, 1001):
        r = sharing.client.post(
            "/v1/subscriptions", json={"url": url, "batch_size": size}, headers=bank
        )
        assert r.status_code == 422, size
        assert "batch_size" in r.text
    plain = sharing.client.post("/v1/subscriptions", json={"url": url}, headers=bank)
    assert plain.status_code == 201
    shown = sharing.client.get(f"/v1/subscriptions/{plain.json()['subscription_id']}", headers=bank)
    assert shown.json()["batch_size"] is None  # the default: one CloudEvent per POST


def test_killing_the_deliverer_mid_batch_resends_the_same_batch_and_skips_nothing(
    sharing: Harness, receivers, tmp_path: Path
):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers(lambda n: (200, {}, 0.3))
    sub = subscribe_batched(h, receiver.url, h.key("subscriber", org="厦门银行"), size=4)
    receiver.secrets = [sub["secret"]]
    ids = [f"NEA-2026-{i:03d}" for i in range(1, 21)]
    for record_id in ids:
        add_record(h, WATCHED, penalty(record_id))

    first = _worker(h, tmp_path)
    try:
        receiver.wait_for(lambda r: len(r.received) >= 2, timeout=30)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert len(record_ids(receiver.received)) < len(ids)  # killed mid-stream

    second = _worker(h, tmp_path)
    try:

        def all_arrived(r: Receiver) -> bool:
            return set(record_ids(r.acknowledged())) == set(ids)

        receiver.wait_for(all_arrived, timeout=30)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    received = list(receiver.received)
    assert all(
        r.verified and r.content_type == "application/cloudevents-batch+json" for r in received
    )
    # a repeat is the same batch; each event in exactly one batch: in order, none lost
    assert record_ids(first_copies(received)) == ids
