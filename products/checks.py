"""Completeness and plausibility checks of a product model against its product category rule.

`check(model, rule, result=None)` returns findings (error / warning / info, each with a code and a model
path). Structural checks need only the model; the checks of electricity, GWP set, data quality,
plausibility and the lifetime energy also need the calculated `Result`. `review` calculates and checks
in one call, as the certifier's pre-review and ``pcf check`` do. An example model "passes" when no
finding is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from footprint.model import Model
from footprint.result import Result
from products import finding_words as w
from products.errors import CheckError, LifetimeParameterMissing
from products.findings import Finding, error, info, warning
from products.rules import FunctionalUnit, FuQuantity, Rule

__all__ = ["Context", "check", "match_functional_unit", "review"]


@dataclass(frozen=True)
class Context:
    """What every check sees: the model, its rule, the functional unit that applies, and the result."""

    model: Model
    rule: Rule
    fu: FunctionalUnit  # the functional unit whose boundary and rules apply
    model_fu: FunctionalUnit | None  # the functional unit the model declares (None: text not recognised)
    result: Result | None


def check(
    model: Model, rule: Rule, result: Result | None = None, *, functional_unit: str | None = None
) -> list[Finding]:
    """Every finding for `model` under `rule` (and `functional_unit`, default: the one the model declares)."""
    from products import check_result, check_structure

    if result is not None and result.model_hash != model.hash:
        raise CheckError(
            f"{model.file}: the result is of another model (hash {result.model_hash[:12]}…, "
            f"model {model.hash[:12]}…); calculate this model first"
        )
    model_fu = match_functional_unit(model, rule)
    fu = rule.functional_unit(functional_unit) if functional_unit else (model_fu or rule.functional_unit())
    ctx = Context(model, rule, fu, model_fu, result)
    findings = _category(ctx) + _functional_unit(ctx)
    for step in check_structure.STEPS:
        findings += step(ctx)
    if result is None:
        findings.append(
            info(
                "not_calculated",
                "",
                "未提供计算结果：电力、GWP、数据质量与合理范围检查未执行。",
                "No result given: the electricity, GWP, data-quality and plausibility checks did not run.",
            )
        )
    else:
        for step in check_result.STEPS:
            findings += step(ctx)
    findings += _lifetime(ctx) + _plausibility(ctx)
    return findings


def review(
    model: Model, rule: Rule, source: object, *, functional_unit: str | None = None
) -> tuple[Result | None, list[Finding]]:
    """Calculate `model` with factors from `source` and check it; a failed calculation is an error finding."""
    from footprint.calculate import calculate
    from footprint.errors import FootprintError

    try:
        result = calculate(model, source)  # type: ignore[arg-type]
    except FootprintError as exc:
        failed = error(
            "calculation_failed",
            "",
            f"模型无法计算：{w.failure_zh(model, rule, exc)}",
            f"The model cannot be calculated: {exc}",
        )
        return None, [failed] + [
            f for f in check(model, rule, functional_unit=functional_unit) if f.code != "not_calculated"
        ]
    return result, check(model, rule, result, functional_unit=functional_unit)


def match_functional_unit(model: Model, rule: Rule) -> FunctionalUnit | None:
    """The rule's functional unit whose text (zh, en or an alias) the model's `functional_unit` states."""
    wanted = _norm(model.product.functional_unit)
    for fu in rule.functional_units:
        if wanted in {_norm(t) for t in (fu.text.zh, fu.text.en, *fu.aliases)}:
            return fu
    return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("（", "(").replace("）", ")")).strip().casefold()


def _category(ctx: Context) -> list[Finding]:
    category = ctx.model.product.category
    if ctx.rule.covers(category):
        return []
    covered = ", ".join(ctx.rule.applies_to)
    return [
        error(
            "category_mismatch",
            "product.category",
            f"产品类别 {category} 不在规则{w.rule_name(ctx.rule)[0]}的适用范围（{covered}）内。",
            f"Product category {category!r} is not covered by rule {ctx.rule.id} ({covered}).",
        )
    ]


def _functional_unit(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    if ctx.model_fu is None:
        texts = "; ".join(f"{f.id}: {f.text.en} / {f.text.zh}" for f in ctx.rule.functional_units)
        texts_zh = "、".join(w.functional_unit(f)[0] for f in ctx.rule.functional_units)
        out.append(
            warning(
                "functional_unit_unrecognised",
                "product.functional_unit",
                f"功能单位“{ctx.model.product.functional_unit}”不是规则所列的功能单位之一（{texts_zh}），"
                f"按{w.functional_unit(ctx.fu)[0]}检查。",
                f"Functional unit {ctx.model.product.functional_unit!r} is none of the rule's; "
                f"checked as {ctx.fu.id} ({texts}).",
            )
        )
    target = ctx.model_fu or ctx.fu
    delivered, (what_zh, what) = _reference_amount(ctx.model, ctx.rule, target)
    if delivered is None:
        return [
            *out,
            error(
                "reference_flow",
                "product.reference_flow",
                f"无法确定参考流提供多少{w.QUANTITY_LABELS[target.quantity][0]}：{what_zh}",
                f"Cannot tell how much {target.quantity.value.replace('_', ' ')} the reference "
                f"flow delivers: {what}",
            ),
        ]
    if abs(delivered - target.amount) > 1e-6 * max(target.amount, 1e-12):
        out.append(
            error(
                "reference_flow",
                "product.reference_flow",
                f"参考流提供 {delivered:.6g} {target.unit}，功能单位要求 {target.amount:g} {target.unit}。",
                f"The reference flow delivers {delivered:.6g} {target.unit}; the functional unit is "
                f"{target.amount:g} {target.unit}.",
            )
        )
    return out


def _reference_amount(model: Model, rule: Rule, fu: FunctionalUnit) -> tuple[float | None, tuple[str, str]]:
    """How much of the functional unit's quantity the reference flow delivers (in the FU's unit)."""
    from footprint.units import UnitError, convert
    from products.inventory import mass_kg
    from products.lifetime import lifetime_energy, reference_flow_energy_kwh

    rf = model.product.reference_flow
    try:
        if fu.quantity is FuQuantity.RATED_ENERGY:
            kwh = reference_flow_energy_kwh(model)
            if kwh is None:
                return None, (
                    "请填写电池参数中的额定能量（每件 kWh），或以 kWh 给出参考流",
                    "give product.battery.rated_energy (kWh per unit) or a reference flow in kWh",
                )
            return convert(kwh, "kWh", fu.unit), ("", "")
        if fu.quantity is FuQuantity.LIFETIME_ENERGY:
            le = lifetime_energy(model, rule, functional_unit=fu.id)
            return convert(le.reference_flow_kwh, "kWh", fu.unit), ("", "")
        if fu.quantity is FuQuantity.MASS:
            process = model.processes.get(rf.process)
            kg = mass_kg(rf.amount, rf.unit, model.product.mass)
            if kg is None and process is not None:
                per_unit = mass_kg(1.0, process.output.unit, process.output.mass)
                kg = None if per_unit is None else convert(rf.amount, rf.unit, process.output.unit) * per_unit
            if kg is None:
                return None, (
                    "请以质量单位给出参考流，或填写产品质量",
                    "give a reference flow in a mass unit or product.mass",
                )
            return convert(kg, "kg", fu.unit), ("", "")
        return convert(rf.amount, rf.unit, fu.unit), ("", "")
    except UnitError as exc:
        return None, (f"参考流单位 {rf.unit} 无法换算为功能单位的单位 {fu.unit}", str(exc))
    except LifetimeParameterMissing as exc:
        return None, (w.missing_parameters_zh(exc.fields), str(exc))


def _lifetime(ctx: Context) -> list[Finding]:
    from products.lifetime import lifetime_energy, per_lifetime_energy, rated_energy_kwh

    out: list[Finding] = []
    threshold = ctx.rule.param("scope_min_energy_kwh", ctx.fu)
    rated = rated_energy_kwh(ctx.model)
    if threshold is not None and rated is not None and rated <= threshold:
        out.append(
            info(
                "out_of_scope",
                "product.battery.rated_energy",
                f"额定能量 {rated:g} kWh 不大于 {threshold:g} kWh：不在功能单位{w.functional_unit(ctx.fu)[0]}"
                "的申报范围内。",
                f"Rated energy {rated:g} kWh is not above {threshold:g} kWh: outside the scope of "
                f"{ctx.fu.id}.",
            )
        )
    if ctx.fu.quantity is not FuQuantity.LIFETIME_ENERGY:
        return out
    try:
        le = lifetime_energy(ctx.model, ctx.rule, functional_unit=ctx.fu.id)
    except LifetimeParameterMissing as exc:
        return [
            *out,
            error(
                "lifetime_parameters",
                "product.battery",
                f"寿命期总能量无法计算：{w.missing_parameters_zh(exc.fields)}",
                f"The lifetime energy cannot be calculated: {exc}",
            ),
        ]
    origins = ", ".join(f"{k}: {v}" for k, v in le.origins.items())
    kwh, cycles = f"{le.reference_flow_kwh:,.6g} kWh", f"{le.full_cycles:g}"
    text_en = (
        f"Lifetime energy of the reference flow {kwh} ({cycles} full cycles, {le.capacity_basis}; {origins})"
    )
    origins_zh = "，".join(f"{w.term(k)[0]}取自{w.origin_zh(v)}" for k, v in le.origins.items())
    text_zh = (
        f"参考流的寿命期总能量 {kwh}（{cycles} 次满充放电，按{w.term(le.capacity_basis)[0]}计；{origins_zh}）"
    )
    if ctx.result is not None and le.reference_flow_kwh > 0:
        value = per_lifetime_energy(ctx.result, ctx.model, ctx.rule, functional_unit=ctx.fu.id)
        text_en += f"; {value:.4g} kg CO2e per kWh of lifetime energy"
        text_zh += f"；每 kWh 寿命期能量 {value:.4g} kg CO2e"
    return [*out, info("lifetime_energy", "product.battery", text_zh + "。", text_en + ".")]


def _value_per_fu(ctx: Context) -> float | None:
    """The result per functional unit `ctx.fu` (converted from the model's own functional unit if needed)."""
    from products.lifetime import per_lifetime_energy

    if ctx.result is None:
        return None
    if ctx.model_fu is None or ctx.model_fu.id == ctx.fu.id:
        return ctx.result.total
    if ctx.fu.quantity is FuQuantity.LIFETIME_ENERGY and ctx.model_fu.quantity is FuQuantity.RATED_ENERGY:
        try:
            return per_lifetime_energy(ctx.result, ctx.model, ctx.rule, functional_unit=ctx.fu.id)
        except LifetimeParameterMissing:
            return None
    return None


def _plausibility(ctx: Context) -> list[Finding]:
    value = _value_per_fu(ctx)
    if value is None:
        return []
    ranges = [r for r in ctx.rule.ranges if r.functional_unit == ctx.fu.id and r.match.matches(ctx.model)]
    if not ranges:
        return [
            info(
                "no_range",
                "",
                f"规则未给出功能单位{w.functional_unit(ctx.fu)[0]}的合理范围；结果 {value:.4g} kg CO2e 未作比较。",
                f"The rule states no plausible range for {ctx.fu.id}; the result {value:.4g} kg CO2e "
                f"was not compared.",
            )
        ]
    from products.inventory import gaps

    n_gaps = len(gaps(ctx.model))
    partial_en = partial_zh = ""
    if n_gaps:
        partial_en = (
            f" The model declares {n_gaps} data gap(s): a partial footprint inside a range confirms nothing."
        )
        partial_zh = f"模型声明了 {n_gaps} 项数据缺口：不完整的碳足迹落在范围内并不说明其合理。"
    out = []
    for r in ranges:
        low, central, high = r.per_fu(r.low), r.per_fu(r.central), r.per_fu(r.high)
        cite = r.source.title
        band = " – ".join(f"{x:.4g}" for x in (low, central, high) if x is not None)
        if low is not None and value < low:
            rel = (value - low) / low
            out.append(_range_finding(warning, "below_range", r.id, value, band, cite, rel, "低于", "below"))
        elif high is not None and value > high:
            rel = (value - high) / high
            out.append(_range_finding(warning, "above_range", r.id, value, band, cite, rel, "高于", "above"))
        elif low is None and high is None:
            rel = (value - central) / central if central else 0.0
            out.append(
                info(
                    "reference_value",
                    f"plausible_ranges.{r.id}",
                    f"结果 {value:.4g} 与参考值 {band} 相差 {rel:+.0%}（{cite}）。",
                    f"The result {value:.4g} differs from the reference value {band} by {rel:+.0%} ({cite}).",
                )
            )
        else:
            out.append(
                info(
                    "within_range",
                    f"plausible_ranges.{r.id}",
                    f"结果 {value:.4g} 在合理范围 {band} 内（{cite}）。{partial_zh}",
                    f"The result {value:.4g} lies within the plausible range {band} ({cite}).{partial_en}",
                )
            )
    return out


def _range_finding(
    make: Callable[..., Finding],
    code: str,
    rid: str,
    value: float,
    band: str,
    cite: str,
    rel: float,
    zh: str,
    en: str,
) -> Finding:
    return make(
        code,
        f"plausible_ranges.{rid}",
        f"结果 {value:.4g} kg CO2e {zh}合理范围 {band}（{rel:+.0%}；{cite}）：检查是否缺少输入或因子。",
        f"The result {value:.4g} kg CO2e is {en} the plausible range {band} ({rel:+.0%}; {cite}): "
        f"look for missing inputs or unsuitable factors.",
    )
