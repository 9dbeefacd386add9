"""Batch imports store what single adds store, at the log positions they report, and settle
rows one by one when another writer got in between."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from api.bootstrap import Services
from application.commands import RegisterSubject
from application.ports import Actor
from application.records import RECORD_FIELDS, body_hash
from domain.subject import RecordKey, record_key_id
from tests.api.support import COMPANY, OTHER_USCC, PENALTY, USCC
from tests.conftest import START

ADMIN = Actor(role="admin", org="资质中心")
PROVIDER = Actor(role="provider", org="华北能源监管局", org_code="11100000MB01692704")
THIRD_USCC = "91350200MA31W0EX7T"


def register(services: Services, *usccs: str) -> None:
    services.clock.set(START)
    for uscc in usccs:
        services.files.register_subject(RegisterSubject.of({**COMPANY, "id": uscc}), ADMIN)


def rows(n: int, subject: str, prefix: str, start: int = 1) -> list[tuple[int, dict[str, Any]]]:
    return [
        (i, {**PENALTY, "subject": subject, "record_id": f"{prefix}-{i:04d}"})
        for i in range(start, start + n)
    ]


def added(services: Services, uscc: str) -> list[dict[str, Any]]:
    """The RecordAdded events of a file as the audit view shows them, less what names the
    record or its subject."""
    return [
        {k: v for k, v in e.data.items() if k not in ("record_id", "body_hash")}
        for e in services.files.get_events(uscc)
        if e.type == "RecordAdded"
    ]


def test_records_imported_in_a_batch_read_back_as_the_same_events_as_records_added_one_by_one(
    services: Services,
):
    register(services, USCC, OTHER_USCC)
    files = services.files
    outcome = files.add_records(rows(80, USCC, "B"), PROVIDER)
    for _, body in rows(80, OTHER_USCC, "S"):
        files.add_record(OTHER_USCC, body, PROVIDER)

    assert (outcome.accepted, outcome.rejected) == (80, [])
    assert added(services, USCC) == added(services, OTHER_USCC)
    batch_key = files.repository.get(record_key_id("B-0001"))
    single_key = files.repository.get(record_key_id("S-0001"))
    assert isinstance(batch_key, RecordKey) and isinstance(single_key, RecordKey)
    assert batch_key.subject_id == str(files.subject_id_of(USCC))
    assert batch_key.body_hash == files.get_subject(USCC).record("B-0001")["body_hash"]
    assert batch_key.created_on == single_key.created_on


def test_a_batch_reports_the_log_position_of_its_last_event(services: Services):
    register(services, USCC, OTHER_USCC, THIRD_USCC)
    files = services.files
    batch = rows(150, USCC, "A") + rows(150, OTHER_USCC, "B", 151) + rows(150, THIRD_USCC, "C", 301)

    outcome = files.add_records(batch, PROVIDER)
    files_after = {uscc: files.get_events(uscc) for uscc in (USCC, OTHER_USCC, THIRD_USCC)}
    next_add = files.add_record(USCC, {**PENALTY, "record_id": "AFTER"}, PROVIDER)

    assert (outcome.accepted, outcome.rejected) == (450, [])
    assert outcome.position == next_add.position - 2  # the one record and its claim follow
    for events in files_after.values():
        assert [e.version for e in events] == list(range(1, 152))
        positions = [e.position for e in events]
        assert positions == sorted(positions) and max(positions) < outcome.position


@pytest.mark.parametrize("races", [1, 2], ids=["chunk-again", "row-by-row"])
def test_a_file_that_grew_while_its_chunk_was_prepared_still_takes_every_row_once(
    services: Services, monkeypatch: pytest.MonkeyPatch, races: int
):
    register(services, USCC)
    files = services.files
    read_heads = files._heads_and_claims
    raced: list[str] = []

    def another_writer_in_between(*args: Any) -> Any:
        heads = read_heads(*args)
        if len(raced) < races:  # after the chunk read the file, before it appends
            raced.append(f"RACE-{len(raced)}")
            files.add_record(USCC, {**PENALTY, "record_id": raced[-1]}, PROVIDER)
            files.add_record(USCC, {**PENALTY, "record_id": "R-0002"}, PROVIDER)
        return heads

    monkeypatch.setattr(files, "_heads_and_claims", another_writer_in_between)
    batch = rows(5, USCC, "R")
    batch[3] = (4, {**PENALTY, "subject": USCC, "record_id": "R-0004", "decided_on": "2026-13-01"})

    outcome = files.add_records(batch, PROVIDER)

    assert (outcome.accepted, outcome.duplicates) == (3, 1)  # R-0002 the other writer added
    assert [(r.row, r.errors[0][0]) for r in outcome.rejected] == [(4, "decided_on")]
    subject = files.get_subject(USCC)
    assert sorted(subject.records) == sorted(["R-0001", "R-0002", "R-0003", "R-0005", *raced])
    events = files.get_events(USCC)
    assert [e.version for e in events] == list(range(1, len(events) + 1))
    assert len(events) == 1 + 4 + races


@pytest.mark.parametrize(
    "content",
    [
        {"penalty_type": "罚款", "fine": 50000},
        {"penalty_type": "罚款", "fine": 1e16, "rate": 0.1, "tiny": 1e-7},
        {"penalty_type": "罚款", "fine": 2**70},
        {"penalty_type": '罚款\n\t\x01"\\\u2028😀', "b": [True, None, {"z": 1, "a": 2}]},
        {"penalty_type": "罚款", "nan": float("nan")},
        {"penalty_type": "罚款", "by_year": {2025: "x", 2026: "y"}, "pair": (1, "2")},
    ],
)
def test_a_record_is_hashed_as_its_canonical_json_always_was(content: dict[str, Any]):
    body = {**PENALTY, "content": content}
    canonical: dict[str, Any] = {k: body.get(k) for k in RECORD_FIELDS}
    canonical["subject_id"] = "sid"
    raw = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    assert body_hash("sid", body) == hashlib.sha256(raw.encode()).hexdigest()


def test_a_batch_for_files_an_earlier_batch_touched_lands_after_what_was_added_since(
    services: Services,
):
    register(services, USCC, OTHER_USCC)
    files = services.files
    first = files.add_records(rows(3, USCC, "F") + rows(3, OTHER_USCC, "G", 4), PROVIDER)
    files.add_record(USCC, {**PENALTY, "record_id": "BETWEEN"}, PROVIDER)

    second = files.add_records(rows(3, USCC, "H") + rows(3, THIRD_USCC, "T", 4), PROVIDER)

    assert (first.accepted, second.accepted) == (6, 3)
    assert [(r.row, r.errors) for r in second.rejected] == [
        (row, [("subject", "not registered")]) for row in (4, 5, 6)
    ]
    events = files.get_events(USCC)
    assert [e.version for e in events] == list(range(1, 9))
    assert [e.data["record_id"] for e in events[1:]] == [
        "F-0001",
        "F-0002",
        "F-0003",
        "BETWEEN",
        "H-0001",
        "H-0002",
        "H-0003",
    ]
