"""The orjson transcoder reads the library's JSON format exactly as the library does."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)

from adapters.core.transcoder import FastJSONTranscoder
from application.credit_files import DateAsISO


def registered(transcoder: JSONTranscoder) -> JSONTranscoder:
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


def test_typed_values_anywhere_decode_as_the_librarys_transcoder_decodes_them():
    library, fast = registered(JSONTranscoder()), registered(FastJSONTranscoder())
    state = {
        "timestamp": datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
        "record_id": "NEA-2026-0001",
        "content": {"on": date(2026, 5, 20), "amount": Decimal("1.50"), "text": '"_type_"'},
        "basis": [uuid.UUID(int=7), {"when": [date(2026, 1, 2)]}],
    }
    data = library.encode(state)
    assert fast.decode(data) == library.decode(data) == state


def test_a_type_name_without_a_transcoding_is_refused_as_the_library_refuses_it():
    data = b'{"timestamp": {"_type_": "no_such_type", "_data_": "x"}}'
    with pytest.raises(TranscodingNotRegisteredError):
        registered(JSONTranscoder()).decode(data)
    with pytest.raises(TranscodingNotRegisteredError):
        registered(FastJSONTranscoder()).decode(data)
