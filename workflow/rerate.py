"""Re-rating: every stored inventory under another factor release, as one sparse matrix–vector product.

The stored records form one sparse matrix M (records × flows, amounts per functional unit; duplicates of
a flow in several processes simply add up). A release and a GWP set give one value vector v (kg CO2e per
unit of each flow: a factor's value, characterized from its gases when it is per gas; a gas's GWP100;
1 for a model-local CO2e amount). The figures under that release are M @ v. A flow without a value under
the release (a code dropped, its unit changed, a gas without GWP) is marked, and so is every record using
it: such a record needs the full recalculation (`workflow.recalc`).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from scipy import sparse
from sqlalchemy import select
from sqlmodel import Session, col

from workflow.inventory_tables import FlowKind, InventoryFlow, InventoryRecord

_META = tuple(
    col(getattr(InventoryRecord, name))
    for name in (
        "id",
        "kind",
        "record",
        "product_code",
        "category",
        "org_id",
        "body_id",
        "gwp",
        "unit",
        "total",
        "factor_release",
        "model_version_id",
    )
)
META_FIELDS = (
    "id",
    "kind",
    "record",
    "product",
    "category",
    "org_id",
    "body_id",
    "gwp",
    "unit",
    "stored_total",
    "factor_release",
    "model_version_id",
)


@dataclass(frozen=True)
class Stack:
    """The selected records (parallel metadata lists) and their inventory matrix."""

    meta: dict[str, list]
    matrix: sparse.csr_matrix  # records × (max flow id + 1)
    flows: dict[int, tuple[str, str, str]]  # flow id -> (kind, key, unit)

    @property
    def n(self) -> int:
        return self.matrix.shape[0]


@dataclass(frozen=True)
class Values:
    """One release's value vector for one GWP set, and the flows it has no value for (with why)."""

    release: str
    gwp: str
    v: np.ndarray
    missing: dict[int, str]


def like_pattern(category: str) -> str:
    """A shell-style category pattern (``battery.*``) as SQL LIKE (escape ``\\``)."""
    out = category.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return out.replace("*", "%").replace("?", "_")


def load_stack(
    session: Session,
    *,
    category: str | None = None,
    org_id: int | None = None,
    body_id: int | None = None,
    kinds: tuple[str, ...] = ("certificate", "declaration"),
) -> Stack:
    """Read the selected stored inventories (one row per record) into one CSR matrix."""
    query = select(*_META, col(InventoryRecord.line_flow), col(InventoryRecord.line_amount)).order_by(
        col(InventoryRecord.id)
    )
    if category:
        query = query.where(col(InventoryRecord.category).like(like_pattern(category), escape="\\"))
    if org_id is not None:
        query = query.where(col(InventoryRecord.org_id) == org_id)
    if body_id is not None:
        query = query.where(col(InventoryRecord.body_id) == body_id)
    if set(kinds) != {"certificate", "declaration"}:
        query = query.where(col(InventoryRecord.kind).in_(kinds))
    rows = _fetch(session, query)
    meta: dict[str, list] = {name: [r[i] for r in rows] for i, name in enumerate(META_FIELDS)}
    if category and any(ch in category for ch in "[]"):
        keep = [i for i, c in enumerate(meta["category"]) if fnmatch.fnmatchcase(c, category)]
        rows = [rows[i] for i in keep]
        meta = {k: [v[i] for i in keep] for k, v in meta.items()}
    k = len(META_FIELDS)
    flow_blobs = [bytes(r[k]) for r in rows]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(b) // 4 for b in flow_blobs], out=indptr[1:])
    indices = np.frombuffer(b"".join(flow_blobs), dtype="<i4").astype(np.int32)
    data = np.frombuffer(b"".join(bytes(r[k + 1]) for r in rows), dtype="<f8")
    flows = {
        cast(int, i): (str(kind), str(key), str(unit))
        for i, kind, key, unit in session.execute(
            select(
                col(InventoryFlow.id),
                col(InventoryFlow.kind),
                col(InventoryFlow.key),
                col(InventoryFlow.unit),
            )
        ).all()
    }
    width = max(flows, default=0) + 1
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))
    return Stack(meta, matrix, flows)


