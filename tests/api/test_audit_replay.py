"""Auditors' replay: checks re-answered from the event history, as-of and valid-on views."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from sqlalchemy import select

from adapters.joint.tables import check_log
from domain.identifiers import generate_uscc
from tests.conftest import Harness

UNIT = "国家能源局市场监管司"  # the provider's and reviewer's org (default key org)
AGENCIES = ("财政部", "中国人民银行", "国家发展和改革委员会", "国家能源局")
MATTERS = ("procurement", "financing", "bidding", "licensing", "subsidy")


def penalty(record_id: str, tier: str, decided_on: str) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "catalogue_code": "administrative_penalty",
        "tier": tier,
        "decision_no": f"国能监罚〔2026〕{record_id[-4:]}号",
        "decided_on": decided_on,
        "legal_basis": "《电力监管条例》第三十一条",
        "summary": "违规参与电力市场交易",
        "content": {"penalty_type": "罚款"},
    }


class World:
    """A history built through the API on the manual clock, checked along the way."""

    def __init__(self, h: Harness, seed: int = 20260601) -> None:
        self.h = h
        self.rng = random.Random(seed)
        self.provider = h.key("provider", org=UNIT)
        self.reviewer = h.key("reviewer", org=UNIT)
        self.admin = h.key("admin")
        self.agencies = {org: h.key("agency", org=org) for org in AGENCIES}
        codes: set[str] = set()
        while len(codes) < 6:
            codes.add(generate_uscc(self.rng, "350200"))
        self.usccs = sorted(codes)
        self.ids: dict[str, str] = {}
        self.checks = 0

    def at(self, instant: str) -> None:
        self.h.set_clock(instant)

    def register(self, uscc: str) -> None:
        body = {
            "id_type": "uscc",
            "id": uscc,
            "name": f"厦门测试能源有限公司{uscc[-4:]}",
            "kind": "legal_person",
            "sectors": ["power"],
            "region": "350200",
        }
        r = self.h.client.post("/v1/subjects", json=body, headers=self.provider)
        assert r.status_code == 201, r.text
        self.ids[uscc] = r.json()["subject_id"]

    def record(self, uscc: str, record_id: str, tier: str, decided_on: str) -> None:
        r = self.h.client.post(
            f"/v1/subjects/{uscc}/records",
            json=penalty(record_id, tier, decided_on),
            headers=self.provider,
        )
        assert r.status_code == 201, r.text

    def revoke(self, record_id: str) -> None:
        r = self.h.client.post(
            f"/v1/records/{record_id}:revoke", json={"reason": "复议撤销"}, headers=self.provider
        )
        assert r.status_code == 200, r.text

    def sweep(self) -> None:
        r = self.h.client.post("/v1/admin/sweeps:run", headers=self.admin)
        assert r.status_code == 200, r.text

    def black_listed(self, uscc: str, *general: str) -> None:
        """A subject with serious record NEA-2026-0001 (and general records with the ids given),
        listed black by the sweep once its advance notice has run out (2026-06-20)."""
        self.register(uscc)
        self.record(uscc, "NEA-2026-0001", "serious", "2026-05-20")
        for record_id in general:
            self.record(uscc, record_id, "general", "2026-05-21")
        self.h.catch_up()
        self.at("2026-06-20T09:00:00+08:00")
        self.sweep()
        self.h.catch_up()

    def repair(self, uscc: str, record_id: str, approve_at: str) -> None:
        me = self.h.key("subject", subject=uscc)
        r = self.h.client.post(
            "/v1/me/evidence",
            files={"file": ("receipt.pdf", b"fine paid", "application/pdf")},
            headers=me,
        )
        assert r.status_code == 201, r.text
        body = {
            "record_id": record_id,
            "commitment": "本单位承诺依法合规经营",
            "evidence": [r.json()["evidence_id"]],
        }
        r = self.h.client.post("/v1/me/repairs", json=body, headers=me)
        assert r.status_code == 201, r.text
        url = f"/v1/repairs/{r.json()['repair_id']}/decision"
        r = self.h.client.post(url, json={"action": "accept"}, headers=self.reviewer)
        assert r.status_code == 200, r.text
        self.at(approve_at)
        r = self.h.client.post(
            url, json={"action": "approve", "reasons": "义务已履行"}, headers=self.reviewer
        )
        assert r.status_code == 200 and r.json()["status"] == "approved", r.text

    def check_some(self, n: int = 3) -> None:
        """Singles and batches by random agencies, matters and refs (a view may lag)."""
        for _ in range(n):
            org = self.rng.choice(AGENCIES)
            matter = self.rng.choice(MATTERS)
            every = self.rng.random() < 0.3
            if self.rng.random() < 0.7:
                uscc = self.rng.choice(self.usccs)
                ref = uscc if self.rng.random() < 0.5 else self.ids.get(uscc, uscc)
                r = self.h.client.get(
                    f"/v1/checks/{ref}",
                    params={"matter": matter, "all_measures": str(every).lower()},
                    headers=self.agencies[org],
                )
                assert r.status_code in (200, 404), r.text
            else:
                refs = self.rng.sample(self.usccs, 3) + ["91350200MA2XXXXX0X"]
                r = self.h.client.post(
                    "/v1/checks:batch",
                    json={"ids": refs, "matter": matter, "all_measures": every},
                    headers=self.agencies[org],
                )
                assert r.status_code == 200, r.text
            self.checks += 1


def build_history(h: Harness) -> World:
    w = World(h)
    s0, s1, s2, s3, s4, s5 = w.usccs
    w.check_some(2)  # nobody registered yet: every ref unknown
    for uscc in w.usccs:
        w.register(uscc)
    w.check_some(3)  # before the worker ran: the views are behind, the log says so
    h.catch_up()
    w.check_some()
    w.at("2026-06-02T10:00:00+08:00")
    w.record(s0, "NEA-2026-0001", "serious", "2026-05-20")  # black proposal by the policy
    for n, day in enumerate(("2026-04-10", "2026-05-02", "2026-05-25"), start=2):
        w.record(s1, f"NEA-2026-000{n}", "general", day)  # three general: focus proposal
        w.record(s3, f"NEA-2026-001{n}", "general", day)
    w.record(s2, "NEA-2026-0020", "general", "2026-05-28")
    w.check_some()
    h.catch_up()
    w.check_some()
    w.at("2026-06-20T09:00:00+08:00")  # the advance-notice windows have closed
    w.sweep()
    w.check_some()
    h.catch_up()
    w.check_some(4)
    w.at("2026-07-01T09:00:00+08:00")
    w.revoke("NEA-2026-0003")  # a basis of s1's focus listing: delisted
    w.check_some()
    h.catch_up()
    w.check_some(4)
    w.at("2026-09-01T09:00:00+08:00")
    w.repair(s3, "NEA-2026-0013", "2026-09-03T09:00:00+08:00")
    w.check_some()
    h.catch_up()
    w.check_some(4)
    w.at("2026-12-01T09:00:00+08:00")
    w.sweep()
    h.catch_up()
    w.check_some(4)
    for instant in ("2027-03-01T09:00:00+08:00", "2027-06-05T09:00:00+08:00"):
        w.at(instant)  # publicity ends, focus deadlines pass, old clean files may turn red
        w.sweep()
        w.check_some()
        h.catch_up()
        w.check_some(4)
    w.record(s5, "NEA-2027-0001", "serious", "2027-06-01")
    w.record(s4, "NEA-2027-0002", "light", "2027-06-01")
    h.catch_up()
    w.check_some(4)
    w.at("2027-07-01T09:00:00+08:00")
    w.sweep()
    h.catch_up()
    w.check_some(4)
    while w.checks < 110:
        w.check_some(5)
    return w


def replay(h: Harness, check_id: str) -> dict[str, Any]:
    r = h.client.get(f"/v1/audit/checks/{check_id}/replay", headers=h.key("auditor"))
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_for_100_random_logged_checks_the_replayed_answers_equal_the_logged_ones(
    harness: Harness,
):
    world = build_history(harness)
    with harness.services.engine.connect() as conn:
        logged = [
            r.check_id
            for r in conn.execute(select(check_log.c.check_id).order_by(check_log.c.checked_at))
        ]
    assert len(logged) >= 100
    sample = random.Random(7).sample(logged, 100)
    statuses: set[str] = set()
    compared = 0
    for check_id in sample:
        result = replay(harness, check_id)
        assert result["match"], (check_id, result["differences"])
        assert result["differences"] == []
        for subject in result["subjects"]:
            statuses.add(subject["status"])
            compared += 1
        if result["subjects"]:
            assert result["compared"] == ["status", "class", "score", "listing_ids", "measure_ids"]
    # the sample covered answers worth comparing, not only clear ones
    assert compared > 100 and {"black", "clear"} <= statuses, statuses
    assert world.checks >= 100


def test_a_changed_log_entry_is_reported_as_a_difference(harness: Harness):
    world = World(harness)
    uscc = world.usccs[0]
    world.black_listed(uscc)
    answer = harness.client.get(
        f"/v1/checks/{uscc}?matter=procurement", headers=world.agencies["财政部"]
    ).json()
    assert answer["status"] == "black" and answer["measures"]
    assert replay(harness, answer["check_id"])["match"] is True
    # check_log is append-only: alter the row as read, not in the table
    logged = harness.services.joint.logged_check(answer["check_id"])
    changed = [list(logged.answers[0])]
    changed[0][1] = "clear"
    changed[0][5] = []
    tampered = dataclasses.replace(logged, answers=changed)
    result = harness.services.replay.replay_check(tampered)
    assert result["match"] is False
    assert {(d["field"], str(d["logged"]), str(d["replayed"])) for d in result["differences"]} == {
        ("status", "clear", "black"),
        ("measure_ids", "[]", str([m["measure_id"] for m in answer["measures"]])),
    }
    missing = harness.client.get(
        "/v1/audit/checks/00000000-0000-4000-8000-000000000000/replay",
        headers=harness.key("auditor"),
    )
    assert missing.status_code == 404


def test_as_of_answers_status_class_listings_and_measures_as_a_check_did_then(harness: Harness):
    world = World(harness)
    uscc = world.usccs[0]
    auditor = harness.key("auditor")
    world.black_listed(uscc, "NEA-2026-0002")
    checked = harness.client.get(
        f"/v1/checks/{uscc}?matter=financing", headers=world.agencies["中国人民银行"]
    ).json()
    world.at("2026-07-01T09:00:00+08:00")
    world.revoke("NEA-2026-0001")
    harness.catch_up()
    then = harness.client.get(
        f"/v1/audit/subjects/{uscc}",
        params={
            "as_of": checked["as_of"]["time"],
            "agency": "中国人民银行",
            "matter": "financing",
        },
        headers=auditor,
    ).json()
    assert (then["status"], then["class"], then["score"]) == (
        checked["status"],
        checked["class"],
        checked["score"],
    )
    assert then["measures"] == checked["measures"] and then["measures_version"]
    assert [i["listing_id"] for i in then["listings"] if i["status"] == "listed"] == [
        i["listing_id"] for i in checked["listings"]
    ]
    assert then["rulebook_version"] and then["as_of"]["position"] <= checked["as_of"]["position"]
    now = harness.client.get(f"/v1/audit/subjects/{uscc}", headers=auditor).json()
    assert now["status"] == "clear" and now["listings"][0]["status"] == "delisted"


def test_valid_on_shows_what_was_true_on_a_date_by_decision_dates_as_known_now(harness: Harness):
    world = World(harness)
    uscc = world.usccs[0]
    auditor = harness.key("auditor")
    world.register(uscc)
    world.at("2026-06-02T09:00:00+08:00")
    # decided on 20 May, recorded on 2 June: on 25 May it was true, but nobody knew it then
    world.record(uscc, "NEA-2026-0001", "serious", "2026-05-20")
    world.record(uscc, "NEA-2026-0002", "general", "2026-05-28")
    harness.catch_up()
    world.at("2026-06-20T09:00:00+08:00")
    world.sweep()
    harness.catch_up()
    world.at("2026-07-01T09:00:00+08:00")
    world.revoke("NEA-2026-0001")
    harness.catch_up()

    def subject(**params: str) -> dict[str, Any]:
        r = harness.client.get(f"/v1/audit/subjects/{uscc}", params=params, headers=auditor)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def black(**params: str) -> list[str]:
        r = harness.client.get("/v1/audit/lists/black", params=params, headers=auditor)
        assert r.status_code == 200, r.text
        return [e["subject"]["uscc"] for e in r.json()["entries"]]

    known_then = subject(as_of="2026-06-01T12:00:00+08:00")
    assert known_then["records"] == []
    # valid on 25 May as known on 25 June: the record was in force, the listing not yet
    on_may_25 = subject(as_of="2026-06-25T09:00:00+08:00", valid_on="2026-05-25")
    assert [r["record_id"] for r in on_may_25["records"]] == ["NEA-2026-0001"]  # not 0002
    assert on_may_25["records"][0]["publicity"]["state"] == "public"
    assert (on_may_25["status"], on_may_25["class"]) == ("clear", "C")  # 40 points off
    assert on_may_25["valid_on"] == "2026-05-25"
    on_june_25 = subject(as_of="2026-06-25T09:00:00+08:00", valid_on="2026-06-25")
    assert (on_june_25["status"], on_june_25["class"]) == ("black", "D")  # listed 20 June
    assert on_june_25["measures"]
    assert {m["list"] for m in on_june_25["measures"]} >= {"black"}
    # as known now the decision was revoked, but the listing was in force until delisted
    revoked = subject(valid_on="2026-06-25")
    assert revoked["records"][0]["publicity"]["state"] == "revoked"
    assert revoked["status"] == "black"
    assert subject(valid_on="2026-05-19")["records"] == []
    assert [r["record_id"] for r in subject(valid_on="2026-05-30")["records"]] == [
        "NEA-2026-0001",
        "NEA-2026-0002",
    ]
    # lists by since/until and delisting dates
    assert black(valid_on="2026-06-10") == []
    assert black(valid_on="2026-06-25") == [uscc]  # listed 20 June, delisted 1 July
    assert black(valid_on="2026-07-02") == []
    assert black(as_of="2026-06-25T09:00:00+08:00", valid_on="2026-07-02") == [uscc]
    assert black(as_of="2026-06-25T09:00:00+08:00") == [uscc]
    assert black() == []
    bad = harness.client.get("/v1/audit/lists/black", params={"valid_on": "June"}, headers=auditor)
    assert bad.status_code == 422
