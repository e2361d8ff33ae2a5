"""Checks that need the calculated result: electricity modelling, GWP sets and data quality."""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from footprint.model import Input
from footprint.pedigree import DQR_LEVEL_LABELS
from products import finding_words as w
from products.findings import Finding, Severity, error, info, warning
from products.inventory import role_matches
from products.rules import ElectricityMethod

if TYPE_CHECKING:
    from products.checks import Context

GRID_ACTIVITIES = {"elec.grid", "elec.grid-excl-market", "elec.footprint", "elec.reporting"}
LEVEL_METHOD = {
    "province": ElectricityMethod.PROVINCIAL_GRID,
    "grid_region": ElectricityMethod.REGIONAL_GRID,
    "country": ElectricityMethod.NATIONAL_GRID,
}
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
    """Electricity only by the methods the functional unit allows, and life-cycle factors where required.

    Under a rule requiring life-cycle electricity (the default: GB/T 24067-2024 practice for product
    footprints), a CO2-only electricity factor — used directly or inside a background process — is an
    error: the model is refused with the factor and the reason named.
    """
    if ctx.result is None:
        return []
    allowed = list(ctx.rule.param("electricity.methods", ctx.fu, []))
    lifecycle = bool(ctx.rule.param("electricity.lifecycle_required", ctx.fu, True))
    default = str(ctx.rule.param("electricity.default_factor", ctx.fu, "elec.footprint"))
    rows: dict[str, dict[str, Any]] = {}
    for r in ctx.result.factors:
        rows.setdefault(r["ref"].split("@", 1)[0], r)
    out = []
    for p in ctx.model.processes.values():
        for item in p.inputs:
            row = rows.get(item.factor) if item.factor else None
            if lifecycle and row is not None and row.get("origin") == "process":
                out += [
                    _refused(ctx, item.path, part, default, via=row["code"])
                    for part in _electricity_parts(row.get("parts") or [])
                    if not _life_cycle(part)
                ]
            by_factor = row is not None and row.get("category") == "electricity"
            if not (role_matches(item.role, "electricity") or by_factor):
                continue
            method = electricity_method(item, row)
            if method is None:
                out.append(
                    info(
                        "electricity_unidentified",
                        item.path,
                        f"无法判断{w.place(ctx.model, ctx.rule, item.path)[0]}的电力建模方式（因子 "
                        f"{item.factor}）；请在该输入的规则角色中标明，如 electricity.direct_line（直连电源）。",
                        f"Cannot tell how this electricity is modelled (factor {item.factor}); state "
                        "it in the role, e.g. electricity.direct_line.",
                    )
                )
            elif method.value not in allowed:
                out.append(
                    error(
                        "electricity_method",
                        item.path,
                        f"{w.place(ctx.model, ctx.rule, item.path)[0]}的电力按“{w.method(method)[0]}”建模，"
                        f"功能单位{w.functional_unit(ctx.fu)[0]}只允许{w.methods(allowed, 'zh')}。",
                        f"Electricity is modelled as {method.value}; functional unit {ctx.fu.id} "
                        f"allows only {', '.join(allowed)}.",
                    )
                )
            if lifecycle and row is not None and row.get("origin") != "process" and not _life_cycle(row):
                out.append(_refused(ctx, item.path, row, default))
    return out


def _life_cycle(row: dict[str, Any]) -> bool:
    return row.get("scope") in LIFE_CYCLE_SCOPES and row.get("basis") != "CO2"


