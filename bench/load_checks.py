"""Load N subjects with realistic listings into a fresh database, through the event store.

The fast path: subjects, serious records and listings are built as aggregates and appended in
batched saves (one transaction per 1,000 subjects), then only the views a check reads
(check_view, and notices) are caught up in large pages. About 2% black (each on a serious
record), 1% focus, 5% red. Writes a codes file of existing USCCs and an agency API key.

Usage: python bench/load_checks.py --database-url URL [--subjects N] [--codes-file PATH]
                                   [--key-file PATH] [--agency ORG]
"""

from __future__ import annotations

import argparse
import base64
import random
import sys
import time
from datetime import date
from typing import Any

from adapters.core.settings import Settings
from api.bootstrap import bootstrap
from application.ports import Actor
from application.records import prepare_record
from domain.identifiers import generate_uscc
from domain.subject import MarketSubject, RecordKey, subject_id_for_uscc

CHUNK = 1000
DIVISIONS = ["350200", "110105", "310115", "440300", "330106", "510107", "420106", "610113"]
NAMES = ["能源", "电力", "燃气", "新能源", "石油化工", "煤业", "热力", "光伏"]


def subject(rng: random.Random, i: int, codes: set[str]) -> tuple[str, MarketSubject]:
    division = rng.choice(DIVISIONS)
    while True:
        code = generate_uscc(rng, division)
        if code not in codes:
            codes.add(code)
            break
    s = MarketSubject.register(
        subject_id_for_uscc(code),
        id_type="uscc",
        identifier=code,
        name=f"{division}{rng.choice(NAMES)}{i}有限公司",
        kind="legal_person",
        sectors=["power"],
        region=division,
        uscc=code,
        check_overridden=False,
        registered_by="bench",
        profile={},
    )
    return code, s


def listed(files: Any, s: MarketSubject, list_name: str, i: int, today: date) -> list[Any]:
    out: list[Any] = [s]
    basis: list[str] = []
    if list_name != "red":
        record_id = f"BENCH-{i}"
        facts = prepare_record(
            {
                "record_id": record_id,
                "catalogue_code": "administrative_penalty",
                "tier": "serious",
                "decision_no": f"国能监罚〔2026〕{i}号",
                "decided_on": "2026-03-01",
                "legal_basis": "《电力监管条例》第三十一条",
                "summary": "违规参与电力市场交易",
                "content": {"penalty_type": "罚款"},
            },
            str(s.id),
            Actor("provider", "国家能源局福建监管办公室"),
            files.policy,
            today,
        )
        s.add_record(facts.fields)
        out.append(RecordKey.claim(record_id, str(s.id), facts.fields["body_hash"]))
        basis = [record_id]
    listing_id = f"L-{list_name}-{i}"
    s.propose_listing(
        listing_id,
        list_name,
        rule_id=f"{list_name}-1",
        rulebook_version="2026-01",
        reasons=["bench"],
        basis_record_ids=basis,
        legal_basis="《关于对电力行业严重违法失信市场主体及其有关人员实施联合惩戒的合作备忘录》",
        objection_deadline="2026-03-20",
        until="2029-03-01",
        removal_conditions=["repair"],
    )
    s.confirm_listing(listing_id, until=None, by="bench")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--subjects", type=int, default=1_000_000)
    ap.add_argument("--codes-file", default="/tmp/ce_bench_codes.txt")
    ap.add_argument("--key-file", default="/tmp/ce_bench_key.txt")
    ap.add_argument("--agency", default="财政部")
    ap.add_argument("--sample", type=int, default=100_000)
    args = ap.parse_args()
    settings = Settings(
        CREDIT_DATABASE_URL=args.database_url,
        CIPHER_KEY=base64.b64encode(b"b" * 32).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_PROJECTION_PAGE=5000,
    )
    services = bootstrap(settings)
    files = services.files
    today = files.today()
    rng = random.Random(2026)
    codes: set[str] = set()
    ordered: list[str] = []
    t0 = time.perf_counter()
    batch: list[Any] = []
    for i in range(args.subjects):
        code, s = subject(rng, i, codes)
        ordered.append(code)
        roll = rng.random()
        if roll < 0.02:
            batch += listed(files, s, "black", i, today)
        elif roll < 0.03:
            batch += listed(files, s, "focus", i, today)
        elif roll < 0.08:
            batch += listed(files, s, "red", i, today)
        else:
            batch.append(s)
        if len(batch) >= CHUNK:
            files.save_all(*batch)
            batch = []
        if i and i % 100_000 == 0:
            print(f"  {i} subjects appended ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    if batch:
        files.save_all(*batch)
    t1 = time.perf_counter()
    services.runner.catch_up(only=["check_view", "notices"])
    t2 = time.perf_counter()
    key = services.keys.create("agency", args.agency)
    services.close()
    with open(args.codes_file, "w") as f:
        f.write("\n".join(rng.sample(ordered, min(args.sample, len(ordered)))) + "\n")
    with open(args.key_file, "w") as f:
        f.write(key + "\n")
    print(
        f"subjects={args.subjects} append_s={t1 - t0:.1f} views_s={t2 - t1:.1f} "
        f"total_s={t2 - t0:.1f} codes_file={args.codes_file} key_file={args.key_file}"
    )


if __name__ == "__main__":
    main()
