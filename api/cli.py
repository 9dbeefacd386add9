"""`credit-energy`: serve, worker, deliver, migrate, keys, import, demo, rebuild."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

import click

from adapters.core.logs import setup_logging as _setup_logging
from adapters.core.settings import Settings


@click.group()
def main() -> None:
    """信用能源 Credit Energy."""


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--no-worker", is_flag=True, help="API only (the PostgreSQL layout)")
@click.option(
    "--workers", default=1, type=int, help="uvicorn worker processes (implies --no-worker)"
)
def serve(host: str, port: int, no_worker: bool, workers: int) -> None:
    """Serve the API and the portal, with the in-process worker unless --no-worker."""
    import uvicorn

    settings = Settings()
    _setup_logging(settings)
    from api.bootstrap import bootstrap

    bootstrap(settings).close()  # migrate once before any worker process starts
    if workers > 1:
        from api.cli_ops import multiprocess_metrics

        with multiprocess_metrics(settings):  # /metrics sums every worker process (issue 21)
            uvicorn.run(
                "api.factory:app_without_worker",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level="warning",
            )
        return
    from api.main import create_app

    # no access log: the check log (查询留痕) records every check; a line per request costs ~15%
    uvicorn.run(
        create_app(settings, run_worker=not no_worker), host=host, port=port, access_log=False
    )


@main.command()
def worker() -> None:
    """Run projections, policies, sweeps and deliveries alone (one per deployment)."""
    from api.bootstrap import bootstrap

    settings = Settings()
    _setup_logging(settings)
    services = bootstrap(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    services.worker.start()
    click.echo("worker started (a second worker waits as a hot standby)", err=True)
    stop.wait()
    services.close()


@main.command()
@click.option("--shard", default=0, type=int, help="this process's shard, from 0")
@click.option("--shards", default=1, type=int, help="how many delivery processes in all")
def deliver(shard: int, shards: int) -> None:
    """Deliver webhooks here: shard K of N of the subscriptions (a standby while another holds
    that shard's lease). The worker starts these itself with CREDIT_DELIVERY_PROCESSES=N."""
    from api.deliver import serve as serve_deliveries

    _setup_logging(Settings())
    if not 0 <= shard < shards:
        raise click.BadParameter(
            f"{shard} of {shards}: want 0 <= shard < shards", param_hint="--shard"
        )
    serve_deliveries(shard, shards)


@main.command()
def migrate() -> None:
    """Create or upgrade every table (Alembic)."""
    from adapters.core.db import create_db_engine
    from adapters.core.migrate import migrate as run

    settings = Settings()
    engine = create_db_engine(settings.resolved_database_url)
    if settings.is_sqlite:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    run(engine)
    engine.dispose()
    click.echo("database is at the latest revision")


@main.group()
def keys() -> None:
    """API keys."""


@keys.command("create")
@click.option("--role", required=True)
@click.option("--org", "org", required=True)
@click.option("--org-code", default=None)
@click.option("--subject", "subject", default=None, help="subject_id or USCC (subject keys)")
def keys_create(role: str, org: str, org_code: str | None, subject: str | None) -> None:
    """Create a key; the key is the last line printed."""
    from adapters.core.keys import KeyError_
    from api.bootstrap import bootstrap
    from domain.errors import DomainError

    services = bootstrap(Settings())
    try:
        # a subject key names a registered subject: one for a subject that does not exist
        # would be bound to nothing (or to whoever registers that id later)
        subject_id = str(services.files.get_subject(subject).id) if subject else None
        key = services.keys.create(role, org, org_code, subject_id)
    except KeyError_ as e:
        raise click.UsageError(str(e)) from None
    except DomainError as e:
        raise click.UsageError(f"--subject {subject}: {e.message}") from None
    finally:
        services.close()
    click.echo(f"role={role} org={org}" + (f" subject={subject_id}" if subject_id else ""))
    click.echo(key)


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="one JSON object per key")
def keys_list(as_json: bool) -> None:
    """Every key: id, role, org, subject, created, revoked (never a secret)."""
    from adapters.core.db import create_db_engine
    from adapters.core.keys import KeyStore

    engine = create_db_engine(Settings().resolved_database_url)
    try:
        found = KeyStore(engine).list()
    finally:
        engine.dispose()
    for k in found:
        if as_json:
            click.echo(json.dumps(k.as_dict(), ensure_ascii=False))
            continue
        revoked = k.revoked_at.isoformat() if k.revoked_at else "-"
        click.echo(
            f"{k.key_id}  {k.role:<10} {k.org}  subject={k.subject_id or '-'}  "
            f"created={k.created_at.isoformat()}  revoked={revoked}"
        )


