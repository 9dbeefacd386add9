"""Every unexpected error as a problem: 503 with Retry-After while the database cannot be
reached, 500 otherwise, logged once, and the connection kept.

Starlette's outermost error middleware answers an unhandled error in text/plain and raises it
again for the server to log; uvicorn then closes the connection, so every keep-alive client
sharing it sees a reset. This middleware sits inside that one: it answers the error itself and
returns normally, so the connection serves the client's next request.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.core.db import database_unavailable
from api.limits import BodyTooLargeError
from api.problems import problem

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 2


class ErrorAnswers:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except BodyTooLargeError:
            raise  # the size limit outside answers it (413)
        except Exception as error:  # noqa: BLE001 - the last line: answer_error logs it
            await answer_error(error, scope, receive, send, started)


async def answer_error(
    error: Exception, scope: Scope, receive: Receive, send: Send, started: bool
) -> None:
    """Log an unexpected error once and answer it as a problem (unless the answer is under way:
    nothing more can be said on it)."""
    unavailable = database_unavailable(error)
    route = f"{scope.get('method')} {scope.get('path')}"
    if unavailable:
        log.warning("database unavailable during %s: %s", route, str(error)[:300])
    else:
        log.exception("unexpected error during %s", route)
    if started:
        return
    if unavailable:
        response = problem(
            503,
            "the database cannot be reached just now; retry shortly",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    else:
        response = problem(500, "an unexpected error; it has been logged")
    await response(scope, receive, send)
