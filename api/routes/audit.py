"""Auditors: the stored history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from api.auth import ServicesDep, require
from application.credit_files import StoredEventView
from application.ports import Actor
from domain.identifiers import mask_id_number

router = APIRouter(prefix="/v1/audit", tags=["auditors"])
Auditor = Annotated[Actor, Depends(require("auditor", "admin"))]


@router.get("/subjects/{id}/events")
def subject_events(id: str, actor: Auditor, services: ServicesDep) -> list[dict[str, Any]]:
    return [
        {
            "position": e.position,
            "version": e.version,
            "type": e.type,
            "recorded_at": e.recorded_at,
            "data": _masked(e),
        }
        for e in services.files.get_events(id)
    ]


def _masked(e: StoredEventView) -> dict[str, Any]:
    """A natural person's ID number is never shown, not even to auditors (PIPL: minimum use)."""
    if e.type == "Registered" and e.data.get("id_type") == "resident_id":
        return {**e.data, "identifier": mask_id_number(e.data["identifier"])}
    return e.data
