"""Credit commitments (信用承诺) made by subjects: on their own, or at registration (access)."""

from __future__ import annotations

import uuid

from application.credit_files import CreditFiles

COMMITMENT_NAMESPACE = uuid.UUID("3e5c1a90-7f2b-4d8e-a6c1-9b0d2f4e8a57")


class CommitmentsService:
    def __init__(self, files: CreditFiles) -> None:
        self.files = files

    def make_commitment(self, ref: str, kind: str, text: str, key: str | None = None) -> str:
        """Returns the commitment_id; the same subject, kind, text and day give the same id."""
        subject = self.files.get_subject(ref)
        today = self.files.today().isoformat()
        commitment_id = str(
            uuid.uuid5(COMMITMENT_NAMESPACE, f"{subject.id}:{key or f'{kind}:{today}:{text}'}")
        )
        subject.make_commitment(commitment_id, kind, text, today)
        if subject.pending_events:
            self.files.save_all(subject)
        return commitment_id
