"""Subjects for the audit, proof and personal-data tests."""

from __future__ import annotations

import random

from domain.identifiers import generate_resident_id
from tests.api.support import USCC, add, register
from tests.conftest import Harness

PERSON_NAME = "欧阳明轩"
PERSON_ID = generate_resident_id(random.Random(7), "350203")


def register_company(h: Harness, headers: dict[str, str], uscc: str = USCC) -> str:
    return str(register(h, headers, id=uscc)["subject_id"])


def register_person(
    h: Harness, headers: dict[str, str], name: str = PERSON_NAME, id_number: str = PERSON_ID
) -> str:
    person = {"id_type": "resident_id", "id": id_number, "name": name, "kind": "natural_person"}
    return str(register(h, headers, **person)["subject_id"])


add_record = add  # (harness, headers, subject ref, **changes to PENALTY) -> the answer
