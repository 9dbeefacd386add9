"""Signed check receipts and audit bundles, verified offline with nothing but the public key."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select, update

from adapters.audit.proof import verify_receipt
from api.cli import main
from tests.api.audit_helpers import USCC, add_record, register_company
from tests.conftest import CIPHER_KEY, Harness


def _public_key(h: Harness) -> str:
    keys = h.client.get("/v1/public/keys").json()["keys"]
    return str(next(k["public_key"] for k in keys if k["current"]))


def _answer(status: str) -> dict[str, Any]:
    return {
        "check_id": "chk-1",
        "subject": {"subject_id": "s-1", "uscc": USCC, "name": "厦门恒源电力有限公司"},
        "status": status,
        "class": "A",
        "score": 97.5,
        "listings": [],
        "measures": [],
        "objection_marks": [],
        "as_of": {"position": 3, "time": "2026-06-01T09:00:00+08:00"},
    }


def test_a_check_receipt_verifies_offline_and_fails_when_any_content_changes(harness: Harness):
    provider = harness.key("provider")
    register_company(harness, provider)
    harness.client.post("/v1/admin/checkpoints", headers=harness.key("admin"))
    answer = _answer("clear")
    answer["receipt"] = harness.services.receipts.sign(answer)
    received = json.loads(json.dumps(answer, ensure_ascii=False))  # as a client reads it
    key = _public_key(harness)
    assert received["receipt"]["position"] == 3
    assert received["receipt"]["checkpoint"]["seq"] == 1
    assert verify_receipt(received, key)
    assert not verify_receipt({**received, "status": "black"}, key)
    assert not verify_receipt({**received, "as_of": {**received["as_of"], "position": 4}}, key)


def test_verify_receipt_cli_exits_1_for_a_forged_answer(sqlite_harness: Harness, tmp_path: Path):
    h = sqlite_harness
    answer = _answer("black")
    answer["receipt"] = h.services.receipts.sign(answer)
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(answer))
    bad.write_text(json.dumps({**answer, "class": "B"}))
    key = _public_key(h)
    runner = CliRunner()
    assert runner.invoke(main, ["verify-receipt", str(good), "--key", key]).exit_code == 0
    assert runner.invoke(main, ["verify-receipt", str(bad), "--key", key]).exit_code == 1


def test_an_audit_bundle_verifies_with_only_the_key_and_a_changed_event_does_not(
    harness: Harness, tmp_path: Path
):
    provider = harness.key("provider")
    register_company(harness, provider)
    register_company(harness, provider, "91110000100000000R")  # another subject's event between
    add_record(harness, provider, USCC)
    harness.catch_up()
    harness.client.post("/v1/admin/checkpoints", headers=harness.key("admin"))
    r = harness.client.get(f"/v1/audit/subjects/{USCC}/bundle", headers=harness.key("auditor"))
    assert r.status_code == 200, r.text
    bundle = r.json()
    auditor = harness.key("auditor")
    stream = harness.client.get(f"/v1/audit/subjects/{USCC}/events", headers=auditor).json()
    expected = [e["position"] for e in stream]  # its own events only, the other subject's skipped
    assert 2 not in expected and len(expected) >= 2
    assert [e["position"] for e in bundle["events"]] == expected
    good, bad = tmp_path / "bundle.json", tmp_path / "forged.json"
    good.write_text(json.dumps(bundle))
    state = bytearray(base64.b64decode(bundle["events"][0]["state"]))
    state[-1] ^= 0x01
    bundle["events"][0]["state"] = base64.b64encode(bytes(state)).decode()
    bad.write_text(json.dumps(bundle))
    key = _public_key(harness)
    runner = CliRunner()
    ok = runner.invoke(main, ["verify-bundle", str(good), "--key", key])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output.strip().splitlines()[-1]) == {
        "ok": True,
        "events": len(expected),
        "anchored": len(expected),
    }
    assert runner.invoke(main, ["verify-bundle", str(bad), "--key", key]).exit_code == 1


def test_cli_verify_and_audit_bundle_work_on_the_configured_store(
    sqlite_harness: Harness, tmp_path: Path
):
    h = sqlite_harness
    register_company(h, h.key("provider"))
    h.catch_up()
    settings = h.services.settings
    env = {
        "CREDIT_DATABASE_URL": settings.resolved_database_url,
        "CIPHER_KEY": CIPHER_KEY,
        "CREDIT_VAR_DIR": str(settings.var_dir),
        "CREDIT_CLOCK": "manual",
    }
    runner = CliRunner()
    out = tmp_path / "b.json"
    made = runner.invoke(main, ["audit-bundle", "--subject", USCC, "--out", str(out)], env=env)
    assert made.exit_code == 0, made.output
    assert json.loads(out.read_text())["events"][0]["position"] == 1
    assert runner.invoke(main, ["verify"], env=env).exit_code == 0
    events = h.services.chain.events
    with h.services.engine.begin() as conn:
        state = conn.execute(select(events.c.state).where(events.c.id == 1)).scalar_one()
        conn.execute(update(events).where(events.c.id == 1).values(state=b"x" + state[1:]))
    failed = runner.invoke(main, ["verify"], env=env)
    assert failed.exit_code == 1
    assert json.loads(failed.output.strip().splitlines()[0])["broken_at"] == 1
