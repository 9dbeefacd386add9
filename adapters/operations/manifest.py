"""Operations (issue 21): what the capability builds and hands the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.core.capability import Capability, Core
from adapters.operations.retention import Retention, load_retention
from adapters.operations.sweep_runs import SweepRuns


@dataclass(frozen=True)
class Operations:
    retention: Retention


def build(core: Core) -> Capability[Operations]:
    """The retention sweep, and every sweep's runs counted."""
    retention = Retention(core.engine, load_retention(core.settings.policy_dir))
    return Capability(
        Operations(retention),
        sweeps=(("retention", retention.sweep),),
        observers=(SweepRuns(core.engine),),
    )
