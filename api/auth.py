"""Bearer API keys → an Actor; each route names the roles it admits.

A known key is answered from the process's key cache (adapters.core.keys) on the event loop; only a
key the cache cannot answer for is looked up, in the threadpool. Every failed authentication
goes through `refuse`, which counts it per client address: an address past its budget is
answered 429 with Retry-After, before any lookup.
"""

from __future__ import annotations

import contextvars
import secrets
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import NoReturn

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from adapters.core.keys import Miss
from adapters.operations.metrics import auth_failed
from api.deps import ServicesDep, services
from api.input_policy import pending_refusal
from application.ports import Actor

__all__ = ["ServicesDep", "acting_as", "authenticate", "require", "services"]

BEARER = {"WWW-Authenticate": "Bearer"}

# the portal's in-process calls to the API act for the session's subject without its key: a
# one-call token, known only inside the task that makes the call (api.portal.actions)
_internal: contextvars.ContextVar[tuple[str, Actor] | None] = contextvars.ContextVar(
    "internal_actor", default=None
)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def refuse(request: Request, message: str, blocked: int | None = None) -> NoReturn:
    """Every failed authentication ends here (the one place to count them): 401, or 429 with
    Retry-After once the client's address has failed too often (`blocked`: it already has, and
    is refused before any lookup)."""
    auth_failed()
    retry = blocked
    if retry is None:
        retry = services(request).keys.limiter.failed(client_address(request))
    if retry is not None:
        raise HTTPException(
            429,
            "too many failed authentications from this address; retry later",
            headers={"Retry-After": str(retry)},
        )
    raise HTTPException(401, message, headers=BEARER)


def _token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


async def authenticate(request: Request, token: str | None) -> Actor:
    """The actor of `token`, or `refuse`. A cached answer costs no I/O; a lookup runs in the
    threadpool, and not at all for an address past its failure budget."""
    if token is None:
        refuse(request, "an API key is required")
    internal = _internal.get()
    if internal is not None and secrets.compare_digest(internal[0], token):
        return internal[1]
    keys = services(request).keys
    found = keys.cached(token)
    if isinstance(found, Miss):
        blocked = keys.limiter.retry_after(client_address(request))
        if blocked is not None:
            refuse(request, "the API key is not valid", blocked)
        found = await run_in_threadpool(keys.lookup, token)
    if found is None:
        refuse(request, "the API key is not valid")
    return found


def require(*roles: str) -> Callable[..., Awaitable[Actor]]:
    """An async dependency: a plain `def` one would cost each request a threadpool hop for auth
    alone (measured on the check path)."""

    async def dependency(request: Request) -> Actor:
        actor = await authenticate(request, _token(request))
        request.state.actor = actor
        if actor.role not in roles:
            raise HTTPException(403, f"the role {actor.role} may not make this call")
        refusal = pending_refusal(request)  # what the input policy refused, after the key
        if refusal is not None:
            raise refusal
        return actor

    dependency.roles = roles  # type: ignore[attr-defined]  # read by the access-control matrix
    return dependency


@contextmanager
def acting_as(actor: Actor) -> Iterator[str]:
    """A bearer token that stands for `actor` in the calls made inside this block, in this
    task only (the portal's in-process calls for a logged-in session)."""
    token = "internal_" + secrets.token_urlsafe(32)
    reset = _internal.set((token, actor))
    try:
        yield token
    finally:
        _internal.reset(reset)
