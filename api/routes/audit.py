"""Auditors: the stored history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from adapters.audit.bundle import build_bundle
from api import answers
from api import answers_reads as more
from api.auth import ServicesDep, require
from application.credit_files import StoredEventView
from application.ports import Actor
from domain.identifiers import mask_id_number
from domain.input_rules import clip_depth

router = APIRouter(prefix="/v1/audit", tags=["auditors"])
Auditor = Annotated[Actor, Depends(require("auditor", "admin"))]


@router.get("/subjects/{id}/events", response_model=list[answers.StoredEvent])
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
    return clip_depth(e.data)  # as deep as reads show (stored before the input policy's limits)


@router.get("/verify", response_model=answers.ChainVerified)
def verify(actor: Auditor, services: ServicesDep) -> dict[str, Any]:
    """Recompute the hash chain from the stored events: ok, how many, the head link, and on
    failure the first broken position."""
    return services.chain.verify().as_dict()


@router.get("/subjects/{id}/bundle", responses=answers.documented(more.Bundle))
def subject_bundle(id: str, actor: Auditor, services: ServicesDep) -> JSONResponse:
    """The subject's stored events, chain links and latest checkpoint (see `verify-bundle`)."""
    bundle = build_bundle(services.files, services.chain, id, services.clock.now())
    headers = {"Content-Disposition": f'attachment; filename="bundle-{bundle["subject_id"]}.json"'}
    return JSONResponse(bundle, headers=headers)
