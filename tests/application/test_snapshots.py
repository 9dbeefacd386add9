"""A subject with 1,000 events: loaded from a snapshot, equal to a full replay. A batch takes
the newest snapshot its events cross, not the ones it would supersede at once."""

from __future__ import annotations

from dataclasses import asdict

from eventsourcing.domain import Snapshot
from eventsourcing.utils import get_topic
from sqlalchemy import select, text

from api.bootstrap import Services
from application.commands import RegisterSubject
from application.ports import Actor
from domain.grades import GradeState
from domain.objections import Objection
from domain.repairs import Repair
from tests.api.support import COMPANY, PENALTY, USCC
from tests.conftest import START

PROVIDER = Actor(role="provider", org="华北能源监管局")


def test_a_subject_with_1000_events_loads_from_a_snapshot_equal_to_a_replay(services: Services):
    services.clock.set(START)
    files = services.files
    files.register_subject(RegisterSubject.of(COMPANY), Actor(role="admin", org="资质中心"))
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


def test_a_file_snapshotted_with_its_parts_as_dicts_loads_with_typed_parts(services: Services):
    """Snapshots taken before the parts were typed (class version 1) hold dicts: they load as
    the entities a replay makes, and a new snapshot stores and loads those."""
    services.clock.set(START)
    files = services.files
    files.register_subject(RegisterSubject.of(COMPANY), Actor(role="admin", org="资质中心"))
    subject = files.get_subject(USCC)
    subject.make_commitment("C-1", "general", "守法经营", "2026-06-01")
    subject.breach_commitment("C-1", "R-1")
    subject.grade_state = GradeState(91.5, "A", rulebook_version="rb-1", cause="test")
    case = {"record_id": "R-1", "listing_id": None, "evidence": [], "reviewer_unit": "x",
            "procedures_version": "p-1", "escalated_for": ["2026-06-20"]}  # fmt: skip
    subject.objections = {
        "O-1": Objection(
            objection_id="O-1",
            grounds="error",
            statement="s",
            due_by="2026-06-20",
            filed_at="2026-06-01",
            holds=[],
            **case,
        )  # fmt: skip
    }
    subject.repairs = {
        "REP-1": Repair(
            repair_id="REP-1",
            commitment_id="C-1",
            accept_by="2026-06-10",
            requested_on="2026-06-01",
            status="accepted",
            **case,
        )  # fmt: skip
    }
    typed = ("commitments", "objections", "repairs")
    old = {k: v for k, v in vars(subject).items() if k not in ("_id", "_version")}
    old.update({name: {k: asdict(v) for k, v in old[name].items()} for name in typed})
    old["grade_state"] = asdict(subject.grade_state)  # and no class_version: version 1
    old.pop("_pending_events")
    snapshot = Snapshot(
        originator_id=subject.id,
        originator_version=subject.version,
        timestamp=START,
        topic=get_topic(type(subject)),
        state=old,
    )
    loaded = snapshot.mutate(None)
    for name in (*typed, "grade_state"):
        assert getattr(loaded, name) == getattr(subject, name), name
    stored = files.mapper.to_stored_event(Snapshot.take(loaded))
    again = files.mapper.to_domain_event(stored).mutate(None)
    for name in (*typed, "grade_state"):
        assert getattr(again, name) == getattr(subject, name), name
