"""Monte Carlo scores of many iterations at once, on the technosphere's fixed sparsity pattern.

The supply graph is cut into its strongly connected components (a process alone, or a loop of processes)
and these are put in levels: every component after all of its consumers. Solving ``A x = f`` is then a
substitution, level by level, in which each level is a few vector operations over a whole batch of
iterations (an acyclic supply chain is triangular in that order). A loop is solved as a batch of small
dense systems (LAPACK), or with one sparse LU per iteration when it has more than `DENSE_LIMIT` processes.
Iterations go in chunks of a bounded number of matrix values, so memory stays flat in the iterations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from footprint.errors import SingularSystem
from footprint.matrices import System

DENSE_LIMIT = 150  # loops up to this many processes are solved as dense batches, larger ones per iteration
CHUNK_VALUES = 262_144  # values of a level's arrays per chunk (2 MB): they stay in the cache
HELD_VALUES = 8_388_608  # at most this many draws or supplies held per chunk (64 MB): memory stays flat
MIN_CHUNK = 256  # fewer iterations per chunk would let Python's per-level overhead dominate
SCORE_BLOCK = 512  # biosphere entries per vector step of the score


@dataclass(frozen=True)
class Terms:
    """Matrix entries as ``mult × draw``, grouped by the row they add to (for `np.add.reduceat`)."""

    mult: np.ndarray  # (entries, 1): multiplier, times the static value of a parameter without uncertainty
    row: np.ndarray  # row of each entry's draws (the last row of ones for a parameter without uncertainty)
    col: np.ndarray  # column of each entry (whose supply it multiplies)
    target: np.ndarray  # position of each group's row in the level's rows
    starts: np.ndarray  # first entry of each group
    fixed: np.ndarray | None  # (groups, 1): the sums when no entry is uncertain

    def sums(self, q: np.ndarray) -> np.ndarray:
        """Value of each group per iteration (groups × iterations, or groups × 1 when fixed)."""
        if self.fixed is not None:
            return self.fixed
        return np.add.reduceat(self.mult * q[self.row], self.starts, axis=0)


@dataclass(frozen=True)
class Loop:
    """A loop of processes: its rows and its entries as cells of a k × k matrix (duplicates summed)."""

    pos: np.ndarray  # positions of its rows in the level's rows
    rows: np.ndarray
    cells: np.ndarray  # distinct cells (local row × k + local column), one per group of entries
    values: Terms


@dataclass(frozen=True)
class Level:
    """Products whose consumers are all solved earlier: one vector step per level and chunk."""

    rows: np.ndarray
    demand: np.ndarray  # final demand of each row
    inflow: Terms | None  # the entries coupling these rows to the supply solved before
    diagonal: Terms | None  # the diagonal entries of the processes outside loops
    loops: tuple[Loop, ...]


@dataclass(frozen=True)
class Plan:
    """How to solve a system's technosphere for batches of sampled values; built once per system."""

    n: int
    levels: tuple[Level, ...]
    score_mult: np.ndarray  # (biosphere entries,): characterization × biosphere multipliers (× static values)
    score_rows: tuple[np.ndarray, ...]  # draw rows of the uncertain biosphere and characterization values
    score_col: np.ndarray

    @property
    def width(self) -> int:
        """The most entries one vector step of a chunk handles (per iteration)."""
        steps = [
            len(t.starts) if t is lv.diagonal else len(t.mult)
            for lv in self.levels
            for t in (lv.inflow, lv.diagonal)
            if t
        ]
        return max([SCORE_BLOCK, *steps, *(len(lv.rows) for lv in self.levels)])

    @property
    def largest_loop(self) -> int:
        """Processes in the largest loop (1 for an acyclic system)."""
        return max((len(lp.rows) for lv in self.levels for lp in lv.loops), default=1)


@dataclass(frozen=True)
class _Draws:
    """Where each parameter's values are: its row of draws, or the row of ones times its static value."""

    row: np.ndarray  # per parameter
    scale: np.ndarray  # per parameter: 1 for an uncertain one, its static value otherwise
    fixed: np.ndarray  # per parameter: True without uncertainty

    @staticmethod
    def of(base: np.ndarray, uncertain: np.ndarray) -> _Draws:
        row = np.full(len(base), len(uncertain))
        row[uncertain] = np.arange(len(uncertain))
        fixed = row == len(uncertain)
        return _Draws(row, np.where(fixed, base, 1.0), fixed)


