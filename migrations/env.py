"""Alembic environment: the URL and connection come from the caller (credit-energy migrate)."""

from __future__ import annotations

from alembic import context

from adapters.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `credit-energy migrate` (adapters.core.migrate)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
