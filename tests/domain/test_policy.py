from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidInputError, NoPolicyInForceError, UnknownPolicyVersionError
from domain.policy import PolicyHistory, Versioned

OLD = Versioned("2019-07", date(2019, 7, 1), "old")
NEW = Versioned("2026-04", date(2026, 4, 1), "new")


def test_the_version_in_force_is_the_latest_that_has_taken_effect() -> None:
    history = PolicyHistory([NEW, OLD])
    assert history.in_force(date(2026, 3, 31)) == OLD
    assert history.in_force(date(2026, 4, 1)) == NEW


def test_no_version_is_in_force_before_the_first_takes_effect() -> None:
    with pytest.raises(NoPolicyInForceError, match="2019-06-30"):
        PolicyHistory([OLD, NEW]).in_force(date(2019, 6, 30))


def test_versions_are_listed_in_order_of_effective_date_and_latest_is_the_last() -> None:
    history = PolicyHistory([NEW, OLD])
    assert history.versions() == [OLD, NEW]
    assert history.latest() == NEW


def test_a_version_recorded_on_a_decision_can_be_looked_up_for_replay() -> None:
    assert PolicyHistory([OLD, NEW]).by_version("2019-07").value == "old"


def test_looking_up_an_unknown_version_fails_naming_it() -> None:
    with pytest.raises(UnknownPolicyVersionError, match="2023-01"):
        PolicyHistory([OLD, NEW]).by_version("2023-01")


def test_an_empty_history_has_no_latest_version() -> None:
    with pytest.raises(NoPolicyInForceError):
        PolicyHistory[str]([]).latest()


def test_a_version_name_cannot_be_used_twice() -> None:
    with pytest.raises(InvalidInputError, match="given twice"):
        PolicyHistory([OLD, Versioned("2019-07", date(2020, 1, 1), "again")])


def test_two_versions_cannot_take_effect_on_the_same_day() -> None:
    with pytest.raises(InvalidInputError, match="both take effect"):
        PolicyHistory([NEW, Versioned("2026-04b", date(2026, 4, 1), "rival")])