def _terms(system: System, params: _Draws, entries: np.ndarray, keys: np.ndarray) -> Terms:
    """Entries grouped by `keys` (one per entry; a row position or a matrix cell) for one reduceat each."""
    order = np.argsort(keys, kind="stable")
    entries, keys = entries[order], keys[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    p = system.t_param[entries]
    mult = (system.t_mult[entries] * params.scale[p])[:, None]
    fixed = np.add.reduceat(mult, starts, axis=0) if params.fixed[p].all() else None
    return Terms(mult, params.row[p], system.t_cols[entries], keys[starts], starts, fixed)


def plan(system: System, base: np.ndarray, uncertain: np.ndarray) -> Plan:
    """Order the system's components in levels (consumers first) and group its entries per level.

    `base` holds the static value of every parameter and `uncertain` the parameters that are sampled.
    """
    params = _Draws.of(base, uncertain)
    n = system.n
    rows, cols = system.t_rows, system.t_cols
    graph = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, comp = connected_components(graph, directed=True, connection="strong")
    wave = _waves(comp[cols], comp[rows], int(comp.max()) + 1 if n else 0)[comp]  # level of each row
    size = np.bincount(comp)[comp]
    f = np.zeros(n)
    if system.demand_col >= 0:
        f[system.demand_col] = system.demand_amount
    cross = comp[rows] != comp[cols]
    diagonal = (rows == cols) & (size[rows] == 1)
    by_wave = np.argsort(wave, kind="stable")
    bounds = np.searchsorted(wave[by_wave], np.arange(int(wave.max(initial=-1)) + 2))
    entry_wave = wave[rows]
    by_entry = np.argsort(entry_wave, kind="stable")
    entry_bounds = np.searchsorted(entry_wave[by_entry], np.arange(len(bounds)))
    where = np.full(n, -1)
    levels = []
    for w in range(len(bounds) - 1):
        lv_rows = by_wave[bounds[w] : bounds[w + 1]]
        mine = by_entry[entry_bounds[w] : entry_bounds[w + 1]]  # entries whose row is in this level
        where[lv_rows] = np.arange(len(lv_rows))
        inflow, diag = mine[cross[mine]], mine[diagonal[mine]]
        alone = size[lv_rows] == 1
        _check_diagonal(system, lv_rows[alone], rows[diag])
        loops = []
        for c in np.unique(comp[lv_rows[~alone]]):
            members = lv_rows[comp[lv_rows] == c]
            inside = mine[(comp[cols[mine]] == c) & (comp[rows[mine]] == c)]
            loops.append(_loop(system, params, members, where[members], inside))
        levels.append(
            Level(
                lv_rows,
                f[lv_rows],
                _terms(system, params, inflow, where[rows[inflow]]) if len(inflow) else None,
                _terms(system, params, diag, where[rows[diag]]) if len(diag) else None,
                tuple(loops),
            )
        )
    b_p, c_p = system.b_param, system.c_param[system.b_rows]
    mult = system.c_mult[system.b_rows] * system.b_mult * params.scale[b_p] * params.scale[c_p]
    score_rows = tuple(params.row[p] for p in (b_p, c_p) if not params.fixed[p].all())
    return Plan(n, tuple(levels), mult, score_rows, system.b_cols)


def _check_diagonal(system: System, single: np.ndarray, diagonal_rows: np.ndarray) -> None:
    """Refuse a process outside loops that makes none of its product (its supply would be left unset)."""
    missing = np.setdiff1d(single, diagonal_rows)
    if len(missing):
        names = ", ".join(sorted({system.columns[j].process for j in missing}))
        raise SingularSystem(
            f"the system cannot be solved (singular technosphere matrix): {names} make(s) none of its product"
        )


def _loop(system: System, params: _Draws, members: np.ndarray, pos: np.ndarray, inside: np.ndarray) -> Loop:
    """The entries of one loop as cells of its own small matrix."""
    local = np.full(system.n, -1)
    local[members] = np.arange(len(members))
    cell = local[system.t_rows[inside]] * len(members) + local[system.t_cols[inside]]
    values = _terms(system, params, inside, cell)
    return Loop(pos, members, values.target, values)


def _waves(src: np.ndarray, dst: np.ndarray, count: int) -> np.ndarray:
    """Longest-path level of each node of a DAG given as edges consumer → supplier (Kahn's waves)."""
    keep = src != dst
    src, dst = src[keep], dst[keep]
    order = np.argsort(src, kind="stable")
    src, dst = src[order], dst[order]
    indptr = np.searchsorted(src, np.arange(count + 1))
    indeg = np.bincount(dst, minlength=count)
    level = np.full(count, -1)
    frontier = np.flatnonzero(indeg == 0)
    w = 0
    while len(frontier):
        level[frontier] = w
        lens = indptr[frontier + 1] - indptr[frontier]
        idx = np.repeat(indptr[frontier] - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
        hit = dst[idx]
        indeg -= np.bincount(hit, minlength=count)
        frontier = np.unique(hit[indeg[hit] == 0])
        w += 1
    if np.any(level < 0):  # cannot happen for a condensation; kept as a guard with a reason
        raise RuntimeError("the components of the supply graph still form a loop")
    return level


def chunk_size(layout: Plan, uncertain: int, iterations: int) -> int:
    """Iterations per chunk: a level's arrays stay cache-sized, the chunk's draws and supplies bounded."""
    held = max(1, HELD_VALUES // max(uncertain + 1, layout.n, 1))
    return int(min(iterations, held, max(MIN_CHUNK, CHUNK_VALUES // layout.width)))


def scores(
    system: System,
    base: np.ndarray,
    uncertain: np.ndarray,
    draws: np.ndarray,
    *,
    layout: Plan | None = None,
    dense_limit: int = DENSE_LIMIT,
) -> np.ndarray:
    """Scores per iteration for parameter values `base` with rows `uncertain` replaced by `draws`."""
    layout = layout or plan(system, base, uncertain)
    iterations = draws.shape[1]
    out = np.empty(iterations)
    step = chunk_size(layout, len(uncertain), iterations)
    for start in range(0, iterations, step):
        stop = min(start + step, iterations)
        q = np.empty((len(uncertain) + 1, stop - start))
        q[:-1] = draws[:, start:stop]
        q[-1] = 1.0
        out[start:stop] = chunk_scores(layout, q, dense_limit=dense_limit)
    return out


def chunk_scores(layout: Plan, q: np.ndarray, *, dense_limit: int = DENSE_LIMIT) -> np.ndarray:
    """Scores of one chunk: `q` holds the draws (uncertain parameters × iterations) and a last row of ones."""
    m = q.shape[1]
    x = np.empty((layout.n, m))
    for lv in layout.levels:
        rhs = np.empty((len(lv.rows), m))
        rhs[:] = lv.demand[:, None]
        if lv.inflow is not None:
            t = lv.inflow
            rhs[t.target] -= np.add.reduceat(t.mult * q[t.row] * x[t.col], t.starts, axis=0)
        if lv.diagonal is not None:
            d = lv.diagonal
            x[lv.rows[d.target]] = rhs[d.target] / d.sums(q)
        for lp in lv.loops:
            x[lp.rows] = _solve_loop(lp, q, rhs[lp.pos], dense_limit)
    score = np.zeros(m)
    for start in range(0, len(layout.score_col), SCORE_BLOCK):  # cache-sized blocks of entries
        block = slice(start, start + SCORE_BLOCK)
        w = x[layout.score_col[block]]
        for rows in layout.score_rows:
            w *= q[rows[block]]
        score += layout.score_mult[block] @ w
    return score


def _solve_loop(lp: Loop, q: np.ndarray, rhs: np.ndarray, dense_limit: int) -> np.ndarray:
    """Supply of a loop's processes per iteration: batched dense LU when small, sparse LU per iteration else."""
    k, m = len(lp.rows), rhs.shape[1]
    values = np.broadcast_to(lp.values.sums(q), (len(lp.cells), m))  # (cells, m)
    if k <= dense_limit:
        out = np.empty((k, m))
        step = max(1, CHUNK_VALUES // (k * k))  # a bounded batch of dense matrices at a time
        for start in range(0, m, step):
            part = slice(start, start + step)
            dense = np.zeros((len(range(m)[part]), k * k))
            dense[:, lp.cells] = values[:, part].T
            out[:, part] = np.linalg.solve(dense.reshape(-1, k, k), rhs[:, part].T[..., None])[..., 0].T
        return out
    from footprint.solve import factorize

    r, c = np.divmod(lp.cells, k)
    out = np.empty((k, m))
    for i in range(m):
        out[:, i] = factorize(sparse.csc_matrix((values[:, i], (r, c)), shape=(k, k))).solve(rhs[:, i])
    return out
