"""A deliverer killed mid-stream (SIGKILL of the worker process) loses nothing on restart."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from tests.conftest import Harness
from tests.e2e.sharing.conftest import Receiver
from tests.e2e.sharing.helpers import (
    RECORDS,
    WATCHED,
    add_record,
    credit_energy,
    first_copies,
    penalty,
    register,
    subscribe,
)


def _worker(h: Harness, tmp_path: Path) -> subprocess.Popen[bytes]:
    return credit_energy(h, tmp_path, "worker")


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
    assert [r.data["record_id"] for r in first_copies(received)] == ids  # in order, none lost
