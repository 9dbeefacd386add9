"""A subject as the public sees it: the one builder behind the JSON endpoint and the page."""

from __future__ import annotations

import json
from typing import Any

from adapters.portal.reads import PortalReads
from api.bootstrap import Services
from api.portal.labels import explanation_text


def _json(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return list(value or [])


def reads(services: Services) -> PortalReads:
    return services.portal


def catalogue_names(services: Services) -> dict[str, str]:
    return services.catalogue_names


def public_explanation(
    items: Any, public_ids: set[str], names: dict[str, str], score: float | None = None
) -> list[dict[str, Any]]:
    """The grade's explanation as the public sees it: the total and why the class is what it is
    (its band, not yet evaluated, or a black listing), never a line about a record. Lines about
    public records alone would not add up to the score whenever a non-public record weighed, which
    would reveal that one exists; the subject sees every line in its own file (`/v1/me`), and the
    public records themselves are on the page with their 双公示 fields."""
    out: list[dict[str, Any]] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or item.get("record_id") or item.get("commitment_id"):
            continue
        rule = str(item.get("rule") or "")
        if (
            rule.startswith("class.band.")
            or rule == "class.unrated"
            or (rule == "class.serious_dishonesty" and item.get("listing_id"))
        ):
            out.append({**item, "text": explanation_text(item, names)})
    if score is not None:
        total = {"rule": "score.total", "points": score}
        out.append({**total, "text": explanation_text(total, names)})
    return out


def public_subject(services: Services, ref: str) -> dict[str, Any] | None:
    r = reads(services)
    row = r.subject(ref)
    if row is None:
        return None
    sid = row["subject_id"]
    today = services.files.today()
    records = r.public_records(sid, today)
    public_ids = {x["record_id"] for x in records}
    listings = r.current_listings(sid)
    decision = r.standing(sid) or {}
    terms = {i["listing_id"]: i.get("term_rule") for i in _json(decision.get("listings"))}
    for item in listings:
        item["basis_record_ids"] = [i for i in item["basis_record_ids"] if i in public_ids]
        item["term_rule"] = terms.get(item["listing_id"]) or "from_listing"
    listing_ids = {x["listing_id"] for x in listings}
    # the marks of the decision (domain.decision.standing), on public information only
    marks = [
        {k: m.get(k) for k in ("objection_id", "record_id", "listing_id", "since")}
        for m in _json(decision.get("marks"))
        if m.get("record_id") in public_ids or m.get("listing_id") in listing_ids
    ]
    grade = r.grade(sid)
    names = catalogue_names(services)
    for record in records:
        record["catalogue_name"] = names.get(record["catalogue_code"], record["catalogue_code"])
        record["objection"] = any(m["record_id"] == record["record_id"] for m in marks)
    return {
        "subject_id": sid,
        "uscc": row["uscc"],
        "name": row["display_name"],
        "kind": row["kind"],
        "sectors": row["sectors"],
        "region": row["region"],
        "status": decision.get("status", "clear"),
        "class": decision.get("grade_class"),
        "score": decision.get("score"),
        "unrated_reason": decision.get("unrated_reason"),
        "grade": (
            {
                "class": grade["grade_class"],
                "score": decision.get("score"),
                "rulebook_version": grade.get("rulebook_version"),
                "explanation": public_explanation(
                    grade.get("explanation"), public_ids, names, decision.get("score")
                ),
            }
            if grade
            else None
        ),
        "listings": listings,
        "records": records,
        "objection_marks": marks,
        "commitments": r.commitments(sid),
        "as_of": {"date": today.isoformat()},
    }
