"""The floors under (a): steps every model → result must take, timed alone in the same run as (a) and (b).

Issue 13 asks (a) dict → result ≤ 0.05 × (b) classic Brightway and (a) YAML ≤ 1.5 × (a) dict. These
floors show what those ratios leave for the rest of the work:

* **model hash** – `footprint.model_validate.model_hash`: SHA-256 of the model's canonical JSON. Every
  `Model` and `Result` carries it, frozen model versions and certificates store it, and a result is
  reproducible from (model hash, factor release), so its definition cannot change.
* **bw2calc solve** – `bw2calc.LCA(demand, data_objs=[datapackage])` + `lci()` + `lcia()` of the prepared
  system (the datapackage included): the one Brightway solve the core makes.
* **json.loads** – the same model as JSON text read by the C JSON parser: how fast the content of a model
  file can be read at all from Python; the YAML target asks the YAML reader for (1.5 − 1) × (a) dict.
* **libyaml** – `yaml.load(text, Loader=yaml.CSafeLoader)`: PyYAML's C loader, the usual way to read YAML
  (without the safe loader's refusals), for reference.
* **YAML reader** – `footprint.safeload.load_yaml_file`, the project's reader (what (a) YAML adds to (a)).
"""

from __future__ import annotations

import json
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

FLOORS = ("model hash", "bw2calc solve", "json.loads", "libyaml", "YAML reader")


def _median_time(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def model_items(model: dict[str, Any]) -> int:
    """Processes, inputs and emissions of a model dict: the items the validation builds one by one."""
    return sum(
        1 + len(p.get("inputs") or ()) + len(p.get("emissions") or ()) for p in model["processes"].values()
    )


def bench_floors(model: dict[str, Any], yaml_path: Path, source: Any, repeats: int) -> dict[str, float]:
    """Median seconds of each floor for one model (dict and the same as a YAML file)."""
    import yaml

    import footprint
    from footprint.calculate import prepare
    from footprint.model_validate import model_hash
    from footprint.safeload import load_yaml_file
    from footprint.solve import _bw, _lca_class, datapackage

    _, system = prepare(footprint.parse_model(model), source)
    bc, _ = _bw()
    lca_class = _lca_class(bc)
    values = system.values()

    def bw_solve() -> float:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lca = lca_class(
                demand={system.demand_col: system.demand_amount}, data_objs=[datapackage(system, values)]
            )
            lca.lci()
            lca.lcia()
        return float(lca.score)

    json_text = json.dumps(model, ensure_ascii=False)
    yaml_text = yaml_path.read_text(encoding="utf-8")
    return {
        "model hash": _median_time(lambda: model_hash(model), repeats),
        "bw2calc solve": _median_time(bw_solve, repeats),
        "json.loads": _median_time(lambda: json.loads(json_text), repeats),
        "libyaml": _median_time(lambda: yaml.load(yaml_text, Loader=yaml.CSafeLoader), min(repeats, 3)),
        "YAML reader": _median_time(lambda: load_yaml_file(yaml_path), repeats),
    }


def floor_lines(row: dict[str, Any], ab_target: float, yaml_target: float) -> list[str]:
    """What the 1,000-process targets leave once the floors are paid (Markdown bullet lines)."""
    f, b = row["floors"], row.get("b")
    out = [
        "| " + " | ".join(FLOORS) + " |",
        "|" + "---:|" * len(FLOORS),
        "| " + " | ".join(_ms(f[name]) for name in FLOORS) + " |",
        "",
    ]
    fixed = f["model hash"] + f["bw2calc solve"]
    if b:
        budget = ab_target * b
        out.append(
            f"- (a) dict ≤ {ab_target} × (b) = {_ms(budget)}. Model hash + bw2calc solve alone: {_ms(fixed)} = "
            f"{fixed / b:.3f} × (b), leaving {_ms(budget - fixed)} to validate {row['items']:,} items, link "
            "factors, build the matrices and assemble the result (contributions, tree, data quality, "
            f"warnings); today these take {_ms(row['a'] - fixed)}."
        )
        read_budget = (yaml_target - 1) * budget
        out.append(
            f"- Both targets together leave the YAML reader {yaml_target - 1:g} × {_ms(budget)} = "
            f"{_ms(read_budget)} for this file; `json.loads` of the same content takes {_ms(f['json.loads'])}, "
            f"libyaml {_ms(f['libyaml'])}, the project's reader {_ms(f['YAML reader'])}."
        )
    out.append(
        f"- At today's (a) dict, the YAML target leaves the reader {_ms((yaml_target - 1) * row['a'])}; "
        f"it takes {_ms(f['YAML reader'])}. A faster (a) dict makes the YAML ratio larger: the two targets "
        "pull against each other."
    )
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"
