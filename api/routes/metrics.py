"""`GET /metrics` in the Prometheus text format, for the networks in CREDIT_METRICS_ALLOW only.

`install(app, settings)` adds the request-metrics middleware and the route; with
CREDIT_METRICS=false neither is installed (no cost, and /metrics answers 404).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, disable_created_metrics

from adapters.metrics import HttpMetrics, StateCollector, exposition
from adapters.settings import Settings, SettingsError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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
            status = services.extras.get("exchange_status")  # issue 17's exchange
            return status() if callable(status) else None

        state = app.state.metrics_state = StateCollector(services, leases, exchange)
    return state


def install(app: FastAPI, settings: Settings) -> None:
    if not settings.metrics:
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
