"""Subject summary and records-with-publicity views."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, case, update

from adapters.core.bulk import insert_rows, update_rows
from adapters.core.pii import SubjectKeys
from adapters.core.projection import SUBJECT_EVENTS, Item, event_type, is_subject_event
from adapters.files.tables import record_view, subject_summary
from domain.identifiers import ERASED, mask_name


def display_name(kind: str, name: str) -> str:
    return mask_name(name) if kind == "natural_person" else name


def shown_name(
    personal: SubjectKeys | None, conn: Connection, sid: str, kind: str, name: str
) -> str:
    """The name a view may keep: a natural person's arrives sealed, so it is opened (on the
    view's own connection) and masked; an erased one reads ERASED."""
    if personal is not None and kind == "natural_person":
        name = personal.reveal(sid, name, conn=conn) or ERASED
    return display_name(kind, name)


class SubjectSummaryProjection:
    name = "subject_summary"
    tables = (subject_summary,)
    event_names = SUBJECT_EVENTS  # every subject event moves the row's version

    def __init__(self, personal: SubjectKeys | None = None) -> None:
        self.personal = personal

    def _amended_values(
        self, conn: Connection, sid: str, changes: dict[str, Any]
    ) -> dict[str, Any]:
        t = subject_summary.c
        values: dict[str, Any] = {}
        if "name" in changes:
            name = changes["name"]
            if self.personal is not None:
                name = self.personal.reveal(sid, name, conn=conn) or ERASED
            values["display_name"] = case((t.kind == "natural_person", mask_name(name)), else_=name)
        for key in ("sectors", "region"):
            if key in changes:
                values[key] = changes[key]
        return values

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        """One INSERT for the page's registrations, one batched UPDATE for every other subject
        touched (counters summed over the page): a page costs a few statements, not one per
        event. Profile amendments (rare) are applied one by one, in order, in between."""
        t = subject_summary.c
        new_rows: list[dict[str, Any]] = []
        amended: list[tuple[str, dict[str, Any]]] = []
        touched: dict[str, dict[str, Any]] = {}
        for position, ev in items:
            if not is_subject_event(ev):
                continue
            kind = event_type(ev)
            sid = str(ev.originator_id)
            if kind == "Registered":
                new_rows.append(
                    {
                        "subject_id": sid,
                        "uscc": ev.uscc,
                        "kind": ev.kind,
                        "display_name": shown_name(self.personal, conn, sid, ev.kind, ev.name),
                        "sectors": list(ev.sectors),
                        "region": ev.region,
                        "registered_at": ev.timestamp,
                        "records_total": 0,
                        "records_active": 0,
                        "version": ev.originator_version,
                        "position": position,
                    }
                )
                continue
            row = touched.setdefault(sid, {"added": 0, "revoked": 0})
            row["version"] = ev.originator_version
            row["position"] = position
            if kind == "RecordAdded":
                row["added"] += 1
            elif kind == "RecordRevoked":
                row["revoked"] += 1
            elif kind == "PersonalDataErased":
                amended.append((sid, {"display_name": ERASED}))
            elif kind == "ProfileAmended" and (
                values := self._amended_values(conn, sid, ev.changes)
            ):
                amended.append((sid, values))
        insert_rows(conn, subject_summary, new_rows)
        for sid, values in amended:
            conn.execute(update(subject_summary).where(t.subject_id == sid).values(values))
        update_rows(
            conn,
            subject_summary,
            "subject_id",
            [
                {
                    "subject_id": sid,
                    "records_total": row["added"],
                    "records_active": row["added"] - row["revoked"],
                    "version": row["version"],
                    "position": row["position"],
                }
                for sid, row in touched.items()
            ],
            increments=("records_total", "records_active"),
        )


class RecordsProjection:
    name = "records"
    tables = (record_view,)
    event_names = frozenset({"RecordAdded", "RecordCorrected", "RecordRevoked", "PublicityEnded"})

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        t = record_view.c
        pending: list[dict[str, Any]] = []
        for position, ev in items:
            if not is_subject_event(ev):
                continue
            kind = event_type(ev)
            if kind == "RecordAdded":
                pending.append(_record_row(ev, position))
                continue
            if kind not in ("RecordCorrected", "RecordRevoked", "PublicityEnded"):
                continue
            insert_rows(conn, record_view, pending)
            pending = []
            values: dict[str, Any] = {"position": position}
            if kind == "RecordRevoked":
                values["status"] = "revoked"
            elif kind == "PublicityEnded":
                values["publicity_ended_on"] = date.fromisoformat(ev.on)
                values["publicity_ended_reason"] = ev.reason
            else:
                values.update(_corrected_values(conn, ev))
            conn.execute(update(record_view).where(t.record_id == ev.record_id).values(values))
        insert_rows(conn, record_view, pending)


def _record_row(ev: Any, position: int) -> dict[str, Any]:
    return {
        "record_id": ev.record_id,
        "subject_id": str(ev.originator_id),
        "catalogue_code": ev.catalogue_code,
        "catalogue_version": ev.catalogue_version,
        "category": ev.category,
        "polarity": ev.polarity,
        "visibility": ev.visibility,
        "tier": ev.tier,
        "source_unit": ev.source_unit,
        "source_unit_code": ev.source_unit_code,
        "decision_no": ev.decision_no,
        "decided_on": date.fromisoformat(ev.decided_on),
        "legal_basis": ev.legal_basis,
        "summary": ev.summary,
        "content": ev.content,
        "publicity_from": date.fromisoformat(ev.publicity_from),
        "min_until": date.fromisoformat(ev.min_until),
        "max_until": date.fromisoformat(ev.max_until),
        "published": ev.published,
        "period_rules_version": ev.period_rules_version,
        "status": "active",
        "publicity_ended_on": None,
        "publicity_ended_reason": None,
        "recorded_at": ev.timestamp,
        "position": position,
    }


def _corrected_values(conn: Connection, ev: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in {**ev.changes, **ev.window}.items():
        if key == "content":
            row = conn.execute(
                record_view.select()
                .with_only_columns(record_view.c.content)
                .where(record_view.c.record_id == ev.record_id)
            ).first()
            values["content"] = {**(row[0] if row else {}), **value}
        elif key in ("decided_on", "publicity_from", "min_until", "max_until"):
            values[key] = date.fromisoformat(value)
        elif key in record_view.c:
            values[key] = value
    return values
