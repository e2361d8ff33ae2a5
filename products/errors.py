"""Exceptions of the products package; each names the file, the place inside it and what would be right.

All derive from `footprint.errors.FootprintError`, so the `pcf` CLI prints them as one readable message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from footprint.errors import FootprintError, Issue


class ProductsError(FootprintError):
    """Base class of the products package's own errors."""


class RuleError(ProductsError):
    """A product category rule file that cannot be used; `issues` lists every problem with its path."""

    def __init__(self, file: str, issues: Sequence[Issue]) -> None:
        self.file = file
        self.issues = list(issues)
        lines = "\n".join(f"  - {i}" for i in self.issues)
        super().__init__(f"{file}: {len(self.issues)} problem(s) in the product category rule:\n{lines}")


class UnknownRule(ProductsError):
    """No product category rule with this id, or none that covers a model's product category."""


class CheckError(ProductsError):
    """The checks were called with inconsistent arguments (e.g. a result of another model)."""


class LifetimeParameterMissing(ProductsError):
    """A parameter of the lifetime-energy functional unit is neither in the model nor in the rule.

    `fields` names the model fields that would supply it (e.g. ``product.battery.service_years``).
    """

    code = "lifetime_parameter_missing"

    def __init__(self, message: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.fields = fields
        self.params: dict[str, object] = {"fields": list(fields)}


@dataclass(frozen=True)
class CellIssue:
    """One bad cell of a data-collection workbook: sheet, 1-based row, column letter and header key."""

    sheet: str
    row: int | None
    column: str
    key: str
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        where = f"sheet '{self.sheet}'"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}" + (f" ({self.key})" if self.key else "")
        return f"{where}: {self.message}"


class WorkbookError(ProductsError):
    """A data-collection workbook that cannot become a model; `issues` names every bad cell."""

    def __init__(self, file: str, issues: Sequence[CellIssue]) -> None:
        self.file = file
        self.issues = list(issues)
        lines = "\n".join(f"  - {i}" for i in self.issues)
        super().__init__(f"{file}: {len(self.issues)} bad cell(s); nothing was written:\n{lines}")
