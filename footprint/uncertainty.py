"""Monte Carlo over the uncertainty of model amounts and factor values, seeded and repeatable.

Parameters (one per model amount or factor value, see `footprint.matrices`) are sampled with
stats_arrays, the sampler Brightway uses, all iterations at once; each iteration then solves the
technosphere with the sampled values. Small systems are solved as a batch of dense LU factorizations,
larger ones with a sparse LU per iteration. The share of variance by parameter is the normalised
squared Spearman rank correlation between the parameter and the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import splu

from footprint.matrices import System
from footprint.pedigree import pedigree_sigma

# stats_arrays uncertainty type ids
NO_UNCERTAINTY, LOGNORMAL, NORMAL, UNIFORM, TRIANGULAR = 1, 2, 3, 4, 5
DENSE_LIMIT = 150  # solve systems up to this many columns as dense batches
BATCH = 256


@dataclass(frozen=True)
class MonteCarloResult:
    iterations: int
    seed: int
    scores: np.ndarray = field(repr=False)
    mean: float
    median: float
    sd: float
    p2_5: float
    p97_5: float
    variance_shares: dict[str, float]

    def summary(self) -> dict[str, object]:
        return {
            "iterations": self.iterations,
            "seed": self.seed,
            "mean": self.mean,
            "median": self.median,
            "sd": self.sd,
            "cv": self.sd / self.mean if self.mean else None,
            "p2_5": self.p2_5,
            "p97_5": self.p97_5,
            "variance_shares": self.variance_shares,
        }


def param_array(system: System, dtype: np.dtype | None = None) -> np.ndarray:
    """stats_arrays parameter rows for the system's parameters (static value where no uncertainty)."""
    if dtype is None:
        from stats_arrays import UncertaintyBase

        dtype = UncertaintyBase.from_dicts({"loc": 1.0}).dtype
    arr = np.zeros(len(system.params), dtype=dtype)
    for name in ("loc", "scale", "shape", "minimum", "maximum"):
        arr[name] = np.nan
    arr["negative"] = False
    for i, p in enumerate(system.params):
        _fill(arr[i : i + 1], p.value, p.uncertainty, p.pedigree, 1.0)
    return arr


def _fill(row: np.ndarray, value: float, unc, ped, k: float) -> None:
    """Write the distribution of `k × value` into one stats_arrays row."""
    v = k * value
    row["loc"] = v
    row["uncertainty_type"] = NO_UNCERTAINTY
    if (unc is None and ped is None) or v == 0:
        return
    if unc is None:
        row["uncertainty_type"], row["loc"], row["scale"] = LOGNORMAL, math.log(abs(v)), pedigree_sigma(ped)
        row["negative"] = v < 0
    elif unc.distribution == "lognormal":
        row["uncertainty_type"], row["loc"], row["scale"] = LOGNORMAL, math.log(abs(v)), math.log(unc.gsd)
        row["negative"] = v < 0
    elif unc.distribution == "normal":
        row["uncertainty_type"], row["scale"] = NORMAL, abs(k) * unc.sd
    else:
        lo, hi = sorted((k * unc.minimum, k * unc.maximum))
        row["uncertainty_type"] = TRIANGULAR if unc.distribution == "triangular" else UNIFORM
        row["minimum"], row["maximum"] = lo, hi


def entry_distributions(system: System, dtype: np.dtype) -> dict[str, np.ndarray]:
    """Per-entry distributions for bw_processing (Brightway samples entries independently)."""
    out = {}
    for name, mults, params, absolute in (
        ("t", system.t_mult, system.t_param, True),
        ("b", system.b_mult, system.b_param, False),
        ("c", system.c_mult, system.c_param, False),
    ):
        arr = np.zeros(len(mults), dtype=dtype)
        for col in ("loc", "scale", "shape", "minimum", "maximum"):
            arr[col] = np.nan
        for k, (m, pi) in enumerate(zip(mults, params, strict=True)):
            p = system.params[pi]
            _fill(arr[k : k + 1], p.value, p.uncertainty, p.pedigree, abs(m) if absolute else m)
        out[name] = arr
    return out


def sample(system: System, iterations: int, seed: int) -> np.ndarray:
    """Parameter samples, shape (n_params, iterations); parameters without uncertainty stay constant."""
    from stats_arrays import MCRandomNumberGenerator

    params = param_array(system)
    rng = MCRandomNumberGenerator(params, seed=seed)
    draws = rng.generate(max(iterations, 2))[:, :iterations]
    return np.asarray(draws, dtype=float)


