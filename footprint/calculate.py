"""The calculation pipeline: model → resolved factors → matrices → solution → result."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from footprint.contribution import breakdown, supply_by_process, upstream_tree
from footprint.endoflife import end_of_life_account, eol_flags
from footprint.errors import Issue, ModelError, UnknownFactors
from footprint.linking import FactorSet, FactorSource, Flag, link_factors
from footprint.matrices import System, build_system
from footprint.model import Model
from footprint.quality import rate
from footprint.result import Result
from footprint.solve import Solution, solve


def calculate(
    model: Model,
    source: FactorSource | None,
    *,
    gwp: str | None = None,
    iterations: int = 0,
    seed: int | None = None,
    tree_cutoff: float = 0.01,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Footprint of `model` per functional unit with factors from `source` (None: model-local only).

    `gwp` overrides the model's GWP set; `iterations` > 1 adds a Monte Carlo run with `seed`; `progress`
    gets a line before each step (the CLI shows them for large models).
    """
    from footprint.safeload import gc_paused

    say = progress or (lambda _text: None)
    with gc_paused():
        say(f"linking factors and building the matrices of {len(model.processes):,} processes")
        factor_set, system = prepare(model, source, gwp=gwp)
        say(f"solving {system.n:,} × {system.n:,}")
        solution = solve(system)
        say("contributions, tree and data quality")
        return assemble(
            model, factor_set, system, solution, iterations=iterations, seed=seed, tree_cutoff=tree_cutoff
        )


def prepare(model: Model, source: FactorSource | None, *, gwp: str | None = None) -> tuple[FactorSet, System]:
    """Link factors and lay out the matrices; one `ModelError` lists every unknown factor and unit problem."""
    gwp_set = (gwp or model.product.gwp.value).upper()
    factor_set = link_factors(model, source, gwp_set=gwp_set, strict=False)
    issues = list(factor_set.unknown)
    try:
        system = build_system(model, factor_set)
    except ModelError as exc:
        issues += exc.issues
        system = None
    if issues or system is None:
        raise (UnknownFactors if factor_set.unknown else ModelError)(model.file, issues)
    return factor_set, system


def check_file(path: str, source: FactorSource | None, *, gwp: str | None = None) -> list[Issue]:
    """Every problem of a model file at once: structure, unknown factors, units (nothing is solved)."""
    from footprint.model import parse_model_lenient, read_model_data

    try:
        model, issues = parse_model_lenient(read_model_data(path), file=str(path))
    except ModelError as exc:
        return exc.issues
    if model is None:
        return issues
    try:
        prepare(model, source, gwp=gwp)
    except ModelError as exc:
        issues += exc.issues
    return issues


def assemble(
    model: Model,
    factor_set: FactorSet,
    system: System,
    solution: Solution,
    *,
    iterations: int = 0,
    seed: int | None = None,
    tree_cutoff: float = 0.01,
) -> Result:
    """Turn a solution into a `Result` (contributions, tree, quality, warnings, optional Monte Carlo)."""
    parts = breakdown(model, system, factor_set, solution)
    supply = supply_by_process(model, system, solution)
    flags = (
        list(factor_set.flags)
        + _model_flags(model, factor_set, supply)
        + _magnitude_flags(model, factor_set, solution.score)
    )
    eol = end_of_life_account(
        model, system, factor_set, solution, parts.by_process, parts.by_stage, solution.score
    )
    flags += eol_flags(model, eol)
    uncertainty = None
    if iterations:
        from footprint.uncertainty import monte_carlo

        uncertainty = monte_carlo(system, iterations, seed).summary()
    quality = rate(model, system, factor_set, solution)
    total = solution.score
    primary = sum(parts.direct.values()) + sum(
        v
        for ref, v in parts.by_factor.items()
        if ref in factor_set.factors and factor_set.factors[ref].origin == "local"
    )
    product = model.product
    return Result(
        product={"id": product.id, "name": product.name.as_dict(), "category": product.category},
        functional_unit=product.functional_unit,
        reference_flow={
            "process": product.reference_flow.process,
            "amount": product.reference_flow.amount,
            "unit": product.reference_flow.unit,
            **({"product": product.reference_flow.product} if product.reference_flow.product else {}),
        },
        total=total,
        gwp=factor_set.gwp.gwp_set.value,
        factor_release=factor_set.release,
        model_hash=model.hash,
        by_stage=parts.by_stage,
        by_process=parts.by_process,
        by_factor=parts.by_factor,
        by_gas=parts.by_gas,
        supply=supply,
        processes=[_process_row(model, pid, parts, supply) for pid in model.processes],
        factors=[_factor_row(factor_set, ref, parts.by_factor.get(ref, 0.0)) for ref in factor_set.factors],
        tree=upstream_tree(model, system, solution, cutoff=tree_cutoff),
        warnings=[f.message for f in flags],
        warning_details=[
            {"code": f.code, "message": f.message, "path": f.path, "message_zh": f.message_zh or f.message}
            for f in flags
        ],
        data_quality=quality.as_dict(),
        primary_data_share=primary / total if total else None,
        uncertainty=uncertainty,
        credits=eol["credits"],
        end_of_life=eol["end_of_life"],
        net=eol["net"],
        biogenic=eol["biogenic"],
        offsets=eol["offsets"],
    )


