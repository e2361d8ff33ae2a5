"""From a validated model and its resolved factors to the numbers of the matrices.

Columns are products of processes (a multi-output process gives one column per product, each with its
allocated share of the inputs and emissions); rows of the technosphere are the same products.
Biosphere flows are the gases emitted directly plus one flow per factor, whose characterization factor
is the factor's value in kg CO2e per unit. Every matrix entry is ``multiplier × parameter``: a parameter
is one amount of the model (an input, an emission, a factor value) with its uncertainty, so an amount
that appears in several columns (allocation) is sampled once, as the same value.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from factors.gases import GASES
from footprint.errors import Issue, ModelError
from footprint.linking import FactorSet
from footprint.model import Model, Pedigree, Process, Uncertainty
from footprint.model_fast import frozen
from footprint.units import UnitError, convert, is_mass


@dataclass(frozen=True)
class Column:
    """One product of one process: the unit its amounts are in and its allocation share."""

    process: str
    product: str  # the process id for the main product, else the co-product id
    unit: str
    amount: float  # produced per operation of the process
    share: float  # allocation share of the process's inputs and emissions


@dataclass(frozen=True)
class Flow:
    kind: str  # "gas" | "factor"
    key: str  # the gas code or the factor reference as written in the model


@dataclass(frozen=True)
class Param:
    """One amount of the model with its uncertainty: what Monte Carlo samples."""

    label: str  # the model path, or "factors.<code>" for a factor value
    value: float
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None


@dataclass(frozen=True)
class System:
    """Matrix entries as parallel arrays (entry k = mult[k] × params[param[k]].value)."""

    columns: tuple[Column, ...]
    flows: tuple[Flow, ...]
    params: tuple[Param, ...]
    t_rows: np.ndarray
    t_cols: np.ndarray
    t_mult: np.ndarray  # negative for inputs, positive for production
    t_param: np.ndarray
    b_rows: np.ndarray
    b_cols: np.ndarray
    b_mult: np.ndarray
    b_param: np.ndarray
    c_mult: np.ndarray  # per flow
    c_param: np.ndarray  # per flow
    demand_col: int
    demand_amount: float

    def values(self, p: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Technosphere, biosphere and characterization values for parameter values `p` (default: static)."""
        if p is None:
            p = self.static_params
        return self.t_mult * p[self.t_param], self.b_mult * p[self.b_param], self.c_mult * p[self.c_param]

    @functools.cached_property
    def static_params(self) -> np.ndarray:
        """The parameters' static values (read-only; computed once: a system is immutable)."""
        p = np.array([x.value for x in self.params], dtype=float)
        p.flags.writeable = False
        return p

    @property
    def n(self) -> int:
        return len(self.columns)


ONE = 0  # parameter 0 is the constant 1 (production amounts, GWP values)


