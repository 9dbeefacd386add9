"""Random inspection draws by supervision class, reproducible by seed and recorded."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from adapters.files.tables import subject_summary
from adapters.grading.tables import grade_view
from api import answers_reads as more
from api.auth import ServicesDep, require
from api.deps import InspectionsDep
from api.schemas import InspectionDrawBody
from application.ports import Actor

router = APIRouter(prefix="/v1", tags=["supervision"])
Drawer = Annotated[Actor, Depends(require("reviewer", "admin"))]
Reader = Annotated[Actor, Depends(require("reviewer", "admin", "auditor"))]


def population(services: Any, sector: str | None, region: str | None) -> dict[str, list[str]]:
    """Graded subjects per class, filtered by sector and region (a prefix of the division)."""
    s, g = subject_summary.c, grade_view.c
    query = select(s.subject_id, s.sectors, s.region, g.grade_class).join(
        grade_view, g.subject_id == s.subject_id
    )
    if region:
        query = query.where(s.region.startswith(region))
    out: dict[str, list[str]] = defaultdict(list)
    with services.engine.connect() as conn:
        for sid, sectors, _region, grade_class in conn.execute(query):
            if sector is None or sector in (sectors or []):
                out[grade_class].append(str(sid))
    return {c: sorted(out.get(c, [])) for c in ("A", "B", "C", "D")}


@router.post("/inspections:draw", status_code=201, response_model=more.InspectionDrawn)
def draw(body: InspectionDrawBody, actor: Drawer, services: ServicesDep) -> dict[str, Any]:
    services.runner.catch_up(only=["subject_summary", "grades"])
    pop = population(services, body.sector, body.region)
    return services.inspections.draw(pop, body.sector, body.region, body.seed, actor.org)


@router.get("/inspections/{draw_id}", response_model=more.InspectionDrawRead)
def get_draw(draw_id: str, actor: Reader, inspections: InspectionsDep) -> dict[str, Any]:
    return inspections.get_draw(draw_id)
