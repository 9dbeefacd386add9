"""Public JSON (no key): search, a subject's public information, and the lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from api import answers
from api import answers_reads as more
from api.auth import ServicesDep
from api.portal.public_view import public_subject, reads
from domain.vocabulary import ListName, Sector

router = APIRouter(prefix="/v1/public", tags=["public"])


def _subject_item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject_id": row["subject_id"],
        "uscc": row["uscc"],
        "name": row["display_name"],
        "kind": row["kind"],
        "sectors": row["sectors"],
        "region": row["region"],
    }


@router.get("/subjects", response_model=None, responses=answers.documented(answers.PublicSearch))
def search_subjects(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    page: Annotated[int, Query(ge=1, le=500)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """A USCC matches exactly; a name matches wherever the query occurs in it (any length)."""
    found = reads(services).search(q, page, size)
    return {
        "q": q,
        "page": found.page,
        "size": found.size,
        "has_more": found.has_more,
        "subjects": [_subject_item(r) for r in found.items],
    }


@router.get("/subjects/{uscc}", response_model=more.PublicSubject)
def get_public_subject(uscc: str, services: ServicesDep) -> dict[str, Any]:
    subject = public_subject(services, uscc)
    if subject is None:
        raise HTTPException(404, "no such subject")
    return subject


@router.get("/lists/{list_name}", response_model=more.PublicList)
def get_public_list(
    list_name: ListName,
    services: ServicesDep,
    sector: Sector | None = None,
    region: Annotated[str | None, Query(pattern=r"^\d{2}(\d{4})?$")] = None,
    page: Annotated[int, Query(ge=1, le=10000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Subjects listed now; `region` is a province (2 digits) or a division (6 digits)."""
    r = reads(services)
    found = r.list_page(list_name, sector, region, page, size)
    return {
        "list": list_name,
        "version": r.list_version(list_name),
        "page": found.page,
        "size": found.size,
        "total": found.total,
        "entries": [
            {
                "listing_id": e["listing_id"],
                "subject": _subject_item(e),
                "since": e["valid_from"],
                "until": e["until"],
                "legal_basis": e["legal_basis"],
                "reasons": e["reasons"],
                "rulebook_version": e["rulebook_version"],
            }
            for e in found.items
        ],
    }
