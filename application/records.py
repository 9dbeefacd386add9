"""Turning a provider's submitted record into the facts the RecordAdded event carries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from application.ports import Actor, PolicySource
from domain.canonical import canonical_json
from domain.errors import DomainError, InvalidInputError, NoPolicyInForceError
from domain.periods import publicity_window

RECORD_FIELDS = (
    "record_id",
    "catalogue_code",
    "tier",
    "decision_no",
    "decided_on",
    "legal_basis",
    "summary",
    "content",
)


class RecordRejectedError(DomainError):
    """A record failed validation; `errors` lists every (field, message)."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors), field=errors[0][0])
        self.errors = errors


def body_hash(subject_id: str, body: dict[str, Any]) -> str:
    """What makes two submissions of one record_id the same: the subject and every field."""
    canonical = {k: body.get(k) for k in RECORD_FIELDS}
    canonical["subject_id"] = subject_id
    if isinstance(canonical["decided_on"], date):
        canonical["decided_on"] = canonical["decided_on"].isoformat()
    return hashlib.sha256(canonical_json(canonical, allow_nan=True)).hexdigest()


def parse_date(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidInputError("must be a date YYYY-MM-DD", field=field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{value!r} is not a date YYYY-MM-DD", field=field) from None


@dataclass(frozen=True)
class RecordFacts:
    """Everything RecordAdded records, decided under the policy versions in force."""

    fields: dict[str, Any]


def prepare_record(
    body: dict[str, Any], subject_id: str, actor: Actor, policy: PolicySource, today: date
) -> RecordFacts:
    errors: list[tuple[str, str]] = []
    record_id = body.get("record_id")
    if not isinstance(record_id, str) or not record_id.strip() or len(record_id) > 128:
        errors.append(("record_id", "required: 1 to 128 characters"))
    try:
        decided_on = parse_date(body.get("decided_on"), "decided_on")
        if decided_on > today:
            errors.append(("decided_on", f"{decided_on} is in the future"))
    except InvalidInputError as e:
        errors.append(("decided_on", e.message))
        decided_on = today
    content = body.get("content") or {}
    if not isinstance(content, dict):
        errors.append(("content", "must be an object"))
        content = {}
    code = body.get("catalogue_code")
    try:
        catalogue = policy.catalogues.in_force(decided_on)
        rules = policy.periods.in_force(decided_on)
    except NoPolicyInForceError as e:
        # a decision older than every catalogue or period rules we hold: name the date sent
        raise RecordRejectedError([*errors, ("decided_on", e.message)]) from None
    entry = None
    if not isinstance(code, str):
        errors.append(("catalogue_code", "required"))
    else:
        try:
            entry = catalogue.value.entry(code)
        except DomainError as e:
            errors.append(("catalogue_code", e.message))
    tier = body.get("tier") or (entry.default_tier if entry else None)
    if entry is not None:
        errors.extend(
            catalogue.value.validate_record(entry.code, tier, {**body, "content": content})
        )
    if errors:
        raise RecordRejectedError(errors)
    assert entry is not None and isinstance(record_id, str)
    window = publicity_window(tier, decided_on, rules.value, policy.calendar)
    return RecordFacts(
        {
            "record_id": record_id,
            "catalogue_code": entry.code,
            "catalogue_version": catalogue.version,
            "category": entry.category,
            "polarity": entry.polarity,
            "visibility": entry.visibility,
            "tier": tier,
            "source_unit": actor.org,
            "source_unit_code": actor.org_code,
            "decision_no": body.get("decision_no"),
            "decided_on": decided_on.isoformat(),
            "legal_basis": body.get("legal_basis"),
            "summary": body.get("summary"),
            "content": content,
            "publicity_from": window.starts.isoformat(),
            "min_until": window.min_until.isoformat(),
            "max_until": window.max_until.isoformat(),
            "published": window.published and entry.visibility == "public",
            "period_rules_version": rules.version,
            "body_hash": body_hash(subject_id, body),
            "submitted_by": actor.org,
        }
    )
