"""Red, black and focus listings with due process: proposed (事先告知), listed, delisted.

A listing is a dict in `self.listings` keyed by listing_id:
    {"listing_id", "list", "status": proposed|cancelled|listed|delisted, "rule_id",
     "rulebook_version", "reasons", "basis_record_ids", "legal_basis", "proposed_at",
     "objection_deadline", "until", "removal_conditions", "since", "ended": {"reason", "on"} | None,
     "held_by": objection_id | None, "term_rule", "replaces": listing_id | None}

`term_rule` is the list's term rule in the rulebook the listing was proposed under (TERM_RULES);
`replaces` names the focus listing an escalation to the black list replaces: that one stays
listed until this one is (then it ends "escalated"), or for good when this one is cancelled.
Both fields came later: events stored before them load with the defaults (the term then ran
from the listing decision, and an escalation ended the focus listing at once). Dicts of files
snapshotted before them lack the keys: read them with `.get`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart
from domain.errors import ConflictError, DomainError, NotFoundError
from domain.time import event_instant, service_day
from domain.vocabulary import LISTS

DELIST_REASONS = ("expired", "basis_revoked", "repaired", "escalated", "decision")


class NoBasisRecordError(DomainError):
    """No listing without an active basis record (red listings may rest on the grade alone)."""


class UnknownListingError(NotFoundError):
    pass


class ListingStateError(ConflictError):
    pass


class Listings(SubjectPart):
    if TYPE_CHECKING:
        listings: dict[str, dict[str, Any]]
        records: dict[str, dict[str, Any]]

    def listing(self, listing_id: str) -> dict[str, Any]:
        try:
            return self.listings[listing_id]
        except KeyError:
            raise UnknownListingError(f"no listing {listing_id}", field="listing_id") from None

    def open_listings(self, list_name: str | None = None) -> list[dict[str, Any]]:
        return [
            item
            for item in self.listings.values()
            if item["status"] in ("proposed", "listed")
            and (list_name is None or item["list"] == list_name)
        ]

    def propose_listing(
        self,
        listing_id: str,
        list_name: str,
        rule_id: str,
        rulebook_version: str,
        reasons: list[str],
        basis_record_ids: list[str],
        legal_basis: str,
        objection_deadline: str,
        until: str | None,
        removal_conditions: list[str],
        term_rule: str = "from_listing",
        replaces: str | None = None,
    ) -> None:
        if list_name not in LISTS:
            raise DomainError(f"list must be one of {', '.join(LISTS)}", field="list")
        if listing_id in self.listings:
            return  # proposing the same listing again changes nothing
        if list_name != "red":
            active = [
                rid
                for rid in basis_record_ids
                if rid in self.records and self.records[rid]["status"] == "active"
            ]
            if not basis_record_ids or len(active) != len(basis_record_ids):
                raise NoBasisRecordError(
                    "a listing needs active basis records", field="basis_record_ids"
                )
        self._listing_proposed(
            listing_id=listing_id,
            list=list_name,
            rule_id=rule_id,
            rulebook_version=rulebook_version,
            reasons=list(reasons),
            basis_record_ids=list(basis_record_ids),
            legal_basis=legal_basis,
            objection_deadline=objection_deadline,
            until=until,
            removal_conditions=list(removal_conditions),
            term_rule=term_rule,
            replaces=replaces,
        )

    @event("ListingProposed")
    def _listing_proposed(
        self,
        listing_id: str,
        list: str,
        rule_id: str,
        rulebook_version: str,
        reasons: list[str],
        basis_record_ids: list[str],
        legal_basis: str,
        objection_deadline: str,
        until: str | None,
        removal_conditions: list[str],
        term_rule: str = "from_listing",
        replaces: str | None = None,
    ) -> None:
        self.listings[listing_id] = {
            "listing_id": listing_id,
            "list": list,
            "status": "proposed",
            "rule_id": rule_id,
            "rulebook_version": rulebook_version,
            "reasons": reasons,
            "basis_record_ids": basis_record_ids,
            "legal_basis": legal_basis,
            "proposed_at": self.modified_on.isoformat(),
            "objection_deadline": objection_deadline,
            "until": until,
            "removal_conditions": removal_conditions,
            "since": None,
            "ended": None,
            "held_by": None,
            "term_rule": term_rule,
            "replaces": replaces,
        }

    def cancel_listing(self, listing_id: str, reasons: str, by: str) -> None:
        item = self.listing(listing_id)
        if item["status"] != "proposed":
            raise ListingStateError(f"listing {listing_id} is {item['status']}", "listing_id")
        self._listing_cancelled(listing_id=listing_id, reasons=reasons, by=by)

    @event("ListingCancelled")
    def _listing_cancelled(self, listing_id: str, reasons: str, by: str) -> None:
        self.listings[listing_id]["status"] = "cancelled"
        self.listings[listing_id]["ended"] = {"reason": "cancelled", "reasons": reasons}

    def confirm_listing(
        self, listing_id: str, until: str | None, by: str, on: str | None = None
    ) -> None:
        """At window close (or on the reviewer's confirmation): the subject is listed; a focus
        listing this one replaces ends now (`on`: the service day), not before."""
        item = self.listing(listing_id)
        if item["status"] == "listed":
            return
        if item["status"] != "proposed":
            raise ListingStateError(f"listing {listing_id} is {item['status']}", "listing_id")
        if item["held_by"]:
            raise ListingStateError(
                f"listing {listing_id} is held by objection {item['held_by']}", "listing_id"
            )
        self._listed(
            listing_id=listing_id,
            list=item["list"],
            until=until if until is not None else item["until"],
            basis_record_ids=item["basis_record_ids"],
            legal_basis=item["legal_basis"],
            removal_conditions=item["removal_conditions"],
            rulebook_version=item["rulebook_version"],
            by=by,
            term_rule=item.get("term_rule") or "from_listing",
        )
        replaced = item.get("replaces")
        if replaced and replaced in self.listings:
            self.delist(replaced, "escalated", on or service_day(event_instant()).isoformat())

    @event("Listed")
    def _listed(
        self,
        listing_id: str,
        list: str,
        until: str | None,
        basis_record_ids: list[str],
        legal_basis: str,
        removal_conditions: list[str],
        rulebook_version: str,
        by: str,
        term_rule: str = "from_listing",
    ) -> None:
        item = self.listings[listing_id]
        item["status"] = "listed"
        item["since"] = self.modified_on.isoformat()
        item["until"] = until
        item["term_rule"] = term_rule

    def delist(self, listing_id: str, reason: str, on: str) -> None:
        item = self.listing(listing_id)
        if item["status"] != "listed":
            return  # delisting twice (two sweeps, a repair after expiry) changes nothing
        if reason not in DELIST_REASONS:
            raise DomainError(f"reason must be one of {', '.join(DELIST_REASONS)}", "reason")
        self._delisted(listing_id=listing_id, list=item["list"], reason=reason, on=on)

    @event("Delisted")
    def _delisted(self, listing_id: str, list: str, reason: str, on: str) -> None:
        item = self.listings[listing_id]
        item["status"] = "delisted"
        item["ended"] = {"reason": reason, "on": on}
