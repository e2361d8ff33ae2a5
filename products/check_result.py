"""Checks that need the calculated result: electricity modelling, GWP sets and data quality."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from footprint.model import Input
from products.findings import Finding, Severity, error, info, warning
from products.inventory import role_matches
from products.rules import ElectricityMethod

if TYPE_CHECKING:
    from products.checks import Context

GRID_ACTIVITIES = {"elec.grid", "elec.grid-excl-market", "elec.footprint", "elec.reporting"}
LEVEL_METHOD = {"province": ElectricityMethod.PROVINCIAL_GRID, "grid_region": ElectricityMethod.REGIONAL_GRID,
                "country": ElectricityMethod.NATIONAL_GRID}
LIFE_CYCLE_SCOPES = {"cradle_to_gate", "cradle_to_grave"}


@lru_cache(maxsize=1)
def geography_levels() -> dict[str, str]:
    """Geography code → level (country, grid_region, province, city) from the bundled geography tree."""
    from factors.bundled import read_manifest

    with read_manifest().geography_file.open(encoding="utf-8") as fh:
        return {row["code"]: row["level"] for row in csv.DictReader(fh)}


def electricity_method(item: Input, row: dict[str, Any] | None) -> ElectricityMethod | None:
    """How an electricity input is modelled: from an explicit role suffix, else from its factor."""
    _, _, suffix = item.role.partition(".")
    if role_matches(item.role, "electricity") and suffix in ElectricityMethod.__members__.values():
        return ElectricityMethod(suffix)
    if item.process is not None:
        return ElectricityMethod.ON_SITE
    if row is None:
        return None
    if row["origin"] == "local":
        return ElectricityMethod.SUPPLIER_SPECIFIC
    activity = row.get("activity") or ""
    if activity.startswith("elec.footprint-"):  # a generation technology: needs a contractual instrument
        return ElectricityMethod.SUPPLIER_SPECIFIC
    if activity in GRID_ACTIVITIES:
        return LEVEL_METHOD.get(geography_levels().get(row.get("geography") or "", ""))
    return None


def electricity(ctx: Context) -> list[Finding]:
    """Electricity only by the methods the functional unit allows, and life-cycle factors where required."""
    if ctx.result is None:
        return []
    allowed = list(ctx.rule.param("electricity.methods", ctx.fu, []))
    lifecycle = bool(ctx.rule.param("electricity.lifecycle_required", ctx.fu, False))
    rows = {r["ref"]: r for r in ctx.result.factors}
    out = []
    for p in ctx.model.processes.values():
        for item in p.inputs:
            row = rows.get(item.factor) if item.factor else None
            by_factor = row is not None and row.get("category") == "electricity"
            if not (role_matches(item.role, "electricity") or by_factor):
                continue
            method = electricity_method(item, row)
            if method is None:
                out.append(info("electricity_unidentified", item.path,
                                f"无法判断电力输入的建模方式（因子 {item.factor}）；请用 role 标明，如 "
                                "electricity.direct_line。",
                                f"Cannot tell how this electricity is modelled (factor {item.factor}); state "
                                "it in the role, e.g. electricity.direct_line."))
            elif method.value not in allowed:
                out.append(error("electricity_method", item.path,
                                 f"电力按 {method.value} 建模，功能单位 {ctx.fu.id} 只允许 "
                                 f"{', '.join(allowed)}。",
                                 f"Electricity is modelled as {method.value}; functional unit {ctx.fu.id} "
                                 f"allows only {', '.join(allowed)}."))
            if lifecycle and row is not None and row.get("scope") not in LIFE_CYCLE_SCOPES:
                out.append(warning("electricity_not_lifecycle", item.path,
                                   f"电力因子 {row['code']} 的范围为 {row.get('scope')}（只含发电环节 CO2），"
                                   "规则要求包含供电系统全生命周期的因子。",
                                   f"The electricity factor {row['code']} has scope {row.get('scope')} "
                                   "(generation CO2 only); the rule asks for the life cycle of the supply."))
    return out


def gwp(ctx: Context) -> list[Finding]:
    """The study's GWP set is one the rule allows; no factor was characterised with another set."""
    if ctx.result is None:
        return []
    allowed = list(ctx.rule.param("gwp.allowed_sets", ctx.fu, []))
    severity = Severity(ctx.rule.param("gwp.mismatch_severity", ctx.fu, "error"))
    study = ctx.result.gwp
    out = []
    if study not in allowed:
        out.append(error("gwp_set", "product.gwp", f"研究采用 {study}，规则要求 {', '.join(allowed)}。",
                         f"The study uses {study}; the rule requires {', '.join(allowed)}."))
    for row in ctx.result.factors:
        if row.get("basis") != "CO2e":
            continue
        where = _first_use(ctx, row["ref"])
        declared = row.get("gwp") or ""
        if declared == "unspecified":
            out.append(info("gwp_unspecified", where,
                            f"因子 {row['code']} 的 GWP 数据集未说明，按原值使用。",
                            f"Factor {row['code']} does not state its GWP set; it is used as given."))
        elif declared and declared != study:
            out.append(_make(severity)("gwp_mismatch", where,
                                       f"因子 {row['code']} 按 {declared} 表征，研究采用 "
                                       f"{study}（无法重新表征）。",
                                       f"Factor {row['code']} is characterised with {declared}; the study "
                                       f"uses {study} (it cannot be re-characterised)."))
    return out


def data_quality(ctx: Context) -> list[Finding]:
    """The contribution-weighted data-quality rating is assessed and within the rule's minimum."""
    if ctx.result is None:
        return []
    limit = float(ctx.rule.param("data_quality.max_dqr", ctx.fu, 3.0))
    dq = ctx.result.data_quality
    value, coverage = dq.get("dqr"), float(dq.get("coverage") or 0.0)
    if value is None:
        return [warning("data_quality_unassessed", "",
                        f"没有输入或因子带谱系评分（pedigree），数据质量无法评级（规则上限 DQR {limit:g}）。",
                        "No input or factor carries pedigree scores, so data quality cannot be rated (the "
                        f"rule's maximum DQR is {limit:g}).")]
    if value > limit:
        return [error("data_quality", "",
                      f"数据质量评级 DQR {value:.2f} 差于规则要求的 {limit:g}（覆盖 {coverage:.0%}）。",
                      f"The data-quality rating DQR {value:.2f} is worse than the rule's {limit:g} (coverage "
                      f"{coverage:.0%}).")]
    return [info("data_quality_ok", "",
                 f"数据质量评级 DQR {value:.2f}（{dq.get('level')}），覆盖 {coverage:.0%}。",
                 f"Data-quality rating DQR {value:.2f} ({dq.get('level')}), coverage {coverage:.0%}.")]


def _first_use(ctx: Context, ref: str) -> str:
    for p in ctx.model.processes.values():
        for item in (*p.inputs, *p.substitutes):   # a substitution names the factor of what it displaces
            if item.factor == ref:
                return item.path
    return f"factors.{ref}"


def _make(severity: Severity) -> Callable[[str, str, str, str], Finding]:
    return {Severity.ERROR: error, Severity.WARNING: warning, Severity.INFO: info}[severity]


STEPS: tuple[Callable[[Context], list[Finding]], ...] = (electricity, gwp, data_quality)
