"""Case keys: find the subject whose file holds an objection or a repair, by the case id."""

from __future__ import annotations

import uuid

from eventsourcing.domain import event

from domain.base import SubjectPart

CASE_NAMESPACE = uuid.UUID("8b0f4c1e-2d6a-4f3b-9c7e-1a5d3e9f0b42")


def case_key_id(case_id: str) -> uuid.UUID:
    return uuid.uuid5(CASE_NAMESPACE, case_id)


class CaseKey(SubjectPart):
    """Saved with the case's first event, so a case id always leads to its subject."""

    @classmethod
    def claim(cls, case_id: str, case_kind: str, subject_id: str) -> CaseKey:
        return cls._create(
            cls.Claimed,  # type: ignore[attr-defined]
            id=case_key_id(case_id),
            case_id=case_id,
            case_kind=case_kind,
            subject_id=subject_id,
        )

    @event("Claimed")
    def __init__(self, case_id: str, case_kind: str, subject_id: str) -> None:
        self.case_id = case_id
        self.case_kind = case_kind
        self.subject_id = subject_id
