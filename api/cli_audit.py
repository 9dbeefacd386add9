"""`credit-energy` audit, proof and personal data (issue 7): verify, checkpoint, bundles and
receipts, erase, rotate-master-key."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from adapters.core.settings import Settings


@click.command()
def verify() -> None:
    """Recompute the hash chain from the stored events; exit 1 at the first broken link."""
    import time

    from api.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        started = time.perf_counter()
        result = services.chain.verify()
        seconds = time.perf_counter() - started
    finally:
        services.close()
    click.echo(json.dumps(result.as_dict()))
    click.echo(f"{result.checked} events in {seconds:.2f} s", err=True)
    if not result.ok:
        sys.exit(1)


@click.command()
def checkpoint() -> None:
    """Link every stored event now and sign the head."""

    from api.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        chain = services.chain
        while chain.follow():
            pass
        made = chain.checkpoint() or chain.latest_checkpoint()
    finally:
        services.close()
    click.echo(json.dumps(made))


@click.command("audit-bundle")
@click.option("--subject", "subject", required=True, help="subject_id or USCC")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def audit_bundle(subject: str, out: Path) -> None:
    """Export a subject's stored events, chain links and the latest signed checkpoint."""

    from adapters.audit.bundle import build_bundle
    from api.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        bundle = build_bundle(services.files, services.chain, subject, services.clock.now())
    finally:
        services.close()
    out.write_text(json.dumps(bundle, ensure_ascii=False, indent=1))
    click.echo(f"{len(bundle['events'])} events → {out}")


@click.command("verify-bundle")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key", "key", required=True, help="the Ed25519 public key, base64 (/v1/public/keys)"
)
def verify_bundle(file: Path, key: str) -> None:
    """Verify an audit bundle offline: exit 1 if any link or the checkpoint does not verify."""

    from adapters.audit.proof import verify_bundle as check

    report = check(json.loads(file.read_text()), key)
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(json.dumps({"ok": report.ok, "events": report.events, "anchored": report.anchored}))
    if not report.ok:
        sys.exit(1)


@click.command("verify-receipt")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key", "key", required=True, help="the Ed25519 public key, base64 (/v1/public/keys)"
)
def verify_receipt(file: Path, key: str) -> None:
    """Verify a saved check answer's receipt offline: exit 1 if it does not verify."""

    from adapters.audit.proof import verify_receipt as check

    ok = check(json.loads(file.read_text()), key)
    click.echo(json.dumps({"ok": ok}))
    if not ok:
        sys.exit(1)


@click.command()
@click.option("--subject", "subject", required=True, help="subject_id")
@click.option("--reason", required=True, help="why (the legal purpose has ended, …)")
def erase(subject: str, reason: str) -> None:
    """Erase a natural person's personal data (destroys the subject's data key)."""
    from api.bootstrap import bootstrap
    from application.ports import Actor
    from domain.errors import DomainError

    services = bootstrap(Settings())
    try:
        done = services.erasure.erase_subject(subject, reason, Actor(role="admin", org="cli"))
        services.runner.catch_up()
    except DomainError as e:
        raise click.ClickException(e.message) from None
    finally:
        services.close()
    click.echo(f"erased subject={done.subject_id} position={done.position}")


@click.command("rotate-master-key")
@click.option(
    "--new-key-env",
    default="NEW_CIPHER_KEY",
    show_default=True,
    help="the environment variable holding the new master key (base64 of 32 bytes)",
)
def rotate_master_key(new_key_env: str) -> None:
    """Re-wrap every data key under a new master key; events are not rewritten.

    The old key is CIPHER_KEY (as the service runs now). Stop the service, run this, then set
    CIPHER_KEY to the new key and start again.
    """
    import os

    from adapters.core.db import create_db_engine
    from adapters.core.keyring import WrongMasterKeyError
    from adapters.core.keyring import rotate_master_key as rotate

    settings = Settings()
    new = os.environ.get(new_key_env)
    if not new:
        raise click.UsageError(f"set {new_key_env} to the new master key (base64 of 32 bytes)")
    engine = create_db_engine(settings.resolved_database_url)
    try:
        done = rotate(engine, settings.resolved_cipher_key(), new)
    except (WrongMasterKeyError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    finally:
        engine.dispose()
    click.echo(
        f"re-wrapped keyring={done.keyring_rows} subject_keys={done.subject_keys} "
        f"master_key_id={done.new_master_key_id}; now set CIPHER_KEY to the new key"
    )
