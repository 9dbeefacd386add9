"""Administrators: the manual clock and sweeps (only with CREDIT_CLOCK=manual)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from api import answers
from api.auth import ServicesDep, require
from api.schemas import ClockBody
from application.ports import Actor

router = APIRouter(prefix="/v1/admin", tags=["administrators"])
Admin = Annotated[Actor, Depends(require("admin"))]


def _manual_clock(services: Any) -> Any:
    if not getattr(services.clock, "manual", False):
        raise HTTPException(404, "the service clock is not manual")
    return services.clock


@router.put("/clock", response_model=answers.ClockSet)
def set_clock(body: ClockBody, actor: Admin, services: ServicesDep) -> dict[str, Any]:
    clock = _manual_clock(services)
    try:
        instant = datetime.fromisoformat(body.now)
    except ValueError:
        raise HTTPException(422, "now: an RFC 3339 instant with offset") from None
    if instant.tzinfo is None:
        raise HTTPException(422, "now: the instant needs an offset")
    return {"now": clock.set(instant).isoformat()}


@router.post("/sweeps:run", response_model=answers.SweepsRun)
def run_sweeps(actor: Admin, services: ServicesDep) -> dict[str, Any]:
    _manual_clock(services)
    # views first, so sweeps read a current state; then let views and policies see their events
    services.runner.catch_up()
    results = services.sweeps.run_all()
    while services.worker.step():
        pass
    return {"now": services.clock.now().isoformat(), "sweeps": results}
