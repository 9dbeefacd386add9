"""Bearer API keys → an Actor; each route names the roles it admits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from adapters.container import Services
from api.input_policy import pending_refusal
from application.ports import Actor


def services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


ServicesDep = Annotated[Services, Depends(services)]


def current_actor(request: Request) -> Actor:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "an API key is required", headers={"WWW-Authenticate": "Bearer"})
    actor = services(request).keys.authenticate(token.strip())
    if actor is None:
        raise HTTPException(401, "the API key is not valid", headers={"WWW-Authenticate": "Bearer"})
    request.state.actor = actor
    return actor


def require(*roles: str) -> Callable[..., Awaitable[Actor]]:
    """An async dependency: a plain `def` one would cost each request a threadpool hop for auth
    alone (measured on the check path). Keys are cached (adapters.keys), so authenticating on the
    event loop does not block it."""

    async def dependency(request: Request) -> Actor:
        actor = current_actor(request)
        if actor.role not in roles:
            raise HTTPException(403, f"the role {actor.role} may not make this call")
        refusal = pending_refusal(request)  # what the input policy refused, after the key
        if refusal is not None:
            raise refusal
        return actor

    dependency.roles = roles  # type: ignore[attr-defined]  # read by the access-control matrix
    return dependency
