"""The portal's session cookie and CSRF token.

The cookie is sealed with AES-GCM under a key derived from CIPHER_KEY (so it is both signed and
unreadable): it carries a CSRF token for every visitor and, after login, the subject's API key so
that portal forms act through the same HTTP routes as the API. Every POST form must send the
session's CSRF token back (session-bound token); a missing or wrong token is refused with 403.
"""

from __future__ import annotations

import base64
import hashlib
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

COOKIE = "ce_portal"
VISITOR_SECONDS = 12 * 3600
LOGIN_SECONDS = 8 * 3600


@dataclass
class Session:
    csrf: str
    expires: float
    key: str | None = None
    subject_id: str | None = None
    fresh: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def logged_in(self) -> bool:
        return self.key is not None and self.subject_id is not None


def _aead(request: Request) -> AESGCM:
    services = request.app.state.services
    cached = services.extras.get("portal_session_key")
    if cached is None:
        raw = base64.b64decode(services.settings.resolved_cipher_key())
        cached = hmac.new(raw, b"credit-energy/portal-session/v1", hashlib.sha256).digest()
        services.extras["portal_session_key"] = cached
    return AESGCM(cached)


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
    payload = _open(request, request.cookies.get(COOKIE, ""))
    session: Session
    if payload and float(payload.get("exp", 0)) > time.time() and payload.get("csrf"):
        session = Session(
            csrf=str(payload["csrf"]),
            expires=float(payload["exp"]),
            key=payload.get("key"),
            subject_id=payload.get("sub"),
        )
    else:
        session = Session(secrets.token_urlsafe(24), time.time() + VISITOR_SECONDS, fresh=True)
    request.state.portal_session = session
    return session


def login(request: Request, key: str, subject_id: str) -> Session:
    """A new session (and a new CSRF token) for a logged-in subject."""
    session = Session(
        secrets.token_urlsafe(24), time.time() + LOGIN_SECONDS, key, subject_id, fresh=True
    )
    request.state.portal_session = session
    return session


def logout(request: Request) -> Session:
    session = Session(secrets.token_urlsafe(24), time.time() + VISITOR_SECONDS, fresh=True)
    request.state.portal_session = session
    return session


def save(request: Request, response: Response) -> None:
    session = getattr(request.state, "portal_session", None)
    if session is None or not session.fresh:
        return
    payload = {"csrf": session.csrf, "exp": session.expires}
    if session.logged_in:
        payload.update(key=session.key, sub=session.subject_id)
    response.set_cookie(
        COOKIE,
        _seal(request, payload),
        max_age=int(session.expires - time.time()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def csrf_ok(request: Request, submitted: str | None) -> bool:
    payload = _open(request, request.cookies.get(COOKIE, ""))
    if not payload or float(payload.get("exp", 0)) <= time.time() or not submitted:
        return False
    return hmac.compare_digest(str(payload.get("csrf", "")), submitted)
