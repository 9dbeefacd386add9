"""The as-of replays' kept history and fast fold answer exactly what the library's fold of the
stored events answers, at any instant or log position, however much history is kept."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from application.commands import RegisterSubject
from application.folding import Folder
from application.ports import Actor
from application.records import prepare_record
from domain.time import pinned_instant
from tests.api.support import COMPANY, PENALTY, USCC
from tests.api.test_audit_replay import World
from tests.conftest import START, Harness


def library_fold(
    h: Harness | Services,
    stream: uuid.UUID,
    until: datetime | None = None,
    position: int | None = None,
) -> tuple[Any, int]:
    """The reference: every stored event through the library's mapper and `mutate`."""
    files = h.services.files if isinstance(h, Harness) else h.files
    aggregate: Any = None
    last = 0
    rows = files.recorder.select_stream(stream, position)  # type: ignore[attr-defined]
    for pos, version, topic, data in rows:
        event: Any = files.mapper.to_domain_event(StoredEvent(stream, version, topic, data))
        if until is not None and event.timestamp > until:
            break
        aggregate, last = event.mutate(aggregate), pos
    return aggregate, last


def state(found: tuple[Any, int]) -> tuple[Any, ...]:
    aggregate, position = found
    if aggregate is None:
        return (None, position)
    return (type(aggregate), vars(aggregate), position)


def varied_history(h: Harness) -> World:
    """Records added, corrected by sweeps, revoked and repaired; listings proposed, listed and
    delisted; grades changed: every kind of event a subject's file commonly holds."""
    w = World(h, seed=11)
    s0, s1, s2 = w.usccs[:3]
    for uscc in (s0, s1, s2):
        w.register(uscc)
    w.at("2026-06-02T10:00:00+08:00")
    w.record(s0, "NEA-2026-0001", "serious", "2026-05-20")
    for n, day in enumerate(("2026-04-10", "2026-05-02", "2026-05-25"), start=2):
        w.record(s1, f"NEA-2026-000{n}", "general", day)
    w.record(s2, "NEA-2026-0020", "general", "2026-05-28")
    h.catch_up()
    w.at("2026-06-20T09:00:00+08:00")
    w.sweep()
    h.catch_up()
    w.at("2026-07-01T09:00:00+08:00")
    w.revoke("NEA-2026-0003")
    h.catch_up()
    w.at("2026-09-01T09:00:00+08:00")
    w.repair(s2, "NEA-2026-0020", "2026-09-03T09:00:00+08:00")
    h.catch_up()
    w.at("2027-06-05T09:00:00+08:00")
    w.sweep()
    h.catch_up()
    return w


def test_a_replay_at_any_instant_or_position_equals_the_librarys_fold(harness: Harness):
    world = varied_history(harness)
    files = harness.services.files
    kept = harness.services.replay.folder
    # a checkpoint after every read of one more event: folds start from checkpoints whenever
    # one lies on the way
    checkpointed = Folder(files.mapper, files.recorder, checkpoint_after=1)
    streams = [files.subject_id_of(u) for u in world.usccs[:3]]
    rng = random.Random(5)
    topics: set[str] = set()
    for stream in streams:
        stored = files.recorder.select_events(stream)
        topics.update(s.topic.rsplit(".", 1)[-1] for s in stored)
        stamps = [files.mapper.to_domain_event(s).timestamp for s in stored]
        positions = sorted(files.recorder.select_positions(stream).values())  # type: ignore[attr-defined]
        instants = [*stamps, stamps[0] - timedelta(seconds=1), stamps[-1] + timedelta(days=1)]
        instants += [rng.choice(stamps) + timedelta(seconds=rng.randint(-99999, 99999))]
        # 100 random instants and positions per subject, in random order: the kept history
        # is read both before and after (and at) each of them
        for _ in range(40):
            at = rng.choice(instants)
            expected = state(library_fold(harness, stream, until=at))
            assert state(kept.replay(stream, until=at)) == expected, at
            assert state(checkpointed.replay(stream, until=at)) == expected, at
            assert state(Folder(files.mapper, files.recorder).replay(stream, at)) == expected
        for _ in range(60):
            pos = rng.choice([*positions, positions[0] - 1, rng.randint(1, positions[-1] + 5)])
            expected = state(library_fold(harness, stream, position=pos))
            assert state(kept.replay(stream, max_position=pos)) == expected, pos
            assert state(checkpointed.replay(stream, max_position=pos)) == expected, pos
        assert len(checkpointed.checkpoints_of(stream)) >= 5
    # the history held every kind of event, folded by plan and by the library alike
    assert {"Registered", "RecordAdded", "RecordRevoked", "Listed", "Delisted"} <= topics, topics


