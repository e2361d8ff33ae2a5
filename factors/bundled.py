"""Loading the curated data in `factors/data/` into a database, idempotently.

Running it twice changes nothing. A bundled release whose version is already in the database with the
same content is a no-op; with other content it is refused (a published release is immutable, so the
data needs a new version in `release.toml`). A newer bundled version is added beside the older ones,
reusing the factor rows that did not change.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from factors.alternatives import group_problems
from factors.errors import BundledReleaseConflict, ImportValidationError, RowError
from factors.gwp import GwpTable
from factors.tableio import read_table
from factors.tables import Geography, Release, SourceBase
from factors.validate import ValidRow, check_header, factor_content_hash, validate_rows
from factors.vocab import CALC_GWP_SETS, Confidence, GeoLevel, GwpSet, gwp_names

DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Manifest:
    version: str
    date: dt.date
    notes: str
    factor_files: tuple[Path, ...]
    gwp_file: Path
    geography_file: Path


@dataclass(frozen=True)
class LoadResult:
    """What `load_bundled` did: `created` is False when the release was already there, unchanged."""

    version: str
    created: bool
    factors: int
    geographies_added: int
    processes: int = 0  # background processes attached (0 when already there)


def read_manifest(data_dir: Path = DATA_DIR) -> Manifest:
    meta = tomllib.loads((data_dir / "release.toml").read_text(encoding="utf-8"))
    return Manifest(
        version=str(meta["version"]),
        date=dt.date.fromisoformat(str(meta["date"])),
        notes=str(meta.get("notes", "")),
        factor_files=tuple(data_dir / f for f in meta["factor_files"]),
        gwp_file=data_dir / meta["gwp_file"],
        geography_file=data_dir / meta["geography_file"],
    )


def load_geographies(session: Session, path: Path) -> int:
    """Insert the geography tree (parents first); existing codes keep their rows. Returns rows added."""
    table = read_table(path)
    errors: list[RowError] = []
    rows = [r for _, r in table.rows]
    codes = {r["code"] for r in rows}
    levels = {lvl.value for lvl in GeoLevel}
    for number, r in table.rows:
        if r.get("parent") and r["parent"] not in codes:
            errors.append(RowError(table.file, number, "parent", f"unknown parent {r['parent']!r}"))
        if r.get("level") not in levels:
            errors.append(
                RowError(table.file, number, "level", f"{r.get('level')!r} not in {sorted(levels)}")
            )
    if errors:
        raise ImportValidationError(errors)
    existing = set(session.exec(select(Geography.code)).all())
    added = 0
    pending = [r for r in rows if r["code"] not in existing]
    while pending:  # parents before children, so foreign keys hold at every flush
        ready = [r for r in pending if not r.get("parent") or r["parent"] in existing]
        for r in ready:
            session.add(
                Geography(
                    code=r["code"],
                    parent=r.get("parent") or None,
                    level=r["level"],
                    name_zh=r["name_zh"],
                    name_en=r["name_en"],
                    note=r.get("note") or "",
                )
            )
            existing.add(r["code"])
            added += 1
        session.flush()
        pending = [r for r in pending if r["code"] not in existing]
    return added


def read_gwp_rows(path: Path) -> list[tuple[str, str, float, SourceBase, str, str]]:
    """Parse the GWP table: (gas, set, value, source, confidence, notes) per row."""
    from factors.gases import GASES

    table = read_table(path)
    errors: list[RowError] = []
    out = []
    for number, r in table.rows:
        gas, gwp_set = (r.get("gas") or "").strip(), (r.get("gwp_set") or "").strip()
        if gas not in GASES:
            errors.append(RowError(table.file, number, "gas", f"unknown gas {gas!r}"))
        if gwp_set not in CALC_GWP_SETS:
            errors.append(RowError(table.file, number, "gwp_set", f"{gwp_set!r} is not {gwp_names()}"))
        try:
            value = float(r.get("value") or "")
        except ValueError:
            errors.append(RowError(table.file, number, "value", f"{r.get('value')!r} is not a number"))
            continue
        if not (r.get("source_title") and r.get("source_url")):
            errors.append(RowError(table.file, number, "source_title", "the source is required"))
        if r.get("confidence") not in {c.value for c in Confidence}:
            errors.append(RowError(table.file, number, "confidence", "high, medium or low"))
        year = (r.get("source_year") or "").strip()
        source = SourceBase(
            title=r.get("source_title") or "",
            publisher=r.get("source_publisher") or "",
            year=int(year) if year.isdigit() else None,
            url=r.get("source_url") or "",
            location=r.get("source_location") or "",
        )
        out.append((gas, gwp_set, value, source, r.get("confidence") or "", r.get("notes") or ""))
    if errors:
        raise ImportValidationError(errors)
    return out


def load_bundled(session: Session, data_dir: Path = DATA_DIR) -> LoadResult:
    """Load the bundled geographies, GWP table and factors as the manifest's release (see module doc)."""
    from factors import releases

    manifest = read_manifest(data_dir)
    geos_added = load_geographies(session, manifest.geography_file)
    geographies = set(session.exec(select(Geography.code)).all())
    rows = []
    errors: list[RowError] = []
    for path in manifest.factor_files:
        table = read_table(path)
        errors += check_header(table.columns, file=table.file)
        try:
            rows += validate_rows(table.rows, file=table.file, geographies=geographies)
        except ImportValidationError as exc:
            errors += exc.errors
    codes: dict[str, str] = {}
    for row in rows:  # codes are unique across all bundled files, not only within one
        if row.factor.code in codes:
            errors.append(
                RowError(
                    str(manifest.factor_files[0].parent),
                    row.row,
                    "code",
                    f"duplicate code {row.factor.code!r} (also in {codes[row.factor.code]})",
                )
            )
        codes[row.factor.code] = row.factor.code
    errors += group_problems(rows, str(manifest.factor_files[0].parent))
    if errors:
        raise ImportValidationError(errors)
    gwp_rows = read_gwp_rows(manifest.gwp_file)

    existing = session.exec(select(Release).where(Release.version == manifest.version)).first()
    if existing is not None:
        probe = _probe_hash(manifest, rows, gwp_rows)
        if probe != existing.content_hash:
            raise BundledReleaseConflict(
                f"the bundled data differs from release {manifest.version} already in the database "
                f"({existing.status}); a published release is immutable: give the changed data a new "
                f"version in {data_dir / 'release.toml'}"
            )
        from factors.processes import load_bundled_processes

        attached = load_bundled_processes(session, existing, data_dir / "processes")
        session.commit()  # geographies (and background processes of a release that predates them) only
        return LoadResult(manifest.version, False, len(rows), geos_added, attached)

    release = releases.create_draft(session, manifest.version, notes=manifest.notes, copy_base=True)
    release.date = manifest.date
    releases.set_gwp_values(session, release, gwp_rows)
    releases.add_rows(session, release, rows)  # changed codes get new versions that supersede the old
    bundled_codes = {row.factor.code for row in rows}
    releases.remove_codes(
        session, release, [c for c in _codes_in(session, release) if c not in bundled_codes]
    )
    from factors.processes import load_bundled_processes

    attached = load_bundled_processes(session, release, data_dir / "processes")
    releases.publish(session, release)
    session.commit()
    return LoadResult(manifest.version, True, len(rows), geos_added, attached)


def _codes_in(session: Session, release: Release) -> list[str]:
    from factors.tables import ReleaseFactor

    return list(session.exec(select(ReleaseFactor.code).where(ReleaseFactor.release_id == release.id)))


def _probe_hash(
    manifest: Manifest, rows: list[ValidRow], gwp_rows: list[tuple[str, str, float, SourceBase, str, str]]
) -> str:
    """The content hash the bundled data would have as a release, computed without writing."""
    from factors.releases import fill_gas_total, hash_release_content

    tables = {
        s: GwpTable(s, {g: v for g, gs, v, *_ in gwp_rows if gs == s.value}, manifest.version)
        for s in (GwpSet.AR4, GwpSet.AR5, GwpSet.AR6)
    }
    pairs = []
    for row in rows:
        content = fill_gas_total(row.factor, tables.__getitem__)
        pairs.append((content.code, factor_content_hash(content, row.source)))
    return hash_release_content(pairs, [(g, s, v) for g, s, v, *_ in gwp_rows])
