"""Set-up shared by the tests of issue 13's findings: subjects, sweeps, checks, the feed."""

from __future__ import annotations

from typing import Any

from tests.api import support
from tests.conftest import Harness

FUJIAN = "91350200776049653A"  # region 350200
BEIJING = "914403003429409755"  # registered in region 110105 (Beijing) below
GUANGZHOU = "91440101MA5CJQ4N59"
UNIT = "国家能源局市场监管司"  # the provider unit of support.register / support.add


def register(h: Harness, uscc: str, region: str = "350200", **extra: Any) -> None:
    support.register(h, h.key("provider"), id=uscc, region=region, **extra)


def serious(h: Harness, uscc: str, record_id: str, decided_on: str = "2026-05-20") -> None:
    support.add(h, h.key("provider"), uscc, record_id=record_id, decided_on=decided_on)


def sweep(h: Harness, now: str) -> None:
    h.set_clock(now)
    r = h.client.post("/v1/admin/sweeps:run", headers=h.key("admin"))
    assert r.status_code == 200, r.text
    h.catch_up()


def check(
    h: Harness, uscc: str, agency: str = "国家能源局", matter: str | None = None, **params: Any
) -> dict[str, Any]:
    query = {**({"matter": matter} if matter else {}), **params}
    r = h.client.get(f"/v1/checks/{uscc}", params=query, headers=h.key("agency", org=agency))
    assert r.status_code == 200, r.text
    return dict(r.json())


def feed(h: Harness, types: list[str] | None = None) -> list[dict[str, Any]]:
    params = {"types": types} if types else {}
    r = h.client.get("/v1/feed", params=params, headers=h.key("auditor"))
    assert r.status_code == 200, r.text
    return list(r.json()["events"])


def inbox(h: Harness, agency: str) -> list[dict[str, Any]]:
    r = h.client.get("/v1/notices", headers=h.key("agency", org=agency))
    assert r.status_code == 200, r.text
    return list(r.json()["notices"])
