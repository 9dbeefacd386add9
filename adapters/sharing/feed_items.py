"""The public feed's items (CloudEvents, their bodies encoded once) and a page's working state:
the feed's own rows of the subjects, records, listings and objections the page touches, loaded
at once and written back in one statement per table (the projection: public_feed.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from sqlalchemy import Connection, delete, insert, select

from adapters.core.bulk import insert_rows, select_in, update_rows
from adapters.core.projection import Item, event_type
from adapters.sharing.tables import (
    feed_listings,
    feed_objections,
    feed_records,
    feed_subjects,
    public_feed,
)

SOURCE = "/credit-energy"
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
