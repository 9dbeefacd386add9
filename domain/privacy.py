"""Personal data of natural persons: erasure at the end of the legal purpose (PIPL).

The personal fields themselves are stored sealed by a per-subject data key outside the domain;
erasing records the decision here and destroys that key (crypto-shredding), so the history keeps
its events and its hash chain while the personal fields become unreadable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.errors import InvalidInputError


class NotAPersonError(InvalidInputError):
    pass


class Privacy(SubjectPart):
    if TYPE_CHECKING:
        kind: str
        personal_data_erased: bool

    def erase_personal_data(self, reason: str, by: str) -> bool:
        """Record the erasure once; False when it was already recorded."""
        if self.kind != "natural_person":
            raise NotAPersonError("only a natural person's personal data is erased", field="id")
        if not reason.strip():
            raise InvalidInputError("a reason is required", field="reason")
        if self.personal_data_erased:
            return False
        self._personal_data_erased(reason=reason, by=by)
        return True

    @event("PersonalDataErased")
    def _personal_data_erased(self, reason: str, by: str) -> None:
        self.personal_data_erased = True
