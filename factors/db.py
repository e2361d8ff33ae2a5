"""Engine creation and schema set-up. The one configuration point is ``PCF_DATABASE_URL``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine, select

SCHEMA_VERSION = 2
ENV_URL = "PCF_DATABASE_URL"


def default_database_path() -> Path:
    """The embedded default: ``pcf.db`` in the user's data directory (``~/.local/share/pcf`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("pcf", appauthor=False) / "pcf.db"


def database_url() -> str:
    """``PCF_DATABASE_URL`` if set, else a SQLite file at `default_database_path`."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    return f"sqlite:///{default_database_path()}"


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """Create an engine for `url` (default `database_url()`); SQLite gets foreign keys and its folder."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def row_id(row: SQLModel) -> int:
    """The primary key of a stored row (rows reach the services only after a flush, so it is set)."""
    ident = getattr(row, "id", None)
    if not isinstance(ident, int):
        raise TypeError(f"{type(row).__name__} row has no id yet; flush the session first")
    return ident


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_schema(engine: Engine) -> int:
    """Create missing tables of every imported table module and record the schema version.

    Returns the schema version the database had before (0 for a new database). Upgrades between
    versions are applied in order by `_MIGRATIONS`; each is idempotent (a new database passes through them).
    """
    from factors import processes, tables  # noqa: F401  (registers the tables on SQLModel.metadata)

    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        row = session.exec(select(tables.SchemaVersion)).first()
        before = row.version if row else 0
        for version in range(before + 1, SCHEMA_VERSION + 1):
            migrate = _MIGRATIONS.get(version)
            if migrate is not None:
                migrate(session)
        if row is None:
            session.add(tables.SchemaVersion(version=SCHEMA_VERSION))
        else:
            row.version = SCHEMA_VERSION
            session.add(row)
        session.commit()
    return before


def _add_factor_classes(session: Session) -> None:
    """Version 2: factors gain source_class, industry and alt_role; old rows get their derived classes."""
    from sqlalchemy import inspect, text

    from factors.classes import classify

    have = {c["name"] for c in inspect(session.connection()).get_columns("factor")}
    for name, width in (("source_class", 30), ("industry", 10), ("alt_role", 12)):
        if name not in have:
            ddl = f"ALTER TABLE factor ADD COLUMN {name} VARCHAR({width}) NOT NULL DEFAULT ''"
            session.execute(text(ddl))
    rows = session.execute(text("SELECT id, category, activity FROM factor WHERE source_class = ''")).all()
    for fid, category, activity in rows:
        source, industry = classify(str(category), str(activity))
        session.execute(
            text("UPDATE factor SET source_class = :s, industry = :i WHERE id = :id"),
            {"s": source, "i": industry, "id": fid},
        )


# version -> function that brings a database from version-1 to version (data fix-ups after create_all)
_MIGRATIONS: dict[int, Callable[[Session], None]] = {2: _add_factor_classes}
