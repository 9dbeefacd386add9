"""The grading sweeps' reader (application.ports.DueSubjects): the due subjects, by SQL over the
views, and the sweeps' marks (`sweep_marks`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, select

from adapters.files.tables import list_entries, record_view, subject_summary
from adapters.grading.tables import sweep_marks


def _ids(engine: Engine, query: Any) -> list[str]:
    with engine.connect() as conn:
        return sorted({str(row[0]) for row in conn.execute(query)})


def all_subject_ids(engine: Engine, page: int = 5000) -> Iterator[str]:
    """Every subject id, in pages by key (no long-held cursor)."""
    after = ""
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(subject_summary.c.subject_id)
                .where(subject_summary.c.subject_id > after)
                .order_by(subject_summary.c.subject_id)
                .limit(page)
            ).all()
        if not rows:
            return
        for (sid,) in rows:
            yield sid
        after = rows[-1][0]


class SqlDueSubjects:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def publicity_ended(self, day: date) -> list[str]:
        r = record_view.c
        return _ids(
            self.engine,
            select(r.subject_id).where(
                and_(r.status == "active", r.publicity_ended_on.is_(None), r.max_until < day)
            ),
        )

    def objection_windows_closed(self, day: date) -> list[str]:
        e = list_entries.c
        return _ids(
            self.engine,
            select(e.subject_id).where(and_(e.status == "proposed", e.objection_deadline < day)),
        )

    def listings_expired(self, day: date) -> list[str]:
        e = list_entries.c
        return _ids(
            self.engine, select(e.subject_id).where(and_(e.status == "listed", e.until < day))
        )

    def focus_listed(self) -> list[str]:
        e = list_entries.c
        return _ids(
            self.engine, select(e.subject_id).where(and_(e.status == "listed", e.list == "focus"))
        )

    def all_subjects(self) -> Iterator[str]:
        return all_subject_ids(self.engine)

    def mark(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            value = conn.execute(
                select(sweep_marks.c.value).where(sweep_marks.c.name == name)
            ).scalar()
        return None if value is None else str(value)

    def set_mark(self, name: str, value: str) -> None:
        t = sweep_marks
        with self.engine.begin() as conn:
            moved = conn.execute(t.update().where(t.c.name == name).values(value=value)).rowcount
            if not moved:
                conn.execute(t.insert().values(name=name, value=value))
