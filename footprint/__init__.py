"""The lifecycle calculation core: product models, factor linking, Brightway solving, results."""

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

__all__ = [
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
