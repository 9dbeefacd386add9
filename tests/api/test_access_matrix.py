"""Access control review: every route × every role (and no key) → allowed, or 401/403.

ACCESS has one row per (method, path) of the app. A route without a row fails
`test_every_route_has_a_row`: a branch that adds a route adds its row here. PUBLIC routes need no
key; every other API route answers 401 without a key and 403 to a role outside its row. The
portal's subject area is not opened by API keys at all: its pages need a login session (SESSION:
without one a page redirects to /login and a form post is refused with 403), and its forms carry
the session's CSRF token (FORM: a post without it is refused with 403), whatever key is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from fastapi.routing import APIRoute

from adapters.core.keys import FailureLimiter
from application.ports import ROLES
from tests.conftest import Harness

PUBLIC = "public"
SESSION = "portal session"
FORM = "portal form"
NETWORK = "allowed networks"  # no key: the client's address (CREDIT_METRICS_ALLOW) decides
ANY_KEY = frozenset(ROLES)
AUDIT = frozenset({"auditor", "admin"})
ADMIN = frozenset({"admin"})
PROVIDERS = frozenset({"provider", "admin"})
READERS = frozenset({"provider", "agency", "reviewer", "auditor", "admin", "subject"})
SUBJECT = frozenset({"subject"})
AGENCY = frozenset({"agency"})
CHECKERS = frozenset({"agency", "auditor", "admin"})
REVIEWERS = frozenset({"reviewer", "admin"})
SOURCE_UNIT = frozenset({"provider", "reviewer", "admin"})
SUBSCRIBERS = frozenset({"subscriber", "admin"})
FEED_READERS = frozenset({"subscriber", "auditor", "admin"})

ACCESS: dict[tuple[str, str], frozenset[str] | str] = {
    # operations and documentation
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
    ("GET", "/metrics"): NETWORK,  # the test client is no loopback address: refused
    # providers (revoke/correct: the source unit or an admin, checked again per record)
    ("POST", "/v1/subjects"): PROVIDERS,
    ("POST", "/v1/subjects/{id}/records"): PROVIDERS,
    ("POST", "/v1/records:batch"): PROVIDERS,
    ("POST", "/v1/records/{record_id}:revoke"): PROVIDERS,
    ("POST", "/v1/records/{record_id}:correct"): PROVIDERS,
    # subjects' files
    ("GET", "/v1/subjects/{id}"): READERS,
    ("GET", "/v1/measures"): ANY_KEY,
    # agencies: checks (auditors and admins may check too; every check is logged), notices
    ("GET", "/v1/checks/{id}"): CHECKERS,
    ("POST", "/v1/checks:batch"): CHECKERS,
    ("POST", "/v1/checks/{check_id}/feedback"): AGENCY,
    ("GET", "/v1/notices"): AGENCY,
    ("POST", "/v1/notices/{notice_id}/feedback"): AGENCY,
    # a subject's own file (a subject key)
    ("GET", "/v1/me"): SUBJECT,
    ("GET", "/v1/me/checks"): SUBJECT,
    ("POST", "/v1/me/objections"): SUBJECT,
    ("POST", "/v1/me/repairs"): SUBJECT,
    ("POST", "/v1/me/commitments"): SUBJECT,
    ("POST", "/v1/me/evidence"): SUBJECT,
    ("GET", "/v1/me/notifications"): SUBJECT,
    ("GET", "/v1/me/report"): SUBJECT,
    ("GET", "/v1/me/report.html"): SUBJECT,
    # reviewers (the source unit, checked again per case)
    ("GET", "/v1/reviews"): REVIEWERS,
    ("POST", "/v1/objections/{objection_id}/decision"): REVIEWERS,
    ("POST", "/v1/repairs/{repair_id}/decision"): REVIEWERS,
    ("POST", "/v1/listings/{listing_id}/decision"): REVIEWERS,
    ("POST", "/v1/records/{record_id}:shield"): SOURCE_UNIT,
    ("POST", "/v1/inspections:draw"): REVIEWERS,
    ("GET", "/v1/inspections/{draw_id}"): REVIEWERS | AUDIT,
    # subscribers
    ("GET", "/v1/subscriptions"): SUBSCRIBERS,
    ("POST", "/v1/subscriptions"): SUBSCRIBERS,
    ("GET", "/v1/subscriptions/{id}"): SUBSCRIBERS,
    ("DELETE", "/v1/subscriptions/{id}"): SUBSCRIBERS,
    ("GET", "/v1/subscriptions/{id}/deliveries"): SUBSCRIBERS,
    ("POST", "/v1/subscriptions/{id}:replay"): SUBSCRIBERS,
    ("POST", "/v1/subscriptions/{id}:pause"): SUBSCRIBERS,
    ("POST", "/v1/subscriptions/{id}:resume"): SUBSCRIBERS,
    ("POST", "/v1/subscriptions/{id}:rotate-secret"): SUBSCRIBERS,
    ("GET", "/v1/feed"): FEED_READERS,
    # auditors
    ("GET", "/v1/audit/subjects/{id}/events"): AUDIT,
    ("GET", "/v1/audit/subjects/{id}"): AUDIT,
    ("GET", "/v1/audit/lists/{list_name}"): AUDIT,
    ("GET", "/v1/audit/checks"): AUDIT,
    ("GET", "/v1/audit/verify"): AUDIT,
    ("GET", "/v1/audit/subjects/{id}/bundle"): AUDIT,
    ("GET", "/v1/statistics/notices"): AUDIT,
    ("GET", "/v1/statistics/reviews"): AUDIT,
    ("GET", "/v1/admin/rulebooks"): AUDIT,
    # administrators
    ("PUT", "/v1/admin/clock"): ADMIN,
    ("POST", "/v1/admin/sweeps:run"): ADMIN,
    ("GET", "/v1/admin/keys"): ADMIN,
    ("DELETE", "/v1/admin/keys/{key_id}"): ADMIN,
    ("POST", "/v1/admin/checkpoints"): ADMIN,
    ("POST", "/v1/admin/subjects/{id}:erase"): ADMIN,
    ("POST", "/v1/admin/measures"): ADMIN,
    ("POST", "/v1/admin/rulebooks:simulate"): ADMIN,
    # public (no key): search, files, lists, proofs, report verification
    ("GET", "/v1/public/subjects"): PUBLIC,
    ("GET", "/v1/public/subjects/{uscc}"): PUBLIC,
    ("GET", "/v1/public/lists/{list_name}"): PUBLIC,
    ("GET", "/v1/public/checkpoints"): PUBLIC,
    ("GET", "/v1/public/keys"): PUBLIC,
    # auditors' replay (issue 7, replay part)
    ("GET", "/v1/audit/checks/{check_id}/replay"): AUDIT,
    ("GET", "/v1/public/reports/{code}"): PUBLIC,
    # the HTML portal: public pages
    ("GET", "/"): PUBLIC,
    ("GET", "/search"): PUBLIC,
    ("GET", "/subjects/{ref}"): PUBLIC,
    ("GET", "/lists/{list_name}"): PUBLIC,
    ("GET", "/grades"): PUBLIC,
    ("GET", "/cases"): PUBLIC,
    ("GET", "/stats"): PUBLIC,
    ("GET", "/checkpoints"): PUBLIC,
    ("GET", "/reports/verify"): PUBLIC,
    ("GET", "/static/{name}"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): FORM,
    ("POST", "/logout"): FORM,
    # the portal's subject area: a login session, never an API key
    ("GET", "/me"): SESSION,
    ("GET", "/me/objections/new"): SESSION,
    ("POST", "/me/objections"): SESSION,
    ("GET", "/me/repairs/new"): SESSION,
    ("POST", "/me/repairs"): SESSION,
    ("POST", "/me/commitments"): SESSION,
}

ROLE_MESSAGE = re.compile(r"the role \w+ may not make this call")
UNKNOWN_ID = "00000000-0000-5000-8000-000000000000"


def _flatten(routes: Sequence[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI ≥ 0.16x wraps included routers
        if inner is not None:
            yield from _flatten(inner.routes, prefix + route.include_context.prefix)
        elif hasattr(route, "routes") and not hasattr(route, "methods"):
            yield from _flatten(route.routes, prefix + getattr(route, "path", ""))
        elif getattr(route, "methods", None):
            yield prefix + getattr(route, "path_format", route.path), route


def app_routes(app: Any) -> dict[tuple[str, str], Any]:
    out: dict[tuple[str, str], Any] = {}
    for path, route in _flatten(app.routes):
        for method in route.methods - {"HEAD"}:
            out[(method, path)] = route
    return out


def declared_roles(route: Any) -> frozenset[str] | str:
    """The roles the route's `require(...)` admits, PUBLIC when it has none."""
    if not isinstance(route, APIRoute):
        return PUBLIC
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        roles = getattr(dep.call, "roles", None)
        if roles is not None:
            return frozenset(roles)
        stack.extend(dep.dependencies)
    return PUBLIC


