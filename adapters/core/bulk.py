"""Multi-row writes of a page's view rows: one statement a table, whatever the page's size.

On PostgreSQL the rows travel as one array a column (`INSERT … SELECT FROM unnest(…)`, and
`UPDATE … FROM unnest(…)`), as the event store's appends do: psycopg2 renders the arrays in C and
the server parses one short statement, instead of SQLAlchemy processing every parameter of every
row and the server parsing a VALUES list (or one UPDATE a row). JSON values are written with
orjson. Elsewhere (SQLite) these are the plain executemany statements.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Connection, Table, any_, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import ARRAY

Row = Mapping[str, Any]


def _json(value: Any) -> str:
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:  # what orjson refuses (ints beyond 64 bits…): the json module answers
        return json.dumps(value)


_TYPES: dict[tuple[str, str, str], str] = {}


def _sql_type(column: Column[Any], conn: Connection) -> str:
    key = (conn.dialect.name, column.table.name, column.name)
    found = _TYPES.get(key)
    if found is None:
        found = _TYPES[key] = column.type.compile(dialect=conn.dialect)
    return found


def _element(value: Any) -> str:
    """One element of a PostgreSQL array literal (quoted, `\\` and `"` escaped)."""
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "t" if value else "f"
    text = str(value)  # dates and datetimes as ISO 8601 (a space before the time)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _array_literal(values: Sequence[Any]) -> str:
    """The text of an array (`{"a","b",NULL}`): the server parses one literal a column
    instead of an ARRAY[…] expression of one constant a row (a third of the server's work,
    and psycopg2's rendering of such lists costs more than this)."""
    return "{" + ",".join(map(_element, values)) + "}"


def _arrays(
    table: Table, names: Sequence[str], rows: Sequence[Row], conn: Connection
) -> tuple[list[str], list[str]]:
    """(the SQL array type of each column, each column's values as one array literal)."""
    if len(names) == 1:
        columns: list[Sequence[Any]] = [[row[names[0]] for row in rows]]
    else:  # rows → columns in C: one getter call a row, one zip (lists: psycopg2 renders a
        # list as an ARRAY, a tuple as a parenthesised list)
        columns = list(map(list, zip(*map(itemgetter(*names), rows), strict=True)))
    types = []
    for i, name in enumerate(names):
        column = table.c[name]
        types.append(_sql_type(column, conn) + "[]")
        if isinstance(column.type, JSON):
            none_as_null = column.type.none_as_null
            columns[i] = [None if v is None and none_as_null else _json(v) for v in columns[i]]
    return types, [_array_literal(values) for values in columns]


def _arrays_supported(table: Table, names: Sequence[str], conn: Connection) -> bool:
    # unnest() would flatten a column that is itself an array: such tables take the plain path
    return conn.dialect.name == "postgresql" and not any(
        isinstance(table.c[n].type.dialect_impl(conn.dialect), ARRAY) for n in names
    )


def select_in(
    conn: Connection, table: Table, key: str, values: Collection[Any]
) -> list[dict[str, Any]]:
    """The rows whose `key` is one of `values`, as dicts (on PostgreSQL `= ANY(array)`: one
    bound array, not a parameter a value to render and bind)."""
    column = table.c[key]
    if conn.dialect.name == "postgresql":
        among = column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    else:
        among = column.in_(list(values))
    result = conn.execute(select(table).where(among))
    names = list(result.keys())
    return [dict(zip(names, row, strict=True)) for row in result]


def insert_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """INSERT every row (all with the same keys) in one statement."""
    if not rows:
        return
    names = list(rows[0])
    if not _arrays_supported(table, names, conn):
        conn.execute(insert(table), list(rows))
        return
    quote = conn.dialect.identifier_preparer.quote
    types, arrays = _arrays(table, names, rows, conn)
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"SELECT * FROM unnest({', '.join(f'CAST(%s AS {t})' for t in types)})"
    )
    conn.exec_driver_sql(sql, tuple(arrays))


def update_rows(
    conn: Connection,
    table: Table,
    key: str,
    rows: Sequence[Row],
    increments: Sequence[str] = (),
) -> None:
    """UPDATE the row of each `row[key]` with the row's other values, in one statement.

    The columns named in `increments` are added to (`column = column + value`) rather than set.
    Each key must appear once.
    """
    if not rows:
        return
    names = [n for n in rows[0] if n != key]
    if not _arrays_supported(table, [key, *names], conn):
        values = {
            n: table.c[n] + bindparam(f"b_{n}") if n in increments else bindparam(f"b_{n}")
            for n in names
        }
        conn.execute(
            update(table).where(table.c[key] == bindparam(f"b_{key}")).values(values),
            [{f"b_{n}": v for n, v in row.items()} for row in rows],
        )
        return
    quote = conn.dialect.identifier_preparer.quote
    columns = [key, *names]
    types, arrays = _arrays(table, columns, rows, conn)
    aliases = [f"c{i}" for i in range(len(columns))]
    target = quote(table.name)
    sets = ", ".join(
        f"{quote(n)} = {target}.{quote(n)} + v.{a}" if n in increments else f"{quote(n)} = v.{a}"
        for n, a in zip(names, aliases[1:], strict=True)
    )
    sql = (
        f"UPDATE {target} SET {sets} "
        f"FROM unnest({', '.join(f'CAST(%s AS {t})' for t in types)}) AS v({', '.join(aliases)}) "
        f"WHERE {target}.{quote(key)} = v.c0"
    )
    conn.exec_driver_sql(sql, tuple(arrays))
