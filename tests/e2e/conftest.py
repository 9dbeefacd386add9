"""Real `credit-energy` processes against a fresh SQLite file or PostgreSQL database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from adapters.core.policies import PolicyFollower
from adapters.core.settings import Settings
from api.bootstrap import Services, bootstrap
from application.commands import RegisterSubject
from application.ports import Actor
from domain.identifiers import generate_uscc
from tests.api.support import PENALTY
from tests.conftest import CIPHER_KEY, START, make_settings

CLI = str(Path(sys.executable).with_name("credit-energy"))
ADMIN = Actor(role="admin", org="资质中心")
PROVIDER = Actor(role="provider", org="华北能源监管局")


@dataclass
class Stack:
    """Settings and environment shared by this test and the processes it starts."""

    settings: Settings
    env: dict[str, str]
    tmp: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *args: str, name: str, **env: str) -> subprocess.Popen[bytes]:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [CLI, *args], env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        self.procs.append(proc)
        return proc

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [CLI, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def services(self) -> Services:
        return bootstrap(self.settings)


@pytest.fixture
def stack(database_url: str, tmp_path: Path) -> Iterator[Stack]:
    settings = make_settings(database_url, tmp_path, CREDIT_POLL_INTERVAL=0.05)
    env = {
        **os.environ,
        "CREDIT_DATABASE_URL": settings.resolved_database_url,
        "CIPHER_KEY": CIPHER_KEY,
        "CREDIT_VAR_DIR": str(tmp_path / "var"),
        "CREDIT_CLOCK": "manual",
        "CREDIT_POLL_INTERVAL": "0.05",
        "CREDIT_LOG_LEVEL": "INFO",
    }
    s = Stack(settings, env, tmp_path)
    services = s.services()  # migrates, and sets the shared manual clock
    services.clock.set(START)
    services.close()
    try:
        yield s
    finally:
        for proc in s.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)


def wait_until(condition: Callable[[], Any], timeout: float, what: str, step: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def settled(services: Services) -> bool:
    """The worker is done: every view, policy follower and the chain has applied the whole log.

    Policies append events (Graded, Listed…) after the ones a test wrote, so "views reached the
    head the test saw" is not enough: the head is read again, after the followers' positions."""
    followers = [t.position() for t in services.worker.tasks if isinstance(t, PolicyFollower)]
    followers.append(services.chain.position())
    seen = min([*services.runner.positions().values(), *followers])
    return seen >= services.files.position()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def register_subjects(services: Services, n: int, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    usccs: list[str] = []
    while len(usccs) < n:
        i = len(usccs)
        uscc = generate_uscc(rng, division="350200")
        if uscc in usccs:
            continue
        body = {
            "id_type": "uscc",
            "id": uscc,
            "name": f"厦门第{i}电力有限公司",
            "kind": "legal_person",
            "sectors": ["power"],
            "region": "350200",
        }
        services.files.register_subject(RegisterSubject.of(body), ADMIN)
        usccs.append(uscc)
    return usccs


def record_rows(usccs: list[str], n: int, prefix: str = "E") -> list[dict[str, Any]]:
    return [
        {**PENALTY, "subject": usccs[i % len(usccs)], "record_id": f"{prefix}-{i:06d}"}
        for i in range(n)
    ]
