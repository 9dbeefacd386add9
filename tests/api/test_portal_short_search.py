"""Public name search with one or two characters: a name matches wherever they occur in it."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from domain.identifiers import generate_uscc
from tests.conftest import Harness

NAMES = ["厦门恒源电力有限公司", "北京华能煤业有限公司", "上海嘉禾新能源有限公司"]


def registered(h: Harness) -> dict[str, str]:
    """Registers the companies through the API; name → USCC."""
    rng = random.Random(7)
    key = h.key("provider", org="国家能源局市场监管司", org_code="11100000MB0169262X")
    usccs = {}
    for name in NAMES:
        uscc = generate_uscc(rng, division="350200")
        body = {"id_type": "uscc", "id": uscc, "name": name, "kind": "legal_person",
                "sectors": ["power"], "region": "350200"}  # fmt: skip
        assert h.client.post("/v1/subjects", json=body, headers=key).status_code == 201
        usccs[name] = uscc
    h.catch_up()
    return usccs


def found(h: Harness, q: str) -> set[str]:
    response = h.client.get("/v1/public/subjects", params={"q": q})
    assert response.status_code == 200
    return {s["name"] for s in response.json()["subjects"]}


def test_two_characters_find_the_names_that_contain_them_anywhere(harness: Harness):
    registered(harness)
    assert found(harness, "电力") == {"厦门恒源电力有限公司"}
    assert found(harness, "能源") == {"上海嘉禾新能源有限公司"}
    assert found(harness, "有限") == set(NAMES)
    assert found(harness, "厦门") == {"厦门恒源电力有限公司"}  # a prefix is contained too
    assert found(harness, "力煤") == set()  # characters of different names never combine


def test_one_character_finds_the_names_that_contain_it_anywhere(harness: Harness):
    registered(harness)
    assert found(harness, "能") == {"北京华能煤业有限公司", "上海嘉禾新能源有限公司"}
    assert found(harness, "司") == set(NAMES)  # the last character of a name
    assert found(harness, "%") == set()  # a LIKE wildcard is a character like any other


def test_three_or_more_characters_still_find_names_that_contain_them(harness: Harness):
    registered(harness)
    assert found(harness, "恒源电力") == {"厦门恒源电力有限公司"}
    assert found(harness, "新能源有") == {"上海嘉禾新能源有限公司"}


def test_short_queries_page_through_every_match(harness: Harness):
    registered(harness)
    pages = [
        harness.client.get("/v1/public/subjects", params={"q": "公", "size": 2, "page": n}).json()
        for n in (1, 2)
    ]
    assert [p["has_more"] for p in pages] == [True, False]
    assert {s["name"] for p in pages for s in p["subjects"]} == set(NAMES)


def test_on_postgresql_short_queries_are_answered_from_the_index_of_characters_and_pairs(
    harness: Harness,
):
    engine = harness.services.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite (embedded, demo-sized) matches with LIKE")
    registered(harness)
    with engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # three rows: force the planner's hand
        plan = "\n".join(
            row[0]
            for row in conn.execute(
                text(
                    "EXPLAIN SELECT subject_id FROM subject_summary"
                    " WHERE subject_name_grams(subject_summary.display_name)"
                    " @> ARRAY['电力']::text[]"
                )
            )
        )
        grams = conn.execute(text("SELECT subject_name_grams('厦门电力')")).scalar()
    assert "ix_subject_summary_name_grams" in plan
    assert sorted(grams) == sorted(["厦", "门", "电", "力", "厦门", "门电", "电力"])
