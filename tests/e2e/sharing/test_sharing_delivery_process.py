"""Deliveries in a process of their own (CREDIT_DELIVERY_PROCESS): the worker keeps it running,
a killed one is replaced and loses nothing, and it ends with the worker that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import adapters.delivery
from tests.conftest import CIPHER_KEY, Harness, _harness, make_settings
from tests.e2e.sharing.conftest import SHARING, Received, Receiver
from tests.e2e.sharing.helpers import RECORDS, WATCHED, add_record, penalty, register, subscribe

IN_PROCESS = {**SHARING, "CREDIT_DELIVERY_PROCESS": True}


@pytest.fixture
def separate(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    yield from _harness(make_settings(database_url, tmp_path, **IN_PROCESS))


def _running(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _record_ids(requests: list[Received]) -> list[str]:
    return [r.data["record_id"] for r in requests]


def _first_copies(receiver: Receiver) -> list[Received]:
    """Each webhook-id once, as first received; a repeat carries the same body."""
    bodies: dict[str, bytes] = {}
    first: list[Received] = []
    for r in list(receiver.received):
        assert r.verified
        if r.webhook_id not in bodies:
            first.append(r)
        assert bodies.setdefault(r.webhook_id, r.body) == r.body
    return first


def _until(h: Harness, predicate, timeout: float = 30.0) -> None:
    """Worker rounds (the task that keeps the delivery process running among them) until
    `predicate()` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        h.catch_up()
        time.sleep(0.05)


def test_a_delivery_process_of_its_own_delivers_and_a_killed_one_is_replaced_losing_nothing(
    separate: Harness, receivers, monkeypatch: pytest.MonkeyPatch
):
    h = separate
    monkeypatch.setattr(adapters.delivery, "RESTART_SECONDS", 0.2)
    process = h.services.extras["delivery_process"]
    assert h.services.extras["deliverer"] not in h.services.worker.tasks  # not in the worker
    register(h, WATCHED)
    receiver = receivers(lambda n: (200, {}, 0.02))
    sub = subscribe(h, receiver.url, h.key("subscriber", org="厦门银行"), types=RECORDS)
    receiver.secrets = [sub["secret"]]
    ids = [f"NEA-2026-{i:03d}" for i in range(1, 41)]
    for record_id in ids[:20]:
        add_record(h, WATCHED, penalty(record_id))
    _until(h, lambda: len(receiver.received) >= 5)
    first = process.pid
    assert first is not None and first != os.getpid()

    os.kill(first, signal.SIGKILL)  # mid-stream
    for record_id in ids[20:]:
        add_record(h, WATCHED, penalty(record_id))
    _until(h, lambda: set(_record_ids(receiver.acknowledged())) == set(ids))
    assert process.pid != first  # the worker started another

    assert _record_ids(_first_copies(receiver)) == ids  # in order, none lost
    child = process.pid
    process.close()  # as the worker's services close
    assert not _running(child)


def test_the_delivery_process_ends_when_its_worker_is_killed(
    database_url: str, tmp_path: Path, receivers
):
    settings = make_settings(database_url, tmp_path, **IN_PROCESS)
    harness = _harness(settings)
    h = next(harness)
    try:
        register(h, WATCHED)
        receiver = receivers()
        sub = subscribe(h, receiver.url, h.key("subscriber", org="厦门银行"), types=RECORDS)
        receiver.secrets = [sub["secret"]]
        add_record(h, WATCHED, penalty("NEA-2026-001"))
        env = {
            **os.environ,
            **{k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in IN_PROCESS.items()},
            "CREDIT_DATABASE_URL": settings.resolved_database_url,
            "CIPHER_KEY": CIPHER_KEY,
            "CREDIT_CLOCK": "manual",
            "CREDIT_VAR_DIR": str(tmp_path / "var"),
            "CREDIT_POLL_INTERVAL": "0.05",
        }
        command = [str(Path(sys.executable).parent / "credit-energy"), "worker"]
        worker = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            receiver.wait_for(lambda r: len(r.acknowledged()) == 1, timeout=30)
            [child] = _children(worker.pid)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        deadline = time.monotonic() + 10
        while _running(child):
            assert time.monotonic() < deadline, "the delivery process outlived its worker"
            time.sleep(0.05)
    finally:
        harness.close()
