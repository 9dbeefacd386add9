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

import adapters.core.eventstore as eventstore
from api.bootstrap import Services, bootstrap
from application.commands import RegisterSubject
from application.ports import Actor
from tests.api.support import COMPANY, PENALTY, USCC
from tests.conftest import make_settings


@pytest.fixture
def pg_services(pg_database: str, tmp_path: Path) -> Iterator[Services]:
    built = bootstrap(make_settings(pg_database, tmp_path))
    try:
        yield built
    finally:
        built.close()


def _file_of_210_records(services: Services) -> None:
    """A file of 211 events, added in two batches: snapshots at versions 100 and 200."""
    services.files.register_subject(
        RegisterSubject.of(COMPANY), Actor(role="admin", org="资质中心")
    )
    provider = Actor(role="provider", org="华北能源监管局")
    for batch in (range(1, 100), range(100, 211)):
        rows = [(n, {**PENALTY, "subject": USCC, "record_id": f"S-{n:04d}"}) for n in batch]
        services.files.add_records(rows, provider)


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
