"""Loading many files at once while a snapshot is being taken: the events read are those after
the very snapshot read, never after a newer one taken in between (which would skip the events
between the two and fail the fold). The race is PostgreSQL's: on SQLite the read holds the write
lock, so no snapshot can be taken in between."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

import adapters.eventstore as eventstore
from adapters.container import Services, build_services
from application.ports import Actor
from tests.conftest import make_settings

USCC = "91350200776049653A"


def _penalty(n: int) -> dict[str, Any]:
    return {
        "subject": USCC,
        "record_id": f"S-{n:05d}",
        "catalogue_code": "administrative_penalty",
        "tier": "general",
        "decision_no": f"罚〔2026〕{n}号",
        "decided_on": "2026-05-20",
        "legal_basis": "《电力监管条例》",
        "content": {"penalty_type": "罚款"},
    }


@pytest.fixture
def pg_services(pg_database: str, tmp_path: Path) -> Iterator[Services]:
    built = build_services(make_settings(pg_database, tmp_path))
    try:
        yield built
    finally:
        built.close()


def _file_of_210_records(services: Services) -> None:
    """A file of 211 events, added in two batches: snapshots at versions 100 and 200."""
    services.files.register_subject(
        {
            "id_type": "uscc",
            "id": USCC,
            "name": "厦门恒源电力有限公司",
            "kind": "legal_person",
            "sectors": ["power"],
            "region": "350200",
        },
        Actor(role="admin", org="test"),
    )
    provider = Actor(role="provider", org="华北能源监管局")
    services.files.add_records([(n, _penalty(n)) for n in range(1, 100)], provider)
    services.files.add_records([(n, _penalty(n)) for n in range(100, 211)], provider)


def test_many_files_load_from_their_snapshots_with_only_the_events_after(services: Services):
    _file_of_210_records(services)
    files = services.files
    subject_id = files.subject_id_of(USCC)
    many = files.recorder.select_latest_many([subject_id])  # type: ignore[attr-defined]
    [(snapshot, after)] = many.values()
    assert snapshot.originator_version == 200
    assert [e.originator_version for e in after] == list(range(201, 212))
    assert files._load_subjects([subject_id])[subject_id].version == 211


@pytest.mark.postgres
def test_a_snapshot_taken_between_the_two_reads_changes_nothing(
    pg_services: Services, monkeypatch: pytest.MonkeyPatch
):
    services = pg_services
    _file_of_210_records(services)
    files = services.files
    subject_id = files.subject_id_of(USCC)
    version = files.get_subject(USCC).version
    assert version > 200
    recorder: Any = files.recorder
    with recorder.engine.begin() as conn:  # as if the snapshot at 200 were not taken yet
        snapshots = recorder.snapshots
        conn.execute(delete(snapshots).where(snapshots.c.originator_version == 200))

    reads = eventstore._stored
    taken: list[int] = []

    def snapshot_meanwhile(rows: Any) -> Any:
        out = reads(rows)
        if not taken:  # the snapshot rows are read: another process snapshots the file now
            taken.append(1)
            files.take_snapshot(subject_id, version=200)
        return out

    monkeypatch.setattr(eventstore, "_stored", snapshot_meanwhile)
    loaded = files._load_subjects([subject_id])
    assert taken
    assert loaded[subject_id].version == version
    assert len(loaded[subject_id].records) == len(files.get_subject(USCC).records)
