"""The pre-approval check: one indexed lookup in check_view and one durable check-log write.

On PostgreSQL a single check is ONE round trip: a data-modifying CTE reads the subject's row and
the view's position and appends the check-log row in the same autocommit statement, so the answer
leaves only once its log row is committed (synchronous_commit as the server has it: on). The HTTP
route runs it with asyncpg on the event loop (`single_async`: a pool per event loop, the statement
prepared once per connection, no threadpool hop); other callers use raw psycopg2 connections from a
dedicated autocommit pool (no pre-ping, no reset-on-return, no ORM, no per-request SQL compilation).
A batch is one `= ANY` lookup and one log insert; the insert runs on a log-writer thread while the
answer is built, and the answer waits for its commit. On SQLite the same two statements run in one
transaction.

Staleness: a check answers at the view's tracking position (`as_of.position`); the worker applies a
page within CREDIT_POLL_INTERVAL of a commit (sooner: an in-process save wakes it).
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC
from typing import Any

import asyncpg
import orjson
import psycopg2
from sqlalchemy import Engine, create_engine, insert

from adapters.joint.tables import check_log
from domain.decision import lookup_ids
from domain.errors import InvalidIdentifierError
from domain.identifiers import mask_id_number, validate_resident_id

log = logging.getLogger(__name__)

MAX_BATCH = 10_000
# a row: the identity, then domain.decision.Standing as the view stores it (listings and marks
# are JSON text, read as they are and parsed only when not empty)
_COLS = (
    "subject_id, uscc, display_name, status, lists, grade_class, score, province, targets, "
    "unrated_reason"
)
_TRACKED = "(SELECT position FROM projection_tracking WHERE view = 'check_view')"

PG_SINGLE = """
WITH v AS (
  SELECT {cols}, listings::text AS listings, marks::text AS marks
  FROM check_view WHERE {key} = %(ref)s
), p AS (SELECT coalesce({tracked}, 0) AS position),
ins AS (
  INSERT INTO check_log (check_id, checked_at, key_id, org, org_code, role, matter, kind,
                         all_measures, position, count, subject_ids, answers, unknown)
  SELECT %(check_id)s, %(at)s, %(key_id)s, %(org)s, %(org_code)s, %(role)s, %(matter)s,
         'single', %(all)s, p.position, 1,
         ARRAY(SELECT subject_id::text FROM v),
         (SELECT coalesce(json_agg(json_build_array(
            subject_id, status, grade_class, score,
            (SELECT coalesce(json_agg(l.item ->> 'listing_id' ORDER BY l.n), '[]'::json)
             FROM json_array_elements(v.listings::json) WITH ORDINALITY l(item, n)),
            (SELECT coalesce(json_agg(m.id ORDER BY t.n, m.k), '[]'::json)
             FROM unnest(string_to_array(v.targets, ',')) WITH ORDINALITY t(target, n)
             CROSS JOIN LATERAL json_array_elements_text(coalesce(
                  %(targets)s::json -> (t.target || '|' || v.province),
                  %(targets)s::json -> (t.target || '|*'),
                  '[]'::json)) WITH ORDINALITY m(id, k))
          )), '[]'::json) FROM v),
         CASE WHEN EXISTS (SELECT 1 FROM v) THEN '[]'::json ELSE %(unknown)s::json END
  FROM p
)
SELECT v.subject_id, v.uscc, v.display_name, v.status, v.lists, v.grade_class, v.score,
       v.province, v.targets, v.unrated_reason, v.listings, v.marks, p.position
FROM p LEFT JOIN v ON true
"""
PG_SINGLE_BY_USCC = PG_SINGLE.format(cols=_COLS, key="uscc", tracked=_TRACKED)
PG_SINGLE_BY_ID = PG_SINGLE.format(cols=_COLS, key="subject_id", tracked=_TRACKED)

# asyncpg prepares statements: each parameter gets an explicit type
_PARAM_TYPES = {
    "check_id": "text",
    "at": "timestamptz",
    "key_id": "text",
    "org": "text",
    "org_code": "text",
    "role": "text",
    "matter": "text",
    "all": "boolean",
    "ref": "text",
    "unknown": "text",
    "targets": "text",
}


def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """A psycopg2 statement (`%(name)s`) as asyncpg's (`$n::type`) and its parameter order."""
    names: list[str] = []

    def number(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}::{_PARAM_TYPES[name]}"

    return re.sub(r"%\((\w+)\)s", number, sql), tuple(names)


