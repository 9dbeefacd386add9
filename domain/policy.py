"""A generic history of policy versions, each in force from its effective date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Generic, TypeVar

from domain.errors import InvalidInputError, NoPolicyInForceError, UnknownPolicyVersionError

T = TypeVar("T")


@dataclass(frozen=True)
class Versioned(Generic[T]):
    version: str
    effective_from: date
    value: T


class PolicyHistory(Generic[T]):
    """Versions ordered by effective date; the one in force on a day is the latest started."""

    def __init__(self, versions: Iterable[Versioned[T]]) -> None:
        ordered = sorted(versions, key=lambda v: v.effective_from)
        names = [v.version for v in ordered]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise InvalidInputError(f"version {repeated[0]!r} given twice", field="version")
        for previous, current in pairwise(ordered):
            if previous.effective_from == current.effective_from:
                raise InvalidInputError(
                    f"versions {previous.version!r} and {current.version!r} both take effect "
                    f"on {current.effective_from}",
                    field="effective_from",
                )
        self._versions = ordered

    def in_force(self, on: date) -> Versioned[T]:
        started = [v for v in self._versions if v.effective_from <= on]
        if not started:
            raise NoPolicyInForceError(
                f"no policy version in force on {on}", field="effective_from"
            )
        return started[-1]

    def by_version(self, version: str) -> Versioned[T]:
        for v in self._versions:
            if v.version == version:
                return v
        raise UnknownPolicyVersionError(f"unknown policy version {version!r}", field="version")

    def latest(self) -> Versioned[T]:
        if not self._versions:
            raise NoPolicyInForceError("no policy version loaded", field="version")
        return self._versions[-1]

    def versions(self) -> list[Versioned[T]]:
        return list(self._versions)
