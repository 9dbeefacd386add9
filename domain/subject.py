"""The market subject's credit file (信用档案): one event stream per subject."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.base import SubjectPart
from domain.commitments import Commitment, Commitments
from domain.grades import Grades, GradeState
from domain.listings import Listings
from domain.objections import Objection, Objections
from domain.privacy import Privacy
from domain.records import Records
from domain.repairs import Repair, Repairs

SUBJECT_NAMESPACE = uuid.UUID("6f1c3f0e-6a57-4c36-9d0b-2b2f6f1e7c11")
RECORD_NAMESPACE = uuid.UUID("1d2e9c54-3c0a-4a7b-9f1e-5d8a3b7c9e21")


def subject_id_for_uscc(uscc: str) -> uuid.UUID:
    return uuid.uuid5(SUBJECT_NAMESPACE, "uscc:" + uscc)


def subject_id_for_person(id_number: str, key: bytes) -> uuid.UUID:
    """A natural person's stream id: uuid5 of a keyed HMAC, so the raw number is never an id."""
    digest = hmac.new(key, id_number.encode(), hashlib.sha256).hexdigest()
    return uuid.uuid5(SUBJECT_NAMESPACE, "person:" + digest)


def record_key_id(record_id: str) -> uuid.UUID:
    return uuid.uuid5(RECORD_NAMESPACE, record_id)


class MarketSubject(
    Records, Listings, Commitments, Grades, Objections, Repairs, Privacy, Aggregate
):
    """The credit file, assembled from its parts; events carry primitive fields only, the
    parts' state is typed (frozen entities replaced by each event, never changed in place)."""

    # 2: commitments, the grade, objections and repairs are typed entities (files snapshotted
    # before: dicts)
    class_version = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["commitments"] = {
            k: Commitment(**v) for k, v in (state.get("commitments") or {}).items()
        }
        for name, cls in (("objections", Objection), ("repairs", Repair)):
            state[name] = {k: cls(**v) for k, v in (state.get(name) or {}).items()}
        grade = state.get("grade_state")
        state["grade_state"] = GradeState.from_dict(grade) if grade else None

    @classmethod
    def register(cls, subject_id: uuid.UUID, **fields: Any) -> MarketSubject:
        return cls._create(cls.Registered, id=subject_id, **fields)  # type: ignore[attr-defined]

    @event("Registered")
    def __init__(
        self,
        id_type: str,
        identifier: str,
        name: str,
        kind: str,
        sectors: list[str],
        region: str,
        uscc: str | None,
        check_overridden: bool,
        registered_by: str,
        profile: dict[str, Any],
    ) -> None:
        self.id_type = id_type
        self.identifier = identifier
        self.name = name
        self.kind = kind
        self.sectors = list(sectors)
        self.region = region
        self.uscc = uscc
        self.check_overridden = check_overridden
        self.registered_by = registered_by
        self.profile = dict(profile)
        self.records: dict[str, dict[str, Any]] = {}
        self.listings: dict[str, dict[str, Any]] = {}
        self.commitments: dict[str, Commitment] = {}
        self.grade_state: GradeState | None = None
        self.objections: dict[str, Objection] = {}
        self.repairs: dict[str, Repair] = {}
        self.reminders: dict[str, str] = {}
        self.personal_data_erased = False

    @property
    def is_natural_person(self) -> bool:
        return self.kind == "natural_person"

    # -- profile -----------------------------------------------------------------------------

    # No command records it any more; the event stays so that a file that holds one still loads.
    @event("ProfileAmended")
    def _profile_amended(self, changes: dict[str, Any], by: str) -> None:
        for key, value in changes.items():
            setattr(self, key, value)


class RecordKey(SubjectPart):
    """Claims a provider's record_id once, across all subjects, in the same save as the record."""

    @classmethod
    def claim(cls, record_id: str, subject_id: str, body_hash: str) -> RecordKey:
        return cls._create(
            cls.Claimed,  # type: ignore[attr-defined]
            id=record_key_id(record_id),
            record_id=record_id,
            subject_id=subject_id,
            body_hash=body_hash,
        )

    @event("Claimed")
    def __init__(self, record_id: str, subject_id: str, body_hash: str) -> None:
        self.record_id = record_id
        self.subject_id = subject_id
        self.body_hash = body_hash