def build_system(model: Model, factors: FactorSet) -> System:
    """Lay out the model as matrix entries; raise `ModelError` for unit and allocation problems."""
    issues: list[Issue] = []
    columns: list[Column] = []
    col_of: dict[tuple[str, str], int] = {}
    for process in model.processes.values():
        for column in _columns(process, issues):
            col_of[(column.process, column.product)] = len(columns)
            columns.append(column)

    params: list[Param] = [Param("1", 1.0)]
    keys = factors.keys
    factor_refs = list(
        dict.fromkeys(
            keys.get(i.path, i.factor)
            for p in model.processes.values()
            for i in p.inputs
            if i.factor is not None
        )
    )
    gas_flows = sorted({e.gas for p in model.processes.values() for e in p.emissions}, key=GASES.index)
    flows = [Flow("gas", g) for g in gas_flows] + [Flow("factor", r) for r in factor_refs]
    flow_of = {(f.kind, f.key): i for i, f in enumerate(flows)}
    tech: list[tuple[int, int, float, int]] = []  # (row, the process's first column, multiplier, param)
    bio: list[tuple[int, int, float, int]] = []
    add_tech, add_bio, add_param = tech.append, bio.append, params.append
    first_of: dict[str, int] = {}
    for j, column in enumerate(columns):
        first_of.setdefault(column.process, j)
    col_unit = [c.unit for c in columns]
    records = factors.factors
    conversion = _conversion
    for process in model.processes.values():
        own = first_of.get(process.id, -1)
        for item in process.inputs:
            if item.amount == 0:
                continue
            pi = len(params)
            add_param(_param(item.path, item.amount, item.uncertainty, item.pedigree))
            if item.process is not None:
                supplier = col_of.get((item.process, item.product or item.process))
                if supplier is None:
                    continue  # reported by validation
                to_unit, what = col_unit[supplier], None
                k, known = conversion(item.unit, to_unit)
                if k != k and known:
                    what = f"the output unit of process {item.process!r}"
                add_tech((supplier, own, -k, pi))
            else:
                key = keys.get(item.path, item.factor or "")
                rf = records.get(key)
                if rf is None:
                    continue  # an unknown factor, reported by linking
                to_unit, what = rf.unit, None
                k, known = conversion(item.unit, to_unit)
                if k != k and known:
                    what = f"the unit of factor {rf.code!r}"
                add_bio((flow_of[("factor", key)], own, k, pi))
            if what is not None:
                issues.append(_dimension_issue(item.unit, to_unit, f"{item.path}.unit", what))
        for em in process.emissions:
            if em.amount == 0:
                continue
            pi = len(params)
            add_param(_param(em.path, em.amount, em.uncertainty, em.pedigree))
            k = _factor(em.unit, "kg", f"{em.path}.unit", issues, "a mass")
            add_bio((flow_of[("gas", em.gas)], own, k, pi))

    c_mult, c_param = [], []
    for flow in flows:
        if flow.kind == "gas":
            try:
                c_mult.append(factors.gwp.factor(flow.key))
            except KeyError as exc:
                issues.append(Issue("", str(exc)))
                c_mult.append(0.0)
            c_param.append(ONE)
        else:
            rf = factors.factors.get(flow.key)
            if rf is None:
                c_mult.append(0.0)
                c_param.append(ONE)
                continue
            c_param.append(len(params))
            c_mult.append(1.0)
            params.append(Param(f"factors.{flow.key}", rf.value, rf.uncertainty, rf.pedigree))

    rf_flow = model.product.reference_flow
    demand_col = col_of.get((rf_flow.process, rf_flow.product or rf_flow.process), -1)
    demand_amount = 0.0
    if demand_col >= 0:
        demand_amount = rf_flow.amount * _factor(
            rf_flow.unit,
            columns[demand_col].unit,
            "product.reference_flow.unit",
            issues,
            f"the output unit of process {rf_flow.process!r}",
        )
    if issues:
        raise ModelError(model.file, issues)

    shares = np.array([c.share for c in columns], dtype=float)
    count = np.bincount(
        np.array([first_of[c.process] for c in columns], dtype=np.int64), minlength=len(columns)
    )
    diagonal = np.arange(len(columns), dtype=np.int64)
    production = (diagonal, diagonal, np.array([c.amount for c in columns], dtype=float), diagonal * 0)
    t_rows, t_cols, t_mult, t_param = (
        np.concatenate(pair) for pair in zip(production, _spread(tech, shares, count), strict=True)
    )
    return System(
        tuple(columns),
        tuple(flows),
        tuple(params),
        t_rows,
        t_cols,
        t_mult,
        t_param,
        *_spread(bio, shares, count),
        np.asarray(c_mult, dtype=float),
        np.asarray(c_param, dtype=np.int64),
        demand_col,
        demand_amount,
    )


