"""A calculated study: the model and what exporters read (result, resolved factors, matrices, solution)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from footprint.linking import FactorSet, FactorSource
from footprint.matrices import System
from footprint.model import Model, Process, Product, load_model
from footprint.result import Result
from footprint.solve import Solution


@dataclass(frozen=True)
class Study:
    """One model calculated once: every export and report of it reads the same numbers."""

    model: Model
    result: Result
    factor_set: FactorSet
    system: System
    solution: Solution

    @property
    def product(self) -> Product:
        return self.model.product

    @property
    def reference_process(self) -> Process:
        return self.model.processes[self.product.reference_flow.process]

    @property
    def reference_units(self) -> float:
        """Units of the reference product (in its process's output unit) per functional unit."""
        return float(self.system.demand_amount)

    @property
    def reference_unit(self) -> str:
        return self.system.columns[self.system.demand_col].unit

    def per_reference_unit(self, value: float) -> float:
        """A per-functional-unit value expressed per one unit of the reference product."""
        return value / self.reference_units

    def contribution_by_path(self) -> dict[str, float]:
        """kg CO2e per functional unit of each model amount (input or emission path), from the solution."""
        out: dict[str, float] = {}
        for k, value in enumerate(self.solution.entry_scores):
            label = self.system.params[int(self.system.b_param[k])].label
            out[label] = out.get(label, 0.0) + float(value)
        return out


def build_study(
    model: Model,
    source: FactorSource | None,
    *,
    gwp: str | None = None,
    iterations: int = 0,
    seed: int | None = None,
) -> Study:
    """Calculate `model` like `footprint.calculate` and keep the intermediate steps the exporters need."""
    from footprint.calculate import assemble, prepare
    from footprint.solve import solve

    factor_set, system = prepare(model, source, gwp=gwp)
    solution = solve(system)
    result = assemble(model, factor_set, system, solution, iterations=iterations, seed=seed)
    return Study(model, result, factor_set, system, solution)


def load_study(
    path: str | Path,
    source: FactorSource | None,
    *,
    gwp: str | None = None,
    iterations: int = 0,
    seed: int | None = None,
) -> Study:
    """Load a model file and calculate it."""
    return build_study(load_model(path), source, gwp=gwp, iterations=iterations, seed=seed)
