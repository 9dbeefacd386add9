"""Acting on the service for the sharing tests: subjects, records and listings."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from tests.conftest import CIPHER_KEY, Harness

WATCHED = "91350200776049653A"
OTHER = "91440101MA5CJQ4N59"


def register(h: Harness, uscc: str, name: str = "厦门恒源电力有限公司") -> str:
    r = h.client.post(
        "/v1/subjects",
        json={
            "id_type": "uscc",
            "id": uscc,
            "name": name,
            "kind": "legal_person",
            "sectors": ["power"],
            "region": "350200",
            "legal_representative": "王某某",
        },
        headers=h.key("provider"),
    )
    assert r.status_code == 201, r.text
    return str(r.json()["subject_id"])


def penalty(record_id: str, **changes: Any) -> dict[str, Any]:
    body = {
        "record_id": record_id,
        "catalogue_code": "administrative_penalty",
        "tier": "general",
        "decision_no": f"国能监罚〔2026〕{record_id[-3:]}号",
        "decided_on": "2026-05-20",
        "legal_basis": "《电力监管条例》第三十一条",
        "summary": "违规参与电力市场交易",
        "content": {"penalty_type": "罚款", "fine_amount": "12.5"},
    }
    body.update(changes)
    return body


def add_record(h: Harness, uscc: str, body: dict[str, Any]) -> dict[str, Any]:
    r = h.client.post(
        f"/v1/subjects/{uscc}/records", json=body, headers=h.key("provider", org="华北能源监管局")
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def list_subject(h: Harness, uscc: str, listing_id: str, list_name: str, basis: list[str]) -> None:
    subject = h.services.files.get_subject(uscc)
    subject.propose_listing(
        listing_id=listing_id,
        list_name=list_name,
        rule_id=f"{list_name}-rule",
        rulebook_version="2026-01",
        reasons=["test"],
        basis_record_ids=basis,
        legal_basis="《电力领域严重失信主体名单管理办法》",
        objection_deadline="2026-06-15",
        until="2029-06-01",
        removal_conditions=["期满"],
    )
    subject.confirm_listing(listing_id, until=None, by="system")
    h.services.files.save_all(subject)


def delist(h: Harness, uscc: str, listing_id: str, reason: str = "decision") -> None:
    subject = h.services.files.get_subject(uscc)
    subject.delist(listing_id, reason, "2026-06-02")
    h.services.files.save_all(subject)


def subscribe(h: Harness, url: str, key: dict[str, str], **filt: Any) -> dict[str, Any]:
    r = h.client.post("/v1/subscriptions", json={"url": url, "filter": filt}, headers=key)
    assert r.status_code == 201, r.text
    return dict(r.json())


RECORDS = ["record.published"]  # a subscriber that follows records only (not class changes)


_WOKEN: weakref.WeakKeyDictionary[Any, threading.Event] = weakref.WeakKeyDictionary()


def _woken(h: Harness) -> threading.Event:
    """An event set whenever a delivery job ends (the deliverer's wake-up hook, chained)."""
    deliverer = h.services.sharing.deliverer
    if deliverer not in _WOKEN:
        event = _WOKEN[deliverer] = threading.Event()
        original = deliverer.wake

        def wake() -> None:
            event.set()
            if original is not None:
                original()

        deliverer.wake = wake
    return _WOKEN[deliverer]


def until(h: Harness, predicate: Any, timeout: float = 15.0, what: str = "") -> None:
    """Run the worker (views, deliverer) until `predicate()` holds: deliveries are real HTTP.

    Between rounds it waits for a delivery job to end, or a short while for a retry to fall due.
    """
    woken = _woken(h)
    deadline = time.monotonic() + timeout
    while True:
        woken.clear()
        h.catch_up()
        if predicate():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        woken.wait(0.05)


def wait_idle(h: Harness, timeout: float = 15.0) -> None:
    """Until nothing is in flight and no active subscription is behind the feed."""
    until(h, h.services.sharing.deliverer.idle, timeout, "the deliverer to become idle")


def credit_energy(
    h: Harness, tmp_path: Path, command: str, **settings: Any
) -> subprocess.Popen[bytes]:
    """`credit-energy COMMAND` in a process of its own on the harness's database, with the
    sharing settings (SHARING) and `settings` on top."""
    from tests.e2e.sharing.conftest import SHARING

    values = {**SHARING, **settings}
    env = {
        **os.environ,
        **{k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in values.items()},
        "CREDIT_DATABASE_URL": h.services.settings.resolved_database_url,
        "CIPHER_KEY": CIPHER_KEY,
        "CREDIT_CLOCK": "manual",
        "CREDIT_VAR_DIR": str(tmp_path / "var"),
        "CREDIT_POLL_INTERVAL": "0.05",
    }
    executable = str(Path(sys.executable).parent / "credit-energy")
    return subprocess.Popen(
        [executable, command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def first_copies(requests: list[Any]) -> list[Any]:
    """Each webhook-id once, as first received, asserting that a repeat is the same message."""
    bodies: dict[str, bytes] = {}
    first: list[Any] = []
    for r in requests:
        if r.webhook_id not in bodies:
            first.append(r)
        assert bodies.setdefault(r.webhook_id, r.body) == r.body  # a repeat is the same message
    return first
