"""A release's GWP values, factors (by code and by activity and place) and geography tree, read from a
SQLite factor database with the standard library.

`pcf calc` should start in about the time it takes to import Brightway; SQLAlchemy and SQLModel take
≈0.25 s more to import. This module reads only the plain case (an existing file with the tables, a
release found by version or the latest published one). Anything else answers None, and the caller asks
the full database layer (`factors.query`, `factors.releases`), which gives the one message for it.
Rows come back with the attribute names of `factors.query.FactorRead`; the parity test holds the two equal.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

from factors.versions import version_key
from factors.vocab import AltRole, ReleaseStatus

_SOURCE_FIELDS = ("title", "publisher", "year", "url", "location", "licence")


@dataclass(frozen=True)
class ReleaseRow:
    """The release a calculation reads: its row id, version and status."""

    id: int
    version: str
    status: str


def connect(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to an existing SQLite file, or None (no such file, not a database)."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute("SELECT 1 FROM release LIMIT 1")
    except sqlite3.Error:  # not a factor database (yet)
        conn.close()
        return None
    return conn


def find_release(conn: sqlite3.Connection, version: str | None) -> ReleaseRow | None:
    """The release `version`, or the latest published one; None when there is no such release."""
    rows = [ReleaseRow(*r) for r in conn.execute("SELECT id, version, status FROM release")]
    if version is not None:
        return next((r for r in rows if r.version == version), None)
    published = [r for r in rows if r.status == ReleaseStatus.PUBLISHED]
    return max(published, key=lambda r: version_key(r.version)) if published else None


def gwp_values(conn: sqlite3.Connection, release_id: int, gwp_set: str) -> list[tuple[str, float, str]]:
    """(gas, GWP100, notes) of one IPCC set as carried by the release."""
    query = "SELECT gas, value, notes FROM gwpvalue WHERE release_id = ? AND gwp_set = ?"
    return [(g, float(v), n) for g, v, n in conn.execute(query, (release_id, gwp_set))]


def geographies(conn: sqlite3.Connection) -> dict[str, SimpleNamespace]:
    """The geography tree: code -> (code, parent, level)."""
    rows = conn.execute("SELECT code, parent, level FROM geography")
    return {code: SimpleNamespace(code=code, parent=parent, level=level) for code, parent, level in rows}


def process_codes(conn: sqlite3.Connection, release: ReleaseRow) -> set[str] | None:
    """Codes of the release's background processes; None if this database has no process tables."""
    try:
        rows = conn.execute("SELECT code FROM release_process WHERE release_id = ?", (release.id,))
        return {code for (code,) in rows}
    except sqlite3.Error:
        return None


def factors_by_code(conn: sqlite3.Connection, release: ReleaseRow, codes: list[str]) -> list[SimpleNamespace]:
    """The release's factors among `codes`, each with its `source` and `release` as `FactorRead` has them."""
    out: list[SimpleNamespace] = []
    for start in range(0, len(codes), 500):  # SQLite's limit on host parameters
        chunk = codes[start : start + 500]
        out += _factor_rows(conn, release, f"f.code IN ({', '.join('?' * len(chunk))})", chunk)
    return out


def factors_at(
    conn: sqlite3.Connection, release: ReleaseRow, activity: str, geography: str
) -> list[SimpleNamespace]:
    """The release's factors of `activity` at exactly `geography` that resolution may pick (no alternatives)."""
    where = "f.activity = ? AND f.geography = ? AND f.alt_role != ?"
    return _factor_rows(conn, release, where, [activity, geography, AltRole.ALTERNATIVE.value])


def _factor_rows(
    conn: sqlite3.Connection, release: ReleaseRow, where: str, params: list[str]
) -> list[SimpleNamespace]:
    source_columns = ", ".join(f"s.{c}" for c in _SOURCE_FIELDS)
    cursor = conn.execute(
        f"SELECT f.*, {source_columns} FROM factor f "  # fixed column names and conditions; values are bound
        "JOIN releasefactor rf ON rf.factor_id = f.id JOIN source s ON s.id = f.source_id "
        f"WHERE rf.release_id = ? AND {where} ORDER BY f.id",
        (release.id, *params),
    )
    names = [d[0] for d in cursor.description]
    n_factor = len(names) - len(_SOURCE_FIELDS)
    out = []
    for row in cursor:
        factor = dict(zip(names[:n_factor], row[:n_factor], strict=True))
        factor["value"] = float(factor["value"])
        source = SimpleNamespace(**dict(zip(_SOURCE_FIELDS, row[n_factor:], strict=True)))
        out.append(SimpleNamespace(**factor, source=source, release=release.version))
    return out
