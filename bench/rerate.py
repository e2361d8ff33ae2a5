"""Provincial-scale benchmark (issue 16): re-rating N stored declarations, and full re-solves on Dask.

    python -m bench.rerate                                  # N = 10,000 and 100,000 on SQLite and PostgreSQL
    python -m bench.rerate --sizes 10000 --backends sqlite --recalc-models 200

**Everything here is SYNTHETIC BENCHMARK DATA**: the 3,000 factors (codes ``bench.syn.<nnnn>``, source
"SYNTHETIC BENCHMARK DATA"), their values, the declarations (records ``SYN-<n>``) and every amount are
random numbers made for timing only, in throw-away databases (SQLite ``/tmp/pcf-bench-rerate-<n>.db``,
PostgreSQL database ``pcf_bench_rerate`` at 127.0.0.1:5432, dropped and re-made per run). Each synthetic
declaration has 50–300 factor lines (uniform) plus two direct-gas lines over 10 processes, and two activity
resolutions; release ``bench.2`` changes 10 % of the factors and gives 2 of the 20 activities a finer
geography (so some declarations need the full recalculation).

Timed: ``load_stack`` (database read into one CSR matrix), ``rerate`` under the new release (value vector +
sparse product), and ``impact_items`` end to end (both releases, drivers, resolution check, one JSON-ready
item per declaration). The full re-solve runs ``workflow.recalc.run_models`` on a LocalCluster of
``--workers`` single-threaded worker processes over synthetic models of ``--processes`` processes
(bench/generate.py; the models are scattered as parsed dicts, the factor pool as one StaticFactors).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

N_CODES = 3000
N_ACTIVITIES = 20
PG_ADMIN = os.environ.get("PCF_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PG_DB = "pcf_bench_rerate"
SYN = "SYNTHETIC BENCHMARK DATA — random numbers for timing only, not emission factors"


def engine_for(backend: str, n: int):  # type: ignore[no-untyped-def]
    """A fresh throw-away database with the schema."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    import workflow.tables  # noqa: F401
    from factors.db import create_schema, make_engine

    if backend == "sqlite":
        path = Path(f"/tmp/pcf-bench-rerate-{n}.db")
        path.unlink(missing_ok=True)
        eng = make_engine(f"sqlite:///{path}")
    else:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{PG_DB}"'))
        admin.dispose()
        eng = make_engine(make_url(PG_ADMIN).set(database=PG_DB).render_as_string(hide_password=False))
    create_schema(eng)
    return eng


def _factor_rows(codes: list[int], values: np.ndarray, activity_geo: dict[int, str]) -> list[Any]:
    from factors.tables import FactorBase, SourceBase
    from factors.validate import ValidRow
    from factors.vocab import FactorStatus

    src = SourceBase(title=SYN, publisher="bench/rerate.py", year=2026, url="about:synthetic")
    rows = []
    for k in codes:
        act = f"bench.act.{k:02d}" if k < N_ACTIVITIES else f"bench.syn.{k:04d}"
        geo = activity_geo.get(k, "GLO")
        code = f"bench.syn.{k:04d}" + (f".{geo}" if geo != "GLO" else "")
        fb = FactorBase(
            code=code,
            activity=act,
            name_zh=SYN,
            name_en=SYN,
            category="bench",
            geography=geo,
            reference_year=2025,
            value=float(values[k]),
            unit="kg",
            basis="CO2e",
            gwp="AR6",
            scope="cradle_to_gate",
            confidence="low",
            notes=SYN,
        )
        rows.append(ValidRow(0, fb, src, FactorStatus.PUBLISHED))
    return rows


