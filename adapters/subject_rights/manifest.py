"""Subjects' rights (issue 5): what the capability builds and hands the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.core.capability import Capability, Core
from adapters.subject_rights.procedures_data import load_procedures
from adapters.subject_rights.projections import (
    ObjectionMarksProjection,
    ReviewCasesProjection,
    SubjectNotificationsProjection,
)
from adapters.subject_rights.stores import (
    CreditReports,
    EvidenceStore,
    GradeReader,
    Notifications,
    ObjectionWindowReminderSweep,
    ReviewEscalationSweep,
    ReviewQueries,
)
from application.objections import Objections
from application.repairs import Repairs
from domain.policy import PolicyHistory
from domain.procedures import ProcedureRules


@dataclass(frozen=True)
class SubjectRights:
    """Objections, repairs, evidence files, credit reports and the subject's own file."""

    procedures: PolicyHistory[ProcedureRules]
    objections: Objections
    repairs: Repairs
    evidence: EvidenceStore
    credit_reports: CreditReports
    review_queries: ReviewQueries
    grades_reader: GradeReader
    subject_notifications: Notifications


def build(core: Core) -> Capability[SubjectRights]:
    """Objections, repairs, the subject's own file, and their views and sweeps."""
    engine, files = core.engine, core.files
    procedures = load_procedures(core.settings.policy_dir)
    objections = Objections(files, procedures)
    rights = SubjectRights(
        procedures=procedures,
        objections=objections,
        repairs=Repairs(files, procedures),
        evidence=EvidenceStore(engine, files, procedures),
        credit_reports=CreditReports(engine),
        review_queries=ReviewQueries(engine),
        grades_reader=GradeReader(engine),
        subject_notifications=Notifications(engine),
    )
    return Capability(
        rights,
        projections=(
            ObjectionMarksProjection(),
            ReviewCasesProjection(),
            SubjectNotificationsProjection(),
        ),
        sweeps=(
            ("review_escalation", ReviewEscalationSweep(engine, objections)),
            (
                "objection_window_reminders",
                ObjectionWindowReminderSweep(engine, objections, procedures),
            ),
        ),
    )
