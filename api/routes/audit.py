"""Auditors: the stored history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from api.auth import ServicesDep, require
from application.ports import Actor

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
            "data": e.data,
        }
        for e in services.files.get_events(id)
    ]
