"""What the demo decides up front (`Demo`) and the records it writes: licences, penalties,
honours, reports, a subject's background, and the steps the stories share."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from application.ports import Actor
from demo.names import (
    ASSOCIATION,
    CATALOGUE_FROM,
    LICENCE_TYPES,
    LICENCE_UNIT,
    PENALTY_TYPES,
    REGULATORS,
    TIER_WEIGHTS,
    UNITS,
    VIOLATIONS,
)


@dataclass
class Demo:
    """What the generator decided, and what happened while the history ran."""

    seed: int
    start: datetime
    until: datetime
    subjects: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)
    # (report instant, unit index, record body with "subject": USCC or resident ID)
    records: list[tuple[datetime, int, dict[str, Any]]] = field(default_factory=list)
    # (instant, what, action)
    actions: list[tuple[datetime, str, Callable[[], None]]] = field(default_factory=list)
    serial: int = 0
    accepted: int = 0
    rejected: int = 0
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial


def _licence(demo: Demo, decided: date) -> dict[str, Any]:
    n = demo.next_serial()
    return {
        "record_id": f"DEMO-{decided.year}-{n:07d}",
        "catalogue_code": "administrative_licence",
        "decision_no": f"国能许可〔{decided.year}〕{n % 997}号",
        "decided_on": decided.isoformat(),
        "legal_basis": "《电力业务许可证管理规定》",
        "summary": "电力业务许可证（发电类）",
        "content": {
            "licence_type": LICENCE_TYPES[n % len(LICENCE_TYPES)],
            "licence_no": f"1{n:010d}",
            "unit": LICENCE_UNIT[0],
        },
    }


def _penalty(
    demo: Demo,
    decided: date,
    tier: str,
    unit: str,
    violation: str,
    *,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    n = demo.next_serial()
    return {
        "record_id": f"DEMO-{decided.year}-{n:07d}",
        "catalogue_code": "administrative_penalty",
        "tier": tier,
        "decision_no": f"国能监罚〔{decided.year}〕{n % 997}号",
        "decided_on": decided.isoformat(),
        "legal_basis": "《电力监管条例》第三十一条",
        "summary": violation,
        "content": {
            "penalty_type": PENALTY_TYPES[n % len(PENALTY_TYPES)],
            "fine": [0, 10000, 50000, 200000][n % 4],
            "unit": unit,
            **(extra or {}),
        },
    }


def _honour(demo: Demo, decided: date) -> dict[str, Any]:
    n = demo.next_serial()
    return {
        "record_id": f"DEMO-{decided.year}-{n:07d}",
        "catalogue_code": "honour",
        "decision_no": f"中电联〔{decided.year}〕{n % 97}号",
        "decided_on": decided.isoformat(),
        "legal_basis": "行业评优办法",
        "summary": "年度安全生产先进单位",
        "content": {
            "honour_name": "年度安全生产先进单位",
            "awarding_body": ASSOCIATION[0],
            "unit": ASSOCIATION[0],
        },
    }


def _report(demo: Demo, rng: random.Random, decided: date) -> datetime:
    """When a decision reaches the service: a few days after it was made, never before the
    history starts, never after it ends."""
    at = datetime(decided.year, decided.month, decided.day, 2, tzinfo=UTC)
    at += timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
    return min(max(at, demo.start), demo.until)


def _background(demo: Demo, rng: random.Random, ident: str, registered: datetime) -> None:
    """1–6 records over the subject's history, a few of them decided before it started."""
    first = max(CATALOGUE_FROM, (demo.start - timedelta(days=240)).date())
    last = (demo.until - timedelta(days=2)).date()
    if last <= first:
        return
    for _ in range(rng.randint(1, 6)):
        decided = first + timedelta(days=rng.randint(0, (last - first).days))
        kind = rng.random()
        if kind < 0.45:
            body, unit = _licence(demo, decided), 0
        elif kind < 0.85:
            unit = rng.randrange(len(REGULATORS))
            tier = rng.choices([t for t, _ in TIER_WEIGHTS], [w for _, w in TIER_WEIGHTS])[0]
            body = _penalty(demo, decided, tier, UNITS[unit][0], rng.choice(VIOLATIONS))
        else:
            body, unit = _honour(demo, decided), len(UNITS) - 1
        at = max(_report(demo, rng, decided), registered)
        demo.records.append((at, unit, {**body, "subject": ident}))


def _subject_ref(services: Any, body: dict[str, Any]) -> str:
    """The subject_id a record names (a person's follows from the keyed ID number)."""
    if body["id_type"] == "uscc":
        return str(services.files.subject_id_of(body["id"]))
    return str(services.files.person_subject_id(body["id"]))


PROVIDER = Actor(role="provider", org=UNITS[0][0], org_code=UNITS[0][1])
REVIEWER = Actor(role="reviewer", org=UNITS[0][0], org_code=UNITS[0][1])


def _day(instant: datetime, days: int) -> date:
    return (instant + timedelta(days=days)).date()


def _at(instant: datetime, days: int) -> datetime:
    return instant + timedelta(days=days)


def _add(demo: Demo, at: datetime, body: dict[str, Any], record: dict[str, Any]) -> str:
    demo.records.append((at, 0, {**record, "subject": body["id"]}))
    return str(record["record_id"])


def _subject_actor(services: Any, body: dict[str, Any]) -> Actor:
    sid = str(services.files.subject_id_of(body["id"]))
    return Actor(role="subject", org=body["name"], subject_id=sid)


def _evidence(services: Any, actor: Actor, name: str, text: str) -> list[dict[str, Any]]:
    """Uploads one evidence file (as `POST /v1/me/evidence` does) and cites it."""
    store = services.rights.evidence
    assert actor.subject_id is not None
    saved = store.save(actor.subject_id, name, "text/plain", text.encode())
    return list(store.resolve(actor.subject_id, [saved["evidence_id"]]))


def _commit(demo: Demo, services: Any, body: dict[str, Any], at: datetime, kind: str) -> None:
    text = {
        "industry": "严格遵守能源行业自律公约，依法诚信经营，自愿接受社会监督。",
        "general": "按时足额缴纳电力市场交易结算款项，违反承诺自愿接受约束和惩戒。",
    }[kind]

    def act() -> None:
        services.commitments.make_commitment(body["id"], kind, text)

    demo.actions.append((at, f"commitment {kind} {body['id']}", act))
