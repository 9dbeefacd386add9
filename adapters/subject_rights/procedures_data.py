"""Loads policy/procedures/<version>.yaml: objection and repair deadlines, non-repairable rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from adapters.policy_data.loader import POLICY_DIR, _get, _strings, load_versioned
from domain.policy import PolicyHistory
from domain.procedures import NonRepairableRule, ProcedureRules


def parse_procedures(doc: dict[str, Any]) -> ProcedureRules:
    rules = []
    for raw in _get(doc, "non_repairable", list):
        rules.append(
            NonRepairableRule(
                rule_id=_get(raw, "rule_id", str),
                reason=_get(raw, "reason", str),
                catalogue_codes=_strings(raw.get("catalogue_codes", []), "catalogue_codes"),
                sectors=_strings(raw.get("sectors", []), "sectors"),
                tiers=_strings(raw.get("tiers", []), "tiers"),
            )
        )
    return ProcedureRules(
        objection_review_days=_get(doc, "objection_review_working_days", int),
        repair_accept_days=_get(doc, "repair_accept_working_days", int),
        repair_decide_days=_get(doc, "repair_decide_working_days", int),
        repair_extension_days=_get(doc, "repair_extension_working_days", int),
        repair_extensions_allowed=_get(doc, "repair_extensions_allowed", int),
        reminder_days=_get(doc, "reminder_working_days", int),
        evidence_max_bytes=_get(doc, "evidence_max_bytes", int),
        non_repairable=tuple(rules),
    )


def load_procedures(policy_dir: Path | None = None) -> PolicyHistory[ProcedureRules]:
    return load_versioned("procedures", parse_procedures, policy_dir or POLICY_DIR)
