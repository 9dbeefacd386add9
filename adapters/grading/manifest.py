"""Grades, lists and time (issue 3): what the capability builds and hands the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.core.capability import Capability, Core
from adapters.core.policies import PolicyFollower
from adapters.grading.projections import GradesProjection, ListVersionsProjection
from adapters.grading.rulebook_data import load_rulebooks
from adapters.grading.sweeps import SqlDueSubjects
from application.grade_audit import GradeAudit
from application.grading import Grading
from application.grading_sweeps import GradingSweeps
from application.inspections import Inspections
from domain.policy import PolicyHistory
from domain.rulebook import Rulebook


@dataclass(frozen=True)
class GradingServices:
    rulebooks: PolicyHistory[Rulebook]
    grading: Grading
    grade_audit: GradeAudit
    inspections: Inspections


def build(core: Core) -> Capability[GradingServices]:
    """Grading, its views, the follower that reconciles subjects' events and the grading sweeps."""
    policy_dir = core.settings.policy_dir
    rulebooks = load_rulebooks(policy_dir) if policy_dir else load_rulebooks()
    grading = Grading(core.files, rulebooks)
    follower = PolicyFollower(
        "grading", core.engine, core.files, page_handler=grading.when_subject_events_reconcile
    )
    return Capability(
        GradingServices(
            rulebooks=rulebooks,
            grading=grading,
            grade_audit=GradeAudit(core.files, grading, core.history),
            inspections=Inspections(core.files, grading),
        ),
        projections=(GradesProjection(), ListVersionsProjection()),
        tasks=(follower,),
        sweeps=GradingSweeps(SqlDueSubjects(core.engine), grading).named(),
    )
