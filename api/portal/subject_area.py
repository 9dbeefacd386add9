"""The logged-in area for subjects: login with the API key, own file, objections, repairs,
commitments. Every POST form carries the session's CSRF token (403 without it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import RedirectResponse

from api.auth import authenticate
from api.auth import services as services_of
from api.portal import actions, session
from api.portal.public_view import reads
from api.portal.router import error_page, render
from application.ports import Actor

router = APIRouter(include_in_schema=False)
MAX_TEXT = 4000


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v)[:MAX_TEXT] for k, v in form.items() if isinstance(v, str)}


def _csrf_refused(request: Request, form: dict[str, str]) -> Response | None:
    if session.csrf_ok(request, form.get("csrf_token")):
        return None
    return error_page(request, 403, "表单已失效或来源不明（CSRF 校验失败），请返回刷新页面后重试。")


def _login_required(request: Request) -> session.Session | None:
    current = session.current(request)
    return current if current.logged_in else None


def _to_login() -> Response:
    return RedirectResponse("/login", status_code=303)


def _evidence(text: str) -> list[dict[str, str]]:
    return [{"description": text.strip()}] if text.strip() else []


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html", {"error": None})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await _form(request)
    refused = _csrf_refused(request, form)
    if refused:
        return refused
    key = form.get("api_key", "").strip()
    try:
        actor = await authenticate(request, key or None)  # failures counted per address
    except HTTPException as e:
        if e.status_code == 429:
            return render(request, "login.html", {"error": "尝试次数过多，请稍后再试。"}, 429)
        actor = None
    if actor is None or actor.role != "subject" or not actor.subject_id:
        return render(request, "login.html", {"error": "密钥无效，或不是市场主体的密钥。"}, 401)
    session.login(request, actor)
    response = RedirectResponse("/me", status_code=303)
    session.save(request, response)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await _form(request)
    refused = _csrf_refused(request, form)
    if refused:
        return refused
    session.logout(request)
    response = RedirectResponse("/", status_code=303)
    session.save(request, response)
    return response


@router.get("/me")
async def own_file(request: Request, done: str = "") -> Response:
    current = _login_required(request)
    if current is None:
        return _to_login()
    assert current.actor and current.subject_id
    outcome = await actions.own_file(request.app, current.actor, current.subject_id)
    if outcome.status in (401, 403):
        session.logout(request)
        response = _to_login()
        session.save(request, response)
        return response
    if not outcome.ok or not isinstance(outcome.body, dict):
        return error_page(request, 502, "暂时无法读取您的信用档案，请稍后再试。")
    r = reads(services_of(request))
    sid = current.subject_id
    context = {
        "file": outcome.body,
        "grade": r.grade(sid),
        "listings": r.current_listings(sid),
        "marks": r.objection_marks(sid),
        "commitments": r.commitments(sid),
        "done": done if done in ("objection", "repair", "commitment") else "",
        "public_href": f"/subjects/{outcome.body.get('uscc') or sid}",
    }
    return render(request, "me.html", context)


def _own_record(request: Request, record_id: str) -> bool:
    """The subject acts on records of its own file only."""
    current = session.current(request)
    subject_id = current.subject_id or ""
    return bool(record_id) and reads(services_of(request)).owns_record(subject_id, record_id)


def _record_form(request: Request, record_id: str, template: str) -> Response:
    if _login_required(request) is None:
        return _to_login()
    if not _own_record(request, record_id):
        return error_page(request, 404, "您的档案中没有这条记录。")
    return render(request, template, {"record_id": record_id, "errors": [], "values": {}})


async def _act(
    request: Request,
    action: Any,
    build: Callable[[dict[str, str]], dict[str, Any]],
    template: str,
    done: str,
) -> Response:
    """A subject's form post: CSRF first, then the login, then the binding API route."""
    form = await _form(request)
    refused = _csrf_refused(request, form)
    if refused:
        return refused
    current = _login_required(request)
    if current is None or current.actor is None:
        return _to_login()
    return await _submit(request, action, current.actor, build(form), template, done, form)


@router.get("/me/objections/new")
def objection_form(request: Request, record_id: str = "") -> Response:
    return _record_form(request, record_id, "objection.html")


@router.post("/me/objections")
async def file_objection(request: Request) -> Response:
    def build(form: dict[str, str]) -> dict[str, Any]:
        return {
            "record_id": form.get("record_id", ""),
            "grounds": form.get("grounds", ""),
            "statement": form.get("statement", ""),
            "evidence": _evidence(form.get("evidence", "")),
        }

    return await _act(request, actions.file_objection, build, "objection.html", "objection")


@router.get("/me/repairs/new")
def repair_form(request: Request, record_id: str = "") -> Response:
    return _record_form(request, record_id, "repair.html")


@router.post("/me/repairs")
async def request_repair(request: Request) -> Response:
    def build(form: dict[str, str]) -> dict[str, Any]:
        return {
            "record_id": form.get("record_id", ""),
            "commitment": form.get("commitment", ""),
            "evidence": _evidence(form.get("evidence", "")),
        }

    return await _act(request, actions.request_repair, build, "repair.html", "repair")


@router.post("/me/commitments")
async def make_commitment(request: Request) -> Response:
    def build(form: dict[str, str]) -> dict[str, Any]:
        return {"kind": form.get("kind", ""), "text": form.get("text", "")}

    return await _act(request, actions.make_commitment, build, "commitment.html", "commitment")


async def _submit(
    request: Request,
    action: Any,
    actor: Actor,
    body: dict[str, Any],
    template: str,
    done: str,
    form: dict[str, str],
) -> Response:
    try:
        outcome = await action(request.app, actor, body)
    except actions.Unavailable:
        return error_page(request, 503, "该项服务暂未开放，请稍后再试。")
    if outcome.ok:
        return RedirectResponse(f"/me?done={done}", status_code=303)
    context = {"record_id": body.get("record_id", ""), "errors": outcome.errors(), "values": form}
    return render(request, template, context, 422 if outcome.status < 500 else 502)
