"""History and what-if: a subject as the service showed it at an instant; a draft rulebook's effect.

As-of replays fold a stream in version order up to the first event stamped after the instant (event
times follow the service clock) and never read snapshots (application/replay.py).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from application.credit_files import CreditFiles
from application.folding import Folder
from application.grading import BATCH, Grading, _chunks
from domain.errors import UnknownSubjectError
from domain.grading import Grade, grade
from domain.list_rules import proposals, red_kept
from domain.rulebook import Rulebook
from domain.subject import MarketSubject
from domain.time import service_day
from domain.vocabulary import LISTS


@dataclass(frozen=True)
class AsOf:
    subject: MarketSubject
    position: int
    computed: Grade | None


class GradeAudit:
    def __init__(self, files: CreditFiles, grading: Grading, folder: Folder | None = None) -> None:
        self.files = files
        self.grading = grading
        self.folder = folder or Folder(files.mapper, files.recorder)

    def subject_as_of(self, ref: str, as_of: datetime) -> AsOf:
        subject_id = self.files.subject_id_of(ref)
        aggregate, position = self.folder.replay(subject_id, as_of)
        if not isinstance(aggregate, MarketSubject):
            raise UnknownSubjectError("the subject was not registered at that instant", "as_of")
        rb = self.grading.rulebook_on(service_day(as_of))
        computed = grade(aggregate, service_day(as_of), rb) if rb else None
        return AsOf(aggregate, position, computed)

    def simulate(self, draft: Rulebook, subject_ids: Iterable[str]) -> dict[str, Any]:
        """Counts of subjects whose class or lists would change under `draft`, today."""
        now = self.files.clock.now()
        day = service_day(now)
        current_rb = self.grading.rulebook_on(day)
        transitions: Counter[str] = Counter()
        would_list: Counter[str] = Counter()
        would_unlist: Counter[str] = Counter()
        total = 0
        for chunk in _chunks(subject_ids, BATCH):
            subjects = self.files._load_subjects([uuid.UUID(s) for s in chunk])
            for subject in subjects.values():
                total += 1
                before = grade(subject, day, current_rb) if current_rb else None
                after = grade(subject, day, draft)
                old_class = before.grade_class if before else None
                if old_class != after.grade_class:
                    transitions[f"{old_class}->{after.grade_class}"] += 1
                registered = service_day(subject.created_on)
                old_lists = (
                    {
                        p.list_name
                        for p in proposals(
                            subject, str(subject.id), registered, day, current_rb, before
                        )
                    }
                    if current_rb and before
                    else set()
                )
                new_lists = {
                    p.list_name
                    for p in proposals(subject, str(subject.id), registered, day, draft, after)
                }
                for name in sorted(new_lists - old_lists):
                    would_list[name] += 1
                if subject.open_listings("red") and not red_kept(subject, day, draft, after):
                    would_unlist["red"] += 1
        return {
            "rulebook_version": draft.version,
            "compared_with": current_rb.version if current_rb else None,
            "on": day.isoformat(),
            "subjects": total,
            "class_changes": sum(transitions.values()),
            "transitions": dict(sorted(transitions.items())),
            "list_changes": sum(would_list.values()) + sum(would_unlist.values()),
            "would_propose": {k: would_list.get(k, 0) for k in LISTS},
            "would_remove": {"red": would_unlist.get("red", 0)},
            "changed": False,
        }