def seed(eng, n: int, seed_: int = 7) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Two synthetic releases and `n` synthetic declarations with their inventories; timings of the set-up."""
    from sqlalchemy import insert
    from sqlmodel import Session

    from factors.bundled import load_bundled
    from factors.releases import add_rows, create_draft, publish
    from workflow.inventory_records import pack
    from workflow.inventory_tables import InventoryFlow, InventoryRecord, InventoryResolution
    from workflow.tables import ModelVersion, Organisation, Product, User

    rng = np.random.default_rng(seed_)
    t0 = time.perf_counter()
    values = rng.lognormal(0.5, 0.8, N_CODES)
    with Session(eng) as s:
        load_bundled(s)
        r1 = create_draft(s, "bench.1", notes=SYN)
        add_rows(s, r1, _factor_rows(list(range(N_CODES)), values, {}))
        publish(s, r1)
        r2 = create_draft(s, "bench.2", notes=SYN, based_on="bench.1")
        changed = rng.choice(N_CODES, N_CODES // 10, replace=False)
        new_values = values.copy()
        new_values[changed] *= rng.uniform(0.8, 1.2, len(changed))
        add_rows(s, r2, _factor_rows(sorted(int(c) for c in changed), new_values, {}))
        add_rows(
            s, r2, _factor_rows([0, 1], new_values, {0: "CN", 1: "CN"})
        )  # finer geography for 2 activities
        publish(s, r2)
        org = Organisation(kind="enterprise", name_zh=SYN, identifier="SYN-ENT")
        s.add(org)
        s.flush()
        user = User(username="syn", org_id=org.id, role="enterprise", password_hash="-")  # type: ignore[arg-type]
        s.add(user)
        s.flush()
        products = []
        for i in range(100):
            p = Product(
                code=f"syn-pack-{i:03d}",
                name_zh=SYN,
                category="battery.pack",
                owner_org_id=org.id,  # type: ignore[arg-type]
                created_by_id=user.id,
            )  # type: ignore[arg-type]
            s.add(p)
            s.flush()
            v = ModelVersion(
                product_id=p.id,
                number=1,
                yaml_text=SYN,
                model_hash="syn",
                factor_release="bench.1",  # type: ignore[arg-type]
                result_json="{}",
                total=0.0,
                unit="kg CO2e",
                functional_unit="1 kWh",
                gwp="AR6",
                created_by_id=user.id,
            )  # type: ignore[arg-type]
            s.add(v)
            s.flush()
            products.append((p.id, v.id, p.code))
        flows = [{"kind": "factor", "key": f"bench.syn.{k:04d}", "unit": "kg"} for k in range(N_CODES)]
        flows += [{"kind": "gas", "key": g, "unit": ""} for g in ("CO2", "CH4_fossil")]
        s.execute(insert(InventoryFlow), flows)
        ids = {(r.kind, r.key): r.id for r in s.query(InventoryFlow).all()}
        code_ids = np.array([ids[("factor", f"bench.syn.{k:04d}")] for k in range(N_CODES)], dtype=np.int32)
        gas_ids = np.array([ids[("gas", "CO2")], ids[("gas", "CH4_fossil")]], dtype=np.int32)
        s.commit()
        t_releases = time.perf_counter() - t0
        t0 = time.perf_counter()
        batch: list[dict[str, Any]] = []
        procs = (
            '[["p0","material_acquisition"],'
            + ",".join(f'["p{i}","manufacturing"]' for i in range(1, 10))
            + "]"
        )
        for i in range(n):
            k = int(rng.integers(50, 301))
            chosen = rng.choice(N_CODES, k, replace=False)
            flow = np.concatenate([code_ids[chosen], gas_ids])
            amount = np.concatenate(
                [rng.lognormal(0, 1, k), rng.uniform(0.01, 1, 1), rng.uniform(1e-4, 1e-2, 1)]
            )
            pid, vid, code = products[i % len(products)]
            batch.append(
                {
                    "kind": "declaration",
                    "record": f"SYN-{i:06d}",
                    "product_id": pid,
                    "product_code": code,
                    "category": "battery.pack",
                    "org_id": org.id,
                    "body_id": None,
                    "model_version_id": vid,
                    "model_hash": "syn",
                    "factor_release": "bench.1",
                    "gwp": "AR6",
                    "unit": "kg CO2e/kWh",
                    "functional_unit": "1 kWh (synthetic)",
                    "total": float(values[chosen] @ amount[:k] + amount[k] + 29.8 * amount[k + 1]),
                    "processes_json": procs,
                    "n_lines": k + 2,
                    "line_process": pack(rng.integers(0, 10, k + 2), "<i4"),
                    "line_flow": pack(flow, "<i4"),
                    "line_amount": pack(amount, "<f8"),
                }
            )
            if len(batch) == 2000 or i == n - 1:
                first = (
                    s.execute(insert(InventoryRecord).returning(InventoryRecord.id), batch).scalars().all()
                )  # type: ignore[arg-type]
                res = [
                    {
                        "record_id": rid,
                        "ref": f"bench.act.{a:02d}",
                        "activity": f"bench.act.{a:02d}",
                        "geography": "CN-JX",
                        "year": 2025,
                        "code": f"bench.syn.{a:04d}",
                        "matched_geography": "GLO",
                        "note": SYN,
                    }
                    for rid in first
                    for a in rng.choice(N_ACTIVITIES, 2, replace=False).tolist()
                ]
                s.execute(insert(InventoryResolution), res)
                batch = []
        s.commit()
    return {"releases_s": t_releases, "records_s": time.perf_counter() - t0}


def time_rerate(eng, repeats: int = 3) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Median seconds of the read, the re-rating under bench.2, and the whole impact analysis."""
    from sqlmodel import Session

    from workflow.impact import impact_items
    from workflow.rerate import load_stack, rerate

    out: dict[str, list[float]] = {"read": [], "rerate": [], "impact": []}
    for _ in range(repeats):
        with Session(eng) as s:
            t0 = time.perf_counter()
            stack = load_stack(s)
            t1 = time.perf_counter()
            rerate(s, stack, "bench.2")
            t2 = time.perf_counter()
            out["read"].append(t1 - t0)
            out["rerate"].append(t2 - t0)
        with Session(eng) as s:
            t0 = time.perf_counter()
            report = impact_items(s, "bench.1", "bench.2")
            out["impact"].append(time.perf_counter() - t0)
    res = {k: float(np.median(v)) for k, v in out.items()}
    res["n"] = stack.n
    res["nnz"] = stack.matrix.nnz
    res["recalc"] = sum(1 for it in report.items if it["needs_recalculation"])
    return res


