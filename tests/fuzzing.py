"""A schemathesis run against the app in this process (ASGI): every operation of the OpenAPI,
generated requests for each key given, every answer checked for a server error and against the
OpenAPI (status code, media type, body schema, headers). Used by the fuzz test in `make test`
(bounded) and by `bench/fuzz.py` (long)."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import hypothesis.errors
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# valid requests, and requests that break the schema (each must be a clear 4xx)
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@dataclass
class Finding:
    operation: str
    role: str
    status: int | None
    problem: str
    request: str

    def __str__(self) -> str:
        return f"{self.operation} as {self.role}: {self.status} {self.problem}\n    {self.request}"


@dataclass
class FuzzReport:
    requests: int = 0
    operations: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def summary(self) -> str:
        codes = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"{self.requests} requests, {self.operations} operations, {len(self.findings)} "
            f"findings, {self.server_errors} server errors in {self.seconds:.1f} s ({codes})"
        )


def fuzz(
    client: Any,
    keys: dict[str, dict[str, str]],
    examples: int,
    *,
    negative: int | None = None,
    seed: int = 14,
    budget_seconds: float | None = None,
    skip: frozenset[str] = frozenset(),
) -> FuzzReport:
    """Fuzz every operation (but those in `skip`, as "METHOD /path") of the app behind `client`
    (a TestClient) with each key in `keys` (role → headers): `examples` valid requests and
    `negative` (default: as many) that break the schema, per key. Stops past `budget_seconds`.
    Invalid requests cost several times more to generate (many drawn turn out valid)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    report = FuzzReport()
    started = time.monotonic()
    counts = (examples, examples if negative is None else negative)
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if label in skip:
            continue
        if budget_seconds is not None and time.monotonic() - started > budget_seconds:
            break
        report.operations += 1
        for mode, count in zip(MODES, counts, strict=True):
            if count:
                _run(client, operation, label, keys, count * len(keys), seed, report, mode)
    report.seconds = time.monotonic() - started
    return report


def _run(
    client: Any,
    operation: Any,
    label: str,
    keys: dict[str, dict[str, str]],
    examples: int,
    seed: int,
    report: FuzzReport,
    mode: GenerationMode,
) -> None:
    """One hypothesis run of an operation in one mode, each request with one of the keys."""
    seen: set[tuple[str, str]] = set()  # one finding of each kind per operation and role

    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.seed(seed)
    @hypothesis.given(
        case=operation.as_strategy(generation_mode=mode), role=st.sampled_from(sorted(keys))
    )
    def run(case: Any, role: str) -> None:
        # through the test's own client (one for the whole run, not one per request)
        kwargs = case.as_transport_kwargs(headers=keys[role])
        if not kwargs.get("cookies"):
            kwargs.pop("cookies", None)  # per-request cookies: deprecated by httpx
        if isinstance(kwargs.get("data"), bytes | str):
            kwargs["content"] = kwargs.pop("data")  # raw bodies: httpx's `content`
        response = client.request(**kwargs)
        report.requests += 1
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Failure, FailureGroup) as error:
            failures = error.exceptions if isinstance(error, FailureGroup) else (error,)
            for failure in failures:
                problem = f"{failure.title}: {failure.message}".strip()[:400]
                if (role, failure.title) not in seen:
                    seen.add((role, failure.title))
                    request = (
                        f"{case.method} {case.formatted_path} query={case.query} "
                        f"body={case.body!r} -> {response.text[:200]}"
                    )
                    report.findings.append(
                        Finding(label, role, response.status_code, problem, request[:800])
                    )

    # Unsatisfiable: nothing of this operation can be made invalid (no parameters, no body)
    with contextlib.suppress(hypothesis.errors.Unsatisfiable):
        run()
