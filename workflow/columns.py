"""Shared column helpers of the workflow tables: frozen Read config, long text, the store's clock and the
database triggers that make a table's rows immutable (SQLite and PostgreSQL).

Every trigger is registered through `on_create`: created with its table by ``create_all`` and kept in
`TRIGGER_DDL`, so `workflow.schema` can reinstall them on tables an earlier version created.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DDL, Column, Text, event
from sqlmodel import SQLModel
from sqlmodel.main import SQLModelConfig

_READ = SQLModelConfig(frozen=True, from_attributes=True)


def _text(**kw: object) -> Column:  # long free text, same type on SQLite and PostgreSQL
    return Column(Text, **kw)  # type: ignore[arg-type]


def utcnow() -> dt.datetime:
    """Now, timezone-aware (UTC); the only clock of the store."""
    return dt.datetime.now(dt.UTC)


TRIGGER_DDL: dict[str, list[tuple[str, DDL]]] = {}  # table -> (dialect, DDL) in creation order
WRITE_ONCE: set[str] = set()  # tables whose rows never change nor go once inserted (triggers refuse)


def on_create(table: str, sql: str, dialect: str) -> None:
    """Run `sql` on `dialect` after `table` is created, and keep it so an upgrade can reinstall it."""
    ddl = DDL(sql)
    event.listen(SQLModel.metadata.tables[table], "after_create", ddl.execute_if(dialect=dialect))
    TRIGGER_DDL.setdefault(table, []).append((dialect, ddl))


def _protect(table: str, message: str, when: str = "") -> None:
    """Database triggers that refuse UPDATE and DELETE on `table` (only rows matching `when`, if given)."""
    sqlite_when = f" WHEN {when}" if when else ""
    pg_test = f"IF {when} THEN " if when else ""
    pg_end = " END IF;" if when else ""
    if not when:
        WRITE_ONCE.add(table)
    for op in ("UPDATE", "DELETE"):
        on_create(
            table,
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}{sqlite_when} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            "sqlite",
        )
    on_create(
        table,
        f"CREATE OR REPLACE FUNCTION {table}_protect() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {pg_test}RAISE EXCEPTION '{message}';{pg_end} "
        f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
        "postgresql",
    )
    on_create(
        table,
        f"CREATE TRIGGER {table}_protect BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION {table}_protect()",
        "postgresql",
    )
