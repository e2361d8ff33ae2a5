"""The product editor's model operations: a draft model dict built from a rule, changed step by step.

Pure functions on plain dicts (the parsed model format, `docs/model-format.md`), never on stored rows:
`skeleton` lays out a rule's mandatory processes and inputs (material inputs linked to supply processes
in the raw-materials stage, as the Excel template does); `add_process`, `add_input`, `remove_*` change
the draft; `for_saving` gives the model the workflow package validates, calculates and stores, leaving
out inputs without an amount and processes nothing draws from (both listed, never silent).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from products.workbook_layout import UNITS

ID = re.compile(r"^[A-Za-z0-9_.\-]+$")
INPUT_KINDS = ("factor", "process", "gap")
MORE_UNITS = ("mg", "Wh", "kJ", "m^2", "ml", "km", "t*km", "kg*km")


@dataclass(frozen=True)
class Saving:
    """The model to save and what `for_saving` left out of the draft (process ids, input places)."""

    data: dict[str, Any]
    unfilled: list[tuple[str, int]] = field(default_factory=list)  # (process id, input position)
    unused: list[str] = field(default_factory=list)  # processes nothing draws from


def skeleton(
    rule: Any, *, functional_unit: str | None = None, code: str = "", name_zh: str = "", name_en: str = ""
) -> dict[str, Any]:
    """A draft model with the rule's mandatory structure: processes, their stages and inputs to fill."""
    from products.workbook_template import main_process, template_rows

    fu = rule.functional_unit(functional_unit)
    main = main_process(rule)
    processes: dict[str, dict[str, Any]] = {}
    for stage, rows in template_rows(rule, fu).items():
        for row in rows:
            pid = str(row["process"])
            if row["kind"] == "process":
                processes[pid] = {
                    "name": {"zh": row["name_zh"], "en": row["name_en"]},
                    "stage": stage.value,
                    "role": row["role"],
                    "output": {"amount": row.get("amount") or 1, "unit": row.get("unit") or "piece"},
                    "inputs": [],
                }
                continue
            item: dict[str, Any] = {}
            if row.get("role"):
                item["role"] = row["role"]
            if row.get("name_zh"):
                item["name"] = {"zh": row["name_zh"], "en": row["name_en"]}
            if row.get("from_process"):
                item["process"] = row["from_process"]
            else:
                item["factor"] = row.get("factor") or ""
            item |= {
                "amount": row.get("amount"),
                "unit": row.get("unit") or "kg",
                "source": row.get("source") or "",
            }
            processes[pid]["inputs"].append(item)
    product: dict[str, Any] = {
        "id": code,
        "name": {"zh": name_zh, "en": name_en or name_zh},
        "category": rule.applies_to[0],
        "functional_unit": fu.text.en,
        "reference_flow": {
            "process": main.role if main else "",
            "amount": None,
            "unit": (main.output_unit if main else "") or "piece",
        },
        "geography": "CN-JX-YC",
        "reference_year": dt.date.today().year - 1,
        "gwp": (rule.param("gwp.allowed_sets", fu) or ["AR6"])[0],
    }
    return {"format": "pcf-model/1", "product": product, "processes": processes}


def add_process(
    draft: dict[str, Any],
    *,
    pid: str,
    name_zh: str,
    name_en: str = "",
    stage: str,
    role: str = "",
    unit: str = "kg",
) -> str:
    """Add an empty process (1 unit of output); returns an error key, or "" when added."""
    pid = pid.strip()
    if not ID.match(pid):
        return "ed.err_id"
    if pid in draft.setdefault("processes", {}):
        return "ed.err_id_taken"
    process: dict[str, Any] = {
        "name": {"zh": name_zh.strip() or pid, "en": name_en.strip() or name_zh.strip() or pid},
        "stage": stage,
        "output": {"amount": 1, "unit": unit},
        "inputs": [],
    }
    if role:
        process["role"] = role
    draft["processes"][pid] = process
    return ""


