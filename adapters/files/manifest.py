"""Credit files: the subjects' views, the commitments and the erasure of personal data."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.core.capability import Capability, Core
from adapters.files.commitments import CommitmentsProjection
from adapters.files.lists import ListEntriesProjection
from adapters.files.projections import RecordsProjection, SubjectSummaryProjection
from application.commitments import CommitmentsService
from application.privacy import PersonalDataErasure


@dataclass(frozen=True)
class Files:
    commitments: CommitmentsService
    erasure: PersonalDataErasure


def build(core: Core) -> Capability[Files]:
    """The subjects', records', list entries' and commitments' views, first of the views."""
    return Capability(
        Files(CommitmentsService(core.files), PersonalDataErasure(core.files, core.personal)),
        projections=(
            SubjectSummaryProjection(core.personal),
            RecordsProjection(),
            ListEntriesProjection(),
            CommitmentsProjection(),
        ),
    )
