"""The instructions sheet of the data-collection workbook, in Chinese and English, from the rule."""

from __future__ import annotations

from typing import Any

from products.rules import FunctionalUnit, FuQuantity, ParamStatus, Rule

GENERAL = [
    (
        "「产品 Product」表：填写产品信息；字段名勿改；值为空的行不导入。",
        "Product sheet: fill in the product data; keep the field names; rows without a value are not imported.",
    ),
    (
        "各阶段表：每个过程一行 kind=process（数量、单位 = 该过程的产出）；"
        "其输入各一行 kind=input（填写排放因子编号 factor，或来自本模型另一过程 from_process，以及数量和单位）；"
        "直接排放 kind=emission（gas）；副产品 kind=co_product；"
        "有数量但没有因子、或尚无数据的输入写 kind=gap，并在“备注/原因”中说明（数量可留空）。",
        "Stage sheets: one row kind=process per process (amount and unit = what the process puts out); one "
        "row kind=input per input (a factor code in `factor`, or another process of the model in "
        "`from_process`, with amount and unit); direct emissions kind=emission (gas); co-products "
        "kind=co_product; an input with no factor or no data yet is kind=gap with the reason in `note` (the "
        "amount may stay blank).",
    ),
    (
        "“数据来源”列：每个数量注明来源（文件、表格与行号、计量记录）。",
        "Source column: state where each amount comes from (document, table and row, meter records).",
    ),
    (
        "数据质量列（可靠性、完整性、时间、地理、技术代表性）：谱系评分 1（最好）至 5，"
        "五项同时填写或全部留空。",
        "Data-quality columns (reliability, completeness, temporal, geographical, technological): pedigree "
        "scores 1 (best) to 5, all five or none.",
    ),
    (
        "“单位”列有下拉列表，也可填写其他单位（如 t*km、m^2）。“规则角色”列把输入与规则的必需项对应起来。",
        "The unit column has a drop-down list; other units (t*km, m^2 …) are accepted. The role column "
        "matches rows to the rule's mandatory items.",
    ),
    (
        "「因子 Factors」表：供应商声明的产品碳足迹或企业实测数据，单位如 kg CO2e / kg；"
        "CO2e 因子须注明 GWP 数据集和来源。",
        "Factors sheet: suppliers' declared footprints or the enterprise's own data, unit e.g. "
        "kg CO2e / kg; a CO2e factor states its GWP set and its source.",
    ),
    (
        "「截断 Cut-off」表：记录被排除的流、原因、占比（0–1）和基准（mass 质量 / impact 影响）。",
        "Cut-off sheet: log each excluded flow with its reason, share (0–1) and basis (mass or impact).",
    ),
    (
        "“其他（JSON）”列保存各列之外的内容（如不确定度），由程序写入，一般无需修改。",
        "The Extra (JSON) column keeps what the other columns cannot (e.g. uncertainty); it is written by "
        "the program and rarely needs editing.",
    ),
    (
        "导入：pcf import 本文件.xlsx --out model.yaml。错误单元格按表、行、列列出；全部改正之前不会写出文件。",
        "Import: pcf import this-file.xlsx --out model.yaml. Bad cells are listed by sheet, row and column; "
        "nothing is written until all are fixed.",
    ),
]


SHOWN_PARAMETERS = (
    "cutoff.max_single_share",
    "cutoff.max_total_share",
    "cutoff.bases",
    "mass_balance.tolerance",
    "allocation.methods",
    "electricity.methods",
    "electricity.lifecycle_required",
    "gwp.allowed_sets",
    "data_quality.max_dqr",
    "data_quality.min_coverage",
)

LIFETIME_PARAMETERS = (
    "scope_min_energy_kwh",
    "capacity_basis",
    "cycles_per_year",
    "default_application",
    "service_years",
    "lifetime_cycles",
    "stage_map",
)


def instruction_lines(rule: Rule | None, fu: FunctionalUnit | None, main: Any) -> list[tuple[str, bool]]:
    """(text, is_heading) lines of the instructions sheet."""
    title = "产品碳足迹数据收集表 / Product carbon-footprint data-collection workbook"
    lines: list[tuple[str, bool]] = [(title, True)]
    if rule is not None and fu is not None:
        lines += [
            (
                f"产品种类规则 / Product category rule: {rule.id} {rule.version} ({rule.status}) — "
                f"{rule.title.zh} / {rule.title.en}",
                False,
            ),
            (
                f"功能单位 / Functional unit: {fu.text.zh} / {fu.text.en} ({fu.id}); "
                f"系统边界 / boundary: {fu.boundary}; "
                f"必需阶段 / required stages: {', '.join(s.value for s in fu.required_stages)}",
                False,
            ),
        ]
        if main is not None:
            lines.append((f"参考流来自过程 / reference flow from process {main.role}", False))
            if fu.note.zh:
                lines.append((fu.note.zh, False))
            if fu.note.en:
                lines.append((fu.note.en, False))
    lines.append(("填写说明 / How to fill in", True))
    for zh, en in GENERAL:
        lines += [(zh, False), (en, False)]
    if rule is None or fu is None:
        return lines
    lines.append(("规则要求的过程与输入 / Processes and inputs of the rule", True))
    for p in rule.processes:
        flag = "必需 mandatory" if p.mandatory else "可选 optional"
        stages = ", ".join(s.value for s in p.stages)
        lines.append((f"[{flag}] {p.role} — {p.name.zh} / {p.name.en} — {stages}", False))
        for i in p.inputs:
            iflag = "必需 mandatory" if i.mandatory else "可选 optional"
            default = f"; 缺省因子 default factor: {i.default_factor}" if i.default_factor else ""
            when = (
                f"; 仅 only for {', '.join(i.match.chemistry + i.match.category)}"
                if (i.match.chemistry or i.match.category)
                else ""
            )
            text = f"      · [{iflag}] {i.role} — {i.name.zh} / {i.name.en} — {i.unit}{default}{when}"
            lines.append((text, False))
    lines.append(
        (
            "规则参数 / Rule parameters (unverified = 未能核实的规则 / a rule the research could not "
            "confirm)",
            True,
        )
    )
    lifetime = LIFETIME_PARAMETERS if fu.quantity is FuQuantity.LIFETIME_ENERGY else ()
    for name in SHOWN_PARAMETERS + lifetime:
        param = rule.parameter(name, fu)
        if param is None:
            continue
        mark = " [unverified]" if param.status is ParamStatus.UNVERIFIED else ""
        lines.append((f"{name} = {param.value}{mark} — {param.doc.zh} / {param.doc.en}", False))
    ranges = [r for r in rule.ranges if r.functional_unit == fu.id]
    if ranges:
        lines.append(("合理范围 / Plausible ranges", True))
        for r in ranges:
            band = " – ".join(f"{x:g}" for x in (r.low, r.central, r.high) if x is not None)
            when = ", ".join(r.match.chemistry + r.match.category) or "all"
            lines.append((f"{r.id} ({when}): {band} {r.unit} — {r.source.title}", False))
    return lines
