"""The check_view: one denormalised row per subject, so that a check is one indexed lookup.

Maintained from Registered, ProfileAmended, Listed, Delisted, Graded (issue 3) and
ObjectionFiled / ObjectionResolved (issue 5). A page is applied with one SELECT of the rows it
touches, one multi-row INSERT of new subjects and one executemany UPDATE.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from adapters.pii import SubjectKeys
from adapters.projections.base import Item, aggregate_type, event_type
from adapters.projections.bulk import insert_rows, update_rows
from adapters.projections.subjects import shown_name
from adapters.tables import check_view
from domain.identifiers import ERASED

ORDER = ("black", "focus", "red")
RELEVANT = frozenset(
    {
        "Registered",
        "ProfileAmended",
        "Listed",
        "Delisted",
        "Graded",
        "ObjectionFiled",
        "ObjectionResolved",
        "PersonalDataErased",
    }
)
_COLUMNS = (
    "kind",
    "display_name",
    "status",
    "lists",
    "grade_class",
    "score",
    "listings",
    "marks",
    "position",
)


def status_of(listings: list[dict[str, Any]]) -> tuple[str, str]:
    """(status, lists): black wins over focus, focus over red; else clear."""
    on = {item["list"] for item in listings}
    lists = [name for name in ORDER if name in on]
    return (lists[0] if lists else "clear"), ",".join(lists)


class CheckViewProjection:
    name = "check_view"
    tables = (check_view,)
    event_names = frozenset(RELEVANT)

    def __init__(self, personal: SubjectKeys | None = None) -> None:
        self.personal = personal

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        relevant = [
            (position, ev)
            for position, ev in items
            if event_type(ev) in RELEVANT and _of_subject(ev)
        ]
        if not relevant:
            return
        registered = {str(ev.originator_id) for _, ev in relevant if event_type(ev) == "Registered"}
        wanted = {str(ev.originator_id) for _, ev in relevant} - registered
        rows: dict[str, dict[str, Any]] = {}
        if wanted:
            t = check_view.c
            for r in conn.execute(
                select(t.subject_id, *(t[c] for c in _COLUMNS)).where(t.subject_id.in_(wanted))
            ):
                row = dict(r._mapping)
                row["listings"] = list(row["listings"])
                row["marks"] = list(row["marks"])
                rows[row["subject_id"]] = row
        new: dict[str, dict[str, Any]] = {}
        changed: set[str] = set()
        for position, ev in relevant:
            sid = str(ev.originator_id)
            kind = event_type(ev)
            if kind == "Registered":
                new[sid] = {
                    "subject_id": sid,
                    "uscc": ev.uscc,
                    "kind": ev.kind,
                    "display_name": shown_name(self.personal, conn, sid, ev.kind, ev.name),
                    "grade_class": None,
                    "score": None,
                    "listings": [],
                    "marks": [],
                    "position": position,
                }
                continue
            row = new.get(sid) or rows.get(sid)
            if row is None:
                continue  # not reachable: Registered opens every stream
            if kind == "ProfileAmended" and "name" in ev.changes:
                row["display_name"] = shown_name(
                    self.personal, conn, sid, row["kind"], ev.changes["name"]
                )
            _mutate(row, kind, ev)
            row["position"] = position
            if sid not in new:
                changed.add(sid)
        if new:
            for row in new.values():
                row["status"], row["lists"] = status_of(row["listings"])
            insert_rows(conn, check_view, list(new.values()))
        if changed:
            params = []
            for sid in sorted(changed):
                row = rows[sid]
                row["status"], row["lists"] = status_of(row["listings"])
                params.append({"subject_id": sid} | {c: row[c] for c in _COLUMNS})
            update_rows(conn, check_view, "subject_id", params)


def _of_subject(ev: Any) -> bool:
    """Part events are named for their part (`Listings.Listed`); all are the subject's."""
    return aggregate_type(ev) not in ("RecordKey",)


def _mutate(row: dict[str, Any], kind: str, ev: Any) -> None:
    if kind == "Listed":
        row["listings"] = [i for i in row["listings"] if i["listing_id"] != ev.listing_id]
        row["listings"].append(
            {
                "listing_id": ev.listing_id,
                "list": ev.list,
                "since": ev.timestamp.isoformat(),
                "until": ev.until,
                "basis_record_ids": list(ev.basis_record_ids),
                "legal_basis": ev.legal_basis,
            }
        )
    elif kind == "Delisted":
        row["listings"] = [i for i in row["listings"] if i["listing_id"] != ev.listing_id]
    elif kind == "Graded":
        row["grade_class"] = ev.grade_class
        row["score"] = float(ev.score)
    elif kind == "ObjectionFiled":
        mark: dict[str, Any] = {
            "record_id": ev.record_id,
            "objection_id": ev.objection_id,
            "since": ev.timestamp.isoformat(),
        }
        if getattr(ev, "listing_id", None):
            mark["listing_id"] = ev.listing_id
        row["marks"] = [m for m in row["marks"] if m["objection_id"] != ev.objection_id]
        row["marks"].append(mark)
    elif kind == "PersonalDataErased":
        row["display_name"] = ERASED
    elif kind == "ObjectionResolved":
        row["marks"] = [m for m in row["marks"] if m["objection_id"] != ev.objection_id]
