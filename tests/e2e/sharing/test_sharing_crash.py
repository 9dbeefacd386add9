"""A deliverer killed mid-stream (SIGKILL of the worker process) loses nothing on restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import CIPHER_KEY, Harness
from tests.e2e.sharing.conftest import SHARING, Receiver
from tests.e2e.sharing.helpers import RECORDS, WATCHED, add_record, penalty, register, subscribe


def _worker(h: Harness, tmp_path: Path) -> subprocess.Popen[bytes]:
    settings = h.services.settings
    env = {
        **os.environ,
        **{k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in SHARING.items()},
        "CREDIT_DATABASE_URL": settings.resolved_database_url,
        "CIPHER_KEY": CIPHER_KEY,
        "CREDIT_CLOCK": "manual",
        "CREDIT_VAR_DIR": str(tmp_path / "var"),
        "CREDIT_POLL_INTERVAL": "0.05",
    }
    command = [str(Path(sys.executable).parent / "credit-energy"), "worker"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_killing_the_deliverer_mid_stream_loses_nothing_and_repeats_keep_their_webhook_id(
    sharing: Harness, receivers, tmp_path: Path
):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    receiver = receivers(lambda n: (200, {}, 0.03))
    sub = subscribe(h, receiver.url, h.key("subscriber", org="厦门银行"), types=RECORDS)
    receiver.secrets = [sub["secret"]]
    ids = [f"NEA-2026-{i:03d}" for i in range(1, 31)]
    for record_id in ids:
        add_record(h, WATCHED, penalty(record_id))

    first = _worker(h, tmp_path)
    try:
        receiver.wait_for(lambda r: len(r.received) >= 6, timeout=30)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert len({r.webhook_id for r in receiver.received}) < len(ids)  # killed mid-stream

    second = _worker(h, tmp_path)
    try:

        def all_arrived(r: Receiver) -> bool:
            return {a.data["record_id"] for a in r.acknowledged()} == set(ids)

        receiver.wait_for(all_arrived, timeout=30)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    received = list(receiver.received)
    assert all(r.verified and r.webhook_id == r.event.get_id() for r in received)
    first_seen: list[str] = []
    bodies: dict[str, bytes] = {}
    for r in received:
        if r.webhook_id not in bodies:
            first_seen.append(r.data["record_id"])
        assert bodies.setdefault(r.webhook_id, r.body) == r.body  # a repeat is the same message
    assert first_seen == ids  # in order, none lost
