"""Tamper evidence: the hash chain over the stored events and its signed checkpoints."""

from __future__ import annotations

from sqlalchemy import select, update

from adapters.audit import proof
from tests.api.audit_helpers import USCC, add_record, register_company, register_person
from tests.conftest import Harness


def _store_some_events(h: Harness) -> None:
    provider = h.key("provider")
    register_company(h, provider)
    register_person(h, provider)
    for n in range(3):
        add_record(h, provider, USCC, record_id=f"NEA-NB-2026-{n:06d}")
    h.catch_up()


def _flip_one_byte(h: Harness, position: int) -> None:
    events = h.services.chain.events
    with h.services.engine.begin() as conn:
        state = conn.execute(select(events.c.state).where(events.c.id == position)).scalar_one()
        changed = bytearray(state)
        changed[len(changed) // 2] ^= 0x01
        conn.execute(update(events).where(events.c.id == position).values(state=bytes(changed)))


def test_an_untouched_store_verifies_and_names_its_head(harness: Harness):
    _store_some_events(harness)
    auditor = harness.key("auditor")
    answer = harness.client.get("/v1/audit/verify", headers=auditor).json()
    assert answer["ok"] is True
    assert answer["checked"] == harness.services.files.position()
    assert len(answer["head"]) == 64


def test_changing_one_byte_of_one_stored_event_breaks_verify_at_exactly_that_position(
    harness: Harness,
):
    _store_some_events(harness)
    target = harness.services.files.position() - 2
    _flip_one_byte(harness, target)
    answer = harness.client.get("/v1/audit/verify", headers=harness.key("auditor")).json()
    assert answer["ok"] is False
    assert answer["broken_at"] == target
    assert answer["checked"] == target - 1


def test_a_deleted_event_row_breaks_verify_at_its_position(sqlite_harness: Harness):
    h = sqlite_harness
    _store_some_events(h)
    events = h.services.chain.events
    with h.services.engine.begin() as conn:
        conn.execute(events.delete().where(events.c.id == 2))
    answer = h.client.get("/v1/audit/verify", headers=h.key("admin")).json()
    assert (answer["ok"], answer["broken_at"]) == (False, 2)


def test_checkpoints_are_published_signed_by_the_published_key(harness: Harness):
    _store_some_events(harness)
    made = harness.client.post("/v1/admin/checkpoints", headers=harness.key("admin"))
    assert made.status_code == 201, made.text
    checkpoints = harness.client.get("/v1/public/checkpoints").json()["checkpoints"]
    keys = harness.client.get("/v1/public/keys").json()["keys"]
    latest = checkpoints[-1]
    assert latest["position"] == harness.services.files.position()
    key = next(k["public_key"] for k in keys if k["key_id"] == latest["key_id"])
    assert proof.checkpoint_ok(latest, key)
    assert not proof.checkpoint_ok({**latest, "position": latest["position"] - 1}, key)


def test_a_rewritten_chain_is_caught_by_the_signed_checkpoint(sqlite_harness: Harness):
    """Whoever alters an event and recomputes every later link still cannot forge the head."""
    h = sqlite_harness
    _store_some_events(h)
    chain = h.services.chain
    chain.checkpoint()
    _flip_one_byte(h, 3)
    with h.services.engine.begin() as conn:
        from adapters.audit.tables import chain_links
        from adapters.core.tables import projection_tracking

        conn.execute(chain_links.delete())
        conn.execute(projection_tracking.delete().where(projection_tracking.c.view == "chain"))
    while chain.follow():
        pass
    result = chain.verify()
    assert result.ok is False
    assert "checkpoint" in (result.problem or "")
