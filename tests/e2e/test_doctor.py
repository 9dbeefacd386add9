"""`credit-energy doctor`: every check ok or warn on a good deployment; a named fail and exit 1
on a broken one."""

from __future__ import annotations

import base64
import json
import subprocess

from alembic import command

from adapters.core.migrate import alembic_config
from adapters.operations.doctor import Doctor
from tests.e2e.conftest import CLI, Stack, register_subjects


def doctor(stack: Stack, **env: str) -> tuple[int, dict[str, tuple[str, str]]]:
    done = subprocess.run(
        [CLI, "doctor", "--json"],
        env={**stack.env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    checks = {c["name"]: (c["status"], c["detail"]) for c in json.loads(done.stdout)}
    return done.returncode, checks


def test_doctor_passes_a_good_deployment_with_every_check_ok_or_warned(stack: Stack):
    services = stack.services()
    try:
        register_subjects(services, 3)
        while services.worker.step():
            pass
        services.chain.checkpoint()
        assert services.worker.lease.try_acquire()  # a worker runs
        code, checks = doctor(stack)
    finally:
        services.worker.lease.release()
        services.close()
    assert code == 0, checks
    for name in (
        "cipher_key",
        "signing_key",
        "policy",
        "database",
        "migrations",
        "cipher_key_matches",
        "published_key",
        "worker_lease",
        "views",
    ):
        assert checks[name][0] == "ok", (name, checks[name])
    assert checks["clock"][0] == "warn"  # CREDIT_CLOCK=manual is for tests and demos
    assert {status for status, _ in checks.values()} <= {"ok", "warn"}


def test_doctor_names_what_is_broken_and_exits_1(stack: Stack):
    services = stack.services()
    try:
        register_subjects(services, 2)  # events that no worker applies: no worker runs
        other = base64.b64encode(b"o" * 32).decode()
        for env, broken in [
            ({"CIPHER_KEY": other}, "cipher_key_matches"),
            ({"CREDIT_SIGNING_KEY": "not base64!"}, "signing_key"),
            ({}, "views"),
            ({"CREDIT_DATABASE_URL": "postgresql+psycopg2://root@127.0.0.1:1/none"}, "database"),
        ]:
            checks = {
                c.name: c.status
                for c in Doctor(stack.settings.model_copy(update=_fields(env))).run()
            }
            assert checks[broken] == "fail", (broken, checks)
        cfg = alembic_config()  # a release's migration not applied
        with services.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "operations@-1")
        code, checks = doctor(stack)
        assert code == 1 and checks["migrations"][0] == "fail", checks
        assert "0121" in checks["migrations"][1]
    finally:
        services.close()


def _fields(env: dict[str, str]) -> dict[str, str]:
    """Environment variables as the Settings fields they set."""
    names = {"CIPHER_KEY": "cipher_key", "CREDIT_SIGNING_KEY": "signing_key"}
    names["CREDIT_DATABASE_URL"] = "database_url"
    return {names[k]: v for k, v in env.items()}
