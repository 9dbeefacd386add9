"""A batch of records (`add_records`): rows saved in chunks, one atomic append per chunk, the
events stored as `save` stores them without replaying the files they join.

`RecordBatches` is the part of CreditFiles that does it; CreditFiles supplies the single-record
path (`add_record`), the policy, the clock and the replay of a stream.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.utils import get_topic

from application.file_values import BatchOutcome, RecordAccepted, RowRejected, uuid_order
from application.ports import Actor, Clock, PolicySource
from application.records import RecordRejectedError, prepare_record
from domain.errors import DomainError, InvalidIdentifierError, RecordConflictError
from domain.identifiers import validate_uscc
from domain.records import Records
from domain.subject import MarketSubject, RecordKey, record_key_id
from domain.time import event_instant, pinned_instant, service_day

CHUNK = 1000
KNOWN_SUBJECTS = 1 << 17  # subject ids remembered as registered, at most (~10 MB)
REGISTERED_TOPIC = get_topic(MarketSubject.Registered)  # type: ignore[attr-defined]
RECORD_ADDED_TOPIC = get_topic(Records.RecordAdded)  # type: ignore[attr-defined]
RECORD_KEY_TOPIC = get_topic(RecordKey)
RECORD_KEY_TOPIC_CLAIMED = get_topic(RecordKey.Claimed)  # type: ignore[attr-defined]


def _unknown(body: dict[str, Any]) -> str:
    """Why a batch row's subject is not found: a USCC whose check character fails names no
    registered subject (one accepted with a failing check would have been found), so that is
    the error to report, not "not registered"."""
    ref = str(body.get("subject") or "")
    try:
        validate_uscc(ref, field="subject")
    except InvalidIdentifierError as e:
        return str(e)
    return "not registered"


class RecordBatches(Application[uuid.UUID]):
    if TYPE_CHECKING:
        policy: PolicySource
        clock: Clock
        _registered: set[uuid.UUID]

        def add_record(self, ref: str, body: dict[str, Any], actor: Actor) -> RecordAccepted: ...

        def position(self) -> int: ...

        def _replay(self, snapshot: StoredEvent | None, stored: Iterable[StoredEvent]) -> Any: ...

        def subject_id_of(self, ref: str) -> uuid.UUID: ...

    def add_records(self, rows: Iterable[tuple[int, dict[str, Any]]], actor: Actor) -> BatchOutcome:
        """Each row all-or-nothing; rows are saved in chunks, one atomic append per chunk."""
        outcome = BatchOutcome()
        chunk: list[tuple[int, dict[str, Any]]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                self._add_chunk(chunk, actor, outcome)
                chunk = []
        if chunk:
            self._add_chunk(chunk, actor, outcome)
        outcome.position = max(outcome.position, self.position())
        return outcome

    def _add_chunk(
        self, chunk: list[tuple[int, dict[str, Any]]], actor: Actor, outcome: BatchOutcome
    ) -> None:
        # one clock reading per chunk (one atomic save), not one per event: the manual clock is a
        # database read
        with pinned_instant(self.clock.now()):
            refs, rejected = self._chunk_refs(chunk)
            result = BatchOutcome()
            try:
                self._add_chunk_at(chunk, refs, actor, result)
            except IntegrityError:
                # a file of this chunk grew or a record_id was claimed since the chunk read them
                # (a concurrent writer): once more from fresh reads, then row by row
                result = BatchOutcome()
                try:
                    self._add_chunk_at(chunk, refs, actor, result)
                except IntegrityError:
                    settled = {r.row for r in result.rejected}
                    result = BatchOutcome(rejected=result.rejected)
                    self._add_rows_singly(chunk, refs, settled, actor, result)
        rejected.extend(result.rejected)
        outcome.rejected.extend(sorted(rejected, key=lambda r: r.row))
        outcome.accepted += result.accepted
        outcome.duplicates += result.duplicates
        outcome.position = max(outcome.position, result.position)

    def _chunk_refs(
        self, chunk: list[tuple[int, dict[str, Any]]]
    ) -> tuple[dict[int, uuid.UUID], list[RowRejected]]:
        """Each row's subject id, or the row's rejection for a missing or malformed subject."""
        refs: dict[int, uuid.UUID] = {}
        rejected: list[RowRejected] = []
        for row_no, body in chunk:
            ref = body.get("subject")
            if isinstance(ref, str) and ref:
                try:
                    refs[row_no] = self.subject_id_of(ref)
                except DomainError:
                    rejected.append(RowRejected(row_no, [("subject", "not a USCC")]))
            else:
                rejected.append(RowRejected(row_no, [("subject", "required (USCC)")]))
        return refs, rejected

    def _add_chunk_at(
        self,
        chunk: list[tuple[int, dict[str, Any]]],
        refs: dict[int, uuid.UUID],
        actor: Actor,
        result: BatchOutcome,
    ) -> None:
        """The chunk's new records appended at the head of each file, without replaying files:
        a record_id is new to its subject exactly when it is unclaimed (claims are saved with
        their records), and a concurrent append to a file or claim of an id makes the one
        insert fail (IntegrityError), nothing of the chunk stored.

        The events are stored as `save` stores them (the mapper's transcoder, compressor and
        cipher), from their states: building event objects only to take their `vars` again
        would cost more than the rest of the row's work."""
        key_ids = {
            b["record_id"]: record_key_id(b["record_id"])
            for r, b in chunk
            if r in refs and isinstance(b.get("record_id"), str)
        }
        heads, claims = self._heads_and_claims(
            sorted(set(refs.values()), key=uuid_order), key_ids.values()
        )
        added: dict[uuid.UUID, list[dict[str, Any]]] = {}
        keys: list[StoredEvent] = []
        seen: dict[str, str] = {}
        instant = event_instant()
        today = service_day(instant)
        seal = self._sealer()
        for row_no, body in chunk:
            if row_no not in refs:
                continue
            subject_id = refs[row_no]
            if subject_id not in heads:
                result.rejected.append(RowRejected(row_no, [("subject", _unknown(body))]))
                continue
            sid = str(subject_id)
            try:
                facts = prepare_record(body, sid, actor, self.policy, today)
                record_id, digest = facts.fields["record_id"], facts.fields["body_hash"]
                if record_id in seen:
                    if seen[record_id] != digest:
                        raise RecordConflictError(
                            "record_id repeated with another body", "record_id"
                        )
                    result.duplicates += 1
                    continue
                if self._claimed_as(claims.get(record_id), record_id, sid, digest):
                    result.duplicates += 1
                    continue
            except RecordRejectedError as e:
                result.rejected.append(RowRejected(row_no, e.errors))
                continue
            except DomainError as e:
                result.rejected.append(RowRejected(row_no, [(e.field or "row", e.message)]))
                continue
            seen[record_id] = digest
            added.setdefault(subject_id, []).append({"timestamp": instant, **facts.fields})
            keys.append(
                StoredEvent(
                    key_ids[record_id],
                    1,
                    RECORD_KEY_TOPIC_CLAIMED,
                    seal(
                        {
                            "timestamp": instant,
                            "originator_topic": RECORD_KEY_TOPIC,
                            "record_id": record_id,
                            "subject_id": sid,
                            "body_hash": digest,
                        }
                    ),
                )
            )
            result.accepted += 1
        if keys:
            # the order `save_all(*subjects, *keys)` gave: files by id, each in row order; then
            # the claims
            records = [
                StoredEvent(subject_id, heads[subject_id] + n, RECORD_ADDED_TOPIC, seal(state))
                for subject_id in sorted(added, key=uuid_order)
                for n, state in enumerate(added[subject_id], start=1)
            ]
            result.position = self._append(records, keys)

    def _sealer(self) -> Callable[[dict[str, Any]], bytes]:
        """An event state to its stored bytes, as `Mapper.to_stored_event` makes them (the
        events sealed here are at their first class version)."""
        assert getattr(Records.RecordAdded, "class_version", 1) == 1  # type: ignore[attr-defined]
        assert getattr(RecordKey.Claimed, "class_version", 1) == 1  # type: ignore[attr-defined]
        encode = self.mapper.transcoder.encode
        compressor, cipher = self.mapper.compressor, self.mapper.cipher

        def seal(state: dict[str, Any]) -> bytes:
            data = encode(state)
            if compressor is not None:
                data = compressor.compress(data)
            if cipher is not None:
                data = cipher.encrypt(data)
            return data

        return seal

    def _heads_and_claims(
        self, subject_ids: Sequence[uuid.UUID], key_ids: Iterable[uuid.UUID]
    ) -> tuple[dict[uuid.UUID, int], dict[str, RecordKey]]:
        """The current version of each registered subject among `subject_ids`, and the claims
        among `key_ids` (record keys have no snapshots), read on one connection. A stream's
        first event never changes: of subjects seen registered before only the version is
        read."""
        known = self._registered
        ids = sorted(set(key_ids), key=uuid_order)
        heads, streams, versions = self.recorder.select_heads_and_streams(  # type: ignore[attr-defined]
            [i for i in subject_ids if i not in known],
            ids,
            [i for i in subject_ids if i in known],
        )
        for i, (topic, version) in heads.items():
            if topic == REGISTERED_TOPIC:
                versions[i] = version
        if len(known) > KNOWN_SUBJECTS:
            known.clear()
        known.update(versions)
        claims: dict[str, RecordKey] = {}
        for stored in streams.values():
            key = self._replay(None, stored)
            if isinstance(key, RecordKey):
                claims[key.record_id] = key
        return versions, claims

    def _claimed_as(
        self, key: RecordKey | None, record_id: str, subject_id: str, body_hash: str
    ) -> bool:
        """True when this exact record was accepted before; another body (or subject) is a
        conflict, as `accepted_duplicate` and `_check_key_unclaimed` answer."""
        if key is None:
            return False
        if key.subject_id != subject_id or not hmac.compare_digest(key.body_hash, body_hash):
            raise RecordConflictError(
                f"record {record_id} was accepted with a different body", field="record_id"
            )
        return True

    def _append(self, subject_events: Sequence[StoredEvent], others: Sequence[StoredEvent]) -> int:
        """Store new events of subjects' files and of other aggregates in one atomic insert
        (what `save` does for aggregates, without replaying them); then a snapshot of each file
        whose new events cross a multiple of the snapshotting interval, at the last one crossed.
        `save` would take one at every multiple crossed, but only the newest is ever read (as-of
        replays fold the events themselves), so the others would be superseded at once: a chunk
        of 1,000 records for one file took ten, a third of a second while the views waited."""
        positions = self.recorder.insert_events([*subject_events, *others])
        interval = self.snapshotting_intervals[MarketSubject]
        newest: dict[uuid.UUID, int] = {}
        for ev in subject_events:
            if ev.originator_version % interval == 0:
                newest[cast(uuid.UUID, ev.originator_id)] = ev.originator_version
        for subject_id, version in newest.items():
            self.take_snapshot(subject_id, version=version)
        assert positions
        return positions[-1]

    def _add_rows_singly(
        self,
        chunk: list[tuple[int, dict[str, Any]]],
        refs: dict[int, uuid.UUID],
        settled: set[int],
        actor: Actor,
        outcome: BatchOutcome,
    ) -> None:
        for row_no, body in chunk:
            if row_no not in refs or row_no in settled:
                continue
            try:
                result = self.add_record(str(refs[row_no]), body, actor)
            except RecordRejectedError as e:
                outcome.rejected.append(RowRejected(row_no, e.errors))
                continue
            except DomainError as e:
                outcome.rejected.append(RowRejected(row_no, [(e.field or "row", e.message)]))
                continue
            if result.created:
                outcome.accepted += 1
                outcome.position = max(outcome.position, result.position)
            else:
                outcome.duplicates += 1
