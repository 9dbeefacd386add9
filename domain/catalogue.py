"""The credit information catalogue (信用信息目录): the kinds of record and what each needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from domain.errors import InvalidInputError, UnknownCatalogueCodeError

Polarity = Literal["positive", "negative", "neutral"]
Tier = Literal["light", "general", "serious"]
# 信息使用范围 0 / 1 / 2: public, shared between agencies only, authorised query only.
Visibility = Literal["public", "agencies", "authorised"]
Category = Literal["licence", "penalty", "list", "other"]

POLARITIES: tuple[str, ...] = get_args(Polarity)
TIERS: tuple[str, ...] = get_args(Tier)
VISIBILITIES: tuple[str, ...] = get_args(Visibility)
CATEGORIES: tuple[str, ...] = get_args(Category)

CONTENT_PREFIX = "content."


def _check_choice(value: object, allowed: tuple[str, ...], field: str) -> None:
    if value not in allowed:
        raise InvalidInputError(f"{field} must be one of {', '.join(allowed)}", field=field)


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name_zh: str
    polarity: Polarity
    default_tier: Tier | None
    visibility: Visibility
    required_fields: tuple[str, ...]
    category: str  # licence | penalty | list | other: which 双公示 column, if any
    repairable: bool = True

    def __post_init__(self) -> None:
        if not self.code or not self.name_zh:
            raise InvalidInputError("a catalogue entry needs a code and a name_zh", field="code")
        _check_choice(self.polarity, POLARITIES, "polarity")
        if self.default_tier is not None:
            _check_choice(self.default_tier, TIERS, "default_tier")
        _check_choice(self.visibility, VISIBILITIES, "visibility")
        _check_choice(self.category, CATEGORIES, "category")


def _is_missing(record: Mapping[str, Any], field: str) -> bool:
    if field.startswith(CONTENT_PREFIX):
        nested = record.get("content")
        if not isinstance(nested, Mapping):
            return True
        record, field = nested, field.removeprefix(CONTENT_PREFIX)
    value = record.get(field)
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Catalogue:
    version: str
    entries: dict[str, CatalogueEntry]

    def __post_init__(self) -> None:
        for code, entry in self.entries.items():
            if code != entry.code:
                raise InvalidInputError(f"entry {entry.code!r} filed under {code!r}", field="code")

    def entry(self, code: str) -> CatalogueEntry:
        try:
            return self.entries[code]
        except KeyError:
            raise UnknownCatalogueCodeError(
                f"unknown catalogue code {code!r} in catalogue {self.version}",
                field="catalogue_code",
            ) from None

    def validate_record(
        self, code: str, tier: str | None, content: Mapping[str, Any]
    ) -> list[tuple[str, str]]:
        """Every (field, message) problem of a record; empty when it is acceptable.

        `content` is the record's payload: top-level fields (decision_no, decided_on, ...) and
        a nested "content" mapping holding the fields required as `content.<name>`.
        An unknown code is reported as a `catalogue_code` problem, not raised.
        """
        if code not in self.entries:
            return [("catalogue_code", f"unknown catalogue code {code!r}")]
        entry = self.entries[code]
        errors: list[tuple[str, str]] = []
        if tier is not None and tier not in TIERS:
            errors.append(("tier", f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}"))
        elif tier is None and entry.default_tier is None and entry.polarity == "negative":
            errors.append(("tier", f"a {code} record needs a tier"))
        errors.extend(
            (field, f"{field} is required for {code}")
            for field in entry.required_fields
            if _is_missing(content, field)
        )
        return errors
