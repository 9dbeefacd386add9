"""The deliverer's shared feed pages: subscribers at one cursor share one read, and a shared page
never hides a row added after it was read."""

from __future__ import annotations

from typing import Any

from tests.conftest import Harness
from tests.e2e.sharing.helpers import WATCHED, add_record, penalty, register


def test_a_page_read_at_the_head_is_shared_and_grows_with_the_feed(sharing: Harness):
    h = sharing
    deliverer = h.services.sharing.deliverer

    def read(cursor: int, limit: int) -> tuple[list[Any], bool]:
        with h.services.engine.connect() as conn, conn.begin():
            return deliverer._rows(conn, cursor, None, limit)  # type: ignore[no-any-return]

    register(h, WATCHED)
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.catch_up()
    rows, cut = read(0, 1000)
    assert not cut and rows  # the whole feed: it reached the head
    head = rows[-1].position
    assert read(head, 1000) == ([], False)  # nothing yet after it

    add_record(h, WATCHED, penalty("NEA-2026-002"))
    h.catch_up()
    again, cut = read(0, 1000)  # within PAGE_SECONDS: the shared page, grown
    assert not cut and again[: len(rows)] == rows and len(again) > len(rows)
    assert again[-1].position > head  # the row added since is served too
    after, _ = read(head, 1000)  # an empty page was not kept
    assert after == again[len(rows) :]

    first, cut = read(0, 1)  # cut short of the head: it never changes
    assert cut and read(0, 1) == (first, True)
    assert all(row.position == first[0].position for row in first)  # whole positions
