"""Auditors: a subject and the lists as the service showed them at a past instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import and_, func, or_, select

from adapters.files.tables import list_entries, subject_summary
from adapters.grading.tables import list_versions
from api import answers_reads as more
from api.auth import ServicesDep, require
from api.routes.subjects import PURPOSES
from api.views import subject_out
from application.ports import Actor
from domain.errors import UnknownSubjectError
from domain.grades import GradeState
from domain.time import service_day, stored_instant
from domain.vocabulary import ListName

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


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, "valid_on: a date YYYY-MM-DD") from None


@router.get("/subjects/{id}", response_model=more.SubjectAsOf)
def subject_as_of(
    id: str,
    actor: Auditor,
    services: ServicesDep,
    as_of: Annotated[str | None, Query()] = None,
    valid_on: Annotated[str | None, Query()] = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    matter: Annotated[str | None, Query(max_length=16)] = None,
    purpose: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """The file as the service showed it at `as_of` (default now): events stamped up to then,
    `class`/`score` as recorded then, `computed` under the rulebook in force on that day, `status`
    from the listings in force, `measures` of the catalogue then in force (every agency and matter
    unless `agency`/`matter` narrow them). With `valid_on=D`: what was true on D by decision dates,
    as known at `as_of` (class and score computed on D)."""
    instant = parse_instant(as_of, services)
    replay = services.replay
    found = replay.subject_at(services.files.subject_id_of(id), instant=instant)
    if found is None:
        raise UnknownSubjectError("the subject was not registered at that instant", "as_of")
    subject = found.subject
    replay.reveal(subject)
    if valid_on is None:
        day = service_day(instant)
        computed = replay.rulebook_grade(subject, day)
        out = subject_out(subject, actor, day)
        answer = replay.answer(replay.decision(subject, instant, day, agency, matter))
    else:
        day = parse_day(valid_on)
        view, computed = replay.valid_on(subject, day)
        view.grade_state = (
            GradeState(computed.score, computed.grade_class, unrated_reason=computed.unrated_reason)
            if computed
            else None
        )
        out = subject_out(view, actor, day)
        answer = replay.answer(replay.decision(view, instant, day, agency, matter))
        out["grade"] = None
        out["valid_on"] = day.isoformat()
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
    # the decision on the replayed file (the listings stay the file's, every one with its state)
    out.update({k: v for k, v in answer.items() if k != "listings"})
    out["as_of"] = {"time": instant.isoformat(), "position": found.position}
    if subject.is_natural_person and not subject.personal_data_erased:
        # the full name goes to auditors: PIPL wants every such access logged
        why = purpose or PURPOSES.get(actor.role, actor.role)
        services.pii_log.record(actor, str(subject.id), why, ["name"])
    return out


@router.get("/checks/{check_id}/replay", response_model=more.CheckReplayed)
def replay_check(check_id: str, actor: Auditor, services: ServicesDep) -> dict[str, Any]:
    """Re-answers a logged check from the event history at its log position and time, and
    compares each subject's answer with what the log kept."""
    logged = services.joint.logged_check(check_id)
    return services.replay.replay_check(logged)


def list_version_at(conn: Any, name: str, instant: datetime) -> int:
    v = list_versions.c
    return int(
        conn.execute(
            select(func.coalesce(func.max(v.version), 0)).where(
                and_(v.list == name, v.changed_at <= instant)
            )
        ).scalar_one()
    )


def entries_at(
    conn: Any, name: str, instant: datetime, day: date | None = None
) -> list[dict[str, Any]]:
    """Entries in force at `instant`; with `day`, entries in force on that date by their
    since/until and delisting dates, as known at `instant`."""
    e, s = list_entries.c, subject_summary.c
    if day is None:
        when = and_(e.valid_from <= instant, or_(e.valid_to.is_(None), e.valid_to > instant))
    else:
        next_day = datetime.combine(day + timedelta(days=1), time.min, UTC)
        when = and_(
            e.valid_from <= instant,
            e.valid_from < next_day,
            # ended by the day only if the end was known at the instant
            or_(e.valid_to.is_(None), e.valid_to > instant, e.valid_to >= next_day),
            or_(e.until.is_(None), e.until >= day),
        )
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
        .where(and_(e.list == name, when))
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
            "since": _iso(r.valid_from),
            "until": r.until.isoformat() if r.until else None,
        }
        for r in rows
    ]


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return stored_instant(value).isoformat()


@router.get("/lists/{list_name}", response_model=more.ListAsOf)
def list_as_of(
    list_name: ListName,
    actor: Auditor,
    services: ServicesDep,
    as_of: Annotated[str | None, Query()] = None,
    valid_on: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    # UTC: SQLite keeps UTC wall times without their offset
    instant = parse_instant(as_of, services).astimezone(UTC)
    day = parse_day(valid_on) if valid_on is not None else None
    with services.engine.connect() as conn:
        out = {
            "list": list_name,
            "as_of": instant.isoformat(),
            "version": list_version_at(conn, list_name, instant),
            "entries": entries_at(conn, list_name, instant, day),
        }
    if day is not None:
        out["valid_on"] = day.isoformat()
    return out
