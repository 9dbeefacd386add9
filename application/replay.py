"""Auditors' replay: a subject as the service showed it at an instant or log position, what was true
on a date (valid time), and a logged check re-answered from the event history.

Transaction time ("as of"): a subject's stream is read in one query (position, version, bytes),
ordered by version, after the versions this process already keeps decrypted (application/folding.py:
stored events never change); with a log position only the events up to it count, with an instant
the events are decoded in version order and folded until the first one stamped after the instant
(the stream as it stood then: a later version is never visible without the earlier ones).
Snapshots are not read: a snapshot is a fold of events 1..v taken under whatever code ran then, and
an auditor's answer must come from the chained events alone.

Valid time ("valid on"): the file as known at the knowledge instant, cut to what was in force on a
date by decision dates: records decided by then and not revoked, their publicity windows, listings
by their since/until and delisting dates; the class is the grade function on that file and date
under the rulebook then in force.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from application.credit_files import CreditFiles
from application.folding import Folder
from application.grading import Grading
from application.measures import Measures
from domain.decision import Decision, Policy, decide, measure_shown
from domain.errors import DomainError, NoPolicyInForceError
from domain.grading import Grade, grade
from domain.measures import MeasureCatalogue
from domain.subject import MarketSubject
from domain.time import service_day


@dataclass(frozen=True)
class Replayed:
    subject: MarketSubject
    position: int  # the log position of the last event folded
    version: int


@dataclass(frozen=True)
class LoggedCheck:
    """A check-log row: `answers` are [subject_id, status, class, score, listing_ids,
    measure_ids] (rows logged before replay existed carry the first three only)."""

    check_id: str
    checked_at: datetime
    org: str
    matter: str
    all_measures: bool
    position: int
    answers: list[list[Any]]
    unknown: list[str] = field(default_factory=list)


class Replay:
    def __init__(
        self,
        files: CreditFiles,
        grading: Grading,
        measures: Measures,
        folder: Folder | None = None,
    ) -> None:
        self.files = files
        self.grading = grading
        self.measures = measures
        self.folder = folder or Folder(files.mapper, files.recorder)

    # -- transaction time --------------------------------------------------------------------

    def subject_at(
        self,
        subject_id: uuid.UUID,
        instant: datetime | None = None,
        position: int | None = None,
    ) -> Replayed | None:
        """The file at an instant (events stamped up to it) or a log position; None before
        registration."""
        aggregate, last = self.folder.replay(subject_id, instant, position)
        if not isinstance(aggregate, MarketSubject):
            return None
        return Replayed(aggregate, last, aggregate.version)

    def reveal(self, subject: MarketSubject) -> None:
        self.files.reveal(subject)

    # -- what a check showed -----------------------------------------------------------------

    def catalogue_on(self, day: date) -> MeasureCatalogue | None:
        """The memorandum in force on `day`; None before the first one took effect."""
        try:
            return self.measures.in_force(day)
        except NoPolicyInForceError:
            return None

    def decision(
        self,
        subject: MarketSubject,
        at: datetime,
        day: date,
        agency: str | None,
        matter: str | None,
    ) -> Decision:
        """domain.decision.decide on the replayed file, under the policy in force on `day`."""
        policy = Policy(self.grading.rulebook_on(day), self.catalogue_on(day))
        return decide(subject, at, policy, agency, matter)

    def answer(self, decision: Decision) -> dict[str, Any]:
        """status, lists, class, score, listings and measures, as a check states them."""
        s = decision.standing
        return {
            "status": s.status,
            "lists": list(s.lists),
            "class": s.grade_class,
            "score": s.score,
            "unrated_reason": s.unrated_reason,
            "listings": list(s.listings),
            "objection_marks": list(s.marks),
            "measures": [measure_shown(m) for m in decision.measures],
            "measures_version": decision.measures_version,
        }

    def rulebook_grade(self, subject: Any, day: date) -> Grade | None:
        rulebook = self.grading.rulebook_on(day)
        return grade(subject, day, rulebook) if rulebook else None

    # -- valid time --------------------------------------------------------------------------

    def valid_on(self, subject: MarketSubject, day: date) -> tuple[MarketSubject, Grade | None]:
        """The file cut to what was in force on `day` (a shallow copy: the replayed aggregate is
        left as it is) and its grade on that day."""
        view = copy.copy(subject)
        view.records = {
            rid: cut
            for rid, record in subject.records.items()
            if (cut := record_on(record, day)) is not None
        }
        view.listings = {
            lid: cut
            for lid, listing in subject.listings.items()
            if (cut := listing_on(listing, day)) is not None
        }
        return view, self.rulebook_grade(view, day)

    # -- a logged check, re-answered ---------------------------------------------------------

    def replay_check(self, logged: LoggedCheck) -> dict[str, Any]:
        day = service_day(logged.checked_at)
        catalogue = self.catalogue_on(day)
        agency, matter = (
            (None, None) if logged.all_measures else (logged.org, logged.matter or None)
        )
        differences: list[dict[str, Any]] = []
        replayed: list[dict[str, Any]] = []
        for entry in logged.answers:
            sid = str(entry[0])
            found = self.subject_at(uuid.UUID(sid), position=logged.position)
            if found is None:
                differences.append(_diff(sid, "subject", "found", "not registered"))
                continue
            now = self.decision(found.subject, logged.checked_at, day, agency, matter)
            got = {
                "status": now.standing.status,
                "class": now.standing.grade_class,
                "score": now.standing.score,
                "listing_ids": sorted(i["listing_id"] for i in now.standing.listings),
                "measure_ids": [m.measure_id for m in now.measures],
            }
            was: dict[str, Any] = {"status": entry[1], "class": entry[2]}
            if len(entry) >= 6:
                was.update(score=entry[3], listing_ids=sorted(entry[4]), measure_ids=list(entry[5]))
            for name, value in was.items():
                if got[name] != value:
                    differences.append(_diff(sid, name, value, got[name]))
            replayed.append({"subject_id": sid, "version": found.version, **got})
        for ref in logged.unknown:
            subject_id = self._known_id(ref)
            if subject_id and self.subject_at(subject_id, position=logged.position):
                differences.append(_diff(ref, "subject", "unknown", "registered"))
        return {
            "check_id": logged.check_id,
            "checked_at": logged.checked_at.isoformat(),
            "position": logged.position,
            "measures_version": catalogue.version if catalogue is not None else None,
            "compared": ["status", "class", "score", "listing_ids", "measure_ids"]
            if all(len(a) >= 6 for a in logged.answers)
            else ["status", "class"],
            "match": not differences,
            "differences": differences,
            "subjects": replayed,
        }

    def _known_id(self, ref: str) -> uuid.UUID | None:
        """The stream an unknown ref would have named (a masked ID number names none)."""
        try:
            return self.files.subject_id_of(ref)
        except DomainError:
            return None


def _diff(subject: str, name: str, logged: Any, replayed: Any) -> dict[str, Any]:
    return {"subject_id": subject, "field": name, "logged": logged, "replayed": replayed}


def record_on(record: dict[str, Any], day: date) -> dict[str, Any] | None:
    """A record as in force on `day`: None when decided later; publicity ended only if it had
    ended by then (by its end date, or the day after max_until, as the sweep ends it)."""
    if date.fromisoformat(record["decided_on"]) > day:
        return None
    cut = dict(record)
    ended = record["publicity_ended"]
    revoked = record["status"] == "revoked"  # void as known now, whenever it was revoked
    if ended is not None and not revoked and date.fromisoformat(ended["on"]) > day:
        ended = None
    if ended is None and day > date.fromisoformat(record["max_until"]):
        ended = {
            "reason": "expired",
            "on": (date.fromisoformat(record["max_until"]) + timedelta(days=1)).isoformat(),
        }
    cut["publicity_ended"] = ended
    return cut


def listing_on(listing: dict[str, Any], day: date) -> dict[str, Any] | None:
    """A listing in force on `day` (listed by then, not yet ended, not past `until`), else None."""
    since = listing.get("since")
    if listing["status"] not in ("listed", "delisted") or not since:
        return None
    if service_day(datetime.fromisoformat(since)) > day:
        return None
    ended = listing.get("ended")
    if ended and ended.get("on") and date.fromisoformat(ended["on"]) <= day:
        return None
    if listing.get("until") and date.fromisoformat(listing["until"]) < day:
        return None
    return {**listing, "status": "listed", "ended": None}
