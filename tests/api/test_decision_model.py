"""The decision model in `make test`: a bounded number of generated histories on SQLite.

The model (tests/api/decision_model.py) proves that the check, the batch check, notices, as-of
replays, check replays and rebuilt views all give the answer of `domain.decision.decide`.
`bench/model_soak.py` runs the same machine long on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.api.decision_model import DecisionModel
from tests.conftest import Harness, _harness, make_settings, sqlite_copy


@pytest.fixture
def model(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> type[DecisionModel]:
    def fresh() -> Iterator[Harness]:
        where = tmp_path_factory.mktemp("model")
        yield from _harness(make_settings(sqlite_copy(sqlite_template, where), where))

    class Model(DecisionModel):
        harness_factory = staticmethod(fresh)

    return Model


def test_every_output_gives_the_decision_over_generated_histories(model: type[DecisionModel]):
    case = model.TestCase
    case.settings = settings(
        max_examples=12,
        stateful_step_count=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    case().runTest()
