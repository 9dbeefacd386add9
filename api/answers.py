"""What the routes answer, as models: /docs and the OpenAPI show every answer's schema.

Field names are API.md's (binding). An answer may carry more than its model names (the contract
allows added fields), so every model lets further fields through unchanged. Routes that build
their answer as a dict are validated against these; the hot paths (the check, the batch check)
return their pre-serialised bytes and only document the model (`responses=`), so nothing is
validated per request there.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


# -- providers ------------------------------------------------------------------------------------


class SubjectRegistered(Answer):
    subject_id: str
    uscc: str | None = Field(description="None for a natural person")
    position: int


class Publicity(Answer):
    from_: str = Field(alias="from")
    min_until: str
    max_until: str


class RecordAccepted(Answer):
    record_id: str
    subject_id: str
    position: int
    publicity: Publicity


class FieldError(Answer):
    field: str
    message: str


class RowRejected(Answer):
    row: int
    errors: list[FieldError]


class BatchOutcome(Answer):
    accepted: int
    duplicates: int
    rejected: list[RowRejected]
    position: int


class RecordChanged(Answer):
    record_id: str
    status: str = Field(description="revoked | corrected | shielded")
    position: int


# -- subjects -------------------------------------------------------------------------------------


class ObjectionFiled(Answer):
    objection_id: str
    due_by: str
    position: int


class RepairFiled(Answer):
    repair_id: str
    accept_by: str
    commitment_id: str
    position: int


class CommitmentMade(Answer):
    commitment_id: str


# -- reviewers ------------------------------------------------------------------------------------


class ObjectionDecided(Answer):
    objection_id: str
    outcome: str
    position: int


class RepairDecided(Answer):
    repair_id: str
    status: str
    accept_by: str
    decide_by: str | None
    position: int


# -- subscribers ----------------------------------------------------------------------------------


class SubscriptionCreated(Answer):
    subscription_id: str
    secret: str = Field(description="whsec_…: shown once")


# -- auditors -------------------------------------------------------------------------------------


class StoredEvent(Answer):
    position: int
    version: int
    type: str
    recorded_at: str
    data: dict[str, Any]


class ChainVerified(Answer):
    ok: bool
    checked: int
    head: str | None


# -- agencies: the check (documented only: answered as signed bytes) ------------------------------


class SubjectRef(Answer):
    subject_id: str | None = None
    uscc: str | None = None
    name: str | None = None


class ListingInForce(Answer):
    listing_id: str
    list: str
    since: str | None = None
    until: str | None = None
    basis_record_ids: list[str] = []
    legal_basis: str | None = None
    term_rule: str | None = None


class MeasureShown(Answer):
    measure_id: str
    list: str | None = None
    class_: str | None = Field(None, alias="class")
    agency: str
    matter: str
    action: str
    legal_basis: str | None = None


class ObjectionMark(Answer):
    record_id: str | None = None
    listing_id: str | None = None
    objection_id: str
    since: str


class CheckItem(Answer):
    """One subject's check: status black | focus | red | clear (black wins over focus, focus
    over red), or unknown (a batch's id naming no subject)."""

    subject: SubjectRef | str | None = None
    status: str
    class_: str | None = Field(None, alias="class")
    score: float | None = None
    unrated_reason: str | None = None
    listings: list[ListingInForce] = []
    measures: list[MeasureShown] = []
    objection_marks: list[ObjectionMark] = []
    as_of: dict[str, Any] | None = None


class CheckAnswer(CheckItem):
    check_id: str


class CheckBatchAnswer(Answer):
    check_id: str
    results: list[CheckItem]


# -- files -----------------------------------------------------------------------------------------


class SubjectFile(Answer):
    """A subject's file as the caller may see it (records with their publicity state and
    objection marks, listings, commitments, status and class)."""

    subject_id: str
    uscc: str | None
    id_type: str
    id: str = Field(description="a natural person's ID number masked")
    name: str
    kind: str
    sectors: list[str]
    region: str
    registered_at: str
    version: int
    records: list[dict[str, Any]]
    commitments: list[dict[str, Any]]
    listings: list[dict[str, Any]]
    status: str
    class_: str | None = Field(None, alias="class")
    score: float | int | None = None  # as stored: never coerced
    unrated_reason: str | None = None
    grade: dict[str, Any] | None = None
    objection_marks: list[dict[str, Any]] = []


class OwnFile(SubjectFile):
    """The subject's own full file (GET /v1/me): non-public records, its cases and deadlines."""

    objections: list[dict[str, Any]] = []
    repairs: list[dict[str, Any]] = []
    open_cases: list[dict[str, Any]] = []
    deadlines: list[dict[str, Any]] = []


class ListingDecided(Answer):
    listing_id: str
    subject_id: str
    status: str
    position: int


# -- subscriptions --------------------------------------------------------------------------------


class Subscription(Answer):
    subscription_id: str
    url: str
    filter: dict[str, Any]
    status: str
    disabled_reason: str | None = None
    cursor: int
    created_at: str
    batch_size: int | None = None


class Subscriptions(Answer):
    subscriptions: list[Subscription]


class SecretRotated(Answer):
    subscription_id: str
    secret: str
    previous_secret_valid_until: str


class ReplayStarted(Subscription):
    from_sequence: int


class Deliveries(Answer):
    deliveries: list[dict[str, Any]]
    next: str


class Feed(Answer):
    events: list[dict[str, Any]] = Field(description="CloudEvents, structured mode")
    next: str


# -- public and operations ------------------------------------------------------------------------


class PublicSearch(Answer):
    q: str
    page: int
    size: int
    has_more: bool
    subjects: list[dict[str, Any]]


class Health(Answer):
    status: str


class ClockSet(Answer):
    now: str


class SweepsRun(Answer):
    now: str
    sweeps: Any


class Keys(Answer):
    keys: list[dict[str, Any]]


def documented(model: type[BaseModel], status: int = 200) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that answers a Response of its own: the schema, unvalidated."""
    return {status: {"model": model, "description": "Successful Response"}}
