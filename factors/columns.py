"""Column constraints checked before writing: SQLite and PostgreSQL refuse the same rows, with one message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, Table
from sqlmodel import SQLModel

from factors.errors import FactorDBError


class ColumnValueError(FactorDBError, ValueError):
    """A value that a column of its table cannot hold (too long, or missing where required)."""

    def __init__(self, table: str, problems: list[tuple[str, str]]) -> None:
        self.table, self.problems = table, problems
        super().__init__("; ".join(f"{table}.{field}: {message}" for field, message in problems))


def column_problems(values: Mapping[str, Any], table: Table) -> list[tuple[str, str]]:
    """(field, message) for every value of `values` that `table`'s column types or NOT NULL refuse."""
    problems: list[tuple[str, str]] = []
    for column in table.columns:
        if column.key not in values:
            continue
        value = values[column.key]
        if value is None:
            if not (
                column.nullable
                or column.primary_key
                or column.default is not None
                or column.server_default is not None
            ):
                problems.append((column.key, "a value is required (NOT NULL) / 必填"))
            continue
        length = getattr(column.type, "length", None) if isinstance(column.type, String) else None
        if length and isinstance(value, str) and len(value) > length:
            problems.append(
                (
                    column.key,
                    f"{len(value)} characters, at most {length} can be stored "
                    f"/ {len(value)} 个字符，最多 {length} 个",
                )
            )
    return problems


def check_row(row: SQLModel, error: type[Exception] | None = None) -> None:
    """Raise `ColumnValueError` (or `error`) when a row holds a value its columns cannot store."""
    table = row.__table__  # type: ignore[attr-defined]
    values = {c.key: getattr(row, c.key) for c in table.columns if hasattr(row, c.key)}
    problems = column_problems(values, table)
    if problems:
        found = ColumnValueError(table.name, problems)
        if error is not None:
            raise error(str(found)) from None
        raise found
