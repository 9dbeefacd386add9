"""Issue 13, findings 6-10: list terms, objection marks in the feed, offsets, replays before the
first memorandum, and the smaller items. Through HTTP (and the CLI), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from adapters.policy_data.loader import POLICY_DIR
from api.cli import main as cli
from tests.api import support
from tests.api.decision_support import FUJIAN, UNIT, check, feed, register, serious, sweep
from tests.conftest import CIPHER_KEY, Harness, _harness, make_settings

INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture
def basis_term_harness(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    """The shipped policy with the black list's term rule set to `basis_publicity`."""
    policy = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, policy)
    path = policy / "rulebook" / "2025-01.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    term: from_listing\n") == 3
    path.write_text(text.replace("    term: from_listing\n", "    term: basis_publicity\n", 1))
    yield from _harness(make_settings(database_url, tmp_path, CREDIT_POLICY_DIR=policy))


def _shielded_black(h: Harness) -> None:
    """Black-listed on 2026-06-16 for a serious penalty, whose publicity then ends early (the
    record shielded under a court-approved restructuring plan, 暂时屏蔽)."""
    register(h, FUJIAN)
    serious(h, FUJIAN, "NEA-FJ-2026-601")
    h.catch_up()
    sweep(h, "2026-06-16T09:00:00+08:00")


def _shield(h: Harness) -> None:
    r = h.client.post(
        "/v1/records/NEA-FJ-2026-601:shield",
        json={"statement": "重整计划", "court_decision_no": "（2026）闽02破1号"},
        headers=h.key("reviewer", org=UNIT),
    )
    assert r.status_code == 200, r.text
    h.catch_up()
    sweep(h, "2026-07-02T09:00:00+08:00")


def test_finding_6_the_list_term_rule_is_the_rulebooks_and_shown_on_each_listing(
    harness: Harness,
):
    _shielded_black(harness)
    [listing] = check(harness, FUJIAN)["listings"]
    assert (listing["term_rule"], listing["until"]) == (
        "from_listing",
        "2029-06-18",
    )  # 16 June 2029 is a Saturday
    public = harness.client.get(f"/v1/public/subjects/{FUJIAN}").json()
    assert public["listings"][0]["term_rule"] == "from_listing"
    assert "自认定之日起计算期限" in harness.client.get(f"/subjects/{FUJIAN}").text
    _shield(harness)
    assert check(harness, FUJIAN)["status"] == "black"  # the term runs from the listing


def test_finding_6_under_basis_publicity_the_listing_ends_with_its_basis_records_publicity(
    basis_term_harness: Harness,
):
    h = basis_term_harness
    _shielded_black(h)
    [listing] = check(h, FUJIAN)["listings"]  # at the latest when the publicity would end
    assert (listing["term_rule"], listing["until"]) == (
        "basis_publicity",
        "2029-05-21",
    )  # max_until, a Monday
    _shield(h)
    assert (check(h, FUJIAN)["status"], check(h, FUJIAN)["listings"]) == ("clear", [])


def _objection(h: Harness, record_id: str) -> str:
    r = h.client.post(
        "/v1/me/objections",
        json={"record_id": record_id, "grounds": "error", "statement": "处罚金额有误"},
        headers=h.key("subject", subject=FUJIAN),
    )
    assert r.status_code == 201, r.text
    h.catch_up()
    return str(r.json()["objection_id"])


