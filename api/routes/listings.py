"""Reviewers decide listing proposals: cancel during the advance-notice window, or confirm."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from adapters.files.tables import list_entries
from api import answers
from api.auth import ServicesDep, require
from api.schemas import ListingDecisionBody
from application.ports import Actor
from domain.listings import UnknownListingError

router = APIRouter(prefix="/v1", tags=["reviewers"])
Reviewer = Annotated[Actor, Depends(require("reviewer", "admin"))]


def subject_of_listing(services: Any, listing_id: str) -> str:
    with services.engine.connect() as conn:
        sid = conn.execute(
            select(list_entries.c.subject_id).where(list_entries.c.listing_id == listing_id)
        ).scalar()
    if sid is None:
        raise UnknownListingError(f"no listing {listing_id}", field="listing_id")
    return str(sid)


@router.post("/listings/{listing_id}/decision", response_model=answers.ListingDecided)
def decide_listing(
    listing_id: str, body: ListingDecisionBody, actor: Reviewer, services: ServicesDep
) -> dict[str, Any]:
    subject_id = subject_of_listing(services, listing_id)
    grading = services.grading
    position = grading.decide_listing(subject_id, listing_id, body.action, body.reasons, actor)
    services.worker.wake()
    item = services.files.get_subject(subject_id).listing(listing_id)
    return {
        "listing_id": listing_id,
        "subject_id": subject_id,
        "status": item["status"],
        "position": position,
    }
