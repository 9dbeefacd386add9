"""Shared adapters: the database, the event store, the projection runner, the worker."""
