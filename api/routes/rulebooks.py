"""Administrators: the rulebooks loaded, and what-if runs of a draft rulebook."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from adapters.grading.rulebook_data import parse_rulebook
from adapters.grading.sweeps import all_subject_ids
from api import answers_reads as more
from api.auth import ServicesDep, require
from application.ports import Actor
from domain.errors import DomainError, InvalidInputError

router = APIRouter(prefix="/v1/admin", tags=["administrators"])
Admin = Annotated[Actor, Depends(require("admin"))]
Reader = Annotated[Actor, Depends(require("admin", "auditor"))]


@router.get("/rulebooks", response_model=more.Rulebooks)
def rulebooks(actor: Reader, services: ServicesDep) -> dict[str, Any]:
    today = services.files.today()
    history = services.rulebooks
    in_force = services.grading.rulebook_on(today)
    return {
        "in_force": in_force.version if in_force else None,
        "versions": [
            {"version": v.version, "effective_from": v.effective_from.isoformat()}
            for v in history.versions()
        ],
    }


@router.post("/rulebooks:simulate", response_model=more.RulebookSimulated)
def simulate(
    actor: Admin, services: ServicesDep, draft: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    """The body is a rulebook document as in policy/rulebook/*.yaml (JSON); nothing changes."""
    body = {"version": "draft", **draft}
    try:
        rulebook = parse_rulebook(body)
    except DomainError as e:
        raise InvalidInputError(e.message, field=e.field or "rulebook") from None
    except (ValueError, TypeError, KeyError, AttributeError) as e:
        raise InvalidInputError(str(e), field="rulebook") from None
    services.runner.catch_up(only=["subject_summary"])
    return services.grade_audit.simulate(rulebook, all_subject_ids(services.engine))
