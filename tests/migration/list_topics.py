"""Writes tests/migration/stored_topics.txt: every topic the code can store (run by hand, on the
code whose topics are to be pinned: `python -m tests.migration.list_topics [STORE.sqlite ...]`).

A topic is stored in three places: an event's `topic` column, a created event's
`originator_topic` and a snapshot's `topic` (both in the state). The list is every event class
and aggregate class the domain declares (what the code *can* write), united with the topics found
in the stores named (what a history *did* write: the demo's, the upgrade fixture's)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic

import domain

OUT = Path(__file__).with_name("stored_topics.txt")


def declared_topics() -> set[str]:
    """Every aggregate class of domain/ and every event class reachable from one."""
    for info in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"domain.{info.name}")
    found: set[str] = set()
    todo: list[type] = [Aggregate]
    seen: set[type] = set()
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            todo.append(sub)
            if sub.__module__.startswith("domain."):
                found.add(get_topic(sub))
                found.update(_events_of(sub))
    return found


def _events_of(cls: type) -> Iterable[str]:
    for name in dir(cls):
        value = getattr(cls, name, None)
        if (
            isinstance(value, type)
            and issubclass(value, CanMutateAggregate)
            and value.__module__.startswith("domain.")
        ):
            yield get_topic(value)


def stored_topics(url: str) -> set[str]:
    """Every topic in a store's events and snapshots, the states decoded by the service's own
    mapper (they are ciphered and compressed); the store is opened with the tests' settings."""
    import tempfile

    from eventsourcing.domain import Snapshot
    from eventsourcing.persistence import StoredEvent
    from sqlalchemy import inspect, text

    from api.bootstrap import bootstrap as build_services
    from tests.conftest import make_settings

    found: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(make_settings(url, Path(tmp)))
        try:
            mapper = services.files.mapper
            with services.engine.connect() as conn:
                for table in inspect(conn).get_table_names():
                    if not table.endswith(("_events", "_snapshots")):
                        continue
                    rows = conn.execute(
                        text(f"SELECT originator_id, originator_version, topic, state FROM {table}")
                    )
                    for oid, version, topic, state in rows:
                        found.add(topic)
                        stored = StoredEvent(_uuid(oid), version, topic, bytes(state))
                        decoded = mapper.to_domain_event(stored)
                        # a created event names its aggregate's class, a snapshot too
                        name = "topic" if isinstance(decoded, Snapshot) else "originator_topic"
                        value = getattr(decoded, name, None)
                        if isinstance(value, str):
                            found.add(value)
        finally:
            services.close()
    return found


def _uuid(value: object) -> Any:
    import uuid

    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, bytes | memoryview):
        return uuid.UUID(bytes=bytes(value))
    return uuid.UUID(str(value))


def main(paths: list[str]) -> None:
    """Each store named is a SQLite file, read from a copy (opening a store migrates it)."""
    import shutil
    import tempfile

    topics = declared_topics()
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(paths):
            copy = Path(tmp) / f"{i}.db"
            shutil.copyfile(path, copy)
            topics |= stored_topics(f"sqlite:///{copy}")
    OUT.write_text("\n".join(sorted(topics)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
