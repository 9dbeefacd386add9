"""The portal's list and evaluation pages read off indexes: every page, however deep, and every
total answer what one query of the whole view, filtered and sorted, answers."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update

from adapters.files.tables import list_entries, subject_summary
from adapters.grading.tables import grade_view, list_versions
from adapters.portal.reads import PortalReads
from tests.conftest import Harness

T0 = datetime(2026, 3, 1, tzinfo=UTC)
SECTORS = ("power", "coal", "oil_gas")
REGIONS = ("350200", "440300", "110000")


def subject_id(i: int) -> str:
    return f"{i:08d}-0000-4000-8000-000000000000"


def fill(h: Harness, n: int = 47) -> list[dict[str, Any]]:
    """n subjects, a graded one each, and a black listing for most of them (some delisted,
    several listed at the same instant so that listing_id breaks the tie)."""
    subjects, grades, entries, versions = [], [], [], []
    for i in range(n):
        sid = subject_id(i)
        subjects.append(
            dict(subject_id=sid, uscc=None, kind="legal_person", display_name=f"测试能源{i}",
                 sectors=[SECTORS[i % 3]], region=REGIONS[i % 3 if i % 7 else 0],
                 registered_at=T0, records_total=0, records_active=0, version=1, position=i)
        )  # fmt: skip
        grades.append(
            dict(subject_id=sid, score=100 - i, grade_class="ABCD"[i % 4],
                 rulebook_version="2025-01", explanation=[], graded_at=T0, position=i)
        )  # fmt: skip
        if i % 5 == 4:
            continue
        entries.append(
            dict(listing_id=f"L{(i * 37) % 101:03d}", subject_id=sid, list="black",
                 status="delisted" if i % 6 == 0 else "listed", rule_id="r",
                 rulebook_version="2025-01", reasons=[], basis_record_ids=[], legal_basis="办法",
                 removal_conditions=[], proposed_at=T0, objection_deadline=date(2026, 3, 1),
                 until=None, valid_from=T0 + timedelta(days=i // 3), valid_to=None, position=i)
        )  # fmt: skip
        versions.append(
            dict(list="black", version=len(versions) + 1, listing_id=entries[-1]["listing_id"],
                 change="listed", changed_at=T0, position=i)
        )  # fmt: skip
    with h.services.engine.begin() as conn:
        conn.execute(insert(subject_summary), subjects)
        conn.execute(insert(grade_view), grades)
        conn.execute(insert(list_entries), entries)
        conn.execute(insert(list_versions), versions)
    by_id = {s["subject_id"]: s for s in subjects}
    return [{**e, **by_id[e["subject_id"]]} for e in entries]


def expected_list(entries: list[dict[str, Any]], sector: str | None, province: str | None):
    rows = [
        e
        for e in entries
        if e["status"] == "listed"
        and (sector is None or sector in e["sectors"])
        and (province is None or e["region"].startswith(province))
    ]
    rows.sort(key=lambda e: e["listing_id"])
    rows.sort(key=lambda e: e["valid_from"], reverse=True)
    return [e["listing_id"] for e in rows]


def all_pages(read: Any) -> tuple[list[str], list[int | None]]:
    ids, totals, page = [], [], 1
    while True:
        found = read(page)
        ids += [r.get("listing_id") or r["subject_id"] for r in found.items]
        totals.append(found.total)
        if not found.has_more:
            return ids, totals
        page += 1


def test_list_pages_and_totals_match_the_whole_list_sorted_with_and_without_filters(
    harness: Harness,
):
    entries = fill(harness)
    reads = PortalReads(harness.services.engine)
    for sector, province in [(None, None), ("coal", None), (None, "35"), ("power", "35")]:
        want = expected_list(entries, sector, province)
        got, totals = all_pages(
            lambda p, s=sector, r=province: reads.list_page("black", s, r, p, 4)
        )
        assert got == want, (sector, province)
        assert set(totals) == {len(want)}
    # a page past the end is empty and still counts the list
    beyond = reads.list_page("black", page=50, size=4)
    assert beyond.items == [] and beyond.total == len(expected_list(entries, None, None))


def test_evaluation_pages_read_in_subject_order_with_and_without_filters(harness: Harness):
    fill(harness)
    reads = PortalReads(harness.services.engine)
    everyone = sorted(subject_id(i) for i in range(47))
    for grade_class, sector in [(None, None), ("B", None), (None, "coal"), ("C", "oil_gas")]:
        want = [
            sid
            for sid in everyone
            if (grade_class is None or "ABCD"[int(sid[:8]) % 4] == grade_class)
            and (sector is None or SECTORS[int(sid[:8]) % 3] == sector)
        ]
        got, _ = all_pages(
            lambda p, c=grade_class, s=sector: reads.graded_subjects(c, s, None, p, 5)
        )
        assert got == want, (grade_class, sector)


def test_a_filtered_total_follows_a_new_listing_at_once(harness: Harness):
    entries = fill(harness)
    reads = PortalReads(harness.services.engine)
    before = reads.list_page("black", "coal").total
    assert before == len(expected_list(entries, "coal", None))
    sid = next(subject_id(i) for i in range(47) if i % 5 == 4 and SECTORS[i % 3] == "coal")
    with harness.services.engine.begin() as conn:
        conn.execute(
            insert(list_entries).values(
                listing_id="L-new", subject_id=sid, list="black", status="listed", rule_id="r",
                rulebook_version="2025-01", reasons=[], basis_record_ids=[], legal_basis="办法",
                removal_conditions=[], proposed_at=T0, objection_deadline=date(2026, 3, 1),
                valid_from=T0 + timedelta(days=40), position=100,
            )
        )  # fmt: skip
        conn.execute(
            insert(list_versions).values(
                list="black", version=100, listing_id="L-new", change="listed",
                changed_at=T0, position=100,
            )
        )  # fmt: skip
    after = reads.list_page("black", "coal")
    assert after.total == before + 1 and after.items[0]["listing_id"] == "L-new"


def test_an_aged_figure_is_served_while_one_refresh_runs_in_the_background(harness: Harness):
    reads = PortalReads(harness.services.engine)
    calls: list[int] = []
    release = threading.Event()

    def compute() -> int:
        calls.append(1)
        if len(calls) > 1:
            release.wait(5)
        return len(calls)

    assert reads.cached("figure", compute) == 1
    assert reads.cached("figure", compute) == 1 and len(calls) == 1  # fresh: not recomputed
    reads._cache["figure"] = (time.monotonic() - 1, 1)  # aged past its TTL
    assert reads.cached("figure", compute) == 1  # the aged figure, at once
    assert reads.cached("figure", compute) == 1  # one refresh at a time
    release.set()
    deadline = time.monotonic() + 5
    while reads.cached("figure", compute) != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert reads.cached("figure", compute) == 2 and len(calls) == 2


def test_a_subject_whose_sector_changed_moves_between_filtered_pages_once_the_list_is_reread(
    harness: Harness,
):
    entries = fill(harness)
    reads = PortalReads(harness.services.engine)
    coal = reads.list_page("black", "coal", size=100)
    moved = coal.items[0]["subject_id"]
    with harness.services.engine.begin() as conn:
        conn.execute(
            update(subject_summary)
            .where(subject_summary.c.subject_id == moved)
            .values(sectors=["power"])
        )
    # the list's entries are kept for its version, and read again in the background once aged
    version, _, kept = reads._lists["black"]
    reads._lists["black"] = (version, time.monotonic() - 1, kept)
    assert reads.list_page("black", "coal", size=100).total == coal.total
    deadline = time.monotonic() + 5
    while reads.list_page("black", "coal", size=100).total == coal.total:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    after = reads.list_page("black", "coal", size=100)
    assert after.total == coal.total - 1 == len(expected_list(entries, "coal", None)) - 1
    assert moved not in {r["subject_id"] for r in after.items}


def test_search_pages_give_every_match_once_and_in_the_same_order_every_time(harness: Harness):
    fill(harness)
    reads = PortalReads(harness.services.engine)
    names = {subject_id(i): f"测试能源{i}" for i in range(47)}
    for q in ("能", "能源", "测试能源", "能源1"):
        want = sorted(sid for sid, name in names.items() if q in name)
        got, _ = all_pages(lambda p, q=q: reads.search(q, p, 4))
        assert sorted(got) == want and len(got) == len(want), q
        assert all_pages(lambda p, q=q: reads.search(q, p, 3))[0] == got, q


def test_warming_computes_every_figure_before_a_visitor_asks(harness: Harness):
    fill(harness)
    reads = PortalReads(harness.services.engine)
    today = date(2026, 3, 2)
    reads.warm(today, SECTORS)
    computed = set(reads._cache)
    assert {"grades_by_sector", "listings_by_month", "grades:"} <= computed
    assert {f"grades:{s}" for s in SECTORS} <= computed
    assert {f"records:{today.isoformat()}", f"notices:{today.isoformat()}"} <= computed
