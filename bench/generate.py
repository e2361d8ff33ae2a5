"""Synthetic product systems for the benchmarks: seeded, with loops, rendered as `pcf-model/1`.

Everything here is a **synthetic benchmark input**: factor codes, values, amounts and GWP numbers are
made up (the GWP numbers happen to be the IPCC AR6 GWP100 values of the gases used) and must never be
copied into factors/data.

One call of `generate` gives a `Spec`, a neutral description of the system with every amount in the
reference unit of what it refers to (the supplier's output unit, the factor's unit, kg of gas). From
it come

* `to_model(spec)` – the `pcf-model/1` dict the core parses (some amounts written in other units of
  the same dimension, g / t / MWh / kg*km, so that unit conversion is exercised);
* `write_yaml(model, path)` – the same as a YAML file;
* `static_factors(spec)` – the factor pool as a `footprint.StaticFactors` source;
* `spec.as_json()` – what bench/classic.py (run in .venv-bw) turns into a bw2data database;
* `bare_matrices(spec)` – the technosphere matrix, demand vector and characterized cost vector for
  the bare scipy solve (the floor).

The structure: process 0 makes the reference product. Every other process i supplies one consumer k < i
picked among the 50 processes before it (a spanning tree, so every process is used), plus 0–2 more
forward links to suppliers j > i (mostly near i, some anywhere), at most 5 process inputs in all.
About 5 % of the processes also take a small input from one of their own 1–3 tree ancestors: a back-link
that closes a loop. Input amounts per unit of output add up to at most 0.9 (back-links ≤ 0.05 on top),
so the input-coefficient matrix has column sums < 1 and the system stays productive with the loops.
Each process also draws 1–3 inputs from a pool of `N_FACTORS` factors (units kg, kWh, t*km) and emits
1–2 gases directly.
"""

from __future__ import annotations

import json
import math
import random
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

N_FACTORS = 300
POOL_SEED = 20240611
WINDOW = 50  # a tree parent is one of the WINDOW processes before
NEAR = 50  # a "near" forward link goes at most NEAR processes ahead
BACKLINK_SHARE = 0.05

# GWP100 values (IPCC AR6) of the gases the synthetic systems emit; a benchmark table, not project data.
_GWP_AR6_PUBLISHED: dict[str, float] = {
    "CO2": 1.0,
    "CO2_biogenic": 1.0,
    "CH4": 27.9,
    "CH4_fossil": 29.8,
    "CH4_biogenic": 27.0,
    "N2O": 273.0,
    "SF6": 25200.0,
    "NF3": 17400.0,
    "HFC-134a": 1530.0,
    "HFC-32": 771.0,
}
# gas, weight, (low, high) kg per operation
EMISSIONS = (
    ("CO2", 60, (0.01, 2.0)),
    ("CH4_fossil", 15, (1e-4, 1e-2)),
    ("N2O", 15, (1e-5, 1e-3)),
    ("HFC-134a", 6, (1e-6, 1e-4)),
    ("SF6", 4, (1e-7, 1e-5)),
)
PROCESS_UNITS = (("kg", 60), ("piece", 15), ("kWh", 10), ("m^2", 10), ("t*km", 5))
FACTOR_UNITS = (("kg", 5), ("kWh", 3), ("t*km", 2))
# other spellings of a unit: (unit, how many of them make one reference unit)
VARIANTS: dict[str, tuple[tuple[str, float], ...]] = {
    "kg": (("g", 1000.0), ("t", 0.001)),
    "kWh": (("MWh", 0.001),),
    "t*km": (("kg*km", 1000.0),),
    "piece": (),
    "m^2": (),
}
VARIANT_SHARE = 0.15
STAGES = ("raw_materials", "production", "production", "distribution", "use", "end_of_life")


@dataclass
class Factor:
    code: str
    unit: str
    basis: str  # CO2e | CO2 | gases
    value: float  # kg CO2e (CO2e, CO2) per unit; for gases: characterized
    gases: dict[str, float] = field(default_factory=dict)

    def co2e(self, gwp: dict[str, float]) -> float:
        if self.basis == "gases":
            return sum(a * gwp[g] for g, a in self.gases.items())
        return self.value


