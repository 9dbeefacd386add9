"""Loads and validates the dated policy files under `policy/` (one folder per kind)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import yaml

from domain.calendar import HolidayYear, WorkingCalendar
from domain.catalogue import Catalogue, CatalogueEntry
from domain.errors import DomainError
from domain.periods import PeriodRules, TierRule
from domain.policy import PolicyHistory, Versioned

T = TypeVar("T")

POLICY_DIR = Path(__file__).resolve().parents[2] / "policy"


class PolicyDataError(ValueError):
    """A policy file is missing, malformed or breaks a rule; the message names the file."""


def _get(doc: object, key: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(doc, Mapping):
        raise ValueError(f"expected a mapping holding {key!r}")
    if key not in doc:
        raise ValueError(f"missing key {key!r}")
    value = doc[key]
    # bool is an int in Python; a YAML `true` must not pass as a number of months.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ValueError(f"{key!r} has the wrong type ({type(value).__name__})")
    return value


def _date(value: Any, key: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"{key!r} must be a date (YYYY-MM-DD)")


def _strings(values: list[Any], key: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v for v in values):
        raise ValueError(f"{key!r} must be a list of names")
    return tuple(values)


def _read(path: Path, kind: str) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyDataError(f"{path.name}: cannot read: {exc}") from exc
    if not isinstance(doc, dict):
        raise PolicyDataError(f"{path.name}: expected a mapping at the top level")
    if doc.get("kind") != kind:
        raise PolicyDataError(f"{path.name}: kind must be {kind!r}, got {doc.get('kind')!r}")
    return doc


def _files(policy_dir: Path, kind_folder: str) -> list[Path]:
    paths = sorted((policy_dir / kind_folder).glob("*.yaml"))
    if not paths:
        raise PolicyDataError(f"{policy_dir / kind_folder}: no policy files")
    return paths


def load_versioned(
    kind_folder: str, parse: Callable[[dict[str, Any]], T], policy_dir: Path = POLICY_DIR
) -> PolicyHistory[T]:
    """Every `<kind_folder>/*.yaml` (kind, version, effective_from, content) as a history."""
    versions: list[Versioned[T]] = []
    for path in _files(policy_dir, kind_folder):
        doc = _read(path, kind_folder)
        try:
            version = _get(doc, "version", str)
            effective_from = _date(_get(doc, "effective_from", (date, str)), "effective_from")
            versions.append(Versioned(version, effective_from, parse(doc)))
        except (DomainError, ValueError, TypeError, KeyError) as exc:
            raise PolicyDataError(f"{path.name}: {exc}") from exc
    try:
        return PolicyHistory(versions)
    except DomainError as exc:
        raise PolicyDataError(f"{policy_dir / kind_folder}: {exc}") from exc


def parse_catalogue(doc: dict[str, Any]) -> Catalogue:
    entries: dict[str, CatalogueEntry] = {}
    for raw in _get(doc, "entries", list):
        if not isinstance(raw, dict):
            raise ValueError("each catalogue entry must be a mapping")
        code = _get(raw, "code", str)
        if code in entries:
            raise ValueError(f"catalogue code {code!r} given twice")
        try:
            entries[code] = CatalogueEntry(
                code=code,
                name_zh=_get(raw, "name_zh", str),
                polarity=_get(raw, "polarity", str),
                default_tier=_get(raw, "default_tier", (str, type(None))),
                visibility=_get(raw, "visibility", str),
                required_fields=_strings(_get(raw, "required_fields", list), "required_fields"),
                category=_get(raw, "category", str),
                repairable=_get(raw, "repairable", bool) if "repairable" in raw else True,
            )
        except (DomainError, ValueError) as exc:
            raise ValueError(f"entry {code!r}: {exc}") from exc
    return Catalogue(version=_get(doc, "version", str), entries=entries)


def parse_period_rules(doc: dict[str, Any]) -> PeriodRules:
    tiers: dict[str, TierRule] = {}
    for tier, raw in _get(doc, "tiers", dict).items():
        try:
            tiers[tier] = TierRule(
                published=_get(raw, "published", bool),
                min_months=_get(raw, "min_months", int),
                max_months=_get(raw, "max_months", int),
                repair_needs_min=_get(raw, "repair_needs_min", bool),
            )
        except (DomainError, ValueError) as exc:
            raise ValueError(f"tier {tier!r}: {exc}") from exc
    missing = {"light", "general", "serious", "default"} - tiers.keys()
    if missing:
        raise ValueError(f"missing tier rules: {', '.join(sorted(missing))}")
    return PeriodRules(tiers=tiers)


def _days(start: date, end: date) -> set[date]:
    if end < start:
        raise ValueError(f"holiday ends ({end}) before it starts ({start})")
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


def parse_holiday_year(doc: dict[str, Any]) -> HolidayYear:
    year = _get(doc, "year", int)
    holidays: set[date] = set()
    for raw in _get(doc, "holidays", list):
        holidays |= _days(
            _date(_get(raw, "from", (date, str)), "from"), _date(_get(raw, "to", (date, str)), "to")
        )
    makeup = {_date(d, "makeup_workdays") for d in _get(doc, "makeup_workdays", list)}
    outside = sorted(d for d in holidays if d.year != year)
    if outside:
        raise ValueError(f"holiday {outside[0]} is not in {year}")
    return HolidayYear(year, frozenset(holidays), frozenset(makeup), _get(doc, "source", str))


def load_calendar(policy_dir: Path = POLICY_DIR) -> WorkingCalendar:
    years: list[HolidayYear] = []
    for path in _files(policy_dir, "calendar"):
        doc = _read(path, "calendar")
        try:
            holiday_year = parse_holiday_year(doc)
            if path.stem != str(holiday_year.year):
                raise ValueError(f"file name should be {holiday_year.year}.yaml")
        except (DomainError, ValueError, TypeError, KeyError) as exc:
            raise PolicyDataError(f"{path.name}: {exc}") from exc
        years.append(holiday_year)
    try:
        return WorkingCalendar(years)
    except DomainError as exc:
        raise PolicyDataError(f"{policy_dir / 'calendar'}: {exc}") from exc


def load_catalogues(policy_dir: Path = POLICY_DIR) -> PolicyHistory[Catalogue]:
    return load_versioned("catalogue", parse_catalogue, policy_dir)


def load_period_rules(policy_dir: Path = POLICY_DIR) -> PolicyHistory[PeriodRules]:
    return load_versioned("periods", parse_period_rules, policy_dir)


@dataclass(frozen=True)
class PolicyBundle:
    calendar: WorkingCalendar
    catalogues: PolicyHistory[Catalogue]
    periods: PolicyHistory[PeriodRules]


def load_policy(policy_dir: Path = POLICY_DIR) -> PolicyBundle:
    """All policy data, validated; call once at start-up."""
    return PolicyBundle(
        calendar=load_calendar(policy_dir),
        catalogues=load_catalogues(policy_dir),
        periods=load_period_rules(policy_dir),
    )
