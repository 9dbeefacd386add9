"""The as-of replays' read of a stream: its history, kept decrypted while memory allows, folded
into the aggregate as the library's mapper and `mutate` would, without the work they repeat for
every event.

History: stored events never change (the service's database role can neither UPDATE nor DELETE
them), so a stream's versions 1..k, once read and decrypted, are kept (per process, least recently
used first out, within `HISTORY_BYTES`) and a later read asks the database only for the versions
after k. Nothing is ever invalidated; what is kept is the plaintext the cipher returned, decoded
afresh on every fold (decoding is the deep copy the fold needs: the aggregate keeps references to
event values, and mutators change what they hold in place).

Checkpoints: when a file is read again, the fold's result (versions 1..v) is kept pickled, with
the latest stamp among those events; a later fold up to an instant no earlier than that stamp, or
to a position at or after v's, starts from it instead of from nothing: it would have folded those
same events into that same state (same code, same bytes; pickling copies objects exactly). The
service's stored snapshots are never read: they were folded by whatever code ran when they were
taken.

Fold: the library, for each event, resolves its topic, finds its id convertor, filters the event's
attributes against the signature of the decorated method (a set built per call) and binds it; the
part events of a subject's file (`SubjectPart.Event`) then set `modified_on`, check id and
version, call the method and set version and `modified_on`. A `Plan` does the per-class part once
and the per-event part inline. Only event classes whose behaviour it knows exactly take the plan
(a plain decorated function with positional-or-keyword parameters, `mutate` and `apply` from the
classes below); every other event (the `Registered` that creates the file, anything unforeseen)
goes through the library's own `mutate`. Tests fold varied files both ways at random instants and
positions and compare the states.
"""

from __future__ import annotations

import inspect
import pickle
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing import domain as es_domain
from eventsourcing.domain import CanMutateAggregate, OriginatorIDError, OriginatorVersionError
from eventsourcing.persistence import Mapper, find_id_convertor
from eventsourcing.utils import resolve_topic

from domain.base import SubjectPart

HISTORY_BYTES = 64 * 1024 * 1024  # kept per process: plaintext and checkpoints (a 1,000-event
# file: ~0.8 MB of plaintext, checkpoints of up to ~0.4 MB each)
ENTRY_OVERHEAD = 120  # bytes a kept event costs beyond its plaintext (tuple, ints, shared topic)
CHECKPOINT_AFTER = 100  # events folded beyond the nearest checkpoint that make a new one worth it
CHECKPOINTS = 10  # kept per stream, the most recently made

# the classes that define `mutate` and `apply` along the MRO of an event a plan applies
PLAIN_MUTATE = (SubjectPart.Event, CanMutateAggregate)
PLAIN_APPLY = (getattr(es_domain, "DecoratedFuncCaller", None), CanMutateAggregate)
DECORATED: dict[type, Any] = getattr(es_domain, "decorated_funcs", {})

Entry = tuple[int, int, str, bytes]  # position, version, topic, plaintext state


@dataclass(frozen=True)
class Plan:
    cls: type
    id_convertor: Callable[[Any], Any]
    class_version: int
    method: Callable[..., None] | None  # None: the library's own `mutate`
    params: tuple[str, ...]  # the method's own (interned) names, in order, after `self`


def _defining(cls: type, name: str) -> tuple[type | None, ...]:
    return tuple(k for k in cls.__mro__ if name in vars(k))


def _method(cls: type) -> tuple[Callable[..., None] | None, tuple[str, ...]]:
    """The decorated function and its parameter names, when a plan applies `cls` exactly."""
    func = DECORATED.get(cls)
    if not inspect.isfunction(func):
        return None, ()
    if _defining(cls, "mutate") != PLAIN_MUTATE or _defining(cls, "apply") != PLAIN_APPLY:
        return None, ()
    parameters = list(inspect.signature(func).parameters.values())
    if any(p.kind is not p.POSITIONAL_OR_KEYWORD for p in parameters):
        return None, ()
    return func, tuple(p.name for p in parameters[1:])


