"""The portal in a real browser: Debian's headless chromium driven by Playwright.

The app runs under uvicorn in a subprocess on a free loopback port (temp SQLite, manual clock);
demo-like data goes in through the HTTP API. This process shares the database to run the worker
(views) deterministically and, where another capability's API is not in this build yet, to act
through the domain. Screenshots land in artifacts/screenshots/.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.bootstrap import Services, bootstrap
from tests.conftest import CIPHER_KEY, make_settings
from tests.e2e.portal_seed import (
    HENGYUAN,
    MINGYANG,
    PENALTY_ID,
    ZHENGTAI,
    make_listings,
    seed,
)

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CREDIT_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
PROVIDER_ORG = ("国家能源局市场监管司", "11100000MB0169262X")
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Portal:
    """The running service: its base URL, an HTTP client, keys, and a worker we drive."""

    def __init__(self, base: str, services: Services) -> None:
        self.base = base
        self.services = services
        self.http = httpx.Client(base_url=base, timeout=30)
        self.admin = self.key("admin", "资质中心")
        self.provider = self.key("provider", *PROVIDER_ORG)
        self.reviewer = self.key("reviewer", *PROVIDER_ORG)

    def key(
        self, role: str, org: str, org_code: str | None = None, subject: str | None = None
    ) -> dict[str, str]:
        sid = str(self.services.files.subject_id_of(subject)) if subject else None
        return {"Authorization": f"Bearer {self.services.keys.create(role, org, org_code, sid)}"}

    def set_clock(self, instant: str) -> None:
        r = self.http.put("/v1/admin/clock", json={"now": instant}, headers=self.admin)
        assert r.status_code == 200, r.text

    def catch_up(self) -> None:
        for _ in range(200):
            if not self.services.worker.step():
                return
        raise AssertionError("the worker did not become idle")

    def has_route(self, path: str) -> bool:
        return path in self.http.get("/openapi.json").json()["paths"]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    tmp = tmp_path_factory.mktemp("portal")
    url = f"sqlite:///{tmp / 'credit.db'}"
    services = bootstrap(make_settings(url, tmp))  # migrates before the server starts
    port = _free_port()
    env = {
        **os.environ,
        "CREDIT_DATABASE_URL": url,
        "CIPHER_KEY": CIPHER_KEY,
        "CREDIT_VAR_DIR": str(tmp / "var"),
        "CREDIT_CLOCK": "manual",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.factory:app_without_worker", "--factory"]
        + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server)
        p = Portal(base, services)
        p.set_clock("2026-06-01T09:00:00+08:00")
        seed(p.http, p.provider)
        p.catch_up()  # the listing policy proposes black listings on the serious penalties
        make_listings(services.files)
        p.catch_up()
        _answer_a_notice(p)
        yield p
    finally:
        server.terminate()
        server.wait(timeout=10)
        services.close()


def _answer_a_notice(portal: Portal) -> None:
    """An agency feeds back on one notice, so the statistics show a feedback rate."""
    agency = portal.key("agency", "国家能源局")
    notices = portal.http.get("/v1/notices", headers=agency).json()["notices"]
    assert notices, "the listings issued no notice to 国家能源局"
    first = notices[0]
    body = {"measure_id": first["measures"][0]["measure_id"], "applied": True, "outcome": "已执行"}
    r = portal.http.post(f"/v1/notices/{first['notice_id']}/feedback", json=body, headers=agency)
    assert r.status_code == 201, r.text


def _wait_until_up(base: str, server: subprocess.Popen[Any]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise AssertionError("the server exited at start-up")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=0.1)  # waiting on the process, not sleeping
    raise AssertionError("the server did not come up")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, portal: Portal) -> Iterator[Any]:
    """A fresh browser context that may fetch only from the portal itself (works offline)."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    outside: list[str] = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(portal.base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    pg = context.new_page()
    yield pg
    context.close()
    assert outside == [], f"the page fetched outside the portal: {outside}"


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_penalty_is_shown_within_publicity_and_gone_after_repair(page: Any, portal: Portal):
    page.goto(portal.base + "/")
    page.get_by_label("按企业名称或统一社会信用代码查询").fill("恒源电力")
    page.get_by_role("button", name="查询").click()
    shot(page, "search-desktop")
    page.get_by_role("link", name="厦门恒源电力有限公司").click()
    assert page.locator("h1").inner_text() == "厦门恒源电力有限公司"
    penalties = page.locator("section", has=page.locator("#penalty-h"))
    assert "违规参与电力市场交易" in penalties.inner_text()
    grade = page.locator("section", has=page.locator("#grade-h")).inner_text()
    assert re.search(r"[ABCD] 类", grade), grade
    assert "欠缴税款" not in page.content()  # shared with agencies only, never public
    shot(page, "subject-penalty-desktop")

    _repair_penalty(portal)
    page.reload()
    penalties = page.locator("section", has=page.locator("#penalty-h"))
    assert "违规参与电力市场交易" not in penalties.inner_text()
    assert "暂无" in penalties.inner_text()


