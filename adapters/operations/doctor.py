"""`credit-energy doctor`: the configuration and the deployment's state, each check ok/warn/fail.

Read-only: it never migrates, generates a key or takes a lease. Each check names what it looked
at and, when not ok, what to do.
"""

from __future__ import annotations

import base64
import binascii
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from adapters.audit import proof
from adapters.audit.tables import checkpoints, signing_keys
from adapters.core.db import create_db_engine
from adapters.core.lease import held_anywhere
from adapters.core.migrate import alembic_config
from adapters.core.settings import Settings
from adapters.core.tables import keyring, projection_tracking, subject_keys
from adapters.operations.backup import configured_master_key_id, configured_signing_key_id
from adapters.operations.tables import sweep_runs
from adapters.policy_data.loader import POLICY_DIR, PolicyDataError

OK, WARN, FAIL = "ok", "warn", "fail"
GIB = 1 << 30
DISK_FAIL = (1 * GIB, 0.05)  # free bytes, free fraction
DISK_WARN = (5 * GIB, 0.10)
LAG_WARN = 1000  # events a view may be behind before it is worth a warning
SKEW_WARN, SKEW_FAIL = 1.0, 30.0  # seconds between this host's clock and the database's
PG_MIN, PG_RECOMMENDED = 130000, 150000  # partitioned BEFORE ROW triggers; what CI runs
SQLITE_MIN = (3, 34, 0)  # FTS5 trigram (the portal's name search)


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str