@dataclass
class Proc:
    id: str
    unit: str
    out: float
    stage: str
    inputs: list[tuple[int, float]] = field(default_factory=list)  # (supplier, amount in its unit)
    factors: list[tuple[int, float]] = field(default_factory=list)  # (factor, amount in its unit)
    emissions: list[tuple[str, float]] = field(default_factory=list)  # (gas, kg)
    gsd: list[float] = field(default_factory=list)  # per input, factor input, emission


@dataclass
class Spec:
    n: int
    seed: int
    processes: list[Proc]
    factors: list[Factor]
    gwp: dict[str, float]
    demand: float  # units of process 0's product per functional unit
    backlinks: int = 0

    @property
    def n_links(self) -> int:
        return sum(len(p.inputs) for p in self.processes)

    @property
    def n_factor_inputs(self) -> int:
        return sum(len(p.factors) for p in self.processes)

    @property
    def n_factors_used(self) -> int:
        return len({f for p in self.processes for f, _ in p.factors})

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "seed": self.seed,
            "gwp": self.gwp,
            "demand": self.demand,
            "factors": [
                {"code": f.code, "unit": f.unit, "basis": f.basis, "value": f.value, "gases": f.gases}
                for f in self.factors
            ],
            "processes": [
                {
                    "id": p.id,
                    "unit": p.unit,
                    "out": p.out,
                    "inputs": p.inputs,
                    "factors": p.factors,
                    "emissions": p.emissions,
                }
                for p in self.processes
            ],
        }


def _weighted(rng: random.Random, table: tuple) -> Any:
    return rng.choices([t[0] for t in table], weights=[t[1] for t in table])[0]


def _f32(x: float) -> float:
    """`x` rounded to the nearest float32 (a float64 that float32 represents exactly)."""
    return struct.unpack("f", struct.pack("f", x))[0]


def _round(x: float, digits: int = 6) -> float:
    """`x` to `digits` significant digits, then to a float32-representable value.

    bw2data 4.8 / bw_processing 1.6 store exchange amounts and characterization factors as float32
    (`resolve_dict_iterator`), so the classic path would otherwise differ from the float64 paths by
    ~1e-8 relative; with float32-exact inputs all three paths see the same numbers.
    """
    return _f32(float(f"{x:.{digits}g}"))


# The GWP table of the benchmark: rounded to float32 like every other number here (see `_round`),
# so CH4_fossil is 29.799999237060547 instead of 29.8.
GWP_AR6: dict[str, float] = {gas: _f32(v) for gas, v in _GWP_AR6_PUBLISHED.items()}


