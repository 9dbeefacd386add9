"""The list_entries view: every listing with its status and its valid-from / valid-to instants."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, update

from adapters.core.projection import Item, event_type
from adapters.files.tables import list_entries


class ListEntriesProjection:
    name = "list_entries"
    tables = (list_entries,)
    event_names = frozenset({"ListingProposed", "Listed", "Delisted", "ListingCancelled"})

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        t = list_entries.c
        for position, ev in items:
            kind = event_type(ev)
            values: dict[str, Any]
            if kind == "ListingProposed":
                conn.execute(
                    insert(list_entries).values(
                        listing_id=ev.listing_id,
                        subject_id=str(ev.originator_id),
                        list=ev.list,
                        status="proposed",
                        rule_id=ev.rule_id,
                        rulebook_version=ev.rulebook_version,
                        reasons=ev.reasons,
                        basis_record_ids=ev.basis_record_ids,
                        legal_basis=ev.legal_basis,
                        removal_conditions=ev.removal_conditions,
                        proposed_at=ev.timestamp,
                        objection_deadline=date.fromisoformat(ev.objection_deadline),
                        until=date.fromisoformat(ev.until) if ev.until else None,
                        position=position,
                    )
                )
                continue
            if kind == "Listed":
                values = {
                    "status": "listed",
                    "valid_from": ev.timestamp,
                    "until": date.fromisoformat(ev.until) if ev.until else None,
                }
            elif kind == "Delisted":
                values = {"status": "delisted", "valid_to": ev.timestamp, "ended_reason": ev.reason}
            elif kind == "ListingCancelled":
                values = {"status": "cancelled", "ended_reason": "cancelled"}
            else:
                continue
            values["position"] = position
            conn.execute(update(list_entries).where(t.listing_id == ev.listing_id).values(values))
