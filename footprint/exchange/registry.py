"""The export formats: each exchange module lists its formats in `EXPORTS`; this registry finds them by name.

Adding a format (e.g. a China MIIT battery declaration) = one module with an `EXPORTS` tuple and one line
in `MODULES`; the CLI's `--format` choices and `pcf export --list` follow.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from footprint.exchange.errors import UnknownFormat

if TYPE_CHECKING:
    from footprint.exchange.options import ExportOptions
    from footprint.exchange.study import Study

MODULES = (
    "footprint.exchange.pact",
    "footprint.exchange.eu_battery",
    "footprint.exchange.brightway",
    "footprint.exchange.olca",
)


@dataclass(frozen=True)
class ExportFormat:
    """A named export: `write(study, out, options)` writes the file (or folder) `out` and returns its path."""

    name: str
    title_en: str
    title_zh: str
    suffix: str
    write: Callable[[Study, Path, ExportOptions], Path]

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en


# Formats contributed by the packages above the core (e.g. the MIIT declaration in products), which the
# core must not import: they call `add_formats` when they are loaded.
_ADDED: dict[str, ExportFormat] = {}


def add_formats(new: Iterable[ExportFormat]) -> None:
    """Register formats defined above the core; registering the same name twice keeps the first."""
    for fmt in new:
        if fmt.name not in _base_formats():
            _ADDED.setdefault(fmt.name, fmt)


def formats() -> dict[str, ExportFormat]:
    """Every registered format by name, in registration order."""
    return {**_base_formats(), **_ADDED}


@cache
def _base_formats() -> dict[str, ExportFormat]:
    out: dict[str, ExportFormat] = {}
    for module_name in MODULES:
        for fmt in importlib.import_module(module_name).EXPORTS:
            if fmt.name in out:
                raise ValueError(f"export format {fmt.name!r} is registered twice ({module_name})")
            out[fmt.name] = fmt
    return out


def get_format(name: str) -> ExportFormat:
    """The format called `name`; `UnknownFormat` lists the known names."""
    try:
        return formats()[name]
    except KeyError:
        raise UnknownFormat(f"unknown export format {name!r}; known: {', '.join(formats())}") from None


def export(study: Study, name: str, out: str | Path, options: ExportOptions | None = None) -> Path:
    """Write `study` in format `name` to `out`."""
    from footprint.exchange.options import ExportOptions

    return get_format(name).write(study, Path(out), options or ExportOptions())
