"""CreditFiles: registering subjects and keeping their credit records."""

from __future__ import annotations

import functools
import hmac
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, JSONTranscoder, StoredEvent

from application.commands import RegisterSubject
from application.file_values import (
    DateAsISO,
    EntityAsDict,
    RecordAccepted,
    Registration,
    StoredEventView,
)
from application.ports import Actor, Clock, PersonalData, PolicySource
from application.record_batches import RecordBatches
from application.records import RecordRejectedError, prepare_record
from domain.commitments import Commitment
from domain.errors import (
    AlreadyRegisteredError,
    InvalidIdentifierError,
    InvalidInputError,
    NotPermittedError,
    RecordConflictError,
    UnknownRecordError,
    UnknownSubjectError,
)
from domain.grades import GradeState
from domain.identifiers import ERASED, validate_resident_id, validate_uscc
from domain.objections import Objection
from domain.repairs import Repair
from domain.subject import (
    MarketSubject,
    RecordKey,
    record_key_id,
    subject_id_for_person,
    subject_id_for_uscc,
)
from domain.time import install_time_source, service_day


@functools.lru_cache(maxsize=1 << 16)
def _subject_id_of(ref: str) -> uuid.UUID:
    """`CreditFiles.subject_id_of`, remembered: a function of the text alone, asked again for
    every row of a batch that names a subject."""
    try:
        return uuid.UUID(ref)
    except ValueError:
        pass
    try:
        return subject_id_for_uscc(validate_uscc(ref, field="id", allow_failing_check=True))
    except InvalidIdentifierError:
        raise UnknownSubjectError("not a subject_id or USCC", field="id") from None


def _publicity(record: dict[str, Any]) -> dict[str, str]:
    return {
        "from": record["publicity_from"],
        "min_until": record["min_until"],
        "max_until": record["max_until"],
    }


