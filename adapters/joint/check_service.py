"""Check answers: each check_view row is `domain.decision.standing` of its subject's file; the
answer adds the measures `domain.decision.measures_for` names for the caller (the catalogue in
force on the service day; regions included) and takes the one shape `check_item` defines. The
two statements of a check (and their one-round-trip form on PostgreSQL) are `CheckStore`'s.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson

from adapters.joint.check_store import (
    CheckStore,
    Lookup,
    _parsed,
    loggable,
    logged_answer,
    parse_ref,
)
from application.measures import Measures
from application.ports import Actor
from domain.decision import check_item, measure_lookup
from domain.errors import NoPolicyInForceError, UnknownSubjectError
from domain.measures import MeasureCatalogue
from domain.time import service_day


class CheckService:
    """Builds check answers from check_view rows (each row is domain.decision.standing of its
    subject's file); the measures are domain.decision.measures_for the row's targets and province
    under the catalogue in force, cached per (version, targets, province, agency, matter)."""

    def __init__(self, store: CheckStore, measures: Measures, clock: Any) -> None:
        self.store = store
        self.measures = measures
        self.clock = clock
        self._lookups: dict[tuple[Any, ...], Lookup] = {}

    def lookup(
        self, catalogue: MeasureCatalogue | None, agency: str | None, matter: str | None
    ) -> Lookup:
        """domain.decision.measure_lookup, cached (the single check's SQL indexes it)."""
        key = (catalogue.version if catalogue else None, agency, matter)
        found = self._lookups.get(key)
        if found is None:
            ids = measure_lookup(catalogue, agency, matter)
            found = Lookup(ids, orjson.dumps(ids).decode())
            if len(self._lookups) > 10_000:
                self._lookups.clear()
            self._lookups[key] = found
        return found

    def _entry(
        self,
        actor: Actor,
        matter: str | None,
        all_measures: bool,
        kind: str,
        count: int,
        now: datetime,
    ) -> dict[str, Any]:
        return {
            "check_id": str(uuid.uuid4()),
            "at": now,
            "key_id": actor.key_id,
            "org": actor.org,
            "org_code": actor.org_code,
            "role": actor.role,
            "matter": matter or "",  # "": every matter of the agency
            "kind": kind,
            "all": all_measures,
            "count": count,
        }

    def _catalogue(self, now: datetime) -> MeasureCatalogue | None:
        try:
            return self.measures.in_force(service_day(now))
        except NoPolicyInForceError:
            return None  # before the first memorandum: no measures apply

    def _item(
        self,
        row: Sequence[Any],
        catalogue: MeasureCatalogue | None,
        agency: str | None,
        matter: str | None,
        as_of: dict[str, Any],
        ref: str | None = None,
    ) -> dict[str, Any]:
        """One subject's answer; a batch's items start with the `id` the caller sent."""
        sid, uscc, name, status, _, grade_class, score, province, targets = row[:9]
        unrated, listings, marks = row[9:12]
        item = check_item(
            subject={"subject_id": sid, "uscc": uscc, "name": name},
            status=status,
            grade_class=grade_class,
            score=score,
            unrated_reason=unrated,
            listings=[] if listings == "[]" else _parsed(listings),
            measures=self.measures.select(catalogue, targets, province, agency, matter)
            if targets
            else (),
            marks=[] if marks == "[]" else _parsed(marks),
            as_of=as_of,
        )
        if ref is not None:  # the answer is encoded with sorted keys: the place of `id` is moot
            item["id"] = ref
        return item

    def check_one(
        self, ref: str, matter: str | None, all_measures: bool, actor: Actor
    ) -> dict[str, Any]:
        now = self.clock.now()
        entry, by_id, key, catalogue, agency, wanted = self._single(
            ref, matter, all_measures, actor, now
        )
        row, position = self.store.single(by_id, key, entry, self.lookup(catalogue, agency, wanted))
        return self._answer(entry, row, position, catalogue, agency, wanted, now)

    async def check_one_async(
        self, ref: str, matter: str | None, all_measures: bool, actor: Actor
    ) -> dict[str, Any]:
        """`check_one` for the event loop (PostgreSQL): the check's statement runs on asyncpg;
        the rare blocking reads (a manual clock, the 5-second reload of published measures) run
        in the threadpool."""
        now = await asyncio.to_thread(self.clock.now) if self.clock.manual else self.clock.now()
        if self.measures.due():
            await asyncio.to_thread(self.measures.refresh)
        entry, by_id, key, catalogue, agency, wanted = self._single(
            ref, matter, all_measures, actor, now
        )
        row, position = await self.store.single_async(
            by_id, key, entry, self.lookup(catalogue, agency, wanted)
        )
        return self._answer(entry, row, position, catalogue, agency, wanted, now)

    def _single(
        self, ref: str, matter: str | None, all_measures: bool, actor: Actor, now: datetime
    ) -> tuple[dict[str, Any], bool, str, Any, str | None, str | None]:
        entry = self._entry(actor, matter, all_measures, "single", 1, now)
        by_id, key = parse_ref(ref)
        catalogue = self._catalogue(now)
        agency, wanted = (None, None) if all_measures else (actor.org, matter)
        return entry, by_id, key, catalogue, agency, wanted

    def _answer(
        self,
        entry: dict[str, Any],
        row: Any,
        position: int,
        catalogue: Any,
        agency: str | None,
        wanted: str | None,
        now: datetime,
    ) -> dict[str, Any]:
        if row is None:
            raise UnknownSubjectError("no such subject", field="id")
        answer = {"check_id": entry["check_id"]}
        answer.update(
            self._item(
                row, catalogue, agency, wanted, {"position": position, "time": now.isoformat()}
            )
        )
        return answer

    def check_many(
        self, refs: list[str], matter: str | None, all_measures: bool, actor: Actor
    ) -> dict[str, Any]:
        now = self.clock.now()
        entry = self._entry(actor, matter, all_measures, "batch", len(refs), now)
        parsed = [parse_ref(r) for r in refs]
        usccs = [k for is_id, k in parsed if not is_id]
        ids = [k for is_id, k in parsed if is_id]
        rows, position = self.store.many(usccs, ids)
        found: dict[str, Any] = {}
        for row in rows:
            found[row[0]] = row
            if row[1]:
                found[row[1]] = row
        catalogue = self._catalogue(now)
        agency, wanted = (None, None) if all_measures else (actor.org, matter)
        lookup = self.lookup(catalogue, agency, wanted)
        unknown = [
            loggable(ref) for ref, (_, key) in zip(refs, parsed, strict=True) if key not in found
        ]
        # the log row is written while the answer is built; the answer waits for its commit
        logged = self.store.append_log_soon(
            entry,
            position,
            [r[0] for r in rows],
            [logged_answer(r, lookup) for r in rows],
            unknown,
        )
        try:
            as_of = {"position": position, "time": now.isoformat()}
            results: list[dict[str, Any]] = []
            for ref, (_, key) in zip(refs, parsed, strict=True):
                row = found.get(key)
                if row is None:
                    results.append({"id": ref, "status": "unknown"})
                    continue
                results.append(self._item(row, catalogue, agency, wanted, as_of, ref))
        finally:
            logged.result()
        return {"check_id": entry["check_id"], "results": results}
