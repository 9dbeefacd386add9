"""Read queries behind the public portal and the public JSON endpoints: public information only.

Every query reads read models: the core views, grade_view and list_versions (grades and lists),
objection_marks (objections), notices and notice_feedback (joint measures), checkpoints (the hash
chain). Search by name uses the indexes suited to Chinese text that migrations 0108 and 0109 build
(pg_trgm, and the 1–2 character grams, on PostgreSQL; FTS5 trigram on SQLite).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import (
    Engine,
    String,
    cast,
    func,
    inspect,
    literal_column,
    select,
    text,
)

from adapters.audit.tables import checkpoints
from adapters.files.tables import commitment_view, list_entries, record_view, subject_summary
from adapters.grading.tables import grade_view, list_versions
from adapters.joint.tables import check_view
from adapters.portal.figures import PortalFigures
from adapters.portal.queries import (
    BUCKETS,
    STATS_TTL,
    UNRATED,
    USCC_RE,
    UUID_RE,
    Page,
    T,
    _iso,
    _like_escape,
    _row,
    public_record_conditions,
)
from adapters.subject_rights.tables import objection_marks
from domain.vocabulary import CLASSES, LISTS

log = logging.getLogger(__name__)

__all__ = ["BUCKETS", "CLASSES", "LISTS", "UNRATED", "USCC_RE", "Page", "PortalReads"]


class PortalReads(PortalFigures):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.has_fts = self.dialect == "sqlite" and inspect(engine).has_table("subject_name_fts")
        self._cache: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._refreshing: set[str] = set()
        # list -> (its version, expires, its entries with their subjects' sectors and region)
        self._lists: dict[str, tuple[int | None, float, list[tuple[str, str, str]]]] = {}

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """The figure computed at most STATS_TTL ago. Once it is older, the request still gets
        it while one background thread recomputes it (an aggregate over a million rows takes
        seconds, longer than a page may); only the very first request of a key computes."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
            stale = hit is not None and hit[0] <= now and key not in self._refreshing
            if stale:
                self._refreshing.add(key)
        if hit is None:
            value = compute()
            with self._lock:
                self._cache[key] = (time.monotonic() + STATS_TTL, value)
            return value
        if stale:
            threading.Thread(
                target=self._refresh, args=(key, compute), name=f"portal-{key}", daemon=True
            ).start()
        return hit[1]  # type: ignore[no-any-return]

    def warm(self, today: date, sectors: Iterable[str]) -> None:
        """Compute every cached figure once, so that no visitor waits for the first computation
        (the served app runs this in a daemon thread at start-up)."""
        figures: list[Callable[[], Any]] = [
            self.grades_by_sector,
            self.listings_by_month,
            lambda: self.public_records_by_category(today),
            lambda: self.notice_figures(today),
            self.grade_distribution,
            *(partial(self.grade_distribution, sector) for sector in sectors),
        ]
        for figure in figures:
            try:
                figure()
            except Exception:  # a visitor's request computes it instead
                log.exception("warming a portal figure failed")

    def _refresh(self, key: str, compute: Callable[[], Any]) -> None:
        try:
            value = compute()
            with self._lock:
                self._cache[key] = (time.monotonic() + STATS_TTL, value)
        except Exception:  # the stale figure stays; the next request past the TTL tries again
            log.exception("refreshing the cached portal figure %s failed", key)
        finally:
            with self._lock:
                self._refreshing.discard(key)

    # -- search --------------------------------------------------------------------------------

    def search(self, q: str, page: int = 1, size: int = 20) -> Page:
        """A USCC matches exactly; a name matches wherever the query occurs in it (3+ characters
        on the trigram index, 1–2 on the index of characters and pairs, LIKE on SQLite)."""
        q = q.strip()
        s = subject_summary.c
        cols = [s.subject_id, s.uscc, s.kind, s.display_name, s.sectors, s.region]
        offset = (page - 1) * size
        if not q:
            return Page([], 0, page, size, False)
        if USCC_RE.match(q.upper()):
            stmt = select(*cols).where(s.uscc == q.upper())
        elif len(q) >= 3 and self.has_fts:
            phrase = '"' + q.replace('"', '""') + '"'
            ids = text(
                "SELECT rowid FROM subject_name_fts WHERE subject_name_fts MATCH :phrase"
            ).bindparams(phrase=phrase)
            stmt = select(*cols).where(literal_column("subject_summary.rowid").in_(ids))
        elif len(q) >= 3 or self.dialect != "postgresql":
            stmt = select(*cols).where(s.display_name.ilike(f"%{_like_escape(q)}%", escape="\\"))
        else:
            # 1–2 characters: the GIN index of each name's characters and pairs (migration 0109)
            grams = text(
                "subject_name_grams(subject_summary.display_name) @> ARRAY[:gram]::text[]"
            ).bindparams(gram=q.lower())
            # strpos says the same, and is cheap where the planner scans (a gram in most names);
            # unlike an ILIKE it offers the trigram index no pattern it would read in full
            contains = func.strpos(func.lower(s.display_name), q.lower()) > 0
            stmt = select(*cols).where(grams, contains)
        # No ORDER BY: a sort would read every match (a common pair of characters matches a
        # tenth of a million names). The pages must still neither repeat nor skip a match, so the
        # scan runs in the table's physical order, which every plan of these queries follows (a
        # bitmap heap scan and a plain scan alike) unless it is parallel or a synchronised scan
        # that joins another one midway: both are switched off for this query.
        stmt = stmt.limit(size + 1).offset(offset)
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql(
                    "SET LOCAL max_parallel_workers_per_gather = 0;"
                    " SET LOCAL synchronize_seqscans = off"
                )
            rows = [_row(r) for r in conn.execute(stmt)]
        return Page(rows[:size], None, page, size, len(rows) > size)

    # -- one subject ---------------------------------------------------------------------------

    def subject(self, ref: str) -> dict[str, Any] | None:
        s = subject_summary.c
        ref = ref.strip()
        if UUID_RE.match(ref.lower()):
            where = s.subject_id == ref.lower()
        elif USCC_RE.match(ref.upper()):
            where = s.uscc == ref.upper()
        else:
            return None
        stmt = select(
            s.subject_id, s.uscc, s.kind, s.display_name, s.sectors, s.region, s.registered_at
        ).where(where)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        return _row(row) if row else None

    def public_records(self, subject_id: str, today: date) -> list[dict[str, Any]]:
        """双公示 and other public records inside their publicity period, newest decision first."""
        r = record_view.c
        stmt = (
            select(
                r.record_id,
                r.catalogue_code,
                r.category,
                r.polarity,
                r.tier,
                r.source_unit,
                r.source_unit_code,
                r.decision_no,
                r.decided_on,
                r.legal_basis,
                r.summary,
                r.content,
                r.publicity_from,
                r.max_until,
            )
            .where(r.subject_id == subject_id, *public_record_conditions(today))
            .order_by(r.decided_on.desc(), r.record_id)
        )
        with self.engine.connect() as conn:
            return [_row(x) for x in conn.execute(stmt)]

    def current_listings(self, subject_id: str) -> list[dict[str, Any]]:
        e = list_entries.c
        stmt = (
            select(
                e.listing_id,
                e.list,
                e.valid_from,
                e.until,
                e.legal_basis,
                e.reasons,
                e.basis_record_ids,
                e.removal_conditions,
                e.rulebook_version,
            )
            .where(e.subject_id == subject_id, e.status == "listed")
            .order_by(e.valid_from)
        )
        with self.engine.connect() as conn:
            return [_row(x) for x in conn.execute(stmt)]

    def grade(self, subject_id: str) -> dict[str, Any] | None:
        g = grade_view.c
        stmt = select(g.score, g.grade_class, g.rulebook_version, g.explanation, g.graded_at).where(
            g.subject_id == subject_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        return _row(row) if row else None

    def standing(self, subject_id: str) -> dict[str, Any] | None:
        """The decision the check view keeps for the subject (domain.decision.standing): status,
        class or unrated, score, listings in force and objection marks."""
        c = check_view.c
        stmt = select(
            c.status, c.lists, c.grade_class, c.score, c.unrated_reason, c.listings, c.marks
        ).where(c.subject_id == subject_id)
        with self.engine.connect() as conn:
            row = conn.execute(stmt).first()
        return dict(row._mapping) if row else None

    def objection_marks(self, subject_id: str) -> list[dict[str, Any]]:
        """Objections filed and not yet resolved (a resolved one clears its mark)."""
        m = objection_marks.c
        stmt = (
            select(m.objection_id, m.record_id, m.listing_id, m.since)
            .where(m.subject_id == subject_id, m.cleared_at.is_(None))
            .order_by(m.since, m.objection_id)
        )
        with self.engine.connect() as conn:
            return [_row(x) for x in conn.execute(stmt)]

    def commitments(self, subject_id: str) -> list[dict[str, Any]]:
        c = commitment_view.c
        stmt = (
            select(c.commitment_id, c.kind, c.text, c.made_on, c.status)
            .where(c.subject_id == subject_id)
            .order_by(c.made_on.desc())
        )
        with self.engine.connect() as conn:
            return [_row(x) for x in conn.execute(stmt)]

    def owns_record(self, subject_id: str, record_id: str) -> bool:
        r = record_view.c
        stmt = select(r.record_id).where(r.record_id == record_id, r.subject_id == subject_id)
        with self.engine.connect() as conn:
            return conn.execute(stmt).first() is not None

    def position(self) -> int:
        with self.engine.connect() as conn:
            value = conn.execute(select(func.max(subject_summary.c.position))).scalar()
        return int(value or 0)

    # -- lists ---------------------------------------------------------------------------------

    def list_page(
        self,
        list_name: str,
        sector: str | None = None,
        province: str | None = None,
        page: int = 1,
        size: int = 20,
    ) -> Page:
        e, s = list_entries.c, subject_summary.c
        current = [e.list == list_name, e.status == "listed"]
        cols = (
            e.listing_id,
            e.subject_id,
            s.uscc,
            s.kind,
            s.display_name,
            s.sectors,
            s.region,
            e.valid_from,
            e.until,
            e.legal_basis,
            e.reasons,
            e.rulebook_version,
        )
        order = (e.valid_from.desc(), e.listing_id)
        offset = (page - 1) * size
        with self.engine.connect() as conn:
            if sector or province:
                # the filters are on the subject: the list's entries with their subjects'
                # sectors and region, read once per published version of the list, are
                # filtered here; the page's rows are then read by key
                matching = [
                    listing_id
                    for listing_id, sectors, region in self._listed(conn, list_name, order)
                    if (not sector or f'"{sector}"' in sectors)
                    and (not province or region.startswith(province))
                ]
                total = len(matching)
                wanted = matching[offset : offset + size]
                stmt = (
                    select(*cols)
                    .join_from(list_entries, subject_summary, s.subject_id == e.subject_id)
                    .where(*current, e.listing_id.in_(wanted))
                    .order_by(*order)
                )
            else:
                # the page's entries off the list's own index (migration 0115), then their
                # subjects: a deep page skips index entries, not joined rows
                ids = select(e.listing_id).where(*current).order_by(*order)
                page_ids = ids.limit(size).offset(offset).subquery()
                stmt = (
                    select(*cols)
                    .join_from(page_ids, list_entries, e.listing_id == page_ids.c.listing_id)
                    .join(subject_summary, s.subject_id == e.subject_id)
                    .order_by(*order)
                )
                count = select(func.count()).select_from(list_entries).where(*current)
                total = int(conn.execute(count).scalar() or 0)
            rows = [_row(x) for x in conn.execute(stmt)]
        return Page(rows, total, page, size, page * size < total)

    def _listed(self, conn: Any, list_name: str, order: Any) -> list[tuple[str, str, str]]:
        """Every entry listed now on a list, in page order, with its subject's sectors (as the
        JSON text the SQL filter matches) and region. Kept for the list's published version
        (any listing or delisting makes a new one, read at once); past STATS_TTL the kept
        entries still answer while one thread reads them again (a subject's sectors or region
        may have changed). A list holds tens of thousands of entries: filtering them by their
        subjects in SQL would look every subject up again at every page."""
        version = self._list_version_number(conn, list_name)
        now = time.monotonic()
        key = f"listed:{list_name}"
        with self._lock:
            hit = self._lists.get(list_name)
            aged = hit is not None and hit[0] == version and hit[1] <= now
            refresh = aged and key not in self._refreshing
            if refresh:
                self._refreshing.add(key)
        if hit is not None and hit[0] == version:
            if refresh:
                threading.Thread(
                    target=self._refresh_listed, args=(list_name, order), daemon=True
                ).start()
            return hit[2]
        return self._read_listed(conn, list_name, order)

    def _list_version_number(self, conn: Any, list_name: str) -> int | None:
        v = list_versions.c
        value = conn.execute(select(func.max(v.version)).where(v.list == list_name)).scalar()
        return int(value) if value is not None else None

    def _read_listed(self, conn: Any, list_name: str, order: Any) -> list[tuple[str, str, str]]:
        e, s = list_entries.c, subject_summary.c
        version = self._list_version_number(conn, list_name)  # read before the entries
        stmt = (
            select(e.listing_id, cast(s.sectors, String), s.region)
            .join_from(list_entries, subject_summary, s.subject_id == e.subject_id)
            .where(e.list == list_name, e.status == "listed")
            .order_by(*order)
        )
        listed = [(str(a), str(b), str(c)) for a, b, c in conn.execute(stmt)]
        with self._lock:
            self._lists[list_name] = (version, time.monotonic() + STATS_TTL, listed)
        return listed

    def _refresh_listed(self, list_name: str, order: Any) -> None:
        try:
            with self.engine.connect() as conn:
                self._read_listed(conn, list_name, order)
        except Exception:  # the kept entries stay; the next request past the TTL tries again
            log.exception("reading the entries of list %s failed", list_name)
        finally:
            with self._lock:
                self._refreshing.discard(f"listed:{list_name}")

    def list_version(self, list_name: str) -> dict[str, Any]:
        """The list as published: its version number (one more at every listing or delisting,
        from list_versions), when that change happened, and the rulebook versions of the
        entries listed now."""
        v, e = list_versions.c, list_entries.c
        latest = (
            select(v.version, v.changed_at, v.position)
            .where(v.list == list_name)
            .order_by(v.version.desc())
            .limit(1)
        )
        versions = (
            select(e.rulebook_version)
            .where(e.list == list_name, e.status == "listed")
            .distinct()
            .order_by(e.rulebook_version)
        )
        with self.engine.connect() as conn:
            row = conn.execute(latest).first()
            rulebooks = list(conn.execute(versions).scalars())
        return {
            "list": list_name,
            "version": int(row.version) if row else 0,
            "changed_at": _iso(row.changed_at) if row else None,
            "position": int(row.position) if row else 0,
            "rulebook_versions": rulebooks,
        }

    def checkpoints(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest signed checkpoints of the hash chain, newest first."""
        c = checkpoints.c
        stmt = (
            select(c.seq, c.position, c.head, c.signed_at, c.key_id, c.signature)
            .order_by(c.seq.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [_row(x) for x in conn.execute(stmt)]
