"""Name search with 1–2 characters (migration 0109's index of characters and pairs) at scale.

Fills subject_summary with synthetic company names (bench/portal_bench.py's generator), runs
ANALYZE, then times 1–2 character searches from common (电力, in most names) to absent, and prints
the plan PostgreSQL picks for each. Usage (run the full figure on an otherwise idle machine):
  python bench/short_search_bench.py --subjects 1000000 \
      --database-url postgresql+psycopg2://root@127.0.0.1/bench_short
  python bench/short_search_bench.py --subjects 2000 --database-url postgresql+psycopg2://…
"""

from __future__ import annotations

import argparse
import base64
import random
import tempfile
import time
from pathlib import Path

from portal_bench import fill, timed
from sqlalchemy import text

from adapters.core.settings import Settings
from api.bootstrap import bootstrap

QUERIES = [
    ("2 chars in most names (电力)", "电力"),
    ("2 chars in every name (公司)", "公司"),
    ("2 chars, one place in 16 (乌鲁)", "乌鲁"),
    ("2 chars, in no name (龘龘)", "龘龘"),
    ("1 char in most names (能)", "能"),
    ("1 char, one word in 20 (鑫)", "鑫"),
    ("1 char, in no name (龘)", "龘"),
]


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
    services = bootstrap(settings)
    t = time.perf_counter()
    fill(services.engine, args.subjects, random.Random(8))
    print(
        f"filled {args.subjects} subjects in {time.perf_counter() - t:.1f} s on {url.split(':')[0]}"
    )
    postgres = services.engine.dialect.name == "postgresql"
    if postgres:
        with services.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE subject_summary"))
    reads = services.portal
    for label, q in QUERIES:
        timed(f"search {label}", lambda q=q: reads.search(q))
        if postgres:
            with services.engine.connect() as conn:
                plan = conn.execute(
                    text(
                        "EXPLAIN SELECT subject_id FROM subject_summary WHERE"
                        " subject_name_grams(subject_summary.display_name) @> ARRAY[:q]::text[]"
                        " AND strpos(lower(display_name), :q) > 0 LIMIT 21"
                    ),
                    {"q": q},
                ).all()
            print("    plan: " + " / ".join(r[0].strip() for r in plan[:3]))
    services.close()


if __name__ == "__main__":
    main()
