"""The check_view: one denormalised row per subject, so that a check is one indexed lookup.

Each row is `domain.decision.standing` of the part of the file the decision reads (listings in
force, grade, open objections, region), kept from Registered, ProfileAmended, Listed, Delisted,
Graded and ObjectionFiled / ObjectionResolved: status, lists, class or unrated (with its
reason), score, listings, marks, and the province and targets the single check's SQL indexes
the measure lookup by. A page is applied with one SELECT of the rows it touches, one multi-row
INSERT of new subjects and one executemany UPDATE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from adapters.core.bulk import insert_rows, update_rows
from adapters.core.pii import SubjectKeys
from adapters.core.projection import Item, aggregate_type, event_type
from adapters.files.projections import shown_name
from adapters.joint.tables import check_view
from domain.decision import NOT_GRADED, OpenObjection, standing
from domain.grades import GradeState
from domain.identifiers import ERASED

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
    "region",
    "province",
    "targets",
    "unrated_reason",
)


@dataclass
class _Part:
    """The part of a subject's file the decision reads (domain.decision.DecisionFile), kept
    from the check_view row: the listings in force, the grade, the open objections, the region."""

    region: str
    listings: dict[str, dict[str, Any]]
    grade_state: GradeState | None
    objections: dict[str, OpenObjection]


def _part_of(row: dict[str, Any]) -> _Part:
    listings = {i["listing_id"]: {**i, "status": "listed"} for i in row["listings"]}
    objections = {
        m["objection_id"]: OpenObjection(
            m["objection_id"], m.get("record_id"), m.get("listing_id"), m["since"]
        )
        for m in row["marks"]
    }
    grade = None
    if row["grade_class"] is not None or row.get("unrated_reason") not in (None, NOT_GRADED):
        grade = GradeState(
            row["score"], row["grade_class"], unrated_reason=row.get("unrated_reason")
        )
    return _Part(row.get("region") or "", listings, grade, objections)


def _store(row: dict[str, Any], part: _Part) -> None:
    """The row's decision columns: domain.decision.standing of the part it keeps."""
    s = standing(part)
    row.update(
        status=s.status,
        lists=",".join(s.lists),
        grade_class=s.grade_class,
        score=s.score,
        unrated_reason=s.unrated_reason,
        listings=list(s.listings),
        marks=list(s.marks),
        region=s.region,
        province=s.province,
        targets=",".join(s.targets),
    )


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
        parts: dict[str, _Part] = {}
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
                    "position": position,
                }
                parts[sid] = _Part(ev.region or "", {}, None, {})
                continue
            row = new.get(sid) or rows.get(sid)
            if row is None:
                continue  # not reachable: Registered opens every stream
            part = parts.get(sid)
            if part is None:
                part = parts[sid] = _part_of(row)
            if kind == "ProfileAmended" and "name" in ev.changes:
                row["display_name"] = shown_name(
                    self.personal, conn, sid, row["kind"], ev.changes["name"]
                )
            elif kind == "PersonalDataErased":
                row["display_name"] = ERASED
            _mutate(part, kind, ev)
            row["position"] = position
            if sid not in new:
                changed.add(sid)
        if new:
            for sid, row in new.items():
                _store(row, parts[sid])
            insert_rows(conn, check_view, list(new.values()))
        if changed:
            params = []
            for sid in sorted(changed):
                row = rows[sid]
                _store(row, parts[sid])
                params.append({"subject_id": sid} | {c: row[c] for c in _COLUMNS})
            update_rows(conn, check_view, "subject_id", params)


def _of_subject(ev: Any) -> bool:
    """Part events are named for their part (`Listings.Listed`); all are the subject's."""
    return aggregate_type(ev) not in ("RecordKey",)


def _mutate(part: _Part, kind: str, ev: Any) -> None:
    """What each event changes of the part (as the aggregate's own event methods do)."""
    if kind == "Listed":
        part.listings[ev.listing_id] = {
            "listing_id": ev.listing_id,
            "list": ev.list,
            "status": "listed",
            "since": ev.timestamp.isoformat(),
            "until": ev.until,
            "basis_record_ids": list(ev.basis_record_ids),
            "legal_basis": ev.legal_basis,
            "term_rule": getattr(ev, "term_rule", None) or "from_listing",
        }
    elif kind == "Delisted":
        part.listings.pop(ev.listing_id, None)
    elif kind == "Graded":
        part.grade_state = GradeState(
            ev.score, ev.grade_class, unrated_reason=getattr(ev, "unrated_reason", None)
        )
    elif kind == "ObjectionFiled":
        part.objections[ev.objection_id] = OpenObjection(
            ev.objection_id, ev.record_id, getattr(ev, "listing_id", None), ev.filed_at
        )
    elif kind == "ObjectionResolved":
        part.objections.pop(ev.objection_id, None)
    elif kind == "ProfileAmended" and "region" in ev.changes:
        part.region = ev.changes["region"] or ""
