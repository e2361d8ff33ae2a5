"""Credits, recycled content and the end-of-life method views of a solved model.

Burdens come from the matrices as before (`Result.total`, `by_stage`, … are burdens only). Credits
(avoided burdens declared under `substitutes:`) are computed here from the same solution and kept apart:
`Result.credits` (≤ 0, kg CO2e per functional unit) by stage, process and item. Two method views are then
derived, both linear in the solution:

* cut-off (100:0): net = burdens + credits of system expansion (co-products); end-of-life credits are
  shown but not subtracted; end-of-life treatment counts in full; recycled content carries its
  recycling factor only (the model's `recycled_content` split).
* CFF (PEF): a recycling process counts (1−A)·(its own burden + its credits); an energy-recovery process
  (1−B)·(burden + credits); recycled content adds R1·(1−A)·(Ev·Qsin/Qp − Erecycled); landfill and other
  processes count as burdens. A and B come from the model (`cff:`/`A:`) or the rule (`defaults`); a
  missing one makes the view unavailable and says which parameter is missing.

The formula itself is `footprint.circular`; the per-material terms are reported under `materials`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from footprint.circular import EolMethod
from footprint.errors import Issue, ModelError
from footprint.linking import FactorSet, Flag
from footprint.matrices import System
from footprint.model import Model
from footprint.solve import Solution
from footprint.units import UnitError, convert

OFFSETS_NOTE = (
    "offsets (certificates) are never subtracted from a product carbon footprint (ISO 14067 / "
    "GB/T 24067 exclude offsetting); they are listed apart"
)
OFFSETS_NOTE_ZH = "碳抵消（减排量证书）不得从产品碳足迹中扣除（ISO 14067 / GB/T 24067 不含抵消），仅单列"


def end_of_life_account(
    model: Model,
    system: System,
    factors: FactorSet,
    solution: Solution,
    by_process: Mapping[str, float],
    by_stage: Mapping[str, float],
    total: float,
) -> dict[str, Any]:
    """`account` plus the cut-off and CFF views (with the model's own A/B) and the net of its method."""
    out = account(model, system, factors, solution, by_process)
    eol = out["end_of_life"]
    eol["views"] = {m.value: method_view(total, by_stage, eol, out["credits"], m) for m in EolMethod}
    chosen = eol["method"] or EolMethod.CUT_OFF.value
    eol["method"] = chosen
    out["net"] = eol["views"][chosen]["total"]
    return out


def eol_flags(model: Model, out: Mapping[str, Any]) -> list[Flag]:
    """Warnings: offsets never subtracted; end-of-life credits not subtracted under cut-off; a CFF
    parameter missing for the model's own method."""
    flags: list[Flag] = []
    if model.offsets:
        flags.append(Flag("offsets_not_subtracted", OFFSETS_NOTE, "offsets", OFFSETS_NOTE_ZH))
    eol = out["end_of_life"]
    view = eol["views"][eol["method"]]
    if eol["method"] == EolMethod.CUT_OFF.value and any(p["fate"] and p["credit"] for p in eol["processes"]):
        flags.append(
            Flag(
                "eol_credits_not_counted",
                "end-of-life credits are shown apart and not subtracted: "
                "the cut-off (100:0) method gives no credit at end of life",
                "end_of_life",
                "寿命终止阶段的抵免单列显示、不予扣减：截断法（100:0）在寿命终止时不给予抵免",
            )
        )
    for missing in view["missing"]:
        flags.append(
            Flag(
                "cff_parameter_missing",
                f"CFF net not calculated: {missing}",
                "end_of_life",
                f"未计算 CFF 净值：缺少 {missing}",
            )
        )
    return flags


def account(
    model: Model, system: System, factors: FactorSet, solution: Solution, by_process: Mapping[str, float]
) -> dict[str, Any]:
    """Credits, recycled content, fates, biogenic removals and offsets of a solved model (JSON-ready)."""
    ops = _operations(model, system, solution)
    items: list[dict[str, Any]] = []
    for pid, process in model.processes.items():
        for s in process.substitutes:
            per_unit, unit = _displaced_burden(s, factors, system, solution, model)
            amount = ops[pid] * s.amount
            items.append(
                {
                    "process": pid,
                    "stage": process.stage.value,
                    "path": s.path,
                    "material": s.material,
                    "displaces": s.factor or s.process,
                    "kind": "factor" if s.factor else "process",
                    "product": s.product,
                    "amount": amount,
                    "unit": s.unit,
                    "quality_ratio": s.quality_ratio,
                    "burden_per_unit": per_unit,
                    "burden_unit": unit,
                    "A": s.a,
                    "source": s.source,
                    "credit": -amount * s.quality_ratio * per_unit,
                }
            )
    credits_by_process = {pid: 0.0 for pid in model.processes}
    credits_by_stage: dict[str, float] = {}
    for it in items:
        credits_by_process[it["process"]] += it["credit"]
        credits_by_stage[it["stage"]] = credits_by_stage.get(it["stage"], 0.0) + it["credit"]
    credits = {
        "total": sum(it["credit"] for it in items),
        "by_stage": credits_by_stage,
        "by_process": {k: v for k, v in credits_by_process.items() if v},
        "items": items,
    }
    eol = {
        "fates": {pid: p.fate.value for pid, p in model.processes.items() if p.fate is not None},
        "processes": [
            _process_piece(model, pid, by_process[pid], credits_by_process[pid]) for pid in model.processes
        ],
        "recycled_content": _recycled_content(model, system, factors, solution),
        "method": model.end_of_life_method.value if model.end_of_life_method else None,
    }
    removals = sum(
        ops[pid] * convert(r.amount, r.unit, "kg") for pid, p in model.processes.items() for r in p.removals
    )
    biogenic = {
        "removals_kg_co2": -removals,
        "note": "biogenic CO2 uptake, reported apart from fossil emissions and not netted (ISO 14067)",
    }
    offsets = [
        {
            "path": o.path,
            "amount": o.amount,
            "unit": o.unit,
            "scheme": o.scheme,
            "source": o.source,
            "subtracted": False,
        }
        for o in model.offsets
    ]
    return {"credits": credits, "end_of_life": eol, "biogenic": biogenic, "offsets": offsets}


def method_view(
    total: float,
    by_stage: Mapping[str, float],
    pieces: Mapping[str, Any],
    credits: Mapping[str, Any],
    method: EolMethod | str,
    *,
    defaults: Mapping[str, float | None] | None = None,
) -> dict[str, Any]:
    """Net footprint and stages under `method`; `defaults` give A and B where the model states none.

    Returns ``{"method", "total", "by_stage", "burdens", "credits", "missing"}``; with missing CFF
    parameters, ``total`` is None and ``missing`` names them.
    """
    method = EolMethod(method)
    defaults = defaults or {}
    stages = dict(by_stage)
    counted_credits = 0.0
    missing: list[str] = []
    for piece in pieces["processes"]:
        fate, burden, credit, stage = piece["fate"], piece["burden"], piece["credit"], piece["stage"]
        eol_credit = fate is not None
        if method is EolMethod.CUT_OFF or fate in (None, "landfill", "incineration"):
            if not eol_credit and credit:
                stages[stage] = stages.get(stage, 0.0) + credit  # system expansion of a co-product
                counted_credits += credit
            continue
        key = "B" if fate == "energy_recovery" else "A"
        share = piece[key] if piece[key] is not None else defaults.get(key)
        if share is None:
            missing.append(
                f"{piece['process']}: CFF parameter {key} (model `cff: {{{key}: …}}` or rule "
                f"parameter cff.{key})"
            )
            continue
        stages[stage] = stages.get(stage, 0.0) - share * burden + (1 - share) * credit
        counted_credits += (1 - share) * credit
    if method is EolMethod.CFF:
        for rc in pieces["recycled_content"]:
            a = rc["A"] if rc["A"] is not None else defaults.get("A")
            if a is None:
                missing.append(f"{rc['path']}: CFF parameter A of the recycled content")
                continue
            stages[rc["stage"]] = stages.get(rc["stage"], 0.0) + (1 - a) * (
                rc["virgin_equivalent"] - rc["recycled_burden"]
            )
    net = None if missing else sum(stages.values())
    return {
        "method": method.value,
        "total": net,
        "by_stage": stages,
        "burdens": total,
        "credits_counted": counted_credits,
        "credits_shown": credits["total"],
        "missing": missing,
    }


def _operations(model: Model, system: System, solution: Solution) -> dict[str, float]:
    """Operations of each process per functional unit, weighted by allocation share (1 for the main
    product under system expansion)."""
    ops = {pid: 0.0 for pid in model.processes}
    for j, column in enumerate(system.columns):
        ops[column.process] += float(solution.supply[j] * column.share)
    return ops


def _displaced_burden(
    s: Any, factors: FactorSet, system: System, solution: Solution, model: Model
) -> tuple[float, str]:
    """kg CO2e per unit of the substitution's amount (the factor value or the process's unit score)."""
    if s.factor is not None:
        rf = factors.factors.get(s.factor)
        if rf is None:
            return 0.0, ""  # an unknown factor: reported by linking
        return rf.value * _k(s, rf.unit, f"the unit of factor {rf.code!r}", model), rf.unit
    for j, column in enumerate(system.columns):
        if column.process == s.process and column.product == s.process:
            k = _k(s, column.unit, f"the output unit of process {s.process!r}", model)
            return float(solution.unit_scores[j]) * k, column.unit
    return 0.0, ""


def _k(s: Any, to: str, what: str, model: Model) -> float:
    try:
        return convert(1.0, s.unit, to)
    except UnitError:
        raise ModelError(
            model.file,
            [
                Issue(
                    f"{s.path}.unit",
                    f"unit {s.unit!r} cannot be converted to {to!r} ({what}): the dimensions differ",
                )
            ],
        ) from None


def _process_piece(model: Model, pid: str, burden: float, credit: float) -> dict[str, Any]:
    p = model.processes[pid]
    cff = p.cff
    a = cff.a if cff is not None and cff.a is not None else None
    if a is None and p.substitutes and all(s.a is not None for s in p.substitutes):
        a = p.substitutes[0].a if len({s.a for s in p.substitutes}) == 1 else None
    return {
        "process": pid,
        "stage": str(p.stage),  # the StrEnum's text, cheaper than `.value`
        "fate": p.fate.value if p.fate else None,
        "burden": burden,
        "credit": credit,
        "A": a,
        "B": cff.b if cff is not None else None,
    }


def _recycled_content(
    model: Model, system: System, factors: FactorSet, solution: Solution
) -> list[dict[str, Any]]:
    """Per recycled-content input: the recycled quantity per FU, its burden, and the virgin equivalent."""
    out: list[dict[str, Any]] = []
    recycled = [
        (pid, process, item)
        for pid, process in model.processes.items()
        for item in process.inputs
        if item.recycled is not None and item.factor is not None
    ]
    if not recycled:
        return out
    _t, b, _c = system.values()
    rows_of: dict[str, list[int]] = {}
    for k, p in enumerate(system.b_param.tolist()):
        rows_of.setdefault(system.params[p].label, []).append(k)
    for pid, process, item in recycled:
        rc = item.recycled
        if rc is None or item.factor is None:
            continue
        rows = rows_of.get(item.path, [])
        quantity = float(sum(b[k] * solution.supply[system.b_cols[k]] for k in rows))
        rec = factors.factors.get(item.factor)
        virgin = factors.factors.get(rc.virgin_factor)
        if rec is None or virgin is None:
            continue
        out.append(
            {
                "path": rc.path,
                "process": pid,
                "stage": process.stage.value,
                "material": rc.material or virgin.name.get("en") or rc.virgin_factor,
                "share": rc.share,
                "quantity": quantity,
                "unit": rec.unit,
                "quality_ratio": rc.quality_ratio,
                "A": rc.a,
                "recycled_factor": item.factor,
                "virgin_factor": rc.virgin_factor,
                "recycled_burden": quantity * rec.value,
                "virgin_equivalent": quantity
                * virgin.value
                * convert(1.0, rec.unit, virgin.unit)  # both convert from the input's unit (checked)
                * rc.quality_ratio,
            }
        )
    return out
