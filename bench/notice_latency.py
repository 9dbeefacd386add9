"""Latency from a serious record to the last joint-punishment notice stored.

Adds a serious penalty record; once the listing policy (issue 3) has proposed a black listing,
moves the manual clock past the objection window, runs the sweeps, and times until the notice
view holds one notice per agency the measures name. Without a listing policy in this build it
lists the subject through the domain instead, and says so. The worker runs in-process, as in
`credit-energy serve`. PostgreSQL (the deployment the figure is for):
  createdb -h 127.0.0.1 -U root ce_latency
  python bench/notice_latency.py --database-url postgresql+psycopg2://root@127.0.0.1/ce_latency
"""

from __future__ import annotations

import argparse
import base64
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from adapters.core.settings import Settings
from adapters.joint.tables import notices
from api.bootstrap import bootstrap
from application.commands import RegisterSubject
from application.ports import Actor
from domain.decision import measures_by_agency

USCC = "91350200776049653A"


def notices_for(services, listing_id: str | None) -> int:
    t = notices.c
    with services.engine.connect() as conn:
        q = select(func.count()).select_from(notices).where(t.type == "sanction")
        if listing_id:
            q = q.where(t.listing_id == listing_id)
        return int(conn.execute(q).scalar() or 0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--timeout", type=float, default=30.0)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    settings = Settings(
        CREDIT_DATABASE_URL=args.database_url,
        CIPHER_KEY=base64.b64encode(b"l" * 32).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_CLOCK="manual",
        CREDIT_VAR_DIR=tmp,
        CREDIT_POLL_INTERVAL=0.2,
    )
    services = bootstrap(settings)
    services.clock.set(datetime.fromisoformat("2026-06-01T09:00:00+08:00"))
    services.worker.start()
    files = services.files
    provider = Actor("provider", "国家能源局福建监管办公室")
    files.register_subject(
        RegisterSubject.of(
            {
                "id_type": "uscc",
                "id": USCC,
                "name": "厦门恒源电力有限公司",
                "kind": "legal_person",
                "sectors": ["power"],
                "region": "350200",
            }
        ),
        provider,
    )
    files.add_record(
        USCC,
        {
            "record_id": "LAT-1",
            "catalogue_code": "administrative_penalty",
            "tier": "serious",
            "decision_no": "国能监罚〔2026〕1号",
            "decided_on": "2026-05-20",
            "legal_basis": "《电力监管条例》第三十一条",
            "summary": "违规交易",
            "content": {"penalty_type": "罚款"},
        },
        provider,
    )
    services.worker.wake()
    expected = len(measures_by_agency(services.measures.in_force(), "black", "350200"))
    deadline = time.monotonic() + 5
    proposed = None
    while time.monotonic() < deadline and proposed is None:
        subject = files.get_subject(USCC)
        proposed = next(iter(subject.open_listings("black")), None)
        time.sleep(0.05)
    if proposed is None:
        print("no listing policy in this build: listing through the domain instead")
        subject = files.get_subject(USCC)
        subject.propose_listing(
            "LAT-L1",
            "black",
            "bench",
            "2026-01",
            ["serious record"],
            ["LAT-1"],
            "《合作备忘录》",
            "2026-06-15",
            None,
            ["repair"],
        )
        files.save_all(subject)
        listing_id = "LAT-L1"
        window_end = "2026-06-15"
    else:
        listing_id = proposed["listing_id"]
        window_end = proposed["objection_deadline"]
    past = datetime.fromisoformat(window_end + "T09:00:00+08:00") + timedelta(days=1)
    services.clock.set(past)
    t0 = time.perf_counter()
    sweeps = services.sweeps
    sweeps.run_all()
    if proposed is None:
        subject = files.get_subject(USCC)
        subject.confirm_listing(listing_id, until=None, by="bench")
        files.save_all(subject)
    services.worker.wake()
    while notices_for(services, listing_id) < expected:
        if time.perf_counter() - t0 > args.timeout:
            raise SystemExit(f"only {notices_for(services, listing_id)} of {expected} notices")
        time.sleep(0.005)
    elapsed = time.perf_counter() - t0
    services.close()
    print(
        f"notices={expected} listing={listing_id} seconds_from_window_close={elapsed:.3f} "
        f"(goal <= 2 s)"
    )


if __name__ == "__main__":
    main()
