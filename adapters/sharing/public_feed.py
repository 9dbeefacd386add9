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

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from sqlalchemy import Connection, delete, insert, select

from adapters.core.bulk import insert_rows, select_in, update_rows
from adapters.core.projection import Item, event_type
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

SOURCE = "/credit-energy"
FEED_TYPES = (
    "listing.created",
    "listing.removed",
    "record.published",
    "record.corrected",
    "record.retracted",
    "record.expired",
    "class.changed",
    "objection.filed",
    "objection.resolved",
    "subscription.disabled",
)
RETRACTING = ("repaired", "revoked", "shielded")
_FORMAT = JSONFormat()


def sequence_of(position: int) -> str:
    return f"{position:020d}"


def cloud_event_body(
    *,
    item_id: str,
    position: int,
    type: str,
    subject: str | None,
    time: datetime,
    data: dict[str, Any],
    validate: bool = True,
) -> str:
    """A structured-mode CloudEvent, built and validated by the cloudevents package.

    `validate=False` (the projection's own items, whose attributes are valid by construction)
    writes the same bytes without building the package's event object: a third of the cost of
    a page's feed items went to validating constant attributes."""
    attributes: dict[str, Any] = {
        "specversion": "1.0",
        "id": item_id,
        "source": SOURCE,
        "type": type,
        "time": time,
        "sequence": sequence_of(position),
        "datacontenttype": "application/json",
    }
    if subject:
        attributes["subject"] = subject
    if not validate:
        return _ENCODER.encode({**attributes, "data": data})
    return _FORMAT.write(CloudEvent(attributes, data)).decode()


