"""Anyone can verify a credit report by its code (no key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from api import answers_reads as more
from api.auth import ServicesDep
from domain.identifiers import mask_name

router = APIRouter(prefix="/v1/public", tags=["public"])


@router.get("/reports/{code}", response_model=more.ReportVerified)
def verify_report(
    code: str,
    services: ServicesDep,
    content_hash: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    found = services.rights.credit_reports.find(code)
    if found is None:
        raise HTTPException(404, "no credit report has this verification code")
    subject = services.files.get_subject(found["subject_id"])
    name = mask_name(subject.name) if subject.is_natural_person else subject.name
    valid = found["valid"] and (content_hash is None or content_hash == found["content_hash"])
    return {
        "code": code,
        "valid": valid,
        "subject": {"name": name, "uscc": subject.uscc, "kind": subject.kind},
        "issued_at": found["issued_at"].isoformat(),
        "format": found["format"],
        "content_hash": found["content_hash"],
    }
