"""Webhooks to a real receiver on loopback: signed CloudEvents, in order, at least once."""

from __future__ import annotations

import time

from tests.api.support import HONOUR
from tests.conftest import Harness
from tests.e2e.sharing.helpers import (
    OTHER,
    RECORDS,
    WATCHED,
    add_record,
    delist,
    list_subject,
    penalty,
    register,
    subscribe,
    until,
    wait_idle,
)


def test_listing_a_watched_subject_delivers_listing_created_once_signed_and_in_order(
    sharing: Harness, receivers
):
    h = sharing
    register(h, WATCHED)
    register(h, OTHER, name="广州南方燃气有限公司")
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.catch_up()
    bank = h.key("subscriber", org="厦门银行")
    receiver = receivers()
    sub = subscribe(h, receiver.url, bank, subjects=[WATCHED])
    assert sub["secret"].startswith("whsec_")
    receiver.secrets = [sub["secret"]]

    list_subject(h, WATCHED, "L-1", "black", ["NEA-2026-001"])
    add_record(h, OTHER, penalty("NEA-2026-900"))
    add_record(h, WATCHED, penalty("NEA-2026-002"))
    delist(h, WATCHED, "L-1")
    until(h, lambda: len(receiver.acknowledged()) >= 3, what="three deliveries")
    wait_idle(h)

    got = receiver.acknowledged()
    assert [r.type for r in got] == ["listing.created", "record.published", "listing.removed"]
    assert all(r.verified for r in got)
    assert all(r.content_type == "application/cloudevents+json" for r in got)
    assert all(r.webhook_id == r.event.get_id() for r in got)
    assert all(r.event.get_subject() == WATCHED for r in got)
    sequences = [r.event.get_extension("sequence") for r in got]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    created = got[0].data
    assert created["list"] == "black" and created["basis_record_ids"] == ["NEA-2026-001"]
    assert got[1].data["record_id"] == "NEA-2026-002"

    log = h.client.get(f"/v1/subscriptions/{sub['subscription_id']}/deliveries", headers=bank)
    assert log.status_code == 200
    assert [d["outcome"] for d in log.json()["deliveries"]] == ["delivered"] * 3


def test_a_failing_receiver_gets_every_event_in_order_once_it_recovers(sharing: Harness, receivers):
    h = sharing
    register(h, WATCHED)
    h.catch_up()

    def flaky(n: int) -> tuple[int, dict[str, str], float]:
        if n <= 3:
            return 500, {}, 0.0
        if n == 4:
            return 429, {"retry-after": "0"}, 0.0
        return 200, {}, 0.0

    receiver = receivers(flaky)
    bank = h.key("subscriber", org="厦门银行")
    sub = subscribe(h, receiver.url, bank, types=RECORDS)
    receiver.secrets = [sub["secret"]]
    ids = [f"NEA-2026-{i:03d}" for i in range(1, 6)]
    for record_id in ids:
        add_record(h, WATCHED, penalty(record_id))
    until(h, lambda: len(receiver.acknowledged()) >= 5, what="five acknowledged deliveries")
    wait_idle(h)

    acked = receiver.acknowledged()
    assert [r.data["record_id"] for r in acked] == ids
    assert all(r.verified for r in receiver.received)
    # every attempt, failed or not, came in order: a failed event blocked the later ones
    seen = [r.event.get_extension("sequence") for r in receiver.received]
    assert seen == sorted(seen)
    log = h.client.get(f"/v1/subscriptions/{sub['subscription_id']}/deliveries", headers=bank)
    rows = log.json()["deliveries"]
    assert [(d["status_code"], d["attempt"]) for d in rows[:5]] == [
        (500, 1),
        (500, 2),
        (500, 3),
        (429, 4),
        (200, 5),
    ]
    assert rows[0]["next_attempt_at"] is not None
    assert [d["outcome"] for d in rows].count("delivered") == 5