def remove_process(draft: dict[str, Any], pid: str) -> list[tuple[str, int]]:
    """Remove a process and the inputs that drew from it; returns those inputs' (process, position)."""
    draft.get("processes", {}).pop(pid, None)
    dropped = []
    for other, p in draft.get("processes", {}).items():
        items = p.get("inputs") or []
        keep = [i for i in items if i.get("process") != pid]
        dropped += [(other, k) for k, i in enumerate(items) if i.get("process") == pid]
        p["inputs"] = keep
    return dropped


def add_input(
    draft: dict[str, Any],
    pid: str,
    *,
    kind: str,
    ref: str = "",
    amount: float | None = None,
    unit: str = "kg",
    source: str = "",
    name_zh: str = "",
    name_en: str = "",
    role: str = "",
    reason: str = "",
) -> None:
    """Add an input drawing on a factor or a process of the model, or a declared data gap."""
    process = draft["processes"][pid]
    item: dict[str, Any] = {}
    if role:
        item["role"] = role
    if name_zh or name_en:
        item["name"] = {"zh": name_zh or name_en, "en": name_en or name_zh}
    if kind == "gap":
        item |= {
            "amount": amount,
            "unit": unit,
            "source": source,
            "reason": reason or "no data yet / 暂无数据",
        }
        process.setdefault("x-gaps", []).append(item)
        return
    item["factor" if kind == "factor" else "process"] = ref
    item |= {"amount": amount, "unit": unit, "source": source}
    process.setdefault("inputs", []).append(item)


def remove_item(draft: dict[str, Any], pid: str, key: str, index: int) -> None:
    """Remove the `index`-th item of a process's list `key` (inputs, x-gaps)."""
    items = draft["processes"][pid].get(key) or []
    if 0 <= index < len(items):
        del items[index]


def for_saving(draft: Mapping[str, Any]) -> Saving:
    """The model to store: inputs without an amount left out, then processes nothing draws from."""
    data = copy.deepcopy(dict(draft))
    procs: dict[str, dict[str, Any]] = data.get("processes") or {}
    unfilled: list[tuple[str, int]] = []
    for pid, p in procs.items():
        items = p.get("inputs") or []
        unfilled += [(pid, k) for k, i in enumerate(items) if i.get("amount") in (None, "")]
        p["inputs"] = [i for i in items if i.get("amount") not in (None, "")]
        for gap in p.get("x-gaps") or []:
            if gap.get("amount") in (None, ""):
                gap.pop("amount", None)
                gap.pop("unit", None)
        for key in ("inputs", "x-gaps", "emissions"):
            if key in p and not p[key]:
                del p[key]
        for item in p.get("inputs") or []:
            if not item.get("source"):
                item.pop("source", None)
    flow = (data.get("product") or {}).get("reference_flow") or {}
    unused: list[str] = []
    while True:
        used = {
            str(i.get("process")) for p in procs.values() for i in p.get("inputs") or [] if i.get("process")
        }
        gone = [pid for pid in procs if pid not in used and pid != flow.get("process")]
        if not gone:
            break
        for pid in gone:
            unused.append(pid)
            del procs[pid]
    return Saving(data, unfilled, unused)


def compatible_units(unit: str) -> list[str]:
    """Units of the same dimension as `unit` (itself first), from the template's list and a few more."""
    from footprint.units import parse_unit

    try:
        dim = parse_unit(unit).dimensionality
    except Exception:  # an unknown unit: offer it and the usual ones, validation names the problem
        return [unit, *[u for u in UNITS if u != unit]] if unit else list(UNITS)
    out = [unit]
    for u in (*UNITS, *MORE_UNITS):
        try:
            if u not in out and parse_unit(u).dimensionality == dim:
                out.append(u)
        except Exception:  # a unit this registry does not know is simply not offered
            continue
    return out


def factor_unit(intensity_unit: str) -> str:
    """The reference unit of a factor's intensity unit (``kg CO2e / kWh`` → ``kWh``)."""
    return intensity_unit.split("/", 1)[1].strip() if "/" in intensity_unit else intensity_unit


def output_unit(draft: Mapping[str, Any], pid: str) -> str:
    """The output unit of a process of the draft (what an input drawing on it is measured in)."""
    proc = (draft.get("processes") or {}).get(pid) or {}
    return str((proc.get("output") or {}).get("unit") or "kg")
