"""Monte Carlo over the uncertainty of model amounts and factor values, seeded and repeatable.

Parameters (one per model amount or factor value, see `footprint.matrices`) are described as stats_arrays
rows (Brightway's distributions, validated by stats_arrays) and drawn with one seeded numpy Generator, all
iterations at once; `footprint.mc_batch` then solves the technosphere for batches of iterations. The share
of variance by parameter is the normalised squared Spearman rank correlation between parameter and result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from footprint import mc_batch
from footprint.matrices import System
from footprint.mc_draws import (  # re-exported: the parameter rows belong to this module's API
    LOGNORMAL,
    NO_UNCERTAINTY,
    NORMAL,
    TRIANGULAR,
    UNIFORM,
    draws,
    entry_distributions,
    param_array,
)

__all__ = [
    "LOGNORMAL",
    "NORMAL",
    "NO_UNCERTAINTY",
    "TRIANGULAR",
    "UNIFORM",
    "MonteCarloResult",
    "draws",
    "entry_distributions",
    "monte_carlo",
    "param_array",
    "sample",
]

DENSE_LIMIT = mc_batch.DENSE_LIMIT  # loops up to this many processes are solved as dense batches
# OpenBLAS factorizes (getrf/getrs) a matrix of fewer than 10,000 entries on one thread anyway
# (interface/lapack/getrf.c); only larger loops need BLAS held to one thread for the many small solves.
THREADED_LOOP = 100
SHARE_BLOCK = 262_144  # sort keys made at once by the variance shares (2 MB: stays in the cache)


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


def sample(system: System, iterations: int, seed: int) -> np.ndarray:
    """Parameter samples, shape (n_params, iterations); parameters without uncertainty stay constant."""
    base, uncertain, values = draws(system, iterations, seed)
    out = np.repeat(base[:, None], iterations, axis=1)
    out[uncertain] = values
    return out


def monte_carlo(system: System, iterations: int, seed: int | None = None) -> MonteCarloResult:
    """Run `iterations` draws; the same system and seed give the same numbers, bit for bit."""
    if iterations < 2:
        raise ValueError(f"Monte Carlo needs at least 2 iterations, got {iterations}")
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0] % (2**31 - 1))
    base, uncertain, values = draws(system, iterations, seed)
    scores = _scores(system, base, uncertain, values)
    shares = _variance_shares(system, uncertain, values, scores)
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


def _scores(system: System, base: np.ndarray, uncertain: np.ndarray, values: np.ndarray) -> np.ndarray:
    layout = mc_batch.plan(system, base, uncertain)
    if layout.largest_loop < THREADED_LOOP:  # (threadpoolctl re-reads the loaded libraries: ~5 ms a call)
        return mc_batch.scores(system, base, uncertain, values, layout=layout, dense_limit=DENSE_LIMIT)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"):  # many tiny dense solves: threads only contend
        return mc_batch.scores(system, base, uncertain, values, layout=layout, dense_limit=DENSE_LIMIT)


def _variance_shares(
    system: System, uncertain: np.ndarray, values: np.ndarray, scores: np.ndarray
) -> dict[str, float]:
    """Normalised squared Spearman correlations of the varying parameters with the score."""
    n = len(scores)
    if np.ptp(scores) == 0:
        return {}
    ry = _ranks(scores) - (n - 1) / 2
    positions = np.arange(n, dtype=float)
    spread = n * (n * n - 1) / 12  # of the ranks 0 … n−1 (no ties: see `_orders`)
    rho2: dict[str, float] = {}
    step = max(1, SHARE_BLOCK // n)
    for start in range(0, len(values), step):  # cache-sized blocks of parameters
        block = values[start : start + step]
        low = block.min(axis=1)
        varying = block.max(axis=1) > low
        if not varying.any():
            continue
        rows = block[varying] if not varying.all() else block
        rho = ry[_orders(rows, positive=bool(low[varying].min() > 0))] @ positions / spread
        for i, r in zip(uncertain[start : start + step][varying], rho, strict=True):
            rho2[system.params[i].label] = float(r * r)
    total = sum(rho2.values())
    if total <= 0:
        return {}
    ordered = sorted(rho2.items(), key=lambda kv: (-kv[1], kv[0]))
    return {label: value / total for label, value in ordered}


def _orders(x: np.ndarray, *, positive: bool = False) -> np.ndarray:
    """Per row, the positions that sort it: a stable argsort made of one fast integer sort.

    Each value becomes an order-preserving 64-bit key whose lowest bits are replaced by its position, so
    equal values keep their order (as a stable argsort) and values closer than 2⁻³⁸ relative (at 10,000
    iterations) are ordered by position as if they were equal: the ranks of a continuous sample. The bits
    of positive numbers are already in their order (`positive`: every value > 0); others are flipped so.
    """
    n = x.shape[1]
    low = np.uint64((1 << (n - 1).bit_length()) - 1)
    if positive:
        key = np.ascontiguousarray(x, dtype=np.float64).view(np.uint64) & ~low
    else:  # negative: all bits flipped; positive: the sign bit set (−0.0 + 0.0 is +0.0, as argsort sees it)
        raw = (np.asarray(x, dtype=np.float64) + 0.0).view(np.uint64)
        key = raw ^ ((raw.view(np.int64) >> 63).view(np.uint64) | np.uint64(1 << 63))
        key &= ~low
    key |= np.arange(n, dtype=np.uint64)
    key.sort(axis=1)
    key &= low
    return key.view(np.intp)


def _ranks(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x))
    r[np.argsort(x, kind="stable")] = np.arange(len(x))
    return r
