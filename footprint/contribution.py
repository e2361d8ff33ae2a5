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
    direct: dict[str, float]  # per process: its own direct emissions
    inputs: dict[str, dict[str, float]]  # per process: contribution of each factor input


def breakdown(model: Model, system: System, factors: FactorSet, solution: Solution) -> Breakdown:
    """Split the total over processes, stages, factors and gases; every split sums to the total."""
    entry = solution.entry_scores
    pids = list(model.processes)
    proc_index = {pid: i for i, pid in enumerate(pids)}
    col_proc = np.fromiter((proc_index[c.process] for c in system.columns), dtype=np.int64, count=system.n)
    entry_proc = col_proc[system.b_cols]
    is_gas = np.fromiter((f.kind == "gas" for f in system.flows), dtype=bool, count=len(system.flows))
    gas_entry = is_gas[system.b_rows]
    per_process = np.bincount(entry_proc, weights=entry, minlength=len(pids))
    per_direct = np.bincount(entry_proc[gas_entry], weights=entry[gas_entry], minlength=len(pids))
    per_flow = np.bincount(system.b_rows, weights=entry, minlength=len(system.flows))
    by_process = dict(zip(pids, per_process.astype(float).tolist(), strict=True))  # an empty bincount is int
    direct = dict(zip(pids, per_direct.astype(float).tolist(), strict=True))
    inputs: dict[str, dict[str, float]] = {pid: {} for pid in pids}
    factor_entries = np.flatnonzero(~gas_entry)
    if len(factor_entries):
        keys = entry_proc[factor_entries] * len(system.flows) + system.b_rows[factor_entries]
        uniq, inverse = np.unique(keys, return_inverse=True)
        sums = np.bincount(inverse, weights=entry[factor_entries])
        for key, value in zip(uniq.tolist(), sums.tolist(), strict=True):
            pid, flow = pids[key // len(system.flows)], system.flows[key % len(system.flows)]
            inputs[pid][flow.key] = value
    by_factor: dict[str, float] = {}
    by_gas: dict[str, float] = {}
    for i, flow in enumerate(system.flows):
        value = float(per_flow[i])
        if flow.kind == "gas":
            by_gas[flow.key] = by_gas.get(flow.key, 0.0) + value
            by_factor[DIRECT] = by_factor.get(DIRECT, 0.0) + value
            continue
        by_factor[flow.key] = value
        rf = factors.factors[flow.key]
        total = sum(rf.co2e_by_gas.values())
        for gas, part in rf.co2e_by_gas.items():
            by_gas[gas] = by_gas.get(gas, 0.0) + value * (part / total if total else 0.0)
    by_stage: dict[str, float] = {}
    for pid, process in model.processes.items():
        stage = str(process.stage)  # the plain text of the StrEnum member, cheaper than `.value`
        by_stage[stage] = by_stage.get(stage, 0.0) + by_process[pid]
    return Breakdown(by_process, by_stage, by_factor, by_gas, direct, inputs)


def supply_by_process(model: Model, system: System, solution: Solution) -> dict[str, float]:
    """Operations of each process per functional unit, in units of its main output.

    A multi-output process counts the operations of all its allocated columns, so a process used only
    for a co-product still shows how much of it runs.
    """
    out = {pid: 0.0 for pid in model.processes}
    processes = model.processes
    amounts = np.array([processes[c.process].output.amount for c in system.columns], dtype=float)
    for column, value in zip(system.columns, (solution.supply * amounts).tolist(), strict=True):
        out[column.process] += value
    return out


def upstream_tree(
    model: Model,
    system: System,
    solution: Solution,
    *,
    cutoff: float = 0.01,
    max_depth: int = 12,
    max_nodes: int = 400,
) -> dict[str, Any]:
    """The reference product and, recursively, what it draws from other processes.

    A node shows the amount of the product needed, its own contribution at that amount (direct emissions
    plus its factor inputs) and its
    cumulative upstream total. Branches below `cutoff` × total are left out (their sum is reported as
    `cut_off`); a product that reappears under itself is marked `loop` and not expanded again (its
    cumulative value already includes the loop, solved exactly).
    """
    n = system.n
    values = system.values()[0]
    on_diagonal = system.t_rows == system.t_cols
    diag = np.bincount(system.t_cols[on_diagonal], weights=values[on_diagonal], minlength=n)
    off = np.flatnonzero(~on_diagonal)
    off = off[np.argsort(system.t_cols[off], kind="stable")]  # by column, in entry order within one
    bounds = np.searchsorted(system.t_cols[off], np.arange(n + 1)).tolist()
    off_rows, off_values = system.t_rows[off].tolist(), (-values[off]).tolist()

    def inputs_of(j: int) -> list[tuple[int, float]]:
        lo, hi = bounds[j], bounds[j + 1]
        return list(zip(off_rows[lo:hi], off_values[lo:hi], strict=True))

    total = solution.score
    threshold = abs(total) * cutoff
    budget = [max_nodes]

    def node(j: int, amount: float, ancestors: tuple[int, ...], depth: int) -> dict[str, Any]:
        column = system.columns[j]
        process = model.processes[column.process]
        operations = amount / diag[j] if diag[j] else 0.0
        item: dict[str, Any] = {
            "process": column.process,
            "product": column.product,
            "name": process.name.as_dict(),
            "stage": str(process.stage),
            "amount": amount,
            "unit": column.unit,
            "own": float(operations * solution.direct[j]),
            "total": float(amount * solution.unit_scores[j]),
            "children": [],
        }
        if j in ancestors:
            item["loop"] = True
            return item
        budget[0] -= 1
        if depth >= max_depth or budget[0] <= 0:
            item["truncated"] = bool(inputs_of(j))
            return item
        merged: dict[int, float] = {}
        for supplier, per_op in inputs_of(j):
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
