"""What the portal's reads share: the lists and classes it counts, its page, and the conditions
of a public record and of a subject filter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    String,
    cast,
)

from adapters.files.tables import record_view, subject_summary
from domain.time import stored_instant
from domain.vocabulary import CLASSES

T = TypeVar("T")
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
UNRATED = "unrated"  # not yet evaluated (grade_class NULL): counted apart from the classes
BUCKETS = (*CLASSES, UNRATED)
STATS_TTL = 60.0  # aggregate figures over a million rows are cached, not recomputed per request


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int | None
    page: int
    size: int
    has_more: bool


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _iso(value: date) -> str:
    """Dates as YYYY-MM-DD; date-times with their offset (SQLite hands back UTC wall times
    without it: every date-time in every answer carries one)."""
    if isinstance(value, datetime):
        value = stored_instant(value)
    return value.isoformat()


def _row(row: Any) -> dict[str, Any]:
    return {k: (_iso(v) if isinstance(v, date) else v) for k, v in row._mapping.items()}


def public_record_conditions(today: date) -> list[Any]:
    """Published, public, not revoked, publicity not ended, today within the publicity period."""
    r = record_view.c
    return [
        r.published.is_(True),
        r.visibility == "public",
        r.status == "active",
        r.publicity_ended_on.is_(None),
        r.publicity_from <= today,
        r.max_until >= today,
    ]


def subject_filters(sector: str | None, province: str | None) -> list[Any]:
    s = subject_summary.c
    where: list[Any] = []
    if sector:
        where.append(cast(s.sectors, String).like(f'%"{_like_escape(sector)}"%', escape="\\"))
    if province:
        where.append(s.region.like(f"{_like_escape(province)}%", escape="\\"))
    return where
