"""More answer models (see api/answers.py): audit history, supervision, joint measures, the
subject's own reads, proofs and the public pages. Same rules: API.md's field names, further
fields let through unchanged; a field is declared only where the answer always carries it (a
default would add a key the answer lacks)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api.answers import Answer, Keys

Number = int | float  # as stored: an int stays an int

# -- operations -----------------------------------------------------------------------------------


class ParkedView(Answer):
    view: str
    position: int
    error: str


class Ready(Answer):
    status: str = Field(description="ready | degraded")
    position: int
    views: dict[str, Any]
    degraded: list[ParkedView]
    worker_active: bool


class Unready(Answer):
    status: str = Field(description="unavailable")
    database: str


# -- auditors -------------------------------------------------------------------------------------


class BundleEvent(Answer):
    position: int
    originator_id: str
    originator_version: int
    topic: str
    state: str = Field(description="base64 of the stored (encrypted) state")
    previous_link: str
    link: str
    type: str | None
    recorded_at: str | None


class Bundle(Answer):
    format: str
    subject_id: str
    generated_at: str
    events: list[BundleEvent]
    pending_positions: list[int]
    checkpoint: dict[str, Any] | None
    key_id: str
    chain: str


class SubjectAsOf(Answer):
    """The file as shown at `as_of`, with `computed` under the rulebook then in force and the
    decision on the replayed file."""

    subject_id: str
    status: str
    computed: dict[str, Any] | None
    rulebook_version: str | None
    as_of: dict[str, Any]


class CheckReplayed(Answer):
    check_id: str
    checked_at: str
    position: int
    measures_version: Any
    compared: list[str]
    match: bool
    differences: list[dict[str, Any]]
    subjects: list[dict[str, Any]]


class ListEntryAsOf(Answer):
    listing_id: str
    subject: dict[str, Any]
    since: str | None
    until: str | None


class ListAsOf(Answer):
    list: str
    as_of: str
    version: int
    entries: list[ListEntryAsOf]


class LoggedChecks(Answer):
    checks: list[dict[str, Any]]


# -- supervision and rulebooks --------------------------------------------------------------------


class InspectionDraw(Answer):
    draw_id: str
    sector: str | None
    region: str | None
    seed: str
    ratios: Any
    rulebook_version: str
    population: dict[str, int]
    population_digest: str
    sample: Any
    drawn_by: str
    drawn_at: str


class InspectionDrawn(InspectionDraw):
    position: int


class InspectionDrawRead(InspectionDraw):
    population_ids: dict[str, list[str]]


class RulebookVersion(Answer):
    version: str
    effective_from: str


class Rulebooks(Answer):
    in_force: str | None
    versions: list[RulebookVersion]


class RulebookSimulated(Answer):
    rulebook_version: str
    compared_with: str | None
    on: str
    subjects: int
    class_changes: int
    transitions: dict[str, Any]
    list_changes: int
    would_propose: dict[str, int]
    would_remove: dict[str, int]
    changed: bool


# -- joint measures -------------------------------------------------------------------------------


class MeasuresInForce(Answer):
    version: str
    effective_from: str
    feedback_working_days: int
    measures: list[dict[str, Any]]


class MeasuresPublished(Answer):
    version: str
    effective_from: str
    measures: int = Field(description="how many measures the version holds")


class CheckFeedbackTaken(Answer):
    feedback_id: str
    check_id: str


class NoticeFeedbackTaken(Answer):
    feedback_id: str
    notice_id: str


class Notice(Answer):
    notice_id: str
    type: str
    subject: dict[str, Any]
    measures: Any
    position: int


class Inbox(Answer):
    notices: list[Notice]
    next: str


class NoticeStatistics(Answer):
    as_of: str
    totals: dict[str, int]
    agencies: list[dict[str, Any]]


# -- reviewers ------------------------------------------------------------------------------------


class PendingReviews(Answer):
    as_of: str
    objections: list[dict[str, Any]]
    repairs: list[dict[str, Any]]
    listings: list[dict[str, Any]]


class ReviewStatistics(Answer):
    as_of: str
    units: list[dict[str, Any]]
    totals: dict[str, int]


# -- keys, the subject's own reads ----------------------------------------------------------------


class KeyRevoked(Answer):
    key_id: str
    role: str
    org: Any
    org_code: Any
    subject_id: str | None
    created_at: str
    revoked_at: str | None


class Notifications(Answer):
    notifications: list[dict[str, Any]]
    next: Any = Field(description="the last item's id, or `after` when none")


class CreditReport(Answer):
    report: dict[str, Any] = Field(description="code, issued_at, format, content_hash, verify_url")
    file: dict[str, Any]


# -- proofs ---------------------------------------------------------------------------------------


class Checkpoints(Answer):
    checkpoints: list[dict[str, Any]]
    next: int


PublicKeys = Keys


class Checkpoint(Answer):
    """A signed checkpoint ({} when the chain is empty)."""


class Erased(Answer):
    subject_id: str
    erased: bool
    position: int


# -- public ---------------------------------------------------------------------------------------


class PublicSubject(Answer):
    subject_id: str
    uscc: str | None
    name: str
    kind: str
    sectors: Any
    region: Any
    status: str
    class_: str | None = Field(alias="class")
    score: Number | None
    unrated_reason: str | None
    grade: dict[str, Any] | None
    listings: list[dict[str, Any]]
    records: list[dict[str, Any]]
    objection_marks: list[dict[str, Any]]
    commitments: list[dict[str, Any]]
    as_of: dict[str, Any]


class PublicListEntry(Answer):
    listing_id: str
    subject: dict[str, Any]
    since: Any
    until: Any
    legal_basis: Any
    reasons: Any
    rulebook_version: Any


class PublicList(Answer):
    list: str
    version: dict[str, Any] = Field(description="the list's version, its change time and rulebooks")
    page: int
    size: int
    total: int
    entries: list[PublicListEntry]


class ReportSubject(Answer):
    name: str
    uscc: str | None
    kind: str


class ReportVerified(Answer):
    code: str
    valid: bool
    subject: ReportSubject
    issued_at: str
    format: str
    content_hash: str


class EvidenceStored(Answer):
    evidence_id: str
    name: str
    media_type: str
    sha256: str
    size: int
