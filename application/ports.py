"""What the application needs from the outside, as protocols the adapters satisfy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from domain.calendar import WorkingCalendar
from domain.catalogue import Catalogue
from domain.periods import PeriodRules
from domain.policy import PolicyHistory


class Clock(Protocol):
    def now(self) -> datetime: ...


class PersonalData(Protocol):
    """Seals natural persons' personal fields with a per-subject data key (the key service)."""

    def seal(self, subject_id: str, value: str) -> str:
        """A token that only this subject's data key opens (the key is created when absent)."""
        ...

    def reveal(self, subject_id: str, token: str) -> str | None:
        """The clear value; None when the subject's key was destroyed (erased)."""
        ...

    def erase(self, subject_id: str) -> bool:
        """Destroy the subject's data key; False when it was already destroyed."""
        ...


class PolicySource(Protocol):
    calendar: WorkingCalendar
    catalogues: PolicyHistory[Catalogue]
    periods: PolicyHistory[PeriodRules]


ROLES = ("provider", "agency", "reviewer", "subject", "subscriber", "auditor", "admin")


@dataclass(frozen=True)
class Actor:
    """Who issues a command: a principal of an API key, or the system itself."""

    role: str
    org: str
    org_code: str | None = None
    subject_id: str | None = None
    key_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


SYSTEM = Actor(role="admin", org="system")


class DueSubjects(Protocol):
    """The grading sweeps' reader (application/grading_sweeps.py): subject ids due for a
    reconcile, read from the views, each list sorted; and the sweeps' marks of their last run."""

    def publicity_ended(self, day: date) -> list[str]: ...

    def objection_windows_closed(self, day: date) -> list[str]: ...

    def listings_expired(self, day: date) -> list[str]: ...

    def focus_listed(self) -> list[str]: ...

    def all_subjects(self) -> Iterable[str]:
        """Every subject id, in pages (no long-held cursor)."""
        ...

    def mark(self, name: str) -> str | None: ...

    def set_mark(self, name: str, value: str) -> None: ...
