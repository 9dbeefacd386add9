"""Loads and validates the rulebooks under `policy/rulebook/` (and draft bodies to simulate)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from adapters.policy_data.loader import POLICY_DIR, _get, load_versioned
from domain.policy import PolicyHistory
from domain.rulebook import (
    BlackRule,
    Evaluation,
    ListRule,
    ListRules,
    NegativeModule,
    PositiveModule,
    RecencyBand,
    Rulebook,
    SourceRule,
)

Number = (int, float)


def _num(doc: Any, key: str) -> float:
    value = _get(doc, key, Number)
    if isinstance(value, bool):
        raise ValueError(f"{key!r} must be a number")
    return float(value)


def _int(doc: Any, key: str) -> int:
    return int(_get(doc, key, int))


def _names(doc: Any, key: str) -> tuple[str, ...]:
    values = _get(doc, key, list)
    if not all(isinstance(v, str) for v in values):
        raise ValueError(f"{key!r} must be a list of strings")
    return tuple(values)


def _points(doc: Any, key: str) -> dict[str, float]:
    raw = _get(doc, key, dict)
    out: dict[str, float] = {}
    for name, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, Number):
            raise ValueError(f"{key}.{name} must be a number")
        out[str(name)] = float(value)
    return out


def _list_rule(doc: Any) -> ListRule:
    return ListRule(
        notice_working_days=_int(doc, "notice_working_days"),
        duration_months=_int(doc, "duration_months"),
        legal_basis=_get(doc, "legal_basis", str),
        removal_conditions=_names(doc, "removal_conditions"),
        term=_get(doc, "term", str),
    )


def _lists(doc: Any) -> ListRules:
    black, focus, red = (_get(doc, k, dict) for k in ("black", "focus", "red"))
    rules = []
    for raw in _get(black, "rules", list):
        tier = raw.get("tier") if isinstance(raw, dict) else None
        if tier is not None and not isinstance(tier, str):
            raise ValueError("a black rule's tier is a name or null")
        rules.append(BlackRule(_get(raw, "id", str), _names(raw, "codes"), tier))
    if not rules:
        raise ValueError("lists.black.rules: at least one rule")
    return ListRules(
        black=_list_rule(black),
        black_rules=tuple(rules),
        focus=_list_rule(focus),
        focus_general_count=_int(focus, "general_count"),
        focus_window_months=_int(focus, "window_months"),
        focus_on_commitment_breach=bool(_get(focus, "commitment_breach", bool)),
        focus_rectify_months=_int(focus, "rectify_months"),
        escalate_after_listings=_int(focus, "escalate_after_listings"),
        escalate_window_months=_int(focus, "escalate_window_months"),
        red=_list_rule(red),
        red_clean_months=_int(red, "clean_months"),
        red_lookback_months={
            name: _int(_get(red, "lookback_months", dict), name) for name in ("black", "focus")
        },
    )


def parse_rulebook(doc: dict[str, Any]) -> Rulebook:
    negative = _get(doc, "negative", dict)
    positive = _get(doc, "positive", dict)
    score = _get(doc, "score", dict)
    evaluation = _get(doc, "evaluation", dict)
    overrides = doc.get("sector_overrides") or {}
    if not isinstance(overrides, dict):
        raise ValueError("sector_overrides must be a mapping")
    return Rulebook(
        version=str(_get(doc, "version", str)),
        base=_num(score, "base"),
        negative=NegativeModule(
            cap=_num(negative, "cap"),
            deductions=_points(negative, "deductions"),
            untiered=_num(negative, "untiered"),
            commitment_breached=_num(negative, "commitment_breached"),
            sources=tuple(
                SourceRule(_get(s, "source", str), _names(s, "match"), _num(s, "factor"))
                for s in _get(negative, "sources", list)
            ),
            recency=tuple(
                RecencyBand(_int(b, "within_months"), _num(b, "factor"))
                for b in _get(negative, "recency", list)
            ),
            older_factor=_num(negative, "older_factor"),
        ),
        positive=PositiveModule(
            cap=_num(positive, "cap"),
            honour_codes=_names(positive, "honour_codes"),
            honour=_num(positive, "honour"),
            commitment_kept=_num(positive, "commitment_kept"),
            evaluation_code=_get(positive, "evaluation_code", str),
            good_evaluations=_names(positive, "good_evaluations"),
            good_evaluation=_num(positive, "good_evaluation"),
            red_list=_num(positive, "red_list"),
            commitment_kinds=_names(positive, "commitment_kinds"),
        ),
        class_floors=_points(doc, "classes"),
        serious_dishonesty_codes=_names(doc, "serious_dishonesty_codes"),
        sector_overrides={
            str(sector): _points(raw, "deductions") for sector, raw in overrides.items()
        },
        lists=_lists(_get(doc, "lists", dict)),
        sampling=_points(_get(doc, "supervision", dict), "sampling"),
        evaluation=Evaluation(
            min_file_months=_int(evaluation, "min_file_months"),
            evidence=_names(evaluation, "evidence"),
        ),
    )


def load_rulebooks(policy_dir: Path = POLICY_DIR) -> PolicyHistory[Rulebook]:
    """Every `rulebook/*.yaml`, validated; call once at start-up."""
    return load_versioned("rulebook", parse_rulebook, policy_dir)
