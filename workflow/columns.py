"""Shared column helpers of the workflow tables: frozen Read config, long text, the store's clock and the
database triggers that make a table's rows immutable (SQLite and PostgreSQL)."""

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


def _protect(table: str, message: str, when: str = "") -> None:
    """Database triggers that refuse UPDATE and DELETE on `table` (only rows matching `when`, if given)."""
    sqlite_when = f" WHEN {when}" if when else ""
    pg_test = f"IF {when} THEN " if when else ""
    pg_end = " END IF;" if when else ""
    tbl = SQLModel.metadata.tables[table]
    for op in ("UPDATE", "DELETE"):
        event.listen(
            tbl,
            "after_create",
            DDL(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}{sqlite_when} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            ).execute_if(dialect="sqlite"),
        )
    event.listen(
        tbl,
        "after_create",
        DDL(
            f"CREATE OR REPLACE FUNCTION {table}_protect() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {pg_test}RAISE EXCEPTION '{message}';{pg_end} "
            f"IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
        ).execute_if(dialect="postgresql"),
    )
    event.listen(
        tbl,
        "after_create",
        DDL(
            f"CREATE TRIGGER {table}_protect BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {table}_protect()"
        ).execute_if(dialect="postgresql"),
    )
