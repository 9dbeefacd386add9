"""The long fuzz run: schemathesis against the app in this process (the one `make test` runs
bounded), on a fresh PostgreSQL database (or SQLite), with more generated requests and a key of
every role. Prints requests, operations, status counts and each finding (a server error or an
answer that contradicts the OpenAPI).

Usage: python bench/fuzz.py [--examples 200] [--roles admin,agency,...] [--sqlite]
                            [--budget-seconds 1800] [--seed 14]
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.core.settings import Settings
from api.bootstrap import bootstrap
from api.main import create_app
from application.commands import RegisterSubject
from application.ports import ROLES, Actor
from bench.auth_flood import database
from tests.api.support import COMPANY, PENALTY, USCC
from tests.fuzzing import fuzz

ORGS = {"agency": "国家发展和改革委员会", "subject": "厦门恒源电力有限公司"}


def run(url: str, args: argparse.Namespace, var: Path) -> int:
    settings = Settings(
        CREDIT_DATABASE_URL=url,
        CIPHER_KEY=base64.b64encode(os.urandom(32)).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_CLOCK="manual",
        CREDIT_VAR_DIR=var,
        CREDIT_LOG_LEVEL="ERROR",
        CREDIT_AUTH_FAILURE_LIMIT=1_000_000,  # the fuzzer sends keys of every role on purpose
    )
    services = bootstrap(settings)
    try:
        provider = Actor("provider", "国家能源局市场监管司")
        services.files.register_subject(RegisterSubject.of(COMPANY), provider)
        services.files.add_record(USCC, PENALTY, provider)
        services.runner.catch_up()
        keys = {}
        for role in args.roles.split(","):
            subject = str(services.files.subject_id_of(USCC)) if role == "subject" else None
            org = ORGS.get(role, "国家能源局市场监管司")
            keys[role] = {
                "Authorization": f"Bearer {services.keys.create(role, org, None, subject)}"
            }
        app = create_app(settings, services=services)
        with TestClient(app) as client:
            report = fuzz(
                client, keys, args.examples, seed=args.seed, budget_seconds=args.budget_seconds
            )
    finally:
        services.close()
    print(report.summary())
    for finding in report.findings:
        print(finding)
    return 1 if report.findings or report.server_errors else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=200, help="per operation, role and mode")
    ap.add_argument("--roles", default=",".join(ROLES))
    ap.add_argument("--sqlite", action="store_true")
    ap.add_argument("--budget-seconds", type=float, default=None)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    print("#", " ".join([Path(sys.executable).name, *sys.argv]))
    var = Path(tempfile.mkdtemp(prefix="ce_fuzz_"))
    if args.sqlite:
        code = run(f"sqlite:///{var / 'credit.db'}", args, var)
    else:
        with database() as url:
            code = run(url, args, var)
    sys.exit(code)


if __name__ == "__main__":
    main()
