"""Reading a subject's file, as the caller may see it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from api.auth import ServicesDep, require
from api.views import subject_out
from application.ports import Actor

router = APIRouter(prefix="/v1", tags=["subjects"])
Reader = Annotated[
    Actor, Depends(require("provider", "agency", "reviewer", "auditor", "admin", "subject"))
]


@router.get("/subjects/{id}")
def get_subject(id: str, actor: Reader, services: ServicesDep) -> dict[str, Any]:
    subject = services.files.get_subject(id)
    if actor.role == "subject" and actor.subject_id != str(subject.id):
        raise HTTPException(403, "a subject key reads only its own file")
    return subject_out(subject, actor, services.files.today())
