"""China's MIIT traction-battery carbon-footprint declaration (汽车动力电池碳足迹申报), from one pack model.

The footprint is the sum of four stages — material acquisition (材料获取), battery manufacturing (电池制造),
distribution (分销运输) and recycling (回收利用) — divided by the total energy the pack delivers over its
life. The battery-pack rule carries every rule as a named parameter (`miit_declaration.*`): the stage map,
the scope threshold (rated energy above 2 kWh), the capacity basis and the lifetime-energy parameters.
The detailed official accounting rules were not public (../shared/research/standards.md §4.1); where they
are unknown the parameter says so (`status: unverified`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from footprint.model import Model
from footprint.result import Result
from products import finding_words as words
from products.eol_method import rule_view
from products.errors import ProductsError
from products.lifetime import lifetime_energy, rated_energy_kwh
from products.rules import Rule, rule_for

FORMAT = "pcf-cn-battery-declaration/1"
FUNCTIONAL_UNIT = "miit_declaration"
STAGE_KEYS = ("material_acquisition", "manufacturing", "distribution", "recycling")


class DeclarationRefused(ProductsError):
    """A model that cannot be declared; `code` says why (out_of_scope, rated_energy_missing, use_stage, …)
    and `params` carries the figures or names a message in another language needs."""

    def __init__(self, message: str, code: str = "refused", **params: object) -> None:
        super().__init__(message)
        self.code, self.params = code, params


@dataclass(frozen=True)
class MiitDeclaration:
    """The declaration of one pack model: per-kWh stage values over the lifetime energy and their basis."""

    declarant: Mapping[str, Any]
    product: Mapping[str, Any]
    plant: Mapping[str, Any]
    rated_energy_kwh: float
    lifetime_energy_kwh: float  # one pack, over its service life
    lifetime: Mapping[str, Any]  # cycles, years, capacity basis, where each came from
    stages: Mapping[str, float]  # kg CO2e per kWh of lifetime energy
    total_kg_co2e_per_kwh: float
    life_cycle_kg_co2e: float  # one pack, all four stages
    stage_names: Mapping[str, Mapping[str, str]]
    factor_release: str | None
    model_hash: str
    gwp: str
    rule: Mapping[str, str]
    verification: Mapping[str, Any] | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    end_of_life_method: Mapping[str, Any] = field(default_factory=dict)  # {id, name: {zh, en}}
    credits: Mapping[str, float] = field(default_factory=dict)  # kg CO2e/kWh by stage, shown apart

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["format"] = FORMAT
        data["unit"] = "kg CO2e/kWh"
        data["warnings"] = list(self.warnings)
        return data


def miit_declaration(
    model: Model,
    result: Result,
    rule: Rule | None = None,
    *,
    declarant: Mapping[str, Any] | None = None,
    verification: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> MiitDeclaration:
    """Build the declaration; `DeclarationRefused` names why a model cannot be declared.

    `declarant` defaults to the model's manufacturer; `verification` is the third-party verification
    (body, report number, date) when there is one; `overrides` replace lifetime parameters (what-if).
    """
    rule = rule or rule_for(model)
    _check_model(model, result, rule)
    stage_map: Mapping[str, str | None] = rule.param("stage_map", FUNCTIONAL_UNIT) or {}
    threshold = float(rule.param("scope_min_energy_kwh", FUNCTIONAL_UNIT, 2))
    rated = rated_energy_kwh(model)
    if rated is None:
        raise DeclarationRefused(
            f"{model.file}: product.battery.rated_energy is required (the rated energy of one "
            "pack, e.g. 'rated_energy: 75 kWh')",
            "rated_energy_missing",
        )
    if rated <= threshold:
        raise DeclarationRefused(
            f"{model.file}: the pack's rated energy is {rated:g} kWh; the MIIT declaration covers traction batteries "
            f"above {threshold:g} kWh (rule parameter miit_declaration.scope_min_energy_kwh), so this pack is out "
            "of scope",
            "out_of_scope",
            rated=rated,
            threshold=threshold,
        )
    life = lifetime_energy(model, rule, functional_unit=FUNCTIONAL_UNIT, overrides=overrides)
    if not life.reference_flow_kwh > 0 or life.per_unit_kwh is None:
        raise DeclarationRefused(
            f"{model.file}: the lifetime energy of the reference flow is zero or unknown",
            "lifetime_energy_zero",
        )
    view = rule_view(result, rule, FUNCTIONAL_UNIT)
    if view["total"] is None:
        raise DeclarationRefused(
            f"{model.file}: the rule's end-of-life method ({view['method']}) needs: "
            + "; ".join(view["missing"]),
            "cff_parameter_missing",
            missing=view["missing"],
        )
    per_kwh = {key: 0.0 for key in STAGE_KEYS}
    credits = {key: 0.0 for key in STAGE_KEYS}
    for stage, value in result.credits["by_stage"].items():
        label = stage_map.get(stage)
        if label:
            credits[label] += value / life.reference_flow_kwh
    for stage, value in view["by_stage"].items():
        label = stage_map.get(stage)
        if label:
            per_kwh[label] += value / life.reference_flow_kwh
    units = life.reference_flow_kwh / life.per_unit_kwh  # packs per functional unit of the model
    warnings = tuple(
        f"no {key} process in the model: the stage is declared as 0"
        for key in STAGE_KEYS
        if not any(stage_map.get(p.stage.value) == key for p in model.processes.values())
    )
    names = rule.param("stage_names", FUNCTIONAL_UNIT) or {}
    product = model.product
    return MiitDeclaration(
        declarant=dict(declarant or product.manufacturer or {}),
        product={
            "id": product.id,
            "name": product.name.as_dict(),
            "category": product.category,
            "chemistry": product.battery.get("chemistry"),
            "specification": {k: _plain(v) for k, v in product.battery.items()},
        },
        plant=dict(product.plant or {}),
        rated_energy_kwh=rated,
        lifetime_energy_kwh=life.per_unit_kwh,
        lifetime={
            "capacity_basis": life.capacity_basis,
            "full_cycles": life.full_cycles,
            "cycles_per_year": life.cycles_per_year,
            "service_years": life.service_years,
            "origins": dict(life.origins),
        },
        stages=per_kwh,
        total_kg_co2e_per_kwh=sum(per_kwh.values()),
        life_cycle_kg_co2e=view["total"] / units,
        stage_names={k: dict(v) for k, v in names.items()},
        factor_release=result.factor_release,
        model_hash=result.model_hash,
        gwp=result.gwp,
        rule={"id": rule.id, "version": rule.version},
        verification=dict(verification) if verification else None,
        warnings=warnings,
        end_of_life_method={"id": view["method"], "name": view["name"]},
        credits=credits,
    )


def _check_model(model: Model, result: Result, rule: Rule) -> None:
    if result.model_hash != model.hash:
        raise DeclarationRefused("the result was calculated from another model")
    stage_map: Mapping[str, str | None] = rule.param("stage_map", FUNCTIONAL_UNIT) or {}
    problems, problems_zh, processes = [], [], []
    for pid, process in model.processes.items():
        stage = process.stage.value
        named, stage_zh = words.process(model, pid), words.stage(process.stage)[0]
        if stage not in stage_map:
            problems.append(
                f"processes.{pid}: stage {stage!r} maps to no declaration stage "
                f"(rule parameter miit_declaration.stage_map)"
            )
            problems_zh.append(f"{named[0]}属于“{stage_zh}”阶段，规则没有为该阶段指定申报阶段。")
            processes.append(pid)
        elif stage_map[stage] is None:
            problems.append(
                f"processes.{pid}: a {stage!r}-stage process; the use stage is excluded from the "
                "declaration, so the model must not contain it"
            )
            problems_zh.append(f"{named[0]}属于“{stage_zh}”阶段：申报不含该阶段，模型中不得有该阶段的过程。")
            processes.append(pid)
    if problems:
        raise DeclarationRefused(
            f"{model.file}: cannot be declared:\n  - " + "\n  - ".join(problems),
            "processes_not_declarable",
            processes=processes,
            problems_zh=problems_zh,
            problems_en=problems,
        )


def _plain(value: Any) -> Any:
    amount = getattr(value, "amount", None)
    return f"{amount:g} {value.unit}" if amount is not None else value


# --- registration with the exporters and the report (they live below this package) -------------
def _write(study: Any, out: Path, options: Any) -> Path:
    cert = getattr(options, "certification", None)
    verification = None
    if cert is not None and cert.certified:
        verification = {
            "body": cert.body,
            "report_number": cert.certificate,
            "date": cert.date.isoformat() if cert.date else None,
            "status": "verified",
        }
    dec = miit_declaration(study.model, study.result, verification=verification)
    out = Path(out)
    out.write_text(json.dumps(dec.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def _page(ctx: Any) -> list[Any]:
    from footprint.exchange.figures import figure
    from footprint.report.sections import WIDTH
    from footprint.report.styles import key_values, para, table

    zh = ctx.lang == "zh"
    out = [
        para(
            "工信部汽车动力电池碳足迹申报" if zh else "MIIT traction-battery carbon-footprint declaration",
            "h2",
        )
    ]
    try:
        dec = miit_declaration(ctx.study.model, ctx.study.result)
    except ProductsError as exc:
        return [*out, para(("无法生成申报：" if zh else "No declaration: ") + str(exc), "small")]
    life = dec.lifetime
    v = dec.verification
    out.append(
        key_values(
            [
                (
                    "申报主体" if zh else "Declarant",
                    dec.declarant.get("name") or ("未给出" if zh else "not given"),
                ),
                ("电池包型号" if zh else "Pack model", f"{ctx.product_name()} ({dec.product['id']})"),
                ("额定能量" if zh else "Rated energy", f"{figure(dec.rated_energy_kwh)} kWh"),
                (
                    "全生命周期总能量" if zh else "Lifetime energy",
                    f"{figure(dec.lifetime_energy_kwh)} kWh = {figure(dec.rated_energy_kwh)} kWh"
                    f" × {figure(life['full_cycles'])}" + (" 次循环" if zh else " full cycles"),
                ),
                ("碳足迹" if zh else "Carbon footprint", f"{figure(dec.total_kg_co2e_per_kwh)} kg CO2e/kWh"),
                (
                    "单个电池包生命周期排放" if zh else "Life-cycle emissions per pack",
                    f"{figure(dec.life_cycle_kg_co2e)} kg CO2e",
                ),
                (
                    "寿命终止方法" if zh else "End-of-life method",
                    dec.end_of_life_method.get("name", {}).get(ctx.lang, ""),
                ),
                (
                    "因子版本 / 模型哈希" if zh else "Factor release / model hash",
                    f"{dec.factor_release} / {dec.model_hash[:16]}…",
                ),
                (
                    "核查状态" if zh else "Verification",
                    (
                        f"{v.get('body')} {v.get('report_number')} {v.get('date') or ''}"
                        if v
                        else ("未经第三方核查" if zh else "not verified by a third party")
                    ),
                ),
            ],
            WIDTH,
        )
    )
    rows = [["阶段" if zh else "Stage", "kg CO2e/kWh", "抵免（单列）" if zh else "Credits (shown apart)"]]
    rows += [
        [
            dec.stage_names.get(k, {}).get("zh" if zh else "en", k),
            figure(dec.stages[k]),
            figure(dec.credits.get(k, 0.0)),
        ]
        for k in STAGE_KEYS
    ]
    rows.append(
        ["合计" if zh else "Total", figure(dec.total_kg_co2e_per_kwh), figure(sum(dec.credits.values()))]
    )
    out.append(table(rows, [0.45 * WIDTH, 0.25 * WIDTH, 0.3 * WIDTH], right=(1, 2)))
    return out


def register() -> None:
    """Add the `cn-battery` export format and the declaration page of the report (idempotent)."""
    from footprint.exchange.registry import ExportFormat, add_formats
    from footprint.report.declarations import PAGES, DeclarationPage

    add_formats(
        [
            ExportFormat(
                "cn-battery",
                "China MIIT traction-battery declaration (JSON)",
                "工信部汽车动力电池碳足迹申报（JSON）",
                ".json",
                _write,
            )
        ]
    )
    if not any(p.key == "cn-battery" for p in PAGES):
        PAGES.append(DeclarationPage("cn-battery", _applies, _page))


def _applies(ctx: Any) -> bool:
    try:
        return rule_for(ctx.study.model).id == "battery-pack"
    except ProductsError:
        return False
