"""Engine creation and schema set-up. The one configuration point is ``PCF_DATABASE_URL``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table, event, inspect, literal, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, create_engine, select

from factors.dburl import database_url

SCHEMA_VERSION = 2


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


# An upgrade step of a package above this one (e.g. the workflow store): called by `upgrade_schema` in its
# transaction with the names of the tables that existed before ``create_all``; returns a note or None.
Upgrade = Callable[[Connection, frozenset[str]], str | None]
_UPGRADES: dict[str, Upgrade] = {}  # table-name prefix -> its upgrade (which then owns those tables)


def register_upgrade(prefix: str, upgrade: Upgrade) -> None:
    """Let the package whose tables start with `prefix` upgrade them (columns, backfills, triggers)."""
    _UPGRADES[prefix] = upgrade


@dataclass(frozen=True)
class SchemaReport:
    """What `upgrade_schema` found and did: the factor schema version before, and each upgrade's note."""

    before: int
    notes: list[str] = field(default_factory=list)


def create_schema(engine: Engine) -> int:
    """Create or upgrade the schema (see `upgrade_schema`); returns the factor schema version it had before."""
    return upgrade_schema(engine).before


def upgrade_schema(engine: Engine) -> SchemaReport:
    """Create missing tables of every imported table module, add missing columns and run the upgrades.

    Order: ``create_all`` (new tables, with their triggers); missing columns of the factor tables
    (`add_missing_columns`); the factor data migrations of `_MIGRATIONS` from the recorded version on;
    then each registered upgrade (`register_upgrade`), all in one transaction. Each step is idempotent,
    and on an up-to-date database nothing is written, so the app's own restricted role can call it.
    """
    from factors import processes, tables  # noqa: F401  (registers the tables on SQLModel.metadata)

    existing = frozenset(inspect(engine).get_table_names())
    SQLModel.metadata.create_all(engine)
    notes: list[str] = []
    with Session(engine) as session:
        conn = session.connection()
        for table in SQLModel.metadata.sorted_tables:
            if table.name in existing and not any(table.name.startswith(p) for p in _UPGRADES):
                added = add_missing_columns(conn, table)
                if added:
                    notes.append(f"{table.name}: added {', '.join(added)}")
        row = session.exec(select(tables.SchemaVersion)).first()
        before = row.version if row else 0
        for version in range(before + 1, SCHEMA_VERSION + 1):
            migrate = _MIGRATIONS.get(version)
            if migrate is not None:
                migrate(session)
        if row is None:
            session.add(tables.SchemaVersion(version=SCHEMA_VERSION))
        elif row.version != SCHEMA_VERSION:
            row.version = SCHEMA_VERSION
            session.add(row)
        for upgrade in _UPGRADES.values():
            note = upgrade(session.connection(), existing)
            if note:
                notes.append(note)
        session.commit()
    return SchemaReport(before, notes)


def missing_columns(conn: Connection, table: Table) -> list[str]:
    """Columns of `table`'s model that its stored table lacks (made by an earlier version)."""
    have = {c["name"] for c in inspect(conn).get_columns(table.name)}
    return [c.name for c in table.columns if c.name not in have]


def add_missing_columns(conn: Connection, table: Table) -> list[str]:
    """Add the columns an earlier version's `table` lacks, with their defaults, uniqueness and indexes.

    A scalar model default becomes the column's SQL default (existing rows take it); a callable one
    (a clock) is evaluated once and written into the existing rows. A required column without any
    default cannot be added to a table with rows: that refusal names it, for a hand-written migration.
    """
    quote = conn.dialect.identifier_preparer.quote
    added = missing_columns(conn, table)
    for name in added:
        column = table.columns[name]
        sql = f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(name)} {column.type.compile(conn.dialect)}"
        default = column.default
        scalar = default is not None and default.is_scalar and default.arg is not None  # type: ignore[attr-defined]
        if scalar:
            value = literal(default.arg, column.type)  # type: ignore[union-attr]
            lit = str(value.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
            sql += f" DEFAULT {lit}" + ("" if column.nullable else " NOT NULL")
        for fk in column.foreign_keys:
            sql += f" REFERENCES {quote(fk.column.table.name)} ({quote(fk.column.name)})"
        conn.execute(text(sql.replace(":", r"\:")))
        if not scalar and not column.nullable:
            _fill_required(conn, table, name)
        if column.unique:
            conn.execute(
                text(f"CREATE UNIQUE INDEX uq_{table.name}_{name} ON {quote(table.name)} ({quote(name)})")
            )
    for index in table.indexes:
        if any(c.name in added for c in index.columns):
            index.create(conn, checkfirst=True)
    return added


def _fill_required(conn: Connection, table: Table, name: str) -> None:
    column = table.columns[name]
    default = column.default
    rows: int = conn.execute(text(f"SELECT COUNT(*) FROM {table.name}")).scalar_one()
    if default is None or not default.is_callable:
        if rows:
            raise RuntimeError(
                f"upgrade of table {table.name}: required column {name} has no default, and the table has "
                f"{rows} rows; give the model field a default or write a migration for it"
            )
        return
    value = default.arg(None)  # type: ignore[attr-defined]  # SQLAlchemy wraps the zero-argument callable
    conn.execute(table.update().values({name: value}))
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ALTER TABLE {table.name} ALTER COLUMN {name} SET NOT NULL"))


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
