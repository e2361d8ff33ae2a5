"""The one module that talks to Brightway: in-memory bw_processing datapackages solved by bw2calc.LCA.

bw2calc and bw_processing are imported lazily (≈1 s) so that commands that do not calculate stay fast;
bw2data is never imported (it is not installed by default: see ../shared/research/brightway.md §8).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from footprint.errors import CalculationError, SingularSystem
from footprint.matrices import System

FLOW_OFFSET = 1_000_000_000  # biosphere ids kept disjoint from activity ids


@dataclass(frozen=True)
class Solution:
    """The static solution per functional unit."""

    supply: np.ndarray  # operations of each column (process product) per functional unit
    score: float  # kg CO2e per functional unit
    entry_scores: np.ndarray  # characterized value of each biosphere entry (same order as System.b_*)
    unit_scores: np.ndarray  # kg CO2e per one unit of each column's product (cumulative, upstream)
    direct: np.ndarray  # kg CO2e per operation of each column (its own entries)


def _bw():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="bw2calc")
        import bw2calc
        import bw_processing

    return bw2calc, bw_processing


def datapackage(
    system: System,
    values: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    *,
    distributions: bool = False,
):
    """The system as an in-memory bw_processing datapackage (technosphere, biosphere, characterization)."""
    _, bwp = _bw()
    t, b, c = values if values is not None else system.values()
    dp = bwp.create_datapackage(sequential=True)

    def indices(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        idx = np.empty(len(rows), dtype=bwp.INDICES_DTYPE)
        idx["row"], idx["col"] = rows, cols
        return idx

    extra = {}
    if distributions:
        from footprint.uncertainty import entry_distributions

        extra = entry_distributions(system, bwp.UNCERTAINTY_DTYPE)
    dp.add_persistent_vector(
        matrix="technosphere_matrix",
        name="technosphere",
        indices_array=indices(system.t_rows, system.t_cols),
        data_array=np.abs(t),
        flip_array=t < 0,
        **({"distributions_array": extra["t"]} if extra else {}),
    )
    dp.add_persistent_vector(
        matrix="biosphere_matrix",
        name="biosphere",
        indices_array=indices(system.b_rows + FLOW_OFFSET, system.b_cols),
        data_array=b,
        **({"distributions_array": extra["b"]} if extra else {}),
    )
    flow_ids = np.arange(len(system.flows), dtype=np.int64) + FLOW_OFFSET
    dp.add_persistent_vector(
        matrix="characterization_matrix",
        name="characterization",
        indices_array=indices(flow_ids, flow_ids),
        data_array=c,
        **({"distributions_array": extra["c"]} if extra else {}),
    )
    return dp


FILL_LIMIT = 20  # factor entries per matrix entry beyond which the natural order is given up for COLAMD


def factorize(a: sparse.spmatrix) -> sparse.linalg.SuperLU:
    """An LU factorization of a technosphere matrix, in the order of the model's processes when that works.

    A product model lists a process before its suppliers, so its matrix is nearly triangular and the natural
    order factorizes with almost no fill; the fill-reducing COLAMD order (scipy's default) makes the fill –
    and the time – grow about quadratically with the number of processes on such matrices (17 s instead of
    0.1 s at 20,000 processes). COLAMD is kept for the matrices where the natural order fills in badly.
    """
    a = sparse.csc_matrix(a)
    lu = sparse.linalg.splu(a, permc_spec="NATURAL")
    if lu.L.nnz + lu.U.nnz > FILL_LIMIT * max(a.nnz, 1):
        other = sparse.linalg.splu(a, permc_spec="COLAMD")
        if other.L.nnz + other.U.nnz < lu.L.nnz + lu.U.nnz:
            return other
    return lu


def _lca_class(bc):
    """bw2calc.LCA solving its technosphere with `factorize` (one factorization, reused for the adjoint)."""

    class LCA(bc.LCA):
        lu: sparse.linalg.SuperLU | None = None

        def _spsolve(self, matrix, rhs):
            if np.ndim(rhs) != 1:
                return super()._spsolve(matrix, rhs)
            self.lu = factorize(matrix)
            return self.lu.solve(np.asarray(rhs, dtype=float))

    return LCA


def solve(system: System) -> Solution:
    """Solve the static system with bw2calc.LCA and derive unit scores with one adjoint solve."""
    bc, _ = _bw()
    t, b, c = system.values()
    n = system.n
    if system.demand_col < 0:
        raise CalculationError("the reference flow names no product of the system")
    a = sparse.csc_matrix((t, (system.t_rows, system.t_cols)), shape=(n, n))
    if not np.any(b):
        # Nothing is emitted anywhere: bw2calc refuses an empty biosphere, the footprint is simply zero.
        supply, score = _bare_supply(system, a, t), 0.0
    else:
        lca = _lca_class(bc)(
            demand={system.demand_col: system.demand_amount}, data_objs=[datapackage(system, (t, b, c))]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error", category=sparse.linalg.MatrixRankWarning)
            try:
                lca.lci()
            except (sparse.linalg.MatrixRankWarning, RuntimeError) as exc:
                raise SingularSystem(_singular_message(system, t)) from exc
            lca.lcia()
        mapping = lca.dicts.activity
        order = np.fromiter((mapping[j] for j in range(n)), dtype=np.int64, count=n)
        supply = np.asarray(lca.supply_array, dtype=float)[order]
        score = float(lca.score)
    if not np.all(np.isfinite(supply)):
        raise SingularSystem(_singular_message(system, t))
    if np.any(supply < -1e-9 * max(1.0, float(np.abs(supply).max()))):
        bad = [system.columns[j].process for j in np.flatnonzero(supply < 0)]
        raise CalculationError(
            "the system needs a negative amount of "
            + ", ".join(sorted(set(bad)))
            + ": a loop consumes more of a product than it makes"
        )
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below, with its reason
        entry = c[system.b_rows] * b * supply[system.b_cols]
        direct = np.bincount(system.b_cols, weights=c[system.b_rows] * b, minlength=n)
    with (
        warnings.catch_warnings(),
        np.errstate(over="ignore", invalid="ignore"),
    ):  # refused below if not finite
        warnings.simplefilter("error", category=sparse.linalg.MatrixRankWarning)
        try:
            unit_scores = factorize(a).solve(direct, trans="T") if n > 1 else direct / a.toarray()[0, 0]
        except (sparse.linalg.MatrixRankWarning, RuntimeError) as exc:
            raise SingularSystem(_singular_message(system, t)) from exc
    unit_scores = np.atleast_1d(np.asarray(unit_scores, dtype=float))
    if not (math.isfinite(score) and np.all(np.isfinite(entry)) and np.all(np.isfinite(unit_scores))):
        raise CalculationError(
            "the footprint is not a finite number (it exceeds 1.8e308 kg CO2e): an amount or a factor is far too "
            "large – check the units and magnitudes of the largest inputs and emissions"
        )
    return Solution(supply, score, entry, unit_scores, direct)


def _bare_supply(system: System, a: sparse.csc_matrix, t: np.ndarray) -> np.ndarray:
    f = np.zeros(system.n)
    f[system.demand_col] = system.demand_amount
    with warnings.catch_warnings():
        warnings.simplefilter("error", category=sparse.linalg.MatrixRankWarning)
        try:
            x = factorize(a).solve(f) if system.n > 1 else f / a.toarray()[0, 0]
        except (sparse.linalg.MatrixRankWarning, ZeroDivisionError, FloatingPointError, RuntimeError) as exc:
            raise SingularSystem(_singular_message(system, t)) from exc
    return np.atleast_1d(np.asarray(x, dtype=float))


def _singular_message(system: System, t: np.ndarray) -> str:
    from scipy.sparse.csgraph import connected_components

    n = system.n
    net = np.bincount(
        system.t_cols[system.t_rows == system.t_cols], weights=t[system.t_rows == system.t_cols], minlength=n
    )
    selfish = sorted({system.columns[j].process for j in np.flatnonzero(net <= 0)})
    if selfish:
        return (
            "the system cannot be solved (singular technosphere matrix): a process consumes at least as "
            "much of its own product as it makes, so none of it can leave. Loops: "
            + "; ".join(f"{p} ↔ {p}" for p in selfish)
        )
    graph = sparse.csr_matrix((np.ones_like(t), (system.t_rows, system.t_cols)), shape=(n, n))
    count, labels = connected_components(graph, directed=True, connection="strong")
    loops = [sorted({system.columns[j].process for j in np.flatnonzero(labels == k)}) for k in range(count)]
    loops = [members for members in loops if len(members) > 1]
    where = "; ".join(" ↔ ".join(m) for m in loops) if loops else "no loop found"
    return (
        "the system cannot be solved (singular technosphere matrix): a loop of processes consumes all it "
        f"produces, so no amount of it can leave the loop. Loops: {where}"
    )


def brightway_monte_carlo(system: System, iterations: int, seed: int) -> np.ndarray:
    """Reference Monte Carlo with bw2calc's own sampling (entries sampled independently), for benchmarks."""
    bc, _ = _bw()
    lca = bc.LCA(
        demand={system.demand_col: system.demand_amount},
        data_objs=[datapackage(system, distributions=True)],
        use_distributions=True,
        seed_override=seed,
    )
    lca.lci()
    lca.lcia()
    scores = np.empty(iterations)
    for i in range(iterations):
        next(lca)
        scores[i] = lca.score
    return scores
