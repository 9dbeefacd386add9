"""The as-of replays' kept history and fast fold answer exactly what the library's fold of the
stored events answers, at any instant or log position, however much history is kept."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from application.folding import Folder
from tests.api.test_audit_replay import World
from tests.conftest import Harness


def library_fold(
    h: Harness, stream: uuid.UUID, until: datetime | None = None, position: int | None = None
) -> tuple[Any, int]:
    """The reference: every stored event through the library's mapper and `mutate`."""
    files = h.services.files
    aggregate: Any = None
    last = 0
    for pos, stored in files.recorder.select_stream(stream, position):  # type: ignore[attr-defined]
        event: Any = files.mapper.to_domain_event(stored)
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
    kept = harness.services.extras["replay"].folder
    streams = [files.subject_id_of(u) for u in world.usccs[:3]]
    rng = random.Random(5)
    topics: set[str] = set()
    for stream in streams:
        stored = files.recorder.select_stream(stream)  # type: ignore[attr-defined]
        topics.update(s.topic.rsplit(".", 1)[-1] for _, s in stored)
        stamps = [files.mapper.to_domain_event(s).timestamp for _, s in stored]
        positions = [p for p, _ in stored]
        instants = [*stamps, stamps[0] - timedelta(seconds=1), stamps[-1] + timedelta(days=1)]
        instants += [rng.choice(stamps) + timedelta(seconds=rng.randint(-99999, 99999))]
        # 100 random instants and positions per subject, in random order: the kept history
        # is read both before and after (and at) each of them
        for _ in range(40):
            at = rng.choice(instants)
            expected = state(library_fold(harness, stream, until=at))
            assert state(kept.replay(stream, until=at)) == expected, at
            assert state(Folder(files.mapper, files.recorder).replay(stream, at)) == expected
        for _ in range(60):
            pos = rng.choice([*positions, positions[0] - 1, rng.randint(1, positions[-1] + 5)])
            expected = state(library_fold(harness, stream, position=pos))
            assert state(kept.replay(stream, max_position=pos)) == expected, pos
    # the history held every kind of event, folded by plan and by the library alike
    assert {"Registered", "RecordAdded", "RecordRevoked", "Listed", "Delisted"} <= topics, topics


def test_events_appended_after_a_replay_are_seen_by_the_next_one(harness: Harness):
    world = World(harness)
    uscc = world.usccs[0]
    world.register(uscc)
    world.record(uscc, "NEA-2026-0001", "general", "2026-05-20")
    replay = harness.services.extras["replay"]
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
