"""Request bodies as the contract (API.md) names them; pydantic gives precise 422s per field."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.vocabulary import Sector, SubjectKind

Kind = SubjectKind


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommitmentBody(Strict):
    kind: Literal["access", "repair", "general", "industry"] = "general"
    text: str = Field(min_length=1, max_length=4000)


class AccessCommitment(Strict):
    """A credit commitment made at registration (信用承诺, access): kind defaults to access."""

    kind: Literal["access"] = "access"
    text: str = Field(min_length=1, max_length=4000)


class RegisterSubject(Strict):
    id_type: Literal["uscc", "resident_id"]
    id: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    kind: Kind
    sectors: list[Sector] = Field(min_length=1)
    region: str = Field(pattern=r"^\d{6}$")
    accept_failing_check: bool = False
    legal_representative: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=300)
    commitment: AccessCommitment | None = None


class RecordBody(Strict):
    record_id: str = Field(min_length=1, max_length=128)
    catalogue_code: str = Field(min_length=1, max_length=64)
    tier: Literal["light", "general", "serious"] | None = None
    decision_no: str | None = Field(None, max_length=200)
    decided_on: date
    legal_basis: str | None = Field(None, max_length=2000)
    summary: str | None = Field(None, max_length=4000)
    content: dict[str, Any] = Field(default_factory=dict)


class RevokeBody(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class CorrectBody(Strict):
    changes: dict[str, Any]
    reason: str = Field(min_length=1, max_length=2000)


class ClockBody(Strict):
    now: str


class ListingDecisionBody(Strict):
    action: Literal["confirm", "cancel"]
    reasons: str = Field(min_length=1, max_length=4000)


class InspectionDrawBody(Strict):
    sector: Sector | None = None
    region: str | None = Field(None, pattern=r"^\d{2,6}$")
    seed: str = Field(min_length=1, max_length=128)
