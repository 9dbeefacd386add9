"""The restore drill: a restored database proves itself.

1. `verify`: the hash chain recomputed from the restored rows, every checkpoint's signature;
2. every view catches up from the position it was backed up at to the restored log head, its
   contents are digested, then it is emptied and rebuilt from the start of the log and digested
   again: the two must be equal (the backed-up views and the log tell one story).

It runs on the restored database with no worker running (it takes the worker lease itself).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select


class DrillError(RuntimeError):
    pass


def view_digest(engine: Engine, projection: Any) -> str:
    """SHA-256 over every row of the view's tables in primary-key order."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in projection.tables:
            order = list(table.primary_key.columns) or list(table.columns)
            digest.update(table.name.encode() + b"\0")
            for row in conn.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode() + b"\n")
    return digest.hexdigest()


def drill(services: Any, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    say = progress or (lambda _message: None)
    lease = services.worker.lease
    if not lease.try_acquire():
        raise DrillError("a worker holds the lease: stop the service before a restore drill")
    try:
        say("verifying the hash chain")
        verification = services.chain.verify()
        runner = services.runner
        say("catching the views up to the restored log head")
        runner.catch_up()
        backed_up = {p.name: view_digest(services.engine, p) for p in runner.projections}
        say("rebuilding every view from the start of the log")
        for projection in runner.projections:
            runner.reset(projection.name)
        runner.catch_up()
        rebuilt = {p.name: view_digest(services.engine, p) for p in runner.projections}
    finally:
        lease.release()
    views = {name: backed_up[name] == rebuilt[name] for name in backed_up}
    return {
        "ok": verification.ok and all(views.values()),
        "verify": verification.as_dict(),
        "views": views,
        "position": services.files.position(),
    }