@pytest.fixture
def app_table(sqlite_harness: Harness) -> dict[tuple[str, str], Any]:
    return app_routes(sqlite_harness.client.app)


def test_every_route_has_a_row(app_table: dict[tuple[str, str], Any]):
    missing = sorted(set(app_table) - set(ACCESS))
    assert not missing, f"add these routes to ACCESS in {__file__}: {missing}"
    stale = sorted(set(ACCESS) - set(app_table))
    assert not stale, f"ACCESS names routes the app no longer has: {stale}"


def test_each_routes_guard_admits_exactly_the_roles_of_its_row(
    app_table: dict[tuple[str, str], Any],
):
    def guard(row: frozenset[str] | str | None) -> frozenset[str] | str | None:
        # no require(): a session, a form or the client's network
        return PUBLIC if row in (SESSION, FORM, NETWORK) else row

    wrong = {
        key: (declared_roles(route), ACCESS.get(key))
        for key, route in app_table.items()
        if declared_roles(route) != guard(ACCESS.get(key))
    }
    assert not wrong, wrong


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", UNKNOWN_ID, path)


def test_every_route_answers_every_role_and_no_key_as_its_row_says(
    sqlite_harness: Harness, app_table: dict[tuple[str, str], Any]
):
    h = sqlite_harness
    # every route once without a key: more failed authentications than one address may make
    h.services.keys.limiter = FailureLimiter(limit=10_000)
    keys: dict[str | None, dict[str, str]] = {None: {}}
    for role in ROLES:
        keys[role] = h.key(role, subject=UNKNOWN_ID if role == "subject" else None)
    failures = []
    for (method, path), _route in sorted(app_table.items()):
        allowed = ACCESS[(method, path)]
        for role, headers in keys.items():
            r = h.client.request(method, _url(path), headers=headers, follow_redirects=False)
            denied_by_role = r.status_code == 403 and ROLE_MESSAGE.search(r.text) is not None
            if allowed == PUBLIC:
                ok = r.status_code not in (401, 403)
            elif allowed == NETWORK:
                ok = r.status_code == 403 and "CREDIT_METRICS_ALLOW" in r.text
            elif allowed == FORM or (allowed == SESSION and method == "POST"):
                ok = r.status_code == 403 and "CSRF" in r.text
            elif allowed == SESSION:
                ok = r.status_code == 303 and r.headers["location"] == "/login"
            elif role is None:
                ok = r.status_code == 401
            elif role in allowed:
                ok = r.status_code != 401 and not denied_by_role
            else:
                ok = denied_by_role
            if not ok:
                failures.append((method, path, role, r.status_code))
    assert not failures, failures