def _key_ok(value: str, what: str) -> str | None:
    """None when `value` is base64 of 32 bytes, else what is wrong with it."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return f"{what} is not base64"
    return None if len(raw) == 32 else f"{what} decodes to {len(raw)} bytes, not 32"


class Doctor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine: Engine | None = None

    def run(self) -> list[Check]:
        checks = [*self._keys(), self._policy(), self._disk()]
        url = make_url(self.settings.resolved_database_url)
        if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
            # connecting would create an empty file
            detail = f"no database at {url.database}: `credit-energy migrate` creates it"
            return [*checks, Check("database", FAIL, detail)]
        try:
            self.engine = create_db_engine(self.settings.resolved_database_url, pool_size=2)
            with self.engine.connect() as conn:
                checks.append(self._database(conn))
        except SQLAlchemyError as e:
            checks.append(Check("database", FAIL, f"not reachable: {_short(e)}"))
            return checks
        try:
            for name, check in (
                ("migrations", self._migrations),
                ("cipher_key_matches", self._against_store),
                ("clock", self._clock),
                ("worker_lease", self._worker),
                ("check_log_partitions", self._partitions),
                ("sweeps", self._sweeps),
            ):
                try:
                    with self.engine.connect() as conn:
                        found = check(conn)
                        checks += [found] if isinstance(found, Check) else list(found)
                except SQLAlchemyError as e:  # a table of a missing migration, for instance
                    checks.append(Check(name, FAIL, f"could not be read: {_short(e)}"))
        finally:
            self.engine.dispose()
        return checks

    # -- configuration ------------------------------------------------------------------------

    def _keys(self) -> Iterator[Check]:
        s = self.settings
        if s.cipher_key:
            problem = _key_ok(s.cipher_key, "CIPHER_KEY")
            yield Check("cipher_key", FAIL if problem else OK, problem or "CIPHER_KEY is set")
        elif not s.is_sqlite:
            yield Check("cipher_key", FAIL, "CIPHER_KEY is required with PostgreSQL")
        elif (s.var_dir / "cipher.key").exists():
            problem = _key_ok((s.var_dir / "cipher.key").read_text().strip(), "var/cipher.key")
            yield Check("cipher_key", FAIL if problem else OK, problem or "var/cipher.key")
        else:
            yield Check("cipher_key", WARN, "none yet: one is generated under var/ on first start")
        if s.signing_key:
            problem = _key_ok(s.signing_key, "CREDIT_SIGNING_KEY")
            yield Check(
                "signing_key", FAIL if problem else OK, problem or "CREDIT_SIGNING_KEY is set"
            )
        elif not s.is_sqlite and s.clock == "system":
            yield Check("signing_key", FAIL, "CREDIT_SIGNING_KEY is required with PostgreSQL")
        elif (s.var_dir / "signing.key").exists():
            problem = _key_ok((s.var_dir / "signing.key").read_text().strip(), "var/signing.key")
            yield Check("signing_key", FAIL if problem else OK, problem or "var/signing.key")
        else:
            yield Check("signing_key", WARN, "none yet: one is generated under var/ on first start")

    def _policy(self) -> Check:
        from adapters.grading.rulebook_data import load_rulebooks
        from adapters.joint.measures_data import load_measures
        from adapters.operations.retention import load_retention
        from adapters.policy_data.loader import load_policy
        from adapters.subject_rights.procedures_data import load_procedures

        folder = self.settings.policy_dir or POLICY_DIR
        loaders: list[Callable[[Path], Any]] = [
            load_policy,
            load_rulebooks,
            load_measures,
            load_procedures,
            load_retention,
        ]
        try:
            for load in loaders:
                load(folder)
        except PolicyDataError as e:
            return Check("policy", FAIL, str(e))
        return Check("policy", OK, f"every policy file under {folder} is valid")

    def _disk(self) -> Check:
        var = self.settings.var_dir
        where = var if var.exists() else Path.cwd()
        usage = shutil.disk_usage(where)
        fraction = usage.free / usage.total if usage.total else 0.0
        detail = f"{usage.free / GIB:.1f} GiB free ({fraction:.0%}) under {where}"
        if usage.free < DISK_FAIL[0] or fraction < DISK_FAIL[1]:
            return Check("disk", FAIL, detail)
        if usage.free < DISK_WARN[0] or fraction < DISK_WARN[1]:
            return Check("disk", WARN, detail)
        return Check("disk", OK, detail)

    # -- the database ---------------------------------------------------------------------------

    def _database(self, conn: Connection) -> Check:
        if conn.dialect.name == "postgresql":
            number = int(conn.execute(text("SHOW server_version_num")).scalar() or 0)
            version = conn.execute(text("SHOW server_version")).scalar()
            detail = f"PostgreSQL {version}"
            if number < PG_MIN:
                return Check("database", FAIL, f"{detail}: 13 or later is needed")
            if number < PG_RECOMMENDED:
                return Check("database", WARN, f"{detail}: tested on 15")
            return Check("database", OK, f"{detail} reachable")
        version = sqlite3.sqlite_version
        if tuple(int(p) for p in version.split(".")[:3]) < SQLITE_MIN:
            return Check("database", FAIL, f"SQLite {version}: 3.34 or later is needed")
        return Check("database", OK, f"SQLite {version} at {conn.engine.url.database}")

    def _migrations(self, conn: Connection) -> Check:
        script = ScriptDirectory.from_config(alembic_config())
        heads = set(script.get_heads())
        try:
            stored = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        except SQLAlchemyError:
            return Check("migrations", FAIL, "no alembic_version: run `credit-energy migrate`")
        known = {rev.revision for rev in script.walk_revisions()}
        if stored - known:
            return Check(
                "migrations",
                FAIL,
                f"revisions {', '.join(sorted(stored - known))} are newer than this code",
            )
        # the version table keeps only the revisions nothing applied depends on: what is applied
        # is they and everything below them
        applied = {r.revision for r in script.iterate_revisions(tuple(stored), "base")}
        if heads - applied:
            missing = ", ".join(sorted(heads - applied))
            return Check("migrations", FAIL, f"not at {missing}: run `credit-energy migrate`")
        return Check("migrations", OK, f"at every head ({', '.join(sorted(heads))})")

    def _against_store(self, conn: Connection) -> Iterator[Check]:
        """The configured keys against what the database holds."""
        try:
            master = configured_master_key_id(self.settings)
            signing = configured_signing_key_id(self.settings)
        except ValueError:  # a malformed key: the key checks above say so
            return
        wrapped = {
            str(m)
            for table in (keyring, subject_keys)
            for m in conn.execute(select(table.c.master_key_id).distinct()).scalars()
            if m is not None
        }
        if wrapped and master not in wrapped:
            yield Check(
                "cipher_key_matches",
                FAIL,
                f"the data keys are wrapped by master key {', '.join(sorted(wrapped))}, "
                f"not by the configured one ({master or 'none'}): nothing could be read",
            )
        elif wrapped:
            yield Check("cipher_key_matches", OK, f"master key {master} wraps the data keys")
        published = dict(
            conn.execute(select(signing_keys.c.key_id, signing_keys.c.public_key)).tuples().all()
        )
        latest = conn.execute(checkpoints.select().order_by(checkpoints.c.seq.desc())).first()
        if latest is not None:
            key = published.get(latest.key_id)
            cp = {c: getattr(latest, c) for c in ("seq", "position", "head", "signed_at")}
            cp.update(key_id=latest.key_id, signature=latest.signature)
            if key is None or not proof.checkpoint_ok(cp, key):
                yield Check(
                    "published_key",
                    FAIL,
                    f"checkpoint {latest.seq} does not verify with published key {latest.key_id}",
                )
                return
        if signing is None:
            return
        if signing in published:
            yield Check(
                "published_key",
                OK,
                f"signing key {signing} is the one published at /v1/public/keys",
            )
        elif latest is not None:
            yield Check(
                "published_key",
                WARN,
                f"checkpoints are signed by {latest.key_id}; the configured key {signing} is not "
                "published yet (it is on the next checkpoint)",
            )
        else:
            yield Check("published_key", OK, f"signing key {signing}: no checkpoint yet")

    def _clock(self, conn: Connection) -> Check:
        mode = self.settings.clock
        skew = None
        if conn.dialect.name == "postgresql":
            db_now = conn.execute(text("SELECT clock_timestamp()")).scalar()
            skew = abs((datetime.now(UTC) - db_now).total_seconds())
        if mode == "manual":
            return Check(
                "clock", WARN, "CREDIT_CLOCK=manual: for tests and demos; no scheduler runs sweeps"
            )
        if skew is not None and skew > SKEW_FAIL:
            return Check("clock", FAIL, f"this host and the database differ by {skew:.1f} s")
        if skew is not None and skew > SKEW_WARN:
            return Check("clock", WARN, f"this host and the database differ by {skew:.1f} s")
        apart = f", {skew:.3f} s from the database's" if skew is not None else ""
        return Check("clock", OK, "system clock" + apart)

    def _worker(self, conn: Connection) -> Iterator[Check]:
        assert self.engine is not None
        shards = self.settings.delivery_processes
        names = ["credit-energy-worker"] + [
            f"credit-energy-deliverer-{k}-of-{shards}" for k in range(shards)
        ]
        held = held_anywhere(self.engine, names)
        worker = held["credit-energy-worker"]
        yield Check(
            "worker_lease",
            OK if worker else WARN,
            "a worker holds the lease"
            if worker
            else "no worker holds the lease: views, policies, sweeps and deliveries wait",
        )
        for name in names[1:]:
            if not held[name]:
                yield Check("delivery_lease", WARN, f"no delivery process holds {name}")
        yield self._views(conn, worker)

    def _views(self, conn: Connection, worker: bool) -> Check:
        from adapters.core.persistence import event_tables

        events = event_tables("CreditFiles")[0]
        head = int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {events.name}")).scalar())
        t = projection_tracking.c
        # cursors such as export:credit_china follow the public feed, not every event
        rows = {v: p for v, p in conn.execute(select(t.view, t.position)).all() if ":" not in v}
        if not rows:
            status = OK if head == 0 else (WARN if worker else FAIL)
            return Check("views", status, f"no view has started; log head {head}")
        lags = {view: head - int(position) for view, position in rows.items()}
        worst = max(lags, key=lambda v: lags[v])
        detail = f"log head {head}; furthest behind: {worst} by {lags[worst]} events"
        if lags[worst] > 0 and not worker:
            return Check("views", FAIL, detail + ", and no worker runs to catch up")
        return Check("views", WARN if lags[worst] > LAG_WARN else OK, detail)

    def _partitions(self, conn: Connection) -> Iterator[Check]:
        if conn.dialect.name != "postgresql":
            return
        names = set(
            conn.execute(
                text(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    " WHERE i.inhparent = 'check_log'::regclass"
                )
            ).scalars()
        )
        from adapters.operations.retention import CST

        today = datetime.now(CST).date().replace(day=1)
        following = (today + timedelta(days=32)).replace(day=1)
        missing = [
            f"check_log_p{m:%Y%m}"
            for m in (today, following)
            if f"check_log_p{m:%Y%m}" not in names
        ]
        stranded = conn.execute(text("SELECT EXISTS (SELECT FROM check_log_default)")).scalar()
        if missing or stranded:
            detail = (f"missing {', '.join(missing)}; " if missing else "") + (
                "rows wait in check_log_default; " if stranded else ""
            )
            yield Check("check_log_partitions", WARN, detail + "the retention sweep prepares them")
        else:
            yield Check(
                "check_log_partitions", OK, f"{len(names) - 1} monthly partitions, default empty"
            )

    def _sweeps(self, conn: Connection) -> Check:
        failing = [
            row.name
            for row in conn.execute(select(sweep_runs))
            if row.last_failure_at is not None
            and (row.last_success_at is None or row.last_failure_at >= row.last_success_at)
        ]
        if failing:
            return Check("sweeps", WARN, f"last run failed: {', '.join(sorted(failing))}")
        return Check("sweeps", OK, "no sweep's last run failed")


def _short(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__


def as_dicts(checks: list[Check]) -> list[dict[str, str]]:
    return [asdict(c) for c in checks]