APG_SINGLE_BY_USCC = numbered(PG_SINGLE_BY_USCC)
APG_SINGLE_BY_ID = numbered(PG_SINGLE_BY_ID)
APG_POOL_SIZE = 20  # connections per worker process and event loop
APG_APPLICATION_NAME = "credit-energy-check"  # how the check's connections show in pg_stat_activity

# the position is read in the same statement (one snapshot), so that a replay at it sees the rows
PG_MANY = (
    f"SELECT {_COLS}, listings::text, marks::text, coalesce({_TRACKED}, 0) FROM check_view "
    "WHERE uscc = ANY(%(usccs)s) OR subject_id = ANY(%(ids)s)"
)
PG_POSITION = f"SELECT coalesce({_TRACKED}, 0)"
PG_LOG = """
INSERT INTO check_log (check_id, checked_at, key_id, org, org_code, role, matter, kind,
                       all_measures, position, count, subject_ids, answers, unknown)
VALUES (%(check_id)s, %(at)s, %(key_id)s, %(org)s, %(org_code)s, %(role)s, %(matter)s,
        %(kind)s, %(all)s, %(position)s, %(count)s, %(subject_ids)s::text[], %(answers)s::json,
        %(unknown)s::json)
"""

LITE_ONE = f"SELECT {_COLS}, listings, marks FROM check_view WHERE {{key}} = ?"
LITE_MANY = (
    f"SELECT {_COLS}, listings, marks, coalesce({_TRACKED}, 0) FROM check_view "
    "WHERE uscc IN (SELECT value FROM json_each(?)) "
    "OR subject_id IN (SELECT value FROM json_each(?))"
)
LITE_POSITION = f"SELECT coalesce({_TRACKED}, 0)"


def _parsed(text: str) -> Any:
    """A JSON column as plain values (most subjects have no listings and no marks), so that the
    answer can be signed in canonical form without another encode/decode pass."""
    return [] if text == "[]" else orjson.loads(text)


def parse_ref(ref: str) -> tuple[bool, str]:
    """(is_subject_id, normalised): a subject_id (UUID) or a USCC."""
    if len(ref) == 36:
        try:
            return True, str(uuid.UUID(ref))
        except ValueError:
            pass
    return False, ref.strip().upper()


def loggable(ref: str) -> str:
    """An unknown ref as the log may keep it: never a resident ID number in clear."""
    try:
        validate_resident_id(ref)
    except InvalidIdentifierError:
        return ref[:40]
    return mask_id_number(ref)


@dataclass(frozen=True)
class Lookup:
    """domain.decision.measure_lookup for one (catalogue version, agency, matter), and its JSON
    text (the single check's statement indexes it by "target|province")."""

    ids: dict[str, list[str]]
    text: str


