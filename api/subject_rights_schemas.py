"""Request bodies of objections, repairs, reviewers' decisions and shielding (API.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from api.schemas import Strict

Grounds = Literal[
    "error", "incomplete", "duplicate", "not_public", "past_period", "mismatch", "secret_or_privacy"
]


class InlineEvidence(Strict):
    name: str = Field(min_length=1, max_length=200)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


Evidence = list[str | InlineEvidence]


class ObjectionBody(Strict):
    record_id: str | None = Field(None, min_length=1, max_length=128)
    listing_id: str | None = Field(None, min_length=1, max_length=64)
    grounds: Grounds
    statement: str = Field(min_length=1, max_length=8000)
    evidence: Evidence = Field(default_factory=list, max_length=50)


class RepairBody(Strict):
    record_id: str | None = Field(None, min_length=1, max_length=128)
    listing_id: str | None = Field(None, min_length=1, max_length=64)
    # missing commitment or evidence are unmet conditions, reported with the others
    commitment: str = Field("", max_length=8000)
    evidence: Evidence = Field(default_factory=list, max_length=50)


class ObjectionDecisionBody(Strict):
    outcome: Literal["upheld", "rejected"]
    reasons: str = Field(min_length=1, max_length=8000)
    revoke: bool = False
    correction: dict[str, Any] = Field(default_factory=dict)


class RepairDecisionBody(Strict):
    action: Literal["accept", "reject", "approve", "extend"]
    reasons: str = Field("", max_length=8000)


class ShieldBody(Strict):
    statement: str = Field(min_length=1, max_length=8000)
    court_decision_no: str = Field(min_length=1, max_length=200)


def evidence_refs(items: Evidence) -> list[Any]:
    return [item if isinstance(item, str) else item.model_dump() for item in items]
