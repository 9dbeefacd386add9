"""The grade recorded on a subject's file (Graded), only when its score or class changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.grading import Grade


class Grades(SubjectPart):
    """`grade_state` is the last recorded grade: {score, grade_class, rulebook_version,
    explanation, cause, graded_at}, or None before the first (MarketSubject.__init__ sets it)."""

    if TYPE_CHECKING:
        grade_state: dict[str, Any] | None

    def record_grade(self, result: Grade, cause: str) -> bool:
        """Records Graded when the score or the class changed; True when it did."""
        current = getattr(self, "grade_state", None)  # files snapshotted before grades
        if (
            current is not None
            and current["score"] == result.score
            and current["grade_class"] == result.grade_class
        ):
            return False
        self._graded(
            score=result.score,
            grade_class=result.grade_class,
            previous_class=current["grade_class"] if current else None,
            rulebook_version=result.rulebook_version,
            explanation=result.explanation,
            cause=cause,
        )
        return True

    @event("Graded")
    def _graded(
        self,
        score: float,
        grade_class: str,
        previous_class: str | None,
        rulebook_version: str,
        explanation: list[dict[str, Any]],
        cause: str,
    ) -> None:
        self.grade_state = {
            "score": score,
            "grade_class": grade_class,
            "previous_class": previous_class,
            "rulebook_version": rulebook_version,
            "explanation": explanation,
            "cause": cause,
            "graded_at": self.modified_on.isoformat(),
        }
