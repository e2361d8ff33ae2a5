"""Import and export of factor tables (CSV / .xlsx, the columns of `factors.validate.COLUMNS`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from factors.errors import ImportValidationError, ReleaseNotFound
from factors.query import FactorRead, search_factors
from factors.releases import ChangeSummary, add_rows, create_draft, get_release, next_version, publish
from factors.tableio import read_table, write_table
from factors.tables import Geography
from factors.validate import COLUMNS, check_header, validate_rows
from factors.vocab import ReleaseStatus


def import_factors(
    session: Session,
    path: str | Path,
    *,
    release: str | None = None,
    notes: str = "",
    publish_release: bool = False,
) -> ChangeSummary:
    """Validate a factor file and add it to a draft release, all or nothing.

    `release` names the draft to add to; it is created (as a copy of the latest published release)
    when it does not exist; default: the next version after the latest release. Every bad row is
    reported at once by `ImportValidationError` and the database is left unchanged.
    """
    table = read_table(path)
    errors = check_header(table.columns, file=table.file, sheet=table.sheet)
    if errors:
        raise ImportValidationError(errors)
    geographies = set(session.exec(select(Geography.code)).all())
    rows = validate_rows(table.rows, file=table.file, geographies=geographies, sheet=table.sheet)
    if not rows:
        raise ImportValidationError([_empty(table.file)])
    try:
        version = release or next_version(session)
        try:
            target = get_release(session, version)
        except ReleaseNotFound:
            target = create_draft(session, version, notes=notes or f"import of {Path(path).name}")
        if target.status != ReleaseStatus.DRAFT:
            from factors.errors import ReleaseImmutable

            raise ReleaseImmutable(
                f"release {version} is published and immutable; import into a new "
                f"version (e.g. {next_version(session)})"
            )
        summary = add_rows(session, target, rows)
        if publish_release:
            publish(session, target)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return summary


def _empty(file: str):
    from factors.errors import RowError

    return RowError(file, 2, "-", "the file has a header but no factor rows")


def factor_row(f: FactorRead) -> dict[str, Any]:
    """A factor as one row of the exchange format."""
    row: dict[str, Any] = {c: getattr(f, c) for c in COLUMNS if hasattr(f, c) and not c.startswith("source_")}
    row |= {
        "source_title": f.source.title,
        "source_publisher": f.source.publisher,
        "source_year": f.source.year,
        "source_url": f.source.url,
        "source_location": f.source.location,
        "source_licence": f.source.licence,
        "source_value": f.source_value,
        "source_unit": f.source_unit,
    }
    for key in ("valid_from", "valid_to"):
        row[key] = row[key].isoformat() if row.get(key) else None
    return row


def export_factors(
    session: Session,
    path: str | Path,
    *,
    release: str | None = None,
    text: str = "",
    geography: str | None = None,
    category: str | None = None,
) -> int:
    """Write the factors of a release (optionally filtered) to .csv or .xlsx; returns the row count.

    The file re-imports unchanged: export, import into a draft, and the draft holds the same factors.
    """
    factors = search_factors(
        session, text, geography=geography, category=category, release=release, limit=None
    )
    write_table(path, COLUMNS, (factor_row(f) for f in factors))
    return len(factors)
