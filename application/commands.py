"""Commands as typed values: built once at the edge (the HTTP bodies, validated there by their
pydantic models; the demo, the CLI and the tests build them directly), then taken as they are by
the application services, which check only the rules of the domain (a resident ID identifies a
natural person, the USCC's check character, who may do what)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class RegisterSubject:
    """Register a market subject (登记): its identifier, name, kind, sectors and region."""

    id_type: str  # domain.vocabulary.ID_TYPES
    id: str
    name: str
    kind: str  # domain.vocabulary.KINDS
    sectors: Sequence[str]  # one or more of domain.vocabulary.SECTORS
    region: str  # a 6-digit administrative division code
    accept_failing_check: bool = False  # an administrator's override of the check character
    legal_representative: str | None = None
    address: str | None = None
    org_type: str | None = None

    @classmethod
    def of(cls, fields: dict[str, Any]) -> RegisterSubject:
        """From a body's fields by name (a pydantic body's dump, a test's dict)."""
        return cls(**fields)
