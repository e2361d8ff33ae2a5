"""The distributions of a system's parameters as stats_arrays rows, and their seeded draws for Monte Carlo.

The rows are Brightway's (stats_arrays) description of each distribution, which stats_arrays validates;
the draws come from one seeded numpy Generator, all iterations at once and in cache-sized blocks of
parameters, so that sampling costs a few nanoseconds per value. Each row is drawn exactly as its
stats_arrays type defines it: lognormal exp(loc + scale·z) (negated for a negative amount), normal
loc + scale·z, uniform and triangular by numpy's inverse CDF of a uniform draw.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from footprint.matrices import System
from footprint.pedigree import pedigree_sigma

# stats_arrays uncertainty type ids
NO_UNCERTAINTY, LOGNORMAL, NORMAL, UNIFORM, TRIANGULAR = 1, 2, 3, 4, 5
BLOCK_VALUES = 262_144  # values transformed at once (2 MB): stays in the cache

Row = tuple[int, float, float, float, float, bool]  # type, loc, scale, minimum, maximum, negative


def _row(value: float, unc: Any, ped: Any, k: float) -> Row:
    """The stats_arrays row of the distribution of `k × value` (the static value where no uncertainty)."""
    v, nan = k * value, math.nan
    if (unc is None and ped is None) or v == 0:
        return NO_UNCERTAINTY, v, nan, nan, nan, False
    if unc is None:
        return LOGNORMAL, math.log(abs(v)), pedigree_sigma(ped), nan, nan, v < 0
    if unc.distribution == "lognormal":
        return LOGNORMAL, math.log(abs(v)), math.log(unc.gsd), nan, nan, v < 0
    if unc.distribution == "normal":
        return NORMAL, v, abs(k) * unc.sd, nan, nan, False
    lo, hi = sorted((k * unc.minimum, k * unc.maximum))
    return (TRIANGULAR if unc.distribution == "triangular" else UNIFORM), v, nan, lo, hi, False


def _table(rows: list[Row], dtype: np.dtype) -> np.ndarray:
    """A stats_arrays parameter array of `rows`."""
    arr = np.zeros(len(rows), dtype=dtype)
    for name in ("loc", "scale", "shape", "minimum", "maximum"):
        arr[name] = np.nan
    if rows:
        kind, loc, scale, lo, hi, negative = zip(*rows, strict=True)
        arr["uncertainty_type"], arr["loc"], arr["scale"] = kind, loc, scale
        arr["minimum"], arr["maximum"], arr["negative"] = lo, hi, negative
    return arr


def param_array(system: System, dtype: np.dtype | None = None) -> np.ndarray:
    """stats_arrays parameter rows for the system's parameters (static value where no uncertainty)."""
    if dtype is None:
        from stats_arrays import UncertaintyBase

        dtype = UncertaintyBase.from_dicts({"loc": 1.0}).dtype
    return _table([_row(p.value, p.uncertainty, p.pedigree, 1.0) for p in system.params], dtype)


def entry_distributions(system: System, dtype: np.dtype) -> dict[str, np.ndarray]:
    """Per-entry distributions for bw_processing (Brightway samples entries independently)."""
    out = {}
    for name, mults, params, absolute in (
        ("t", system.t_mult, system.t_param, True),
        ("b", system.b_mult, system.b_param, False),
        ("c", system.c_mult, system.c_param, False),
    ):
        rows = []
        for m, pi in zip(mults, params, strict=True):
            p = system.params[pi]
            rows.append(_row(p.value, p.uncertainty, p.pedigree, abs(m) if absolute else m))
        out[name] = _table(rows, dtype)
    return out


def _validate(params: np.ndarray) -> None:
    """Refuse rows stats_arrays refuses, with its messages (bad scale, mode outside the range …)."""
    from stats_arrays import uncertainty_choices

    for choice in uncertainty_choices:
        mask = params["uncertainty_type"] == choice.id
        if choice.id != NO_UNCERTAINTY and mask.any():
            choice.validate(params[mask])


def draws(system: System, iterations: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(static values, indices of the uncertain parameters, their draws: uncertain × iterations).

    The uncertain parameters come lognormal first, then normal, triangular and uniform (by index within
    each): the standard normals of the first two kinds are drawn first, then the uniforms of the others.
    """
    params = param_array(system)
    _validate(params)
    base = np.array([p.value for p in system.params], dtype=float)
    kind = params["uncertainty_type"]
    uncertain = np.concatenate([np.flatnonzero(kind == k) for k in (LOGNORMAL, NORMAL, TRIANGULAR, UNIFORM)])
    rows, kind = params[uncertain], kind[uncertain]
    rng = np.random.default_rng(seed)
    values = np.empty((len(uncertain), iterations))
    step = max(1, BLOCK_VALUES // max(iterations, 1))
    gauss = int(np.count_nonzero((kind == LOGNORMAL) | (kind == NORMAL)))
    for start in range(0, gauss, step):
        block = values[start : min(start + step, gauss)]
        r = rows[start : start + len(block)]
        rng.standard_normal(out=block)
        block *= r["scale"][:, None]
        block += r["loc"][:, None]
        log = int(np.count_nonzero(kind[start : start + len(block)] == LOGNORMAL))
        np.exp(block[:log], out=block[:log])
        block[:log][r["negative"][:log]] *= -1.0
    for start in range(gauss, len(uncertain), step):
        block = values[start : min(start + step, len(uncertain))]
        r = rows[start : start + len(block)]
        rng.random(out=block)
        lo, hi, mode = (r[name][:, None] for name in ("minimum", "maximum", "loc"))
        tri = (kind[start : start + len(block)] == TRIANGULAR)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):  # a degenerate range (min = max) is its value
            left = lo + np.sqrt(block * (mode - lo) * (hi - lo))
            right = hi - np.sqrt((1.0 - block) * (hi - mode) * (hi - lo))
            triangular = np.where(block <= (mode - lo) / (hi - lo), left, right)
        block[:] = np.where(tri, triangular, lo + (hi - lo) * block)
    return base, uncertain, values
