"""RFC 9457 problem details for every error, mapped in one place."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.core.clock import ClockMovedBackwardsError
from api.input_policy import InputRefusedError, is_json
from application.records import RecordRejectedError
from domain.errors import ConflictError, DomainError, NotFoundError, NotPermittedError

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "row": {"type": "integer"},
                },
            },
        },
    },
}
_PROBLEM = {"content": {MEDIA_TYPE: {"schema": _PROBLEM_SCHEMA}}}
# what every route may answer besides its success (documented in the OpenAPI)
RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"description": "A problem with the request (RFC 9457)", **_PROBLEM},
    "5XX": {
        "description": "A problem of the service: 503 with Retry-After while the database "
        "cannot be reached",
        **_PROBLEM,
    },
}


def problem(
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    kind: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    title = TITLES.get(status, "Error")
    body: dict[str, Any] = {
        "type": f"/problems/{kind or title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or "body"


# the status of a rule broken, by the error's class (the first match in this order); the
# problem's type is the class's name without "Error"
DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFoundError, 404),
    (ConflictError, 409),
    (NotPermittedError, 403),
    (DomainError, 422),
)


def domain_status(exc: DomainError) -> int:
    return next(status for cls, status in DOMAIN_STATUS if isinstance(exc, cls))


def domain_problem(exc: DomainError) -> JSONResponse:
    if isinstance(exc, RecordRejectedError):
        errors = [{"field": f, "message": m} for f, m in exc.errors]
    else:
        errors = [{"field": exc.field or "body", "message": exc.message}]
    kind = type(exc).__name__.removesuffix("Error")
    return problem(domain_status(exc), exc.message, errors, kind=kind)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return domain_problem(exc)

    @app.exception_handler(RequestValidationError)
    def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        content_type = request.headers.get("content-type")
        body_refused = any(
            tuple(e["loc"])[:1] == ("body",) and e["type"] != "missing" for e in exc.errors()
        )
        if body_refused and not is_json(content_type):
            message = "send the body as application/json"
            return problem(415, message, [{"field": "body", "message": message}])
        errors = [{"field": _field(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, detail, errors, kind="validation")

    @app.exception_handler(InputRefusedError)
    def _refused(_: Request, exc: InputRefusedError) -> JSONResponse:
        errors = [{"field": f, "message": m} for f, m in exc.errors]
        return problem(exc.status, exc.detail, errors, kind=exc.kind)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return problem(exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(ClockMovedBackwardsError)
    def _clock(_: Request, exc: ClockMovedBackwardsError) -> JSONResponse:
        return problem(409, str(exc), [{"field": "now", "message": str(exc)}])


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this path (Starlette names only the first route's)."""
    path = request.scope.get("path", "")
    found: set[str] = set()
    for regex, methods in _paths(request.app.router.routes):
        if methods and regex.match(path):
            found.update(methods)
    return sorted(found)


def _paths(routes: Any) -> Any:
    """(path regex, methods) of every route, included routers' routes with their prefixes."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)  # FastAPI's included router
        if contexts is not None:
            for context in contexts():
                yield context.path_regex, context.methods
        else:
            yield getattr(route, "path_regex", None), getattr(route, "methods", None)