def factor_pool(n: int = N_FACTORS, seed: int = POOL_SEED) -> list[Factor]:
    """`n` synthetic factors: ~70 % CO2e, ~15 % CO2 only, ~15 % per-gas (CO2, CH4 fossil, N2O)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        unit = _weighted(rng, FACTOR_UNITS)
        scale = {"kg": 2.0, "kWh": 0.6, "t*km": 0.1}[unit]
        value = _round(scale * math.exp(rng.gauss(0.0, 0.8)))
        tag = unit.replace("*", "")
        r = rng.random()
        if r < 0.70:
            out.append(Factor(f"bench.{tag}.{k:03d}", unit, "CO2e", value))
        elif r < 0.85:
            out.append(Factor(f"bench.{tag}.{k:03d}", unit, "CO2", value))
        else:
            gases = {
                "CO2": _round(0.95 * value),
                "CH4_fossil": _round(value * 1e-3),
                "N2O": _round(value * 5e-5),
            }
            f = Factor(f"bench.{tag}.{k:03d}", unit, "gases", 0.0, gases)
            f.value = f.co2e(GWP_AR6)
            out.append(f)
    return out


def generate(n: int, seed: int = 1, *, factors: list[Factor] | None = None) -> Spec:
    """A productive system of `n` processes with loops (deterministic for a given `n` and `seed`)."""
    rng = random.Random(seed * 1_000_003 + n)
    pool = factors if factors is not None else factor_pool()
    width = max(5, len(str(n - 1)))
    procs = [
        Proc(
            f"p{i:0{width}d}",
            _weighted(rng, PROCESS_UNITS),
            rng.choice((1.0, 1.0, 1.0, 2.0, 5.0, 0.5)),
            rng.choice(STAGES),
        )
        for i in range(n)
    ]
    procs[0].stage, procs[0].out = "production", 1.0
    suppliers: list[list[int]] = [[] for _ in range(n)]
    parent = [-1] * n
    for i in range(1, n):  # spanning tree: every process is used
        lo = max(0, i - WINDOW)
        free = [k for k in range(lo, i) if len(suppliers[k]) < 4]
        k = rng.choice(free) if free else rng.randrange(i)
        suppliers[k].append(i)
        parent[i] = k
    for i in range(n - 1):  # extra forward links
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            if len(suppliers[i]) >= 5:
                break
            j = rng.randrange(i + 1, min(n, i + 1 + NEAR)) if rng.random() < 0.8 else rng.randrange(i + 1, n)
            if j not in suppliers[i]:
                suppliers[i].append(j)
    backlinks = 0
    for i in range(1, n):
        p = procs[i]
        m = len(suppliers[i])
        for j in suppliers[i]:
            coef = rng.uniform(0.05, 0.9 / m)
            p.inputs.append((j, _round(coef * p.out)))
        if rng.random() < BACKLINK_SHARE:  # a loop: take a little from an ancestor
            a = i
            for _ in range(rng.randint(1, 3)):
                if parent[a] < 0:
                    break
                a = parent[a]
            if a != i and a not in suppliers[i]:
                p.inputs.append((a, _round(rng.uniform(0.001, 0.05) * p.out)))
                backlinks += 1
    if suppliers[0]:
        m = len(suppliers[0])
        procs[0].inputs = [(j, _round(rng.uniform(0.05, 0.9 / m))) for j in suppliers[0]]
    for p in procs:
        for f in rng.sample(range(len(pool)), rng.randint(1, 3)):
            p.factors.append((f, _round(rng.uniform(0.1, 5.0))))
        gases: list[str] = []
        wanted = rng.randint(1, 2)
        while len(gases) < wanted:
            g = _weighted(rng, tuple((e[0], e[1]) for e in EMISSIONS))
            if g not in gases:
                gases.append(g)
        for g in gases:
            lo, hi = next(e[2] for e in EMISSIONS if e[0] == g)
            p.emissions.append((g, _round(rng.uniform(lo, hi))))
        p.gsd = [
            _round(rng.uniform(1.05, 1.5), 3)
            for _ in range(len(p.inputs) + len(p.factors) + len(p.emissions))
        ]
    return Spec(n, seed, procs, pool, dict(GWP_AR6), 1.0, backlinks)


def _render(rng: random.Random, amount: float, unit: str) -> tuple[float, str]:
    variants = VARIANTS.get(unit, ())
    if variants and rng.random() < VARIANT_SHARE:
        other, k = rng.choice(variants)
        return amount * k, other
    return amount, unit


def to_model(spec: Spec, *, uncertainty: bool = False, local_factors: bool = False) -> dict[str, Any]:
    """The system as a `pcf-model/1` dict.

    `uncertainty` puts a lognormal uncertainty on every input and emission (for Monte Carlo);
    `local_factors` writes the used factors into the model's `factors:` section, so the model calculates
    against any factor database (used for the `pcf calc` cold start).
    """
    rng = random.Random(spec.seed * 7919 + spec.n)
    p0 = spec.processes[0]
    processes: dict[str, Any] = {}
    for p in spec.processes:
        gsd = iter(p.gsd)

        def unc(entry: dict[str, Any], gsd=gsd) -> dict[str, Any]:
            g = next(gsd)
            if uncertainty:
                entry["uncertainty"] = {"distribution": "lognormal", "gsd": g}
            return entry

        inputs = []
        for j, amount in p.inputs:
            a, u = _render(rng, amount, spec.processes[j].unit)
            inputs.append(unc({"process": spec.processes[j].id, "amount": a, "unit": u}))
        for f, amount in p.factors:
            a, u = _render(rng, amount, spec.factors[f].unit)
            inputs.append(unc({"factor": spec.factors[f].code, "amount": a, "unit": u}))
        emissions = []
        for g, amount in p.emissions:
            a, u = _render(rng, amount, "kg")
            emissions.append(unc({"gas": g, "amount": a, "unit": u}))
        processes[p.id] = {
            "name": {"en": f"synthetic process {p.id}"},
            "stage": p.stage,
            "output": {"amount": p.out, "unit": p.unit},
            "inputs": inputs,
            "emissions": emissions,
        }
    model: dict[str, Any] = {
        "format": "pcf-model/1",
        "product": {
            "id": f"bench-{spec.n}",
            "name": {"en": f"Synthetic benchmark product ({spec.n} processes)"},
            "category": "bench",
            "functional_unit": f"1 {p0.unit} synthetic product",
            "reference_flow": {"process": p0.id, "amount": spec.demand, "unit": p0.unit},
            "geography": "CN",
            "reference_year": 2025,
            "gwp": "AR6",
        },
        "processes": processes,
        "notes": f"Synthetic benchmark system (bench/generate.py, n={spec.n}, seed={spec.seed}); not real data.",
    }
    if local_factors:
        used = sorted({f for p in spec.processes for f, _ in p.factors})
        section: dict[str, Any] = {}
        for f in used:
            fa = spec.factors[f]
            src = "synthetic benchmark factor (bench/generate.py)"
            if fa.basis == "gases":
                section[fa.code] = {"gases": dict(fa.gases), "unit": fa.unit, "source": src}
            elif fa.basis == "CO2":
                section[fa.code] = {"value": fa.value, "unit": f"kg CO2 / {fa.unit}", "source": src}
            else:
                section[fa.code] = {
                    "value": fa.value,
                    "unit": f"kg CO2e / {fa.unit}",
                    "gwp": "AR6",
                    "source": src,
                }
        model["factors"] = section
    return model


def write_yaml(model: dict[str, Any], path: str | Path) -> Path:
    import yaml

    path = Path(path)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(
            model, fh, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200
        )
    return path


def static_factors(spec: Spec):  # type: ignore[no-untyped-def]
    """The factor pool as a `StaticFactors` source (release "bench", GWP table AR6 = `GWP_AR6`)."""
    from footprint.linking import FactorRecord
    from footprint.model import Citation, Text
    from footprint.sources import StaticFactors

    records = {}
    for f in spec.factors:
        records[f.code] = FactorRecord(
            code=f.code,
            activity=f.code.rsplit(".", 1)[0],
            name=Text(en=f"synthetic factor {f.code}"),
            value=f.value,
            unit=f.unit,
            basis=f.basis,
            gwp="AR6" if f.basis == "CO2e" else "",
            gases=dict(f.gases),
            scope="cradle_to_gate",
            geography="GLO",
            reference_year=2025,
            category="bench",
            confidence="low",
            citation=Citation("synthetic benchmark factor (bench/generate.py)"),
            release="bench",
        )
    return StaticFactors(records, {"AR6": dict(spec.gwp)}, release="bench")


def bare_matrices(spec: Spec):  # type: ignore[no-untyped-def]
    """(A as CSC, demand vector f, cost vector h): the score is h · A⁻¹ f (kg CO2e per functional unit)."""
    import numpy as np
    from scipy import sparse

    n = spec.n
    rows, cols, vals = [], [], []
    h = np.zeros(n)
    for i, p in enumerate(spec.processes):
        rows.append(i), cols.append(i), vals.append(p.out)
        for j, amount in p.inputs:
            rows.append(j), cols.append(i), vals.append(-amount)
        h[i] = sum(amount * spec.factors[f].co2e(spec.gwp) for f, amount in p.factors) + sum(
            amount * spec.gwp[g] for g, amount in p.emissions
        )
    a = sparse.csc_matrix((np.asarray(vals), (np.asarray(rows), np.asarray(cols))), shape=(n, n))
    f = np.zeros(n)
    f[0] = spec.demand
    return a, f, h


def save_spec(spec: Spec, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(spec.as_json()), encoding="utf-8")
    return path
