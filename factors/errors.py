"""Exceptions of the factor database: one base class, one subclass per kind of failure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class FactorDBError(Exception):
    """Base class of every error the factor database raises on purpose."""


class FactorNotFound(FactorDBError, KeyError):
    """A factor code is not in the requested release."""

    def __init__(self, code: str, release: str, near: Sequence[str] = ()) -> None:
        self.code, self.release, self.near = code, release, list(near)
        hint = f"; did you mean {', '.join(self.near)}?" if self.near else ""
        super().__init__(f"factor {code!r} is not in release {release}{hint}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.args[0]


class ReleaseNotFound(FactorDBError, KeyError):
    """No release with the given version, or no published release at all."""

    def __str__(self) -> str:
        return self.args[0]


class DraftRelease(FactorDBError):
    """A calculation asked for a draft release without saying so: a draft can still change."""

    def __init__(self, version: str) -> None:
        self.version = version
        super().__init__(
            f"factor release {version} is a draft: its factors can still change, so a result "
            "on it is not reproducible; pin a published release, or ask for the draft explicitly "
            "(pcf: --draft) and the result will say 'draft'"
        )


class ReleaseImmutable(FactorDBError):
    """An attempt to change a published release."""


class BundledReleaseConflict(FactorDBError):
    """The bundled data carries a release version that is already in the database with other content."""


class UnknownGeography(FactorDBError, KeyError):
    """A geography code that is not in the geography tree."""

    def __str__(self) -> str:
        return self.args[0]


class NoFactorForGeography(FactorDBError, LookupError):
    """Geography fallback reached GLO without finding the activity."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an imported table."""

    file: str
    row: int
    column: str
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}" + (f" [{self.sheet}]" if self.sheet else "") + f" row {self.row}"
        return f"{where}, column {self.column!r}: {self.message}"


class ImportValidationError(FactorDBError):
    """An import file has bad rows; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        rows = sorted({e.row for e in self.errors})
        lines = "\n".join(f"  - {e}" for e in self.errors)
        super().__init__(
            f"{len(self.errors)} problem(s) in {len(rows)} row(s); nothing was imported:\n{lines}"
        )
