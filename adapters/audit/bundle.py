"""Audit bundles: a subject's stored events with their chain links and the latest signed
checkpoint, verifiable with nothing but the bundle and the public key (`proof.verify_bundle`).

Each event comes with its previous link and its own link, so a verifier recomputes
link = SHA-256(previous_link || stored bytes) and checks the checkpoint's signature. Tying the
links to the signed head needs the links in between (the whole chain, as `credit-energy verify`
does against the database); the bundle proves each event's bytes and its place in a chain whose
state at the checkpoint the service signed.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import select

from adapters.audit import proof
from adapters.audit.chain import Chain
from adapters.audit.tables import chain_links
from application.credit_files import CreditFiles


def build_bundle(files: CreditFiles, chain: Chain, ref: str, now: datetime) -> dict[str, Any]:
    decoded = {e.position: e for e in files.get_events(ref)}  # 404 for an unknown subject
    subject_id = files.subject_id_of(ref)
    e, c = chain.events.c, chain_links.c
    events: list[dict[str, Any]] = []
    pending: list[int] = []
    with chain.engine.connect() as conn:
        rows = conn.execute(
            select(e.id, e.originator_id, e.originator_version, e.topic, e.state, c.link)
            .select_from(chain.events.outerjoin(chain_links, c.position == e.id))
            .where(e.originator_id == subject_id)
            .order_by(e.id)
        ).all()
        for position, oid, version, topic, state, link in rows:
            if link is None:
                pending.append(position)
                continue
            previous = conn.execute(
                select(c.link).where(c.position < position).order_by(c.position.desc()).limit(1)
            ).scalar()
            view = decoded.get(position)
            events.append(
                {
                    "position": position,
                    "originator_id": str(oid),
                    "originator_version": version,
                    "topic": topic,
                    "state": base64.b64encode(bytes(state)).decode(),
                    "previous_link": previous or proof.GENESIS.hex(),
                    "link": link,
                    # the service's reading of the (encrypted) state, for people; not proven
                    "type": view.type if view else None,
                    "recorded_at": view.recorded_at if view else None,
                }
            )
    return {
        "format": proof.BUNDLE_FORMAT,
        "subject_id": str(subject_id),
        "generated_at": now.isoformat(),
        "events": events,
        "pending_positions": pending,
        "checkpoint": chain.latest_checkpoint(),
        "key_id": chain.signer.key_id,
        "chain": "link_n = SHA-256(link_{n-1} || originator_id(16) || version(8, big-endian) "
        "|| len(topic)(4, big-endian) || topic || state); link_0 = 32 zero bytes",
    }
