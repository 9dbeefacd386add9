"""The single check's short way through the stack (GET /v1/checks/{id} on PostgreSQL).

The check is the service's hottest request: agencies make it before every approval, and its
rate is measured against a bare FastAPI + SQLAlchemy reference (bench/check_vs_reference.sh).
Measured in process on 2026-12-02, the framework's layers between the request metrics and the
route (four middlewares of our own and Starlette's, routing, dependency solving and parameter
validation) cost as much CPU as the check itself: its statement, its answer and its signature.

`FastCheck` sits just inside the request metrics and answers, by itself, only a request whose
every part it can judge without the framework: a plain id (a USCC or a subject_id), no query
but `matter` (one of the matters) and `all_measures` (`true`, `false`, `1`, `0`), one bearer key
the key cache already knows for a role the route admits. Such a request cannot be refused by the
input policy, and the route would answer it exactly so: the same `CheckService.check_one_async`,
the same receipt, the same problem for an unknown subject, the same error answers. Any other
request (a key to look up, a wrong role, a misspelt matter, SQLite, the portal's in-process
calls) goes on to the framework untouched, and is answered there as before; nothing was read or
written for it here. tests/api/test_fast_check.py holds the two ways' answers side by side.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.core.keys import Miss
from api.errors import answer_error
from api.problems import domain_problem
from api.routes.joint import CHECKER_ROLES, Matter, _signed
from application.ports import Actor
from domain.errors import DomainError

PREFIX = "/v1/checks/"
# a USCC (18 characters), a subject_id (a UUID): letters, digits and hyphens, nothing to refuse
_REF = re.compile(r"[0-9A-Za-z-]{1,64}")
_MATTERS = frozenset(get_args(Matter))
_BOOLS = {"true": True, "false": False, "1": True, "0": False}


class _Route:
    """What the request metrics read of a route: its path template."""

    path = PREFIX + "{id}"


ROUTE = _Route()


def _query(raw: bytes) -> tuple[str | None, bool] | None:
    """(matter, all_measures) of a query the short way can judge, else None."""
    matter: str | None = None
    all_measures: bool | None = None
    if not raw:
        return None, False
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return None
    for part in text.split("&"):
        name, eq, value = part.partition("=")
        if not eq:
            return None
        if name == "matter" and matter is None and value in _MATTERS:
            matter = value
        elif name == "all_measures" and all_measures is None and value in _BOOLS:
            all_measures = _BOOLS[value]
        else:
            return None
    return matter, bool(all_measures)


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The one bearer token of a request without a body, else None (a GET may carry a body: the
    size limit would judge it, so the framework answers)."""
    token = None
    for name, value in headers:
        if name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            return None
        if name == b"authorization":
            if token is not None:
                return None  # two keys: the framework says what that means
            scheme, _, rest = value.partition(b" ")
            if scheme.lower() != b"bearer":
                return None
            token = rest.strip().decode("latin-1")
    return token or None


class FastCheck:
    """ASGI middleware: the short way for a plain single check (see the module's doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path: str = scope["path"]
            if path.startswith(PREFIX) and await self._answer(scope, receive, send, path):
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send, path: str) -> bool:
        """Answer the check and say so, or say no before anything was read or written."""
        ref = path[len(PREFIX) :]
        if not _REF.fullmatch(ref):
            return False
        query = _query(scope.get("query_string", b""))
        if query is None:
            return False
        app = scope.get("app")
        services = getattr(getattr(app, "state", None), "services", None)
        if services is None:
            return False
        checks = services.checks
        if not checks.store.postgres:
            return False
        token = _bearer(scope.get("headers") or [])
        if token is None or token.startswith("internal_"):
            return False
        actor = services.keys.cached(token)
        if isinstance(actor, Miss) or not isinstance(actor, Actor):
            return False
        if actor.role not in CHECKER_ROLES:
            return False
        scope["route"] = ROUTE  # the request metrics' label
        started = False

        async def sending(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        matter, all_measures = query
        try:
            try:
                answer = await checks.check_one_async(ref, matter, all_measures, actor)
            except DomainError as exc:
                await domain_problem(exc)(scope, receive, sending)
                return True
            receipts = services.receipts
            if receipts.checkpoint_due():
                await run_in_threadpool(receipts.refresh_checkpoint)
            response = _signed(services, answer)
            await response(scope, receive, sending)
        except Exception as error:  # noqa: BLE001 - answered and logged as ErrorAnswers does
            await answer_error(error, scope, receive, send, started)
        return True
