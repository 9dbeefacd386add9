"""Request bodies as the contract (API.md) names them; pydantic gives precise 422s per field."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["legal_person", "other_org", "individual_business", "natural_person"]
Sector = Literal["power", "coal", "oil_gas", "new_energy", "other"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
