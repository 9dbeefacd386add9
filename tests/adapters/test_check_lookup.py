"""The single check logs the measures the decision names, on both paths (PostgreSQL's one
statement indexes `measure_lookup` in SQL; SQLite's reads it in Python), for any memorandum."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from adapters.joint.check_store import CheckStore, Lookup
from adapters.joint.tables import check_log, check_view
from api.bootstrap import Services
from domain.decision import CLASSED, STATUS_ORDER, lookup_ids, measure_lookup, measures_for
from domain.measures import MATTERS, Measure, MeasureCatalogue

AGENCIES = ("国家能源局", "财政部", "国家能源局华北监管局")
PROVINCES = ("11", "12", "35", "44", "99", "")
TARGETS = (*STATUS_ORDER, *CLASSED)


@st.composite
def catalogues(draw: Any) -> MeasureCatalogue:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(TARGETS),
                st.sampled_from(AGENCIES),
                st.sampled_from(MATTERS[:3]),
                st.lists(st.sampled_from(PROVINCES[:4]), max_size=2, unique=True),
            ),
            min_size=1,
            max_size=12,
        )
    )
    measures = tuple(
        Measure(
            measure_id=f"M-{i}",
            agency=agency,
            matter=matter,
            stage="pre_approval",
            action="措施",
            legal_basis="依据",
            duration="期间",
            list=target if target in STATUS_ORDER else None,
            grade_class=target if target in CLASSED else None,
            regions=tuple(regions),
        )
        for i, (target, agency, matter, regions) in enumerate(rows)
    )
    return MeasureCatalogue(f"P-{uuid.uuid4().hex[:8]}", date(2026, 1, 1), measures)


targets_of = st.lists(st.sampled_from(TARGETS), max_size=3, unique=True)
agencies = st.sampled_from((None, *AGENCIES))
matters = st.sampled_from((None, *MATTERS[:3]))


@settings(max_examples=300, deadline=None)
@given(catalogues(), targets_of, st.sampled_from(PROVINCES), agencies, matters)
def test_the_lookup_the_sql_indexes_names_the_measures_of_the_decision(
    catalogue: MeasureCatalogue,
    targets: list[str],
    province: str,
    agency: str | None,
    matter: str | None,
):
    lookup = measure_lookup(catalogue, agency, matter)
    expected = [m.measure_id for m in measures_for(catalogue, targets, province, agency, matter)]
    assert lookup_ids(lookup, targets, province) == expected


def test_the_single_checks_log_names_the_measures_of_the_decision(services: Services):
    store = CheckStore(services.engine)
    service = services.checks
    try:
        _logged_measures_agree(services, store, service)
    finally:
        store.close()


def _logged_measures_agree(services: Services, store: CheckStore, service: Any) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(catalogues(), targets_of, st.sampled_from(PROVINCES), agencies, matters)
    def check(
        catalogue: MeasureCatalogue,
        targets: list[str],
        province: str,
        agency: str | None,
        matter: str | None,
    ) -> None:
        sid = str(uuid.uuid4())
        with services.engine.begin() as conn:
            conn.execute(delete(check_view))
            conn.execute(
                insert(check_view).values(
                    subject_id=sid,
                    uscc=None,
                    kind="legal_person",
                    display_name="某公司",
                    status="clear",
                    lists="",
                    listings=[],
                    marks=[],
                    position=1,
                    region=province + "0000",
                    province=province,
                    targets=",".join(targets),
                )
            )
        ids = measure_lookup(catalogue, agency, matter)
        lookup = Lookup(ids, orjson.dumps(ids).decode())
        entry = service._entry(service_actor(), matter, agency is None, "single", 1, NOW)
        row, _ = store.single(True, sid, entry, lookup)
        assert row is not None
        with services.engine.connect() as conn:
            answers = conn.execute(
                select(check_log.c.answers).where(check_log.c.check_id == entry["check_id"])
            ).scalar_one()
        expected = [
            m.measure_id for m in measures_for(catalogue, targets, province, agency, matter)
        ]
        assert answers[0][5] == expected

    check()


NOW = datetime(2026, 6, 1, 1, tzinfo=UTC)


def service_actor() -> Any:
    from application.ports import Actor

    return Actor(role="agency", org="国家能源局", key_id="k-1")