def _repair_penalty(portal: Portal) -> None:
    """Through the repair API: evidence, the request, the reviewer's acceptance and approval."""
    portal.set_clock("2027-05-10T09:00:00+08:00")  # past the 1-year minimum publicity period
    subject = portal.key("subject", "厦门恒源电力有限公司", subject=HENGYUAN)
    uploaded = portal.http.post(
        "/v1/me/evidence",
        files={"file": ("罚款缴纳凭证.pdf", b"%PDF-1.4 fine paid", "application/pdf")},
        headers=subject,
    )
    assert uploaded.status_code == 201, uploaded.text
    r = portal.http.post(
        "/v1/me/repairs",
        json={
            "record_id": PENALTY_ID,
            "commitment": "已整改并缴清罚款",
            "evidence": [uploaded.json()["evidence_id"]],
        },
        headers=subject,
    )
    assert r.status_code == 201, r.text
    repair_id = r.json()["repair_id"]
    for action in ("accept", "approve"):
        d = portal.http.post(
            f"/v1/repairs/{repair_id}/decision",
            json={"action": action, "reasons": "材料齐全，整改到位"},
            headers=portal.reviewer,
        )
        assert d.status_code in (200, 201), d.text
    assert d.json()["status"] == "approved", d.text
    portal.catch_up()


def test_the_black_list_shows_a_listed_subject_not_a_delisted_one_and_filters_work(
    page: Any, portal: Portal
):
    page.goto(portal.base + "/lists/black")
    table = page.locator("table.data")
    assert "广州明阳新能源有限公司" in table.inner_text()
    assert "深圳正泰燃气有限公司" not in page.content()
    version = page.locator(".version").inner_text()
    assert "第 3 版" in version and "认定规则 2025-01" in version, version
    shot(page, "black-list-desktop")
    page.get_by_label("行业").select_option("coal")
    page.get_by_role("button", name="筛选").click()
    assert "广州明阳新能源有限公司" not in page.content()
    assert "共 0 个市场主体" in page.locator(".count").inner_text()
    page.get_by_label("行业").select_option("new_energy")
    page.get_by_label("地区").select_option("44")
    page.get_by_role("button", name="筛选").click()
    assert "广州明阳新能源有限公司" in page.locator("table.data").inner_text()
    assert ZHENGTAI not in page.content()


def test_the_main_pages_render_on_desktop_and_mobile(browser: Any, portal: Portal):
    pages = {
        "home": "/",
        "subject": f"/subjects/{MINGYANG}",
        "red-list": "/lists/red",
        "grades": "/grades",
        "cases": "/cases",
        "stats": "/stats",
        "verify": "/reports/verify?code=ABCD-1234",
        "checkpoints": "/checkpoints",
        "login": "/login",
    }
    for label, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        pg = context.new_page()
        for name, path in pages.items():
            response = pg.goto(portal.base + path)
            assert response.status == 200, path
            assert pg.locator("html").get_attribute("lang") == "zh-CN"
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"] + 1, f"{path} scrolls sideways on {label}"
            shot(pg, f"{name}-{label}")
        context.close()


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page: Any, portal: Portal):
    page.goto(portal.base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_subject_files_an_objection_from_its_page_and_the_mark_shows_publicly(
    page: Any, portal: Portal
):
    key = portal.key("subject", "广州明阳新能源有限公司", subject=MINGYANG)["Authorization"]
    page.goto(portal.base + "/login")
    page.get_by_label("API 密钥").fill(key.split(" ", 1)[1])
    page.get_by_role("button", name="登录").click()
    assert page.locator("h1").inner_text() == "我的信用档案"
    shot(page, "me-desktop")
    if not portal.has_route("/v1/me/objections"):
        pytest.skip("needs issue 5 (POST /v1/me/objections and the objection_marks view)")
    page.get_by_role("link", name="提出异议").first.click()
    page.get_by_label("异议理由").select_option("error")
    page.get_by_label("异议说明").fill("处罚决定所载违法事实与实际情况不符。")
    page.get_by_role("button", name="提交异议").click()
    assert "异议已提交" in page.locator(".success").inner_text()
    portal.catch_up()
    page.goto(portal.base + f"/subjects/{MINGYANG}")
    assert "异议处理中" in page.locator("section", has=page.locator("#marks-h")).inner_text()
    shot(page, "subject-objection-desktop")
