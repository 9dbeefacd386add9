"""Administrators: the API keys (listed without secrets) and their revocation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from api import answers
from api import answers_reads as more
from api.auth import ServicesDep, require
from application.ports import Actor

router = APIRouter(prefix="/v1/admin", tags=["administrators"])
Admin = Annotated[Actor, Depends(require("admin"))]
KeyId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="a key's id (ce_<key_id>_…)")]


@router.get("/keys", response_model=answers.Keys)
def list_keys(actor: Admin, services: ServicesDep) -> dict[str, Any]:
    return {"keys": [k.as_dict() for k in services.keys.list()]}


@router.delete("/keys/{key_id}", response_model=more.KeyRevoked)
def revoke_key(key_id: KeyId, actor: Admin, services: ServicesDep) -> dict[str, Any]:
    """Refused (401) by every process within 2 s; the key's portal sessions end at once."""
    revoked = services.keys.revoke(key_id)
    services.portal_sessions.end_for_key(key_id)
    return revoked.as_dict()
