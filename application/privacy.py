"""Erasing a natural person's personal data at the end of its legal purpose (crypto-shredding)."""

from __future__ import annotations

from dataclasses import dataclass

from application.credit_files import CreditFiles
from application.ports import Actor, PersonalData


@dataclass(frozen=True)
class Erasure:
    subject_id: str
    position: int
    key_destroyed: bool


class PersonalDataErasure:
    def __init__(self, files: CreditFiles, personal: PersonalData) -> None:
        self.files = files
        self.personal = personal

    def erase_subject(self, ref: str, reason: str, actor: Actor) -> Erasure:
        """Record `PersonalDataErased`, then destroy the subject's data key. Idempotent: a re-run
        after a failure between the two steps destroys the key without a second event."""
        subject = self.files.get_subject(ref)
        position = self.files.position()
        if subject.erase_personal_data(reason, actor.org):
            position = self.files.save_all(subject)
        destroyed = self.personal.erase(str(subject.id))
        return Erasure(str(subject.id), position, destroyed)
