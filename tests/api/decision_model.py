"""A model that proves the outputs agree (issue 13): a Hypothesis state machine over histories.

It drives the service through HTTP as its users would: registrations in several regions and
sectors; records of every tier and several catalogue codes decided on both sides of 2026-04-01
(the day the periods of Order 36 took over); revocations and corrections; objections filed and
decided; repairs requested, accepted, approved and rejected; commitments made and breached;
listing proposals cancelled; the clock moved across the 2026 holidays and make-up working days;
sweeps. After every step, for every subject:

- the check answer equals `domain.decision.decide` on the file replayed from its events (the
  batch check's item too), its shape `check_item`'s;
- the notices in effect (issued, not lifted) name, agency by agency, exactly the measures the
  decision says apply;
- the status is never `clear` while a listing applies, and a listing being replaced by an
  escalation stays in force;
- an as-of replay at an instant already past equals the answer the service gave at that instant,
  and a logged check replays to a match;
- every few steps and at the end, a rebuild of every view equals the live views.

`tests/api/test_decision_model.py` runs a bounded number of examples on SQLite in `make test`;
`bench/model_soak.py` runs it long on PostgreSQL.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import select

from adapters.joint.tables import notices
from domain.decision import Policy, decide
from domain.time import service_day
from tests.api import support
from tests.conftest import Harness
from tests.viewstate import view_state

UNIT = "国家能源局市场监管司"
# the harness's clock starts on Monday 2026-06-01 (the memorandum is in force from 2026-01-01);
# records are decided up to 420 days before the clock, on both sides of 2026-04-01
USCCS = ("91350200776049653A", "91440101MA5CJQ4N59", "914403003429409755", "91350213678251743X")
REGIONS = ("350200", "110105", "310101", "440100")
SECTORS = (["power"], ["coal"], ["oil_gas", "power"], ["new_energy"])
# moves of the clock: across midnights (Beijing and UTC), weeks, months; and onto the days
# around the 2026 holidays and make-up working days
MOVES = (
    timedelta(hours=17),
    timedelta(days=1),
    timedelta(days=3, hours=5),
    timedelta(days=11),
    timedelta(days=40),
    timedelta(days=97),
)
DATES = (
    "2026-06-18T23:30:00+08:00",  # the eve of the Dragon Boat holiday (19-21 June)
    "2026-09-20T07:30:00+08:00",  # a make-up Sunday (still 19 September in UTC)
    "2026-09-24T09:00:00+08:00",  # before the Mid-Autumn holiday (25-27 September)
    "2026-10-10T09:00:00+08:00",  # a make-up Saturday after National Day (1-7 October)
    "2027-01-04T00:30:00+08:00",  # after New Year, past midnight in Beijing only
)
REBUILD_EVERY = 8  # steps between rebuilds of every view (and one at the end)
ANY = {200, 201, 400, 403, 404, 409, 413, 422}  # a 5xx is never acceptable


@dataclass
class World:
    """What the model remembers of the history it made."""

    subjects: dict[str, str] = field(default_factory=dict)  # uscc -> subject_id
    records: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (uscc, code)
    objections: dict[str, str] = field(default_factory=dict)  # open objection -> uscc
    repairs: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (uscc, stage)
    commitments: dict[str, str] = field(default_factory=dict)  # id -> uscc
    evidence: dict[str, str] = field(default_factory=dict)  # uscc -> evidence id
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # the latest, per subject
    given: list[tuple[str, dict[str, dict[str, Any]]]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    serial: int = 0


def _comparable(answer: dict[str, Any]) -> dict[str, Any]:
    """A check item without what differs by call (the check id, receipt, as_of, a batch id)."""
    return {k: v for k, v in answer.items() if k not in ("check_id", "receipt", "as_of", "id")}


def _replayed(answer: dict[str, Any]) -> dict[str, Any]:
    """What an as-of replay and a check both state (a replay lists every listing of the file
    with its state; a check the listings in force)."""
    in_force = [i for i in answer["listings"] if i.get("status", "listed") == "listed"]
    return {
        "status": answer["status"],
        "class": answer["class"],
        "score": answer["score"],
        "unrated_reason": answer["unrated_reason"],
        "listing_ids": sorted(i["listing_id"] for i in in_force),
        "measure_ids": sorted(m["measure_id"] for m in answer["measures"]),
    }


class DecisionModel(RuleBasedStateMachine):
    """The state machine; `harness_factory` (set by the runner) yields a fresh service."""

    harness_factory: Callable[[], Iterator[Harness]]
    steps_run = 0  # across every example of a run (the soak prints it)
    seen: Counter[str] = Counter()  # statuses and classes the checks answered, across a run

    def __init__(self) -> None:
        super().__init__()
        self._gen = type(self).harness_factory()
        self.h: Harness = next(self._gen)
        self.world = World()
        self.steps = 0
        self.keys: dict[str, dict[str, str]] = {}

    def teardown(self) -> None:
        try:
            if self.steps:
                self._rebuild_equals_live()
        finally:
            self._gen.close()

    # -- helpers ---------------------------------------------------------------------------

    def key(self, role: str, org: str = UNIT, subject: str | None = None) -> dict[str, str]:
        name = f"{role}:{org}:{subject}"
        if name not in self.keys:
            self.keys[name] = self.h.key(role, org=org, subject=subject)
        return self.keys[name]

    def call(self, method: str, url: str, headers: dict[str, str], **kw: Any) -> Any:
        r = self.h.client.request(method, url, headers=headers, **kw)
        assert r.status_code in ANY, (method, url, r.status_code, r.text)
        return r

    def now(self) -> datetime:
        return self.h.services.clock.now()  # type: ignore[no-any-return]

    def next_id(self, prefix: str) -> str:
        self.world.serial += 1
        return f"{prefix}-{self.world.serial:04d}"

    # -- the history -----------------------------------------------------------------------

    @initialize(n=st.integers(min_value=1, max_value=3))
    def open_files(self, n: int) -> None:
        for i in range(n):
            self._register(i)

    @precondition(lambda self: len(self.world.subjects) < len(USCCS))
    @rule()
    def register(self) -> None:
        self._register(len(self.world.subjects))

    def _register(self, i: int) -> None:
        """Even subjects are new files; odd ones were opened in January 2025 (a file kept by an
        earlier system: its Registered event stamped then) and hold an honour, so that their
        files are evaluated: class A, the red list and incentives come into play."""
        uscc = USCCS[i]
        body = {
            "id_type": "uscc",
            "id": uscc,
            "name": f"模型能源{i}有限公司",
            "kind": "legal_person",
            "sectors": SECTORS[i],
            "region": REGIONS[i],
        }
        if i % 2:
            self.world.subjects[uscc] = support.register_established(self.h, body)
            return
        r = self.call("POST", "/v1/subjects", self.key("provider"), json=body)
        assert r.status_code == 201, r.text
        self.world.subjects[uscc] = r.json()["subject_id"]

    @rule(
        data=st.data(),
        kind=st.sampled_from(
            ("serious", "serious", "general", "light", "honour", "agencies", "evaluation")
        ),
        days_ago=st.integers(min_value=0, max_value=420),
    )
    def add_record(self, data: st.DataObject, kind: str, days_ago: int) -> None:
        uscc = data.draw(st.sampled_from(sorted(self.world.subjects)))
        decided = max(service_day(self.now()) - timedelta(days=days_ago), date(2025, 1, 2))
        rid = self.next_id("R")
        body: dict[str, Any] = {"record_id": rid, "decided_on": decided.isoformat()}
        if kind in ("serious", "general", "light"):
            code = "administrative_penalty"
            body.update(
                catalogue_code=code,
                tier=kind,
                decision_no=f"国能监罚〔2026〕{self.world.serial}号",
                legal_basis="《电力监管条例》第三十一条",
                summary="违规参与电力市场交易",
                content={"penalty_type": "罚款"},
            )
        elif kind == "honour":
            code = "honour"
            body.update(
                catalogue_code=code,
                summary="安全生产先进单位",
                content={"honour_name": "安全生产先进单位", "awarding_body": "国家能源局"},
            )
        elif kind == "agencies":
            code = "tax_arrears"  # shared between agencies only
            body.update(catalogue_code=code, content={"amount": 1000})
        else:
            code = "evaluation_result"
            body.update(catalogue_code=code, content={"grade": "A", "evaluator": "某评价机构"})
        r = self.call("POST", f"/v1/subjects/{uscc}/records", self.key("provider"), json=body)
        if r.status_code == 201:
            self.world.records[rid] = (uscc, code)

    @precondition(lambda self: self.world.commitments)
    @rule(data=st.data())
    def breach_commitment(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(sorted(self.world.commitments)))
        uscc = self.world.commitments.pop(cid)
        rid = self.next_id("B")
        body = {
            "record_id": rid,
            "catalogue_code": "commitment_breach",
            "decided_on": service_day(self.now()).isoformat(),
            "summary": "未履行信用承诺",
            "content": {"commitment_type": "general", "commitment_id": cid},
        }
        r = self.call("POST", f"/v1/subjects/{uscc}/records", self.key("provider"), json=body)
        if r.status_code == 201:
            self.world.records[rid] = (uscc, "commitment_breach")

    @rule(data=st.data())
    def make_commitment(self, data: st.DataObject) -> None:
        uscc = data.draw(st.sampled_from(sorted(self.world.subjects)))
        me = self.key("subject", org=uscc, subject=uscc)
        text = f"依法诚信经营{self.next_id('C')}"
        body = {"kind": "general", "text": text}
        r = self.call("POST", "/v1/me/commitments", me, json=body)
        if r.status_code == 201:
            self.world.commitments[r.json()["commitment_id"]] = uscc

    @precondition(lambda self: self.world.records)
    @rule(data=st.data(), revoke=st.booleans())
    def revoke_or_correct(self, data: st.DataObject, revoke: bool) -> None:
        rid = data.draw(st.sampled_from(sorted(self.world.records)))
        if revoke:
            self.call("POST", f"/v1/records/{rid}:revoke", self.key("provider"), json={
                "reason": "决定被撤销"})  # fmt: skip
            return
        tier = data.draw(st.sampled_from(("light", "general", "serious")))
        body = {"changes": {"tier": tier}, "reason": "更正严重程度"}
        self.call("POST", f"/v1/records/{rid}:correct", self.key("provider"), json=body)

    @precondition(lambda self: self.world.records)
    @rule(data=st.data())
    def file_objection(self, data: st.DataObject) -> None:
        rid = data.draw(st.sampled_from(sorted(self.world.records)))
        uscc = self.world.records[rid][0]
        me = self.key("subject", org=uscc, subject=uscc)
        body = {"record_id": rid, "grounds": "error", "statement": "记录有误"}
        r = self.call("POST", "/v1/me/objections", me, json=body)
        if r.status_code == 201:
            self.world.objections[r.json()["objection_id"]] = uscc

    @precondition(lambda self: self.world.objections)
    @rule(data=st.data(), outcome=st.sampled_from(("upheld", "rejected", "rejected")))
    def decide_objection(self, data: st.DataObject, outcome: str) -> None:
        oid = data.draw(st.sampled_from(sorted(self.world.objections)))
        body = {"outcome": outcome, "reasons": "经核查", "revoke": outcome == "upheld"}
        r = self.call("POST", f"/v1/objections/{oid}/decision", self.key("reviewer"), json=body)
        if r.status_code == 200:
            del self.world.objections[oid]

    @precondition(lambda self: self.world.records)
    @rule(data=st.data())
    def request_repair(self, data: st.DataObject) -> None:
        rid = data.draw(st.sampled_from(sorted(self.world.records)))
        uscc = self.world.records[rid][0]
        me = self.key("subject", org=uscc, subject=uscc)
        if uscc not in self.world.evidence:
            r = self.call(
                "POST", "/v1/me/evidence", me, params={"name": "r.pdf"}, content=uscc.encode()
            )
            self.world.evidence[uscc] = r.json()["evidence_id"]
        body = {"record_id": rid, "commitment": "依法经营", "evidence": [self.world.evidence[uscc]]}
        r = self.call("POST", "/v1/me/repairs", me, json=body)
        if r.status_code == 201:
            self.world.repairs[r.json()["repair_id"]] = (uscc, "requested")

    @precondition(lambda self: self.world.repairs)
    @rule(data=st.data(), action=st.sampled_from(("accept", "approve", "approve", "reject")))
    def decide_repair(self, data: st.DataObject, action: str) -> None:
        repair_id = data.draw(st.sampled_from(sorted(self.world.repairs)))
        uscc, stage = self.world.repairs[repair_id]
        body = {"action": action, "reasons": "经审核"}
        url = f"/v1/repairs/{repair_id}/decision"
        r = self.call("POST", url, self.key("reviewer"), json=body)
        if r.status_code == 200:
            if action == "accept":
                self.world.repairs[repair_id] = (uscc, "accepted")
            else:
                del self.world.repairs[repair_id]

    @rule(data=st.data())
    def cancel_a_proposal(self, data: st.DataObject) -> None:
        uscc = data.draw(st.sampled_from(sorted(self.world.subjects)))
        file = self.call("GET", f"/v1/subjects/{uscc}", self.key("admin")).json()
        proposed = [i["listing_id"] for i in file["listings"] if i["status"] == "proposed"]
        if not proposed:
            return
        listing_id = data.draw(st.sampled_from(proposed))
        body = {"action": "cancel", "reasons": "经复核不予列入"}
        self.call("POST", f"/v1/listings/{listing_id}/decision", self.key("reviewer"), json=body)

    @rule(data=st.data(), sweep=st.booleans())
    def move_clock(self, data: st.DataObject, sweep: bool) -> None:
        now = self.now()
        later = [d for d in map(datetime.fromisoformat, DATES) if d > now]
        target = data.draw(st.sampled_from([now + m for m in MOVES] + later[:1]))
        self.world.given.append((now.isoformat(), dict(self.world.answers)))  # final at `now`
        self.h.set_clock(target)
        if sweep:
            self.run_sweeps()

    @rule()
    def run_sweeps(self) -> None:
        r = self.call("POST", "/v1/admin/sweeps:run", self.key("admin"))
        assert r.status_code == 200, r.text

    # -- what must hold after every step ---------------------------------------------------

    @invariant()
    def outputs_agree(self) -> None:
        self.steps += 1
        type(self).steps_run += 1
        self.h.catch_up()
        services = self.h.services
        now = self.now()
        day = service_day(now)
        replay = services.replay
        policy = Policy(services.grading.rulebook_on(day), replay.catalogue_on(day))
        agency = self.key("admin", org="资质中心")
        batch = self.call(
            "POST", "/v1/checks:batch", agency, json={"ids": sorted(self.world.subjects),
                                                      "all_measures": True},
        ).json()  # fmt: skip
        by_id = {item["id"]: item for item in batch["results"]}
        self.world.checks.append(batch["check_id"])
        effective = self._notices_in_effect()
        for uscc, sid in sorted(self.world.subjects.items()):
            answer = self.call(
                "GET", f"/v1/checks/{uscc}", agency, params={"all_measures": "true"}
            ).json()
            found = replay.subject_at(services.files.subject_id_of(uscc))
            assert found is not None
            subject = found.subject
            decision = decide(subject, now, policy)
            expected = decision.item(
                {"subject_id": sid, "uscc": uscc, "name": subject.name}, answer["as_of"]
            )
            assert _comparable(answer) == _comparable(json.loads(json.dumps(expected))), uscc
            assert _comparable(by_id[uscc]) == _comparable(answer), uscc
            # never clear while a listing applies; a listing being replaced stays in force
            listed = [i for i in subject.listings.values() if i["status"] == "listed"]
            assert (answer["status"] == "clear") == (not listed), uscc
            for item in subject.listings.values():
                replaces = item.get("replaces")
                if item["status"] == "proposed" and replaces:
                    assert subject.listings[replaces]["status"] == "listed", (uscc, replaces)
            # the notices in effect name the measures that apply, agency by agency
            applying: dict[str, set[str]] = defaultdict(set)
            for m in decision.measures:
                applying[m.agency].add(m.measure_id)
            assert effective.get(sid, {}) == dict(applying), uscc
            self.world.answers[uscc] = answer
            type(self).seen[f"status {answer['status']}"] += 1
            type(self).seen[f"class {answer['class']}"] += 1
        self.world.checks.append(answer["check_id"] if self.world.subjects else "")
        self._past_answers_replay()
        if self.steps % REBUILD_EVERY == 0:
            self._rebuild_equals_live()

    def _notices_in_effect(self) -> dict[str, dict[str, set[str]]]:
        """Per subject and agency, the measure ids of the sanctions and incentives issued and
        not lifted (a lift names the listing, or the class, whose notices it lifts)."""
        active: dict[tuple[str, str, str], set[str]] = {}
        with self.h.services.engine.connect() as conn:
            rows = conn.execute(select(notices).order_by(notices.c.position, notices.c.agency))
            for r in rows:
                cause = r.listing_id or f"class:{r.grade_class}"
                key = (r.subject_id, r.agency, cause)
                if r.type == "lift":
                    active.pop(key, None)
                else:
                    active[key] = {m["measure_id"] for m in r.measures}
        out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for (sid, agency, _), ids in active.items():
            if ids:
                out[sid][agency] |= ids
        return {sid: dict(agencies) for sid, agencies in out.items()}

    def _past_answers_replay(self) -> None:
        """The last past instant (its answers final once the clock moved on) replays to the
        answers given then; the latest logged check replays to a match."""
        auditor = self.key("auditor")
        given = self.world.given
        # the latest past instant, and one earlier one in turn (every one over the steps)
        instants = dict([given[self.steps % len(given)], given[-1]]) if given else {}
        for instant, answers in sorted(instants.items()):
            for uscc, was in sorted(answers.items()):
                then = self.call(
                    "GET", f"/v1/audit/subjects/{uscc}", auditor, params={"as_of": instant}
                ).json()
                assert _replayed(then) == _replayed(was), (uscc, instant)
        if self.world.checks and self.world.checks[-1]:
            r = self.call("GET", f"/v1/audit/checks/{self.world.checks[-1]}/replay", auditor)
            assert r.json()["match"], r.json()["differences"]

    def _rebuild_equals_live(self) -> None:
        self.h.catch_up()
        runner = self.h.services.runner
        engine = self.h.services.engine
        live = {p.name: view_state(engine, p) for p in runner.projections}
        for p in runner.projections:
            runner.reset(p.name)
        runner.catch_up()
        for p in runner.projections:
            assert view_state(engine, p) == live[p.name], p.name
