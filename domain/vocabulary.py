"""The service's words, named once: the lists, the sectors, the classes, the kinds of subject.

A list wins the status over the lists after it (`LISTS` is in that order: black over focus,
focus over red; a subject on none is clear). The `Literal` types are the same words for the
HTTP layer's schemas; the tuples are derived from them, so the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

ListName = Literal["black", "focus", "red"]
Sector = Literal["power", "coal", "oil_gas", "new_energy", "other"]
SubjectKind = Literal["legal_person", "other_org", "individual_business", "natural_person"]
IdType = Literal["uscc", "resident_id"]

LISTS: tuple[str, ...] = get_args(ListName)  # in the order in which a list wins the status
SECTORS: tuple[str, ...] = get_args(Sector)
KINDS: tuple[str, ...] = get_args(SubjectKind)
ID_TYPES: tuple[str, ...] = get_args(IdType)
CLASSES = ("A", "B", "C", "D")
CLEAR = "clear"  # the status of a subject on no list


def winning_lists(on: Iterable[str]) -> tuple[str, ...]:
    """The lists a subject is on, the winning one first."""
    held = set(on)
    return tuple(name for name in LISTS if name in held)


def status_of(on: Iterable[str]) -> str:
    """The status the lists give: the winning list, or clear."""
    lists = winning_lists(on)
    return lists[0] if lists else CLEAR


# the public feed's item types (API.md, "Subscribers and the feed")
FeedType = Literal[
    "listing.created",
    "listing.removed",
    "record.published",
    "record.corrected",
    "record.retracted",
    "record.expired",
    "class.changed",
    "objection.filed",
    "objection.resolved",
    "subscription.disabled",
]
FEED_TYPES: tuple[str, ...] = get_args(FeedType)
