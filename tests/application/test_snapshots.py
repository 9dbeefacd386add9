"""A subject with 1,000 events: loaded from a snapshot, equal to a full replay. A batch takes
the newest snapshot its events cross, not the ones it would supersede at once."""

from __future__ import annotations

from sqlalchemy import select, text

from api.bootstrap import Services
from application.ports import Actor
from tests.api.support import COMPANY, PENALTY, USCC
from tests.conftest import START

PROVIDER = Actor(role="provider", org="华北能源监管局")


def test_a_subject_with_1000_events_loads_from_a_snapshot_equal_to_a_replay(services: Services):
    services.clock.set(START)
    files = services.files
    files.register_subject(COMPANY, Actor(role="admin", org="资质中心"))
    rows = [(i, {**PENALTY, "subject": USCC, "record_id": f"S-{i:04d}"}) for i in range(1, 1000)]
    outcome = files.add_records(rows, PROVIDER)
    assert (outcome.accepted, outcome.rejected) == (999, [])

    subject = files.get_subject(USCC)
    assert subject.version == 1000
    assert len(subject.records) == 999

    with services.engine.connect() as conn:
        versions = conn.execute(
            select(text("originator_version")).select_from(text("creditfiles_snapshots"))
        ).scalars()
        assert list(versions) == [1000]  # one chunk of records: the last multiple of 100
    snapshot, after = files.recorder.select_latest(subject.id)
    assert snapshot is not None and snapshot.originator_version == 1000 and after == []

    replayed = None
    for stored in files.recorder.select_events(subject.id):
        replayed = files.mapper.to_domain_event(stored).mutate(replayed)
    assert replayed is not None
    assert replayed.records == subject.records
    assert replayed.version == subject.version
