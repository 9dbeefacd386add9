"""Operators' commands (issue 21): backup, restore (and its drill), doctor.

Registered on `credit-energy` by api/cli.py.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from adapters.core.settings import Settings


@click.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--compress",
    default=1,
    show_default=True,
    type=click.IntRange(0, 9),
    help="pg_dump's gzip level (PostgreSQL)",
)
def backup(out: Path, compress: int) -> None:
    """Back the database up into the directory OUT (new or empty): the dump and its manifest."""
    from adapters.operations.backup import BackupError
    from adapters.operations.backup import backup as run

    try:
        manifest = run(Settings(), out, compress=compress)
    except BackupError as e:
        raise click.ClickException(str(e)) from None
    click.echo(
        json.dumps(
            {
                "out": str(out),
                "file": manifest["file"],
                "bytes": manifest["bytes"],
                "log_head": manifest["log_head"],
                "chain": manifest["chain"],
                "checkpoint": (manifest["checkpoint"] or {}).get("seq"),
            }
        )
    )


@click.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--drill",
    is_flag=True,
    help="then verify the chain and rebuild every view, comparing each with the restored one",
)
def restore(path: Path, drill: bool) -> None:
    """Restore the backup in PATH into the (empty) database CREDIT_DATABASE_URL names.

    Exit 1 when the restored database differs from the manifest, or the drill finds a
    difference."""
    from adapters.operations.backup import BackupError
    from adapters.operations.backup import restore as run

    settings = Settings()
    try:
        report = run(settings, path)
    except BackupError as e:
        raise click.ClickException(str(e)) from None
    for warning in report["warnings"]:
        click.echo(f"warning: {warning}", err=True)
    for difference in report["differences"]:
        click.echo(f"differs: {difference}", err=True)
    if drill and report["ok"]:
        from adapters.operations.drill import DrillError
        from adapters.operations.drill import drill as run_drill
        from api.bootstrap import bootstrap

        services = bootstrap(settings)
        try:
            report["drill"] = run_drill(services, lambda m: click.echo(m, err=True))
        except DrillError as e:
            raise click.ClickException(str(e)) from None
        finally:
            services.close()
        report["ok"] = report["drill"]["ok"]
    click.echo(json.dumps(report))
    if not report["ok"]:
        sys.exit(1)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="the checks as JSON")
def doctor(as_json: bool) -> None:
    """Check the configuration and the deployment's state; exit 1 on any fail."""
    from pydantic import ValidationError

    from adapters.operations.doctor import FAIL, Check, Doctor, as_dicts

    try:
        checks = Doctor(Settings()).run()
    except ValidationError as e:
        checks = [Check("settings", FAIL, str(e).splitlines()[0])]
    if as_json:
        click.echo(json.dumps(as_dicts(checks), ensure_ascii=False))
    else:
        width = max(len(c.name) for c in checks)
        for c in checks:
            click.echo(f"{c.status:<5} {c.name:<{width}}  {c.detail}")
    if any(c.status == FAIL for c in checks):
        sys.exit(1)


@contextmanager
def multiprocess_metrics(settings: Settings) -> Iterator[None]:
    """Around `serve --workers N`: prometheus_client's multiprocess mode, so that a scrape of
    any worker process sums the counters of all of them. PROMETHEUS_MULTIPROC_DIR if the operator
    set it, else a directory of this run's own (removed when it ends)."""
    if not settings.metrics_enabled:
        yield
        return
    from adapters.operations.metrics import MULTIPROC_ENV, prepare_multiprocess

    given = os.environ.get(MULTIPROC_ENV)
    directory = given or tempfile.mkdtemp(prefix="credit-energy-metrics-")
    prepare_multiprocess(directory)
    try:
        yield
    finally:
        if not given:
            shutil.rmtree(directory, ignore_errors=True)
