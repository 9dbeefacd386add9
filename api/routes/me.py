"""A subject's own file and rights: objections, repairs, evidence, notifications, credit report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from adapters.subject_rights.stores import EvidenceTooLargeError
from api import answers
from api import answers_reads as more
from api.auth import ServicesDep, require
from api.input_policy import refused, text_refusals
from api.own_file import own_file
from api.problems import problem
from api.subject_rights_schemas import ObjectionBody, RepairBody, evidence_refs
from application.ports import Actor
from domain.input_rules import MAX_SAFE_INTEGER

router = APIRouter(prefix="/v1/me", tags=["subjects"])
SubjectKey = Annotated[Actor, Depends(require("subject"))]
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=select_autoescape(["html"]),
)


def _own(actor: Actor) -> str:
    if not actor.subject_id:
        raise HTTPException(403, "this key is not bound to a subject")
    return actor.subject_id


def _file(actor: Actor, services: Any) -> dict[str, Any]:
    subject = services.files.get_subject(_own(actor))
    grade = services.rights.grades_reader.grade(str(subject.id))
    return own_file(subject, actor, services.files.today(), grade)


@router.get("", response_model=answers.OwnFile)
def get_me(actor: SubjectKey, services: ServicesDep) -> dict[str, Any]:
    return _file(actor, services)


@router.post("/objections", status_code=201, response_model=answers.ObjectionFiled)
def file_objection(body: ObjectionBody, actor: SubjectKey, services: ServicesDep) -> dict[str, Any]:
    evidence = services.rights.evidence.resolve(_own(actor), evidence_refs(body.evidence))
    result = services.rights.objections.file_objection(
        actor, body.record_id, body.listing_id, body.grounds, body.statement, evidence
    )
    services.worker.wake()
    return {
        "objection_id": result.objection_id,
        "due_by": result.due_by,
        "position": result.position,
    }


@router.post("/repairs", status_code=201, response_model=answers.RepairFiled)
def request_repair(body: RepairBody, actor: SubjectKey, services: ServicesDep) -> dict[str, Any]:
    evidence = services.rights.evidence.resolve(_own(actor), evidence_refs(body.evidence))
    result = services.rights.repairs.request_repair(
        actor, body.record_id, body.listing_id, body.commitment, evidence
    )
    services.worker.wake()
    return {
        "repair_id": result.repair_id,
        "accept_by": result.accept_by,
        "commitment_id": result.commitment_id,
        "position": result.position,
    }


@router.post(
    "/evidence",
    status_code=201,
    response_model=None,
    responses=answers.documented(more.EvidenceStored, 201),
)
async def upload_evidence(
    request: Request,
    actor: SubjectKey,
    services: ServicesDep,
    name: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    """A multipart upload (field `file`) or the raw body (name in `?name=`)."""
    subject_id = _own(actor)
    store = services.rights.evidence
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > store.max_bytes + 64 * 1024:
        return _too_large(store.max_bytes)
    media = request.headers.get("content-type", "application/octet-stream")
    if media.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(422, "file: send the evidence in a multipart field named file")
        data = await upload.read()
        name = name or upload.filename
        media = upload.content_type or "application/octet-stream"
    else:
        data = await request.body()
    errors = text_refusals(iter([("name", name or ""), ("content_type", media)]))
    if errors:
        raise refused(errors)  # a file name or media type is a text like any other
    try:
        return await run_in_threadpool(store.save, subject_id, name or "evidence", media, data)
    except EvidenceTooLargeError as e:
        return _too_large(e.limit)


def _too_large(limit: int) -> Any:
    message = f"an evidence file may hold at most {limit} bytes"
    return problem(413, message, [{"field": "file", "message": message}])


@router.get("/notifications", response_model=more.Notifications)
def notifications(
    actor: SubjectKey,
    services: ServicesDep,
    after: Annotated[int, Query(ge=0, le=MAX_SAFE_INTEGER)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    items = services.rights.subject_notifications.feed(_own(actor), after, limit)
    return {"notifications": items, "next": items[-1]["id"] if items else after}


def _issue(actor: Actor, services: Any, fmt: str) -> tuple[dict[str, Any], dict[str, Any]]:
    content = _file(actor, services)
    report = services.rights.credit_reports.issue(
        _own(actor), content, services.files.clock.now(), fmt
    )
    report["verify_url"] = f"/v1/public/reports/{report['code']}"
    return report, content


@router.get("/report", response_model=more.CreditReport)
def report_json(actor: SubjectKey, services: ServicesDep) -> dict[str, Any]:
    report, content = _issue(actor, services, "json")
    return {"report": report, "file": content}


@router.get("/report.html", response_class=HTMLResponse)
def report_html(actor: SubjectKey, services: ServicesDep) -> HTMLResponse:
    report, content = _issue(actor, services, "html")
    html = TEMPLATES.get_template("credit_report.html").render(report=report, file=content)
    return HTMLResponse(html)
