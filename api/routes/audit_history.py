"""Auditors: a subject and the lists as the service showed them at a past instant."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import and_, func, or_, select

from adapters.tables import list_entries, list_versions, subject_summary
from api.auth import ServicesDep, require
from api.views import subject_out
from application.grading import utc_day
from application.ports import Actor

router = APIRouter(prefix="/v1/audit", tags=["auditors"])
Auditor = Annotated[Actor, Depends(require("auditor", "admin"))]


def parse_instant(value: str | None, services: Any) -> datetime:
    if value is None:
        return services.clock.now()  # type: ignore[no-any-return]
    try:
        # a "+" left unencoded in a query string arrives as a space
        instant = datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError:
        raise HTTPException(422, "as_of: an RFC 3339 instant with offset") from None
    if instant.tzinfo is None:
        raise HTTPException(422, "as_of: the instant needs an offset")
    return instant


@router.get("/subjects/{id}")
def subject_as_of(
    id: str,
    actor: Auditor,
    services: ServicesDep,
    as_of: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    """Replays the subject's events recorded up to `as_of`; `class` is the grade the service
    had recorded then, `computed` the grade function under the rulebook in force on that day."""
    instant = parse_instant(as_of, services)
    found = services.extras["grade_audit"].subject_as_of(id, instant)
    out = subject_out(found.subject, actor, utc_day(instant))
    computed = found.computed
    out["as_of"] = {"time": instant.isoformat(), "position": found.position}
    out["computed"] = (
        {
            "class": computed.grade_class,
            "score": computed.score,
            "rulebook_version": computed.rulebook_version,
            "explanation": computed.explanation,
        }
        if computed
        else None
    )
    out["rulebook_version"] = computed.rulebook_version if computed else None
    return out


def list_version_at(conn: Any, name: str, instant: datetime) -> int:
    v = list_versions.c
    return int(
        conn.execute(
            select(func.coalesce(func.max(v.version), 0)).where(
                and_(v.list == name, v.changed_at <= instant)
            )
        ).scalar_one()
    )


def entries_at(conn: Any, name: str, instant: datetime) -> list[dict[str, Any]]:
    e, s = list_entries.c, subject_summary.c
    rows = conn.execute(
        select(
            e.listing_id,
            e.subject_id,
            s.uscc,
            s.display_name,
            e.rule_id,
            e.rulebook_version,
            e.reasons,
            e.basis_record_ids,
            e.legal_basis,
            e.removal_conditions,
            e.valid_from,
            e.valid_to,
            e.until,
            e.ended_reason,
        )
        .join(subject_summary, s.subject_id == e.subject_id, isouter=True)
        .where(
            and_(
                e.list == name,
                e.valid_from <= instant,
                or_(e.valid_to.is_(None), e.valid_to > instant),
            )
        )
        .order_by(e.valid_from, e.listing_id)
    ).all()
    return [
        {
            "listing_id": r.listing_id,
            "subject": {"subject_id": r.subject_id, "uscc": r.uscc, "name": r.display_name},
            "rule_id": r.rule_id,
            "rulebook_version": r.rulebook_version,
            "reasons": r.reasons,
            "basis_record_ids": r.basis_record_ids,
            "legal_basis": r.legal_basis,
            "removal_conditions": r.removal_conditions,
            "since": r.valid_from.isoformat() if r.valid_from else None,
            "until": r.until.isoformat() if r.until else None,
        }
        for r in rows
    ]


@router.get("/lists/{list_name}")
def list_as_of(
    list_name: Literal["black", "focus", "red"],
    actor: Auditor,
    services: ServicesDep,
    as_of: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    instant = parse_instant(as_of, services)
    with services.engine.connect() as conn:
        return {
            "list": list_name,
            "as_of": instant.isoformat(),
            "version": list_version_at(conn, list_name, instant),
            "entries": entries_at(conn, list_name, instant),
        }