def test_a_receiver_that_never_answers_does_not_slow_another_subscriber(
    sharing: Harness, receivers
):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    dead = receivers(lambda n: (200, {}, 5.0))  # answers long after the 1 s timeout
    alive = receivers()
    subscribe(h, dead.url, h.key("subscriber", org="慢银行"), types=RECORDS)
    fast = subscribe(h, alive.url, h.key("subscriber", org="快银行"), types=RECORDS)
    alive.secrets = [fast["secret"]]
    for i in range(1, 11):
        add_record(h, WATCHED, penalty(f"NEA-2026-{i:03d}"))
    started = time.monotonic()
    until(h, lambda: len(alive.acknowledged()) >= 10, timeout=10, what="the live subscriber")
    assert time.monotonic() - started < 3.0
    assert len(dead.received) <= 2  # head-of-line: the dead endpoint is stuck at its first event
    assert [r.data["record_id"] for r in alive.acknowledged()] == [
        f"NEA-2026-{i:03d}" for i in range(1, 11)
    ]


def test_a_subscriber_filtered_to_red_lists_gets_no_black_list_events(sharing: Harness, receivers):
    h = sharing
    register(h, WATCHED)
    register(h, OTHER, name="广州南方燃气有限公司")
    # an honour: evidence that lets the clean file be evaluated class A once a year old
    add_record(h, OTHER, {**HONOUR, "record_id": "HON-2026-001", "decided_on": "2026-05-30"})
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.catch_up()
    receiver = receivers()
    sub = subscribe(h, receiver.url, h.key("subscriber", org="厦门银行"), lists=["red"])
    receiver.secrets = [sub["secret"]]
    list_subject(h, WATCHED, "L-black", "black", ["NEA-2026-001"])
    # the red list is the grading policy's: class A (evaluated: a year old, an honour), clean
    h.set_clock("2027-06-07T09:00:00+08:00")
    add_record(h, WATCHED, penalty("NEA-2027-002", decided_on="2027-06-01"))
    h.catch_up()
    assert h.client.post("/v1/admin/sweeps:run", headers=h.key("admin")).status_code == 200
    until(h, lambda: len(receiver.acknowledged()) >= 1, what="the red listing")
    wait_idle(h)
    got = receiver.acknowledged()
    assert [(r.type, r.data["list"]) for r in got] == [("listing.created", "red")]
    assert got[0].event.get_subject() == OTHER
    black = h.client.get("/v1/feed?lists=black", headers=h.key("subscriber", org="别的银行"))
    assert [e["type"] for e in black.json()["events"]] == ["listing.created"]  # there was one


def test_non_public_records_never_leave(sharing: Harness, receivers):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers()
    bank = h.key("subscriber", org="厦门银行")
    sub = subscribe(h, receiver.url, bank)
    receiver.secrets = [sub["secret"]]
    add_record(
        h,
        WATCHED,
        {
            "record_id": "PAY-2026-001",
            "catalogue_code": "administrative_payment",  # shared between agencies only
            "decision_no": "国能补〔2026〕1号",
            "decided_on": "2026-05-20",
            "summary": "补贴发放",
        },
    )
    add_record(h, WATCHED, penalty("NEA-2026-001"))

    def records(events: list[tuple[str, dict]]) -> list[str]:
        # the subject's class may change too (class.changed): only record events name records
        return [data["record_id"] for kind, data in events if kind.startswith("record.")]

    def delivered() -> list[str]:
        return records([(r.type, r.data) for r in receiver.acknowledged()])

    until(h, lambda: delivered() != [], what="the public record")
    wait_idle(h)
    assert delivered() == ["NEA-2026-001"]
    assert all(b"PAY-2026-001" not in r.body for r in receiver.received)
    feed = h.client.get("/v1/feed", headers=bank).json()
    assert "PAY-2026-001" not in str(feed)
    assert records([(e["type"], e["data"]) for e in feed["events"]]) == ["NEA-2026-001"]


def test_during_a_secret_rotation_both_secrets_sign(sharing: Harness, receivers):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers()
    bank = h.key("subscriber", org="厦门银行")
    sub = subscribe(h, receiver.url, bank)
    rotated = h.client.post(
        f"/v1/subscriptions/{sub['subscription_id']}:rotate-secret", headers=bank
    )
    assert rotated.status_code == 200
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    until(h, lambda: len(receiver.acknowledged()) >= 1, what="one delivery")
    only = receiver.acknowledged()[0]
    assert len(only.signatures.split(" ")) == 2
    assert only.verifies_with(sub["secret"]) and only.verifies_with(rotated.json()["secret"])