class _CloudEventJSON(json.JSONEncoder):
    """The cloudevents package's JSON format: datetimes as RFC 3339, UTC written `Z`."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


_ENCODER = _CloudEventJSON()


def feed_item_row(
    *,
    position: int,
    type: str,
    time: datetime,
    data: dict[str, Any],
    item_id: str | None = None,
    subject: dict[str, Any] | None = None,
    list_name: str | None = None,
    owner: str | None = None,
    validate: bool = True,
) -> dict[str, Any]:
    """The public_feed row of one item."""
    subject_ref = None
    if subject is not None:
        subject_ref = subject.get("uscc") or subject.get("subject_id")
    item_id = item_id or f"ce-{position}"
    return {
        "id": item_id,
        "position": position,
        "type": type,
        "subject_id": subject["subject_id"] if subject else None,
        "uscc": subject.get("uscc") if subject else None,
        "list": list_name,
        "sectors": list(subject.get("sectors") or []) if subject else [],
        "owner": owner,
        "time": time,
        "body": cloud_event_body(
            item_id=item_id,
            position=position,
            type=type,
            subject=subject_ref,
            time=time,
            data=data,
            validate=validate,
        ),
    }


def append_feed_item(conn: Connection, **item: Any) -> None:
    """Add one item to the feed inside the caller's transaction (a projection's page).

    The hook for other capabilities (e.g. audit checkpoints): call it from a handler registered
    with `PublicFeedProjection.register`, with the position of the event that caused the item and
    an `item_id` of your own when one event yields several items (e.g. "ce-<position>-checkpoint").
    Arguments as `feed_item_row`.
    """
    conn.execute(insert(public_feed).values(**feed_item_row(**item)))


def _rows(found: dict[str, dict[str, Any] | None], ids: set[str]) -> list[dict[str, Any]]:
    return [row for i in sorted(ids) if (row := found[i]) is not None]


class _Page:
    """One page's reads and writes of the feed's tables: the rows the page's events name are
    read in two queries up front, changes are kept here, and everything is written in a few
    multi-row statements at `flush` (instead of two to four statements an event)."""

    def __init__(self, conn: Connection, items: Sequence[Item]) -> None:
        self.conn = conn
        self.subjects: dict[str, dict[str, Any] | None] = {}
        self.records: dict[str, dict[str, Any] | None] = {}
        self.new_subjects: set[str] = set()
        self.changed_subjects: set[str] = set()
        self.new_records: set[str] = set()
        self.changed_records: set[str] = set()
        self.feed: list[dict[str, Any]] = []
        self.listed: dict[str, tuple[str, str]] = {}  # listing_id -> (subject_id, state)
        self.objections: dict[str, dict[str, Any]] = {}
        subject_ids: set[str] = set()
        record_ids: set[str] = set()
        for _, ev in items:
            subject_ids.add(str(ev.originator_id))
            record_id = getattr(ev, "record_id", None)
            if isinstance(record_id, str) and event_type(ev) != "RecordAdded":
                record_ids.add(record_id)  # (an added record is new: it has no row yet)
            for basis in getattr(ev, "basis_record_ids", None) or ():
                record_ids.add(basis)
        self._load(subject_ids, record_ids)

    def _load(self, subject_ids: set[str], record_ids: set[str]) -> None:
        self.subjects.update(dict.fromkeys(subject_ids))
        self.records.update(dict.fromkeys(record_ids))
        if subject_ids:
            for row in select_in(self.conn, feed_subjects, "subject_id", subject_ids):
                self.subjects[row["subject_id"]] = row
        if record_ids:
            for row in select_in(self.conn, feed_records, "record_id", record_ids):
                self.records[row["record_id"]] = row

    def subject(self, subject_id: str) -> dict[str, Any] | None:
        if subject_id not in self.subjects:
            self._load({subject_id}, set())
        return self.subjects[subject_id]

    def record(self, record_id: str) -> dict[str, Any] | None:
        if record_id not in self.records:
            self._load(set(), {record_id})
        return self.records[record_id]

    def add_subject(self, row: dict[str, Any]) -> None:
        self.subjects[row["subject_id"]] = row
        self.new_subjects.add(row["subject_id"])

    def change_subject(self, subject_id: str, values: dict[str, Any]) -> None:
        row = self.subjects[subject_id]
        assert row is not None
        row.update(values)
        self.changed_subjects.add(subject_id)

    def add_record(self, row: dict[str, Any]) -> None:
        self.records[row["record_id"]] = row
        self.new_records.add(row["record_id"])

    def save_record(self, record_id: str, state: str, data: Any) -> None:
        row = self.record(record_id)
        if row is None:
            return  # an UPDATE of no row
        row.update(state=state, data=data)
        self.changed_records.add(record_id)

    def public_ids(self, record_ids: list[str]) -> list[str]:
        known = {
            rid for rid in record_ids if (row := self.record(rid)) and row["state"] != "private"
        }
        return [rid for rid in record_ids if rid in known]

    def listing_state(self, listing_id: str) -> str | None:
        if listing_id in self.listed:
            return self.listed[listing_id][1]
        t = feed_listings.c
        return self.conn.execute(select(t.state).where(t.listing_id == listing_id)).scalar()

    def objection(self, objection_id: str) -> dict[str, Any] | None:
        if objection_id in self.objections:
            return self.objections[objection_id]
        t = feed_objections.c
        row = self.conn.execute(select(feed_objections).where(t.objection_id == objection_id))
        found = row.first()
        return dict(found._mapping) if found else None

    def append(self, **item: Any) -> None:
        self.feed.append(feed_item_row(**item, validate=False))

    def flush(self) -> None:
        conn = self.conn
        insert_rows(conn, feed_subjects, _rows(self.subjects, self.new_subjects))
        changed = self.changed_subjects - self.new_subjects
        update_rows(conn, feed_subjects, "subject_id", _rows(self.subjects, changed))
        insert_rows(conn, feed_records, _rows(self.records, self.new_records))
        changed = self.changed_records - self.new_records
        update_rows(
            conn,
            feed_records,
            "record_id",
            [
                {"record_id": row["record_id"], "state": row["state"], "data": row["data"]}
                for row in _rows(self.records, changed)
            ],
        )
        insert_rows(conn, public_feed, self.feed)
        if self.listed:
            ids = sorted(self.listed)
            conn.execute(delete(feed_listings).where(feed_listings.c.listing_id.in_(ids)))
            insert_rows(
                conn,
                feed_listings,
                [
                    {"listing_id": i, "subject_id": s, "state": st}
                    for i, (s, st) in ((i, self.listed[i]) for i in ids)
                ],
            )
            self.listed = {}
        if self.objections:
            ids = sorted(self.objections)
            conn.execute(delete(feed_objections).where(feed_objections.c.objection_id.in_(ids)))
            insert_rows(conn, feed_objections, [self.objections[i] for i in ids])
            self.objections = {}
        self.new_subjects.clear()
        self.changed_subjects.clear()
        self.new_records.clear()
        self.changed_records.clear()
        self.feed = []


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
