"""What every text, number and structure from outside must be (the edge applies these rules to
each request body, batch row, CSV cell and query parameter; reads use `clip_depth` and `scrub`
on whatever was stored before the rules existed)."""

from __future__ import annotations

import math
import re
from typing import Any

# integers every backend keeps exactly (a JSON number read as a double: SQLite's JSON, JavaScript)
MAX_SAFE_INTEGER = 2**53 - 1
MAX_DEPTH = 32  # nesting of any JSON body
MAX_CONTENT_DEPTH = 16  # nesting below a record's `content`
MAX_CONTENT_BYTES = 64 * 1024  # a record's `content` as UTF-8 JSON
CLIP_DEPTH = MAX_DEPTH  # reads show nothing deeper (nothing deeper is accepted any more)
CLIPPED = "…"  # what stands for a structure nested deeper than CLIP_DEPTH

# C0 and C1 controls and DEL, except tab, newline and carriage return (text may hold lines)
_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# names and identifiers: no control at all, and no bidirectional embedding, override or isolate
# (U+202A–U+202E, U+2066–U+2069: a name that displays other than it reads)
_STRICT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_STRICT_KEYS = frozenset(
    {"id", "ids", "uscc", "subject", "subjects", "org", "organiser", "officer", "title", "code"}
)
_STRICT_SUFFIXES = ("name", "_id", "_ids", "_no", "_code", "legal_representative")


def is_strict_field(key: str) -> bool:
    """A name or an identifier (held to `_STRICT`), by the field's own name."""
    return key in _STRICT_KEYS or key.endswith(_STRICT_SUFFIXES)


def text_problem(value: str, strict: bool = False) -> str | None:
    """Why `value` is refused, or None."""
    if value.isprintable():  # nothing either rule refuses is printable (a fast test in C)
        return None
    found = (_STRICT if strict else _TEXT).search(value)
    if found is None:
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        return "is not valid Unicode (a lone surrogate)"
    if char == "\x00":
        return "must not contain NUL (U+0000)"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"must not contain the bidirectional control U+{ord(char):04X}"
    return f"must not contain the control character U+{ord(char):04X}"


def number_problem(value: int | float) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            return f"integers must lie within ±{MAX_SAFE_INTEGER} (send larger ones as text)"
        return None
    if not math.isfinite(value):
        return "must be a finite number"
    return None


def scrub(text: str) -> str:
    """A stored text as views may keep it: NUL (which PostgreSQL text cannot hold) as U+FFFD."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def clip_depth(value: Any, limit: int = CLIP_DEPTH) -> Any:
    """`value` with every dict or list nested deeper than `limit` replaced by CLIPPED (a copy
    only where something was clipped; shallow values come back as they are)."""
    if not _deeper_than(value, limit):
        return value
    return _clipped(value, limit)


def _deeper_than(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        kind = type(item)
        if kind is dict:
            children: Any = item.values()
        elif kind is list or kind is tuple:
            children = item
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _clipped(value: Any, limit: int) -> Any:
    if type(value) not in (dict, list, tuple):
        return value
    if limit <= 0:
        return CLIPPED
    if type(value) is dict:
        return {k: _clipped(v, limit - 1) for k, v in value.items()}
    return [_clipped(v, limit - 1) for v in value]
