"""Stored data keeps working: every topic the code has ever stored still names a class, and a
store written by the code before issue 15 reads under this code and says what it said then.

`stored_topics.txt` pins the topics (list_topics.py wrote it, on that code): an event's topic, a
created event's aggregate and a snapshot's are stored in every event, and the audit chain hashes
them, so a class that moves keeps its old topic through `register_topic`. `today-store.sqlite`
and `today-answers.json` are a demo history and what that code answered of it
(make_today_store.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic
from fastapi.testclient import TestClient

from api.bootstrap import bootstrap as build_services
from api.main import create_app
from tests.conftest import make_settings
from tests.migration.list_topics import declared_topics, stored_topics
from tests.migration.make_today_store import ANSWERS, STORE, UNTIL, answers

PINNED = Path(__file__).with_name("stored_topics.txt").read_text().split()


def test_every_topic_ever_stored_still_names_an_event_or_an_aggregate_class():
    for topic in PINNED:
        cls = resolve_topic(topic)
        assert isinstance(cls, type) and issubclass(cls, CanMutateAggregate | Aggregate), topic


def test_every_topic_the_code_can_write_is_pinned():
    """A new event class is added to the list; a moved one keeps its old topic (an alias)."""
    new = sorted(declared_topics() - set(PINNED))
    assert not new, f"add to stored_topics.txt, or alias the old topic: {new}"


def test_the_classes_of_the_pinned_topics_are_still_the_ones_the_code_writes():
    written = {get_topic(resolve_topic(t)) for t in PINNED}
    assert written <= declared_topics()


def test_a_store_written_before_issue_15_reads_and_answers_as_it_did(tmp_path: Path):
    path = tmp_path / "credit.db"
    shutil.copyfile(STORE, path)
    url = f"sqlite:///{path}"
    settings = make_settings(url, tmp_path)
    services = build_services(settings)
    try:
        with TestClient(create_app(settings, services=services)) as client:
            services.clock.set(UNTIL)
            found = answers(client, services)
    finally:
        services.close()
    expected = json.loads(ANSWERS.read_text())
    assert found.keys() == expected.keys()
    for subject_id, said in expected.items():
        assert found[subject_id] == said, subject_id
    assert stored_topics(url) <= set(PINNED)
