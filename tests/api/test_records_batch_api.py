"""Batches of records (NDJSON and CSV): per-row results, each row all-or-nothing, re-sends."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from adapters.core.settings import Settings
from api.main import create_app
from tests.api.support import OTHER_USCC, PENALTY, USCC, problem_fields, register
from tests.conftest import Harness, make_settings

NDJSON = {"Content-Type": "application/x-ndjson"}
CSV = {"Content-Type": "text/csv"}


def rows(n: int, subject: str = USCC, prefix: str = "B") -> list[dict]:
    return [{**PENALTY, "subject": subject, "record_id": f"{prefix}-{i:05d}"} for i in range(n)]


def ndjson(items: list[dict | str]) -> bytes:
    lines = [i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items]
    return ("\n".join(lines) + "\n").encode()


def send(h: Harness, headers: dict[str, str], body: bytes, media: dict[str, str] = NDJSON):
    return h.client.post("/v1/records:batch", content=body, headers={**headers, **media})


def record_ids(h: Harness, headers: dict[str, str], uscc: str = USCC) -> list[str]:
    h.catch_up()
    file = h.client.get(f"/v1/subjects/{uscc}", headers=headers).json()
    return sorted(r["record_id"] for r in file["records"])


def test_a_batch_reports_each_bad_row_and_applies_the_good_ones(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    good = rows(3)
    body = ndjson(
        [
            good[0],
            {**PENALTY, "subject": USCC, "record_id": "BAD-DATE", "decided_on": "2026-02-30"},
            "{not json",
            {**PENALTY, "subject": OTHER_USCC, "record_id": "NO-SUBJECT"},
            good[1],
            {**PENALTY, "subject": USCC, "record_id": "NO-TYPE", "content": {}},
            {**PENALTY, "subject": USCC, "record_id": "BAD-CODE", "catalogue_code": "x"},
            {**PENALTY, "record_id": "NO-SUBJECT-FIELD"},
            good[2],
        ]
    )
    r = send(harness, provider, body)
    assert r.status_code == 200, r.text
    result = r.json()
    assert (result["accepted"], result["duplicates"]) == (3, 0)
    by_row = {x["row"]: [e["field"] for e in x["errors"]] for x in result["rejected"]}
    assert by_row == {
        2: ["decided_on"],
        3: ["row"],
        4: ["subject"],
        6: ["content.penalty_type"],
        7: ["catalogue_code"],
        8: ["subject"],
    }
    assert result["position"] > 0
    assert record_ids(harness, provider) == [g["record_id"] for g in good]


def test_a_resent_batch_is_all_duplicates_and_applies_nothing_twice(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    body = ndjson(rows(1200))  # more than one chunk
    first = send(harness, provider, body).json()
    again = send(harness, provider, body).json()
    assert (first["accepted"], first["duplicates"], first["rejected"]) == (1200, 0, [])
    assert (again["accepted"], again["duplicates"], again["rejected"]) == (0, 1200, [])
    assert again["position"] == first["position"]
    assert len(record_ids(harness, provider)) == 1200


def test_a_row_repeated_in_one_batch_is_a_duplicate_and_a_changed_repeat_is_rejected(
    harness: Harness,
):
    provider = harness.key("provider")
    register(harness, provider)
    row = rows(1)[0]
    body = ndjson([row, row, {**row, "summary": "另一事实"}])
    result = send(harness, provider, body).json()
    assert (result["accepted"], result["duplicates"]) == (1, 1)
    assert [(x["row"], x["errors"][0]["field"]) for x in result["rejected"]] == [(3, "record_id")]


def test_a_csv_batch_takes_content_columns(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    header = "subject,record_id,catalogue_code,tier,decision_no,decided_on,legal_basis,summary,"
    header += "content.penalty_type\n"
    body = header
    body += f"{USCC},CSV-1,administrative_penalty,general,罚〔2026〕1号,2026-04-01,条例,事实,罚款\n"
    body += f"{USCC},CSV-2,administrative_penalty,general,罚〔2026〕2号,2026-04-01,条例,事实,\n"
    body += f"{USCC},CSV-3,administrative_penalty,general,罚〔2026〕3号,2026-99-01,条例,事实,警告\n"
    result = send(harness, provider, body.encode(), CSV).json()
    assert result["accepted"] == 1
    by_row = {x["row"]: [e["field"] for e in x["errors"]] for x in result["rejected"]}
    assert by_row == {2: ["content.penalty_type"], 3: ["decided_on"]}
    assert record_ids(harness, provider) == ["CSV-1"]


def test_a_batch_in_another_media_type_is_415(harness: Harness):
    provider = harness.key("provider")
    r = send(harness, provider, json.dumps(rows(1)).encode(), {"Content-Type": "application/json"})
    assert r.status_code == 415
    problem_fields(r)


def test_a_body_over_the_configured_limit_is_413(harness: Harness, tmp_path: Path):
    provider = harness.key("provider")
    register(harness, provider)
    small: Settings = make_settings(
        str(harness.services.engine.url.render_as_string(hide_password=False)),
        tmp_path,
        CREDIT_MAX_BODY_BYTES=2000,
    )
    app = create_app(small, services=harness.services)
    with TestClient(app) as client:
        r = client.post(
            "/v1/records:batch", content=ndjson(rows(20)), headers={**provider, **NDJSON}
        )
    assert r.status_code == 413
    assert problem_fields(r) == ["body"]
    assert record_ids(harness, provider) == []
