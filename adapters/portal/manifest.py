"""The portal (issue 8): the public pages' reads, the sessions and the announcements."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.core.capability import Capability, Core
from adapters.policy_data.loader import POLICY_DIR
from adapters.portal.announcements import Announcement, load_announcements
from adapters.portal.reads import PortalReads
from adapters.portal.sessions import PortalSessions


@dataclass(frozen=True)
class Portal:
    reads: PortalReads
    sessions: PortalSessions
    announcements: list[Announcement]


def build(core: Core) -> Capability[Portal]:
    """Reads only: no views, tasks or sweeps of its own."""
    settings = core.settings
    return Capability(
        Portal(
            PortalReads(core.engine),
            PortalSessions(
                core.engine, settings.portal_idle_seconds, settings.portal_session_seconds
            ),
            load_announcements(settings.policy_dir or POLICY_DIR),
        )
    )
