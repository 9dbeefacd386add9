"""The input policy at the edge: hostile text, numbers and structures get a 4xx problem naming
the field (and the row, in batches), and nothing is stored."""

from __future__ import annotations

import json

import pytest

from application.ports import Actor
from domain.input_rules import CLIPPED, MAX_CONTENT_BYTES, MAX_SAFE_INTEGER
from tests.api.support import COMPANY, PENALTY, USCC, problem_fields, register
from tests.conftest import Harness

NDJSON = {"Content-Type": "application/x-ndjson"}
JSON = {"Content-Type": "application/json"}


def post_raw(h: Harness, path: str, body: str, headers: dict[str, str]):
    return h.client.post(path, content=body.encode(), headers={**headers, **JSON})


def records_of(h: Harness, headers: dict[str, str]) -> list[dict]:
    h.catch_up()
    r = h.client.get(f"/v1/subjects/{USCC}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["records"]


def deep(levels: int) -> dict:
    value: dict = {"penalty_type": "罚款"}
    for _ in range(levels):
        value = {"penalty_type": "罚款", "inner": value}
    return value


def test_a_nul_in_a_name_is_refused_naming_the_field_and_nothing_is_stored(harness: Harness):
    provider = harness.key("provider")
    r = harness.client.post(
        "/v1/subjects", json={**COMPANY, "name": "空字符\u0000公司"}, headers=provider
    )
    assert r.status_code == 422
    assert problem_fields(r) == ["name"]
    assert harness.services.files.position() == 0
    harness.catch_up()
    assert harness.client.get(f"/v1/subjects/{USCC}", headers=provider).status_code == 404


def test_a_nul_in_a_record_summary_is_refused_and_the_views_keep_up(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    before = harness.services.files.position()
    r = harness.client.post(
        f"/v1/subjects/{USCC}/records",
        json={**PENALTY, "summary": "事实\u0000"},
        headers=provider,
    )
    assert r.status_code == 422
    assert problem_fields(r) == ["summary"]
    assert harness.services.files.position() == before
    assert records_of(harness, provider) == []


def test_controls_and_bidirectional_overrides_are_refused_in_names_but_lines_in_text_are_kept(
    sqlite_harness: Harness,
):
    h = sqlite_harness
    provider = h.key("provider")
    for name in ("恒源\u202e电力", "恒源\u2066电力\u2069", "恒源\x07电力", "恒源\n电力"):
        r = h.client.post("/v1/subjects", json={**COMPANY, "name": name}, headers=provider)
        assert r.status_code == 422, name
        assert problem_fields(r) == ["name"]
    register(h, provider)
    r = h.client.post(
        f"/v1/subjects/{USCC}/records",
        json={**PENALTY, "summary": "第一行\u0085"},
        headers=provider,
    )
    assert r.status_code == 422
    assert problem_fields(r) == ["summary"]
    kept = "第一行\n\t第二行\r\n"
    r = h.client.post(
        f"/v1/subjects/{USCC}/records", json={**PENALTY, "summary": kept}, headers=provider
    )
    assert r.status_code == 201, r.text
    assert records_of(h, provider)[0]["summary"] == kept


def test_content_nested_deeper_than_the_limit_is_refused(sqlite_harness: Harness):
    h = sqlite_harness
    provider = h.key("provider")
    register(h, provider)
    body = {**PENALTY, "content": deep(900)}
    r = post_raw(h, f"/v1/subjects/{USCC}/records", json.dumps(body), provider)
    assert r.status_code == 422
    [field] = problem_fields(r)
    assert field.startswith("content.inner.inner")
    ok = h.client.post(
        f"/v1/subjects/{USCC}/records", json={**PENALTY, "content": deep(10)}, headers=provider
    )
    assert ok.status_code == 201, ok.text


def test_content_over_the_size_limit_is_refused(sqlite_harness: Harness):
    h = sqlite_harness
    provider = h.key("provider")
    register(h, provider)
    content = {"penalty_type": "罚款", "facts": "事" * (MAX_CONTENT_BYTES // 3 + 1)}
    r = h.client.post(
        f"/v1/subjects/{USCC}/records", json={**PENALTY, "content": content}, headers=provider
    )
    assert r.status_code == 422
    assert problem_fields(r) == ["content"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_that_are_not_finite_are_refused_also_as_json_extensions(
    sqlite_harness: Harness, number: str
):
    h = sqlite_harness
    provider = h.key("provider")
    register(h, provider)
    body = json.dumps(PENALTY, ensure_ascii=False).replace(
        '"content": {', f'"content": {{"amount": {number}, '
    )
    r = post_raw(h, f"/v1/subjects/{USCC}/records", body, provider)
    assert r.status_code == 422
    assert problem_fields(r) == ["content.amount"]


def test_integers_beyond_what_every_backend_keeps_exactly_are_refused(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    huge = "9" * 400
    body = json.dumps(PENALTY).replace('"content": {', f'"content": {{"amount": {huge}, ')
    r = post_raw(harness, f"/v1/subjects/{USCC}/records", body, provider)
    assert r.status_code == 422
    assert problem_fields(r) == ["content.amount"]
    content = {"penalty_type": "罚款", "amount": MAX_SAFE_INTEGER, "less": -MAX_SAFE_INTEGER}
    r = harness.client.post(
        f"/v1/subjects/{USCC}/records", json={**PENALTY, "content": content}, headers=provider
    )
    assert r.status_code == 201, r.text
    [record] = records_of(harness, provider)
    assert record["content"] == content


def test_malformed_json_is_400_naming_the_body_after_authentication(sqlite_harness: Harness):
    h = sqlite_harness
    bad = '{"id_type": "uscc", "id": '
    assert post_raw(h, "/v1/subjects", bad, {}).status_code == 401
    assert post_raw(h, "/v1/subjects", bad, h.key("agency")).status_code == 403
    r = post_raw(h, "/v1/subjects", bad, h.key("provider"))
    assert r.status_code == 400
    assert problem_fields(r) == ["body"]
    assert "line 1 column" in r.json()["errors"][0]["message"]


def test_a_text_plain_body_is_415(sqlite_harness: Harness):
    h = sqlite_harness
    r = h.client.post(
        "/v1/subjects",
        content=json.dumps(COMPANY).encode(),
        headers={**h.key("provider"), "Content-Type": "text/plain"},
    )
    assert r.status_code == 415
    assert problem_fields(r) == ["body"]


def test_a_nul_in_the_search_query_is_422_not_500(harness: Harness):
    register(harness, harness.key("provider"))
    harness.catch_up()
    for path in ("/v1/public/subjects?q=abc%00", "/search?q=abc%00"):
        r = harness.client.get(path)
        assert r.status_code == 422, path
        assert problem_fields(r) == ["q"]
    found = harness.client.get("/v1/public/subjects?q=%E6%81%92%E6%BA%90").json()
    assert [s["uscc"] for s in found["subjects"]] == [USCC]


def test_a_control_character_in_a_path_is_422_after_authentication(harness: Harness):
    assert harness.client.get("/v1/subjects/9135%00").status_code == 401
    r = harness.client.get("/v1/subjects/9135%00", headers=harness.key("agency"))
    assert r.status_code == 422
    assert problem_fields(r) == ["path"]


def test_deeply_nested_content_stored_before_the_policy_still_reads(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    # stored through the service, as the edge let it through before its depth limit
    body = {**PENALTY, "content": deep(300)}
    harness.services.files.add_record(USCC, body, Actor("provider", "国家能源局市场监管司"))
    harness.catch_up()
    admin = harness.key("admin")
    file = harness.client.get(f"/v1/subjects/{USCC}", headers=admin)
    assert file.status_code == 200
    assert CLIPPED in json.dumps(file.json()["records"][0]["content"], ensure_ascii=False)
    for path in (
        f"/v1/public/subjects/{USCC}",
        f"/v1/audit/subjects/{USCC}/events",
        "/v1/feed?after=0",
    ):
        assert harness.client.get(path, headers=admin).status_code == 200, path
    own = harness.key("subject", org="厦门恒源电力有限公司", subject=USCC)
    assert harness.client.get("/v1/me", headers=own).status_code == 200
    as_of = f"/v1/audit/subjects/{USCC}?as_of=2026-06-01T10:00:00%2B08:00"
    assert harness.client.get(as_of, headers=admin).status_code == 200
    page = harness.client.get(f"/subjects/{USCC}")
    assert page.status_code == 200


# -- batches ----------------------------------------------------------------------------------


def ndjson(*rows: dict) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def batch(h: Harness, headers: dict[str, str], body: bytes, media: dict[str, str] = NDJSON):
    return h.client.post("/v1/records:batch", content=body, headers={**headers, **media})


def test_batch_rows_refuse_unknown_fields_as_single_records_do(sqlite_harness: Harness):
    h = sqlite_harness
    provider = h.key("provider")
    register(h, provider)
    row = {**PENALTY, "subject": USCC}
    misspelt = {k: v for k, v in row.items() if k != "tier"} | {"tire": "serious"}
    r = batch(h, provider, ndjson(misspelt, {**row, "record_id": "GOOD"}))
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["accepted"] == 1
    assert [(x["row"], [e["field"] for e in x["errors"]]) for x in result["rejected"]] == [
        (1, ["tire"])
    ]
    assert [rec["record_id"] for rec in records_of(h, provider)] == ["GOOD"]


def test_batch_rows_are_held_to_the_input_policy_row_by_row(harness: Harness):
    provider = harness.key("provider")
    register(harness, provider)
    row = {**PENALTY, "subject": USCC}
    body = ndjson(
        {**row, "record_id": "R1", "summary": "事实\u0000"},
        {**row, "record_id": "R2"},
        {**row, "record_id": "R3", "content": {"penalty_type": "罚款", "n": 2**60}},
    )
    result = batch(harness, provider, body).json()
    assert result["accepted"] == 1
    assert [(x["row"], [e["field"] for e in x["errors"]]) for x in result["rejected"]] == [
        (1, ["summary"]),
        (3, ["content.n"]),
    ]
    nul_cell = HEADER.replace("legal_basis,", "legal_basis,summary,")
    nul_cell += LINE.replace("C-1", "R4").replace("》,", "》,事实\x00,")
    csv = batch(harness, provider, nul_cell.encode(), {"Content-Type": "text/csv"}).json()
    assert [(x["row"], [e["field"] for e in x["errors"]]) for x in csv["rejected"]] == [
        (1, ["summary"])
    ]
    assert [rec["record_id"] for rec in records_of(harness, provider)] == ["R2"]


CSV = {"Content-Type": "text/csv"}
HEADER = "subject,record_id,catalogue_code,tier,decision_no,decided_on,legal_basis,"
HEADER += "content.penalty_type\n"
LINE = f"{USCC},C-1,administrative_penalty,serious,罚〔2026〕1号,2026-05-01,《电力监管条例》,罚款\n"


def test_a_csv_without_its_header_row_is_one_error_for_the_file(sqlite_harness: Harness):
    h = sqlite_harness
    provider = h.key("provider")
    register(h, provider)
    r = batch(h, provider, (LINE + LINE.replace("C-1", "C-2")).encode(), CSV)
    assert r.status_code == 422
    assert problem_fields(r) == ["header"]
    assert records_of(h, provider) == []


@pytest.mark.parametrize(
    ("header", "named"),
    [
        (HEADER.replace("tier", "tire"), "tire"),
        (HEADER.replace("record_id,", ""), "record_id"),
    ],
)
def test_a_csv_with_an_unknown_or_missing_column_is_one_error_for_the_file(
    sqlite_harness: Harness, header: str, named: str
):
    h = sqlite_harness
    provider = h.key("provider")
    register(h, provider)
    line = LINE if "record_id" in header else LINE.replace("C-1,", "")
    r = batch(h, provider, (header + line).encode(), CSV)
    assert r.status_code == 422
    assert problem_fields(r) == ["header"]
    assert named in r.json()["detail"]
    assert records_of(h, provider) == []


def test_a_gbk_csv_is_read_when_declared_and_refused_with_errors_when_not(
    sqlite_harness: Harness,
):
    h = sqlite_harness
    provider = h.key("provider")
    register(h, provider)
    body = (HEADER + LINE).encode("gbk")
    r = batch(h, provider, body, CSV)
    assert r.status_code == 422
    assert problem_fields(r) == ["body"]
    r = batch(h, provider, body, {"Content-Type": "text/csv; charset=gbk"})
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 1, r.text
    assert records_of(h, provider)[0]["legal_basis"] == "《电力监管条例》"


def test_an_evidence_file_name_is_held_to_the_rules_of_names(sqlite_harness: Harness):
    h = sqlite_harness
    register(h, h.key("provider"))
    own = h.key("subject", org="厦门恒源电力有限公司", subject=USCC)
    sneaky = {"file": ("收据\u202etxt.exe", b"paid", "text/plain")}
    r = h.client.post("/v1/me/evidence", files=sneaky, headers=own)
    assert r.status_code == 422
    assert problem_fields(r) == ["name"]
    plain = {"file": ("收据.txt", b"paid", "text/plain")}
    assert h.client.post("/v1/me/evidence", files=plain, headers=own).status_code == 201
