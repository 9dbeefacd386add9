"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from adapters.core.parking import parked_views
from api import answers
from api import answers_reads as more
from api.auth import ServicesDep

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=answers.Health)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=None,
    responses={
        **answers.documented(more.Ready),
        503: {"model": more.Unready, "description": "the database does not answer"},
    },
)
def readyz(services: ServicesDep) -> dict[str, Any] | JSONResponse:
    try:
        with services.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as e:  # noqa: BLE001 - readiness reports any database failure
        return JSONResponse({"status": "unavailable", "database": str(e)}, status_code=503)
    parked = parked_views(services.engine)
    return {
        # degraded: a view stopped at an event it cannot apply (the others go on); it resumes
        # after a fix with `credit-energy rebuild VIEW` or a restart of the worker
        "status": "degraded" if parked else "ready",
        "position": services.files.position(),
        "views": services.runner.positions(),
        "degraded": [p.as_dict() for p in parked.values()],
        "worker_active": services.worker.active,
    }