class CreditFiles(RecordBatches):
    name = "CreditFiles"
    snapshotting_intervals = {MarketSubject: 100}

    def __init__(
        self,
        env: dict[str, str],
        *,
        policy: PolicySource,
        clock: Clock,
        person_key: bytes,
        personal: PersonalData | None = None,
    ) -> None:
        super().__init__(env)
        self.policy = policy
        self.clock = clock
        self._person_key = person_key
        # without a key service (in-memory unit tests only) personal fields are stored as given
        self.personal = personal
        # subjects seen registered (a stream's first event never changes): batch imports read
        # only their versions
        self._registered: set[uuid.UUID] = set()
        install_time_source(clock.now)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(EntityAsDict(Commitment, "commitment"))
        transcoder.register(EntityAsDict(GradeState, "grade_state"))
        transcoder.register(EntityAsDict(Objection, "objection"))
        transcoder.register(EntityAsDict(Repair, "repair"))

    # -- identifiers -------------------------------------------------------------------------

    def subject_id_of(self, ref: str) -> uuid.UUID:
        """A path's `{id}`: a subject_id (UUID) or a USCC."""
        return _subject_id_of(ref)

    def person_subject_id(self, id_number: str) -> uuid.UUID:
        return subject_id_for_person(id_number, self._person_key)

    def position(self) -> int:
        return self.recorder.max_notification_id() or 0

    # -- commands ----------------------------------------------------------------------------

    def register_subject(self, command: RegisterSubject, actor: Actor) -> Registration:
        """The command's fields are typed and were validated at the edge; what is checked here
        are the rules: the identifier fits its type and the kind, the name is not blank, only
        an administrator accepts a failing check character."""
        id_type, kind, region = command.id_type, command.kind, command.region
        sectors, name = list(command.sectors), command.name
        errors: list[tuple[str, str]] = []
        if id_type == "resident_id" and kind != "natural_person":
            errors.append(("kind", "a resident ID identifies a natural_person"))
        if kind == "natural_person" and id_type != "resident_id":
            errors.append(("id_type", "a natural_person is identified by resident_id"))
        if not name.strip():
            errors.append(("name", "required: 1 to 200 characters"))
        override = command.accept_failing_check
        if override and not actor.is_admin:
            raise NotPermittedError(
                "only an administrator may accept a failing check character",
                field="accept_failing_check",
            )
        identifier = command.id
        uscc: str | None = None
        subject_id: uuid.UUID | None = None
        if id_type == "uscc":
            try:
                uscc = validate_uscc(identifier, field="id", allow_failing_check=override)
                identifier = uscc
                subject_id = subject_id_for_uscc(uscc)
            except InvalidIdentifierError as e:
                errors.append(("id", e.message))
        else:
            try:
                identifier = validate_resident_id(identifier, field="id")
                subject_id = self.person_subject_id(identifier)
            except InvalidIdentifierError as e:
                errors.append(("id", e.message))
        if errors:
            raise RecordRejectedError(errors)
        assert subject_id is not None and isinstance(identifier, str)
        if self._exists(subject_id):
            raise AlreadyRegisteredError("this subject is already registered", field="id")
        fields = {
            "legal_representative": command.legal_representative,
            "address": command.address,
            "org_type": command.org_type,
        }
        profile = {k: v for k, v in fields.items() if v}
        if kind == "natural_person" and self.personal is not None:
            # the event carries only ciphertext: erasing the subject's key erases these fields
            seal = self.personal.seal
            sid = str(subject_id)
            identifier, name = seal(sid, identifier), seal(sid, str(name))
            profile = {k: seal(sid, str(v)) for k, v in profile.items()}
        subject = MarketSubject.register(
            subject_id,
            id_type=id_type,
            identifier=identifier,
            name=name,
            kind=kind,
            sectors=sorted(set(sectors)),
            region=region,
            uscc=uscc,
            check_overridden=override and uscc is not None,
            registered_by=actor.org,
            profile=profile,
        )
        try:
            position = self.save_all(subject)
        except IntegrityError:
            raise AlreadyRegisteredError("this subject is already registered", field="id") from None
        return Registration(str(subject_id), uscc, position)

    def add_record(self, ref: str, body: dict[str, Any], actor: Actor) -> RecordAccepted:
        subject = self.get_subject(ref)
        facts = prepare_record(body, str(subject.id), actor, self.policy, self.today())
        record_id = facts.fields["record_id"]
        if subject.accepted_duplicate(record_id, facts.fields["body_hash"]):
            return self._accepted(subject, record_id, self.position(), created=False)
        self._check_key_unclaimed(record_id, str(subject.id), facts.fields["body_hash"])
        subject.add_record(facts.fields)
        key = RecordKey.claim(record_id, str(subject.id), facts.fields["body_hash"])
        try:
            position = self.save_all(subject, key)
        except IntegrityError:
            # a concurrent request claimed the id first: answer as a re-send would be answered
            return self.add_record(ref, body, actor)
        return self._accepted(subject, record_id, position, created=True)

    def revoke_record(self, record_id: str, reason: str, actor: Actor) -> int:
        subject = self._subject_of_record(record_id)
        if not reason or not reason.strip():
            raise InvalidInputError("a reason is required", field="reason")
        subject.revoke_record(record_id, reason, actor.org, actor.is_admin)
        return self.save_all(subject)

    def correct_record(
        self, record_id: str, changes: dict[str, Any], reason: str, actor: Actor
    ) -> int:
        subject = self._subject_of_record(record_id)
        if not reason or not reason.strip():
            raise InvalidInputError("a reason is required", field="reason")
        allowed = {"decision_no", "decided_on", "legal_basis", "summary", "content", "tier"}
        unknown = sorted(set(changes) - allowed)
        if not changes or unknown:
            raise InvalidInputError(
                f"changes may name {', '.join(sorted(allowed))}",
                field=f"changes.{unknown[0]}" if unknown else "changes",
            )
        current = subject.record(record_id)
        window: dict[str, Any] | None = None
        if "decided_on" in changes or "tier" in changes:
            merged = {
                **{k: current[k] for k in ("record_id", "catalogue_code", "tier", "decision_no")},
                "decided_on": current["decided_on"],
                "legal_basis": current["legal_basis"],
                "summary": current["summary"],
                "content": current["content"],
                **changes,
            }
            facts = prepare_record(merged, str(subject.id), actor, self.policy, self.today())
            window = {
                k: facts.fields[k]
                for k in ("publicity_from", "min_until", "max_until", "published", "tier")
            }
            window["period_rules_version"] = facts.fields["period_rules_version"]
            changes = {**changes, "decided_on": facts.fields["decided_on"]}
        subject.correct_record(record_id, changes, window, reason, actor.org, actor.is_admin)
        return self.save_all(subject)

    # -- queries -----------------------------------------------------------------------------

    def today(self) -> date:
        """The service's day (its time zone, never UTC)."""
        return service_day(self.clock.now())

    def get_subject(self, ref: str) -> MarketSubject:
        subject_id = self.subject_id_of(ref)
        try:
            subject: Any = self._fetch(subject_id)
        except AggregateNotFoundError:
            raise UnknownSubjectError("no such subject", field="id") from None
        assert isinstance(subject, MarketSubject)
        self._reveal(subject)
        return subject

    def reveal(self, subject: MarketSubject) -> None:
        """Open a replayed file's sealed personal fields (as `get_subject` does)."""
        self._reveal(subject)

    def _reveal(self, subject: MarketSubject) -> None:
        """Open a natural person's sealed fields in memory (never saved: events carry changes
        only, and snapshots are taken from the stored events); erased fields read as ERASED."""
        if not subject.is_natural_person or self.personal is None:
            return
        sid = str(subject.id)
        reveal = self.personal.reveal
        subject.name = reveal(sid, subject.name) or ERASED
        subject.identifier = reveal(sid, subject.identifier) or ERASED
        subject.profile = {k: reveal(sid, str(v)) or ERASED for k, v in subject.profile.items()}

    def get_events(self, ref: str) -> list[StoredEventView]:
        subject_id = self.subject_id_of(ref)
        positions = self.recorder.select_positions(subject_id)  # type: ignore[attr-defined]
        if not positions:
            raise UnknownSubjectError("no such subject", field="id")
        out = []
        events: list[Any] = list(self.events.get(subject_id))
        for event in events:
            data = {
                k: v
                for k, v in event.__dict__.items()
                if k not in ("originator_id", "originator_version", "timestamp", "originator_topic")
            }
            out.append(
                StoredEventView(
                    position=positions[event.originator_version],
                    version=event.originator_version,
                    type=type(event).__qualname__.split(".")[-1],
                    recorded_at=event.timestamp.isoformat(),
                    data=data,
                )
            )
        return out

    # -- helpers -----------------------------------------------------------------------------

    def save_all(self, *aggregates: Any) -> int:
        """Save aggregates atomically; returns the log position of the last event (or the head)."""
        recordings = self.save(*aggregates)
        return recordings[-1].notification.id if recordings else self.position()

    def _exists(self, aggregate_id: uuid.UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def _accepted(
        self, subject: MarketSubject, record_id: str, position: int, created: bool
    ) -> RecordAccepted:
        record = subject.record(record_id)
        return RecordAccepted(record_id, str(subject.id), position, _publicity(record), created)

    def _check_key_unclaimed(self, record_id: str, subject_id: str, body_hash: str) -> None:
        try:
            key: Any = self.repository.get(record_key_id(record_id))
        except AggregateNotFoundError:
            return
        assert isinstance(key, RecordKey)
        if key.subject_id != subject_id or not hmac.compare_digest(key.body_hash, body_hash):
            raise RecordConflictError(
                f"record {record_id} was accepted with a different body", field="record_id"
            )

    def _subject_of_record(self, record_id: str) -> MarketSubject:
        try:
            key: Any = self.repository.get(record_key_id(record_id))
        except AggregateNotFoundError:
            raise UnknownRecordError(f"no record {record_id}", field="record_id") from None
        assert isinstance(key, RecordKey)
        return self.get_subject(key.subject_id)

    def _fetch(self, aggregate_id: uuid.UUID) -> Any:
        """What `repository.get` answers, from the newest snapshot and the events after it read
        on one connection (the recorder's `select_latest`)."""
        select_latest = getattr(self.recorder, "select_latest", None)
        if select_latest is None:
            return self.repository.get(aggregate_id)
        aggregate = self._replay(*select_latest(aggregate_id))
        if aggregate is None:
            raise AggregateNotFoundError(aggregate_id)
        return aggregate

    def _replay(self, snapshot: StoredEvent | None, stored: Iterable[StoredEvent]) -> Any:
        to_domain_event = self.mapper.to_domain_event
        aggregate: Any = None
        if snapshot is not None:
            aggregate = cast(Any, to_domain_event(snapshot)).mutate(None)
        for stored_event in stored:
            aggregate = cast(Any, to_domain_event(stored_event)).mutate(aggregate)
        return aggregate

    def _load_subjects(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, MarketSubject]:
        """Many subjects in a couple of queries, each from its newest snapshot (sweeps, what-if);
        unknown ids are absent."""
        streams = self.recorder.select_latest_many(ids)  # type: ignore[attr-defined]
        out: dict[uuid.UUID, MarketSubject] = {}
        for subject_id, (snapshot, stored) in streams.items():
            aggregate = self._replay(snapshot, stored)
            if isinstance(aggregate, MarketSubject):
                out[subject_id] = aggregate
        return out
