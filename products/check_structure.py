"""Checks that need only the model: stages, mandatory processes and inputs, data gaps, mass balance,
cut-off and allocation. Each step takes the check `Context` and returns its findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from products import finding_words as w
from products.findings import Finding, error, info, warning
from products.inventory import (
    aggregated_inputs,
    gaps,
    input_mass_kg,
    is_material,
    mass_kg,
    output_mass_kg,
    processes_with_role,
    role_matches,
)
from products.rules import STAGE_ORDER

if TYPE_CHECKING:
    from products.checks import Context


def stages(ctx: Context) -> list[Finding]:
    """Required stages present (or covered by an aggregated dataset), no process outside the allowed ones."""
    model, fu = ctx.model, ctx.fu
    present = {p.stage for p in model.processes.values()}
    covered = {
        s
        for p in model.processes.values()
        if aggregated_inputs(p)
        for s in STAGE_ORDER[: STAGE_ORDER.index(p.stage)]
    }
    out = []
    for stage in fu.required_stages:
        if stage in present:
            continue
        if stage in covered:
            out.append(
                info(
                    "stage_covered_by_aggregate",
                    "processes",
                    f"“{w.stage(stage)[0]}”阶段没有单独的过程，由后续过程中的汇总数据集覆盖。",
                    f"Stage {stage.value} has no process of its own; an aggregated dataset (role: "
                    "aggregated) of a later process covers it.",
                )
            )
        else:
            out.append(
                error(
                    "missing_stage",
                    "processes",
                    f"功能单位{w.functional_unit(fu)[0]}（{w.term(fu.boundary)[0]}）要求"
                    f"“{w.stage(stage)[0]}”阶段，模型中没有该阶段的过程。",
                    f"Functional unit {fu.id} ({fu.boundary}) requires stage {stage.value}; no "
                    "process of the model is in it.",
                )
            )
    for pid, p in model.processes.items():
        if p.stage not in fu.allowed_stages:
            allowed = ", ".join(s.value for s in fu.allowed_stages)
            out.append(
                error(
                    "stage_not_allowed",
                    f"processes.{pid}.stage",
                    f"{w.process(model, pid)[0]}属于“{w.stage(p.stage)[0]}”阶段，不在功能单位"
                    f"{w.functional_unit(fu)[0]}的系统边界内（允许：{w.stages(fu.allowed_stages, 'zh')}）。",
                    f"Process {pid} is in stage {p.stage.value}, outside the boundary of {fu.id} "
                    f"(allowed: {allowed}).",
                )
            )
    return out


def processes(ctx: Context) -> list[Finding]:
    """Every mandatory process role present; role-bearing processes only in the stages the rule allows."""
    out = []
    for spec in ctx.rule.process_specs(ctx.model):
        found = processes_with_role(ctx.model, spec.role)
        if spec.mandatory and not found:
            out.append(
                error(
                    "missing_process",
                    "processes",
                    f"缺少必需过程“{spec.name.zh or spec.name.en}”。",
                    f"Mandatory process '{spec.name.en}' (role: {spec.role}) is missing.",
                )
            )
        for p in found:
            if p.stage not in spec.stages:
                allowed = ", ".join(s.value for s in spec.stages)
                out.append(
                    error(
                        "process_stage",
                        f"processes.{p.id}.stage",
                        f"{w.process(ctx.model, p.id)[0]}（{spec.name.zh or spec.name.en}）只能属于"
                        f"{w.stages(spec.stages, 'zh')}阶段，现属于“{w.stage(p.stage)[0]}”阶段。",
                        f"Process {p.id} (role: {spec.role}) belongs in {allowed}, not {p.stage.value}.",
                    )
                )
    return out


def inputs(ctx: Context) -> list[Finding]:
    """Mandatory inputs of each role-bearing process: present, declared as a gap, or in an aggregate."""
    declared = gaps(ctx.model)
    out = []
    for spec in ctx.rule.process_specs(ctx.model):
        for p in processes_with_role(ctx.model, spec.role):
            agg = aggregated_inputs(p)
            for item in agg:
                out.append(
                    info(
                        "aggregated_dataset",
                        item.path,
                        f"{w.process(ctx.model, p.id)[0]}使用汇总数据集"
                        f"{_source_zh(ctx, item.factor, item.process)}，视为覆盖其必需输入；请说明其边界。",
                        f"Process {p.id} uses the aggregated dataset {item.factor or item.process}, "
                        "taken to cover its mandatory inputs; document its boundary.",
                    )
                )
            if agg:
                continue
            own_gaps = [g for g in declared if g.process == p.id]
            for ispec in spec.inputs:
                if not ispec.mandatory or not ispec.match.matches(ctx.model):
                    continue
                if any(role_matches(i.role, ispec.role) for i in p.inputs) or any(
                    role_matches(g.role, ispec.role) for g in own_gaps
                ):
                    continue
                out.append(
                    warning(
                        "missing_input",
                        f"processes.{p.id}.inputs",
                        f"{w.process(ctx.model, p.id)[0]}缺少必需输入“{ispec.name.zh or ispec.name.en}”："
                        "碳足迹不完整。",
                        f"Process {p.id} lacks the mandatory input '{ispec.name.en}' (role: "
                        f"{ispec.role}): the footprint is partial.",
                    )
                )
    return out


def data_gaps(ctx: Context) -> list[Finding]:
    """Each declared data gap, with its share of the output mass of a mass-balanced process when known."""
    out = []
    for g in gaps(ctx.model):
        process = ctx.model.processes.get(g.process)
        m = mass_kg(g.amount, g.unit, g.mass)
        roles = ctx.rule.mass_balance_roles
        balanced = process is not None and any(role_matches(process.role, r) for r in roles)
        total = output_mass_kg(process) if balanced and process is not None else None
        share_en = share_zh = ""
        if m is not None and total:
            share_en, share_zh = f", {m / total:.1%} of the output mass", f"，占产出质量 {m / total:.1%}"
        amount = f"{g.amount:g} {g.unit}" if g.amount is not None else "amount unknown"
        amount_zh = f"{g.amount:g} {g.unit}" if g.amount is not None else "数量未知"
        name_en = g.name.en or g.name.zh or g.role
        name_zh = (
            g.name.zh or g.name.en or (w.role(ctx.rule, g.role, ctx.model)[0] if g.role else "未命名的流")
        )
        out.append(
            warning(
                "data_gap",
                g.path,
                f"数据缺口：{name_zh}（{amount_zh}{share_zh}）未计入碳足迹。原因：{g.reason or '未说明'}",
                f"Data gap: {name_en} ({amount}{share_en}) is not in the footprint. Reason: "
                f"{g.reason or 'not stated'}",
            )
        )
    return out


def mass_balance(ctx: Context) -> list[Finding]:
    """Bill of materials (inputs with bom true, declared gaps) against the output mass, per rule tolerance."""
    tol = float(ctx.rule.param("mass_balance.tolerance", ctx.fu, 0.05))
    declared = gaps(ctx.model)
    out = []
    for role in ctx.rule.mass_balance_roles:
        for p in processes_with_role(ctx.model, role):
            where = f"processes.{p.id}"
            total = output_mass_kg(p)
            if total is None:
                out.append(
                    warning(
                        "mass_balance_unchecked",
                        f"{where}.output",
                        f"{w.process(ctx.model, p.id)[0]}的产出质量未知（请填写产出的质量），物料平衡无法核对。",
                        f"The output mass of process {p.id} is unknown (give output.mass); the "
                        "mass balance cannot be checked.",
                    )
                )
                continue
            known, unknown = 0.0, []
            for item in p.inputs:
                if item.bom and is_material(ctx.model, item):
                    m = input_mass_kg(ctx.model, item)
                    if m is None:
                        unknown.append(item.path)
                    else:
                        known += m
            for g in (g for g in declared if g.process == p.id):
                m = mass_kg(g.amount, g.unit, g.mass)
                if m is None:
                    unknown.append(g.path)
                else:
                    known += m
            rel = (known - total) / total
            detail = f"{known:.6g} kg / {total:.6g} kg ({rel:+.1%})"
            detail_zh = f"{known:.6g} kg / {total:.6g} kg（{rel:+.1%}）"
            name_zh = w.process(ctx.model, p.id)[0]
            if abs(rel) <= tol:
                note = f"; {len(unknown)} input(s) without mass left out" if unknown else ""
                out.append(
                    info(
                        "mass_balance_ok",
                        where,
                        f"{name_zh}物料平衡闭合：{detail_zh}"
                        + (f"；另有 {len(unknown)} 项输入无质量，未计入" if unknown else "")
                        + "。",
                        f"The mass balance of process {p.id} closes: {detail}{note}.",
                    )
                )
            elif rel < 0 and unknown:
                out.append(
                    warning(
                        "mass_balance_unchecked",
                        where,
                        f"{name_zh}已知输入质量 {detail_zh}，另有 {len(unknown)} 项输入无质量："
                        f"{w.places(ctx.model, ctx.rule, unknown, 'zh')}。",
                        f"Process {p.id}: the inputs of known mass give {detail}; {len(unknown)} "
                        f"input(s) have no mass: {w.places(ctx.model, ctx.rule, unknown, 'en')} "
                        f"({', '.join(unknown)}).",
                    )
                )
            else:
                out.append(
                    error(
                        "mass_balance",
                        where,
                        f"{name_zh}物料清单与产出质量不平衡：{detail_zh}，超过允许偏差 {tol:.0%}。",
                        f"The bill of materials of process {p.id} does not balance its output mass: "
                        f"{detail}, beyond the tolerance of {tol:.0%}.",
                    )
                )
    return out


def cutoff(ctx: Context) -> list[Finding]:
    """Logged exclusions within the rule's single and total limits, each quantified on an accepted basis."""
    single = float(ctx.rule.param("cutoff.max_single_share", ctx.fu, 0.01))
    limit = float(ctx.rule.param("cutoff.max_total_share", ctx.fu, 0.05))
    bases = list(ctx.rule.param("cutoff.bases", ctx.fu, ["mass", "impact"]))
    totals: dict[str, float] = {}
    out = []
    for i, c in enumerate(ctx.model.cutoff):
        where = f"cutoff[{i}]"
        if c.share is None:
            out.append(
                warning(
                    "cutoff_unquantified",
                    where,
                    f"被排除的流“{c.flow}”未给出占比。",
                    f"The excluded flow '{c.flow}' states no share.",
                )
            )
            continue
        if c.basis not in bases:
            out.append(
                warning(
                    "cutoff_basis",
                    f"{where}.basis",
                    f"被排除的流“{c.flow}”的占比基准“{w.term(c.basis)[0] if c.basis else '未说明'}”"
                    f"不被规则接受（应为{w.terms(bases, 'zh')}）。",
                    f"The share of the excluded flow '{c.flow}' is on basis {c.basis or '(none)'};"
                    f" the rule accepts {', '.join(bases)}.",
                )
            )
        if c.share > single:
            out.append(
                error(
                    "cutoff_exceeded",
                    f"{where}.share",
                    f"被排除的流“{c.flow}”占 {c.share:.2%}，超过单项上限 {single:.0%}。",
                    f"The excluded flow '{c.flow}' is {c.share:.2%}, above the limit of "
                    f"{single:.0%} per flow.",
                )
            )
        totals[c.basis or "?"] = totals.get(c.basis or "?", 0.0) + c.share
    for basis, total in totals.items():
        if total > limit:
            out.append(
                error(
                    "cutoff_exceeded",
                    "cutoff",
                    f"按{w.term(basis)[0] if basis != '?' else '未说明的基准'}计被排除的流合计 {total:.2%}，"
                    f"超过合计上限 {limit:.0%}。",
                    f"Excluded flows on basis {basis} total {total:.2%}, above the overall limit of "
                    f"{limit:.0%}.",
                )
            )
    return out


def allocation(ctx: Context) -> list[Finding]:
    """Multi-output processes use an allocation method the rule allows."""
    allowed = list(ctx.rule.param("allocation.methods", ctx.fu, []))
    out = []
    for pid, p in ctx.model.processes.items():
        if p.allocation is not None and p.allocation.method not in allowed:
            out.append(
                error(
                    "allocation_method",
                    f"processes.{pid}.allocation",
                    f"{w.process(ctx.model, pid)[0]}按{w.term(p.allocation.method)[0]}分配，规则只允许按"
                    f"{w.terms(allowed, 'zh')}分配。",
                    f"Process {pid} allocates by {p.allocation.method}; the rule allows "
                    f"{', '.join(allowed)}.",
                )
            )
    return out


STEPS: tuple[Callable[[Context], list[Finding]], ...] = (
    stages,
    processes,
    inputs,
    data_gaps,
    mass_balance,
    cutoff,
    allocation,
)


def _source_zh(ctx: Context, factor: str | None, process: str | None) -> str:
    """An aggregated dataset named by its factor code or by the model process it comes from."""
    if factor:
        return f" {factor}"
    return w.process(ctx.model, process or "")[0].removeprefix("过程")
