"""The public portal and the public JSON endpoints: only public information, found fast."""

from __future__ import annotations

import re

from tests.conftest import Harness
from tests.e2e.portal_seed import (
    HENGYUAN,
    JIAHE,
    MINGYANG,
    PENALTY_ID,
    ZHENGTAI,
    make_listings,
    seed,
)


def seeded(h: Harness) -> None:
    seed(h.client, h.key("provider", org="国家能源局市场监管司", org_code="11100000MB0169262X"))
    h.catch_up()  # the listing policy proposes black listings on the serious penalties
    make_listings(h.services.files)
    h.catch_up()


def test_search_finds_a_company_by_part_of_its_name_or_its_uscc(harness: Harness):
    seeded(harness)
    by_part = harness.client.get("/v1/public/subjects", params={"q": "恒源电力"}).json()
    by_prefix = harness.client.get("/v1/public/subjects", params={"q": "厦门"}).json()
    by_uscc = harness.client.get("/v1/public/subjects", params={"q": HENGYUAN}).json()
    assert [s["uscc"] for s in by_part["subjects"]] == [HENGYUAN]
    assert {s["uscc"] for s in by_prefix["subjects"]} == {HENGYUAN, JIAHE}
    assert [s["name"] for s in by_uscc["subjects"]] == ["厦门恒源电力有限公司"]


def test_a_natural_person_appears_masked_and_without_an_id_number(harness: Harness):
    seeded(harness)
    found = harness.client.get("/v1/public/subjects", params={"q": "王"}).json()["subjects"]
    assert [(s["name"], s["uscc"]) for s in found] == [("王**", None)]
    page = harness.client.get(f"/subjects/{found[0]['subject_id']}").text
    assert "王**" in page and "王伟明" not in page and "11010519491231002X" not in page


def test_the_public_file_shows_public_records_in_publicity_and_never_agency_only_ones(
    harness: Harness,
):
    seeded(harness)
    subject = harness.client.get(f"/v1/public/subjects/{HENGYUAN}").json()
    assert {r["record_id"] for r in subject["records"]} == {PENALTY_ID, "NEA-LIC-2026-000001"}
    page = harness.client.get(f"/subjects/{HENGYUAN}").text
    assert "违规参与电力市场交易" in page and "欠缴税款" not in page


def test_a_penalty_whose_publicity_ended_is_no_longer_shown(harness: Harness):
    seeded(harness)
    files = harness.services.files
    subject = files.get_subject(HENGYUAN)
    subject.end_publicity(PENALTY_ID, "repaired", files.today().isoformat())
    files.save_all(subject)
    harness.catch_up()
    records = harness.client.get(f"/v1/public/subjects/{HENGYUAN}").json()["records"]
    assert PENALTY_ID not in {r["record_id"] for r in records}
    assert "违规参与电力市场交易" not in harness.client.get(f"/subjects/{HENGYUAN}").text


def test_a_penalty_past_its_maximum_publicity_is_no_longer_shown(harness: Harness):
    seeded(harness)
    harness.set_clock("2029-06-01T09:00:00+08:00")
    records = harness.client.get(f"/v1/public/subjects/{HENGYUAN}").json()["records"]
    assert PENALTY_ID not in {r["record_id"] for r in records}


def test_the_black_list_shows_listed_subjects_not_delisted_ones_and_filters(harness: Harness):
    seeded(harness)
    black = harness.client.get("/v1/public/lists/black").json()
    assert [e["subject"]["uscc"] for e in black["entries"]] == [MINGYANG]
    assert black["total"] == 1 and black["version"]["rulebook_versions"] == ["2025-01"]
    assert black["version"]["version"] == 3  # listed 明阳, listed 正泰, delisted 正泰
    other_sector = harness.client.get("/v1/public/lists/black", params={"sector": "coal"}).json()
    other_region = harness.client.get("/v1/public/lists/black", params={"region": "35"}).json()
    assert other_sector["entries"] == [] and other_region["entries"] == []
    page = harness.client.get("/lists/black", params={"sector": "new_energy", "region": "44"})
    assert "广州明阳新能源有限公司" in page.text and "深圳正泰燃气有限公司" not in page.text
    assert ZHENGTAI not in page.text


def test_every_public_page_answers_in_chinese_with_no_external_asset(harness: Harness):
    seeded(harness)
    for path in (
        "/",
        "/search?q=恒源",
        f"/subjects/{HENGYUAN}",
        "/lists/black",
        "/lists/focus",
        "/lists/red",
        "/grades",
        "/cases",
        "/reports/verify?code=ABCD-1234",
        "/checkpoints",
        "/stats",
        "/login",
    ):
        response = harness.client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="zh-CN">' in response.text, path
        assert not re.search(r'(src|href)="(https?:)?//', response.text), path


def test_a_form_post_without_the_session_csrf_token_is_refused(harness: Harness):
    key = harness.key("subject", subject=HENGYUAN)["Authorization"].split(" ", 1)[1]
    harness.client.cookies.clear()
    no_token = harness.client.post("/login", data={"api_key": key})
    harness.client.get("/login")
    wrong_token = harness.client.post("/login", data={"api_key": key, "csrf_token": "forged"})
    assert (no_token.status_code, wrong_token.status_code) == (403, 403)


def test_a_subject_logs_in_with_its_key_and_sees_its_own_file(harness: Harness):
    seeded(harness)
    key = harness.key("subject", subject=HENGYUAN)["Authorization"].split(" ", 1)[1]
    login_page = harness.client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    response = harness.client.post("/login", data={"api_key": key, "csrf_token": token})
    assert response.status_code == 200 and "我的信用档案" in response.text
    assert "欠缴税款" in response.text  # its own non-public record
    wrong = harness.client.post("/login", data={"api_key": "ce_x_y", "csrf_token": token})
    assert wrong.status_code in (401, 403)
