"""The subject's own file, its credit report and who may see what."""

from __future__ import annotations

import hashlib

from tests.api.subject_rights_helpers import (
    OTHER_USCC,
    USCC,
    add_record,
    record_of,
    register,
    subject_with_penalty,
)
from tests.conftest import Harness

PRIVATE = {
    "record_id": "SI-2026-7",
    "catalogue_code": "social_insurance_arrears",  # authorised query only (信息使用范围 2)
    "tier": "general",
    "decided_on": "2026-05-10",
    "content": {"amount": 12000},
}


def test_a_subject_key_reads_only_its_own_file_with_non_public_records(harness: Harness):
    keys = subject_with_penalty(harness)
    add_record(harness, keys["provider"], **PRIVATE)
    register(harness, keys["provider"], uscc=OTHER_USCC, name="广州能源有限公司")

    me = harness.client.get("/v1/me", headers=keys["subject"])
    assert me.status_code == 200
    assert {r["record_id"] for r in me.json()["records"]} == {"NEA-NB-2026-000123", "SI-2026-7"}
    assert harness.client.get(
        f"/v1/subjects/{OTHER_USCC}", headers=keys["subject"]
    ).status_code == (403)
    assert harness.client.get("/v1/me", headers=keys["provider"]).status_code == 403
    assert harness.client.get("/v1/reviews", headers=keys["subject"]).status_code == 403

    other_subject = harness.key("subject", subject=OTHER_USCC)
    assert harness.client.get(f"/v1/subjects/{USCC}", headers=other_subject).status_code == 403
    other_file = harness.client.get("/v1/me", headers=other_subject).json()
    assert other_file["records"] == []

    agency = harness.key("agency", org="国家发展改革委")
    seen = harness.client.get(f"/v1/subjects/{USCC}", headers=agency).json()
    assert [r["record_id"] for r in seen["records"]] == ["NEA-NB-2026-000123"]
    stranger = harness.key("provider", org="华东能源监管局")
    seen = harness.client.get(f"/v1/subjects/{USCC}", headers=stranger).json()
    assert "SI-2026-7" not in {r["record_id"] for r in seen["records"]}
    assert harness.client.get(f"/v1/subjects/{USCC}").status_code == 401


def test_the_own_file_shows_publicity_open_cases_deadlines_and_tolerates_no_grade(
    harness: Harness,
):
    keys = subject_with_penalty(harness)
    harness.client.post(
        "/v1/me/objections",
        json={"record_id": "NEA-NB-2026-000123", "grounds": "error", "statement": "有误"},
        headers=keys["subject"],
    )
    me = harness.client.get("/v1/me", headers=keys["subject"]).json()
    assert record_of(me)["publicity"]["state"] == "public"
    assert [(c["case_kind"], c["due_by"], c["overdue"]) for c in me["open_cases"]] == [
        ("objection", "2026-06-15", False)
    ]
    assert "grade" in me and "commitments" in me and "listings" in me


def test_a_credit_report_carries_a_code_anyone_can_verify_without_a_key(harness: Harness):
    keys = subject_with_penalty(harness)
    r = harness.client.get("/v1/me/report", headers=keys["subject"])
    assert r.status_code == 200
    report = r.json()["report"]
    check = harness.client.get(f"/v1/public/reports/{report['code']}")
    assert check.status_code == 200
    body = check.json()
    assert body["valid"] is True
    assert body["subject"]["name"] == "厦门恒源电力有限公司"
    assert (body["content_hash"], body["issued_at"]) == (
        report["content_hash"],
        report["issued_at"],
    )
    assert "records" not in body
    wrong = harness.client.get(f"/v1/public/reports/{report['code']}?content_hash={'0' * 64}")
    assert wrong.json()["valid"] is False
    assert harness.client.get("/v1/public/reports/CE-0000-0000-0000-0000").status_code == 404

    html = harness.client.get("/v1/me/report.html", headers=keys["subject"])
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    code = html.text.split('class="code">', 1)[1].split("<", 1)[0]
    assert harness.client.get(f"/v1/public/reports/{code}").json()["valid"] is True
    assert "NEA-NB-2026-000123" in html.text


def test_a_natural_persons_report_is_verified_with_a_masked_name(harness: Harness):
    provider = harness.key("provider")
    r = harness.client.post(
        "/v1/subjects",
        json={
            "id_type": "resident_id",
            "id": "11010519491231002X",
            "name": "张三丰",
            "kind": "natural_person",
            "sectors": ["power"],
            "region": "110105",
        },
        headers=provider,
    )
    person = harness.key("subject", subject=r.json()["subject_id"])
    code = harness.client.get("/v1/me/report", headers=person).json()["report"]["code"]
    body = harness.client.get(f"/v1/public/reports/{code}").json()
    assert body["subject"]["name"] == "张**"
    assert "11010519491231002X" not in str(body)


def test_evidence_is_stored_with_its_hash_and_files_over_the_limit_are_refused(harness: Harness):
    keys = subject_with_penalty(harness)
    data = b"%PDF-1.7 receipt"
    r = harness.client.post(
        "/v1/me/evidence",
        files={"file": ("r.pdf", data, "application/pdf")},
        headers=keys["subject"],
    )
    assert r.status_code == 201
    assert (r.json()["sha256"], r.json()["size"]) == (hashlib.sha256(data).hexdigest(), len(data))
    big = harness.client.post(
        "/v1/me/evidence?name=big.bin",
        content=b"x" * (10 * 1024 * 1024 + 1),
        headers=keys["subject"],
    )
    assert big.status_code == 413
    assert big.headers["content-type"] == "application/problem+json"
    # another subject cannot cite this subject's evidence
    register(harness, keys["provider"], uscc=OTHER_USCC, name="广州能源有限公司")
    add_record(harness, keys["provider"], uscc=OTHER_USCC, record_id="R-OTHER")
    other = harness.key("subject", subject=OTHER_USCC)
    cited = harness.client.post(
        "/v1/me/objections",
        json={
            "record_id": "R-OTHER",
            "grounds": "error",
            "statement": "x",
            "evidence": [r.json()["evidence_id"]],
        },
        headers=other,
    )
    assert cited.status_code == 422 and cited.json()["errors"][0]["field"] == "evidence.0"
