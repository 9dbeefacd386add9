"""Deliveries in processes of their own (CREDIT_DELIVERY_PROCESSES): the worker keeps one per
shard running, each delivers its shard's subscriptions, a killed one is replaced and loses
nothing, and they end with the worker that started them."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import adapters.sharing.delivery
from adapters.sharing.delivery_job import shard_of
from tests.conftest import Harness, _harness, make_settings
from tests.e2e.sharing.conftest import SHARING, Received, Receiver
from tests.e2e.sharing.helpers import (
    RECORDS,
    WATCHED,
    add_record,
    credit_energy,
    first_copies,
    penalty,
    register,
    subscribe,
    until,
)

IN_PROCESS = {**SHARING, "CREDIT_DELIVERY_PROCESSES": 2}


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


def _subscribers_of_both_shards(h: Harness, receivers: Any) -> list[tuple[int, Receiver, str]]:
    """Subscribers (following records) until each of two shards has one: (shard, receiver,
    subscription id) of each."""
    out: list[tuple[int, Receiver, str]] = []
    for n in range(40):
        receiver = receivers(lambda n: (200, {}, 0.02))
        sub = subscribe(h, receiver.url, h.key("subscriber", org=f"银行{n}"), types=RECORDS)
        receiver.secrets = [sub["secret"]]
        out.append((shard_of(sub["subscription_id"], 2), receiver, sub["subscription_id"]))
        if len({shard for shard, *_ in out}) == 2:
            return out
    raise AssertionError("40 subscriptions, all in one shard")


def test_a_deliverer_of_one_shard_delivers_that_shards_subscriptions_only(
    sharing: Harness, receivers
):
    h = sharing  # the worker's deliverer, driven by hand
    register(h, WATCHED)
    subscribers = _subscribers_of_both_shards(h, receivers)
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.services.runner.catch_up()  # the views only: the public feed holds the record
    deliverer = h.services.sharing.deliverer
    for shard in (0, 1):
        deliverer.shard = (shard, 2)
        deliverer()
        ours = {sid for k, _, sid in subscribers if k == shard}
        assert set(deliverer._inflight) == ours  # jobs for this shard's subscriptions only
        for job in list(deliverer._inflight.values()):
            job.result()
        for k, receiver, _ in subscribers:  # the other shard's have heard nothing yet
            assert len(receiver.acknowledged()) == (1 if k <= shard else 0)


def test_delivery_processes_deliver_their_shards_and_a_killed_one_is_replaced_losing_nothing(
    separate: Harness, receivers, monkeypatch: pytest.MonkeyPatch
):
    h = separate
    monkeypatch.setattr(adapters.sharing.delivery, "RESTART_SECONDS", 0.2)
    processes = h.services.sharing.delivery_processes
    assert h.services.sharing.deliverer not in h.services.worker.tasks  # not in the worker
    register(h, WATCHED)
    banks: dict[int, tuple[Receiver, str]] = {}  # the first subscriber of each shard
    for shard, receiver, subscription_id in _subscribers_of_both_shards(h, receivers):
        banks.setdefault(shard, (receiver, subscription_id))
    ids = [f"NEA-2026-{i:03d}" for i in range(1, 41)]
    for record_id in ids[:20]:
        add_record(h, WATCHED, penalty(record_id))
    first, _ = banks[0]
    until(h, lambda: len(first.received) >= 5, timeout=30)
    pids = processes.pids
    assert all(_running(pid) for pid in pids) and os.getpid() not in pids

    os.kill(pids[0], signal.SIGKILL)  # shard 0's process, mid-stream
    for record_id in ids[20:]:
        add_record(h, WATCHED, penalty(record_id))
    every = [receiver for receiver, _ in banks.values()]
    until(h, lambda: all(set(_record_ids(r.acknowledged())) == set(ids) for r in every), 30)
    assert processes.pids[0] != pids[0] and processes.pids[1] == pids[1]  # shard 0 restarted

    for receiver in every:
        assert all(r.verified for r in receiver.received)
        assert _record_ids(first_copies(receiver.received)) == ids  # in order, none lost
    now = processes.pids
    processes.close()  # as the worker's services close
    assert not any(_running(pid) for pid in now)


def test_credit_energy_deliver_started_by_hand_delivers_and_a_second_one_stands_by(
    sharing: Harness, receivers, tmp_path: Path
):
    h = sharing  # deliveries in the worker, whose rounds this test never runs
    register(h, WATCHED)
    receiver = receivers()
    sub = subscribe(h, receiver.url, h.key("subscriber", org="厦门银行"), types=RECORDS)
    receiver.secrets = [sub["secret"]]
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.services.runner.catch_up()  # the views only: the public feed holds the record
    first, second = (credit_energy(h, tmp_path, "deliver") for _ in range(2))
    try:
        receiver.wait_for(lambda r: len(r.acknowledged()) == 1, timeout=30)
        add_record(h, WATCHED, penalty("NEA-2026-002"))
        h.services.runner.catch_up()
        receiver.wait_for(lambda r: len(r.acknowledged()) == 2, timeout=30)
    finally:
        for process in (first, second):
            process.send_signal(signal.SIGTERM)
        for process in (first, second):
            # 0: stopped between rounds; a process still importing its modules when the signal
            # came ends by the signal's default action, having done nothing yet
            assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    # each once: one of the two held the shard's lease, the other stood by
    assert _record_ids(receiver.received) == ["NEA-2026-001", "NEA-2026-002"]


def test_the_delivery_processes_end_when_their_worker_is_killed(
    separate: Harness, receivers, tmp_path: Path
):
    h = separate  # the worker here is another process; this harness's never runs
    register(h, WATCHED)
    receiver = receivers()
    sub = subscribe(h, receiver.url, h.key("subscriber", org="厦门银行"), types=RECORDS)
    receiver.secrets = [sub["secret"]]
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    worker = credit_energy(h, tmp_path, "worker", CREDIT_DELIVERY_PROCESSES=2)
    try:
        receiver.wait_for(lambda r: len(r.acknowledged()) == 1, timeout=30)
        children = _children(worker.pid)
        assert len(children) == 2
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    deadline = time.monotonic() + 10
    while any(_running(child) for child in children):
        assert time.monotonic() < deadline, "the delivery process outlived its worker"
        time.sleep(0.05)
