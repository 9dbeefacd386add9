"""The commitment_view: every credit commitment (信用承诺) with whether it was kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, insert, update

from adapters.core.projection import Item, event_type, is_subject_event
from adapters.files.tables import commitment_view


class CommitmentsProjection:
    name = "commitments"
    tables = (commitment_view,)
    event_names = frozenset({"CommitmentMade", "CommitmentBreached"})

    def apply(self, conn: Connection, items: Sequence[Item]) -> None:
        t = commitment_view.c
        for position, ev in items:
            if not is_subject_event(ev):
                continue
            kind = event_type(ev)
            sid = str(ev.originator_id)
            if kind == "CommitmentMade":
                conn.execute(
                    insert(commitment_view).values(
                        subject_id=sid,
                        commitment_id=ev.commitment_id,
                        kind=ev.kind,
                        text=ev.text,
                        made_on=date.fromisoformat(ev.made_on[:10]),
                        status="kept",
                        breached_by=None,
                        position=position,
                    )
                )
            elif kind == "CommitmentBreached":
                conn.execute(
                    update(commitment_view)
                    .where(t.subject_id == sid, t.commitment_id == ev.commitment_id)
                    .values(status="breached", breached_by=ev.record_id, position=position)
                )
