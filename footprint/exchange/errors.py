"""Errors of the declarations and exchange formats: each names the field, where its data come from, why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from footprint.errors import FootprintError


class ExchangeError(FootprintError):
    """Base class of the exchange formats' errors."""


@dataclass(frozen=True)
class Gap:
    """One piece of data a format needs and the model lacks: the format's field and the model path to fill."""

    field: str
    model_path: str
    hint: str

    def __str__(self) -> str:
        where = f" (model: {self.model_path})" if self.model_path else ""
        return f"{self.field}{where}: {self.hint}"


class MissingData(ExchangeError):
    """A declaration cannot be filled from the model: every missing or unusable item is listed at once."""

    def __init__(self, format_name: str, gaps: Sequence[Gap], file: str = "") -> None:
        self.format_name = format_name
        self.gaps = list(gaps)
        self.file = file
        lines = "\n".join(f"  - {g}" for g in self.gaps)
        where = f"{file}: " if file else ""
        super().__init__(f"{where}cannot write {format_name}: {len(self.gaps)} problem(s):\n{lines}")


class InvalidDeclaration(ExchangeError):
    """A declaration breaks the format's rules (e.g. a negative PositiveOrZero decimal)."""


class UnknownFormat(ExchangeError):
    """An export format name that is not registered."""


class PactImportError(ExchangeError):
    """A PACT ProductFootprint that cannot be imported; `path` is the JSON path of the first bad value."""

    def __init__(self, source: str, problems: Sequence[tuple[str, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {path}: {message}" for path, message in self.problems)
        count = len(self.problems)
        super().__init__(f"{source}: not an importable PACT ProductFootprint, {count} problem(s):\n{lines}")

    @property
    def path(self) -> str:
        return self.problems[0][0] if self.problems else "$"


class MergeError(ExchangeError):
    """An imported factor cannot be merged into a model file without changing or losing its content."""
