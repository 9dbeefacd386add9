"""Providers: register subjects, submit records one by one or in batches, revoke, correct."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from api.auth import ServicesDep, require
from api.schemas import CorrectBody, RecordBody, RegisterSubject, RevokeBody
from application.ports import Actor

router = APIRouter(prefix="/v1", tags=["providers"])
Provider = Annotated[Actor, Depends(require("provider", "admin"))]


def _wake(services: Any) -> None:
    services.worker.wake()


@router.post("/subjects", status_code=201)
def register_subject(
    body: RegisterSubject, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    reg = services.files.register_subject(
        body.model_dump(exclude_none=True, exclude={"commitment"}), actor
    )
    if body.commitment is not None:
        # an access commitment (信用承诺) made with the registration
        services.extras["commitments"].make_commitment(
            reg.subject_id, body.commitment.kind, body.commitment.text, key="access:registration"
        )
    _wake(services)
    return {"subject_id": reg.subject_id, "uscc": reg.uscc, "position": reg.position}


@router.post("/subjects/{id}/records", status_code=201)
def add_record(
    id: str, body: RecordBody, actor: Provider, services: ServicesDep, response: Response
) -> dict[str, Any]:
    result = services.files.add_record(id, body.model_dump(), actor)
    if not result.created:
        response.status_code = 200
    _wake(services)
    return {
        "record_id": result.record_id,
        "subject_id": result.subject_id,
        "position": result.position,
        "publicity": result.publicity,
    }


def _ndjson_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield n, f"not valid JSON: {e.msg} at column {e.colno}"
            continue
        yield n, row if isinstance(row, dict) else "each line must be a JSON object"


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    reader = csv.DictReader(io.StringIO(text))
    for n, raw in enumerate(reader, start=1):
        if None in raw:
            yield n, "more cells than header columns"
            continue
        row: dict[str, Any] = {}
        content: dict[str, Any] = {}
        for key, value in raw.items():
            value = value if value not in (None, "") else None
            if key == "content" and value:
                try:
                    content.update(json.loads(value))
                except (json.JSONDecodeError, TypeError, ValueError):
                    yield n, "content: not a JSON object"
                    break
            elif key.startswith("content."):
                if value is not None:
                    content[key.removeprefix("content.")] = value
            elif value is not None:
                row[key] = value
        else:
            row["content"] = content
            yield n, row


def parse_batch(content_type: str, raw: bytes) -> Iterator[tuple[int, dict[str, Any] | str]]:
    media = content_type.split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HTTPException(400, "the body must be UTF-8") from None
    if media in ("application/x-ndjson", "application/jsonl", "application/json-seq"):
        return _ndjson_rows(text)
    if media == "text/csv":
        return _csv_rows(text)
    raise HTTPException(415, "send application/x-ndjson or text/csv")


@router.post("/records:batch")
async def add_records_batch(
    request: Request, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    raw = await request.body()
    rows = list(parse_batch(request.headers.get("content-type", ""), raw))
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_run_batch, services, rows, actor)


def _run_batch(
    services: Any, rows: list[tuple[int, dict[str, Any] | str]], actor: Actor
) -> dict[str, Any]:
    good = [(n, r) for n, r in rows if isinstance(r, dict)]
    bad = [
        {"row": n, "errors": [{"field": "row", "message": r}]}
        for n, r in rows
        if isinstance(r, str)
    ]
    outcome = services.files.add_records(good, actor)
    _wake(services)
    rejected = bad + [
        {"row": r.row, "errors": [{"field": f, "message": m} for f, m in r.errors]}
        for r in outcome.rejected
    ]
    rejected.sort(key=lambda r: r["row"])
    return {
        "accepted": outcome.accepted,
        "duplicates": outcome.duplicates,
        "rejected": rejected,
        "position": outcome.position,
    }


@router.post("/records/{record_id}:revoke")
def revoke_record(
    record_id: str, body: RevokeBody, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    position = services.files.revoke_record(record_id, body.reason, actor)
    _wake(services)
    return {"record_id": record_id, "status": "revoked", "position": position}


@router.post("/records/{record_id}:correct")
def correct_record(
    record_id: str, body: CorrectBody, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    position = services.files.correct_record(record_id, body.changes, body.reason, actor)
    _wake(services)
    return {"record_id": record_id, "status": "corrected", "position": position}