PLANS: dict[tuple[str, type], Plan] = {}  # by topic and id type (classes do not change)


def plan_of(topic: str, id_type: type) -> Plan:
    cls = resolve_topic(topic)
    method, params = _method(cls)
    plan = Plan(
        cls, find_id_convertor(cls, id_type), getattr(cls, "class_version", 1), method, params
    )
    PLANS[(topic, id_type)] = plan
    return plan


@dataclass(frozen=True)
class Checkpoint:
    """The fold of versions 1..version, by this process from the entries it keeps."""

    version: int
    position: int
    latest: datetime  # the latest stamp among events 1..version (stamps need not ascend)
    state: bytes  # the aggregate, pickled (in memory only: never stored, never received)


@dataclass(frozen=True)
class Kept:
    entries: tuple[Entry, ...]
    checkpoints: tuple[Checkpoint, ...]
    size: int  # bytes counted against the budget


def _size(entries: Sequence[Entry], checkpoints: Sequence[Checkpoint]) -> int:
    return (
        sum(len(e[3]) for e in entries)
        + ENTRY_OVERHEAD * len(entries)
        + sum(len(c.state) + ENTRY_OVERHEAD for c in checkpoints)
    )


class Folder:
    def __init__(
        self,
        mapper: Mapper[Any],
        recorder: Any,
        budget: int = HISTORY_BYTES,
        checkpoint_after: int = CHECKPOINT_AFTER,
    ) -> None:
        self.mapper = mapper
        self.recorder = recorder  # CreditRecorder (adapters): `select_stream`
        self.budget = budget
        self.checkpoint_after = checkpoint_after
        self._kept: OrderedDict[uuid.UUID, Kept] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def replay(
        self, stream: uuid.UUID, until: datetime | None = None, max_position: int | None = None
    ) -> tuple[Any, int]:
        """(aggregate, position of the last event folded): the stream folded up to the first
        event stamped after `until`, among the events the log held at `max_position`."""
        with self._lock:
            kept = self._kept.get(stream)
            if kept is not None:
                self._kept.move_to_end(stream)
        entries = self.history(stream, max_position, kept)
        start = _usable(kept, entries, until)
        aggregate, position, latest = self.fold(stream, entries, until, start)
        folded = aggregate.version - (start.version if start else 0) if aggregate else 0
        if kept is not None and latest is not None and folded >= self.checkpoint_after:
            # a file read again: keep this fold, so that the next reads start from it (as stored:
            # a natural person's fields still sealed; callers open them on their own copy)
            try:
                state = pickle.dumps(aggregate)
            except (pickle.PicklingError, TypeError, AttributeError):
                return aggregate, position  # a file holding what pickle cannot copy: no checkpoint
            self._update(stream, (), Checkpoint(aggregate.version, position, latest, state))
        return aggregate, position

    # -- history -----------------------------------------------------------------------------

    @property
    def kept_bytes(self) -> int:
        return self._size

    def checkpoints_of(self, stream: uuid.UUID) -> list[int]:
        """The versions kept folded."""
        kept = self._kept.get(stream)
        return sorted(c.version for c in kept.checkpoints) if kept else []

    def history(
        self, stream: uuid.UUID, max_position: int | None = None, kept: Kept | None = None
    ) -> Sequence[Entry]:
        """The stream's events in version order (with `max_position`: those the log held at that
        position), read from the database after the versions kept."""
        known = kept.entries if kept else ()
        rows = self.recorder.select_stream(stream, max_position, after_version=len(known))
        cipher, compressor = self.mapper.cipher, self.mapper.compressor
        fresh: list[Entry] = []
        for position, version, topic, data in rows:
            if cipher:
                data = cipher.decrypt(data)
            if compressor:
                data = compressor.decompress(data)
            fresh.append((position, version, topic, data))
        entries = known + tuple(fresh)
        if fresh and all(e[1] == n for n, e in enumerate(entries, 1)):
            self._update(stream, entries, None)
        if max_position is not None and known and known[-1][0] > max_position:
            return [e for e in entries if e[0] <= max_position]
        return entries

    def _update(
        self, stream: uuid.UUID, entries: tuple[Entry, ...], checkpoint: Checkpoint | None
    ) -> None:
        """Keep a longer prefix of the stream's history, or one more checkpoint of it."""
        with self._lock:
            kept = self._kept.get(stream)
            checkpoints = kept.checkpoints if kept else ()
            if kept is not None and len(kept.entries) >= len(entries):
                entries = kept.entries  # another thread kept as long a prefix already
            if checkpoint is not None:
                if not entries:
                    return  # evicted meanwhile
                others = [c for c in checkpoints if c.version != checkpoint.version]
                checkpoints = (*others[-(CHECKPOINTS - 1) :], checkpoint)
            size = _size(entries, checkpoints)
            if size > self.budget:
                return
            self._size += size - (kept.size if kept else 0)
            self._kept[stream] = Kept(entries, checkpoints, size)
            self._kept.move_to_end(stream)
            while self._size > self.budget:
                _, oldest = self._kept.popitem(last=False)
                self._size -= oldest.size

    # -- fold --------------------------------------------------------------------------------

    def event(self, stream: uuid.UUID, entry: Entry) -> tuple[Plan, Any]:
        """(plan, domain event) of a kept entry, as `Mapper.to_domain_event` makes it."""
        _, version, topic, data = entry
        plan = PLANS.get((topic, type(stream))) or plan_of(topic, type(stream))
        state: dict[str, Any] = self.mapper.transcoder.decode(data)
        state["originator_id"] = plan.id_convertor(stream)
        state["originator_version"] = version
        from_version = state.pop("class_version", 1)
        while from_version < plan.class_version:
            getattr(plan.cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        event: Any = object.__new__(plan.cls)
        object.__setattr__(event, "__dict__", state)
        return plan, event

    def fold(
        self,
        stream: uuid.UUID,
        entries: Sequence[Entry],
        until: datetime | None,
        start: Checkpoint | None = None,
    ) -> tuple[Any, int, datetime | None]:
        """(aggregate, position of the last event folded, latest stamp folded): from `start` (or
        the first event), up to the first event stamped after `until`."""
        aggregate: Any = None
        position = 0
        latest: datetime | None = None
        if start is not None:
            aggregate = pickle.loads(start.state)
            position, latest = start.position, start.latest
            entries = entries[start.version :]
        for entry in entries:
            plan, event = self.event(stream, entry)
            state = event.__dict__
            timestamp = state["timestamp"]
            if until is not None and timestamp > until:
                break
            method = plan.method
            if method is None or aggregate is None or plan.class_version != 1:
                aggregate = event.mutate(aggregate)
            else:
                # SubjectPart.Event.mutate, then CanMutateAggregate.mutate, inline
                aggregate.modified_on = timestamp
                if state["originator_id"] != aggregate.id:
                    raise OriginatorIDError(state["originator_id"], aggregate.id)
                version = state["originator_version"]
                if version != aggregate.version + 1:
                    raise OriginatorVersionError(version, aggregate.version + 1)
                # the library passes the attributes the method names, by keyword; in order by
                # position is the same call, without matching the decoded (not interned) keys
                try:
                    values = [state[name] for name in plan.params]
                except KeyError:  # an event stored before a parameter with a default was added
                    method(aggregate, **{k: state[k] for k in plan.params if k in state})
                else:
                    method(aggregate, *values)
                aggregate.version = version
                aggregate.modified_on = timestamp
            position = entry[0]
            if latest is None or timestamp > latest:
                latest = timestamp
        return aggregate, position, latest


def _usable(
    kept: Kept | None, entries: Sequence[Entry], until: datetime | None
) -> Checkpoint | None:
    """The latest checkpoint a fold of `entries` up to `until` passes through unchanged: its
    versions are among the entries and none of them is stamped after `until`."""
    best: Checkpoint | None = None
    for c in kept.checkpoints if kept else ():
        if c.version > len(entries) or entries[c.version - 1][:2] != (c.position, c.version):
            continue
        if until is not None and c.latest > until:
            continue
        if best is None or c.version > best.version:
            best = c
    return best
