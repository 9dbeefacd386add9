"""A realistic synthetic history, deterministic by seed (`credit-energy demo`).

The demo does not write a finished state: it replays about 18 months of a market through the
service itself. The clock starts in the past; subjects register, providers report decisions week
by week, subjects object, commit and repair, reviewers decide, and after each step the sweeps run
and the worker (views, the grading policy, notices) drains, exactly as a deployment would have
done over those months. So listings pass their advance-notice windows, focus listings expire,
red listings follow a clean year, repairs delist, and every event carries the instant it happened.
The history ends at the instant given (the real now for `credit-energy demo`), never beyond.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from adapters.files.tables import list_entries, subject_summary
from adapters.grading.tables import grade_view
from adapters.subject_rights.tables import objection_marks
from application.commands import RegisterSubject
from application.ports import Actor
from demo.names import UNITS
from demo.stories import generate
from domain.errors import NoPolicyInForceError

# -- running the history ----------------------------------------------------------------------


def _drain(services: Any) -> None:
    """Run the worker until idle (views, the grading policy, the chain), as `serve` would."""
    measures = services.measures
    while True:
        if measures is not None:
            # re-read the published measures here, outside any view's transaction: a periodic
            # re-read inside a page would wait on that page's own SQLite write lock
            measures.refresh()
        if not services.worker.step():
            return


def history_start(until: datetime, months: int = 18) -> datetime:
    return until - timedelta(days=round(months * 30.44))


def _sweep(services: Any) -> None:
    """`Sweeps.run_all`, except that a sweep whose policy was not yet in force on the simulated
    day (the procedures take effect on 2026-04-01) is left out of that round."""
    sweeps = services.sweeps
    for name in sweeps.names:
        try:
            sweeps.run(name)
        except NoPolicyInForceError:
            continue


def load_demo(
    services: Any,
    *,
    subjects: int = 200,
    seed: int = 2026,
    until: datetime | None = None,
    months: int = 18,
    step_days: int = 14,
) -> str:
    """Replay `months` of history ending at `until` (default: the clock's instant when called,
    which for `credit-energy demo` is the real now). `services.clock` must be settable (the
    simulated or the manual clock) and is moved from the start to `until`, never beyond."""
    clock = services.clock
    until = (until or clock.now()).astimezone(UTC)
    start = history_start(until, months)
    clock.set(start)
    demo = generate(services, subjects, seed, start, until)
    admin = Actor(role="admin", org="资质中心")
    registrations = sorted(enumerate(demo.subjects), key=lambda x: (x[1][0], x[0]))
    records = sorted(enumerate(demo.records), key=lambda x: (x[1][0], x[0]))
    actions = sorted(enumerate(demo.actions), key=lambda x: (x[1][0], x[0]))
    ticks = [
        start + timedelta(days=step_days * k)
        for k in range(1, (until - start).days // step_days + 1)
    ]
    if not ticks or ticks[-1] < until:
        ticks.append(until)
    r = a = g = 0
    for tick in [start, *ticks]:
        clock.set(tick)
        while g < len(registrations) and registrations[g][1][0] <= tick:
            services.files.register_subject(RegisterSubject.of(registrations[g][1][1]), admin)
            g += 1
        batch: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        while r < len(records) and records[r][1][0] <= tick:
            _, unit, body = records[r][1]
            batch.setdefault(unit, []).append((records[r][0] + 1, body))
            r += 1
        for unit, rows in sorted(batch.items()):
            actor = Actor(role="provider", org=UNITS[unit][0], org_code=UNITS[unit][1])
            outcome = services.files.add_records(rows, actor)
            demo.accepted += outcome.accepted
            demo.rejected += len(outcome.rejected)
        if a < len(actions) and actions[a][1][0] <= tick:
            _drain(services)  # the scripted steps act on what the policies made of the records
        while a < len(actions) and actions[a][1][0] <= tick:
            _, what, act = actions[a][1]
            try:
                act()
                demo.done.append(what)
            except NoPolicyInForceError:
                demo.skipped.append(what)  # e.g. a history ending before the repair rules applied
            a += 1
        # the sweeps pick candidates from the views, which may lag this tick's commands: harmless,
        # the daily regrade reconciles every subject at the tick's instant anyway
        _sweep(services)
        _drain(services)
    return (
        f"demo: {len(demo.subjects)} subjects, {demo.accepted} records "
        f"({demo.rejected} rejected), {len(demo.done)} scripted steps"
        + (f" ({len(demo.skipped)} skipped)" if demo.skipped else "")
        + f", history {start.date()} .. {until.date()} at position {services.files.position()}"
    )


def demo_subjects(services: Any, per_status: int = 3) -> list[tuple[str, str, str]]:
    """A few subjects per status, (status, USCC, name), to try `GET /v1/checks/{uscc}` on."""
    e, s, g, m = list_entries.c, subject_summary.c, grade_view.c, objection_marks.c
    base = select(s.uscc, s.display_name).where(s.uscc.is_not(None))
    queries = {
        "black": base.join(list_entries, e.subject_id == s.subject_id).where(
            e.list == "black", e.status == "listed"
        ),
        "focus": base.join(list_entries, e.subject_id == s.subject_id).where(
            e.list == "focus", e.status == "listed"
        ),
        "red": base.join(list_entries, e.subject_id == s.subject_id).where(
            e.list == "red", e.status == "listed"
        ),
        "delisted": base.join(list_entries, e.subject_id == s.subject_id).where(
            e.status == "delisted"
        ),
        "objection": base.join(objection_marks, m.subject_id == s.subject_id).where(
            m.cleared_at.is_(None)
        ),
        "class A": base.join(grade_view, g.subject_id == s.subject_id).where(g.grade_class == "A"),
        "class D": base.join(grade_view, g.subject_id == s.subject_id).where(g.grade_class == "D"),
    }
    out: list[tuple[str, str, str]] = []
    with services.engine.connect() as conn:
        for status, query in queries.items():
            rows = conn.execute(query.distinct().order_by(s.uscc).limit(per_status)).all()
            out += [(status, str(uscc), str(name)) for uscc, name in rows]
    return out


DEMO_AGENCY = "国家发展和改革委员会"


def create_demo_keys(services: Any) -> list[tuple[str, str, str]]:
    """One key per role for trying the API: (role, org, key). The subject key is bound to the
    first demo company."""
    from sqlalchemy import select

    from adapters.files.tables import subject_summary

    t = subject_summary.c
    with services.engine.connect() as conn:
        subject_id = conn.execute(
            select(t.subject_id).where(t.uscc.is_not(None)).order_by(t.position).limit(1)
        ).scalar()
    unit, code = UNITS[0]
    wanted = [
        ("provider", unit, code, None),
        ("reviewer", unit, code, None),
        ("agency", DEMO_AGENCY, None, None),
        ("subject", "demo subject", None, subject_id),
        ("subscriber", "示例银行", None, None),
        ("auditor", "审计署", None, None),
        ("admin", "资质中心", None, None),
    ]
    return [
        (role, org, services.keys.create(role, org, org_code, sid))
        for role, org, org_code, sid in wanted
        if role != "subject" or sid
    ]
