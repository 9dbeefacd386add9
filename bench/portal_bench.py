"""Every public page of the portal at scale: server-side time per page, median and p95.

Fills the read models directly with synthetic subjects (no events: this measures the reads):
subjects, 双公示 records (a penalty or a licence each, half of them both), grades, black / focus /
red listings with their versions, commitments, objection marks, joint notices with feedback and
chain checkpoints. Then times each public page through the app (routing, queries, template) and
the public JSON endpoints. Usage:

  # PostgreSQL, 1,000,000 subjects in a fresh database (dropped at the end):
  python bench/portal_bench.py --subjects 1000000 --pg-url postgresql+psycopg2://root@127.0.0.1/postgres
  # fill once and keep it, then time again and again against it:
  python bench/portal_bench.py --subjects 1000000 --pg-url … --keep perf_scale_portal
  python bench/portal_bench.py --subjects 1000000 --database-url postgresql+psycopg2://root@127.0.0.1/perf_scale_portal
  python bench/portal_bench.py --subjects 2000            # a temp SQLite file

On PostgreSQL the fill uses COPY with the name indexes dropped and rebuilt after it.
Statistics are cached (60 s); the bench times them cold (first request) and warm.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient
from sqlalchemy import Engine, Table, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from adapters.audit.tables import checkpoints
from adapters.core.settings import Settings
from adapters.files.tables import commitment_view, list_entries, record_view, subject_summary
from adapters.grading.tables import grade_view, list_versions
from adapters.joint.tables import notice_feedback, notices
from adapters.subject_rights.tables import objection_marks
from api.bootstrap import bootstrap
from api.main import create_app
from api.portal.labels import SECTORS
from demo.names import PLACES, SECTOR_SUFFIX, WORDS
from domain.identifiers import generate_uscc

CHUNK = 20_000
TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 1, tzinfo=UTC)
SURNAMES = "王李张刘陈杨黄赵吴周"
# PostgreSQL indexes on subject_summary that are cheaper to build once than to keep per row
NAME_INDEXES = {
    "ix_subject_summary_name_trgm": "USING gin (display_name gin_trgm_ops)",
    "ix_subject_summary_name_prefix": "(display_name text_pattern_ops)",
    "ix_subject_summary_name_grams": "USING gin (subject_name_grams(display_name))",
}
TABLES = (
    subject_summary,
    record_view,
    grade_view,
    list_entries,
    list_versions,
    commitment_view,
    objection_marks,
    notices,
    notice_feedback,
    checkpoints,
)


def rows(n: int, rng: random.Random) -> Iterator[tuple[Table, dict[str, Any]]]:
    """The synthetic data, one (table, row) at a time, deterministic for a seed."""
    versions = {"black": 0, "focus": 0, "red": 0}
    notice_no = 0
    for i in range(n):
        division, place = rng.choice(PLACES)
        sector = rng.choice(list(SECTOR_SUFFIX))
        sectors = (
            [sector] if i % 10 else [sector, "new_energy" if sector != "new_energy" else "power"]
        )
        uscc = generate_uscc(rng, division=division)
        sid = str(uuid.uuid5(uuid.NAMESPACE_OID, uscc))
        if i % 50 == 7:
            kind, name = "individual_business", f"{place}{rng.choice(WORDS)}能源经营部{i}"
        elif i % 97 == 5:
            kind, name = "natural_person", f"{rng.choice(SURNAMES)}*"
        else:
            kind = "legal_person"
            suffix = rng.choice(SECTOR_SUFFIX[sector])
            name = f"{place}{rng.choice(WORDS)}{rng.choice(WORDS)}{i}{suffix}"
        registered = NOW - timedelta(days=rng.randrange(30, 3000))
        penalty = i % 3 != 2
        licence = i % 2 == 0 or not penalty
        yield subject_summary, dict(
            subject_id=sid, uscc=uscc if kind != "natural_person" else None, kind=kind,
            display_name=name, sectors=sectors, region=division, registered_at=registered,
            records_total=int(penalty) + int(licence), records_active=int(penalty) + int(licence),
            version=3, position=i * 10,
        )  # fmt: skip
        explanation: list[dict[str, Any]] = [{"rule": "score.base", "points": 100}]
        score = 100.0
        if penalty:
            decided = TODAY - timedelta(days=rng.randrange(1, 1200))
            tier = "serious" if i % 100 == 3 else ("major" if i % 10 == 1 else "general")
            years = {"general": 1, "major": 3, "serious": 3}[tier]
            max_until = decided + timedelta(days=365 * years)
            ended = max_until < TODAY
            yield record_view, dict(
                record_id=f"P{i}", subject_id=sid, catalogue_code="administrative_penalty",
                catalogue_version="2025-01", category="penalty", polarity="negative",
                visibility="public", tier=tier, source_unit="华北能源监管局",
                source_unit_code=None, decision_no=f"华北监能罚〔2026〕{i}号", decided_on=decided,
                legal_basis="《电力监管条例》第三十一条", summary="未按规定报送信息",
                content={"penalty_type": "罚款", "amount": 10000 + i % 90000},
                publicity_from=decided, min_until=decided + timedelta(days=90),
                max_until=max_until, published=True, period_rules_version="2026-04",
                status="active" if i % 400 else "revoked",
                publicity_ended_on=max_until + timedelta(days=1) if ended else None,
                publicity_ended_reason="expired" if ended else None,
                recorded_at=datetime.combine(decided, NOW.timetz()), position=i * 10 + 1,
            )  # fmt: skip
            if not ended:
                points = {"general": 10, "major": 25, "serious": 45}[tier]
                score -= points
                explanation.append(
                    {"rule": f"negative.tier.{tier}", "points": -points, "record_id": f"P{i}",
                     "catalogue_code": "administrative_penalty", "module": "negative"}
                )  # fmt: skip
        if licence:
            decided = TODAY - timedelta(days=rng.randrange(1, 2000))
            max_until = decided + timedelta(days=365 * 3)
            ended = max_until < TODAY
            yield record_view, dict(
                record_id=f"X{i}", subject_id=sid, catalogue_code="administrative_licence",
                catalogue_version="2025-01", category="licence", polarity="neutral",
                visibility="public", tier=None, source_unit="国家能源局", source_unit_code=None,
                decision_no=f"国能许可〔2026〕{i}号", decided_on=decided,
                legal_basis="《电力业务许可证管理规定》", summary="电力业务许可证（发电类）",
                content={"licence_type": "发电类"},
                publicity_from=decided, min_until=decided, max_until=max_until, published=True,
                period_rules_version="2026-04", status="active",
                publicity_ended_on=max_until + timedelta(days=1) if ended else None,
                publicity_ended_reason="expired" if ended else None,
                recorded_at=datetime.combine(decided, NOW.timetz()), position=i * 10 + 2,
            )  # fmt: skip
        lists = []
        if i % 100 == 3:
            lists.append("black")
        if i % 50 == 11:
            lists.append("focus")
        if i % 100 == 40 and score == 100:
            lists.append("red")
        listed_black = False
        for k, list_name in enumerate(lists):
            since = NOW - timedelta(days=rng.randrange(1, 720))
            delisted = i % 7 == 0
            until = (since + timedelta(days=365 * 3)).date()
            listed_black |= list_name == "black" and not delisted
            lid = f"{list_name}-{i}"
            yield list_entries, dict(
                listing_id=lid, subject_id=sid, list=list_name,
                status="delisted" if delisted else "listed", rule_id=f"{list_name}.rule",
                rulebook_version="2025-01",
                reasons=["严重违法失信行为"] if list_name != "red" else ["诚信经营"],
                basis_record_ids=[f"P{i}"] if list_name != "red" else [],
                legal_basis="《能源行业市场主体信用评价管理办法》",
                removal_conditions=["期满且完成信用修复"], proposed_at=since - timedelta(days=14),
                objection_deadline=(since - timedelta(days=1)).date(), until=until,
                valid_from=since, valid_to=since + timedelta(days=100) if delisted else None,
                ended_reason="repaired" if delisted else None, position=i * 10 + 3 + k,
            )  # fmt: skip
            versions[list_name] += 1
            yield list_versions, dict(
                list=list_name, version=versions[list_name], listing_id=lid, change="listed",
                changed_at=since, position=i * 10 + 3 + k,
            )  # fmt: skip
            if list_name != "red":
                for agency in ("国家发展改革委", "国家税务总局"):
                    notice_no += 1
                    nid = str(uuid.uuid5(uuid.NAMESPACE_OID, f"notice-{notice_no}"))
                    yield notices, dict(
                        notice_id=nid, position=i * 10 + 5, agency=agency, type="punishment",
                        cause="listed", subject_id=sid, uscc=uscc, subject_name=name,
                        listing_id=lid, list=list_name, grade_class=None,
                        measures=["限制参与招投标"], measures_version="2025-01",
                        legal_basis="联合惩戒备忘录", issued_at=since,
                        feedback_due=(since + timedelta(days=30)).date(),
                    )  # fmt: skip
                    if notice_no % 2:
                        yield notice_feedback, dict(
                            feedback_id=f"F{notice_no}", notice_id=nid, agency=agency,
                            measure_id="m1", applied=True, outcome="已执行", key_id=None,
                            recorded_at=since + timedelta(days=5),
                        )  # fmt: skip
        if listed_black:
            grade_class = "D"
            explanation.append({"rule": "class.serious_dishonesty", "listing_id": f"black-{i}"})
        else:
            grade_class = (
                "A" if score >= 85 else "B" if score >= 70 else "C" if score >= 40 else "D"
            )
        explanation.append({"rule": f"class.band.{grade_class}"})
        yield grade_view, dict(
            subject_id=sid, score=score, grade_class=grade_class, rulebook_version="2025-01",
            explanation=explanation, graded_at=NOW, position=i * 10 + 6,
        )  # fmt: skip
        if i % 10 == 4:
            yield commitment_view, dict(
                subject_id=sid, commitment_id=f"C{i}", kind="access", text="依法诚信经营的承诺",
                made_on=registered.date(), status="kept", breached_by=None, position=i * 10 + 7,
            )  # fmt: skip
        if i % 500 == 1 and penalty:
            yield objection_marks, dict(
                objection_id=f"O{i}", subject_id=sid, record_id=f"P{i}", listing_id=None,
                since=NOW - timedelta(days=3), cleared_at=None, outcome=None,
                position=i * 10 + 8,
            )  # fmt: skip
    for seq in range(1, max(2, n // 500) + 1):
        yield checkpoints, dict(
            seq=seq, position=seq * 500, head=f"{seq:064x}", signed_at=NOW.isoformat(),
            signature=base64.b64encode(b"s" * 64).decode(), key_id="k1",
        )  # fmt: skip


def _csv_value(value: Any) -> Any:
    if value is None:
        return r"\N"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _copy(engine: Engine, batches: dict[Table, list[dict[str, Any]]]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for table, items in batches.items():
            if not items:
                continue
            columns = [c.name for c in table.columns]
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            for row in items:
                writer.writerow([_csv_value(row.get(c)) for c in columns])
            buf.seek(0)
            cols = ", ".join(f'"{c}"' for c in columns)
            cur.copy_expert(
                f"COPY {table.name} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buf
            )
        raw.commit()
    finally:
        raw.close()


def fill(engine: Engine, n: int, rng: random.Random) -> tuple[list[str], dict[str, str]]:
    """Returns every USCC, and probes: subjects with a listing, an objection, a commitment."""
    pg = engine.dialect.name == "postgresql"
    if pg:
        with engine.begin() as conn:
            for name in NAME_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    usccs: list[str] = []
    probes: dict[str, str] = {}
    batches: dict[Table, list[dict[str, Any]]] = {t: [] for t in TABLES}
    pending = 0
    for table, row in rows(n, rng):
        batches[table].append(row)
        pending += 1
        if table is subject_summary and row["uscc"]:
            usccs.append(row["uscc"])
        if table is list_entries and row["status"] == "listed":
            probes.setdefault(f"listed_{row['list']}", row["subject_id"])
        if table is objection_marks:
            probes.setdefault("objection", row["subject_id"])
        if pending >= CHUNK:
            _write(engine, batches, pg)
            batches = {t: [] for t in TABLES}
            pending = 0
    _write(engine, batches, pg)
    if pg:
        with engine.begin() as conn:
            for name, how in NAME_INDEXES.items():
                conn.execute(text(f"CREATE INDEX {name} ON subject_summary {how}"))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return usccs, probes


def _write(engine: Engine, batches: dict[Table, list[dict[str, Any]]], pg: bool) -> None:
    if pg:
        _copy(engine, batches)
        return
    with engine.begin() as conn:
        for table, items in batches.items():
            if items:
                conn.execute(insert(table), items)


def probes_of(engine: Engine) -> tuple[list[str], dict[str, str]]:
    """The USCCs and probe subjects of an already filled database."""
    s, e, m = subject_summary.c, list_entries.c, objection_marks.c
    with engine.connect() as conn:
        usccs = list(conn.execute(select(s.uscc).where(s.uscc.is_not(None))).scalars())
        found = {
            f"listed_{name}": conn.execute(
                select(e.subject_id).where(e.list == name, e.status == "listed").limit(1)
            ).scalar()
            for name in ("black", "focus", "red")
        }
        found["objection"] = conn.execute(select(m.subject_id).limit(1)).scalar()
    return usccs, {k: str(v) for k, v in found.items() if v}


def timed(label: str, fn: Callable[[], Any], repeat: int) -> None:
    first = fn()  # warm
    status = getattr(first, "status_code", "")
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[max(0, int(round(len(samples) * 0.95)) - 1)]
    flag = "  ✗" if p95 > 100 else ""
    print(
        f"{label:<58} {status!s:>4} median {statistics.median(samples):7.1f} ms   "
        f"p95 {p95:7.1f} ms{flag}",
        flush=True,
    )


def once(label: str, fn: Callable[[], Any]) -> None:
    t = time.perf_counter()
    result = fn()
    status = getattr(result, "status_code", "")
    ms = (time.perf_counter() - t) * 1000
    flag = "  ✗" if ms > 100 else ""
    print(f"{label:<58} {status!s:>4} once   {ms:7.1f} ms{flag}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=2000)
    parser.add_argument("--database-url", default="", help="an existing database (filled if empty)")
    parser.add_argument("--pg-url", default="", help="create a fresh PostgreSQL database here")
    parser.add_argument("--keep", default="", help="with --pg-url: the database name, kept")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    created = ""
    if args.pg_url:
        created = args.keep or f"perf_scale_portal_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{created}"'))
        url = make_url(args.pg_url).set(database=created).render_as_string(False)
    else:
        url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    settings = Settings(
        CREDIT_DATABASE_URL=url,
        CIPHER_KEY=base64.b64encode(b"b" * 32).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_VAR_DIR=tmp / "var",
        CREDIT_CLOCK="manual",
    )
    services = bootstrap(settings)
    try:
        with services.engine.connect() as conn:
            present = conn.execute(select(func.count()).select_from(subject_summary)).scalar()
        if present:
            usccs, probes = probes_of(services.engine)
            print(f"reusing {present:,} subjects in {url.split('@')[-1]}")
        else:
            t = time.perf_counter()
            usccs, probes = fill(services.engine, args.subjects, random.Random(8))
            print(f"filled {args.subjects:,} subjects in {time.perf_counter() - t:.1f} s "
                  f"on {url.split(':')[0]}")  # fmt: skip
        run(services, settings, usccs, probes, args.repeat)
    finally:
        services.close()
        if created and not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)'))


def run(
    services: Any, settings: Settings, usccs: list[str], probes: dict[str, str], repeat: int
) -> None:
    services.clock.set(NOW)
    reads = services.portal
    client = TestClient(create_app(settings, services=services))
    probe = usccs[len(usccs) // 2]
    rare = usccs.index(probe)  # a number that occurs in few names
    black = reads.subject(probes["listed_black"])["uscc"] or probes["listed_black"]
    objection = probes.get("objection", probe)
    pages = reads.list_page("black").total or 0
    last = max(1, (pages + 19) // 20)
    middle = max(1, last // 2)
    print(f"black list: {pages:,} listed ({last} pages)")

    def get(path: str, **params: Any) -> Callable[[], Any]:
        return lambda: client.get(path, params=params, follow_redirects=False)

    # what the served app does in a thread at start-up (api/main.py), before any visitor asks
    started = time.perf_counter()
    reads.warm(services.files.today(), list(SECTORS))
    print(f"-- start-up warm-up of the cached figures: {time.perf_counter() - started:.2f} s")
    print("-- first requests after the warm-up")
    once("GET /stats", get("/stats"))
    once("GET /grades", get("/grades"))
    once("GET /grades?sector=coal", get("/grades", sector="coal"))
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("GET /", "/", {}),
        ("GET /search?q=恒源电力 (4 chars, common)", "/search", {"q": "恒源电力"}),
        ("GET /search?q=恒源电力&page=50", "/search", {"q": "恒源电力", "page": 50}),
        (f"GET /search?q={rare} (rare number)", "/search", {"q": str(rare)}),
        ("GET /search?q=厦门 (2 chars)", "/search", {"q": "厦门"}),
        ("GET /search?q=燃气 (2 chars)&page=100", "/search", {"q": "燃气", "page": 100}),
        ("GET /search?q=鑫 (1 char)", "/search", {"q": "鑫"}),
        ("GET /search?q=不存在的名字 (no match)", "/search", {"q": "不存在的名字"}),
        ("GET /search?q={uscc} (303 to the subject)", "/search", {"q": probe}),
        ("GET /subjects/{uscc}", f"/subjects/{probe}", {}),
        ("GET /subjects/{uscc} (black-listed)", f"/subjects/{black}", {}),
        ("GET /subjects/{id} (objection mark)", f"/subjects/{objection}", {}),
        ("GET /subjects/{unknown uscc} (404)", "/subjects/91350200MA00000000", {}),
        ("GET /lists/black", "/lists/black", {}),
        ("GET /lists/focus", "/lists/focus", {}),
        ("GET /lists/red", "/lists/red", {}),
        ("GET /lists/black?sector=coal", "/lists/black", {"sector": "coal"}),
        ("GET /lists/black?region=35", "/lists/black", {"region": "35"}),
        ("GET /lists/black?sector=coal&region=44", "/lists/black",
         {"sector": "coal", "region": "44"}),
        (f"GET /lists/black?page={middle}", "/lists/black", {"page": middle}),
        (f"GET /lists/black?page={last} (last)", "/lists/black", {"page": last}),
        ("GET /grades", "/grades", {}),
        ("GET /grades?grade_class=C", "/grades", {"grade_class": "C"}),
        ("GET /grades?grade_class=D&sector=oil_gas&region=44", "/grades",
         {"grade_class": "D", "sector": "oil_gas", "region": "44"}),
        ("GET /grades?sector=coal", "/grades", {"sector": "coal"}),
        ("GET /grades?region=11", "/grades", {"region": "11"}),
        ("GET /grades?page=5000", "/grades", {"page": 5000}),
        ("GET /grades?grade_class=A&page=10000", "/grades", {"grade_class": "A", "page": 10000}),
        ("GET /cases", "/cases", {}),
        ("GET /reports/verify", "/reports/verify", {}),
        ("GET /reports/verify?code=unknown", "/reports/verify", {"code": "ABCD-1234-EFGH"}),
        ("GET /checkpoints", "/checkpoints", {}),
        ("GET /stats (warm)", "/stats", {}),
        ("GET /login", "/login", {}),
        ("GET /v1/public/subjects?q=恒源电力", "/v1/public/subjects", {"q": "恒源电力"}),
        ("GET /v1/public/subjects?q=厦门&page=500", "/v1/public/subjects",
         {"q": "厦门", "page": 500}),
        ("GET /v1/public/subjects/{uscc}", f"/v1/public/subjects/{probe}", {}),
        ("GET /v1/public/lists/black", "/v1/public/lists/black", {}),
        ("GET /v1/public/lists/focus?sector=power&region=35", "/v1/public/lists/focus",
         {"sector": "power", "region": "35"}),
        (f"GET /v1/public/lists/black?page={last}", "/v1/public/lists/black", {"page": last}),
        ("GET /v1/public/checkpoints", "/v1/public/checkpoints", {}),
    ]  # fmt: skip
    print("-- pages and public JSON")
    for label, path, params in cases:
        timed(label, get(path, **params), repeat)


if __name__ == "__main__":
    main()