def monte_carlo(system: System, iterations: int, seed: int | None = None) -> MonteCarloResult:
    """Run `iterations` draws; the same system and seed give the same numbers, bit for bit."""
    if iterations < 2:
        raise ValueError(f"Monte Carlo needs at least 2 iterations, got {iterations}")
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0] % (2**31 - 1))
    samples = sample(system, iterations, seed)
    scores = _scores(system, samples)
    shares = _variance_shares(system, samples, scores)
    return MonteCarloResult(
        iterations,
        seed,
        scores,
        float(np.mean(scores)),
        float(np.median(scores)),
        float(np.std(scores, ddof=1)),
        float(np.percentile(scores, 2.5)),
        float(np.percentile(scores, 97.5)),
        shares,
    )


def _scores(system: System, samples: np.ndarray) -> np.ndarray:
    n = system.n
    f = np.zeros(n)
    f[system.demand_col] = system.demand_amount
    if n <= DENSE_LIMIT:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, user_api="blas"):  # many tiny solves: threads only contend
            return _dense_scores(system, samples, f)
    return _sparse_scores(system, samples, f)


def _dense_scores(system: System, samples: np.ndarray, f: np.ndarray) -> np.ndarray:
    n, iterations = system.n, samples.shape[1]
    scores = np.empty(iterations)
    flat = system.t_rows * n + system.t_cols
    for start in range(0, iterations, BATCH):
        block = samples[:, start : start + BATCH]
        m = block.shape[1]
        tv = system.t_mult[:, None] * block[system.t_param]  # (entries, m)
        where = (flat[:, None] + np.arange(m) * (n * n)).ravel()
        dense = np.bincount(where, weights=tv.ravel(), minlength=m * n * n).reshape(m, n, n)
        x = np.linalg.solve(dense, np.broadcast_to(f, (m, n))[..., None])[..., 0]
        bv = system.b_mult[:, None] * block[system.b_param]
        cv = system.c_mult[:, None] * block[system.c_param]
        scores[start : start + m] = np.einsum("km,km->m", cv[system.b_rows] * bv, x.T[system.b_cols])
    return scores


def _sparse_scores(system: System, samples: np.ndarray, f: np.ndarray) -> np.ndarray:
    n, iterations = system.n, samples.shape[1]
    scores = np.empty(iterations)
    order = np.lexsort((system.t_rows, system.t_cols))
    key = system.t_cols[order] * n + system.t_rows[order]
    uniq, starts = np.unique(key, return_index=True)
    indices = (uniq % n).astype(np.int32)
    indptr = np.searchsorted(uniq // n, np.arange(n + 1)).astype(np.int32)
    for i in range(iterations):
        p = samples[:, i]
        data = np.add.reduceat((system.t_mult * p[system.t_param])[order], starts)
        x = splu(sparse.csc_matrix((data, indices, indptr), shape=(n, n))).solve(f)
        scores[i] = np.dot(
            (system.c_mult * p[system.c_param])[system.b_rows] * system.b_mult * p[system.b_param],
            x[system.b_cols],
        )
    return scores


def _variance_shares(system: System, samples: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    varying = [i for i in range(samples.shape[0]) if np.ptp(samples[i]) > 0]
    if not varying or np.ptp(scores) == 0:
        return {}
    ranks_x = np.argsort(np.argsort(samples[varying], axis=1, kind="stable"), axis=1).astype(float)
    ranks_y = _ranks(scores)
    ranks_x -= ranks_x.mean(axis=1, keepdims=True)
    ry = ranks_y - ranks_y.mean()
    denom = np.sqrt((ranks_x**2).sum(axis=1) * (ry**2).sum())
    r = np.divide(ranks_x @ ry, denom, out=np.zeros(len(varying)), where=denom > 0)
    rho2 = {system.params[i].label: float(v * v) for i, v in zip(varying, r, strict=True)}
    total = sum(rho2.values())
    if total <= 0:
        return {}
    ordered = sorted(rho2.items(), key=lambda kv: (-kv[1], kv[0]))
    return {label: value / total for label, value in ordered}


def _ranks(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x))
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    return r
