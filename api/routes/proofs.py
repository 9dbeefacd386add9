"""Published proofs (no key): signed checkpoints and the public keys; administrators: a checkpoint
now, and erasing a natural person's personal data."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from api import answers_reads as more
from api.auth import ServicesDep, require
from api.deps import ChainDep
from api.schemas import Strict
from application.ports import Actor
from domain.input_rules import MAX_SAFE_INTEGER

router = APIRouter(tags=["proofs and personal data"])
Admin = Annotated[Actor, Depends(require("admin"))]


class EraseBody(Strict):
    reason: str = Field(min_length=1, max_length=2000)


@router.get("/v1/public/checkpoints", response_model=more.Checkpoints)
def public_checkpoints(
    chain: ChainDep,
    after: Annotated[int, Query(ge=0, le=MAX_SAFE_INTEGER)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Signed checkpoints of the event log's hash chain, oldest first after `after` (a seq)."""
    items = chain.list_checkpoints(after=after, limit=limit)
    return {"checkpoints": items, "next": items[-1]["seq"] if items else after}


@router.get("/v1/public/keys", response_model=more.PublicKeys)
def public_keys(chain: ChainDep) -> dict[str, Any]:
    """The Ed25519 public keys (base64 raw) that sign checkpoints and check receipts."""
    return {"keys": chain.public_keys()}


@router.post("/v1/admin/checkpoints", status_code=201, response_model=more.Checkpoint)
def make_checkpoint(actor: Admin, chain: ChainDep) -> dict[str, Any]:
    """Link every stored event now and sign the head (200 with the latest when nothing is new)."""
    while chain.follow():
        pass
    return chain.checkpoint() or chain.latest_checkpoint() or {}


@router.post("/v1/admin/subjects/{id}:erase", response_model=more.Erased)
def erase_subject(id: str, body: EraseBody, actor: Admin, services: ServicesDep) -> dict[str, Any]:
    done = services.erasure.erase_subject(id, body.reason, actor)
    services.worker.wake()
    return {"subject_id": done.subject_id, "erased": True, "position": done.position}