def _warm() -> None:
    """Import the core on a worker before the clock starts."""
    import footprint.calculate  # noqa: F401


def time_recalc(models: int, processes: int, workers: int) -> dict[str, float]:
    """Seconds to re-solve `models` synthetic models of `processes` processes on a LocalCluster."""
    from bench.generate import factor_pool, generate, static_factors, to_model
    from workflow.recalc import dask_client, run_models

    pool = factor_pool()
    specs = [generate(processes, seed=i + 1, factors=pool) for i in range(models)]
    source = static_factors(specs[0])
    texts = {f"m{i}": to_model(sp) for i, sp in enumerate(specs)}
    with dask_client(workers=workers) as client:
        client.run(_warm)
        t0 = time.perf_counter()
        out = run_models(client, texts, source)  # type: ignore[arg-type]
        wall = time.perf_counter() - t0
    failed = sum(1 for o in out if not o["ok"])
    return {"models": models, "processes": processes, "workers": workers, "wall_s": wall, "failed": failed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--recalc-models", type=int, default=10_000)
    ap.add_argument("--processes", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    rows = []
    for backend in args.backends:
        for n in args.sizes:
            eng = engine_for(backend, n)
            setup = seed(eng, n)
            t = time_rerate(eng, args.repeats)
            eng.dispose()
            rows.append({"backend": backend, **setup, **t})
            print(f"{backend} N={n}: {t} (set-up {setup})", flush=True)
    lines = [
        "| backend | N | lines (nnz) | read | read + re-rate | impact analysis (all) | µs/declaration "
        "(impact) | growth ×N (impact) | need recalculation |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        base = next((b for b in rows if b["backend"] == r["backend"] and b["n"] == min(args.sizes)), r)
        growth = r["impact"] / base["impact"] if base is not r else 1.0
        lines.append(
            f"| {r['backend']} | {r['n']:,} | {r['nnz']:,} | {r['read']:.2f} s | {r['rerate']:.2f} s | "
            f"{r['impact']:.2f} s | {r['impact'] / r['n'] * 1e6:.1f} | "
            f"{growth:.1f} for ×{r['n'] // base['n']} "
            f"| {r['recalc']:,} |"
        )
    if args.recalc_models:
        rc = time_recalc(args.recalc_models, args.processes, args.workers)
        per = rc["wall_s"] / rc["models"]
        lines += [
            "",
            "| full re-solve | models | processes | workers | wall | per model | 10,000 models at this rate "
            "| failed |",
            "|---|---|---|---|---|---|---|---|",
            f"| LocalCluster | {rc['models']:,} | {rc['processes']} | {rc['workers']} | "
            f"{rc['wall_s']:.1f} s | "
            f"{per * 1e3:.1f} ms | {per * 10_000:.0f} s | {rc['failed']} |",
        ]
    table = "\n".join(lines)
    print(table)
    out = Path(__file__).with_name("results")
    out.mkdir(exist_ok=True)
    (out / "rerate.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
