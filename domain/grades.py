"""The grade recorded on a subject's file (Graded), only when its score or class changes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.grading import Grade


@dataclass(frozen=True)
class GradeState:
    """The last recorded grade. `grade_class` None: not yet evaluated, for `unrated_reason`
    (Graded events stored before that field existed load with None: their class was given)."""

    score: float | None
    grade_class: str | None
    previous_class: str | None = None
    rulebook_version: str | None = None
    explanation: list[dict[str, Any]] = field(default_factory=list)
    cause: str | None = None
    graded_at: str | None = None
    unrated_reason: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradeState:
        """The state a file snapshotted before the state was typed kept as a dict."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class Grades(SubjectPart):
    """`grade_state`: the last recorded grade, or None before the first (MarketSubject.__init__
    sets it)."""

    if TYPE_CHECKING:
        grade_state: GradeState | None

    def record_grade(self, result: Grade, cause: str) -> bool:
        """Records Graded when the score or the class changed; True when it did."""
        current = self.grade_state
        if (
            current is not None
            and current.score == result.score
            and current.grade_class == result.grade_class
            and current.unrated_reason == result.unrated_reason
        ):
            return False
        self._graded(
            score=result.score,
            grade_class=result.grade_class,
            previous_class=current.grade_class if current else None,
            rulebook_version=result.rulebook_version,
            explanation=result.explanation,
            cause=cause,
            unrated_reason=result.unrated_reason,
        )
        return True

    @event("Graded")
    def _graded(
        self,
        score: float,
        grade_class: str | None,
        previous_class: str | None,
        rulebook_version: str,
        explanation: list[dict[str, Any]],
        cause: str,
        unrated_reason: str | None = None,
    ) -> None:
        self.grade_state = GradeState(
            score=score,
            grade_class=grade_class,
            previous_class=previous_class,
            rulebook_version=rulebook_version,
            explanation=explanation,
            cause=cause,
            graded_at=self.modified_on.isoformat(),
            unrated_reason=unrated_reason,
        )
