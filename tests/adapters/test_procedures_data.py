"""Procedure deadlines are dated policy data, validated at start-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from adapters.policy_data.loader import PolicyDataError
from adapters.subject_rights.procedures_data import load_procedures


def test_the_procedures_in_force_give_the_order_36_repair_deadlines():
    rules = load_procedures().in_force(date(2026, 6, 1))
    assert rules.version == "2026-04"
    value = rules.value
    assert (value.repair_accept_days, value.repair_decide_days, value.repair_extension_days) == (
        3,
        7,
        10,
    )
    assert value.repair_extensions_allowed == 1 and value.objection_review_days == 10


def test_a_procedures_file_with_a_zero_deadline_is_refused(tmp_path: Path):
    folder = tmp_path / "procedures"
    folder.mkdir()
    (folder / "x.yaml").write_text(
        "kind: procedures\nversion: x\neffective_from: 2026-04-01\n"
        "objection_review_working_days: 0\nrepair_accept_working_days: 3\n"
        "repair_decide_working_days: 7\nrepair_extension_working_days: 10\n"
        "repair_extensions_allowed: 1\nreminder_working_days: 2\nevidence_max_bytes: 10\n"
        "non_repairable: []\n"
    )
    with pytest.raises(PolicyDataError, match="objection_review_days"):
        load_procedures(tmp_path)
