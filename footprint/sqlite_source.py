"""The factor database as a calculation's source, opened for the faces (`pcf calc`, `pcf check`).

On a plain SQLite file the release, its GWP tables, factors by code and by activity (geography fallback)
are read with the standard library (`factors.sqlite_read`), so a command that calculates does not import
SQLAlchemy; background processes, code lists and every unusual case go to `DatabaseFactors`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from factors import sqlite_read
from factors.dburl import database_url, sqlite_file
from factors.errors import UnknownGeography
from factors.fallback import pick_year, walk
from factors.gwp import GwpTable
from factors.vocab import GwpSet, ReleaseStatus
from footprint.background import ProcessRecord
from footprint.linking import FactorRecord
from footprint.sources import DatabaseFactors, record_from_read, resolve_note

if TYPE_CHECKING:
    from sqlmodel import Session


class SqliteFactors:
    """`DatabaseFactors` for a SQLite file: plain reads without SQLAlchemy, the rest through a session."""

    def __init__(
        self, conn: sqlite3.Connection, found: sqlite_read.ReleaseRow, session: Callable[[], Session]
    ) -> None:
        """`found` is a release the caller may use (a draft only where drafts were asked for)."""
        self._conn = conn
        self._found = found
        self._session = session
        self._full: DatabaseFactors | None = None
        self._places: dict[str, Any] | None = None
        self._process_codes: list[set[str] | None] = []  # read once: [codes], or [None] without the table
        self.release = found.version
        self.draft = found.status == ReleaseStatus.DRAFT
        self.release_label = f"{found.version} (draft)" if self.draft else found.version

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]:
        wanted = list(dict.fromkeys(codes))
        try:
            rows = sqlite_read.factors_by_code(self._conn, self._found, wanted)
        except sqlite3.Error:  # a schema this reader does not know: the database layer answers or words it
            return self._database().get(wanted)
        return {row.code: record_from_read(row) for row in rows}

    def gwp_table(self, gwp_set: str) -> GwpTable:
        chosen = GwpSet(gwp_set)
        try:
            rows = sqlite_read.gwp_values(self._conn, self._found.id, chosen.value)
        except sqlite3.Error:
            return self._database().gwp_table(gwp_set)
        return GwpTable(chosen, {g: v for g, v, _ in rows}, self.release, {g: n for g, _, n in rows if n})

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        """By activity, up the geography tree (`factors.fallback`, as `factors.query.resolve_factor`)."""
        try:
            return self._resolve(activity, geography, year)
        except sqlite3.Error:
            return self._database().resolve(activity, geography, year)

    def _resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        if self._places is None:
            self._places = sqlite_read.geographies(self._conn)
        requested = geography or "GLO"
        try:
            chain = walk(requested, self._places)
        except UnknownGeography:
            return None
        tried: list[str] = []
        for place in chain:
            tried.append(place.code)
            rows = sqlite_read.factors_at(self._conn, self._found, activity, place.code)
            if rows:
                (row,), year_note = pick_year([(r,) for r in rows], year)
                path = tuple(tried) if place.code != requested else ()
                note = resolve_note(activity, geography, place.code, place.level, path, year_note)
                return record_from_read(row), note
        return None

    def get_processes(self, codes: Iterable[str]) -> dict[str, ProcessRecord]:
        """Background processes by code: the database layer reads them, when the release has any of these."""
        wanted = list(codes)
        if not self._process_codes:  # the supply graph asks level by level
            self._process_codes.append(sqlite_read.process_codes(self._conn, self._found))
        known = self._process_codes[0]
        if known is not None and not known.intersection(wanted):
            return {}
        return self._database().get_processes(wanted)

    def known_codes(self) -> list[str]:
        return self._database().known_codes()

    def _database(self) -> DatabaseFactors:
        if self._full is None:
            self._full = DatabaseFactors(self._session(), self.release, allow_draft=True)
        return self._full


class _LazySession:
    """One SQLModel session on the configured database, opened on first use (SQLAlchemy loads then)."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._session: Any = None

    def __call__(self) -> Session:
        if self._session is None:
            from sqlmodel import Session

            from factors.db import make_engine

            self._engine = make_engine()
            self._session = Session(self._engine)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._engine.dispose()


@contextmanager
def database_source(release: str | None = None, *, allow_draft: bool = False) -> Iterator[Any]:
    """The configured database's factors at `release` (default: latest published), for one command."""
    session = _LazySession()
    path = sqlite_file(database_url())
    conn = sqlite_read.connect(path) if path is not None else None
    try:
        try:
            found = sqlite_read.find_release(conn, release) if conn is not None else None
        except sqlite3.Error:
            found = None
        if conn is not None and found is not None and (allow_draft or found.status != ReleaseStatus.DRAFT):
            yield SqliteFactors(conn, found, session)
        else:  # not SQLite, no such release, a refused draft: the full layer answers and words the error
            yield DatabaseFactors(session(), release, allow_draft=allow_draft)
    finally:
        if conn is not None:
            conn.close()
        session.close()
