"""An independent openLCA reader for the tests: re-read a JSON-LD zip and compute the GWP total with numpy.

It uses only olca-schema's reader and the zip's own content (units with conversion factors, allocation
factors, default providers, impact factors, the product system's reference) — no project code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import olca_schema as o
from olca_schema import zipio


def total_of_zip(path: Path) -> float:
    """kg CO2e of the product system in the zip, by solving A s = f and applying the impact factors."""
    with zipio.ZipReader(str(path)) as r:
        processes = [r.read(o.Process, pid) for pid in r.ids_of(o.Process)]
        groups = [r.read(o.UnitGroup, gid) for gid in r.ids_of(o.UnitGroup)]
        flows = {fid: r.read(o.Flow, fid) for fid in r.ids_of(o.Flow)}
        categories = [r.read(o.ImpactCategory, cid) for cid in r.ids_of(o.ImpactCategory)]
        (system,) = [r.read(o.ProductSystem, sid) for sid in r.ids_of(o.ProductSystem)]
    factor = {u.id: u.conversion_factor for g in groups for u in g.units}

    def ref_amount(ex: o.Exchange) -> float:
        return ex.amount * factor[ex.unit.id]

    columns: list[tuple[str, str]] = []  # (process id, product flow id)
    producer: dict[str, int] = {}
    for p in processes:
        for ex in p.exchanges:
            if not ex.is_input and flows[ex.flow.id].flow_type == o.FlowType.PRODUCT_FLOW:
                producer[ex.flow.id] = len(columns)
                columns.append((p.id, ex.flow.id))
    elementary = sorted(
        {
            ex.flow.id
            for p in processes
            for ex in p.exchanges
            if flows[ex.flow.id].flow_type == o.FlowType.ELEMENTARY_FLOW
        }
    )
    row_of = {fid: i for i, fid in enumerate(elementary)}
    n = len(columns)
    a, b = np.zeros((n, n)), np.zeros((len(elementary), n))
    by_id = {p.id: p for p in processes}
    for j, (pid, product) in enumerate(columns):
        p = by_id[pid]
        for ex in p.exchanges:
            kind = flows[ex.flow.id].flow_type
            if not ex.is_input and kind == o.FlowType.PRODUCT_FLOW:
                if ex.flow.id == product:
                    a[j, j] += ref_amount(ex)
                continue
            share = _allocation(p, product, ex, flows)
            if kind == o.FlowType.ELEMENTARY_FLOW:
                b[row_of[ex.flow.id], j] += (-1 if ex.is_input else 1) * ref_amount(ex) * share
            else:
                assert ex.default_provider is not None, f"{p.name}: input {ex.flow.name} has no provider"
                a[producer[ex.flow.id], j] -= ref_amount(ex) * share
    ref_ex = next(
        e for e in by_id[system.ref_process.id].exchanges if e.internal_id == system.ref_exchange.internal_id
    )
    demand = np.zeros(n)
    demand[producer[ref_ex.flow.id]] = system.target_amount * factor[system.target_unit.id]
    supply = np.linalg.solve(a, demand)
    (category,) = categories
    c = np.zeros(len(elementary))
    for f in category.impact_factors:
        if f.flow.id in row_of:
            c[row_of[f.flow.id]] = f.value / factor[f.unit.id]
    return float(c @ b @ supply)


def _allocation(p: o.Process, product: str, ex: o.Exchange, flows: dict[str, o.Flow]) -> float:
    outputs = [
        e for e in p.exchanges if not e.is_input and flows[e.flow.id].flow_type == o.FlowType.PRODUCT_FLOW
    ]
    if len(outputs) <= 1 or not p.allocation_factors:
        return 1.0
    method = p.default_allocation_method
    for f in p.allocation_factors:
        if f.allocation_type != method or f.product.id != product:
            continue
        if method == o.AllocationType.CAUSAL_ALLOCATION and f.exchange.internal_id != ex.internal_id:
            continue
        return f.value
    raise AssertionError(f"{p.name}: no {method} allocation factor for product {product}")
