"""Contribution analysis of a solved system: by process, stage, factor and gas, and the upstream tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from footprint.linking import FactorSet
from footprint.matrices import System
from footprint.model import Model
from footprint.solve import Solution


# The key under which `by_factor` gathers the direct (scope 1) emissions of the processes, so that the
# split by factor, like the others, sums to the total.
DIRECT = "(direct emissions)"


@dataclass(frozen=True)
class Breakdown:
    by_process: dict[str, float]
    by_stage: dict[str, float]
    by_factor: dict[str, float]
    by_gas: dict[str, float]
    direct: dict[str, float]                    # per process: its own direct emissions
    inputs: dict[str, dict[str, float]]         # per process: contribution of each factor input


def breakdown(model: Model, system: System, factors: FactorSet, solution: Solution) -> Breakdown:
    """Split the total over processes, stages, factors and gases; every split sums to the total."""
    entry = solution.entry_scores
    by_process = {pid: 0.0 for pid in model.processes}
    direct = {pid: 0.0 for pid in model.processes}
    inputs: dict[str, dict[str, float]] = {pid: {} for pid in model.processes}
    by_factor: dict[str, float] = {}
    by_gas: dict[str, float] = {}
    for k in range(len(entry)):
        value = float(entry[k])
        column = system.columns[system.b_cols[k]]
        flow = system.flows[system.b_rows[k]]
        by_process[column.process] += value
        if flow.kind == "gas":
            direct[column.process] += value
            by_gas[flow.key] = by_gas.get(flow.key, 0.0) + value
            by_factor[DIRECT] = by_factor.get(DIRECT, 0.0) + value
        else:
            inputs[column.process][flow.key] = inputs[column.process].get(flow.key, 0.0) + value
            by_factor[flow.key] = by_factor.get(flow.key, 0.0) + value
            rf = factors.factors[flow.key]
            total = sum(rf.co2e_by_gas.values())
            for gas, part in rf.co2e_by_gas.items():
                share = part / total if total else 0.0
                by_gas[gas] = by_gas.get(gas, 0.0) + value * share
    by_stage: dict[str, float] = {}
    for pid, process in model.processes.items():
        by_stage[process.stage.value] = by_stage.get(process.stage.value, 0.0) + by_process[pid]
    return Breakdown(by_process, by_stage, by_factor, by_gas, direct, inputs)


def supply_by_process(model: Model, system: System, solution: Solution) -> dict[str, float]:
    """Operations of each process per functional unit, in units of its main output.

    A multi-output process counts the operations of all its allocated columns, so a process used only
    for a co-product still shows how much of it runs.
    """
    out = {pid: 0.0 for pid in model.processes}
    for j, column in enumerate(system.columns):
        out[column.process] += float(solution.supply[j] * model.processes[column.process].output.amount)
    return out


def upstream_tree(model: Model, system: System, solution: Solution, *, cutoff: float = 0.01,
                  max_depth: int = 12, max_nodes: int = 400) -> dict[str, Any]:
    """The reference product and, recursively, what it draws from other processes.

    A node shows the amount of the product needed, its own contribution at that amount (direct emissions
    plus its factor inputs) and its
    cumulative upstream total. Branches below `cutoff` × total are left out (their sum is reported as
    `cut_off`); a product that reappears under itself is marked `loop` and not expanded again (its
    cumulative value already includes the loop, solved exactly).
    """
    n = system.n
    inputs_of: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    diag = np.zeros(n)
    for r, c, m, p in zip(system.t_rows, system.t_cols, system.t_mult, system.t_param, strict=True):
        v = m * system.params[p].value
        if r == c:
            diag[c] += v
        else:
            inputs_of[c].append((int(r), -v))
    total = solution.score
    threshold = abs(total) * cutoff
    budget = [max_nodes]

    def node(j: int, amount: float, ancestors: tuple[int, ...], depth: int) -> dict[str, Any]:
        column = system.columns[j]
        process = model.processes[column.process]
        operations = amount / diag[j] if diag[j] else 0.0
        item: dict[str, Any] = {
            "process": column.process, "product": column.product,
            "name": process.name.as_dict(), "stage": process.stage.value,
            "amount": amount, "unit": column.unit,
            "own": float(operations * solution.direct[j]),
            "total": float(amount * solution.unit_scores[j]),
            "children": [],
        }
        if j in ancestors:
            item["loop"] = True
            return item
        budget[0] -= 1
        if depth >= max_depth or budget[0] <= 0:
            item["truncated"] = bool(inputs_of[j])
            return item
        merged: dict[int, float] = {}
        for supplier, per_op in inputs_of[j]:
            merged[supplier] = merged.get(supplier, 0.0) + per_op * operations
        cut = 0.0
        for supplier, need in sorted(merged.items()):
            value = need * solution.unit_scores[supplier]
            if abs(value) < threshold:
                cut += value
                continue
            item["children"].append(node(supplier, need, (*ancestors, j), depth + 1))
        item["children"].sort(key=lambda c: -abs(c["total"]))
        if cut:
            item["cut_off"] = float(cut)
        return item

    return node(system.demand_col, system.demand_amount, (), 0)
