"""The event store's transcoder and compressor.

The transcoder: the library's JSON format, written and read with orjson.

The stored bytes stay exactly what `eventsourcing.persistence.JSONTranscoder` reads and writes
(typed values as `{"_type_": name, "_data_": ...}`), so stores written before and after this
transcoder are read alike by both. What changes is speed: orjson parses in C without a Python
object hook per dict, and typed values are put back afterwards by a breadth-first walk that stops
as soon as it has found as many as the raw bytes name (a snapshot's few datetimes sit at its top,
above hundreds of records that are then never visited).

The compressor: large states (snapshots of long files: ~750 KB of JSON at 1,000 records) are
stored zlib-compressed (~60 KB) behind a mark; every other state is stored as before. Stores
written before it read unchanged; a snapshot written with it needs this compressor to be read.
"""

from __future__ import annotations

import re
import zlib
from collections import deque
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Compressor, JSONTranscoder

TYPE_KEY = b'"_type_"'
ALL = 1 << 62
COMPRESS_FROM = 16 * 1024  # bytes of encoded state
# never the first bytes of a JSON text (states are objects: `{`)
ZLIB_MARK = b"\x00z"
# dates, datetimes and dataclasses (a file's typed parts in snapshots) through `default`, as
# the library's encoder sends them: each to its transcoding
ENCODE_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# orjson writes UUID objects itself (as plain strings): seeing one of these in the output means
# the input may have held a UUID, which must be written as a typed value instead
# the JSON escape of NUL, not preceded by an escaped backslash (an odd run of backslashes)
_NUL = re.compile(rb"(?<!\\)((?:\\\\)*)\\u0000")
UUID_TEXT = re.compile(rb'"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"')


def _holds_uuid(obj: Any) -> bool:
    stack = [obj]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
        elif isinstance(item, UUID):
            return True
    return False


class FastJSONTranscoder(JSONTranscoder):
    def encode(self, obj: Any) -> bytes:
        try:
            data = orjson.dumps(obj, default=self._encode_obj, option=ENCODE_OPTIONS)
            if UUID_TEXT.search(data) is not None and _holds_uuid(obj):
                data = orjson.dumps(
                    self._typed_uuids(obj), default=self._encode_obj, option=ENCODE_OPTIONS
                )
        except TypeError:
            # what orjson refuses and json accepts (non-str keys, NaN, huge ints), or a type
            # without a transcoding: the library's encoder answers, or raises its own error
            return super().encode(obj)
        return data

    def decode(self, data: bytes) -> Any:
        if b"\\u0000" in data:
            # NUL, stored before the input policy refused it: read as U+FFFD, so that no view
            # (PostgreSQL text cannot hold NUL) and no answer ever meets one
            data = _NUL.sub(rb"\1\\ufffd", data)
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError:
            return super().decode(data)
        expected = data.count(TYPE_KEY)
        if expected:
            obj = self._restore(obj, expected)
        return obj

    def _typed_uuids(self, obj: Any) -> Any:
        if isinstance(obj, UUID):
            return self._encode_obj(obj)
        if isinstance(obj, dict):
            return {k: self._typed_uuids(v) for k, v in obj.items()}
        if isinstance(obj, list | tuple):
            return [self._typed_uuids(v) for v in obj]
        return obj

    def _typed(self, value: Any) -> bool:
        return type(value) is dict and len(value) == 2 and "_type_" in value and "_data_" in value

    def _restore(self, obj: Any, expected: int) -> Any:
        """Replace typed dicts by their values, breadth first, until `expected` were seen."""
        if self._typed(obj):
            return self._decode_typed(obj)
        found = 0
        queue: deque[Any] = deque([obj])
        while queue:
            container = queue.popleft()
            # assigning to existing keys or indexes while iterating is safe
            pairs = container.items() if type(container) is dict else enumerate(container)
            for key, value in pairs:
                kind = type(value)
                if kind is dict:
                    if self._typed(value):
                        container[key] = self._decode_typed(value)
                        found += 1
                        if found >= expected:
                            return obj
                    else:
                        queue.append(value)
                elif kind is list:
                    queue.append(value)
        return obj

    def _decode_typed(self, value: dict[str, Any]) -> Any:
        data = value["_data_"]
        if type(data) is dict or type(data) is list:
            # typed values inside a typed value's data (no transcoding of ours has any): restore
            # every one, as the library's object hook would, bottom-up
            data = self._restore(data, ALL)
        transcoding = self.names.get(value["_type_"])
        if transcoding is None:  # the library's error for a name without a transcoding
            return self._decode_obj({"_type_": value["_type_"], "_data_": data})
        return transcoding.decode(data)  # what `_decode_obj` returns, without its lookups


class LargeStateCompressor(Compressor):
    """zlib for large states only (snapshots of long files), marked so that every state stored
    without compression, before or since, reads as it is: small events gain little from zlib
    and would pay for it on every write and read."""

    def compress(self, data: bytes) -> bytes:
        if len(data) < COMPRESS_FROM:
            return data
        return ZLIB_MARK + zlib.compress(data, 1)

    def decompress(self, data: bytes) -> bytes:
        if data[:2] == ZLIB_MARK:
            return zlib.decompress(data[2:])
        return data
