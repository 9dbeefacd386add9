"""Joint rewards and sanctions: checks, their view, the notices and the joint reads."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.core.capability import Capability, Core
from adapters.joint.check_service import CheckService
from adapters.joint.check_store import CheckStore
from adapters.joint.check_view import CheckViewProjection
from adapters.joint.notices import NoticesProjection
from adapters.joint.reads import JointReads


@dataclass(frozen=True)
class Joint:
    checks: CheckService
    reads: JointReads


def build(core: Core) -> Capability[Joint]:
    """The check service and the joint reads; the check view and the notices."""
    return Capability(
        Joint(
            CheckService(CheckStore(core.engine), core.measures, core.clock),
            JointReads(core.engine, core.measures, core.clock),
        ),
        projections=(
            CheckViewProjection(core.personal),
            NoticesProjection(core.measures, core.files.policy.calendar, core.personal),
        ),
    )
