"""The input policy at the edge: every JSON body, batch row, CSV cell, query parameter and path
meets `domain.input_rules` before any route or command sees it.

`InputPolicy` (ASGI middleware) parses each JSON body once with the standard library's parser
(the one FastAPI then uses, so both read the same values), refusing what a backend would not keep
(NaN, Infinity, integers beyond ±(2^53 − 1), lone surrogates), NUL and other controls, bidirectional
controls in names and identifiers, and nesting deeper than MAX_DEPTH (a record's `content`: its
own depth and size limits). A refused request is answered as a problem naming each field, after
the route's own authentication (a missing or invalid key is 401 first, a role outside the route
403), and nothing behind the edge runs. Batch routes call `parse_json` / `refusals` per row.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.input_rules import (
    MAX_CONTENT_BYTES,
    MAX_CONTENT_DEPTH,
    MAX_DEPTH,
    MAX_SAFE_INTEGER,
    is_strict_field,
    number_problem,
    text_problem,
)

MAX_ERRORS = 20
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
Errors = list[tuple[str, str]]


class InputRefusedError(Exception):
    """Input the policy refuses: `errors` names each (field, message)."""

    def __init__(self, status: int, detail: str, errors: Errors, kind: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.kind = kind


class _Refused:
    """A number the parser read but the policy refuses (reported with its field by the walk)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_NOT_FINITE = _Refused("must be a finite number (NaN and Infinity are not JSON)")
_TOO_LARGE = _Refused(f"integers must lie within ±{MAX_SAFE_INTEGER} (send larger ones as text)")


def _int(text: str) -> int | _Refused:
    if len(text) > 17:  # more digits than any safe integer (and int() limits digit counts)
        return _TOO_LARGE
    value = int(text)
    return _TOO_LARGE if abs(value) > MAX_SAFE_INTEGER else value


def _float(text: str) -> float | _Refused:
    value = float(text)
    return value if math.isfinite(value) else _NOT_FINITE


def _constant(_: str) -> _Refused:
    return _NOT_FINITE


