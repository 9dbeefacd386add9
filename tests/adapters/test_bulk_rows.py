"""A page's rows written in one statement a table read back exactly as they were given."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from adapters.core.bulk import insert_rows, select_in, update_rows
from adapters.core.db import create_db_engine
from adapters.files.tables import record_view, subject_summary
from adapters.subject_rights.tables import subject_notifications

AWKWARD = ['a "quoted" word', "back\\slash", "{braces},commas", "NULL", "", "罚款 ✓", "tab\tline\n"]
T0 = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


def notification(i: int, text: str) -> dict:
    return {
        "position": i,
        "subject_id": f"s-{i}",
        "kind": "record_added",
        "ref_id": None if i % 2 else text,
        "data": {"text": text, "n": i, "ok": i % 2 == 0, "none": None, "list": [text, 1.5]},
        "created_at": T0 + timedelta(minutes=i),
    }


def test_awkward_values_are_written_and_read_back_unchanged(engine: Engine):
    rows = [notification(i, text) for i, text in enumerate(AWKWARD, start=1)]
    with engine.begin() as conn:
        insert_rows(conn, subject_notifications, rows)
    with engine.connect() as conn:
        t = subject_notifications
        read = [dict(r._mapping) for r in conn.execute(select(t).order_by(t.c.position))]
    for got, wrote in zip(read, rows, strict=True):
        assert got == {**wrote, "created_at": got["created_at"]}
        assert (
            got["created_at"].replace(tzinfo=got["created_at"].tzinfo or UTC) == wrote["created_at"]
        )


def summary(i: int) -> dict:
    return {
        "subject_id": f"s-{i}",
        "uscc": f"U{i:017d}",
        "kind": "legal_person",
        "display_name": AWKWARD[i % len(AWKWARD)],
        "sectors": ["power"],
        "region": "350200",
        "registered_at": T0,
        "records_total": 1,
        "records_active": 1,
        "version": 1,
        "position": i,
    }


def test_an_update_of_many_rows_sets_and_adds_each_row_by_its_key(engine: Engine):
    with engine.begin() as conn:
        insert_rows(conn, subject_summary, [summary(i) for i in range(1, 4)])
        update_rows(
            conn,
            subject_summary,
            "subject_id",
            [
                {
                    "subject_id": "s-1",
                    "records_total": 2,
                    "display_name": 'x "y" \\z',
                    "version": 3,
                },
                {"subject_id": "s-3", "records_total": 5, "display_name": "NULL", "version": 4},
            ],
            increments=("records_total",),
        )
    with engine.connect() as conn:
        rows = {
            r["subject_id"]: r
            for r in select_in(conn, subject_summary, "subject_id", ["s-1", "s-2", "s-3"])
        }
    assert (rows["s-1"]["records_total"], rows["s-1"]["display_name"], rows["s-1"]["version"]) == (
        3,
        'x "y" \\z',
        3,
    )
    assert (rows["s-2"]["records_total"], rows["s-2"]["version"]) == (1, 1)  # not named: as it was
    assert (rows["s-3"]["records_total"], rows["s-3"]["display_name"]) == (6, "NULL")


def test_dates_booleans_and_nulls_of_a_record_row_survive_the_bulk_path(engine: Engine):
    row = {
        "record_id": 'R-"1"',
        "subject_id": "s-1",
        "catalogue_code": "administrative_penalty",
        "catalogue_version": "2025-01",
        "category": "penalty",
        "polarity": "negative",
        "visibility": "public",
        "tier": None,
        "source_unit": "华北能源监管局",
        "source_unit_code": None,
        "decision_no": "国能监罚〔2026〕12号",
        "decided_on": date(2026, 5, 1),
        "legal_basis": None,
        "summary": "违规\\参与",
        "content": {"fine": 50000, "note": '"}{'},
        "publicity_from": date(2026, 5, 1),
        "min_until": date(2026, 8, 3),
        "max_until": date(2027, 5, 4),
        "published": False,
        "period_rules_version": "2026-04",
        "status": "active",
        "publicity_ended_on": None,
        "publicity_ended_reason": None,
        "recorded_at": T0,
        "position": 7,
    }
    with engine.begin() as conn:
        insert_rows(conn, record_view, [row])
    with engine.connect() as conn:
        (got,) = select_in(conn, record_view, "record_id", ['R-"1"'])
    assert {k: v for k, v in got.items() if k != "recorded_at"} == {
        k: v for k, v in row.items() if k != "recorded_at"
    }