def _process_row(model: Model, pid: str, parts: Any, supply: dict[str, float]) -> dict[str, Any]:
    p = model.processes[pid]
    return {
        "id": pid,
        "name": p.name.as_dict(),
        "stage": str(p.stage),  # the StrEnum's text, cheaper than `.value`
        "supply": supply[pid],
        "unit": p.output.unit,
        "direct": parts.direct[pid],
        "inputs": parts.inputs[pid],
        "total": parts.by_process[pid],
    }


def _factor_row(fs: FactorSet, ref: str, contribution: float) -> dict[str, Any]:
    f = fs.factors[ref]
    return {
        "ref": ref,
        "code": f.code,
        "origin": f.origin,
        "name": f.name.as_dict(),
        "value": f.value,
        "unit": f"kg {'CO2' if f.basis == 'CO2' else 'CO2e'} / {f.unit}",
        "basis": f.basis,
        "gwp": f.gwp,
        "scope": f.scope,
        "category": f.category,
        "activity": f.activity,
        "geography": f.geography,
        "reference_year": f.reference_year,
        "release": f.release,
        "citation": f.citation,
        "confidence": f.confidence,
        "resolution": f.resolution,
        "contribution": contribution,
        **({"parts": [dict(p) for p in f.parts]} if f.parts else {}),
    }


def _magnitude_flags(model: Model, fs: FactorSet, total: float) -> list[Flag]:
    """A total too small to be a real footprint (float underflow) and used factors that are all zero."""
    flags: list[Flag] = []
    if total and abs(total) < sys.float_info.min:  # subnormal: the number has lost its precision
        flags.append(
            Flag(
                "total_underflow",
                f"the total {total:.3g} kg CO2e is too small to be a real footprint "
                "(check the units and magnitudes of the amounts)",
                "",
                f"总量 {total:.3g} kg CO2e 过小，不可能是真实的碳足迹（请检查数量的单位与数量级）",
            )
        )
    used = {item.factor for p in model.processes.values() for item in p.inputs if item.factor and item.amount}
    for ref, factor in fs.factors.items():
        local = model.factors.get(factor.code) if factor.origin == "local" else None
        explained = local is not None and bool(local.reason)
        if (factor.code in used or ref in used) and factor.value == 0 and not explained:
            flags.append(
                Flag(
                    "zero_factor",
                    f"factor {factor.code}: its value is 0 for every gas, so the inputs using it contribute "
                    "nothing (give a `reason` if 0 is right)",
                    "",
                    f"因子 {factor.code} 的值为 0（所有气体），使用它的输入不产生排放（若 0 正确请说明 reason）",
                )
            )
    return flags


def _model_flags(model: Model, fs: FactorSet, supply: dict[str, float]) -> list[Flag]:
    flags: list[Flag] = []
    for process in model.processes.values():
        for item in process.inputs:
            if item.amount == 0:
                flags.append(
                    Flag(
                        "zero_amount",
                        f"{item.path}: amount is 0 (kept, contributes nothing)",
                        item.path,
                        f"{item.path}：数量为 0（保留，不产生排放）",
                    )
                )
        for em in process.emissions:
            if em.amount == 0:
                flags.append(
                    Flag(
                        "zero_amount",
                        f"{em.path}: amount is 0 (kept, contributes nothing)",
                        em.path,
                        f"{em.path}：数量为 0（保留，不产生排放）",
                    )
                )
            general = fs.gwp.fallback_used(em.gas)
            if general and em.amount:
                flags.append(
                    Flag(
                        "gwp_fallback",
                        f"{em.path}: {fs.gwp.gwp_set.value} has no own value for "
                        f"{em.gas}; the general {general} value is used",
                        em.path,
                        f"{em.path}：{fs.gwp.gwp_set.value} 未单列 {em.gas} 的值，采用通用 {general} 值",
                    )
                )
        if supply.get(process.id, 0.0) == 0.0:
            flags.append(
                Flag(
                    "unused_process",
                    f"process {process.id!r} is not used by the reference flow",
                    f"processes.{process.id}",
                    f"过程 {process.id!r} 未被基准流使用",
                )
            )
    co2_only = sorted(ref for ref, f in fs.factors.items() if f.basis == "CO2")
    if co2_only:
        flags.append(
            Flag(
                "co2_only",
                "these factors count CO2 only (no CH4/N2O): " + ", ".join(co2_only),
                "",
                "以下因子仅计 CO2（不含 CH4/N2O）：" + "、".join(co2_only),
            )
        )
    return flags
