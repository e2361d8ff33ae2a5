"""Every finding code the rule checks emit, with severity and zh/en description (docs/finding-codes.md)."""

from __future__ import annotations

from dataclasses import dataclass

from products.findings import Severity

SEVERITY_LABELS: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("错误", "error"),
    Severity.WARNING: ("警告", "warning"),
    Severity.INFO: ("提示", "info"),
}
"""How each severity of a rule-check finding is named to people (zh, en)."""


@dataclass(frozen=True)
class FindingCode:
    """One finding code: its severity (`by_rule`: the rule's parameter may change it) and what it means."""

    code: str
    severity: Severity
    zh: str
    en: str
    by_rule: str = ""


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: a note (info)

FINDING_CODES: tuple[FindingCode, ...] = (
    # products/checks.py: scope, functional unit, calculation, plausibility
    FindingCode(
        "category_mismatch",
        E,
        "产品类别不在规则覆盖范围内",
        "The product category is not covered by the rule",
    ),
    FindingCode(
        "functional_unit_unrecognised",
        W,
        "功能单位不是规则所列之一，按默认功能单位检查",
        "The functional unit is none of the rule's; checked as its default",
    ),
    FindingCode(
        "reference_flow",
        E,
        "基准流与功能单位不符或无法换算",
        "The reference flow does not match the functional unit",
    ),
    FindingCode(
        "not_calculated",
        N,
        "未给出计算结果，依赖结果的检查未运行",
        "No result given: the checks that need one did not run",
    ),
    FindingCode("calculation_failed", E, "模型无法计算", "The model cannot be calculated"),
    FindingCode(
        "out_of_scope",
        N,
        "额定能量不超过阈值，不在功能单位范围内",
        "Rated energy below the functional unit's threshold",
    ),
    FindingCode("lifetime_parameters", E, "无法计算全寿命能量", "The lifetime energy cannot be calculated"),
    FindingCode("lifetime_energy", N, "全寿命能量及其参数", "The lifetime energy and its parameters"),
    FindingCode(
        "no_range",
        N,
        "规则未给出合理范围，结果未比较",
        "The rule states no plausible range; the result was not compared",
    ),
    FindingCode(
        "reference_value", N, "结果与参考值的差异", "How far the result is from the rule's reference value"
    ),
    FindingCode("within_range", N, "结果在合理范围内", "The result lies within the plausible range"),
    FindingCode(
        "below_range", W, "结果低于合理范围：可能缺少输入或因子", "The result is below the plausible range"
    ),
    FindingCode(
        "above_range", W, "结果高于合理范围：可能有不合适的因子", "The result is above the plausible range"
    ),
    # products/check_structure.py: boundary, processes, cut-off, allocation, mass balance
    FindingCode(
        "missing_stage",
        E,
        "功能单位要求的生命周期阶段没有过程",
        "A stage the functional unit requires has no process",
    ),
    FindingCode(
        "stage_covered_by_aggregate",
        N,
        "该阶段由后续过程的汇总数据集覆盖",
        "A stage is covered by an aggregated dataset of a later process",
    ),
    FindingCode(
        "stage_not_allowed", E, "过程所在阶段超出系统边界", "A process is in a stage outside the boundary"
    ),
    FindingCode("missing_process", E, "缺少规则要求的过程", "A mandatory process is missing"),
    FindingCode(
        "process_stage", E, "过程所属阶段与规则不符", "A process is in a stage the rule does not place it in"
    ),
    FindingCode(
        "aggregated_dataset",
        N,
        "过程采用汇总数据集覆盖其必需输入",
        "A process uses an aggregated dataset to cover its mandatory inputs",
    ),
    FindingCode("missing_input", W, "过程缺少规则要求的输入", "A process lacks a mandatory input"),
    FindingCode("data_gap", W, "数据缺口：流未计入碳足迹", "Data gap: a flow is not in the footprint"),
    FindingCode("mass_balance_unchecked", W, "质量平衡无法检查", "The mass balance cannot be checked"),
    FindingCode("mass_balance_ok", N, "质量平衡闭合", "The mass balance closes"),
    FindingCode(
        "mass_balance",
        E,
        "物料清单与产出质量不平衡",
        "The bill of materials does not balance the output mass",
    ),
    FindingCode("cutoff_unquantified", W, "排除的流未说明占比", "An excluded flow states no share"),
    FindingCode(
        "cutoff_basis",
        W,
        "排除流占比的基准不被规则接受",
        "An excluded flow's share is on a basis the rule does not accept",
    ),
    FindingCode("cutoff_exceeded", E, "排除的流超出取舍限值", "Excluded flows exceed the cut-off limit"),
    FindingCode(
        "allocation_method",
        E,
        "分配方法不被规则允许",
        "A process allocates by a method the rule does not allow",
    ),
    # products/check_result.py: electricity, GWP, data quality
    FindingCode(
        "electricity_method",
        E,
        "电力建模方式不被功能单位允许",
        "Electricity is modelled in a way the functional unit does not allow",
    ),
    FindingCode(
        "electricity_unidentified", N, "无法判断电力的建模方式", "Cannot tell how the electricity is modelled"
    ),
    FindingCode(
        "electricity_not_lifecycle",
        E,
        "拒绝：电力因子仅含发电燃烧 CO2，规则要求全生命周期电力因子",
        "Refused: the electricity factor covers combustion CO2 of generation only; the rule needs life cycle",
    ),
    FindingCode(
        "gwp_set", E, "研究采用的 GWP 数据集不被规则允许", "The study's GWP set is not one the rule allows"
    ),
    FindingCode(
        "gwp_unspecified",
        N,
        "因子未说明 GWP 数据集，按原值使用",
        "A factor does not state its GWP set; used as given",
    ),
    FindingCode(
        "gwp_mismatch",
        E,
        "因子的 GWP 数据集与研究不同",
        "A factor is characterised with another GWP set than the study",
        by_rule="gwp.mismatch_severity",
    ),
    FindingCode(
        "data_quality_unassessed",
        W,
        "没有谱系评分，无法评定数据质量",
        "No pedigree scores: data quality cannot be rated",
    ),
    FindingCode(
        "data_quality", E, "数据质量评分劣于规则要求", "The data-quality rating is worse than the rule's"
    ),
    FindingCode(
        "data_quality_coverage",
        W,
        "数据质量评级只覆盖结果的一小部分",
        "The data-quality rating covers too small a share of the result",
    ),
    FindingCode("data_quality_ok", N, "数据质量评分及覆盖率", "The data-quality rating and its coverage"),
)

CODES: dict[str, FindingCode] = {c.code: c for c in FINDING_CODES}


def finding_codes_markdown() -> str:
    """The table of docs/finding-codes.md."""
    lines = [
        "# Finding codes of the rule checks / 规则检查的发现代码",
        "",
        "Generated from `products/finding_codes.py` by",
        "`python -m products.finding_codes > docs/finding-codes.md`;",
        "tests/products/test_finding_codes.py fails when this file, the registry or the checks disagree.",
        "",
        "| code | severity / 严重程度 | 说明 | description |",
        "|---|---|---|---|",
    ]
    for c in FINDING_CODES:
        zh, en = SEVERITY_LABELS[c.severity]
        severity = f"{en} / {zh}" + (f" (rule parameter `{c.by_rule}`)" if c.by_rule else "")
        lines.append(f"| `{c.code}` | {severity} | {c.zh} | {c.en} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(finding_codes_markdown(), end="")
