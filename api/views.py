"""How a subject's file looks to each caller: visibility by role, masking for natural persons."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from application.ports import Actor
from domain.decision import standing
from domain.identifiers import mask_id_number, mask_name
from domain.input_rules import clip_depth
from domain.subject import MarketSubject

AGENCY_ROLES = {"provider", "agency", "reviewer", "auditor", "admin"}
FULL_ROLES = {"auditor", "admin"}


def may_see(record: dict[str, Any], actor: Actor | None, subject_id: str) -> bool:
    visibility = record["visibility"]
    if visibility == "public":
        return True
    if actor is None:
        return False
    if actor.role in FULL_ROLES or actor.subject_id == subject_id:
        return True
    if visibility == "agencies":
        return actor.role in AGENCY_ROLES
    return actor.role in ("provider", "reviewer") and record["source_unit"] == actor.org


def publicity_state(record: dict[str, Any], today: date) -> str:
    if record["status"] == "revoked":
        return "revoked"
    if record["publicity_ended"] is not None:
        return "ended"
    if not record["published"]:
        return "not_published"
    if today > date.fromisoformat(record["max_until"]):
        return "ended"
    return "public"


def record_out(record: dict[str, Any], today: date) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k not in ("body_hash", "publicity_ended")}
    out["content"] = clip_depth(out.get("content"))  # stored before the input policy's limits
    out["publicity"] = {
        "from": record["publicity_from"],
        "min_until": record["min_until"],
        "max_until": record["max_until"],
        "state": publicity_state(record, today),
        "ended": record["publicity_ended"],
    }
    return out


def subject_out(subject: MarketSubject, actor: Actor | None, today: date) -> dict[str, Any]:
    sid = str(subject.id)
    own = actor is not None and actor.subject_id == sid
    person = subject.is_natural_person
    name = subject.name
    if person and not (own or (actor is not None and actor.role in FULL_ROLES)):
        name = mask_name(name)
    records = [
        record_out(r, today) for r in subject.records.values() if own or may_see(r, actor, sid)
    ]
    return {
        "subject_id": sid,
        "uscc": subject.uscc,
        "id_type": subject.id_type,
        "id": mask_id_number(subject.identifier) if person else subject.identifier,
        "name": name,
        "kind": subject.kind,
        "sectors": subject.sectors,
        "region": subject.region,
        "registered_at": subject.created_on.isoformat(),
        "version": subject.version,
        "records": records,
        "commitments": [
            asdict(c) for c in sorted(subject.commitments.values(), key=lambda c: c.commitment_id)
        ],
        "listings": listings_out(subject),
        **standing_out(subject),
    }


LISTING_FIELDS = (
    "listing_id",
    "list",
    "status",
    "rule_id",
    "rulebook_version",
    "reasons",
    "basis_record_ids",
    "legal_basis",
    "proposed_at",
    "objection_deadline",
    "since",
    "until",
    "removal_conditions",
    "held_by",
    "ended",
    "term_rule",
    "replaces",
)


def listings_out(subject: MarketSubject) -> list[dict[str, Any]]:
    items = sorted(subject.listings.values(), key=lambda i: (i["proposed_at"], i["listing_id"]))
    out = [{k: item.get(k) for k in LISTING_FIELDS} for item in items]
    for item in out:  # a listing recorded before term rules were recorded ran from its listing
        item["term_rule"] = item["term_rule"] or "from_listing"
    return out


def standing_out(subject: MarketSubject) -> dict[str, Any]:
    """Status, class (None: not yet evaluated, with the reason), score and objection marks: the
    decision's (domain.decision.standing), as every other output gives them."""
    s = standing(subject)
    return {
        "status": s.status,
        "lists": list(s.lists),
        "class": s.grade_class,
        "score": s.score,
        "unrated_reason": s.unrated_reason,
        "grade": grade_out(subject),
        "objection_marks": list(s.marks),
    }


def grade_out(subject: MarketSubject) -> dict[str, Any] | None:
    """The last recorded grade with its explanation (its class None: not yet evaluated)."""
    state = subject.grade_state
    if state is None:
        return None
    return {
        "class": state.grade_class,
        "score": state.score,
        "previous_class": state.previous_class,
        "rulebook_version": state.rulebook_version,
        "explanation": state.explanation,
        "cause": state.cause,
        "graded_at": state.graded_at,
        "unrated_reason": state.unrated_reason,
    }
