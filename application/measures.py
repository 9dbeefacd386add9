"""Measures: the memoranda in force, merged from policy files and administrators' publications.

The check asks for "the measures for this agency and matter, for a subject on these lists and of
this class" thousands of times a second: answers are cached per (catalogue version, agency,
matter, targets) and shared, never rebuilt per request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

from domain.decision import measure_shown, measures_for
from domain.errors import ConflictError, InvalidInputError
from domain.measures import Measure, MeasureCatalogue, build_catalogue
from domain.policy import PolicyHistory, Versioned

REFRESH_SECONDS = 5.0  # a version published through another process is seen within this long


class DuplicateVersionError(ConflictError):
    pass


class PublishedVersions(Protocol):
    """Where administrators' catalogue versions are kept (a table)."""

    def load(self) -> list[dict[str, Any]]: ...

    def add(self, row: dict[str, Any]) -> bool:
        """False when the version exists already."""
        ...


def catalogue_from_row(row: dict[str, Any]) -> Versioned[MeasureCatalogue]:
    effective = row["effective_from"]
    if isinstance(effective, str):
        effective = date.fromisoformat(effective)
    catalogue = build_catalogue(
        row["version"], effective, row["measures"], int(row.get("feedback_working_days") or 10)
    )
    return Versioned(row["version"], effective, catalogue)


class Measures:
    def __init__(
        self,
        files: PolicyHistory[MeasureCatalogue],
        published: PublishedVersions,
        today: Callable[[], date],
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        self._files = files.versions()
        self._published = published
        self._today = today
        self._refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._next_refresh = 0.0
        self._history: PolicyHistory[MeasureCatalogue] = files
        self._selection: dict[tuple[Any, ...], tuple[dict[str, Any], ...]] = {}
        self._day_cache: tuple[date, MeasureCatalogue] | None = None
        self.refresh()

    # -- versions ----------------------------------------------------------------------------

    def refresh(self, rows: list[dict[str, Any]] | None = None) -> None:
        """Reload published versions (`rows` when the caller already read them)."""
        if rows is None:
            rows = self._published.load()
        history = PolicyHistory([*self._files, *(catalogue_from_row(r) for r in rows)])
        with self._lock:
            self._history = history
            self._day_cache = None
            self._next_refresh = time.monotonic() + self._refresh_seconds

    def due(self) -> bool:
        """True when the published versions should be read again."""
        return time.monotonic() >= self._next_refresh

    def history(self, refresh: bool = True) -> PolicyHistory[MeasureCatalogue]:
        if refresh and self.due():
            self.refresh()
        return self._history

    def in_force(self, on: date | None = None, *, refresh: bool = True) -> MeasureCatalogue:
        """The catalogue in force; `refresh=False` inside a caller's write transaction (SQLite
        allows one writer, so a reload on another connection would wait for that very writer)."""
        history = self.history(refresh)
        day = on or self._today()
        cached = self._day_cache
        if on is None and cached is not None and cached[0] == day:
            return cached[1]
        catalogue = history.in_force(day).value
        if on is None:
            self._day_cache = (day, catalogue)
        return catalogue

    def find(self, measure_id: str) -> Measure | None:
        for version in reversed(self.history().versions()):
            found = version.value.find(measure_id)
            if found is not None:
                return found
        return None

    def publish(self, body: dict[str, Any], by: str) -> MeasureCatalogue:
        """A new version from an administrator: validated, in force from a future date."""
        version = body.get("version")
        if not isinstance(version, str) or not version.strip():
            raise InvalidInputError("version is required", field="version")
        raw_from = body.get("effective_from")
        try:
            effective = date.fromisoformat(str(raw_from))
        except ValueError:
            raise InvalidInputError("a date YYYY-MM-DD", field="effective_from") from None
        history = self.history()
        if any(v.version == version for v in history.versions()):
            raise DuplicateVersionError(f"version {version!r} exists already", field="version")
        # no retroactive memoranda: notices already issued (and a rebuild of them) keep their
        # version, so a new version takes effect from tomorrow at the earliest
        if effective <= self._today():
            raise InvalidInputError(
                "a new version takes effect after today", field="effective_from"
            )
        days = body.get("feedback_working_days", 10)
        if not isinstance(days, int) or isinstance(days, bool):
            raise InvalidInputError("a number of working days", field="feedback_working_days")
        catalogue = build_catalogue(version, effective, body.get("measures") or [], days)
        PolicyHistory([*history.versions(), Versioned(version, effective, catalogue)])
        row = {
            "version": version,
            "effective_from": effective,
            "feedback_working_days": days,
            "measures": [_raw(m) for m in catalogue.measures],
            "published_by": by,
        }
        if not self._published.add(row):
            raise DuplicateVersionError(f"version {version!r} exists already", field="version")
        self.refresh()
        return catalogue

    # -- what a check shows ------------------------------------------------------------------

    def select(
        self,
        catalogue: MeasureCatalogue | None,
        targets: str | Sequence[str],
        province: str | None,
        agency: str | None,
        matter: str | None,
    ) -> tuple[dict[str, Any], ...]:
        """domain.decision.measures_for these targets ("black,D" or a sequence) and province, as a
        check shows them; `agency`/`matter` None means every agency/matter. Cached and shared."""
        if catalogue is None:
            return ()
        # the row's text is the key as it is (a check asks thousands of times a second)
        key = (catalogue.version, targets if isinstance(targets, str) else tuple(targets),
               province, agency, matter)  # fmt: skip
        found = self._selection.get(key)
        if found is None:
            names = targets.split(",") if isinstance(targets, str) else list(targets)
            found = tuple(
                measure_shown(m)
                for m in measures_for(catalogue, [n for n in names if n], province, agency, matter)
            )
            if len(self._selection) > 10_000:
                self._selection.clear()
            self._selection[key] = found
        return found


def _raw(m: Measure) -> dict[str, Any]:
    raw = m.as_dict()
    if raw["list"] is None:
        del raw["list"]
    if raw["class"] is None:
        del raw["class"]
    if not raw["regions"]:
        del raw["regions"]
    return raw
