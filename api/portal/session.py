"""The portal's session cookie and CSRF token.

A visitor's cookie is sealed with AES-GCM under a key derived from CIPHER_KEY and carries only a
CSRF token. A logged-in subject's cookie carries only a random session id (`s1.<id>`): the
session lives on the server (adapters.portal.sessions), so logout, the revocation of the key and
idle time end it in every process. Portal forms act through the binding HTTP routes for the
session's key without holding the key (api.auth.acting_as). Every POST form must send the
session's CSRF token back; a missing or wrong token is refused with 403.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import Request, Response

from application.ports import Actor

COOKIE = "ce_portal"
VISITOR_SECONDS = 12 * 3600
SERVER = "s1."  # the prefix of a server session's id in the cookie


@dataclass
class Session:
    csrf: str
    expires: float
    actor: Actor | None = None
    session_id: str | None = None
    fresh: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def logged_in(self) -> bool:
        return self.actor is not None and self.session_id is not None

    @property
    def subject_id(self) -> str | None:
        return self.actor.subject_id if self.actor else None


def _sessions(request: Request) -> Any:
    return request.app.state.services.portal_sessions


def _aead(request: Request) -> AESGCM:
    return AESGCM(request.app.state.services.portal_session_key)


def _seal(request: Request, payload: dict[str, Any]) -> str:
    nonce = os.urandom(12)
    sealed = _aead(request).encrypt(nonce, json.dumps(payload).encode(), COOKIE.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def _open(request: Request, value: str) -> dict[str, Any] | None:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        plain = _aead(request).decrypt(raw[:12], raw[12:], COOKIE.encode())
        payload = json.loads(plain)
    except (ValueError, InvalidTag):
        return None
    return payload if isinstance(payload, dict) else None


def current(request: Request) -> Session:
    """The visitor's session, or a fresh anonymous one (set on the response by `save`)."""
    cached = getattr(request.state, "portal_session", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    cookie = request.cookies.get(COOKIE, "")
    session: Session | None = None
    if cookie.startswith(SERVER):
        found = _sessions(request).find(cookie.removeprefix(SERVER))
        if found is not None:
            session = Session(
                found.csrf, found.expires_at.timestamp(), found.actor, found.session_id
            )
    else:
        payload = _open(request, cookie)
        if payload and float(payload.get("exp", 0)) > time.time() and payload.get("csrf"):
            session = Session(csrf=str(payload["csrf"]), expires=float(payload["exp"]))
    if session is None:  # none, ended (logout, revoked key, idle) or forged: a visitor again
        session = Session(secrets.token_urlsafe(24), time.time() + VISITOR_SECONDS, fresh=True)
    request.state.portal_session = session
    return session


def login(request: Request, actor: Actor) -> Session:
    """A new server session (and a new CSRF token) for a logged-in subject."""
    started = _sessions(request).start(actor)
    session = Session(
        started.csrf, started.expires_at.timestamp(), actor, started.session_id, fresh=True
    )
    request.state.portal_session = session
    return session


def logout(request: Request) -> Session:
    """End the session on the server (in every process), and make the visitor anonymous."""
    ending = getattr(request.state, "portal_session", None) or current(request)
    if ending.session_id is not None:
        _sessions(request).end(ending.session_id)
    session = Session(secrets.token_urlsafe(24), time.time() + VISITOR_SECONDS, fresh=True)
    request.state.portal_session = session
    return session


def save(request: Request, response: Response) -> None:
    session = getattr(request.state, "portal_session", None)
    if session is None or not session.fresh:
        return
    if session.logged_in:
        value = SERVER + str(session.session_id)
    else:
        value = _seal(request, {"csrf": session.csrf, "exp": session.expires})
    response.set_cookie(
        COOKIE,
        value,
        max_age=max(0, int(session.expires - time.time())),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def csrf_ok(request: Request, submitted: str | None) -> bool:
    if not submitted:
        return False
    session = current(request)
    if session.fresh and not session.logged_in:
        return False  # a token can only match a session the visitor already had
    return hmac.compare_digest(session.csrf, submitted)
