"""A bounded schemathesis run in the test suite: every operation of the OpenAPI fuzzed with an
admin key and with an agency key (valid requests and requests that break the schema), and no
answer is a server error or contradicts the OpenAPI. The long run is `bench/fuzz.py`."""

from __future__ import annotations

import pytest

from tests.api.support import COMPANY, PENALTY, USCC
from tests.conftest import Harness
from tests.fuzzing import fuzz

# valid and invalid requests per operation and key
EXAMPLES = {"sqlite": (5, 2), "postgres": (15, 5)}


@pytest.mark.slow
def test_fuzzing_every_operation_finds_no_server_error_and_no_answer_against_the_openapi(
    harness: Harness, request: pytest.FixtureRequest
):
    provider = harness.key("provider")
    assert harness.client.post("/v1/subjects", json=COMPANY, headers=provider).status_code == 201
    r = harness.client.post(f"/v1/subjects/{USCC}/records", json=PENALTY, headers=provider)
    assert r.status_code == 201
    harness.catch_up()
    keys = {
        "admin": harness.key("admin", org="资质中心"),
        "agency": harness.key("agency", org="国家发展和改革委员会"),
    }
    backend = request.node.callspec.params["database_url"]
    valid, invalid = EXAMPLES[backend]
    report = fuzz(harness.client, keys, valid, negative=invalid)
    print(report.summary())
    assert report.operations >= 60
    assert report.server_errors == 0, "\n".join(map(str, report.findings))
    assert report.findings == [], "\n".join(map(str, report.findings))
