"""Exceptions of the calculation core; every message names the file, the path inside it and what was expected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class FootprintError(Exception):
    """Base class of the core's own errors."""


@dataclass(frozen=True)
class Issue:
    """One problem at one place in a model file (``processes.cell.inputs[2].unit``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ModelError(FootprintError):
    """A model file that cannot be calculated; `issues` lists every problem found, not just the first."""

    def __init__(self, file: str, issues: Sequence[Issue]) -> None:
        self.file = file
        self.issues = list(issues)
        lines = "\n".join(f"  - {i}" for i in self.issues)
        super().__init__(f"{file}: {len(self.issues)} problem(s):\n{lines}")


class UnknownFactors(ModelError):
    """Factor references that are neither model-local, nor a database code, nor a resolvable activity."""


class SingularSystem(FootprintError):
    """The technosphere matrix cannot be solved (e.g. a loop that produces nothing net)."""


class CalculationError(FootprintError):
    """The solver returned something unusable (non-finite or negative supply)."""
