"""Portal read paths at scale: name search (trigram), USCC search, subject page, list page.

Fills the read models directly with synthetic subjects (no events: this measures the reads),
then times each query. Usage:
  python bench/portal_bench.py --subjects 1000000 --database-url postgresql+psycopg2://root@127.0.0.1/bench
  python bench/portal_bench.py --subjects 2000            # a temp SQLite file
"""

from __future__ import annotations

import argparse
import base64
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

from adapters.container import build_services
from adapters.demo import PLACES, SECTOR_SUFFIX, WORDS
from adapters.settings import Settings
from adapters.tables import list_entries, record_view, subject_summary
from api.main import create_app
from domain.identifiers import generate_uscc

CHUNK = 5000


def fill(engine, n: int, rng: random.Random) -> list[str]:
    usccs: list[str] = []
    now = datetime.now(UTC)
    rows, records, listings = [], [], []
    for i in range(n):
        division, place = rng.choice(PLACES)
        sector = rng.choice(list(SECTOR_SUFFIX))
        uscc = generate_uscc(rng, division=division)
        sid = str(uuid.uuid5(uuid.NAMESPACE_OID, uscc))
        name = (
            f"{place}{rng.choice(WORDS)}{rng.choice(WORDS)}{i}{rng.choice(SECTOR_SUFFIX[sector])}"
        )
        rows.append(
            dict(subject_id=sid, uscc=uscc, kind="legal_person", display_name=name,
                 sectors=[sector], region=division, registered_at=now, records_total=1,
                 records_active=1, version=2, position=i)
        )  # fmt: skip
        records.append(
            dict(record_id=f"R{i}", subject_id=sid, catalogue_code="administrative_penalty",
                 catalogue_version="2025-01", category="penalty", polarity="negative",
                 visibility="public", tier="general", source_unit="华北能源监管局",
                 source_unit_code=None, decision_no=f"罚{i}", decided_on=date(2026, 5, 1),
                 legal_basis="条例", summary="违规", content={"penalty_type": "罚款"},
                 publicity_from=date(2026, 5, 1), min_until=date(2026, 8, 1),
                 max_until=date(2027, 5, 1), published=True, period_rules_version="2026-04",
                 status="active", recorded_at=now, position=i)
        )  # fmt: skip
        if i % 100 == 0:
            listings.append(
                dict(listing_id=f"L{i}", subject_id=sid, list="black", status="listed",
                     rule_id="r", rulebook_version="2026-01", reasons=[],
                     basis_record_ids=[f"R{i}"],
                     legal_basis="办法", removal_conditions=[], proposed_at=now,
                     objection_deadline=date(2026, 5, 20), valid_from=now, position=i)
            )  # fmt: skip
        usccs.append(uscc)
        if len(rows) >= CHUNK or i == n - 1:
            with engine.begin() as conn:
                conn.execute(insert(subject_summary), rows)
                conn.execute(insert(record_view), records)
                if listings:
                    conn.execute(insert(list_entries), listings)
            rows, records, listings = [], [], []
    return usccs


def timed(label: str, fn, repeat: int = 20) -> None:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    print(f"{label:<40} median {statistics.median(samples):7.2f} ms   p95 "
          f"{sorted(samples)[int(len(samples) * 0.95) - 1]:7.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    settings = Settings(
        CREDIT_DATABASE_URL=url,
        CIPHER_KEY=base64.b64encode(b"b" * 32).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_VAR_DIR=tmp / "var",
        CREDIT_CLOCK="manual",
    )
    services = build_services(settings)
    rng = random.Random(8)
    t = time.perf_counter()
    usccs = fill(services.engine, args.subjects, rng)
    print(
        f"filled {args.subjects} subjects in {time.perf_counter() - t:.1f} s on {url.split(':')[0]}"
    )
    services.clock.set(datetime(2026, 6, 1, 1, tzinfo=UTC))
    reads = services.extras["portal"]
    client = TestClient(create_app(settings, services=services))
    probe = usccs[len(usccs) // 2]
    timed("search name, 4 chars (恒源电力)", lambda: reads.search("恒源电力"))
    timed("search name, rare 3+ chars (number)", lambda: reads.search(f"{len(usccs) // 3}"))
    timed("search name, 2-char prefix (厦门)", lambda: reads.search("厦门"))
    timed("search USCC", lambda: reads.search(probe))
    timed("GET /v1/public/subjects/{uscc}", lambda: client.get(f"/v1/public/subjects/{probe}"))
    timed("GET /subjects/{uscc} (HTML)", lambda: client.get(f"/subjects/{probe}"))
    timed("GET /search?q=恒源电力 (HTML)", lambda: client.get("/search", params={"q": "恒源电力"}))
    timed("GET /lists/black?sector=power (HTML)", lambda: client.get("/lists/black?sector=power"))
    timed("GET /lists/black page 5 (HTML)", lambda: client.get("/lists/black?page=5"))
    services.close()


if __name__ == "__main__":
    main()
