"""Reading a subject's file, as the caller may see it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from api import answers
from api.auth import ServicesDep, require
from api.views import FULL_ROLES, subject_out
from application.ports import Actor

router = APIRouter(prefix="/v1", tags=["subjects"])
Reader = Annotated[
    Actor, Depends(require("provider", "agency", "reviewer", "auditor", "admin", "subject"))
]


PURPOSES = {"subject": "own_file", "auditor": "audit", "admin": "administration"}


@router.get("/subjects/{id}", response_model=answers.SubjectFile)
def get_subject(
    id: str,
    actor: Reader,
    services: ServicesDep,
    purpose: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    subject = services.files.get_subject(id)
    sid = str(subject.id)
    if actor.role == "subject" and actor.subject_id != sid:
        raise HTTPException(403, "a subject key reads only its own file")
    out = subject_out(subject, actor, services.files.today())
    full = actor.subject_id == sid or actor.role in FULL_ROLES
    if subject.is_natural_person and full and not subject.personal_data_erased:
        # a natural person's full name is returned: PIPL wants every such access logged
        why = purpose or PURPOSES.get(actor.role, actor.role)
        services.pii_log.record(actor, sid, why, ["name"])
    return out
