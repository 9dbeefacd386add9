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

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from adapters.files.tables import list_entries, subject_summary
from adapters.grading.tables import grade_view
from adapters.subject_rights.tables import objection_marks
from application.commands import RegisterSubject
from application.ports import Actor
from domain.errors import NoPolicyInForceError
from domain.identifiers import generate_resident_id, generate_uscc

PLACES = [
    ("110000", "北京"),
    ("310000", "上海"),
    ("440100", "广州"),
    ("440300", "深圳"),
    ("350200", "厦门"),
    ("320100", "南京"),
    ("330100", "杭州"),
    ("510100", "成都"),
    ("610100", "西安"),
    ("140100", "太原"),
    ("150200", "包头"),
    ("650100", "乌鲁木齐"),
    ("370200", "青岛"),
    ("420100", "武汉"),
    ("230100", "哈尔滨"),
    ("620100", "兰州"),
]
WORDS = [
    "华能",
    "国润",
    "恒源",
    "瑞丰",
    "中泰",
    "鑫达",
    "宏远",
    "长青",
    "金泽",
    "汇通",
    "天元",
    "东方",
    "新海",
    "安泰",
    "博源",
    "嘉禾",
    "永盛",
    "明阳",
    "远景",
    "正泰",
]
SECTOR_SUFFIX = {
    "power": ["电力有限公司", "发电有限责任公司", "售电有限公司", "电网工程有限公司"],
    "coal": ["煤业有限公司", "矿业集团有限公司", "煤炭运销有限公司"],
    "oil_gas": ["燃气有限公司", "石油化工有限公司", "天然气管道有限公司"],
    "new_energy": ["新能源有限公司", "光伏科技有限公司", "风电有限公司", "储能技术有限公司"],
    "other": ["能源服务有限公司", "节能科技有限公司"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静磊洋勇艳杰军强平刚桂英华明辉"
# (source unit, its code); UNITS[0] reports licences and the scripted stories' penalties, so the
# demo's provider and reviewer keys (issued to UNITS[0]) see those cases
UNITS = [
    ("国家能源局市场监管司", "11100000MB0169262X"),
    ("国家能源局电力安全监管司", "11100000MB0169262X"),
    ("华北能源监管局", "11100000MB01692704"),
    ("南方能源监管局", "11100000MB0169297G"),
    ("中国电力企业联合会", "51100000500000511L"),
]
PENALTY_TYPES = ["警告", "罚款", "没收违法所得", "暂扣许可证", "责令停产停业", "通报批评"]
VIOLATIONS = [
    "未按规定报送电力调度信息",
    "违规参与电力市场交易",
    "安全生产责任落实不到位",
    "未按规定办理电力业务许可变更",
    "煤矿超能力生产",
    "天然气管网设施公平开放信息未公开",
]
LICENCE_TYPES = ["普通", "特许", "认可", "核准", "登记"]


def _company(rng: random.Random) -> dict[str, Any]:
    division, place = rng.choice(PLACES)
    sector = rng.choice(list(SECTOR_SUFFIX))
    name = place + rng.choice(WORDS) + rng.choice(SECTOR_SUFFIX[sector])
    return {
        "id_type": "uscc",
        "id": generate_uscc(rng, division=division),
        "name": name,
        "kind": rng.choice(["legal_person"] * 8 + ["other_org", "individual_business"]),
        "sectors": [sector],
        "region": division,
        "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
    }


def _person(rng: random.Random) -> dict[str, Any]:
    division, _ = rng.choice(PLACES)
    return {
        "id_type": "resident_id",
        "id": generate_resident_id(rng, division=division),
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "kind": "natural_person",
        "sectors": [rng.choice(["power", "coal"])],
        "region": division,
    }


CATALOGUE_FROM = date(2025, 1, 2)  # the first catalogue we hold is in force from 2025-01-01
REGULATORS = UNITS[:4]
ASSOCIATION = UNITS[4]
LICENCE_UNIT = UNITS[0]
TIER_WEIGHTS = (("light", 6), ("general", 12), ("serious", 1))


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


def generate(services: Any, subjects: int, seed: int, start: datetime, until: datetime) -> Demo:
    """The subjects, their records and the scripted stories, decided up front by the seed."""
    rng = random.Random(seed)
    demo = Demo(seed=seed, start=start, until=until)
    span = until - start
    for i in range(subjects):
        body = _person(rng) if i % 25 == 24 else _company(rng)
        # most subjects were on file when the history starts; the rest register along the way
        registered = (
            start if rng.random() < 0.8 or i < len(STORIES) else start + span * rng.random()
        )
        demo.subjects.append((registered, body))
    # the first subjects are companies (every 25th is a person): one scripted story each
    for registered, body in demo.subjects[len(STORIES) :]:
        _background(demo, rng, _subject_ref(services, body), registered)
    for story, (_, body) in zip(STORIES, demo.subjects, strict=False):
        story(demo, services, body)
    if demo.subjects:
        # a tenth of the companies make an industry self-discipline commitment when they register
        for registered, body in demo.subjects[len(STORIES) :: 10]:
            if body["id_type"] == "uscc":
                _commit(demo, services, body, registered + timedelta(hours=1), "industry")
    return demo


# -- the scripted stories: one subject each, so that every state a newcomer should meet exists ---

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


def story_black(demo: Demo, services: Any, body: dict[str, Any]) -> None:
    """A serious penalty early on: proposed, the notice window closes, listed (for 36 months)."""
    s = demo.start
    _add(demo, s, body, _licence(demo, _day(s, -120)))
    _add(demo, _at(s, 25), body, _penalty(demo, _day(s, 20), "serious", UNITS[0][0], VIOLATIONS[4]))


def story_repaired(demo: Demo, services: Any, body: dict[str, Any]) -> None:
    """Black-listed after a serious penalty; a year on, the subject pays, commits and applies for
    repair with evidence; the source unit accepts and approves: publicity ends, delisted."""
    s, e = demo.start, demo.until
    rid = _add(
        demo, _at(s, 14), body, _penalty(demo, _day(s, 10), "serious", UNITS[0][0], VIOLATIONS[1])
    )
    case: dict[str, str] = {}

    def request() -> None:
        actor = _subject_actor(services, body)
        evidence = _evidence(services, actor, "罚款缴纳凭证.txt", f"{rid} 罚款已于期限内足额缴纳。")
        evidence += _evidence(services, actor, "整改报告.txt", "交易行为整改完成，内控制度已修订。")
        filed = services.rights.repairs.request_repair(
            actor, rid, None, "本单位已履行处罚决定并完成整改，承诺今后依法诚信经营。", evidence
        )
        case["repair_id"] = filed.repair_id

    def accept() -> None:
        services.rights.repairs.decide_repair(case["repair_id"], "accept", "", REVIEWER)

    def approve() -> None:
        services.rights.repairs.decide_repair(
            case["repair_id"], "approve", "已履行法定义务并完成整改，准予信用修复。", REVIEWER
        )

    demo.actions.append((_at(e, -50), f"repair requested by {body['id']}", request))
    demo.actions.append((_at(e, -46), "repair accepted", accept))
    demo.actions.append((_at(e, -38), "repair approved", approve))


def story_focus_expired(demo: Demo, services: Any, body: dict[str, Any]) -> None:
    """Three general penalties within months: focus-listed for 12 months, then it expires (the
    decisions set a rectification deadline beyond the listing, so it never escalates)."""
    s = demo.start
    for days in (5, 12, 19):
        decided = _day(s, days)
        extra = {"rectify_by": (decided + timedelta(days=500)).isoformat()}
        record = _penalty(demo, decided, "general", UNITS[0][0], VIOLATIONS[0], extra=extra)
        _add(demo, _at(s, days + 3), body, record)


def story_red_delisted(demo: Demo, services: Any, body: dict[str, Any]) -> None:
    """A clean class A file: red-listed after a clean year; a new penalty ends the red listing."""
    s, e = demo.start, demo.until
    _add(demo, s, body, _licence(demo, _day(s, -90)))
    _add(demo, s, body, _honour(demo, _day(s, -60)))
    _add(
        demo, _at(e, -30), body, _penalty(demo, _day(e, -35), "general", UNITS[0][0], VIOLATIONS[3])
    )


def story_objection_decided(demo: Demo, services: Any, body: dict[str, Any]) -> None:
    """A serious penalty is proposed for the black list; the subject objects inside the notice
    window (the proposal is held); the source unit rejects the objection; the window has closed
    by then, so the next sweep lists the subject."""
    e = demo.until
    record = _penalty(demo, _day(e, -70), "serious", UNITS[0][0], VIOLATIONS[2])
    rid = _add(demo, _at(e, -66), body, record)
    case: dict[str, str] = {}

    def object_() -> None:
        actor = _subject_actor(services, body)
        subject = services.files.get_subject(actor.subject_id)
        listing = next(i for i in subject.listings.values() if rid in i["basis_record_ids"])
        filed = services.rights.objections.file_objection(
            actor,
            None,
            listing["listing_id"],
            "error",
            "处罚所涉安全责任事故系外包单位所致，不应列入严重失信主体名单。",
            _evidence(services, actor, "外包合同.txt", "安全生产责任由承包方承担（合同第七条）。"),
        )
        case["objection_id"] = filed.objection_id

    def reject() -> None:
        services.rights.objections.decide_objection(
            case["objection_id"],
            "rejected",
            "经复核，发包单位对外包工程负有统一协调管理责任，原认定事实清楚、依据充分。",
            False,
            {},
            REVIEWER,
        )

    demo.actions.append((_at(e, -62), f"objection filed by {body['id']}", object_))
    demo.actions.append((_at(e, -56), "objection rejected", reject))


def story_objection_open(demo: Demo, services: Any, body: dict[str, Any]) -> None:
    """A recent general penalty the subject objects to a week before the end: still open, so the
    record carries an objection mark (异议标注)."""
    e = demo.until
    _add(demo, _at(e, -120), body, _licence(demo, _day(e, -125)))
    rid = _add(
        demo, _at(e, -16), body, _penalty(demo, _day(e, -20), "general", UNITS[0][0], VIOLATIONS[5])
    )

    def object_() -> None:
        actor = _subject_actor(services, body)
        services.rights.objections.file_objection(
            actor,
            rid,
            None,
            "mismatch",
            "处罚决定书载明的信息公开期限与系统公示不一致，申请核实更正。",
            _evidence(services, actor, "处罚决定书.txt", "公开期限：自作出之日起三个月。"),
        )

    demo.actions.append((_at(e, -6), f"objection filed by {body['id']}", object_))


def story_commitment_breached(demo: Demo, services: Any, body: dict[str, Any]) -> None:
    """A credit commitment, then a record that breaches it: focus-listed (rule
    focus.commitment_breach), still listed at the end."""
    s, e = demo.start, demo.until
    _commit(demo, services, body, _at(s, 30), "general")

    def breach() -> None:
        subject = services.files.get_subject(body["id"])
        cid = next(c for c in subject.commitments.values() if c.kind == "general")
        record = _penalty(
            demo,
            _day(e, -64),
            "general",
            UNITS[0][0],
            "违反信用承诺，未按期缴纳电力市场交易结算款项",
            extra={"commitment_id": cid.commitment_id},
        )
        outcome = services.files.add_records([(1, {**record, "subject": body["id"]})], PROVIDER)
        if outcome.rejected:
            raise RuntimeError(f"demo record rejected: {outcome.rejected}")

    demo.actions.append((_at(e, -60), f"commitment breached by {body['id']}", breach))


STORIES: list[Callable[[Demo, Any, dict[str, Any]], None]] = [
    story_black,
    story_repaired,
    story_focus_expired,
    story_red_delisted,
    story_objection_decided,
    story_objection_open,
    story_commitment_breached,
]


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
