"""The grade recorded on a subject's file (Graded), only when its score or class changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.grading import Grade


class Grades(SubjectPart):
    """`grade_state` is the last recorded grade: {score, grade_class, rulebook_version,
    explanation, cause, graded_at, unrated_reason}, or None before the first (MarketSubject.
    __init__ sets it). `grade_class` None: not yet evaluated, for `unrated_reason` (Graded events
    stored before that field existed load with None: their class was always given)."""

    if TYPE_CHECKING:
        grade_state: dict[str, Any] | None

    def record_grade(self, result: Grade, cause: str) -> bool:
        """Records Graded when the score or the class changed; True when it did."""
        current = getattr(self, "grade_state", None)  # files snapshotted before grades
        if (
            current is not None
            and current["score"] == result.score
            and current["grade_class"] == result.grade_class
            and current.get("unrated_reason") == result.unrated_reason
        ):
            return False
        self._graded(
            score=result.score,
            grade_class=result.grade_class,
            previous_class=current["grade_class"] if current else None,
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
        self.grade_state = {
            "score": score,
            "grade_class": grade_class,
            "previous_class": previous_class,
            "rulebook_version": rulebook_version,
            "explanation": explanation,
            "cause": cause,
            "graded_at": self.modified_on.isoformat(),
            "unrated_reason": unrated_reason,
        }
