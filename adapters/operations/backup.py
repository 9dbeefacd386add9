"""Backups and restores, each described by a manifest of what the copy holds.

`credit-energy backup --out DIR` writes DIR/database.dump (PostgreSQL: `pg_dump` custom format)
or DIR/credit.db (SQLite: the online backup API), and DIR/manifest.json: the log head, the chain
head (position and link), the latest signed checkpoint, every tracking position, the row count of
every table, the Alembic heads, the ids of the master key and signing keys the data needs (never
a key), and the dump's size and SHA-256.

The manifest describes the copy, not the live database: on PostgreSQL it is read inside a
REPEATABLE READ transaction whose snapshot is exported to `pg_dump --snapshot`, so both see exactly
the same committed state however many imports commit meanwhile; on SQLite it is read from the copy
itself after the backup step (which copies one consistent state).

`credit-energy restore DIR` restores into an EMPTY database (it refuses any other), only with the
master key that wrapped the backup's data keys, then compares the restored database with the
manifest. `restore --drill` goes on to verify the hash chain and rebuild every view from the log,
comparing each with the restored one (`adapters.operations.drill`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, func, select, text
from sqlalchemy.engine import URL, make_url

from adapters.audit.proof import key_id_of
from adapters.audit.tables import chain_links, checkpoints, signing_keys
from adapters.core.keyring import master_key_id
from adapters.core.persistence import event_tables
from adapters.core.settings import Settings
from adapters.core.tables import keyring, subject_keys

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "credit.db"
APP_ROLE = "credit_energy_app"
# pg_dump's gzip level: 1 dumps 2.3x faster than the default 6 for a dump 4 % larger (measured
# at 100,000 events: 5.6 s, 82.8 MiB against 12.9 s, 79.9 MiB; event states, being encrypted,
# do not compress at all)
COMPRESS = 1


class BackupError(RuntimeError):
    """A backup or restore that cannot (or must not) go on; the message says why."""


# -- what a database holds ------------------------------------------------------------------------


def describe(conn: Connection) -> dict[str, Any]:
    """The facts a manifest records, read on `conn` (inside the caller's snapshot)."""
    events = event_tables("CreditFiles")[0]
    head = int(conn.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar() or 0)
    tracking = {
        str(view): int(position)
        for view, position in conn.execute(text("SELECT view, position FROM projection_tracking"))
    }
    chain_position = tracking.get("chain", 0)
    link = conn.execute(
        select(chain_links.c.link).where(chain_links.c.position == chain_position)
    ).scalar()
    latest = conn.execute(checkpoints.select().order_by(checkpoints.c.seq.desc()).limit(1)).first()
    masters = {
        str(m)
        for m in conn.execute(select(keyring.c.master_key_id).distinct()).scalars()
        if m is not None
    } | {
        str(m)
        for m in conn.execute(select(subject_keys.c.master_key_id).distinct()).scalars()
        if m is not None
    }
    return {
        "log_head": head,
        "chain": {"position": chain_position, "head": link},
        "checkpoint": (
            {
                "seq": latest.seq,
                "position": int(latest.position),
                "head": latest.head,
                "signed_at": latest.signed_at,
                "key_id": latest.key_id,
                "signature": latest.signature,
            }
            if latest is not None
            else None
        ),
        "tracking": dict(sorted(tracking.items())),
        "alembic_heads": sorted(
            str(v) for v in conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
        ),
        "master_key_ids": sorted(masters),
        "signing_key_ids": sorted(
            str(k) for k in conn.execute(select(signing_keys.c.key_id)).scalars()
        ),
        "tables": {name: _count(conn, name) for name in table_names(conn)},
    }


def table_names(conn: Connection) -> list[str]:
    """The database's own tables (a partitioned table once, not each partition)."""
    if conn.dialect.name == "postgresql":
        sql = (
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
        )
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return sorted(str(n) for n in conn.execute(text(sql)).scalars())


def _count(conn: Connection, table: str) -> int:
    quoted = conn.dialect.identifier_preparer.quote(table)
    return int(conn.execute(text(f"SELECT count(*) FROM {quoted}")).scalar() or 0)


def differences(manifest: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """What the restored database holds otherwise than the manifest says."""
    out = []
    for key in ("log_head", "chain", "checkpoint", "tracking", "alembic_heads", "tables"):
        if manifest.get(key) != found.get(key):
            if key == "tables":
                names = sorted(set(manifest["tables"]) | set(found["tables"]))
                out += [
                    f"table {n}: {manifest['tables'].get(n)} rows in the backup, "
                    f"{found['tables'].get(n)} restored"
                    for n in names
                    if manifest["tables"].get(n) != found["tables"].get(n)
                ]
            else:
                backed, restored = manifest.get(key), found.get(key)
                out.append(f"{key}: {backed!r} in the backup, {restored!r} restored")
    return out


# -- backup ---------------------------------------------------------------------------------------


def backup(
    settings: Settings,
    out: Path,
    *,
    compress: int = COMPRESS,
    on_snapshot: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Back the configured database up into the directory `out` (new, or empty); returns the
    manifest. `compress`: pg_dump's gzip level (0-9). `on_snapshot` runs once the copy's state
    is fixed (tests commit writes there to show they stay out of it)."""
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    url = make_url(settings.resolved_database_url)
    started = datetime.now(UTC)
    if url.get_backend_name() == "postgresql":
        facts, dump = _backup_postgres(url, out, compress, on_snapshot)
    else:
        facts, dump = _backup_sqlite(url, out, on_snapshot)
    manifest = {
        "format": FORMAT,
        "kind": "credit-energy-backup",
        "backend": url.get_backend_name(),
        "database": url.database,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "file": dump.name,
        "bytes": dump.stat().st_size,
        "sha256": _sha256(dump),
        **facts,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False))
    return manifest


def libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment that supplies it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _backup_postgres(
    url: URL, out: Path, compress: int, on_snapshot: Callable[[], None] | None
) -> tuple[dict[str, Any], Path]:
    dump = out / PG_DUMP
    uri, env = libpq(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                # the first statement fixes the transaction's snapshot: pg_dump reads the same
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
                facts = describe(conn)
                facts["server_version"] = conn.execute(text("SHOW server_version")).scalar()
                if on_snapshot is not None:
                    on_snapshot()
                _run(
                    [
                        "pg_dump",
                        "--format=custom",
                        f"--compress={compress}",
                        f"--snapshot={snapshot}",
                        f"--file={dump}",
                        f"--dbname={uri}",
                    ],
                    env,
                )
    finally:
        engine.dispose()
    return facts, dump


def _backup_sqlite(
    url: URL, out: Path, on_snapshot: Callable[[], None] | None
) -> tuple[dict[str, Any], Path]:
    source = Path(url.database or "")
    if not source.exists():
        raise BackupError(f"no database at {source}")
    copy = out / SQLITE_COPY
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(copy)
    try:
        src.backup(dst)  # every page in one step: one consistent state of the database
        dst.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
    finally:
        dst.close()
        src.close()
    if on_snapshot is not None:
        on_snapshot()
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as conn:
            facts = describe(conn)
            facts["server_version"] = sqlite3.sqlite_version
    finally:
        engine.dispose()
    return facts, copy


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client programs)")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- restore --------------------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as e:
        raise BackupError(f"{path / MANIFEST}: cannot read the manifest ({e})") from None
    if manifest.get("kind") != "credit-energy-backup" or manifest.get("format") != FORMAT:
        raise BackupError(f"{path / MANIFEST}: not a credit-energy backup of format {FORMAT}")
    return manifest


def configured_master_key_id(settings: Settings) -> str | None:
    """The id of the master key this configuration names, without generating one."""
    if settings.cipher_key:
        return master_key_id(base64.b64decode(settings.cipher_key))
    generated = settings.var_dir / "cipher.key"
    if settings.is_sqlite and generated.exists():
        return master_key_id(base64.b64decode(generated.read_text().strip()))
    return None


def configured_signing_key_id(settings: Settings) -> str | None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if settings.signing_key:
        seed = base64.b64decode(settings.signing_key)
    elif (settings.var_dir / "signing.key").exists():
        seed = base64.b64decode((settings.var_dir / "signing.key").read_text().strip())
    else:
        return None
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key_id_of(raw)


def restore(settings: Settings, path: Path) -> dict[str, Any]:
    """Restore the backup in `path` into the configured (empty) database; returns a report
    (`ok`, `differences` from the manifest, `warnings`)."""
    manifest = read_manifest(path)
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() != manifest["backend"]:
        raise BackupError(
            f"the backup is of {manifest['backend']}; CREDIT_DATABASE_URL names "
            f"{url.get_backend_name()}"
        )
    dump = path / manifest["file"]
    if not dump.exists() or _sha256(dump) != manifest["sha256"]:
        raise BackupError(f"{dump} is missing or does not match the manifest's SHA-256")
    try:
        warnings = _check_keys(settings, manifest)
    except ValueError as e:  # binascii.Error, or a seed of the wrong length
        raise BackupError(f"a configured key is malformed: {e}") from None
    if manifest["backend"] == "postgresql":
        _restore_postgres(url, dump)
    else:
        _restore_sqlite(url, dump)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = describe(conn)
    finally:
        engine.dispose()
    diffs = differences(manifest, found)
    return {
        "ok": not diffs,
        "log_head": found["log_head"],
        "chain": found["chain"],
        "differences": diffs,
        "warnings": warnings,
    }


def _check_keys(settings: Settings, manifest: dict[str, Any]) -> list[str]:
    needed = manifest.get("master_key_ids") or []
    have = configured_master_key_id(settings)
    if needed and have is None:
        raise BackupError(
            "no master key configured: set CIPHER_KEY (or put the original var/cipher.key in "
            f"place); the backup's data keys are wrapped by master key {', '.join(needed)}"
        )
    if needed and have not in needed:
        raise BackupError(
            f"CIPHER_KEY is master key {have}; the backup's data keys are wrapped by "
            f"{', '.join(needed)}: nothing could be read"
        )
    warnings = []
    signing = configured_signing_key_id(settings)
    known = manifest.get("signing_key_ids") or []
    if known and signing not in known:
        warnings.append(
            f"the configured signing key ({signing or 'none'}) is not among the backup's "
            f"({', '.join(known)}): new checkpoints will be signed by another key"
        )
    return warnings


def database_is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            n = conn.execute(
                text(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    " AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
                    " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                )
            ).scalar()
        else:
            n = conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    return not n


def _restore_postgres(url: URL, dump: Path) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        if not database_is_empty(engine):
            raise BackupError(f"database {url.database} is not empty: restore needs an empty one")
        with engine.connect() as conn:  # the service's role is cluster-wide: grants name it
            conn.execute(
                text(
                    f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}')"
                    f" THEN CREATE ROLE {APP_ROLE} NOLOGIN; END IF; END $$"
                )
            )
    finally:
        engine.dispose()
    uri, env = libpq(url)
    _run(
        [
            "pg_restore",
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            f"--dbname={uri}",
            str(dump),
        ],
        env,
    )


def _restore_sqlite(url: URL, copy: Path) -> None:
    target = Path(url.database or "")
    if target.exists():
        engine = create_engine(f"sqlite:///{target}")
        try:
            empty = database_is_empty(engine)
        finally:
            engine.dispose()
        if not empty:
            raise BackupError(f"{target} is not empty: restore needs an empty database")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(copy)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