def test_events_appended_after_a_replay_are_seen_by_the_next_one(harness: Harness):
    world = World(harness)
    uscc = world.usccs[0]
    world.register(uscc)
    world.record(uscc, "NEA-2026-0001", "general", "2026-05-20")
    replay = harness.services.replay
    stream = harness.services.files.subject_id_of(uscc)
    before = replay.subject_at(stream, instant=datetime.fromisoformat("2027-01-01T00:00+08:00"))
    assert list(before.subject.records) == ["NEA-2026-0001"]

    world.at("2026-06-05T09:00:00+08:00")
    world.record(uscc, "NEA-2026-0002", "serious", "2026-06-01")
    after = replay.subject_at(stream, instant=datetime.fromisoformat("2027-01-01T00:00+08:00"))
    assert list(after.subject.records) == ["NEA-2026-0001", "NEA-2026-0002"]
    assert after.position > before.position and after.version == before.version + 1
    # and an instant or position before the new event still leaves it out
    earlier = replay.subject_at(stream, position=before.position)
    assert list(earlier.subject.records) == ["NEA-2026-0001"]
    assert state((earlier.subject, earlier.position)) == state(
        library_fold(harness, stream, position=before.position)
    )


def test_the_kept_history_stays_within_its_budget_and_answers_alike(harness: Harness):
    world = World(harness)
    for n, uscc in enumerate(world.usccs[:4]):
        world.register(uscc)
        for k in range(n * 3):
            world.record(uscc, f"NEA-2026-{n}{k:03d}", "light", "2026-05-20")
    files = harness.services.files
    streams = [files.subject_id_of(u) for u in world.usccs[:4]]
    one_stream = sum(len(s.state) for s in files.recorder.select_events(streams[-1]))
    small = Folder(files.mapper, files.recorder, budget=2 * one_stream)
    for stream in [*streams, *streams[::-1], *streams]:
        assert state(small.replay(stream)) == state(library_fold(harness, stream))
        assert small.kept_bytes <= 2 * one_stream
    assert small.kept_bytes > 0  # it did keep some history (the most recently read)
    nothing = Folder(files.mapper, files.recorder, budget=0)
    for stream in streams:
        assert state(nothing.replay(stream)) == state(library_fold(harness, stream))
        assert nothing.kept_bytes == 0


def test_stamps_out_of_order_fold_alike_from_checkpoints(services: Services):
    """Event times are the app server's clock at command time, not commit order: a checkpoint
    serves an instant only if no event folded into it is stamped later."""
    services.clock.set(START)
    files = services.files
    files.register_subject(RegisterSubject.of(COMPANY), Actor(role="admin", org="资质中心"))
    provider = Actor(role="provider", org="华北能源监管局")
    rng = random.Random(3)
    offsets = [rng.randint(-3000, 3000) for _ in range(30)]
    for n, minutes in enumerate(offsets):
        subject = files.get_subject(USCC)
        body = {**PENALTY, "record_id": f"S-{n:04d}", "tier": "light"}
        facts = prepare_record(body, str(subject.id), provider, services.policy, files.today())
        with pinned_instant(START + timedelta(days=5, minutes=minutes)):
            subject.add_record(facts.fields)
            files.save_all(subject)
    stream = files.subject_id_of(USCC)
    folder = Folder(files.mapper, files.recorder, checkpoint_after=1)
    instants = [START + timedelta(days=5, minutes=m) for m in offsets]
    for at in [*instants, *rng.sample(instants, 20), *instants[::-1]]:
        for moment in (at, at - timedelta(seconds=1)):
            assert state(folder.replay(stream, until=moment)) == state(
                library_fold(services, stream, until=moment)
            ), moment
    assert folder.checkpoints_of(stream)
