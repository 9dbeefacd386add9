"""The portal's public pages: home and search, subject, lists, evaluation results, typical cases,
report verification, checkpoints and statistics. Only public information renders."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from adapters.portal.reads import BUCKETS, CLASSES, LISTS, UNRATED, USCC_RE, Page
from api.auth import services as services_of
from api.portal import actions, labels, session
from api.portal.charts import stacked_bars
from api.portal.public_view import public_subject, reads

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
STATIC_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".ico": "image/x-icon"}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
CODE_RE = re.compile(r"^[A-Za-z0-9-]{4,64}$")

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(
    SECTORS=labels.SECTORS,
    KINDS=labels.KINDS,
    LIST_NAMES=labels.LISTS,
    LIST_SHORT=labels.LIST_SHORT,
    TIERS=labels.TIERS,
    CATEGORIES=labels.CATEGORIES,
    CLASS_NAMES=labels.CLASSES,
    UNRATED=labels.UNRATED,
    TERM_RULES=labels.TERM_RULES,
    PROVINCES=labels.PROVINCES,
    COMMITMENT_KINDS=labels.COMMITMENT_KINDS,
    COMMITMENT_STATUS=labels.COMMITMENT_STATUS,
    OBJECTION_GROUNDS=labels.OBJECTION_GROUNDS,
    NOTICE_TYPES=labels.NOTICE_TYPES,
)
templates.env.filters["region"] = labels.region_name
templates.env.filters["sectors"] = labels.sector_names


def subject_href(item: dict[str, Any]) -> str:
    return f"/subjects/{item.get('uscc') or item['subject_id']}"


templates.env.globals["subject_href"] = subject_href


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    current = session.current(request)
    response = templates.TemplateResponse(
        request,
        name,
        {"csrf": current.csrf, "logged_in": current.logged_in, **context},
        status_code=status,
    )
    session.save(request, response)
    response.headers.update(SECURITY_HEADERS)
    if current.logged_in:
        response.headers["Cache-Control"] = "no-store"
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", {"status": status, "message": message}, status)


def paging(page: Page) -> dict[str, Any]:
    pages = math.ceil(page.total / page.size) if page.total is not None else None
    return {
        "page": page.page,
        "pages": pages,
        "prev": page.page - 1 if page.page > 1 else None,
        "next": page.page + 1 if page.has_more else None,
    }


def page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10000))
    except ValueError:
        return 1


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    path = STATIC / name
    if "/" in name or path.suffix not in STATIC_TYPES or not path.is_file():
        return Response("not found", status_code=404)
    return FileResponse(
        path,
        media_type=STATIC_TYPES[path.suffix],
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/")
def home(request: Request) -> Response:
    services = services_of(request)
    announcements = services.announcements[:3]
    return render(request, "home.html", {"announcements": announcements})


@router.get("/search")
def search(request: Request, q: str = "", page: str | None = None) -> Response:
    q = q.strip()[:100]
    services = services_of(request)
    found = reads(services).search(q, page_number(page)) if q else None
    if found and USCC_RE.match(q.upper()) and len(found.items) == 1:
        return RedirectResponse(subject_href(found.items[0]), status_code=303)
    return render(
        request,
        "search.html",
        {"q": q, "found": found, "paging": paging(found) if found else None, "short": len(q) < 3},
    )


@router.get("/subjects/{ref}")
def subject_page(request: Request, ref: str) -> Response:
    subject = public_subject(services_of(request), ref)
    if subject is None:
        return error_page(request, 404, "未找到该市场主体，请检查统一社会信用代码。")
    return render(request, "subject.html", {"s": subject})


@router.get("/lists/{list_name}")
def list_page(
    request: Request,
    list_name: str,
    sector: str = "",
    region: str = "",
    page: str | None = None,
) -> Response:
    if list_name not in LISTS:
        return error_page(request, 404, "没有这个名单。")
    sector = sector if sector in labels.SECTORS else ""
    region = region if region in labels.PROVINCES else ""
    r = reads(services_of(request))
    found = r.list_page(list_name, sector or None, region or None, page_number(page))
    return render(
        request,
        "list.html",
        {
            "list": list_name,
            "found": found,
            "paging": paging(found),
            "version": r.list_version(list_name),
            "sector": sector,
            "region": region,
        },
    )


@router.get("/grades")
def grades(
    request: Request, grade_class: str = "", sector: str = "", region: str = "", page: str = "1"
) -> Response:
    r = reads(services_of(request))
    grade_class = grade_class if grade_class in BUCKETS else ""
    sector = sector if sector in labels.SECTORS else ""
    region = region if region in labels.PROVINCES else ""
    distribution = r.grade_distribution(sector or None)
    found = r.graded_subjects(
        grade_class or None, sector or None, region or None, page_number(page)
    )
    chart = (
        stacked_bars(
            "信用评价等级分布",
            [*CLASSES, labels.UNRATED],
            {"主体数": [distribution.get(c, 0) for c in BUCKETS]},
        )
        if distribution
        else None
    )
    return render(
        request,
        "grades.html",
        {
            "available": True,
            "distribution": distribution,
            "chart": chart,
            "found": found,
            "paging": paging(found),
            "grade_class": grade_class,
            "sector": sector,
            "region": region,
        },
    )


@router.get("/cases")
def cases(request: Request) -> Response:
    services = services_of(request)
    red = reads(services).list_page("red", page=1, size=20)
    return render(
        request,
        "cases.html",
        {"announcements": services.announcements, "red": red},
    )


@router.get("/reports/verify")
async def verify_report(request: Request, code: str = "") -> Response:
    code = code.strip()
    context: dict[str, Any] = {"code": code, "result": None, "message": None}
    if code:
        if not CODE_RE.match(code):
            context["message"] = "验证码格式不正确（4–64 位字母、数字或连字符）。"
        else:
            try:
                outcome = await actions.verify_report(request.app, code)
            except actions.Unavailable:
                context["message"] = "信用报告验证服务暂未开放。"
            else:
                if outcome.ok:
                    context["result"] = outcome.body
                elif outcome.status == 404:
                    context["message"] = "未找到与该验证码对应的信用报告，报告可能为伪造或已失效。"
                else:
                    context["message"] = "；".join(outcome.errors())
    return render(request, "verify.html", context)


@router.get("/checkpoints")
def checkpoints(request: Request) -> Response:
    rows = reads(services_of(request)).checkpoints()
    return render(request, "checkpoints.html", {"rows": rows})


@router.get("/stats")
def stats(request: Request) -> Response:
    services = services_of(request)
    r = reads(services)
    by_sector = r.grades_by_sector()
    sector_chart = None
    if by_sector:
        sectors = [s for s in labels.SECTORS if s in by_sector]
        sector_chart = stacked_bars(
            "各行业信用评价等级分布",
            [labels.SECTORS[s] for s in sectors],
            {
                **{f"{c} 类": [by_sector[s].get(c, 0) for s in sectors] for c in CLASSES},
                labels.UNRATED: [by_sector[s].get(UNRATED, 0) for s in sectors],
            },
        )
    months = r.listings_by_month()
    months_shown = list(months)[-12:]
    listing_chart = (
        stacked_bars(
            "各月新增名单",
            [m[2:] for m in months_shown],
            {labels.LIST_SHORT[n]: [months[m].get(n, 0) for m in months_shown] for n in LISTS},
            ["#222222", "#c64600", "#a51d2d"],
        )
        if months
        else None
    )
    today = services.files.today()
    records = r.public_records_by_category(today)
    notices = r.notice_figures(today)
    by_type = notices["by_type"]
    notice_chart = (
        stacked_bars(
            "联合奖惩通知反馈情况",
            [labels.NOTICE_TYPES.get(t, t) for t in by_type],
            {
                "已反馈": [row["answered"] for row in by_type.values()],
                "逾期未反馈": [row["overdue"] for row in by_type.values()],
                "未到期": [
                    row["issued"] - row["answered"] - row["overdue"] for row in by_type.values()
                ],
            },
            ["#26a269", "#a51d2d", "#9a9996"],
        )
        if by_type
        else None
    )
    return render(
        request,
        "stats.html",
        {
            "by_sector": by_sector,
            "sector_chart": sector_chart,
            "months": {m: months[m] for m in months_shown},
            "listing_chart": listing_chart,
            "records": records,
            "notices": notices,
            "notice_chart": notice_chart,
        },
    )
