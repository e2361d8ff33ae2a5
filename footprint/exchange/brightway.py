"""Brightway export: a JSON package of bw2data databases and a GWP method, loaded by `bw_loader`.

bw2data is deliberately not installed in the default environment (it slows every bw2calc import, see
../shared/research/brightway.md §8), so this module only writes data: `bw_loader.py` (standard library +
bw2data) turns the package into a bw2data project that Activity Browser opens, in any environment that has
bw2data (here `.venv-bw`). Foreground activities are the model's process products after allocation (one per
co-product), each factor is an activity with its gases (or a `CO2e (not split)` flow) in a biosphere
database of the package, and the method's characterization factors are the GWP100 values the study used.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from footprint.exchange.errors import ExchangeError
from footprint.exchange.options import ExportOptions
from footprint.exchange.registry import ExportFormat
from footprint.exchange.study import Study
from footprint.linking import UNSPLIT, ResolvedFactor

FORMAT = "pcf-brightway/1"
LOADER = Path(__file__).with_name("bw_loader.py")


def brightway_package(study: Study) -> dict[str, Any]:
    """The study as bw2data `Database.write` data (keys as [database, code] lists) plus method and demand."""
    pid = study.product.id
    fg, fac, bio = pid, f"{pid} factors", f"{pid} biosphere"
    fs = study.factor_set
    gases = list(
        dict.fromkeys(
            [f.key for f in study.system.flows if f.kind == "gas"]
            + [g for rf in fs.factors.values() for g in _emissions(rf)]
        )
    )
    biosphere = {
        _gas_code(g): {
            "name": "CO2e (not split by gas)" if g == UNSPLIT else g,
            "unit": "kilogram",
            "type": "emission",
            "categories": ["air"],
        }
        for g in gases
    }
    factors = {ref: _factor_activity(ref, rf, fac, bio) for ref, rf in fs.factors.items()}
    foreground, demand_code = _foreground(study, fg, fac, bio)
    cfs = [[[bio, _gas_code(g)], 1.0 if g == UNSPLIT else fs.gwp.factor(g)] for g in gases]
    return {
        "format": FORMAT,
        "project": f"pcf-{pid}",
        "database_order": [bio, fac, fg],
        "databases": {bio: biosphere, fac: factors, fg: foreground},
        "method": {
            "name": ["PCF platform", "climate change", f"GWP100 ({fs.gwp.gwp_set.value})"],
            "unit": "kg CO2e",
            "cfs": cfs,
        },
        "demand": {"database": fg, "code": demand_code, "amount": float(study.system.demand_amount)},
        "expected_total": study.result.total,
        "study": {
            "model": study.model.file,
            "model_hash": study.model.hash,
            "factor_release": study.result.factor_release,
            "gwp": study.result.gwp,
            "functional_unit": study.product.functional_unit,
        },
    }


def _emissions(rf: ResolvedFactor) -> dict[str, float]:
    """kg of each gas per reference unit of a factor (its CO2e as one unsplit flow when not split by gas)."""
    if rf.basis == "gases":
        return dict(rf.gases)
    return {"CO2" if rf.basis == "CO2" else UNSPLIT: rf.value}


def _factor_activity(ref: str, rf: ResolvedFactor, fac: str, bio: str) -> dict[str, Any]:
    name = rf.name.get("en") or rf.code
    return {
        "name": f"{name} [{rf.code}]",
        "unit": rf.unit,
        "location": rf.geography or "GLO",
        "reference product": name,
        "type": "process",
        "comment": f"{rf.citation} (release {rf.release or 'model-local'})",
        "exchanges": [{"input": [fac, ref], "amount": 1.0, "type": "production"}]
        + [
            {"input": [bio, _gas_code(g)], "amount": a, "type": "biosphere"}
            for g, a in _emissions(rf).items()
        ],
    }


def _foreground(study: Study, fg: str, fac: str, bio: str) -> tuple[dict[str, Any], str]:
    """One activity per column of the core's matrices, with the core's entries as exchanges."""
    system = study.system
    values_t, values_b, _ = system.values()
    codes = [_column_code(c.process, c.product) for c in system.columns]
    activities: dict[str, Any] = {}
    for code, column in zip(codes, system.columns, strict=True):
        process = study.model.processes[column.process]
        name = process.name.get("en") or column.process
        if column.product != column.process:
            name = f"{name} – co-product {column.product}"
        activities[code] = {
            "name": name,
            "unit": column.unit,
            "location": process.geography or "GLO",
            "type": "process",
            "reference product": column.product,
            "comment": process.name.get("zh"),
            "pcf stage": process.stage.value,
            "allocation share": column.share,
            "exchanges": [],
        }
    for r, c, v in zip(system.t_rows, system.t_cols, values_t, strict=True):
        kind = "production" if (r == c and v > 0) else "technosphere"
        activities[codes[c]]["exchanges"].append(
            {"input": [fg, codes[r]], "amount": float(abs(v)), "type": kind}
        )
    for r, c, v in zip(system.b_rows, system.b_cols, values_b, strict=True):
        flow = system.flows[r]
        gas = flow.kind == "gas"
        activities[codes[c]]["exchanges"].append(
            {
                "input": [bio, _gas_code(flow.key)] if gas else [fac, flow.key],
                "amount": float(v),
                "type": "biosphere" if gas else "technosphere",
            }
        )
    return activities, codes[system.demand_col]


def write_package(study: Study, out: Path, options: ExportOptions | None = None) -> Path:
    """Write the package as JSON to `out`."""
    text = json.dumps(brightway_package(study), ensure_ascii=False, indent=1)
    out.write_text(text + "\n", encoding="utf-8")
    return out


def load_into_project(
    package: Path,
    *,
    python: str | Path,
    brightway_dir: Path | None = None,
    project: str | None = None,
    timeout: float = 600,
) -> dict[str, Any]:
    """Run `bw_loader.py` with a Python that has bw2data; returns the loader's JSON summary."""
    cmd = [str(python), str(LOADER), str(package)]
    if brightway_dir is not None:
        cmd += ["--dir", str(brightway_dir)]
    if project:
        cmd += ["--project", project]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExchangeError(f"cannot run the Brightway loader with {python}: {exc}") from None
    if done.returncode != 0:
        raise ExchangeError(
            f"the Brightway loader failed (exit {done.returncode}): "
            f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.stdout}"
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _gas_code(gas: str) -> str:
    return "co2e-not-split" if gas == UNSPLIT else gas


def _column_code(process: str, product: str) -> str:
    return process if process == product else f"{process}::{product}"


def _write(study: Study, out: Path, options: ExportOptions) -> Path:
    return write_package(study, out, options)


EXPORTS = (
    ExportFormat(
        "brightway",
        "Brightway package (JSON for a bw2data project)",
        "Brightway 数据包（载入 bw2data 项目的 JSON）",
        ".json",
        _write,
    ),
)
