"""What portal forms do: the seam between a form and the service behind it.

Each action calls the binding HTTP route of API.md inside the process (an ASGI call, no network),
as the logged-in subject (its session's key, through a one-call token: api.auth.acting_as), so
the portal runs exactly the application service the API runs, with the same authorisation and
validation. Where a route is not (yet) part of this
build, the action raises `Unavailable` and the page says so; repoint a function here to call a
service directly if that is ever preferred.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from starlette.routing import Match

from api.auth import acting_as
from application.ports import Actor

INTERNAL_BASE = "http://portal.internal"


class Unavailable(Exception):
    """The route behind this action is not part of this build."""


@dataclass(frozen=True)
class Outcome:
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def errors(self) -> list[str]:
        """Messages of a problem+json answer, one per field."""
        if not isinstance(self.body, dict):
            return [str(self.body)]
        listed = self.body.get("errors") or []
        out = [f"{e.get('field')}: {e.get('message')}" for e in listed if isinstance(e, dict)]
        return out or [str(self.body.get("detail") or self.body.get("title") or self.status)]


def route_exists(app: FastAPI, method: str, path: str) -> bool:
    scope = {"type": "http", "method": method, "path": path, "root_path": ""}
    for route in app.router.routes:
        match, _ = route.matches(scope)
        if match == Match.FULL:
            return True
    return False


async def call(
    app: FastAPI,
    method: str,
    path: str,
    *,
    actor: Actor | None = None,
    json: Any = None,
    params: dict[str, str] | None = None,
) -> Outcome:
    if not route_exists(app, method, path):
        raise Unavailable(f"{method} {path}")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=INTERNAL_BASE) as client:
        if actor is None:
            response = await client.request(method, path, json=json, params=params)
        else:
            with acting_as(actor) as token:
                headers = {"Authorization": f"Bearer {token}"}
                response = await client.request(
                    method, path, headers=headers, json=json, params=params
                )
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return Outcome(response.status_code, body)


async def own_file(app: FastAPI, actor: Actor, subject_id: str) -> Outcome:
    if route_exists(app, "GET", "/v1/me"):
        return await call(app, "GET", "/v1/me", actor=actor)
    return await call(app, "GET", f"/v1/subjects/{subject_id}", actor=actor)


async def file_objection(app: FastAPI, actor: Actor, body: dict[str, Any]) -> Outcome:
    return await call(app, "POST", "/v1/me/objections", actor=actor, json=body)


async def request_repair(app: FastAPI, actor: Actor, body: dict[str, Any]) -> Outcome:
    return await call(app, "POST", "/v1/me/repairs", actor=actor, json=body)


async def make_commitment(app: FastAPI, actor: Actor, body: dict[str, Any]) -> Outcome:
    return await call(app, "POST", "/v1/me/commitments", actor=actor, json=body)


async def verify_report(app: FastAPI, code: str) -> Outcome:
    return await call(app, "GET", f"/v1/public/reports/{code}")