def _fetch(session: Session, query: Any) -> list[Any]:
    """All rows of `query`; on PostgreSQL through a binary psycopg cursor (bytea as bytes, not hex text)."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or bind.dialect.driver != "psycopg":
        return list(session.execute(query).all())
    sql = str(query.compile(dialect=bind.dialect, compile_kwargs={"literal_binds": True}))
    raw = session.connection().connection.dbapi_connection
    with raw.cursor(binary=True) as cur:  # type: ignore[union-attr]
        cur.execute(sql)
        return cur.fetchall()


def release_values(
    session: Session, release: str, gwp: str, flows: dict[int, tuple[str, str, str]]
) -> Values:
    """The value vector of `release` under GWP set `gwp` for the flow vocabulary `flows` (one query)."""
    from factors.gases import parse_gases
    from factors.gwp import UnknownGas
    from factors.releases import get_release, gwp_table
    from factors.tables import Factor, ReleaseFactor
    from factors.vocab import GwpSet

    rel = get_release(session, release)
    table = gwp_table(session, rel.version, GwpSet(gwp))
    rows = session.execute(
        select(
            col(ReleaseFactor.code), col(Factor.value), col(Factor.unit), col(Factor.basis), col(Factor.gases)
        )
        .join(Factor, col(Factor.id) == col(ReleaseFactor.factor_id))
        .where(col(ReleaseFactor.release_id) == rel.id)
    ).all()
    records = {str(c): (float(cast(float, x)), str(u), str(b), str(g or "")) for c, x, u, b, g in rows}
    v = np.zeros(max(flows, default=0) + 1)
    missing: dict[int, str] = {}
    for fid, (kind, key, unit) in flows.items():
        try:
            if kind == FlowKind.LOCAL:
                v[fid] = 1.0
            elif kind == FlowKind.GAS:
                v[fid] = table.factor(key)
            elif key not in records:
                missing[fid] = f"factor {key} is not in release {rel.version}"
            elif unit and records[key][1] != unit:
                missing[fid] = (
                    f"factor {key} is per {records[key][1]} in release {rel.version}, was per {unit}"
                )
            else:
                value, _unit, basis, gases = records[key]
                # as footprint.linking characterizes: a per-gas factor under the study's GWP set
                v[fid] = (
                    table.characterize(parse_gases(gases) if gases else {}) if basis == "gases" else value
                )
        except UnknownGas as exc:
            missing[fid] = str(exc)
    return Values(rel.version, gwp, v, missing)


@dataclass(frozen=True)
class Rerated:
    """Figures of the selected records under one release (NaN where a flow has no value)."""

    totals: np.ndarray
    missing: dict[int, list[str]]  # by row: why the record cannot be re-rated exactly (absent: it can)


def rerate(
    session: Session,
    stack: Stack,
    release: str,
    *,
    gwp: str | None = None,
    cache: dict[tuple[str, str], Values] | None = None,
) -> Rerated:
    """Σ amount × value under `release` for every record (each under its own GWP set unless `gwp`)."""
    cache = {} if cache is None else cache
    sets = np.asarray(stack.meta["gwp"], dtype=object) if gwp is None else np.full(stack.n, gwp, dtype=object)
    totals = np.full(stack.n, np.nan)
    missing: dict[int, list[str]] = {}
    for s in sorted(set(sets.tolist())):
        rows = np.flatnonzero(sets == s)
        vals = cache.get((release, s)) or release_values(session, release, s, stack.flows)
        cache[(release, s)] = vals
        sub = stack.matrix[rows] if len(rows) != stack.n else stack.matrix
        totals[rows] = sub @ vals.v
        if vals.missing:
            bad = np.zeros(len(vals.v), dtype=bool)
            bad[list(vals.missing)] = True
            entry_row = np.repeat(np.arange(sub.shape[0]), np.diff(sub.indptr))
            for i in np.unique(entry_row[bad[sub.indices]]):
                r = rows[i]
                used = sub.indices[sub.indptr[i] : sub.indptr[i + 1]]
                missing[int(r)] = sorted({vals.missing[int(f)] for f in used if int(f) in vals.missing})
                totals[r] = np.nan
    return Rerated(totals, missing)


def drivers(
    stack: Stack,
    old: dict[str, Values],
    new: dict[str, Values],
    rows: np.ndarray,
    *,
    top: int = 5,
    gwp: str | None = None,
) -> dict[int, list[dict[str, object]]]:
    """Per record (row index), the flows that changed its figure most: amount × (new − old value)."""
    out: dict[int, list[dict[str, object]]] = {int(r): [] for r in rows}
    sets = np.asarray(stack.meta["gwp"] if gwp is None else [gwp] * stack.n, dtype=object)
    m = stack.matrix
    rows = np.asarray(rows, dtype=np.int64)
    for s in sorted(set(sets[rows].tolist())):
        sel = rows[sets[rows] == s]
        dv = new[s].v - old[s].v
        changed = np.flatnonzero(dv)
        if not len(changed):
            continue
        sub = (m if len(sel) == stack.n else m[sel])[:, changed].tocoo()
        keys, inverse = np.unique(sub.row.astype(np.int64) * len(changed) + sub.col, return_inverse=True)
        contrib = np.bincount(inverse, weights=sub.data * dv[changed][sub.col])
        row_of, col_of = keys // len(changed), keys % len(changed)
        order = np.lexsort((-np.abs(contrib), row_of))
        row_sorted = row_of[order]
        starts = np.searchsorted(row_sorted, row_sorted, side="left")
        keep = order[((np.arange(len(order)) - starts) < top) & (contrib[order] != 0)]
        olds, news = old[s].v, new[s].v
        for r, c, x in zip(
            sel[row_of[keep]].tolist(), changed[col_of[keep]].tolist(), contrib[keep].tolist(), strict=True
        ):
            kind, key, _unit = stack.flows[c]
            out[r].append(
                {
                    "code": key,
                    "kind": kind,
                    "contribution": x,
                    "old_value": float(olds[c]),
                    "new_value": float(news[c]),
                }
            )
    return out
