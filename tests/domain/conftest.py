from __future__ import annotations

import pytest

from domain.calendar import WorkingCalendar
from tests.domain.policy_values import YEAR_2025, YEAR_2026


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar([YEAR_2025, YEAR_2026])