def parse_json(raw: bytes | str) -> Any:
    """The JSON text as values, numbers the policy refuses standing as markers for `refusals`.
    Raises InputRefusedError (400) when it is not JSON at all."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except UnicodeDecodeError:
        raise _malformed("the body is not UTF-8") from None
    except json.JSONDecodeError as e:
        raise _malformed(f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise InputRefusedError(
            422,
            f"nested deeper than {MAX_DEPTH} levels",
            [("body", f"at most {MAX_DEPTH} levels of nesting")],
            "validation",
        ) from None


def _malformed(message: str) -> InputRefusedError:
    return InputRefusedError(400, message, [("body", message)], "malformed-json")


def refusals(value: Any, root: str = "") -> Errors:
    """Every (field, message) the policy refuses in a parsed JSON value."""
    errors: Errors = []
    for field, message in _walk(value, root):
        errors.append((field or "body", message))
        if len(errors) >= MAX_ERRORS:
            break
    return errors


def _walk(value: Any, root: str) -> Iterator[tuple[str, str]]:
    # (value, field path, depth, the nearest key, depth at which a `content` began or -1)
    stack: list[tuple[Any, str, int, str, int]] = [(value, root, 0, root, -1)]
    while stack:
        item, path, depth, key, content_at = stack.pop()
        kind = type(item)
        if kind is str:
            problem = text_problem(item, is_strict_field(key))
            if problem:
                yield path, problem
        elif kind is _Refused:
            yield path, item.message
        elif kind is int or kind is float:
            problem = number_problem(item)
            if problem:
                yield path, problem
        elif kind is dict or kind is list:
            if depth >= MAX_DEPTH:
                yield path, f"at most {MAX_DEPTH} levels of nesting"
                continue
            if content_at >= 0 and depth - content_at > MAX_CONTENT_DEPTH:
                yield path, f"content may nest at most {MAX_CONTENT_DEPTH} levels"
                continue
            if kind is dict:
                for name, child in item.items():
                    problem = text_problem(name, True)
                    child_path = f"{path}.{name}" if path else name
                    if problem:
                        yield child_path, f"field name {problem}"
                        continue
                    starts = content_at
                    if name == "content" and content_at < 0 and type(child) is dict:
                        starts = depth + 1
                        yield from _content_size(child, child_path)
                    stack.append((child, child_path, depth + 1, name, starts))
            elif all(type(child) is str for child in item) and (
                text_problem(" ".join(item), is_strict_field(key)) is None
            ):
                continue  # a list of texts, all fine (checked as one: ids, sectors…)
            else:
                for i, child in enumerate(item):
                    stack.append(
                        (child, f"{path}.{i}" if path else str(i), depth + 1, key, content_at)
                    )


def _content_size(content: dict[str, Any], path: str) -> Iterator[tuple[str, str]]:
    try:
        size = len(json.dumps(content, ensure_ascii=False, default=str).encode("utf-8", "replace"))
    except (RecursionError, ValueError):
        return  # too deep: the walk names that
    if size > MAX_CONTENT_BYTES:
        yield path, f"at most {MAX_CONTENT_BYTES} bytes as JSON ({size} sent)"


def check_body(body: bytes) -> None:
    """Raise InputRefusedError unless the JSON body meets the policy."""
    checked(parse_json(body))


def checked(value: Any, root: str = "") -> Any:
    """`value` if the policy admits it; else InputRefusedError (422) naming each field."""
    errors = refusals(value, root)
    if errors:
        raise refused(errors)
    return value


def refused(errors: Errors) -> InputRefusedError:
    detail = "; ".join(f"{f}: {m}" for f, m in errors)
    return InputRefusedError(422, detail, errors, "validation")


def text_refusals(values: Iterator[tuple[str, str]]) -> Errors:
    """(field, message) for each (field, text) the policy refuses (names and identifiers are
    held to the strict rule by their field's name)."""
    errors: Errors = []
    for field, text in values:
        problem = text_problem(text, is_strict_field(field.rsplit(".", 1)[-1]))
        if problem:
            errors.append((field, problem))
    return errors


def query_refusals(scope: Scope) -> Errors:
    """Query parameters and the path: texts like any other (held to the strict rule: they are
    identifiers, names and search terms)."""
    errors: Errors = []
    path = scope.get("path", "")
    if not path.isprintable():  # ASCII and CJK paths are; controls and bidi marks are not
        problem = text_problem(path, True)
        if problem:
            errors.append(("path", problem))
    query = scope.get("query_string") or b""
    if b"%" in query:
        try:
            pairs = parse_qsl(
                query.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict"
            )
        except (UnicodeDecodeError, ValueError):
            return [*errors, ("query", "is not valid UTF-8")]
        for name, value in pairs:
            problem = text_problem(name, True)
            if problem:
                errors.append(("query", problem))
                continue
            problem = text_problem(value, True)
            if problem:
                errors.append((name, problem))
    return errors


def is_json(content_type: str | None) -> bool:
    if content_type is None:
        return False  # FastAPI (strict_content_type) reads a body without a type as bytes
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


STATE_KEY = "input_refused"


def pending_refusal(request: Request) -> InputRefusedError | None:
    """The refusal the edge found in this request, if any (raised after authentication)."""
    state = request.scope.get("state")
    return state.get(STATE_KEY) if isinstance(state, dict) else None


def _has_key_check(route: Any) -> bool:
    dependant = getattr(route, "dependant", None)
    return dependant is not None and next(_auth_calls(dependant), None) is not None


def _auth_calls(dependant: Any) -> Iterator[Any]:
    for dep in dependant.dependencies:
        if getattr(dep.call, "roles", None) is not None:
            yield dep.call
        yield from _auth_calls(dep)


async def enforce(request: Request) -> None:
    """The app-wide dependency that refuses what the edge found, on routes without a key check
    (a route with one refuses it in `api.auth.require`, once the key and role are known)."""
    refusal = pending_refusal(request)
    if refusal is not None and not _has_key_check(request.scope.get("route")):
        raise refusal


class InputPolicy:
    """Applies the policy to every HTTP request before the app sees it. A request it refuses
    goes on to the route without its body and marked, so that the route's authentication
    answers first (401, 403) and then the refusal (`enforce`, `api.auth.require`): nothing
    behind the route's dependencies runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        errors = query_refusals(scope)
        if errors:
            await self._refuse(scope, refused(errors), receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if scope["method"] not in BODY_METHODS or not (is_json(_header(headers, b"content-type"))):
            await self.app(scope, receive, send)
            return
        body, messages = await _read(receive)
        if body:
            try:
                check_body(body)
            except InputRefusedError as e:
                await self._refuse(scope, e, receive, send)
                return
        await self.app(scope, _replay(messages, receive), send)

    async def _refuse(
        self, scope: Scope, error: InputRefusedError, receive: Receive, send: Send
    ) -> None:
        scope.setdefault("state", {})[STATE_KEY] = error
        await self.app(scope, _without_body(receive), send)


def _header(headers: dict[bytes, bytes], name: bytes) -> str | None:
    value = headers.get(name)
    return None if value is None else value.decode("latin-1")


async def _read(receive: Receive) -> tuple[bytes, list[Message]]:
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """The body read, as one message, then whatever the client sends next."""
    pending = list(messages)
    if pending and pending[-1]["type"] == "http.request":
        body = b"".join(m.get("body", b"") for m in pending)
        pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


def _without_body(receive: Receive) -> Receive:
    sent = False

    async def empty() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return await receive()

    return empty
