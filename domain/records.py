"""Credit records (信用记录) in a subject's file: added, corrected, revoked, publicity ended."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.errors import (
    AlreadyRevokedError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    NotPermittedError,
    RecordConflictError,
    RecordRevokedError,
    UnknownRecordError,
)
from domain.time import event_instant, service_day

PUBLICITY_END_REASONS = ("expired", "repaired", "revoked", "shielded")


def case_target(
    records: dict[str, dict[str, Any]],
    listings: dict[str, dict[str, Any]],
    record_id: str | None,
    listing_id: str | None,
    error: type[DomainError],
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """What an objection or a repair names: exactly one of a live record of the file or one of its
    listings, as (record, None) or (None, listing); `error` says that neither or both were named."""
    if (record_id is None) == (listing_id is None):
        raise error("name either a record_id or a listing_id", "record_id")
    if record_id is not None:
        record = records.get(record_id)
        if record is None:
            raise NotFoundError(f"no record {record_id} in this file", "record_id")
        if record["status"] == "revoked":
            raise RecordRevokedError(f"record {record_id} is revoked", "record_id")
        return record, None
    listing = listings.get(str(listing_id))
    if listing is None:
        raise NotFoundError(f"no listing {listing_id} in this file", "listing_id")
    return None, listing


class Records(SubjectPart):
    """Records are plain dicts keyed by record_id (MarketSubject.__init__ creates `records`).

    No runtime class-level annotations here: the library would read them as event fields.
    """

    if TYPE_CHECKING:
        records: dict[str, dict[str, Any]]

    def record(self, record_id: str) -> dict[str, Any]:
        try:
            return self.records[record_id]
        except KeyError:
            raise UnknownRecordError(f"no record {record_id}", field="record_id") from None

    def accepted_duplicate(self, record_id: str, body_hash: str) -> bool:
        """True when this exact record was accepted before; a different body is a conflict."""
        existing = self.records.get(record_id)
        if existing is None:
            return False
        if existing["body_hash"] != body_hash:
            raise RecordConflictError(
                f"record {record_id} was accepted with a different body", field="record_id"
            )
        return True

    def add_record(self, record: dict[str, Any]) -> None:
        if self.accepted_duplicate(record["record_id"], record["body_hash"]):
            return
        self._record_added(**record)

    @event("RecordAdded")
    def _record_added(
        self,
        record_id: str,
        catalogue_code: str,
        catalogue_version: str,
        category: str,
        polarity: str,
        visibility: str,
        tier: str | None,
        source_unit: str,
        source_unit_code: str | None,
        decision_no: str | None,
        decided_on: str,
        legal_basis: str | None,
        summary: str | None,
        content: dict[str, Any],
        publicity_from: str,
        min_until: str,
        max_until: str,
        published: bool,
        period_rules_version: str,
        body_hash: str,
        submitted_by: str,
    ) -> None:
        self.records[record_id] = {
            "record_id": record_id,
            "catalogue_code": catalogue_code,
            "catalogue_version": catalogue_version,
            "category": category,
            "polarity": polarity,
            "visibility": visibility,
            "tier": tier,
            "source_unit": source_unit,
            "source_unit_code": source_unit_code,
            "decision_no": decision_no,
            "decided_on": decided_on,
            "legal_basis": legal_basis,
            "summary": summary,
            "content": content,
            "publicity_from": publicity_from,
            "min_until": min_until,
            "max_until": max_until,
            "published": published,
            "period_rules_version": period_rules_version,
            "body_hash": body_hash,
            "status": "active",
            "publicity_ended": None,
            "corrections": 0,
        }

    def _check_source(self, record: dict[str, Any], unit: str, is_admin: bool) -> None:
        if not is_admin and record["source_unit"] != unit:
            raise NotPermittedError(
                "only the source unit or an administrator may change this record",
                field="record_id",
            )

    def correct_record(
        self,
        record_id: str,
        changes: dict[str, Any],
        window: dict[str, Any] | None,
        reason: str,
        by_unit: str,
        is_admin: bool,
    ) -> None:
        record = self.record(record_id)
        self._check_source(record, by_unit, is_admin)
        if record["status"] == "revoked":
            raise AlreadyRevokedError(f"record {record_id} is revoked", field="record_id")
        self._record_corrected(
            record_id=record_id, changes=changes, window=window or {}, reason=reason, by=by_unit
        )

    @event("RecordCorrected")
    def _record_corrected(
        self,
        record_id: str,
        changes: dict[str, Any],
        window: dict[str, Any],
        reason: str,
        by: str,
    ) -> None:
        record = self.records[record_id]
        content_changes = changes.get("content")
        for key, value in changes.items():
            if key == "content" and isinstance(content_changes, dict):
                record["content"] = {**record["content"], **content_changes}
            else:
                record[key] = value
        record.update(window)
        record["corrections"] += 1

    def revoke_record(self, record_id: str, reason: str, by_unit: str, is_admin: bool) -> None:
        record = self.record(record_id)
        self._check_source(record, by_unit, is_admin)
        if record["status"] == "revoked":
            raise AlreadyRevokedError(f"record {record_id} is already revoked", field="record_id")
        self._record_revoked(record_id=record_id, reason=reason, by=by_unit)
        if record["publicity_ended"] is None:
            self.end_publicity(
                record_id, reason="revoked", on=service_day(event_instant()).isoformat()
            )

    @event("RecordRevoked")
    def _record_revoked(self, record_id: str, reason: str, by: str) -> None:
        self.records[record_id]["status"] = "revoked"

    def end_publicity(self, record_id: str, reason: str, on: str) -> None:
        """Publicity ends once: expired, repaired, revoked or shielded."""
        record = self.record(record_id)
        if record["publicity_ended"] is not None:
            return
        if reason not in PUBLICITY_END_REASONS:
            raise InvalidInputError(f"unknown reason {reason}", field="reason")
        self._publicity_ended(record_id=record_id, reason=reason, on=on)

    @event("PublicityEnded")
    def _publicity_ended(self, record_id: str, reason: str, on: str) -> None:
        self.records[record_id]["publicity_ended"] = {"reason": reason, "on": on}
