"""The public feed: every public change as a CloudEvent, in log order, exactly once.

Only public information enters: records whose catalogue entry is public and that were published,
listings, class changes; natural persons appear by subject_id with a masked name. The feed keeps
its own small state (feed_subjects, feed_records) so a rebuild from zero yields the same rows.

CloudEvent attributes: `id` "ce-<position>" (also the webhook-id, so a re-delivery carries the same
id), `source` "/credit-energy", `subject` the USCC (a natural person: the subject_id), `sequence`
the log position as a 20-digit zero-padded string (the CloudEvents sequence extension orders
lexicographically), `time` when the change was recorded, `datacontenttype` application/json.

Types: listing.created, listing.removed, record.published, record.corrected, record.retracted
(repaired, revoked, shielded, unpublished), record.expired (publicity period over),
class.changed, objection.filed / objection.resolved (the objection mark, 异议标注, on a public
record or a listing in force: public information; a mark on anything not public never enters),
and subscription.disabled (owner-scoped: only that organisation sees it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from adapters.core.projection import Item, event_type
from adapters.sharing.feed_items import (
    RETRACTING,
    _Page,
)
from adapters.sharing.feed_marks import ObjectionMarkItems
from adapters.sharing.tables import (
    feed_listings,
    feed_objections,
    feed_records,
    feed_subjects,
    public_feed,
)
from application.ports import PersonalData
from domain.identifiers import ERASED, mask_name
from domain.time import service_day


def _public_record(ev: Any) -> dict[str, Any]:
    return {
        "record_id": ev.record_id,
        "catalogue_code": ev.catalogue_code,
        "category": ev.category,
        "visibility": ev.visibility,
        "polarity": ev.polarity,
        "tier": ev.tier,
        "decision_no": ev.decision_no,
        "decided_on": ev.decided_on,
        "legal_basis": ev.legal_basis,
        "summary": ev.summary,
        "content": dict(ev.content),
        "source_unit": ev.source_unit,
        "source_unit_code": ev.source_unit_code,
        "publicity": {"from": ev.publicity_from, "until": ev.max_until},
    }


def _is_public(ev: Any, published: bool, max_until: str) -> bool:
    recorded_on = service_day(ev.timestamp).isoformat()
    return bool(published) and ev.visibility == "public" and max_until >= recorded_on


FeedHandler = Callable[[Connection, int, Any], None]


class PublicFeedProjection(ObjectionMarkItems):
    name = "public_feed"
    tables = (public_feed, feed_subjects, feed_records, feed_listings, feed_objections)

    def __init__(self, personal: PersonalData | None = None) -> None:
        self._extra: dict[str, FeedHandler] = {}
        self.personal = personal

    def _masked(self, subject_id: str, name: str) -> str:
        """A natural person's name arrives sealed: open it only to mask it (erased: ERASED)."""
        if self.personal is not None:
            revealed = self.personal.reveal(subject_id, name)
            if revealed is None:
                return ERASED
            name = revealed
        return mask_name(name)

    @property
    def event_names(self) -> frozenset[str]:
        handled = {name[len("_on_") :] for name in dir(type(self)) if name.startswith("_on_")}
        return frozenset({*handled, "EndpointDisabled", *self._extra})

    def register(self, event_name: str, handler: FeedHandler) -> None:
        """Let another capability turn its events into feed items (via `append_feed_item`).

        Items must be appended from here, inside this view's page: appended from another view
        they could land behind a reader's cursor and never be seen.
        """
        self._extra[event_name] = handler

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        page = _Page(conn, items)
        for position, ev in items:
            kind = event_type(ev)
            if kind in self._extra:
                page.flush()  # another capability's handler reads and writes the tables itself
                self._extra[kind](conn, position, ev)
                continue
            if kind == "EndpointDisabled":
                self._endpoint_disabled(page, position, ev)
                continue
            # by event name: a part's events are classes of the part (e.g. Records.RecordAdded)
            handler = getattr(self, f"_on_{kind}", None)
            if handler is not None:
                handler(page, position, ev)
        page.flush()

    # -- subjects ----------------------------------------------------------------------------

    def _on_Registered(self, page: _Page, position: int, ev: Any) -> None:
        person = ev.kind == "natural_person"
        page.add_subject(
            {
                "subject_id": str(ev.originator_id),
                "uscc": ev.uscc,
                "kind": ev.kind,
                "name": self._masked(str(ev.originator_id), ev.name) if person else ev.name,
                "sectors": list(ev.sectors),
                "region": ev.region,
                "legal_representative": None
                if person
                else (ev.profile or {}).get("legal_representative"),
            }
        )

    def _on_ProfileAmended(self, page: _Page, position: int, ev: Any) -> None:
        subject = page.subject(str(ev.originator_id))
        if subject is None:
            return
        values: dict[str, Any] = {}
        person = subject["kind"] == "natural_person"
        if "name" in ev.changes:
            name = ev.changes["name"]
            values["name"] = self._masked(subject["subject_id"], name) if person else name
        for key in ("sectors", "region"):
            if key in ev.changes:
                values[key] = ev.changes[key]
        profile = ev.changes.get("profile")
        if isinstance(profile, dict) and "legal_representative" in profile and not person:
            values["legal_representative"] = profile["legal_representative"]
        if values:
            page.change_subject(subject["subject_id"], values)

    def _on_PersonalDataErased(self, page: _Page, position: int, ev: Any) -> None:
        # later items carry no trace of the name (earlier ones only ever had it masked)
        if page.subject(str(ev.originator_id)) is not None:
            page.change_subject(str(ev.originator_id), {"name": ERASED})

    # -- records -----------------------------------------------------------------------------

    def _on_RecordAdded(self, page: _Page, position: int, ev: Any) -> None:
        public = _is_public(ev, ev.published, ev.max_until)
        data = _public_record(ev)
        page.add_record(
            {
                "record_id": ev.record_id,
                "subject_id": str(ev.originator_id),
                "state": "public" if public else "private",
                "data": data,
            }
        )
        if public:
            self._record_item(page, position, ev, "record.published", data)

    def _on_RecordCorrected(self, page: _Page, position: int, ev: Any) -> None:
        record = page.record(ev.record_id)
        if record is None or record["state"] in ("retracted", "ended"):
            return
        data = dict(record["data"])
        for key, value in ev.changes.items():
            if key == "content" and isinstance(value, dict):
                data["content"] = {**data["content"], **value}
            elif key in data:
                data[key] = value
        window = ev.window or {}
        if "tier" in window:
            data["tier"] = window["tier"]
        publicity = dict(data["publicity"])
        publicity["from"] = window.get("publicity_from", publicity["from"])
        publicity["until"] = window.get("max_until", publicity["until"])
        data["publicity"] = publicity
        was_public = record["state"] == "public"
        now_public = was_public
        if "published" in window:
            now_public = (
                bool(window["published"])
                and data.get("visibility") == "public"
                and publicity["until"] >= _day(ev.timestamp)
            )
        state = record["state"]
        if was_public and now_public:
            self._record_item(page, position, ev, "record.corrected", data)
        elif was_public and not now_public:
            state = "retracted"
            self._record_item(
                page, position, ev, "record.retracted", {**data, "reason": "unpublished"}
            )
        elif not was_public and now_public:
            state = "public"
            self._record_item(page, position, ev, "record.published", data)
        page.save_record(ev.record_id, state, data)

    def _on_RecordRevoked(self, page: _Page, position: int, ev: Any) -> None:
        record = page.record(ev.record_id)
        if record is None or record["state"] not in ("public", "ended"):
            return
        page.save_record(ev.record_id, "retracted", record["data"])
        retraction = {**record["data"], "reason": "revoked", "on": _day(ev.timestamp)}
        self._record_item(page, position, ev, "record.retracted", retraction)

    def _on_PublicityEnded(self, page: _Page, position: int, ev: Any) -> None:
        record = page.record(ev.record_id)
        if record is None or record["state"] != "public":
            return
        data = {**record["data"], "reason": ev.reason, "on": ev.on}
        if ev.reason in RETRACTING:
            page.save_record(ev.record_id, "retracted", record["data"])
            self._record_item(page, position, ev, "record.retracted", data)
        else:
            page.save_record(ev.record_id, "ended", record["data"])
            self._record_item(page, position, ev, "record.expired", data)

    # -- listings and classes ----------------------------------------------------------------

    def _on_Listed(self, page: _Page, position: int, ev: Any) -> None:
        subject = page.subject(str(ev.originator_id))
        if subject is None:
            return
        basis = page.public_ids(list(ev.basis_record_ids))
        data = {
            "listing_id": ev.listing_id,
            "list": ev.list,
            "since": ev.timestamp.isoformat(),
            "until": ev.until,
            "basis_record_ids": basis,
            "legal_basis": ev.legal_basis,
            "removal_conditions": list(ev.removal_conditions),
            "rulebook_version": ev.rulebook_version,
            "subject": _subject_out(subject),
        }
        data["term_rule"] = getattr(ev, "term_rule", None) or "from_listing"
        page.listed[ev.listing_id] = (str(ev.originator_id), "listed")
        page.append(
            position=position,
            type="listing.created",
            time=ev.timestamp,
            data=data,
            subject=subject,
            list_name=ev.list,
        )

    def _on_Delisted(self, page: _Page, position: int, ev: Any) -> None:
        subject = page.subject(str(ev.originator_id))
        if subject is None:
            return
        page.listed[ev.listing_id] = (str(ev.originator_id), "ended")
        data = {
            "listing_id": ev.listing_id,
            "list": ev.list,
            "reason": ev.reason,
            "on": ev.on,
            "subject": _subject_out(subject),
        }
        page.append(
            position=position,
            type="listing.removed",
            time=ev.timestamp,
            data=data,
            subject=subject,
            list_name=ev.list,
        )

    def _on_Graded(self, page: _Page, position: int, ev: Any) -> None:
        if ev.grade_class == ev.previous_class:
            return
        subject = page.subject(str(ev.originator_id))
        if subject is None:
            return
        data = {
            "class": ev.grade_class,
            "previous_class": ev.previous_class,
            "score": ev.score,
            "rulebook_version": ev.rulebook_version,
            "subject": _subject_out(subject),
        }
        page.append(
            position=position,
            type="class.changed",
            time=ev.timestamp,
            data=data,
            subject=subject,
        )

    # -- notices to one subscriber -----------------------------------------------------------

    def _endpoint_disabled(self, page: _Page, position: int, ev: Any) -> None:
        data = {
            "subscription_id": ev.subscription_id,
            "reason": ev.reason,
            "failing_since": ev.failing_since,
            "last_status": ev.last_status,
        }
        page.append(
            position=position,
            type="subscription.disabled",
            time=ev.timestamp,
            data=data,
            owner=ev.owner,
        )

    # -- helpers -----------------------------------------------------------------------------

    def _record_item(
        self, page: _Page, position: int, ev: Any, type: str, data: dict[str, Any]
    ) -> None:
        subject = page.subject(str(ev.originator_id))
        if subject is None:
            return
        page.append(
            position=position,
            type=type,
            time=ev.timestamp,
            data={**data, "subject": _subject_out(subject)},
            subject=subject,
        )


def _subject_out(subject: dict[str, Any]) -> dict[str, Any]:
    return {
        "subject_id": subject["subject_id"],
        "uscc": subject["uscc"],
        "name": subject["name"],
        "kind": subject["kind"],
        "sectors": list(subject["sectors"]),
        "region": subject["region"],
        "legal_representative": subject["legal_representative"],
    }


def _day(instant: datetime) -> str:
    return service_day(instant).isoformat()