def _electricity_parts(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The electricity items of a background process's parts, nested processes included."""
    out = []
    for part in parts:
        if part.get("kind") == "process":
            out += _electricity_parts(part.get("parts") or [])
        elif part.get("category") == "electricity":
            out.append(part)
    return out


def _refused(ctx: Context, path: str, row: dict[str, Any], default: str, via: str = "") -> Finding:
    inside_zh = f"（在背景过程 {via} 中）" if via else ""
    scope_zh = w.term(str(row.get("scope") or "unspecified"))[0]
    basis_zh = {"CO2": "仅 CO2", "CO2e": "CO2e"}.get(str(row.get("basis")), "未说明")
    inside_en = f" (inside background process {via})" if via else ""
    return error(
        "electricity_not_lifecycle",
        path,
        f"拒绝：{w.place(ctx.model, ctx.rule, path)[0]}的电力因子 {row['code']}{inside_zh}"
        f"范围为“{scope_zh}”、基准为{basis_zh}（只含发电燃烧 CO2，用于组织核算）；"
        f"规则{w.rule_name(ctx.rule)[0]}要求产品碳足迹使用全生命周期电力因子（GB/T 24067-2024 做法），"
        f"请改用 {default}。",
        f"Refused: the electricity factor {row['code']}{inside_en} has scope {row.get('scope')} and "
        f"basis {row.get('basis')} (combustion CO2 of generation only, meant for organisation "
        f"accounting); rule {ctx.rule.id} requires life-cycle electricity for a product footprint "
        f"(GB/T 24067-2024 practice): use {default}.",
    )


def gwp(ctx: Context) -> list[Finding]:
    """The study's GWP set is one the rule allows; no factor was characterised with another set."""
    if ctx.result is None:
        return []
    allowed = list(ctx.rule.param("gwp.allowed_sets", ctx.fu, []))
    severity = Severity(ctx.rule.param("gwp.mismatch_severity", ctx.fu, "error"))
    study = ctx.result.gwp
    out = []
    if study not in allowed:
        out.append(
            error(
                "gwp_set",
                "product.gwp",
                f"研究采用 {study}，规则要求 {', '.join(allowed)}。",
                f"The study uses {study}; the rule requires {', '.join(allowed)}.",
            )
        )
    for row in ctx.result.factors:
        if row.get("basis") != "CO2e":
            continue
        where = _first_use(ctx, row["ref"])
        declared = row.get("gwp") or ""
        if declared == "unspecified":
            out.append(
                info(
                    "gwp_unspecified",
                    where,
                    f"因子 {row['code']} 的 GWP 数据集未说明，按原值使用。",
                    f"Factor {row['code']} does not state its GWP set; it is used as given.",
                )
            )
        elif declared and declared != study:
            out.append(
                _make(severity)(
                    "gwp_mismatch",
                    where,
                    f"因子 {row['code']} 按 {declared} 表征，研究采用 {study}（无法重新表征）。",
                    f"Factor {row['code']} is characterised with {declared}; the study "
                    f"uses {study} (it cannot be re-characterised).",
                )
            )
    return out


# The PEF method rates the data quality of the "most relevant processes", those that together make at least
# 80 % of an impact (Commission Recommendation (EU) 2021/2279, Annex I); a rating that covers less is
# not a rating of the product. Project default where a rule does not set `data_quality.min_coverage`.
MIN_COVERAGE = 0.8


def data_quality(ctx: Context) -> list[Finding]:
    """The contribution-weighted data-quality rating is assessed and within the rule's minimum."""
    if ctx.result is None:
        return []
    limit = float(ctx.rule.param("data_quality.max_dqr", ctx.fu, 3.0))
    dq = ctx.result.data_quality
    value, coverage = dq.get("dqr"), float(dq.get("coverage") or 0.0)
    if value is None:
        return [
            warning(
                "data_quality_unassessed",
                "",
                f"没有输入或因子带谱系评分，数据质量无法评级（规则上限 DQR {limit:g}）。",
                "No input or factor carries pedigree scores, so data quality cannot be rated (the "
                f"rule's maximum DQR is {limit:g}).",
            )
        ]
    if value > limit:
        return [
            error(
                "data_quality",
                "",
                f"数据质量评级 DQR {value:.2f} 差于规则要求的 {limit:g}（覆盖 {coverage:.0%}）。",
                f"The data-quality rating DQR {value:.2f} is worse than the rule's {limit:g} (coverage "
                f"{coverage:.0%}).",
            )
        ]
    level = str(dq.get("level"))
    level_zh = DQR_LEVEL_LABELS.get(level, (level, level))[0]
    least = float(ctx.rule.param("data_quality.min_coverage", ctx.fu, MIN_COVERAGE))
    if coverage < least:
        return [
            warning(
                "data_quality_coverage",
                "",
                f"数据质量评级 DQR {value:.2f}（{level_zh}）只覆盖结果的 {coverage:.1%}，低于规则要求的 "
                f"{least:.0%}：请为贡献最大的输入或其因子给出谱系评分。",
                f"The data-quality rating DQR {value:.2f} ({dq.get('level')}) covers only {coverage:.1%} of the "
                f"result, below the rule's {least:.0%}: give pedigree scores to the largest inputs or their "
                "factors.",
            )
        ]
    return [
        info(
            "data_quality_ok",
            "",
            f"数据质量评级 DQR {value:.2f}（{level_zh}），覆盖 {coverage:.0%}。",
            f"Data-quality rating DQR {value:.2f} ({dq.get('level')}), coverage {coverage:.0%}.",
        )
    ]


def _first_use(ctx: Context, ref: str) -> str:
    for p in ctx.model.processes.values():
        for item in p.inputs:
            if item.factor == ref:
                return item.path
        for sub in p.substitutes:  # a substitution names the factor of what it displaces
            if sub.factor == ref:
                return sub.path
    return f"factors.{ref}"


def _make(severity: Severity) -> Callable[[str, str, str, str], Finding]:
    return {Severity.ERROR: error, Severity.WARNING: warning, Severity.INFO: info}[severity]


STEPS: tuple[Callable[[Context], list[Finding]], ...] = (electricity, gwp, data_quality)
