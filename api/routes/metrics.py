"""`GET /metrics` in the Prometheus text format, for the networks in CREDIT_METRICS_ALLOW only.

`install(app, settings)` adds the request-metrics middleware and the route; with
CREDIT_METRICS=false neither is installed (no cost, and /metrics answers 404).
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, disable_created_metrics
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.core.settings import Settings, SettingsError
from adapters.operations.metrics import REQUESTS, StateCollector, exposition

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"


def route_template(route: Any) -> str:
    if route is None:
        return UNMATCHED
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return UNMATCHED
    return f"{path}/{{path}}" if isinstance(route, Mount) else path


class HttpMetrics:
    """ASGI middleware: each request's latency by method, route template and status (the
    histogram's count is the request count; the checks' counts are derived from it when
    scraped). The labelled child is looked up once per (method, route, status) and kept, so a
    request costs two clock reads and one observation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._children: dict[tuple[str, int, int], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception before the response started is answered 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            # the router set scope["route"] in place (the same dict reaches it)
            route = scope.get("route")
            method = scope["method"]
            if method not in METHODS:  # any word may come as a method: one label for them all
                method = "OTHER"
            key = (method, id(route), status)
            child = self._children.get(key)
            if child is None:
                child = REQUESTS.labels(method, route_template(route), str(status))
                self._children[key] = child
            child.observe(time.perf_counter() - started)


def allowed_networks(value: str) -> list[Network]:
    try:
        return [ipaddress.ip_network(part.strip()) for part in value.split(",") if part.strip()]
    except ValueError as e:
        raise SettingsError(f"CREDIT_METRICS_ALLOW: {e} (a list of CIDR networks)") from None


def client_allowed(host: str | None, networks: list[Network]) -> bool:
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # not an address (a unix socket's peer): refused
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _state(app: FastAPI, settings: Settings) -> StateCollector:
    state = getattr(app.state, "metrics_state", None)
    if state is None:
        services = app.state.services
        shards = settings.delivery_processes

        def leases() -> list[str]:
            return ["worker", *(f"deliverer-{k}-of-{shards}" for k in range(shards))]

        def exchange() -> dict[str, Any] | None:
            status = services.exchange_status  # issue 17's exchange
            return status() if status is not None else None

        state = app.state.metrics_state = StateCollector(services, leases, exchange)
    return state


def install(app: FastAPI, settings: Settings) -> None:
    if not settings.metrics_enabled:
        return
    networks = allowed_networks(settings.metrics_allow)
    disable_created_metrics()  # no `_created` series: half the page, and nothing reads them
    router = APIRouter(tags=["operations"])

    @router.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        host = request.client.host if request.client else None
        if not client_allowed(host, networks):
            raise HTTPException(403, "metrics are served to the networks in CREDIT_METRICS_ALLOW")
        return Response(exposition(_state(request.app, settings)), media_type=CONTENT_TYPE_LATEST)

    app.include_router(router)
    app.add_middleware(HttpMetrics)
