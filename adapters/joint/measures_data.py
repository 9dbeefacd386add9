"""The measures catalogue: `policy/measures/*.yaml` and the versions administrators publish."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from adapters.core.db import read_connection
from adapters.joint.tables import measure_versions
from adapters.policy_data.loader import POLICY_DIR, load_versioned
from domain.measures import MeasureCatalogue, build_catalogue
from domain.policy import PolicyHistory


def parse_measures(doc: dict[str, Any]) -> MeasureCatalogue:
    effective = doc["effective_from"]
    if isinstance(effective, str):
        effective = date.fromisoformat(effective)
    measures = doc.get("measures")
    if not isinstance(measures, list):
        raise ValueError("'measures' must be a list")
    days = doc.get("feedback_working_days", 10)
    if not isinstance(days, int) or isinstance(days, bool):
        raise ValueError("'feedback_working_days' must be a number of working days")
    return build_catalogue(str(doc["version"]), effective, measures, days)


def load_measures(policy_dir: Path | None = None) -> PolicyHistory[MeasureCatalogue]:
    """Every `measures/*.yaml`, validated (a bad file stops start-up, naming the file)."""
    return load_versioned("measures", parse_measures, policy_dir or POLICY_DIR)


class MeasureVersionTable:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load(self) -> list[dict[str, Any]]:
        with read_connection(self.engine) as conn:
            return load_published(conn)

    def add(self, row: dict[str, Any]) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(measure_versions).values(**row, published_at=datetime.now(UTC)))
        except IntegrityError:
            return False
        return True


def load_published(conn: Connection) -> list[dict[str, Any]]:
    """Administrators' versions, read on the caller's connection (and transaction)."""
    t = measure_versions.c
    rows = conn.execute(
        select(t.version, t.effective_from, t.feedback_working_days, t.measures)
    ).all()
    return [dict(r._mapping) for r in rows]
