"""The public feed's items for objection marks (异议标注): `objection.filed` and
`objection.resolved`, for a mark on a public record or on a listing in force only (a mark on
anything else is not public, and leaves no trace in the feed, not even that it exists).

A mixin of `PublicFeedProjection` (its handlers are found by name, `_on_<Event>`): the page
(`public_feed._Page`) knows the feed's records, listings (`feed_listings`) and the objections it
published (`feed_objections`).
"""

from __future__ import annotations

from typing import Any

from domain.time import service_day


class ObjectionMarkItems:
    def _record_item(
        self, page: Any, position: int, ev: Any, type: str, data: dict[str, Any]
    ) -> None:
        raise NotImplementedError  # PublicFeedProjection's

    def _on_ObjectionFiled(self, page: Any, position: int, ev: Any) -> None:
        """A mark on a public record or on a listing in force is public; any other is not, and
        leaves no trace in the feed (not even that it exists)."""
        subject = page.subject(str(ev.originator_id))
        record = page.record(ev.record_id) if ev.record_id else None
        listing_id = getattr(ev, "listing_id", None)
        public_record = record is not None and record["state"] == "public"
        public_listing = bool(listing_id) and page.listing_state(listing_id) == "listed"
        published = subject is not None and (public_record or public_listing)
        page.objections[ev.objection_id] = {
            "objection_id": ev.objection_id,
            "subject_id": str(ev.originator_id),
            "record_id": ev.record_id if public_record else None,
            "listing_id": listing_id if public_listing else None,
            "published": published,
        }
        if not published:
            return
        data: dict[str, Any] = {
            "objection_id": ev.objection_id,
            "record_id": ev.record_id if public_record else None,
            "listing_id": listing_id if public_listing else None,
            "since": ev.filed_at,
        }
        if public_record and record is not None:
            data["record"] = record["data"]
        self._record_item(page, position, ev, "objection.filed", data)

    def _on_ObjectionResolved(self, page: Any, position: int, ev: Any) -> None:
        known = page.objection(ev.objection_id)
        if known is None or not known["published"]:
            return
        data: dict[str, Any] = {
            "objection_id": ev.objection_id,
            "record_id": known["record_id"],
            "listing_id": known["listing_id"],
            "outcome": ev.outcome,
            "on": service_day(ev.timestamp).isoformat(),
        }
        record = page.record(known["record_id"]) if known["record_id"] else None
        if record is not None and record["state"] == "public":
            data["record"] = record["data"]
        self._record_item(page, position, ev, "objection.resolved", data)