@pytest.fixture
def webhook_harness(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    """Deliveries to loopback allowed (to a port where nobody listens: every attempt fails)."""
    settings = make_settings(database_url, tmp_path, CREDIT_WEBHOOK_ALLOW_PRIVATE=True)
    yield from _harness(settings)


def _attempts(h: Harness, subscription_id: str, org: str = "某银行") -> list[dict[str, Any]]:
    deliverer = h.services.sharing.deliverer
    for _ in range(5):  # the worker starts delivery jobs; wait for them, not for time
        h.catch_up()
        for future in list(deliverer._inflight.values()):
            future.result(timeout=30)
    r = h.client.get(
        f"/v1/subscriptions/{subscription_id}/deliveries", headers=h.key("subscriber", org=org)
    )
    assert r.status_code == 200, r.text
    return list(r.json()["deliveries"])


def test_finding_7_objection_marks_on_public_records_reach_the_feed_and_the_export(
    webhook_harness: Harness,
):
    harness = webhook_harness
    sub = harness.client.post(
        "/v1/subscriptions",
        json={"url": "http://127.0.0.1:9/hook", "filter": {"types": ["objection.filed"]}},
        headers=harness.key("subscriber", org="某银行"),
    )
    assert sub.status_code == 201, sub.text
    register(harness, FUJIAN)
    support.add(harness, harness.key("provider"), FUJIAN, record_id="P-701", tier="general")
    secret = {
        "record_id": "TAX-701",
        "catalogue_code": "tax_arrears",  # shared between agencies only: never public
        "decided_on": "2026-05-10",
        "content": {"amount": 1000},
    }
    r = harness.client.post(
        f"/v1/subjects/{FUJIAN}/records", json=secret, headers=harness.key("provider")
    )
    assert r.status_code == 201, r.text
    harness.catch_up()
    public_one = _objection(harness, "P-701")
    _objection(harness, "TAX-701")
    [filed] = feed(harness, ["objection.filed"])
    assert filed["data"]["objection_id"] == public_one
    assert filed["data"]["record_id"] == "P-701" and "TAX-701" not in json.dumps(filed)
    assert datetime.fromisoformat(filed["data"]["since"]).utcoffset() is not None
    decided = harness.client.post(
        f"/v1/objections/{public_one}/decision",
        json={"outcome": "rejected", "reasons": "处罚金额无误"},
        headers=harness.key("reviewer", org=UNIT),
    )
    assert decided.status_code == 200, decided.text
    harness.catch_up()
    [resolved] = feed(harness, ["objection.resolved"])
    assert (resolved["data"]["objection_id"], resolved["data"]["outcome"]) == (
        public_one,
        "rejected",
    )
    # the webhook of a subscriber who asked for exactly this type is sent it
    attempts = _attempts(harness, sub.json()["subscription_id"])
    assert {a["webhook_id"] for a in attempts} == {filed["id"]}
    batch = harness.services.sharing.credit_china.export_incremental()
    rows = json.loads((batch.directory / "penalties.json").read_text(encoding="utf-8"))
    marks = [(r["记录编号"], r["操作"], r["异议标注"]) for r in rows]
    assert ("P-701", "新增", "") in marks
    assert ("P-701", "更新", "有异议（核查中）") in marks
    assert ("P-701", "更新", "异议已处理（异议不成立）") in marks
    assert not [m for m in marks if m[0] == "TAX-701"]


def _instants(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _instants(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _instants(v, f"{path}[{i}]")
    elif isinstance(value, str) and INSTANT.match(value):
        yield path, value


def test_finding_8_every_date_time_in_public_json_carries_its_offset(harness: Harness):
    register(harness, FUJIAN)
    serious(harness, FUJIAN, "P-801")
    harness.catch_up()
    sweep(harness, "2026-06-16T09:00:00+08:00")
    _objection(harness, "P-801")
    answers = [
        harness.client.get(f"/v1/public/subjects/{FUJIAN}").json(),
        harness.client.get("/v1/public/lists/black").json(),
        check(harness, FUJIAN),
    ]
    seen = [(path, v) for answer in answers for path, v in _instants(answer)]
    assert any(path.endswith("objection_marks[0].since") for path, _ in seen)
    for path, value in seen:
        assert datetime.fromisoformat(value).utcoffset() is not None, (path, value)


def test_finding_9_a_replay_before_the_first_memorandum_answers_without_measures(
    harness: Harness,
):
    support.register_established(harness, {"id": FUJIAN}, since="2025-11-01T09:00:00+08:00")
    r = harness.client.get(
        f"/v1/audit/subjects/{FUJIAN}",
        params={"as_of": "2025-12-01T09:00:00+08:00"},
        headers=harness.key("auditor"),
    )
    assert r.status_code == 200, r.text
    then = r.json()
    assert (then["status"], then["measures"], then["measures_version"]) == ("clear", [], None)
    assert then["lists"] == [] and then["as_of"]["time"].startswith("2025-12-01")


def test_finding_10_a_subject_key_for_an_unknown_subject_is_refused(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
):
    settings = harness.services.settings
    monkeypatch.setenv("CREDIT_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("CIPHER_KEY", CIPHER_KEY)
    monkeypatch.setenv("CREDIT_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("CREDIT_CLOCK", "manual")
    args = ["keys", "create", "--role", "subject", "--org", "某公司", "--subject", FUJIAN]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and "no such subject" in refused.output
    register(harness, FUJIAN)
    made = CliRunner().invoke(cli, args)
    assert made.exit_code == 0, made.output
    assert made.output.strip().splitlines()[-1].startswith("ce_")


def test_finding_10_a_batch_row_with_a_failing_check_character_says_so(harness: Harness):
    row = {**support.PENALTY, "subject": support.FAILING_USCC, "record_id": "B-1001"}
    r = harness.client.post(
        "/v1/records:batch",
        content=json.dumps(row, ensure_ascii=False).encode(),
        headers={**harness.key("provider"), "Content-Type": "application/x-ndjson"},
    )
    assert r.status_code == 200, r.text
    [rejected] = r.json()["rejected"]
    [error] = rejected["errors"]
    assert error["field"] == "subject" and "check character" in error["message"]


def test_finding_10_subscriptions_and_deliveries_are_stamped_by_the_service_clock(
    database_url: str, tmp_path: Path
):
    settings = make_settings(database_url, tmp_path, CREDIT_WEBHOOK_ALLOW_PRIVATE=True)
    for h in _harness(settings):
        h.set_clock("2026-07-01T10:00:00+08:00")
        sub = h.client.post(
            "/v1/subscriptions",
            json={"url": "http://127.0.0.1:9/hook", "filter": {}},  # nobody listens there
            headers=h.key("subscriber", org="某银行"),
        )
        assert sub.status_code == 201, sub.text
        sid = sub.json()["subscription_id"]
        register(h, FUJIAN)
        support.add(h, h.key("provider"), FUJIAN, record_id="P-1002", tier="general")
        listed = h.client.get(f"/v1/subscriptions/{sid}", headers=h.key("subscriber", org="某银行"))
        assert listed.json()["created_at"] == "2026-07-01T02:00:00+00:00"
        deliveries = _attempts(h, sid)
        assert deliveries and {d["attempted_at"] for d in deliveries} == {
            "2026-07-01T02:00:00+00:00"
        }


def test_finding_10_the_public_grade_explanation_never_shows_a_non_public_record(
    harness: Harness,
):
    register(harness, FUJIAN)
    support.add(harness, harness.key("provider"), FUJIAN, record_id="P-1001", tier="general")
    r = harness.client.post(
        f"/v1/subjects/{FUJIAN}/records",
        json={
            "record_id": "TAX-1001",
            "catalogue_code": "tax_arrears",
            "decided_on": "2026-05-10",
            "content": {"amount": 1000},
        },
        headers=harness.key("provider"),
    )
    assert r.status_code == 201, r.text
    harness.catch_up()
    grade = harness.client.get(f"/v1/public/subjects/{FUJIAN}").json()["grade"]
    lines = grade["explanation"]
    # the total only: no line about any record, so no sum of the lines can be compared with the
    # score to reveal that a non-public record weighed
    assert not [e for e in lines if e.get("record_id") or "非公开" in e["text"]]
    assert [e["rule"] for e in lines if e.get("points") not in (0, None)] == ["score.total"]
    assert lines[-1] == {"rule": "score.total", "points": 70.0, "text": "综合得分"}
    own = harness.client.get("/v1/me", headers=harness.key("subject", subject=FUJIAN)).json()
    assert "TAX-1001" in str(own["grade"]["explanation"])  # the subject sees every line