@keys.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key: every process refuses it (401) within 2 s; its portal sessions end."""
    from adapters.core.db import create_db_engine
    from adapters.core.keys import KeyStore, UnknownKeyError
    from adapters.portal.sessions import PortalSessions

    settings = Settings()
    engine = create_db_engine(settings.resolved_database_url)
    try:
        revoked = KeyStore(engine).revoke(key_id.removeprefix("ce_").split("_", 1)[0])
        PortalSessions(engine, 1, 1).end_for_key(revoked.key_id)
    except UnknownKeyError as e:
        raise click.ClickException(e.message) from None
    finally:
        engine.dispose()
    at = revoked.revoked_at.isoformat() if revoked.revoked_at else "-"
    click.echo(f"revoked {revoked.key_id} at {at}")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", default="import", help="the source unit the records come from")
@click.option("--org-code", default=None)
def import_(file: Path, org: str, org_code: str | None) -> None:
    """Import records from an NDJSON (.ndjson/.jsonl) or CSV file."""
    from tqdm import tqdm

    from api.bootstrap import bootstrap
    from api.input_policy import InputRefusedError
    from api.routes.providers import parse_batch
    from application.ports import Actor

    services = bootstrap(Settings())
    media = "text/csv" if file.suffix.lower() == ".csv" else "application/x-ndjson"
    try:
        rows = list(parse_batch(media, file.read_bytes()))
    except InputRefusedError as e:
        raise click.ClickException(e.detail) from None
    actor = Actor(role="provider", org=org, org_code=org_code)
    accepted = duplicates = 0
    rejected: list[tuple[int, str]] = []

    def message(errors: list[tuple[str, str]]) -> str:
        return "; ".join(f"{f}: {m}" for f, m in errors)

    with tqdm(total=len(rows), unit="row", file=sys.stderr) as bar:
        for start in range(0, len(rows), 2000):
            part = rows[start : start + 2000]
            good = [(n, r) for n, r in part if isinstance(r, dict)]
            rejected += [(n, message(r)) for n, r in part if not isinstance(r, dict)]
            outcome = services.files.add_records(good, actor)
            accepted += outcome.accepted
            duplicates += outcome.duplicates
            rejected += [(r.row, message(r.errors)) for r in outcome.rejected]
            bar.update(len(part))
    services.close()
    for row, message in sorted(rejected)[:50]:
        click.echo(f"row {row}: {message}", err=True)
    click.echo(f"accepted={accepted} duplicates={duplicates} rejected={len(rejected)}")
    if rejected:
        sys.exit(1)


@main.command()
@click.option("--subjects", default=200, type=int)
@click.option("--seed", default=2026, type=int)
@click.option("--months", default=18, type=int, help="how long a history to replay")
@click.option("--if-empty", is_flag=True, help="only when the store holds no subject yet")
def demo(subjects: int, seed: int, months: int, if_empty: bool) -> None:
    """Replay a synthetic history of MONTHS ending now (deterministic by seed), then create one
    key per role (printed and written to var/demo-keys.txt) and name a few subjects per status."""
    from datetime import UTC, datetime

    from adapters.core.clock import SimulatedClock
    from api.bootstrap import bootstrap
    from demo.history import create_demo_keys, demo_subjects, history_start, load_demo

    settings = Settings()
    _setup_logging(settings)
    until = datetime.now(UTC)
    # the history runs on a clock of its own, from the past up to the real now (never beyond)
    services = bootstrap(settings, clock=SimulatedClock(history_start(until, months)))
    keys_file = settings.var_dir / "demo-keys.txt"
    try:
        if if_empty and services.files.position() > 0:
            click.echo("store is not empty: demo data not loaded")
            if keys_file.exists():
                click.echo(f"demo API keys: {keys_file}")
            return
        summary = load_demo(services, subjects=subjects, seed=seed, until=until, months=months)
        keys = create_demo_keys(services)
        examples = demo_subjects(services)
    finally:
        services.close()
    click.echo(summary)
    lines = [f"{role:<10} {key}  # {org}" for role, org, key in keys]
    lines += [f"# {status:<10} {uscc}  {name}" for status, uscc, name in examples]
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    keys_file.write_text("\n".join(lines) + "\n")
    keys_file.chmod(0o600)
    click.echo(f"demo API keys (also in {keys_file}):")
    for line in lines[: len(keys)]:
        click.echo("  " + line)
    click.echo("demo subjects to try (GET /v1/checks/{uscc} with the agency key, /portal):")
    for status, uscc, name in examples:
        click.echo(f"  {status:<10} {uscc}  {name}")


@main.command()
@click.argument("view")
def rebuild(view: str) -> None:
    """Rebuild one view from the start of the log (with a progress bar).

    Works beside a running worker: the view is reset atomically and the lease holder (the worker,
    or this process when no worker runs) catches it up while the bar follows its position.
    """
    from tqdm import tqdm

    from adapters.core.rebuild import rebuild_view
    from api.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        names = [p.name for p in services.runner.projections]
        if view not in names:
            raise click.UsageError(f"VIEW must be one of {', '.join(names)}")
        with tqdm(total=services.files.position(), unit="event", file=sys.stderr) as bar:

            def progress(position: int) -> None:
                bar.update(max(0, position - bar.n))

            position = rebuild_view(services.runner, services.worker.lease, view, progress=progress)
        click.echo(f"{view} rebuilt at position {position}")
    finally:
        services.worker.lease.release()
        services.close()


@main.command()
@click.option("--since", "since", default=None, help="re-export changes since DATE (YYYY-MM-DD)")
@click.option("--out", "out", default=None, type=click.Path(file_okay=False, path_type=Path))
def export(since: str | None, out: Path | None) -> None:
    """Credit China files: incremental from the last batch, or every change since DATE."""
    from datetime import date

    from adapters.sharing.credit_china import CreditChinaExporter
    from api.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        services.runner.catch_up(only=["public_feed"])
        exporter = services.sharing.credit_china
        if out is not None:
            exporter = CreditChinaExporter(services.engine, out)
        if since:
            try:
                day = date.fromisoformat(since)
            except ValueError:
                raise click.BadParameter("a date YYYY-MM-DD", param_hint="--since") from None
            batch = exporter.export_since(day)
        else:
            batch = exporter.export_incremental()
    finally:
        services.close()
    if batch is None:
        click.echo("nothing new to export")
        return
    counts = " ".join(f"{name}={n}" for name, n in batch.rows.items())
    click.echo(f"{batch.directory} positions {batch.from_position}..{batch.to_position} {counts}")


@main.group()
def report() -> None:
    """Reports."""


@report.command("notices")
@click.option("--json", "as_json", is_flag=True, help="the statistics as JSON")
def report_notices(as_json: bool) -> None:
    """Joint reward/punishment notices: issued, acknowledged, applied, overdue per agency."""
    import orjson

    from api.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        stats = services.joint.notice_statistics(services.files.today())
    finally:
        services.close()
    if as_json:
        click.echo(orjson.dumps(stats, option=orjson.OPT_INDENT_2).decode())
        return
    cols = ("issued", "acknowledged", "applied", "overdue")
    click.echo(f"notices as of {stats['as_of']}")
    click.echo(f"{'agency / measure':<40}" + "".join(f"{c:>13}" for c in cols))
    for agency in stats["agencies"]:
        click.echo(f"{agency['agency']:<40}" + "".join(f"{agency[c]:>13}" for c in cols))
        for m in agency["measures"]:
            click.echo(f"  {m['measure_id']:<38}" + "".join(f"{m[c]:>13}" for c in cols))
    totals = stats["totals"]
    click.echo(f"{'total':<40}" + "".join(f"{totals[c]:>13}" for c in cols))


# -- audit, proof and personal data ------------------------------------------------------------


# -- operations (issue 21), audit (issue 7): commands of their own modules -----------------------
from api import cli_audit, cli_ops  # noqa: E402

for _command in (cli_ops.backup, cli_ops.restore, cli_ops.doctor):
    main.add_command(_command)
for _command in (  # audit, proof and personal data (issue 7)
    cli_audit.verify,
    cli_audit.checkpoint,
    cli_audit.audit_bundle,
    cli_audit.verify_bundle,
    cli_audit.verify_receipt,
    cli_audit.erase,
    cli_audit.rotate_master_key,
):
    main.add_command(_command)
