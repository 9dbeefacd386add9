"""The full contents of a view's tables, for comparing a live view with a rebuilt one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select


def view_state(engine: Engine, projection: Any) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in projection.tables:
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
    return out
