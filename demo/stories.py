"""The scripted stories, one subject each (so that every state a newcomer should meet exists),
and `generate`, which decides the whole population by the seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from demo.names import UNITS, VIOLATIONS, _company, _person
from demo.records import (
    PROVIDER,
    REVIEWER,
    Demo,
    _add,
    _at,
    _background,
    _commit,
    _day,
    _evidence,
    _honour,
    _licence,
    _penalty,
    _subject_actor,
    _subject_ref,
)


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
