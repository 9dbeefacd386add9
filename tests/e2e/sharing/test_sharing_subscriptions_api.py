"""Subscriptions API: validation, SSRF refusal, ownership, pause and the pull feed's cursor."""

from __future__ import annotations

from domain.identifiers import ERASED, mask_name
from tests.api import audit_helpers as person
from tests.conftest import Harness
from tests.e2e.sharing.helpers import (
    RECORDS,
    WATCHED,
    add_record,
    penalty,
    register,
    subscribe,
    until,
)

PERSON_ID = "11010519491231002X"  # a resident ID number sent by mistake


def test_a_loopback_or_private_url_is_refused_naming_the_url(harness: Harness):
    bank = harness.key("subscriber", org="厦门银行")
    for url in ("http://127.0.0.1:9/hook", "http://10.0.0.8/hook", "http://169.254.169.254/"):
        r = harness.client.post("/v1/subscriptions", json={"url": url}, headers=bank)
        assert r.status_code == 422, url
        assert r.json()["errors"][0]["field"] == "url"


def test_watchlist_entries_that_are_not_subject_ids_are_named_without_echoing_them(
    sharing: Harness,
):
    bank = sharing.key("subscriber", org="厦门银行")
    r = sharing.client.post(
        "/v1/subscriptions",
        json={
            "url": "http://127.0.0.1:9/",
            "filter": {"subjects": [WATCHED, "11010519491231002X"]},
        },
        headers=bank,
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["filter.subjects[1]"]
    assert PERSON_ID not in r.text


def test_another_organisation_cannot_see_or_change_a_subscription(sharing: Harness):
    sub = subscribe(sharing, "http://127.0.0.1:9/", sharing.key("subscriber", org="厦门银行"))
    other = sharing.key("subscriber", org="别的银行")
    path = f"/v1/subscriptions/{sub['subscription_id']}"
    assert sharing.client.get(path, headers=other).status_code == 404
    assert sharing.client.post(path + ":pause", headers=other).status_code == 404
    assert sharing.client.get("/v1/feed", headers=sharing.key("provider")).status_code == 403


def test_a_paused_subscription_resumes_where_it_stopped(sharing: Harness, receivers):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers()
    bank = h.key("subscriber", org="厦门银行")
    sub = subscribe(h, receiver.url, bank, types=RECORDS)
    path = f"/v1/subscriptions/{sub['subscription_id']}"
    assert h.client.post(path + ":pause", headers=bank).json()["status"] == "paused"
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.catch_up()
    assert receiver.received == []
    assert h.client.post(path + ":resume", headers=bank).json()["status"] == "active"
    until(h, lambda: len(receiver.acknowledged()) == 1, what="the held event")
    replay = h.client.post(path + ":replay", json={"from_sequence": 1}, headers=bank)
    assert replay.status_code == 202
    until(h, lambda: len(receiver.acknowledged()) == 2, what="the replayed event")
    first, again = receiver.acknowledged()
    assert first.webhook_id == again.webhook_id and first.body == again.body


def test_an_endpoint_answering_410_is_disabled_and_its_owner_told_in_the_feed(
    sharing: Harness, receivers
):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers(lambda n: (410, {}, 0.0))
    bank = h.key("subscriber", org="厦门银行")
    sub = subscribe(h, receiver.url, bank)
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    path = f"/v1/subscriptions/{sub['subscription_id']}"
    until(h, lambda: h.client.get(path, headers=bank).json()["status"] == "disabled")
    h.catch_up()
    mine = h.client.get("/v1/feed?types=subscription.disabled", headers=bank).json()["events"]
    assert [e["data"]["subscription_id"] for e in mine] == [sub["subscription_id"]]
    theirs = h.client.get("/v1/feed", headers=h.key("subscriber", org="别的银行")).json()
    assert all(e["type"] != "subscription.disabled" for e in theirs["events"])


def test_the_feed_resumes_from_its_cursor_and_filters_like_a_subscription(harness: Harness):
    h = harness
    register(h, WATCHED)
    for i in range(1, 6):
        add_record(h, WATCHED, penalty(f"NEA-2026-{i:03d}"))
    h.catch_up()
    bank = h.key("subscriber", org="厦门银行")
    # records only: each penalty also moves the subject's class (class.changed items)
    records = "/v1/feed?types=record.published"
    page1 = h.client.get(f"{records}&limit=2", headers=bank).json()
    page2 = h.client.get(f"{records}&limit=10&after={page1['next']}", headers=bank).json()
    ids = [e["data"]["record_id"] for e in page1["events"] + page2["events"]]
    assert ids == [f"NEA-2026-{i:03d}" for i in range(1, 6)]
    event = page1["events"][0]
    assert event["specversion"] == "1.0" and event["subject"] == WATCHED
    assert event["id"] == f"ce-{int(event['sequence'])}"
    none = h.client.get("/v1/feed?lists=red", headers=bank).json()
    assert none["events"] == []


def test_the_feed_names_a_natural_person_by_subject_id_and_masked_name_only(harness: Harness):
    h = harness
    person_id = person.register_person(h, h.key("provider"))
    add_record(h, person_id, penalty("NEA-2026-001"))
    h.catch_up()
    feed = h.client.get("/v1/feed", headers=h.key("subscriber", org="厦门银行")).json()
    [published] = [e for e in feed["events"] if e["type"] == "record.published"]
    assert published["subject"] == person_id
    assert published["data"]["subject"]["name"] == mask_name(person.PERSON_NAME)
    assert person.PERSON_NAME not in str(feed) and person.PERSON_ID not in str(feed)
    assert "pii1:" not in str(feed)  # nor the sealed form

    h.client.post(
        f"/v1/admin/subjects/{person_id}:erase", json={"reason": "x"}, headers=h.key("admin")
    )
    add_record(h, person_id, penalty("NEA-2026-002"))
    h.catch_up()
    after = h.client.get("/v1/feed?types=record.published", headers=h.key("subscriber")).json()
    assert after["events"][-1]["data"]["subject"]["name"] == ERASED
