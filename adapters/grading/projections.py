"""grade_view (current grade per subject), grade_history (class changes) and list_versions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from adapters.core.projection import Item, event_type
from adapters.grading.tables import grade_history, grade_view, list_versions


def cause_position(cause: str) -> int | None:
    """ "RecordAdded@42" → 42; sweeps and rulebook changes name no position."""
    _, _, tail = cause.rpartition("@")
    return int(tail) if tail.isdigit() else None


class GradesProjection:
    name = "grades"
    tables = (grade_view, grade_history)
    event_names = frozenset({"Graded"})

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
        latest: dict[str, dict[str, Any]] = {}
        history: list[dict[str, Any]] = []
        for position, ev in items:
            if event_type(ev) != "Graded":
                continue
            sid = str(ev.originator_id)
            latest[sid] = {
                "subject_id": sid,
                "score": ev.score,
                "grade_class": ev.grade_class,
                "rulebook_version": ev.rulebook_version,
                "explanation": ev.explanation,
                "graded_at": ev.timestamp,
                "position": position,
            }
            if ev.grade_class != ev.previous_class:
                history.append(
                    {
                        "position": position,
                        "subject_id": sid,
                        "previous_class": ev.previous_class,
                        "grade_class": ev.grade_class,
                        "score": ev.score,
                        "rulebook_version": ev.rulebook_version,
                        "cause": ev.cause,
                        "cause_position": cause_position(ev.cause),
                        "graded_at": ev.timestamp,
                    }
                )
        if latest:
            stmt = dialect.insert(grade_view)
            stmt = stmt.on_conflict_do_update(
                index_elements=[grade_view.c.subject_id],
                set_={
                    c: stmt.excluded[c]
                    for c in (
                        "score",
                        "grade_class",
                        "rulebook_version",
                        "explanation",
                        "graded_at",
                        "position",
                    )
                },
            )
            conn.execute(stmt, list(latest.values()))
        if history:
            conn.execute(insert(grade_history), history)


class ListVersionsProjection:
    name = "list_versions"
    tables = (list_versions,)
    event_names = frozenset({"Listed", "Delisted"})

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        current: dict[str, int] = {}
        rows: list[dict[str, Any]] = []
        for position, ev in items:
            kind = event_type(ev)
            if kind not in ("Listed", "Delisted"):
                continue
            if ev.list not in current:
                current[ev.list] = int(
                    conn.execute(
                        select(func.coalesce(func.max(list_versions.c.version), 0)).where(
                            list_versions.c.list == ev.list
                        )
                    ).scalar_one()
                )
            current[ev.list] += 1
            rows.append(
                {
                    "list": ev.list,
                    "version": current[ev.list],
                    "listing_id": ev.listing_id,
                    "change": "added" if kind == "Listed" else "removed",
                    "changed_at": ev.timestamp,
                    "position": position,
                }
            )
        if rows:
            conn.execute(insert(list_versions), rows)
