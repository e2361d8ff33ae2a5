"""The classic Brightway path, run by `python -m bench` in the separate venv .venv-bw (bw2data 4.8).

    .venv-bw/bin/python bench/classic.py SPEC.json [SPEC.json …] --repeats 5 --out result.json

Each SPEC.json is a synthetic system written by bench/generate.py (`Spec.as_json`). In a temporary
BRIGHTWAY2_DIR (set before bw2data is imported) this script writes, once, a tiny biosphere (the gases
plus one aggregated "CO2e" flow), an IPCC AR6 GWP100 method and a background database with one activity
per synthetic factor (1 unit of the factor's reference quantity emitting its gases, its CO2 or its CO2e).
Then, per system and repetition, it times what a Brightway user does for a new foreground model:
`Database.write(process=False)` + `process()` + `bw2calc.LCA(...)` + `lci()` + `lcia()`.
Every repetition writes a fresh database name (a first write, not a replace); the previous one is
deleted outside the timing. The script uses only the standard library, bw2data and bw2calc: it does not
import the project, so the classic path shares no code with the core.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings

BIOSPHERE = "bench-ghg"
FACTORS_DB = "bench-factors"
METHOD = ("IPCC 2021", "climate change", "GWP100")
CO2E = "CO2e"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="+", help="system specs (JSON) written by bench/generate.py")
    parser.add_argument(
        "--repeats",
        type=int,
        nargs="+",
        default=[5],
        help="timed repetitions per spec (one number for all, or one per spec)",
    )
    parser.add_argument("--out", required=True, help="where to write the timings (JSON)")
    args = parser.parse_args(argv)
    repeats = args.repeats * len(args.specs) if len(args.repeats) == 1 else args.repeats
    if len(repeats) != len(args.specs):
        parser.error("give one --repeats value, or one per spec")

    tmp = tempfile.mkdtemp(prefix="bench-bw-")
    os.environ["BRIGHTWAY2_DIR"] = tmp  # BEFORE importing bw2data (read at import)
    try:
        out = run(args.specs, repeats)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1)
    return 0


def run(spec_paths: list[str], repeats: list[int]) -> dict:
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import bw2calc as bc
        import bw2data as bd
    setup: dict[str, float] = {"import bw2data+bw2calc": time.perf_counter() - t0}
    assert os.environ["BRIGHTWAY2_DIR"] in str(bd.projects.dir), bd.projects.dir

    t0 = time.perf_counter()
    bd.projects.set_current("bench")
    setup["projects.set_current"] = time.perf_counter() - t0

    specs = []
    for path in spec_paths:
        with open(path, encoding="utf-8") as fh:
            specs.append(json.load(fh))
    gwp: dict[str, float] = specs[0]["gwp"]
    pool = specs[0]["factors"]
    assert all(s["factors"] == pool and s["gwp"] == gwp for s in specs), "specs must share one factor pool"

    t0 = time.perf_counter()
    flows = {**{g: g for g in gwp}, CO2E: CO2E}
    bd.Database(BIOSPHERE).write(
        {
            (BIOSPHERE, code): {
                "name": f"{code} (air)" if code != CO2E else "GHG, aggregated as CO2e (air)",
                "type": "emission",
                "unit": "kilogram",
                "categories": ("air",),
            }
            for code in flows
        }
    )
    bd.Method(METHOD).write([((BIOSPHERE, g), float(v)) for g, v in gwp.items()] + [((BIOSPHERE, CO2E), 1.0)])
    setup["biosphere + method write"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    background = {}
    for f in pool:
        if f["basis"] == "gases":
            bio = [{"input": (BIOSPHERE, g), "amount": a, "type": "biosphere"} for g, a in f["gases"].items()]
        else:
            bio = [
                {
                    "input": (BIOSPHERE, "CO2" if f["basis"] == "CO2" else CO2E),
                    "amount": f["value"],
                    "type": "biosphere",
                }
            ]
        background[(FACTORS_DB, f["code"])] = {
            "name": f"synthetic factor {f['code']}",
            "unit": f["unit"],
            "location": "GLO",
            "exchanges": [{"input": (FACTORS_DB, f["code"]), "amount": 1.0, "type": "production"}, *bio],
        }
    bd.Database(FACTORS_DB).write(background)
    setup["background (factor) database write"] = time.perf_counter() - t0

    results = []
    for spec, reps in zip(specs, repeats, strict=True):
        results.append(run_spec(bd, bc, spec, reps))
        print(
            f"classic n={spec['n']}: {statistics.median(r['total'] for r in results[-1]['runs']):.4f} s "
            f"(median of {reps}), score {results[-1]['score']!r}",
            file=sys.stderr,
            flush=True,
        )
    return {"setup": setup, "results": results, "bw2data": bd.__version__, "bw2calc": bc.__version__}


def database_data(spec: dict, name: str) -> dict:
    codes = [p["id"] for p in spec["processes"]]
    pool = spec["factors"]
    data = {}
    for p in spec["processes"]:
        exchanges = [{"input": (name, p["id"]), "amount": p["out"], "type": "production"}]
        exchanges += [
            {"input": (name, codes[j]), "amount": a, "type": "technosphere"} for j, a in p["inputs"]
        ]
        exchanges += [
            {"input": (FACTORS_DB, pool[f]["code"]), "amount": a, "type": "technosphere"}
            for f, a in p["factors"]
        ]
        exchanges += [{"input": (BIOSPHERE, g), "amount": a, "type": "biosphere"} for g, a in p["emissions"]]
        data[(name, p["id"])] = {
            "name": f"synthetic process {p['id']}",
            "unit": p["unit"],
            "location": "CN",
            "exchanges": exchanges,
        }
    return data


def run_spec(bd, bc, spec: dict, repeats: int) -> dict:  # type: ignore[no-untyped-def]
    runs = []
    score = None
    for r in range(repeats + 1):  # run 0 is the warm-up
        name = f"bench-{spec['n']}-{r}"
        data = database_data(spec, name)  # building the Python dict is not timed
        t = {}
        t0 = time.perf_counter()
        db = bd.Database(name)
        db.write(data, process=False)
        t1 = time.perf_counter()
        db.process()
        t2 = time.perf_counter()
        node = bd.get_node(database=name, code=spec["processes"][0]["id"])
        lca = bc.LCA({node.id: spec["demand"]}, METHOD)
        t3 = time.perf_counter()
        lca.lci()
        t4 = time.perf_counter()
        lca.lcia()
        value = float(lca.score)
        t5 = time.perf_counter()
        t = {
            "write": t1 - t0,
            "process": t2 - t1,
            "LCA()": t3 - t2,
            "lci": t4 - t3,
            "lcia": t5 - t4,
            "total": t5 - t0,
        }
        if score is not None and abs(value - score) > 1e-12 * abs(score):
            raise AssertionError(
                f"n={spec['n']}: the classic score changed between repetitions: {score} vs {value}"
            )
        score = value
        if r:
            runs.append(t)
        del lca
        del bd.databases[name]  # not timed
    return {"n": spec["n"], "score": score, "runs": runs}


if __name__ == "__main__":
    sys.exit(main())
