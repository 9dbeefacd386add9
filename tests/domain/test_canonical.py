"""Canonical JSON is json.dumps(sort_keys, compact, not ASCII-escaped) as UTF-8, byte for byte,
whichever way it is written: every stored record hash and every signed receipt was made so."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.canonical import canonical_json, canonical_json_of_answer


def reference(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_canonical_json_writes_the_reference_bytes_of_any_json_value(value: Any):
    assert canonical_json(value) == reference(value)
    assert canonical_json_of_answer(value) == reference(value)


@pytest.mark.parametrize("value", [1e-7, 0.00001, {"score": -2e-5}, ["3e-5", 1e16], 2**70])
def test_floats_orjson_writes_otherwise_and_big_integers_come_out_as_json_writes_them(value: Any):
    assert canonical_json(value) == canonical_json_of_answer(value) == reference(value)


def test_nan_is_refused_unless_allowed_as_record_bodies_were_hashed():
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})
    assert canonical_json({"x": float("nan")}, allow_nan=True) == b'{"x":NaN}'
