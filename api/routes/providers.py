"""Providers: register subjects, submit records one by one or in batches, revoke, correct."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import Field, ValidationError
from starlette.concurrency import run_in_threadpool

from api import answers, input_policy
from api.auth import ServicesDep, require
from api.input_policy import Errors
from api.schemas import CorrectBody, RecordBody, RegisterSubject, RevokeBody
from application import commands
from application.ports import Actor
from application.records import RECORD_FIELDS

router = APIRouter(prefix="/v1", tags=["providers"])
Provider = Annotated[Actor, Depends(require("provider", "admin"))]


def _wake(services: Any) -> None:
    services.worker.wake()


@router.post("/subjects", status_code=201, response_model=answers.SubjectRegistered)
def register_subject(
    body: RegisterSubject, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    fields = body.model_dump(exclude_none=True, exclude={"commitment"})
    command = commands.RegisterSubject.of(fields)
    reg = services.files.register_subject(command, actor)
    if body.commitment is not None:
        # an access commitment (信用承诺) made with the registration
        services.commitments.make_commitment(
            reg.subject_id, body.commitment.kind, body.commitment.text, key="access:registration"
        )
    _wake(services)
    return {"subject_id": reg.subject_id, "uscc": reg.uscc, "position": reg.position}


@router.post("/subjects/{id}/records", status_code=201, response_model=answers.RecordAccepted)
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


class BatchRow(RecordBody):
    """A batch row: a record with its subject's USCC (unknown fields refused as in one record)."""

    subject: str = Field(min_length=1, max_length=64)


# the columns of a CSV batch: a record's fields, its subject, and its content (a JSON object in
# `content`, or one `content.<name>` column a field)
CSV_COLUMNS = ("subject", *RECORD_FIELDS)
CSV_REQUIRED = ("subject", "record_id", "catalogue_code", "decided_on")
CHARSETS = {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "gbk": "gbk", "gb18030": "gb18030"}

Row = tuple[int, dict[str, Any] | Errors]


def _row_errors(row: dict[str, Any]) -> Errors:
    """What the input policy and the record's schema refuse in one row (nothing: [])."""
    errors = input_policy.refusals(row)
    if errors:
        return errors
    try:
        BatchRow.model_validate(row)
    except ValidationError as e:
        return [(".".join(str(p) for p in err["loc"]) or "row", err["msg"]) for err in e.errors()]
    return []


def _ndjson_rows(text: str) -> Iterator[Row]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = input_policy.parse_json(line)
        except input_policy.InputRefusedError as e:
            yield n, [("row", e.detail)]
            continue
        if not isinstance(row, dict):
            yield n, [("row", "each line must be a JSON object")]
            continue
        errors = _row_errors(row)
        yield n, errors or row


def _csv_header(fieldnames: Sequence[str] | None) -> None:
    """A CSV batch starts with its header row: one error for the file if it does not."""
    if not fieldnames:
        raise _file_error("header", "the CSV is empty: it starts with a header row")
    unknown = [c for c in fieldnames if c not in CSV_COLUMNS and not c.startswith("content.")]
    missing = [c for c in CSV_REQUIRED if c not in fieldnames]
    if unknown:
        raise _file_error(
            "header",
            f"unknown columns {', '.join(repr(c) for c in unknown[:5])}: the first row must be "
            f"the header ({', '.join(CSV_COLUMNS)}, content.<name>)",
        )
    if missing:
        raise _file_error("header", f"missing columns: {', '.join(missing)}")
    repeated = sorted({c for c in fieldnames if fieldnames.count(c) > 1})
    if repeated:
        raise _file_error("header", f"repeated columns: {', '.join(repeated)}")


def _file_error(field: str, message: str) -> input_policy.InputRefusedError:
    return input_policy.InputRefusedError(422, message, [(field, message)], "validation")


def _csv_rows(text: str) -> Iterator[Row]:
    """The rows after the header (checked first: a bad header refuses the whole file)."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as e:
        raise _file_error("header", f"not a CSV: {e}") from None
    _csv_header(fieldnames)
    return _csv_data(reader)


def _csv_data(reader: csv.DictReader[str]) -> Iterator[Row]:
    n = 0
    while True:
        n += 1
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield n, [("row", f"not a CSV row: {e}")]
            continue
        if None in raw:
            yield n, [("row", "more cells than header columns")]
            continue
        errors = input_policy.text_refusals((k, v) for k, v in raw.items() if v)
        if errors:
            yield n, errors
            continue
        yield n, _csv_record(raw)


def _csv_record(raw: dict[str, Any]) -> dict[str, Any] | Errors:
    row: dict[str, Any] = {}
    content: dict[str, Any] = {}
    for key, value in raw.items():
        if value in (None, ""):
            continue
        if key == "content":
            try:
                parsed = input_policy.parse_json(value)
            except input_policy.InputRefusedError:
                return [("content", "not a JSON object")]
            if not isinstance(parsed, dict):
                return [("content", "not a JSON object")]
            content.update(parsed)
        elif key.startswith("content."):
            content[key.removeprefix("content.")] = value
        else:
            row[key] = value
    row["content"] = content
    return _row_errors(row) or row


def parse_batch(content_type: str, raw: bytes) -> Iterator[Row]:
    """The rows of a batch body; a body the policy refuses whole raises InputRefusedError (or
    HTTPException 415 for a media type or charset not served)."""
    media, _, params = content_type.partition(";")
    media = media.strip().lower()
    charset = "utf-8"
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    codec = CHARSETS.get(charset)
    if codec is None:
        raise HTTPException(415, f"charset {charset!r}: send utf-8, gbk or gb18030")
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as e:
        message = f"not valid {charset} at byte {e.start} (declare charset=gbk or gb18030)"
        raise _file_error("body", message) from None
    if media in ("application/x-ndjson", "application/jsonl", "application/json-seq"):
        return _ndjson_rows(text)
    if media == "text/csv":
        return _csv_rows(text)
    raise HTTPException(415, "send application/x-ndjson or text/csv")


@router.post("/records:batch", response_model=answers.BatchOutcome)
async def add_records_batch(
    request: Request, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    raw = await request.body()
    return await run_in_threadpool(
        _run_batch, services, request.headers.get("content-type", ""), raw, actor
    )


def _run_batch(services: Any, content_type: str, raw: bytes, actor: Actor) -> dict[str, Any]:
    rows = list(parse_batch(content_type, raw))
    good = [(n, r) for n, r in rows if isinstance(r, dict)]
    bad = [
        {"row": n, "errors": [{"field": f, "message": m} for f, m in r]}
        for n, r in rows
        if not isinstance(r, dict)
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


@router.post("/records/{record_id}:revoke", response_model=answers.RecordChanged)
def revoke_record(
    record_id: str, body: RevokeBody, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    position = services.files.revoke_record(record_id, body.reason, actor)
    _wake(services)
    return {"record_id": record_id, "status": "revoked", "position": position}


@router.post("/records/{record_id}:correct", response_model=answers.RecordChanged)
def correct_record(
    record_id: str, body: CorrectBody, actor: Provider, services: ServicesDep
) -> dict[str, Any]:
    position = services.files.correct_record(record_id, body.changes, body.reason, actor)
    _wake(services)
    return {"record_id": record_id, "status": "corrected", "position": position}
