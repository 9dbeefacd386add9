"""The market subject's credit file (信用档案): one event stream per subject."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import (
    AlreadyRevokedError,
    InvalidInputError,
    NotPermittedError,
    RecordConflictError,
    UnknownRecordError,
)
from domain.time import event_instant

SUBJECT_NAMESPACE = uuid.UUID("6f1c3f0e-6a57-4c36-9d0b-2b2f6f1e7c11")
RECORD_NAMESPACE = uuid.UUID("1d2e9c54-3c0a-4a7b-9f1e-5d8a3b7c9e21")

KINDS = ("legal_person", "other_org", "individual_business", "natural_person")
SECTORS = ("power", "coal", "oil_gas", "new_energy", "other")
ID_TYPES = ("uscc", "resident_id")


def subject_id_for_uscc(uscc: str) -> uuid.UUID:
    return uuid.uuid5(SUBJECT_NAMESPACE, "uscc:" + uscc)


def subject_id_for_person(id_number: str, key: bytes) -> uuid.UUID:
    """A natural person's stream id: uuid5 of a keyed HMAC, so the raw number is never an id."""
    digest = hmac.new(key, id_number.encode(), hashlib.sha256).hexdigest()
    return uuid.uuid5(SUBJECT_NAMESPACE, "person:" + digest)


def record_key_id(record_id: str) -> uuid.UUID:
    return uuid.uuid5(RECORD_NAMESPACE, record_id)


class MarketSubject(Aggregate):
    """Holds records as plain dicts keyed by record_id; events carry primitive fields only."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return event_instant()

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def register(cls, subject_id: uuid.UUID, **fields: Any) -> MarketSubject:
        return cls._create(cls.Registered, id=subject_id, **fields)

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

    @property
    def is_natural_person(self) -> bool:
        return self.kind == "natural_person"

    # -- profile -----------------------------------------------------------------------------

    def amend_profile(self, changes: dict[str, Any], by: str) -> None:
        allowed = {"name", "sectors", "region", "profile"}
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise InvalidInputError(f"cannot amend {', '.join(unknown)}", field=unknown[0])
        if changes:
            self._profile_amended(changes=changes, by=by)

    @event("ProfileAmended")
    def _profile_amended(self, changes: dict[str, Any], by: str) -> None:
        for key, value in changes.items():
            setattr(self, key, value)

    # -- records -----------------------------------------------------------------------------

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
        tier: str,
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
            self.end_publicity(record_id, reason="revoked", on=event_instant().date().isoformat())

    @event("RecordRevoked")
    def _record_revoked(self, record_id: str, reason: str, by: str) -> None:
        self.records[record_id]["status"] = "revoked"

    def end_publicity(self, record_id: str, reason: str, on: str) -> None:
        """Publicity ends once: expired, repaired, revoked or shielded."""
        record = self.record(record_id)
        if record["publicity_ended"] is not None:
            return
        if reason not in ("expired", "repaired", "revoked", "shielded"):
            raise InvalidInputError(f"unknown reason {reason}", field="reason")
        self._publicity_ended(record_id=record_id, reason=reason, on=on)

    @event("PublicityEnded")
    def _publicity_ended(self, record_id: str, reason: str, on: str) -> None:
        self.records[record_id]["publicity_ended"] = {"reason": reason, "on": on}


class RecordKey(Aggregate):
    """Claims a provider's record_id once, across all subjects, in the same save as the record."""

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return event_instant()

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def claim(cls, record_id: str, subject_id: str, body_hash: str) -> RecordKey:
        return cls._create(
            cls.Claimed,
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
