"""The lifecycle calculation core: product models, factor linking, Brightway solving, results.

The public names below are imported on first use (PEP 562), so importing one submodule — as the `pcf`
command line does for `--help` — does not load Brightway, pandas and the whole core.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

_PUBLIC = {
    "calculate": "footprint.calculate",
    "CalculationError": "footprint.errors",
    "FootprintError": "footprint.errors",
    "Issue": "footprint.errors",
    "ModelError": "footprint.errors",
    "SingularSystem": "footprint.errors",
    "UnknownFactors": "footprint.errors",
    "Model": "footprint.model",
    "Stage": "footprint.model",
    "load_model": "footprint.model",
    "parse_model": "footprint.model",
    "Result": "footprint.result",
    "DatabaseFactors": "footprint.sources",
    "StaticFactors": "footprint.sources",
}

__all__ = [  # the names of _PUBLIC, spelled out so linters see them
    "CalculationError",
    "DatabaseFactors",
    "FootprintError",
    "Issue",
    "Model",
    "ModelError",
    "Result",
    "SingularSystem",
    "Stage",
    "StaticFactors",
    "UnknownFactors",
    "calculate",
    "load_model",
    "parse_model",
]
assert sorted(__all__) == sorted(_PUBLIC)

if TYPE_CHECKING:
    from footprint.calculate import calculate
    from footprint.errors import (
        CalculationError,
        FootprintError,
        Issue,
        ModelError,
        SingularSystem,
        UnknownFactors,
    )
    from footprint.model import Model, Stage, load_model, parse_model
    from footprint.result import Result
    from footprint.sources import DatabaseFactors, StaticFactors


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first access."""
    try:
        module = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'footprint' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """`footprint.calculate` is both a submodule and a public function: importing the submodule (as the
    exporters do) must not replace the function that ``from footprint import calculate`` hands out."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