def _single_params(ref: str, entry: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """The parameters of PG_SINGLE (psycopg2) and APG_SINGLE (asyncpg): the log entry, the ref,
    the ref as the log may keep it if unknown, and the measure lookup."""
    return {
        **entry,
        "ref": ref,
        "unknown": orjson.dumps([loggable(ref)]).decode(),
        "targets": lookup.text,
    }


def logged_answer(row: Sequence[Any], lookup: Lookup) -> list[Any]:
    """What the check log keeps of one subject's answer, for a replay to compare:
    [subject_id, status, class, score, listing_ids, measure_ids] (PG_SINGLE computes the same in
    SQL, by indexing the same lookup)."""
    sid, status, grade_class, score, province, targets, listings = (
        row[0], row[3], row[5], row[6], row[7], row[8], row[10]
    )  # fmt: skip
    if not targets and listings == "[]":  # most subjects
        return [sid, status, grade_class, score, [], []]
    items = orjson.loads(listings) if isinstance(listings, str | bytes) else listings
    return [
        sid,
        status,
        grade_class,
        score,
        [i["listing_id"] for i in items],
        lookup_ids(lookup.ids, targets.split(",") if targets else [], province),
    ]


async def _no_session_state(conn: Any) -> None:
    return None


class CheckStore:
    """The two statements of a check, per dialect."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self._pool: Engine | None = None
        # asyncpg pools belong to one event loop: one per loop that checks (uvicorn has one per
        # process; each test client has its own)
        self._apools: dict[asyncio.AbstractEventLoop, asyncio.Task[Any]] = {}
        self._dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._log_writer = ThreadPoolExecutor(max_workers=4, thread_name_prefix="check-log")
        if self.postgres:
            self._pool = create_engine(
                engine.url,
                pool_size=20,
                max_overflow=20,
                isolation_level="AUTOCOMMIT",
                pool_pre_ping=False,
                pool_reset_on_return=None,
            )

    def close(self) -> None:
        self._log_writer.shutdown(wait=True)
        if self._pool is not None:
            self._pool.dispose()
        for loop in list(self._apools):
            self._drop(loop)

    async def aclose(self) -> None:
        """Close the current event loop's asyncpg pool (the app's lifespan ends on that loop)."""
        task = self._apools.pop(asyncio.get_running_loop(), None)
        if task is None:
            return
        try:
            pool = await task
        except Exception:  # it never opened: nothing to close
            log.debug("asyncpg pool had not opened", exc_info=True)
            return
        try:
            await asyncio.wait_for(pool.close(), 5)
        except Exception:
            log.warning("asyncpg pool did not close in time; terminated", exc_info=True)
            pool.terminate()

    def _drop(self, loop: asyncio.AbstractEventLoop) -> None:
        task = self._apools.pop(loop, None)
        if task is not None and task.done() and not task.cancelled() and not task.exception():
            try:
                task.result().terminate()
            except Exception:  # the loop is gone: its sockets go with the process
                log.debug("asyncpg pool of a closed loop not terminated", exc_info=True)

    async def _create_pool(self) -> Any:
        # no reset query on release (asyncpg's default is a round trip per check): the check's
        # statement changes no session state (no SET, LISTEN, advisory lock or open transaction;
        # an open transaction would still be rolled back by asyncpg)
        return await asyncpg.create_pool(
            self._dsn,
            min_size=1,
            max_size=APG_POOL_SIZE,
            reset=_no_session_state,
            server_settings={"application_name": APG_APPLICATION_NAME},
        )

    async def _apool(self) -> Any:
        loop = asyncio.get_running_loop()
        task = self._apools.get(loop)
        if task is None:
            for other in [other for other in self._apools if other.is_closed()]:
                self._drop(other)
            task = loop.create_task(self._create_pool())
            self._apools[loop] = task
        try:
            return await task
        except Exception:
            if self._apools.get(loop) is task:
                del self._apools[loop]
            raise

    async def single_async(
        self, by_id: bool, ref: str, entry: dict[str, Any], lookup: Lookup
    ) -> tuple[Any, int]:
        """`single` on PostgreSQL without leaving the event loop: same statement, same commit."""
        sql, names = APG_SINGLE_BY_ID if by_id else APG_SINGLE_BY_USCC
        params = _single_params(ref, entry, lookup)
        args = [params[name] for name in names]
        pool = await self._apool()
        for attempt in (1, 2):
            try:
                async with pool.acquire() as conn:
                    row = await conn.fetchrow(sql, *args)
                break
            except (
                asyncpg.PostgresConnectionError,
                asyncpg.InterfaceError,
                # a connection the server ended, taken from the pool while asyncpg was still
                # processing its end: "cannot switch to state …; another operation is in
                # progress", raised before the statement is sent
                asyncpg.InternalClientError,
                OSError,
            ):
                if attempt == 2:
                    raise
                log.warning("check connection lost; retrying on a fresh one")
        return (row if row[0] is not None else None), int(row[12])

    def _pg(self, sql: str, params: dict[str, Any], fetch: str) -> Any:
        assert self._pool is not None
        for attempt in (1, 2):
            conn = self._pool.raw_connection()
            try:
                cur = conn.cursor()
                cur.execute(sql, params)
                out = (
                    cur.fetchone() if fetch == "one" else cur.fetchall() if fetch == "all" else None
                )
                cur.close()
                return out
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                if attempt == 2:
                    raise
                log.warning("check connection lost; retrying on a fresh one")
                conn.invalidate()
            finally:
                conn.close()
        return None

    def single(
        self, by_id: bool, ref: str, entry: dict[str, Any], lookup: Lookup
    ) -> tuple[Any, int]:
        """The row (or None) and the view position; the log row is committed with it."""
        if self.postgres:
            params = _single_params(ref, entry, lookup)
            row = self._pg(PG_SINGLE_BY_ID if by_id else PG_SINGLE_BY_USCC, params, "one")
            return (row if row[0] is not None else None), int(row[12])
        with self.engine.begin() as conn:
            key = "subject_id" if by_id else "uscc"
            row = conn.exec_driver_sql(LITE_ONE.format(key=key), (ref,)).first()
            position = int(conn.exec_driver_sql(LITE_POSITION).scalar() or 0)
            self._lite_log(
                conn,
                entry,
                position,
                [row[0]] if row else [],
                [logged_answer(row, lookup)] if row else [],
                [] if row else [loggable(ref)],
            )
        return row, position

    def many(self, usccs: list[str], ids: list[str]) -> tuple[list[Any], int]:
        """The rows and the view position they were read at (one statement: one snapshot)."""
        if self.postgres:
            rows = self._pg(PG_MANY, {"usccs": usccs, "ids": ids}, "all")
            if not rows:
                return [], int(self._pg(PG_POSITION, {}, "one")[0])
            return rows, int(rows[0][12])
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                LITE_MANY, (orjson.dumps(usccs).decode(), orjson.dumps(ids).decode())
            ).all()
            if not rows:
                return [], int(conn.exec_driver_sql(LITE_POSITION).scalar() or 0)
        return list(rows), int(rows[0][12])

    def append_log(
        self,
        entry: dict[str, Any],
        position: int,
        subject_ids: list[str],
        answers: list[list[Any]],
        unknown: list[str],
    ) -> None:
        if self.postgres:
            self._pg(
                PG_LOG,
                {
                    **entry,
                    "position": position,
                    "subject_ids": subject_ids,
                    "answers": orjson.dumps(answers).decode(),
                    "unknown": orjson.dumps(unknown).decode(),
                },
                "none",
            )
            return
        with self.engine.begin() as conn:
            self._lite_log(conn, entry, position, subject_ids, answers, unknown)

    def append_log_soon(
        self,
        entry: dict[str, Any],
        position: int,
        subject_ids: list[str],
        answers: list[list[Any]],
        unknown: list[str],
    ) -> Future[None]:
        """`append_log` started on PostgreSQL's log-writer thread (a batch's log row is large: it
        is written while the caller builds the answer, and the caller waits on the result before
        answering); on SQLite it runs now."""
        args = (entry, position, subject_ids, answers, unknown)
        if self.postgres:
            return self._log_writer.submit(self.append_log, *args)
        done: Future[None] = Future()
        self.append_log(*args)
        done.set_result(None)
        return done

    @staticmethod
    def _lite_log(
        conn: Any,
        entry: dict[str, Any],
        position: int,
        subject_ids: list[str],
        answers: list[list[Any]],
        unknown: list[str],
    ) -> None:
        conn.execute(
            insert(check_log).values(
                check_id=entry["check_id"],
                checked_at=entry["at"].astimezone(UTC),
                key_id=entry["key_id"],
                org=entry["org"],
                org_code=entry["org_code"],
                role=entry["role"],
                matter=entry["matter"],
                kind=entry["kind"],
                all_measures=entry["all"],
                position=position,
                count=entry["count"],
                subject_ids=subject_ids,
                answers=answers,
                unknown=unknown,
            )
        )
