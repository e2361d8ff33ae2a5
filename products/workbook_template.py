"""The pre-listed rows of a rule's data-collection template, and how untouched ones are recognised.

The template follows the rule's structure so that a natural fill passes the rule: each stage sheet holds
the processes of its stage; every material input of the main process (mass or area, not energy or
transport) comes from a supply process of its own on the raw-materials sheet (the rule's supply role,
1 unit of output, the rule's default factor), so raw-material emissions land in the raw-materials stage.
Each pre-listed row is marked (a hash of its cells, kept on the hidden meta sheet); on reading, a marked
row that is still as the template wrote it and has no amount is left out — an optional row the user did
not fill demands nothing — and a pre-listed process nobody uses any more is left out with its rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from footprint.model import Stage
from products.rules import FunctionalUnit, InputSpec, ProcessSpec, Rule

MARK_PREFIX = "template_rows:"
SUPPLY_SOURCE = "定义：供应 1 {unit} / definition: 1 {unit} supplied"


def row_mark(values: Mapping[str, Any]) -> str:
    """A short hash of a row's non-blank cells (column key → value), the same for writer and reader."""
    cells = {str(k): v for k, v in values.items() if v is not None and v != ""}
    text = json.dumps(cells, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def main_process(rule: Rule) -> ProcessSpec | None:
    """The rule's main process: the first mandatory one in production (else the first mandatory one)."""
    mandatory = [p for p in rule.processes if p.mandatory]
    return next((p for p in mandatory if Stage.PRODUCTION in p.stages), mandatory[0] if mandatory else None)


def supply_role(rule: Rule, fu: FunctionalUnit) -> ProcessSpec | None:
    """The rule's role for bought materials: a raw-materials-only process role without inputs of its own."""
    if Stage.RAW_MATERIALS not in fu.allowed_stages:
        return None
    return next(
        (
            p
            for p in rule.processes
            if p.stages == (Stage.RAW_MATERIALS,) and not p.inputs and not p.mandatory
        ),
        None,
    )


def is_material_unit(unit: str) -> bool:
    """True for a unit of mass, area or volume (a bought material), False for energy, transport, pieces."""
    from footprint.units import parse_unit, registry

    if not unit:
        return False
    try:
        dim = parse_unit(unit).dimensionality
    except Exception:  # a rule's unit is validated when the rule loads; stay on the safe side
        return False
    ureg = registry()
    return dim in (ureg.kilogram.dimensionality, ureg.meter.dimensionality**2, ureg.meter.dimensionality**3)


def template_rows(rule: Rule, fu: FunctionalUnit) -> dict[Stage, list[dict[str, Any]]]:
    """The rows a rule's template pre-lists, by stage sheet (column key → value)."""
    specs = [p for p in rule.processes if p.mandatory]
    for stage in fu.required_stages:  # a required stage without a mandatory role gets its first role
        if not any(stage in p.stages for p in specs):
            specs += [p for p in rule.processes if stage in p.stages][:1]
    supply = supply_role(rule, fu)
    main = main_process(rule)
    rows: dict[Stage, list[dict[str, Any]]] = {}
    supplies: list[dict[str, Any]] = []
    for spec in specs:
        if spec is supply:
            continue
        stage = next((s for s in spec.stages if s in fu.allowed_stages), spec.stages[0])
        out = rows.setdefault(stage, [])
        out.append(
            {
                "process": spec.role,
                "kind": "process",
                "role": spec.role,
                "name_zh": spec.name.zh,
                "name_en": spec.name.en,
                "unit": spec.output_unit or None,
                "note": "必需过程 mandatory process" if spec.mandatory else None,
            }
        )
        for i in spec.inputs:
            if not i.mandatory:
                continue
            row = _input_row(spec.role, i)
            if (
                supply is not None
                and spec is main
                and stage is not Stage.RAW_MATERIALS
                and is_material_unit(i.unit)
            ):
                pid = f"{i.role}_supply"
                row["factor"], row["from_process"] = None, pid
                supplies += _supply_rows(pid, supply, i)
            out.append(row)
    if supplies:
        rows.setdefault(Stage.RAW_MATERIALS, [])[:0] = supplies
    return rows


def _input_row(pid: str, i: InputSpec) -> dict[str, Any]:
    scope = ", ".join(i.match.chemistry + i.match.category)
    when = f" [{scope}]" if scope else ""
    note = "必需输入 mandatory input" + when + (f"; {i.note.zh} {i.note.en}" if i.note.zh else "")
    return {
        "process": pid,
        "kind": "input",
        "role": i.role,
        "name_zh": i.name.zh,
        "name_en": i.name.en,
        "unit": i.unit or None,
        "factor": i.default_factor or None,
        "note": note,
    }


def _supply_rows(pid: str, supply: ProcessSpec, i: InputSpec) -> list[dict[str, Any]]:
    """A supply process for one material input: 1 unit out, 1 unit of the (default) factor in."""
    process = {
        "process": pid,
        "kind": "process",
        "role": supply.role,
        "name_zh": f"{i.name.zh}供应",
        "name_en": f"{i.name.en} supply",
        "amount": 1,
        "unit": i.unit,
        "note": "原材料获取阶段：填写该材料的排放因子 / raw-material stage: this material's factor",
    }
    line = {
        "process": pid,
        "kind": "input",
        "factor": i.default_factor or None,
        "amount": 1,
        "unit": i.unit,
        "source": SUPPLY_SOURCE.format(unit=i.unit),
    }
    return [process, line]