def _spread(
    entries: list[tuple[int, int, float, int]], shares: np.ndarray, count: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """rows, cols, mult, param of the entries (row, a process's first column, multiplier, parameter): one
    entry of a process with c columns becomes c entries in column order (a process's columns are
    consecutive), its multiplier times each column's allocation share."""
    table = np.array(entries, dtype=float).reshape(-1, 4)  # the indices are exact in float64
    rows, cols, mult, param = (
        table[:, 0].astype(np.int64),
        table[:, 1].astype(np.int64),
        table[:, 2],
        table[:, 3],
    )
    param = param.astype(np.int64)
    n = count[cols]
    if len(n) and not (n == 1).all():
        pick = np.repeat(np.arange(len(cols)), n)
        start = np.cumsum(n) - n
        cols = cols[pick] + (np.arange(len(pick)) - start[pick])
        rows, mult, param = rows[pick], mult[pick], param[pick]
    return rows, cols, mult * shares[cols], param


def _param(label: str, value: float, uncertainty: Uncertainty | None, pedigree: Pedigree | None) -> Param:
    """A `Param` made without its dataclass `__init__` (see `footprint.model_fast.frozen`)."""
    return frozen(Param, {"label": label, "value": value, "uncertainty": uncertainty, "pedigree": pedigree})


def _dimension_issue(from_unit: str, to_unit: str, path: str, what: str) -> Issue:
    return Issue(
        path, f"unit {from_unit!r} cannot be converted to {to_unit!r} ({what}): the dimensions differ"
    )


def _factor(from_unit: str, to_unit: str, path: str, issues: list[Issue], what: str) -> float:
    k, known = _conversion(from_unit, to_unit)
    if known and math.isnan(k):
        issues.append(_dimension_issue(from_unit, to_unit, path, what))
    return k


@functools.lru_cache(maxsize=4096)
def _conversion(from_unit: str, to_unit: str) -> tuple[float, bool]:
    """(factor, whether both units are known): NaN for an unknown unit (already reported by the
    validation, so `known` is False) or different dimensions. A model repeats a few unit pairs many times."""
    from footprint.units import check_unit

    try:
        check_unit(from_unit), check_unit(to_unit)
    except UnitError:
        return math.nan, False
    try:
        return convert(1.0, from_unit, to_unit), True
    except UnitError:
        return math.nan, True


def _columns(process: Process, issues: list[Issue]) -> list[Column]:
    out = process.output
    if not process.co_products:
        return [Column(process.id, process.id, out.unit, out.amount, 1.0)]
    products = [(process.id, out.amount, out.unit, out.price, out.mass, f"processes.{process.id}.output")]
    products += [
        (c.id, c.amount, c.unit, c.price, c.mass, f"processes.{process.id}.co_products[{i}]")
        for i, c in enumerate(process.co_products)
    ]
    shares = _shares(process, products, issues)
    return [
        Column(process.id, pid, unit, amount, shares.get(pid, math.nan))
        for pid, amount, unit, _price, _mass, _path in products
    ]


def _shares(process: Process, products: list, issues: list[Issue]) -> Mapping[str, float]:
    alloc = process.allocation
    if alloc is None:
        return {}
    if alloc.method == "shares":
        return dict(alloc.shares)
    if alloc.method == "system_expansion":  # co-products carry no burden: their substitutions give credits
        return {pid: 1.0 if pid == process.id else 0.0 for pid, *_rest in products}
    weights: dict[str, float] = {}
    for pid, amount, unit, price, mass, path in products:
        if alloc.method == "economic":
            weights[pid] = amount * (price or 0.0)
        elif is_mass(unit):
            weights[pid] = convert(amount, unit, "kg")
        elif mass is not None:
            weights[pid] = amount * convert(mass.amount, mass.unit, "kg")
        else:
            issues.append(
                Issue(
                    f"{path}.mass",
                    f"mass allocation needs the mass of one {unit} (e.g. mass: 1.2 kg) "
                    "or an output in a mass unit",
                )
            )
            weights[pid] = math.nan
    total = sum(weights.values())
    if not total > 0:
        if not any(math.isnan(w) for w in weights.values()):
            issues.append(
                Issue(f"processes.{process.id}.allocation", f"{alloc.method} allocation weights add up to 0")
            )
        return {pid: math.nan for pid in weights}
    return {pid: w / total for pid, w in weights.items()}
