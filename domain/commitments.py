"""Credit commitments (信用承诺): made by the subject, breached when a provider's record says so."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.errors import ConflictError, DomainError, NotFoundError

COMMITMENT_KINDS = ("access", "repair", "general", "industry")


class UnknownCommitmentError(NotFoundError):
    pass


class CommitmentBreachedAlreadyError(ConflictError):
    pass


@dataclass(frozen=True)
class Commitment:
    commitment_id: str
    kind: str
    text: str
    made_on: str
    status: str = "kept"  # or "breached"
    breached_by: str | None = None  # the record that breached it


class Commitments(SubjectPart):
    if TYPE_CHECKING:
        commitments: dict[str, Commitment]

    def commitment(self, commitment_id: str) -> Commitment:
        try:
            return self.commitments[commitment_id]
        except KeyError:
            raise UnknownCommitmentError(
                f"no commitment {commitment_id}", field="commitment_id"
            ) from None

    def make_commitment(self, commitment_id: str, kind: str, text: str, made_on: str) -> None:
        if kind not in COMMITMENT_KINDS:
            raise DomainError(f"kind must be one of {', '.join(COMMITMENT_KINDS)}", "kind")
        if not text.strip():
            raise DomainError("the commitment text is required", "text")
        if commitment_id in self.commitments:
            return
        self._commitment_made(commitment_id=commitment_id, kind=kind, text=text, made_on=made_on)

    @event("CommitmentMade")
    def _commitment_made(self, commitment_id: str, kind: str, text: str, made_on: str) -> None:
        self.commitments[commitment_id] = Commitment(commitment_id, kind, text, made_on)

    def breach_commitment(self, commitment_id: str, record_id: str) -> None:
        item = self.commitment(commitment_id)
        if item.breached_by == record_id:
            return
        if item.status == "breached":
            raise CommitmentBreachedAlreadyError(
                f"commitment {commitment_id} is already breached", "commitment_id"
            )
        self._commitment_breached(commitment_id=commitment_id, record_id=record_id)

    @event("CommitmentBreached")
    def _commitment_breached(self, commitment_id: str, record_id: str) -> None:
        item = self.commitments[commitment_id]
        self.commitments[commitment_id] = replace(item, status="breached", breached_by=record_id)
