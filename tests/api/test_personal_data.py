"""Personal data of natural persons: sealed at rest, masked by one rule, access logged, erased by
destroying the subject's key, and the master key rotated without rewriting events."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text

from adapters.core.keyring import rotate_master_key
from adapters.core.tables import pii_access_log, subject_keys
from adapters.files.tables import subject_summary
from api.bootstrap import bootstrap
from application.commands import RegisterSubject
from domain.identifiers import ERASED, generate_resident_id, mask_id_number, mask_name
from tests.api.audit_helpers import (
    PERSON_ID,
    PERSON_NAME,
    USCC,
    add_record,
    register_company,
    register_person,
)
from tests.conftest import CIPHER_KEY, Harness, make_settings

OTHER_NAME = "司马清漪"
OTHER_ID = generate_resident_id(random.Random(11), "110105")


def _forms(value: str) -> list[bytes]:
    """How a value could sit in a row: UTF-8 text, or JSON with escaped non-ASCII."""
    return [value.encode(), json.dumps(value).strip('"').encode()]


def _cells(value: Any) -> list[bytes]:
    if value is None:
        return []
    if isinstance(value, bytes | bytearray | memoryview):
        return [bytes(value)]
    if isinstance(value, dict | list):
        return [json.dumps(value, ensure_ascii=False).encode(), json.dumps(value).encode()]
    return [str(value).encode()]


def test_raw_rows_of_every_table_hold_no_id_number_or_name_of_a_natural_person(harness: Harness):
    provider = harness.key("provider")
    register_company(harness, provider)
    person = register_person(harness, provider)
    add_record(harness, provider, person)
    harness.catch_up()
    # reading the file in full (auditor) and masked (provider) writes logs and caches nothing clear
    assert (
        harness.client.get(f"/v1/subjects/{person}", headers=harness.key("auditor")).json()["name"]
        == PERSON_NAME
    )
    harness.client.get(f"/v1/subjects/{person}", headers=provider)
    secrets = [*_forms(PERSON_ID), *_forms(PERSON_NAME), *_forms(PERSON_NAME[2:])]
    engine = harness.services.engine
    scanned = 0
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    for cell in _cells(value):
                        scanned += 1
                        found = [s for s in secrets if s in cell]
                        assert not found, f"{table} holds personal data in clear"
    assert scanned > 50


def test_every_output_masks_a_natural_persons_id_number_and_name_by_one_rule(harness: Harness):
    provider = harness.key("provider")
    person = register_person(harness, provider)
    harness.catch_up()
    seen = harness.client.get(f"/v1/subjects/{person}", headers=provider).json()
    assert (seen["name"], seen["id"]) == (mask_name(PERSON_NAME), mask_id_number(PERSON_ID))
    with harness.services.engine.connect() as conn:
        shown = conn.execute(select(subject_summary.c.display_name)).scalar_one()
    assert shown == mask_name(PERSON_NAME)


def test_a_full_name_returned_to_an_auditor_or_the_person_is_logged_with_its_purpose(
    sqlite_harness: Harness,
):
    h = sqlite_harness
    person = register_person(h, h.key("provider"))
    h.client.get(f"/v1/subjects/{person}?purpose=case-2026-17", headers=h.key("auditor"))
    h.client.get(f"/v1/subjects/{person}", headers=h.key("subject", subject=person))
    h.client.get(f"/v1/subjects/{person}", headers=h.key("agency"))  # masked: not logged
    with h.services.engine.connect() as conn:
        rows = conn.execute(
            select(pii_access_log.c.actor_role, pii_access_log.c.purpose).order_by(
                pii_access_log.c.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [("auditor", "case-2026-17"), ("subject", "own_file")]


def test_after_crypto_shredding_a_person_reads_as_erased_others_intact_and_the_chain_verifies(
    harness: Harness,
):
    provider, admin, auditor = harness.key("provider"), harness.key("admin"), harness.key("auditor")
    company = register_company(harness, provider)
    erased = register_person(harness, provider)
    other = register_person(harness, provider, OTHER_NAME, OTHER_ID)
    add_record(harness, provider, erased)
    harness.catch_up()

    r = harness.client.post(
        f"/v1/admin/subjects/{erased}:erase", json={"reason": "公示期满，目的已实现"}, headers=admin
    )
    assert r.status_code == 200, r.text
    harness.catch_up()

    gone = harness.client.get(f"/v1/subjects/{erased}", headers=auditor).json()
    assert (gone["name"], gone["id"]) == (ERASED, ERASED)
    assert [rec["record_id"] for rec in gone["records"]] == ["NEA-NB-2026-000123"]
    kept = harness.client.get(f"/v1/subjects/{other}", headers=auditor).json()
    assert (kept["name"], kept["id"]) == (OTHER_NAME, mask_id_number(OTHER_ID))
    firm = harness.client.get(f"/v1/subjects/{company}", headers=auditor).json()
    assert (firm["name"], firm["id"]) == ("厦门恒源电力有限公司", USCC)
    with harness.services.engine.connect() as conn:
        names = dict(
            conn.execute(select(subject_summary.c.subject_id, subject_summary.c.display_name))
            .tuples()
            .all()
        )
        key = conn.execute(
            select(subject_keys.c.wrapped_key).where(subject_keys.c.subject_id == erased)
        ).scalar()
    assert names[erased] == ERASED and names[other] == mask_name(OTHER_NAME)
    assert key is None
    assert harness.client.get("/v1/audit/verify", headers=auditor).json()["ok"] is True
    # a rebuilt summary reads the same: the key is gone, not just a row changed
    harness.services.runner.reset("subject_summary")
    harness.services.runner.catch_up()
    with harness.services.engine.connect() as conn:
        again = conn.execute(
            select(subject_summary.c.display_name).where(subject_summary.c.subject_id == erased)
        ).scalar()
    assert again == ERASED


def test_only_a_natural_persons_personal_data_is_erased(sqlite_harness: Harness):
    h = sqlite_harness
    company = register_company(h, h.key("provider"))
    r = h.client.post(
        f"/v1/admin/subjects/{company}:erase", json={"reason": "x"}, headers=h.key("admin")
    )
    assert r.status_code == 422


def test_rotating_the_master_key_keeps_every_event_and_personal_field_readable(
    database_url: str, tmp_path: Path
):
    new_key = base64.b64encode(b"n" * 32).decode()
    before = bootstrap(make_settings(database_url, tmp_path))
    try:
        from application.ports import Actor

        provider = Actor(role="provider", org="国家能源局")
        body = {
            "id_type": "resident_id",
            "id": PERSON_ID,
            "name": PERSON_NAME,
            "kind": "natural_person",
            "sectors": ["power"],
            "region": "350200",
        }
        person = before.files.register_subject(RegisterSubject.of(body), provider).subject_id
        events_before = before.files.position()
        done = rotate_master_key(before.engine, CIPHER_KEY, new_key)
        assert done.subject_keys == 1 and done.keyring_rows == 2
    finally:
        before.close()
    after = bootstrap(make_settings(database_url, tmp_path, CIPHER_KEY=new_key))
    try:
        subject = after.files.get_subject(person)
        assert (subject.name, subject.identifier) == (PERSON_NAME, PERSON_ID)
        assert after.files.position() == events_before
        assert str(after.files.person_subject_id(PERSON_ID)) == person  # same id after rotation
    finally:
        after.close()
