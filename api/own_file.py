"""The subject's own file (GET /v1/me, the credit report): everything, public or not."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi.encoders import jsonable_encoder

from api.views import subject_out
from application.ports import Actor
from domain.objections import Objection
from domain.repairs import Repair
from domain.subject import MarketSubject


def _overdue(due: str | None, today: date) -> bool:
    return due is not None and today > date.fromisoformat(due)


def open_cases(subject: MarketSubject, today: date) -> list[dict[str, Any]]:
    cases = []
    for kind, items in (("objection", subject.objections), ("repair", subject.repairs)):
        for item in items.values():
            due = subject.case_deadline(item)
            if due is None:
                continue
            cases.append(
                {
                    "case_kind": kind,
                    "case_id": item.objection_id if isinstance(item, Objection) else item.repair_id,
                    "record_id": item.record_id,
                    "listing_id": item.listing_id,
                    "stage": item.status,
                    "due_by": due,
                    "overdue": _overdue(due, today),
                }
            )
    return sorted(cases, key=lambda c: (c["due_by"], c["case_id"]))


def own_deadlines(subject: MarketSubject, today: date) -> list[dict[str, Any]]:
    """The subject's own deadlines: windows to object to a listing proposal."""
    return [
        {
            "kind": "objection_window",
            "listing_id": item["listing_id"],
            "deadline": item["objection_deadline"],
            "passed": _overdue(item["objection_deadline"], today),
        }
        for item in subject.listings.values()
        if item["status"] == "proposed"
    ]


def _case_out(item: Objection | Repair) -> dict[str, Any]:
    """An objection or a repair as the subject sees it (not which deadlines were escalated)."""
    out = asdict(item)
    del out["escalated_for"]
    return out


def own_file(
    subject: MarketSubject, actor: Actor, today: date, grade: dict[str, Any] | None
) -> dict[str, Any]:
    out = subject_out(subject, actor, today)
    out["listings"] = [dict(item) for item in subject.listings.values()]
    out["objection_marks"] = subject.objection_marks()
    out["objections"] = [_case_out(item) for item in subject.objections.values()]
    out["repairs"] = [_case_out(item) for item in subject.repairs.values()]
    out["commitments"] = [asdict(c) for c in subject.commitments.values()]
    out["open_cases"] = open_cases(subject, today)
    out["deadlines"] = own_deadlines(subject, today)
    if grade is not None:
        out["class"] = grade.get("grade_class")
        out["grade"] = {
            "score": grade.get("score"),
            "class": grade.get("grade_class"),
            "rulebook_version": grade.get("rulebook_version"),
            "explanation": grade.get("explanation"),
        }
    else:
        out["grade"] = None
    out["as_of"] = today.isoformat()
    return jsonable_encoder(out)
