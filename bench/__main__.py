"""`python -m bench`: the calculation core against classic Brightway and a bare sparse solve.

    .venv/bin/python -m bench            # full run: 10, 100, 1,000 and 10,000 processes (4–8 min)
    .venv/bin/python -m bench --quick    # 10, 100 and 1,000 processes, fewer repeats (~70 s)
    .venv/bin/python -m bench --profile  # where the core's time goes at 1,000 and 10,000 processes

See bench/README.md for what is measured and how to read the table; results go to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BW_PYTHON = ROOT / ".venv-bw" / "bin" / "python"
TOLERANCE = 1e-9
TARGET_AB, TARGET_AC, TARGET_MC = 0.05, 3.0, 20_000.0  # Monte Carlo: issue 13
TARGET_YAML, TARGET_CALC, TARGET_HELP = 1.5, 1.15, 0.25  # issue 13: YAML / dict, cold starts / import bw2calc

# repetitions per size (the first run of every path is an untimed warm-up)
REPEATS_FULL = {10: 7, 100: 7, 1000: 5, 10000: 2}
REPEATS_QUICK = {10: 5, 100: 5, 1000: 3}
MC_ITERATIONS_FULL = {10: 5000, 100: 2000, 1000: 300}
MC_ITERATIONS_QUICK = {10: 2000, 100: 1000, 1000: 100}
BW_MC_ITERATIONS_FULL = {10: 500, 100: 500, 1000: 100}
BW_MC_ITERATIONS_QUICK = {10: 200, 100: 200, 1000: 50}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def fmt_s(x: float | None) -> str:
    if x is None or x != x:
        return "–"
    if x < 1e-3:
        return f"{x * 1e6:.0f} µs"
    if x < 1.0:
        return f"{x * 1e3:.1f} ms"
    return f"{x:.2f} s"


def fmt_ratio(x: float | None) -> str:
    if x is None or x != x:
        return "–"
    return f"{x:.3f}" if x < 10 else f"{x:.0f}"


def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


# --- (a) the core and (c) the bare solve, in this process -------------------------------------------
def bench_core(
    model: dict[str, Any],
    yaml_path: Path,
    source,
    repeats: int,  # type: ignore[no-untyped-def]
    warm_all: bool = True,
) -> dict[str, Any]:
    import footprint
    from footprint.calculate import prepare
    from footprint.solve import solve

    def a_dict() -> tuple[float, float, float]:
        t0 = time.perf_counter()
        m = footprint.parse_model(model)
        t1 = time.perf_counter()
        total = footprint.calculate(m, source).total
        t2 = time.perf_counter()
        return t1 - t0, t2 - t1, total

    def a_yaml() -> tuple[float, float]:
        t0 = time.perf_counter()
        total = footprint.calculate(footprint.load_model(yaml_path), source).total
        return time.perf_counter() - t0, total

    parsed = footprint.parse_model(model)

    def a_core() -> tuple[float, float]:
        t0 = time.perf_counter()
        _, system = prepare(parsed, source)
        score = solve(system).score
        return time.perf_counter() - t0, score

    a_dict()  # warm-up (imports, unit and pint caches)
    if warm_all:  # at 10,000 the smaller sizes have warmed these up
        a_yaml(), a_core()
    runs: dict[str, list[float]] = {"parse": [], "calculate": [], "a": [], "a_yaml": [], "a_core": []}
    scores: set[float] = set()
    for _ in range(repeats):  # the variants interleaved, so noise hits them alike
        tp, tc, total = a_dict()
        runs["parse"].append(tp), runs["calculate"].append(tc), runs["a"].append(tp + tc)
        scores.add(total)
        t, total = a_yaml()
        runs["a_yaml"].append(t)
        scores.add(total)
        t, total = a_core()
        runs["a_core"].append(t)
        scores.add(total)
    return {"median": {k: median(v) for k, v in runs.items()}, "runs": runs, "scores": sorted(scores)}


def bench_bare(spec, repeats: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from scipy.sparse.linalg import spsolve

    from bench.generate import bare_matrices

    t0 = time.perf_counter()
    a, f, h = bare_matrices(spec)
    build = time.perf_counter() - t0
    float(h @ spsolve(a, f))  # warm-up
    runs, score = [], 0.0
    for _ in range(max(repeats, 5)):
        t0 = time.perf_counter()
        x = spsolve(a, f)
        score = float(h @ x)
        runs.append(time.perf_counter() - t0)
    return {"median": median(runs), "runs": runs, "score": score, "build": build, "nnz": int(a.nnz)}


# --- (b) the classic path, in .venv-bw ------------------------------------------------------------
def bench_classic(spec_paths: list[Path], repeats: list[int], workdir: Path) -> dict[str, Any] | None:
    if not BW_PYTHON.exists():
        log(f"!! {BW_PYTHON} is missing: run `make bw-venv`; the classic path (b) is skipped")
        return None
    out = workdir / "classic.json"
    cmd = [
        str(BW_PYTHON),
        str(ROOT / "bench" / "classic.py"),
        *map(str, spec_paths),
        "--repeats",
        *map(str, repeats),
        "--out",
        str(out),
    ]
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "TQDM_DISABLE": "1"}
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True)
    for line in proc.stderr.splitlines():
        if line.startswith("classic n="):
            log("  " + line)
    if proc.returncode != 0:
        log(proc.stderr[-4000:])
        raise SystemExit(f"the classic path failed (exit {proc.returncode})")
    return json.loads(out.read_text(encoding="utf-8"))


# --- Monte Carlo ------------------------------------------------------------------------------------
def bench_mc(spec, source, iterations: int, bw_iterations: int, repeats: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    import footprint
    from bench.generate import to_model
    from footprint.calculate import prepare
    from footprint.solve import brightway_monte_carlo
    from footprint.uncertainty import monte_carlo

    _, system = prepare(footprint.parse_model(to_model(spec, uncertainty=True)), source)

    def rate(fn, its: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
        t0, c0 = time.perf_counter(), time.process_time()
        scores = fn(its)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        return its / wall, float(sum(scores) / len(scores)), its / max(cpu, 1e-9)

    ours = lambda its: monte_carlo(system, its, seed=42).scores  # noqa: E731
    bw = lambda its: brightway_monte_carlo(system, its, seed=42)  # noqa: E731
    ours(min(iterations, 100))  # warm-up
    bw(10)
    out: dict[str, Any] = {
        "iterations": iterations,
        "bw_iterations": bw_iterations,
        "params": len(system.params),
    }
    r = [rate(ours, iterations) for _ in range(repeats)]
    out["ours"], out["ours_mean"] = median([x[0] for x in r]), r[-1][1]
    out["ours_cpu"] = median([x[2] for x in r])  # per second of this process's CPU time: less load-bound
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a bw2calc dependency
        threadpool_limits = None
    if threadpool_limits is not None:  # the same, with BLAS held to one thread
        with threadpool_limits(limits=1, user_api="blas"):
            r = [rate(ours, iterations) for _ in range(repeats)]
        out["ours_1thread"] = median([x[0] for x in r])
    r = [rate(bw, bw_iterations) for _ in range(max(1, repeats - 1))]
    out["bw"], out["bw_mean"] = median([x[0] for x in r]), r[-1][1]
    return out


# --- cold start ----------------------------------------------------------------------------------
def wall(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t0, proc


def bench_cold(workdir: Path, repeats: int) -> dict[str, Any]:
    import footprint
    from bench.generate import generate, to_model, write_yaml

    pcf = ROOT / ".venv" / "bin" / "pcf"
    if not pcf.exists():
        pcf = Path(sys.executable).parent / "pcf"
    dbdir = workdir / "cold"
    (dbdir / "brightway").mkdir(parents=True)
    env = {
        **os.environ,
        "PCF_DATABASE_URL": f"sqlite:///{dbdir / 'pcf.db'}",
        "PYTHONWARNINGS": "ignore",
        "BRIGHTWAY2_DIR": str(dbdir / "brightway"),
    }
    out: dict[str, Any] = {"pcf": str(pcf)}
    t, proc = wall([str(pcf), "db", "init"], env, dbdir)
    if proc.returncode != 0:
        raise SystemExit(f"`pcf db init` failed: {proc.stdout}{proc.stderr}")
    out["db_init"] = t
    spec = generate(10, seed=2)
    model = to_model(spec, local_factors=True)
    path = write_yaml(model, dbdir / "small.yaml")
    out["model"] = f"{spec.n} processes, {spec.n_links} links, {spec.n_factors_used} model-local factors"
    calc = [str(pcf), "calc", str(path), "--json"]
    block = "import sys; sys.modules['rfc3987_syntax'] = None; "  # makes jsonschema skip it
    calc_blocked = [
        sys.executable,
        "-W",
        "ignore",
        "-c",
        block + f"sys.argv = ['pcf', 'calc', {str(path)!r}, '--json']; from pcf_cli import main; main()",
    ]
    commands: dict[str, list[str] | None] = {
        "pcf calc": calc,
        "pcf calc, rfc3987_syntax blocked": calc_blocked,
        "pcf --help": [str(pcf), "--help"],
        "python (startup only)": [sys.executable, "-c", "pass"],
        ".venv: import pcf_cli": [sys.executable, "-W", "ignore", "-c", "import pcf_cli"],
        ".venv: import bw2calc": [sys.executable, "-W", "ignore", "-c", "import bw2calc"],
        ".venv: import bw2calc, rfc3987_syntax blocked": [
            sys.executable,
            "-W",
            "ignore",
            "-c",
            block + "import bw2calc",
        ],
        ".venv-bw: import bw2calc": [str(BW_PYTHON), "-W", "ignore", "-c", "import bw2calc"]
        if BW_PYTHON.exists()
        else None,
    }
    runs: dict[str, list[float]] = {label: [] for label, cmd in commands.items() if cmd}
    for i in range(repeats + 1):  # round robin, so that noise hits every command alike
        for label in runs:
            t, proc = wall(commands[label], env, dbdir)  # type: ignore[arg-type]
            if proc.returncode != 0:
                raise SystemExit(f"{label} failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
            if label.startswith("pcf calc"):
                out[f"{label} total"] = json.loads(proc.stdout)["total"]
            if i:  # run 0 is the warm-up (disk cache, .pyc files)
                runs[label].append(t)
    for label, ts in runs.items():
        out[label] = median(ts)
    out["runs"] = runs
    # the same model in this process with the benchmark's own GWP table (float32-rounded: ~1e-8 apart)
    from bench.generate import static_factors

    out["inprocess_total"] = footprint.calculate(footprint.load_model(path), static_factors(spec)).total
    probe = "import sys, bw2calc; print('bw2data' in sys.modules, 'rfc3987_syntax' in sys.modules)"
    for label, py in ((".venv", sys.executable), (".venv-bw", str(BW_PYTHON))):
        if Path(py).exists():
            proc = subprocess.run([py, "-W", "ignore", "-c", probe], env=env, capture_output=True, text=True)
            last = (proc.stdout.strip().splitlines() or ["? ?"])[-1].split()
            out[f"{label} bw2data imported"], out[f"{label} rfc3987_syntax imported"] = last[0], last[-1]
    return out


# --- report --------------------------------------------------------------------------------------
def environment() -> dict[str, str]:
    import numpy
    import scipy

    info = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import bw2calc

        info["bw2calc"] = f"{bw2calc.__version__} (pypardiso: {getattr(bw2calc, 'PYPARDISO', False)})"
    with contextlib.suppress(OSError):
        info["load average"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "footprint"], cwd=ROOT, capture_output=True, text=True
        )
        info["commit"] = rev.stdout.strip() + (" (footprint/ modified)" if dirty.stdout.strip() else "")
    except OSError:  # pragma: no cover
        pass
    return info


def report(
    args,
    env: dict[str, str],
    rows: list[dict[str, Any]],
    classic: dict[str, Any] | None,
    mc: list[dict[str, Any]],
    cold: dict[str, Any] | None,
    elapsed: float,
) -> str:  # type: ignore[no-untyped-def]
    L: list[str] = []
    L.append(f"# Benchmark: calculation core vs classic Brightway ({'quick' if args.quick else 'full'} run)")
    L.append("")
    L.append(
        "Synthetic systems from bench/generate.py (made-up factors and amounts, not project data). "
        "Medians of the repetitions given; every path warmed up once first."
    )
    L.append("")
    L.append(" · ".join(f"{k}: {v}" for k, v in env.items()) + f" · run time: {elapsed:.0f} s")
    L.append("")
    L.append("## Static calculation, model → result")
    L.append("")
    L.append(
        "(a) = `parse_model(dict)` + `calculate(model, StaticFactors)`; (a) YAML = `load_model(file)` + "
        "`calculate`; (a) core = linking + matrices + solve (`prepare` + `solve`) of a parsed model; "
        "(b) = bw2data `Database.write` + `process()` + `LCA()` + `lci()` + `lcia()` (.venv-bw); "
        "(c) = `scipy.sparse.linalg.spsolve(A, f)` + `h @ x` on a prebuilt CSC matrix."
    )
    L.append("")
    L.append(
        "| processes | links / factor inputs / factors used | runs | (a) dict → result | of which parse | "
        "(a) YAML → result | (a) core | (b) classic | (c) spsolve | a/b | a/c | score (kg CO2e) | "
        "max rel. diff a, b, c |"
    )
    L.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        L.append(
            f"| {r['n']:,} | {r['links']} | {r['repeats']} | {fmt_s(r['a'])} | {fmt_s(r['parse'])} | "
            f"{fmt_s(r['a_yaml'])} | {fmt_s(r['a_core'])} | {fmt_s(r.get('b'))} | {fmt_s(r['c'])} | "
            f"{fmt_ratio(r.get('ab'))} | {fmt_ratio(r['ac'])} | {r['score']:.10g} | {r['diff']:.1e} |"
        )
    L.append("")
    if classic is not None:
        L.append("### (b) classic Brightway, by step")
        L.append("")
        L.append(
            "| processes | `Database.write` | `process()` | `get_node` + `LCA()` | `lci()` | `lcia()` | total |"
        )
        L.append("|---:|---:|---:|---:|---:|---:|---:|")
        for res in classic["results"]:
            m = {k: median([run[k] for run in res["runs"]]) for k in res["runs"][0]}
            L.append(
                f"| {res['n']:,} | {fmt_s(m['write'])} | {fmt_s(m['process'])} | {fmt_s(m['LCA()'])} | "
                f"{fmt_s(m['lci'])} | {fmt_s(m['lcia'])} | {fmt_s(m['total'])} |"
            )
        L.append("")
        L.append(
            "One-off set-up in the classic process (not in (b)): "
            + ", ".join(f"{k} {fmt_s(v)}" for k, v in classic["setup"].items())
            + f"; bw2data {classic['bw2data']}."
        )
        L.append("")
    L.append(
        "### Where (a)'s time goes (one extra run, no profiler; `python -m bench --profile` for functions)"
    )
    L.append("")
    L.append("| processes | " + " | ".join(f"`{name}`" for name in STAGES) + " |")
    L.append("|---:|" + "---:|" * len(STAGES))
    for r in rows:
        total = sum(r["stages"].values())
        L.append(
            f"| {r['n']:,} | "
            + " | ".join(f"{fmt_s(t)} ({100 * t / total:.0f} %)" for t in r["stages"].values())
            + " |"
        )
    L.append("")
    if mc:
        L.append("## Monte Carlo (lognormal uncertainty, GSD 1.05–1.5, on every input and emission)")
        L.append("")
        L.append(
            "| processes | parameters | `uncertainty.monte_carlo` it/s | same, per CPU second | "
            "same, BLAS 1 thread | iterations | "
            "`solve.brightway_monte_carlo` it/s | iterations | mean ours / bw / static |"
        )
        L.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for m in mc:
            L.append(
                f"| {m['n']:,} | {m['params']:,} | {m['ours']:,.0f} | {m.get('ours_cpu', float('nan')):,.0f} | "
                f"{m.get('ours_1thread', float('nan')):,.0f} | "
                f"{m['iterations']:,} | {m['bw']:,.0f} | {m['bw_iterations']:,} | "
                f"{m['ours_mean']:.4g} / {m['bw_mean']:.4g} / {m['static']:.4g} |"
            )
        L.append("")
    if cold is not None:
        L.append("## Cold start (wall time of a fresh process)")
        L.append("")
        L.append("| what | median |")
        L.append("|---|---:|")
        L.append(f"| `pcf calc small.yaml --json` ({cold['model']}, SQLite) | {fmt_s(cold['pcf calc'])} |")
        for label in (
            "pcf calc, rfc3987_syntax blocked",
            "pcf --help",
            "python (startup only)",
            ".venv: import pcf_cli",
            ".venv: import bw2calc",
            ".venv: import bw2calc, rfc3987_syntax blocked",
            ".venv-bw: import bw2calc",
        ):
            if label in cold:
                L.append(f"| `{label}` | {fmt_s(cold[label])} |")
        L.append(f"| `pcf db init` (once, not a target) | {fmt_s(cold['db_init'])} |")
        L.append("")
        L.append(
            "`import bw2calc` pulls in bw2data: .venv "
            + cold.get(".venv bw2data imported", "?")
            + ", .venv-bw "
            + cold.get(".venv-bw bw2data imported", "?")
            + "; pulls in rfc3987_syntax (via bw_processing → "
            "jsonschema, 39 lark grammars compiled at import): .venv "
            + cold.get(".venv rfc3987_syntax imported", "?")
            + ", .venv-bw "
            + cold.get(".venv-bw rfc3987_syntax imported", "?")
            + '. "rfc3987_syntax blocked" '
            "runs the same with `sys.modules['rfc3987_syntax'] = None` (jsonschema then skips that format "
            f"checker). `pcf calc` total {cold['pcf calc total']:.10g} kg CO2e (in-process with the benchmark "
            f"GWP table: {cold['inprocess_total']:.10g})."
        )
        L.append("")
    r1k = next((r for r in rows if "floors" in r), None)
    if r1k is not None:
        from bench.floors import floor_lines

        L.append("## Floors at 1,000 processes (bench/floors.py: steps every model → result takes)")
        L.append("")
        L.extend(floor_lines(r1k, TARGET_AB, TARGET_YAML))
        L.append("")
    L.append("## Targets")
    L.append("")
    L.append(targets(rows, mc, cold))
    return "\n".join(L) + "\n"


def targets(rows: list[dict[str, Any]], mc: list[dict[str, Any]], cold: dict[str, Any] | None = None) -> str:
    out = []
    r1k = next((r for r in rows if r["n"] == 1000), None)
    if r1k is not None:
        ab = r1k.get("ab")
        out.append(
            f"- a/b at 1,000 processes: {fmt_ratio(ab)} (target ≤ {TARGET_AB}): "
            + ("–" if ab is None else "met" if ab <= TARGET_AB else "NOT met")
        )
        ya = r1k["a_yaml"] / r1k["a"]
        out.append(
            f"- (a) YAML / (a) dict at 1,000 processes: {fmt_ratio(ya)} (target ≤ {TARGET_YAML}): "
            + ("met" if ya <= TARGET_YAML else "NOT met")
        )
        out.append(
            f"- a/c at 1,000 processes: {fmt_ratio(r1k['ac'])} (target ≤ {TARGET_AC:g}): "
            + ("met" if r1k["ac"] <= TARGET_AC else "NOT met")
        )
    starts = cold or {}
    bw = starts.get(".venv: import bw2calc")
    for label, target in (("pcf calc", TARGET_CALC), ("pcf --help", TARGET_HELP)):
        if bw and label in starts:
            ratio = starts[label] / bw
            out.append(
                f"- `{label}` / `import bw2calc` (cold): {fmt_ratio(ratio)} (target ≤ {target}): "
                + ("met" if ratio <= target else "NOT met")
            )
    m100 = next((m for m in mc if m["n"] == 100), None)
    if m100 is not None:
        out.append(
            f"- Monte Carlo at 100 processes: {m100['ours']:,.0f} it/s (target ≥ {TARGET_MC:,.0f}): "
            + ("met" if m100["ours"] >= TARGET_MC else "NOT met")
            + f" (per CPU second of the process: {m100.get('ours_cpu', float('nan')):,.0f} it/s)"
            + (
                f"; with BLAS held to one thread {m100['ours_1thread']:,.0f} it/s"
                if "ours_1thread" in m100
                else ""
            )
        )
    return "\n".join(out) if out else "(sizes 1,000 and 100 not run)"


# --- profile mode ----------------------------------------------------------------------------------
STAGES = ("parse_model", "link_factors", "build_system", "solve", "assemble")


def stage_times(model: dict[str, Any], source) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """One run of (a) cut into its stages (what `calculate` does, step by step), without a profiler."""
    import footprint
    from footprint.calculate import assemble
    from footprint.linking import link_factors
    from footprint.matrices import build_system
    from footprint.solve import solve

    t = [time.perf_counter()]
    m = footprint.parse_model(model)
    t.append(time.perf_counter())
    fs = link_factors(m, source, gwp_set=m.product.gwp.value, strict=False)
    t.append(time.perf_counter())
    system = build_system(m, fs)
    t.append(time.perf_counter())
    solution = solve(system)
    t.append(time.perf_counter())
    assemble(m, fs, system, solution)
    t.append(time.perf_counter())
    return {name: t[i + 1] - t[i] for i, name in enumerate(STAGES)}


def profile(sizes: list[int]) -> None:
    import cProfile
    import io
    import pstats

    import footprint
    from bench.generate import generate, static_factors, to_model

    RESULTS.mkdir(parents=True, exist_ok=True)
    warm = generate(10)
    footprint.calculate(footprint.parse_model(to_model(warm)), static_factors(warm))
    for n in sizes:
        spec = generate(n)
        source, model = static_factors(spec), to_model(spec)
        stage_times(model, source)  # warm-up with this size's units and gases
        stages = stage_times(model, source)
        total = sum(stages.values())
        lines = [f"n={n}: (a) without profiler {total:.3f} s"]
        lines += [f"  {name:13s} {t:8.3f} s  {100 * t / total:5.1f} %" for name, t in stages.items()]
        prof = cProfile.Profile()
        prof.enable()
        footprint.calculate(footprint.parse_model(model), source)
        prof.disable()
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
        text = (
            "\n".join(lines)
            + "\n\n(cProfile inflates tight Python loops; use the shares above for wall time)\n"
            + buf.getvalue()
        )
        (RESULTS / f"profile-{n}.txt").write_text(text, encoding="utf-8")
        print("\n".join(lines))
        print(f"  cProfile listing: {RESULTS / f'profile-{n}.txt'}")


# --- main ----------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmarks of the calculation core."
    )
    parser.add_argument("--quick", action="store_true", help="sizes 10, 100 and 1,000 only, fewer repeats")
    parser.add_argument("--sizes", type=int, nargs="+", help="process counts (default: 10 100 1000 10000)")
    parser.add_argument("--no-classic", action="store_true", help="skip (b), the classic Brightway path")
    parser.add_argument("--no-mc", action="store_true", help="skip the Monte Carlo rates")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start timings")
    parser.add_argument(
        "--profile", action="store_true", help="only profile the core (default sizes 1000 10000)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md", help="Markdown report")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message=".*pypardiso.*")

    if args.profile:
        profile(args.sizes or [1000, 10000])
        return 0

    repeats_by = REPEATS_QUICK if args.quick else REPEATS_FULL
    sizes = args.sizes or list(repeats_by)
    repeats = {n: repeats_by.get(n, 5 if n <= 1000 else 2) for n in sizes}
    mc_its = MC_ITERATIONS_QUICK if args.quick else MC_ITERATIONS_FULL
    bw_its = BW_MC_ITERATIONS_QUICK if args.quick else BW_MC_ITERATIONS_FULL
    started = time.perf_counter()
    env = environment()
    log("bench: " + ", ".join(f"{k} {v}" for k, v in env.items()))

    from bench.generate import generate, save_spec, static_factors, to_model, write_yaml

    with tempfile.TemporaryDirectory(prefix="pcf-bench-") as tmp:
        workdir = Path(tmp)
        specs, models, yamls, spec_paths = {}, {}, {}, []
        for n in sizes:
            specs[n] = generate(n)
            models[n] = to_model(specs[n])
            yamls[n] = write_yaml(models[n], workdir / f"bench-{n}.yaml")
            spec_paths.append(save_spec(specs[n], workdir / f"spec-{n}.json"))
        source = static_factors(specs[sizes[0]])  # one factor pool for every size

        classic = None
        if not args.no_classic:
            log(f"(b) classic Brightway in {BW_PYTHON.parent.parent.name} …")
            classic = bench_classic(spec_paths, [repeats[n] for n in sizes], workdir)
        classic_by_n = {r["n"]: r for r in (classic or {}).get("results", [])}

        rows = []
        failures = []
        for n in sizes:
            spec = specs[n]
            log(f"(a), (c) n={n:,} ({repeats[n]} runs) …")
            core = bench_core(models[n], yamls[n], source, repeats[n], warm_all=n <= 1000 or n == sizes[0])
            bare = bench_bare(spec, repeats[n])
            row = {
                "n": n,
                "repeats": repeats[n],
                **core["median"],
                "c": bare["median"],
                "score": core["scores"][0],
                "links": f"{spec.n_links:,} / {spec.n_factor_inputs:,} / {spec.n_factors_used}",
            }
            values = {f"a{i}": s for i, s in enumerate(core["scores"])} | {"c": bare["score"]}
            if n in classic_by_n:
                row["b"] = median([run["total"] for run in classic_by_n[n]["runs"]])
                row["ab"] = row["a"] / row["b"]
                values["b"] = classic_by_n[n]["score"]
            row["ac"] = row["a"] / row["c"]
            vs = list(values.values())
            row["diff"] = max(rel(x, y) for x in vs for y in vs)
            log(
                f"  n={n:,}: score a={core['scores'][0]!r} b={values.get('b')!r} c={bare['score']!r} "
                f"max rel. diff {row['diff']:.1e}"
            )
            if row["diff"] > TOLERANCE:
                failures.append(f"n={n}: the scores differ by {row['diff']:.2e} relative: {values}")
            row["stages"] = stage_times(models[n], source)
            if n == 1000:
                from bench.floors import bench_floors, model_items

                log("floors n=1,000 …")
                row["floors"] = bench_floors(models[n], yamls[n], source, repeats[n] * 2 + 1)
                row["items"] = model_items(models[n])
            rows.append(row)

        mc = []
        if not args.no_mc:
            for n in [s for s in sizes if s in mc_its]:
                log(f"Monte Carlo n={n:,} …")
                m = bench_mc(specs[n], source, mc_its[n], bw_its[n], 3 if not args.quick else 2)
                m["n"] = n
                m["static"] = next(r["score"] for r in rows if r["n"] == n)
                mc.append(m)

        cold = None
        if not args.no_cold:
            log("cold start …")
            cold = bench_cold(workdir, 2 if args.quick else 5)

    elapsed = time.perf_counter() - started
    text = report(args, env, rows, classic, mc, cold, elapsed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {args.out})")
    if failures:
        print("SCORE MISMATCH:\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
