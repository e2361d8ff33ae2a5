"""EU Battery Regulation (EU) 2023/1542 Art. 7 carbon-footprint declaration, with Battery Passport fields.

The functional unit is one kWh of the total energy the battery provides over its service life:
E_total = energy per full cycle (usable energy at beginning of life, else rated energy) × full equivalent
cycles per year × service years (or the lifetime cycles given directly). The use stage is excluded by the
regulation, so a use-stage contribution is an error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from footprint.circular import METHOD_NAMES, EolMethod
from footprint.endoflife import method_view
from footprint.exchange.errors import Gap, MissingData
from footprint.exchange.figures import decimal_text
from footprint.exchange.options import ExportOptions
from footprint.exchange.registry import ExportFormat
from footprint.exchange.study import Study
from footprint.model import Quantity, Text

FORMAT = "pcf-eu-battery-declaration/1"
REGULATION = "Regulation (EU) 2023/1542, Article 7(1) and Annex II"
UNIT = "kg CO2e/kWh"


@dataclass(frozen=True)
class EuStage:
    """A life-cycle stage of Annex II point 4, the model stage that fills it, its Battery Passport name."""

    model_stage: str
    name_en: str
    name_zh: str
    passport: str


EU_STAGES = (
    EuStage(
        "raw_materials",
        "raw material acquisition and pre-processing",
        "原材料获取和预处理",
        "RawMaterialExtraction",
    ),
    EuStage("production", "main product production", "主要产品生产", "MainProduction"),
    EuStage("distribution", "distribution", "分销", "Distribution"),
    EuStage("end_of_life", "end of life and recycling", "寿命终止和回收", "Recycling"),
)
PERFORMANCE_CLASS_NOTE = (
    "left empty: the carbon-footprint performance classes are not yet defined by the "
    "delegated act under Art. 7(2)"
)


@dataclass(frozen=True)
class ServiceLife:
    """The total energy one battery provides over its service life."""

    energy_per_cycle: float  # kWh
    energy_basis: str  # model field the energy comes from
    cycles: float
    cycles_per_year: float | None
    service_years: float | None

    @property
    def total_energy(self) -> float:
        return self.energy_per_cycle * self.cycles


@dataclass(frozen=True)
class StageValue:
    stage: EuStage
    per_kwh: float
    per_battery: float | None


@dataclass(frozen=True)
class EuBatteryDeclaration:
    """The declaration items of Art. 7(1) for one battery model and one manufacturing plant."""

    manufacturer: Mapping[str, Any]
    battery_model: str
    model_name: Text
    chemistry: str
    plant: Mapping[str, Any]
    service_life: ServiceLife
    per_battery: float | None  # kg CO2e per battery (None when the reference product is counted in kWh)
    per_kwh: float  # kg CO2e per kWh of total energy
    stages: tuple[StageValue, ...]
    study_url: str
    conformity_declaration_id: str
    gwp: str
    factor_release: str | None
    model_hash: str
    end_of_life_method: Mapping[str, Any] = field(default_factory=dict)  # {id, name: {zh, en}}
    credits_per_kwh: float = 0.0  # all credits of the model, kg CO2e/kWh, shown apart

    def to_dict(self, *, passport: bool = False) -> dict[str, Any]:
        """The declaration as JSON-ready data; `passport` adds the Battery Passport fields."""
        life = self.service_life
        out: dict[str, Any] = {
            "format": FORMAT,
            "regulation": REGULATION,
            "manufacturer": {k: self.manufacturer.get(k) for k in ("name", "id", "address")},
            "batteryModel": {
                "identifier": self.battery_model,
                "name": self.model_name.as_dict(),
                "chemistry": self.chemistry or None,
            },
            "manufacturingPlant": {k: self.plant.get(k) for k in ("name", "location", "address")},
            "functionalUnit": {
                "description": "1 kWh of the total energy provided by the battery over its service life",
                "energyPerCycle_kWh": _n(life.energy_per_cycle),
                "energyBasis": life.energy_basis,
                "cyclesPerYear": life.cycles_per_year,
                "serviceYears": life.service_years,
                "fullEquivalentCycles": _n(life.cycles),
                "totalEnergy_kWh": _n(life.total_energy),
            },
            "carbonFootprint": {"value": _n(self.per_kwh), "unit": UNIT},
            "carbonFootprintPerLifecycleStage": [
                {"stage": s.stage.name_en, "value": _n(s.per_kwh), "unit": UNIT} for s in self.stages
            ],
            "absoluteCarbonFootprint": {"value": _n(self.per_battery), "unit": "kg CO2e per battery"}
            if self.per_battery is not None
            else None,
            "declarationOfConformityId": self.conformity_declaration_id or None,
            "studyLink": self.study_url or None,
            "method": {
                "gwp100": self.gwp,
                "factorRelease": self.factor_release,
                "modelHash": self.model_hash,
                "useStage": "excluded (Annex II)",
                "endOfLife": self.end_of_life_method.get("id"),
                "endOfLifeName": dict(self.end_of_life_method.get("name") or {}),
            },
            "creditsShownApart": {"value": _n(self.credits_per_kwh), "unit": UNIT},
        }
        if passport:
            out["batteryPassport"] = self.passport()
        return out

    def passport(self) -> dict[str, Any]:
        """The Battery Passport (Battery Pass data model) carbon-footprint fields."""
        return {
            "batteryCarbonFootprint": _n(self.per_kwh),
            "carbonFootprintPerLifecycleStage": [
                {"lifecycleStage": s.stage.passport, "carbonFootprint": _n(s.per_kwh)} for s in self.stages
            ],
            "carbonFootprintPerformanceClass": None,
            "carbonFootprintPerformanceClassNote": PERFORMANCE_CLASS_NOTE,
            "carbonFootprintStudy": self.study_url or None,
            "absoluteCarbonFootprint": _n(self.per_battery) if self.per_battery is not None else None,
        }


def eu_battery_declaration(
    study: Study, options: ExportOptions = ExportOptions(), *, require_study_url: bool = True
) -> EuBatteryDeclaration:
    """The declaration of `study`; `MissingData` lists every missing item (battery data, plant, link…)."""
    product = study.product
    gaps: list[Gap] = []
    counted = is_count(study.reference_unit)
    in_energy = not counted and _kwh_per(study.reference_unit) is not None
    if not counted and not in_energy:
        gaps.append(
            Gap(
                "battery model",
                "product.reference_flow",
                "the declaration is per battery: the reference product must be counted in pieces "
                f"(or in kWh of rated energy), not in {study.reference_unit!r}",
            )
        )
    kwh = _kwh_per(study.reference_unit) if in_energy else None
    life = service_life(product.battery, gaps, kwh_per_unit=kwh, defaults=options.battery_defaults)
    if not product.manufacturer.get("name"):
        gaps.append(Gap("manufacturer", "product.manufacturer.name", "the manufacturer's name is required"))
    if not product.plant.get("location"):
        gaps.append(
            Gap(
                "manufacturing plant location",
                "product.plant.location",
                "the geographic location of the manufacturing plant is required (e.g. CN-JX-YC)",
            )
        )
    if require_study_url and not options.study_url:
        gaps.append(Gap("web link to the public study", "", "give the link with --study-url"))
    use = {
        pid: v
        for pid, v in study.result.by_process.items()
        if study.model.processes[pid].stage.value == "use" and v
    }
    if use:
        listed = ", ".join(f"{pid} ({v:.4g} kg CO2e)" for pid, v in use.items())
        gaps.append(
            Gap(
                "life-cycle stages",
                "processes.<id>.stage",
                "the use stage is excluded from the EU battery carbon footprint, but these "
                f"use-stage processes contribute: {listed}; move them out of the model or to "
                "another stage",
            )
        )
    view = _end_of_life_view(study, options)
    for missing in view["missing"]:
        gaps.append(
            Gap(
                "end-of-life method",
                missing.split(":", 1)[0],
                f"the {view['method']} method needs {missing.split(': ', 1)[-1]}; no public default "
                "exists (rule parameter eu_battery.cff.A): state it in the model with its source",
            )
        )
    if gaps or life is None:
        raise MissingData("EU battery carbon-footprint declaration", gaps, study.model.file)
    per_unit = study.per_reference_unit(view["total"])
    stages = []
    for s in EU_STAGES:
        value = study.per_reference_unit(view["by_stage"].get(s.model_stage, 0.0))
        stages.append(StageValue(s, value / life.total_energy, value if counted else None))
    return EuBatteryDeclaration(
        manufacturer=dict(product.manufacturer),
        battery_model=product.id,
        model_name=product.name,
        chemistry=str(product.battery.get("chemistry") or ""),
        plant=dict(product.plant),
        service_life=life,
        per_battery=per_unit if counted else None,
        per_kwh=per_unit / life.total_energy,
        stages=tuple(stages),
        study_url=options.study_url,
        conformity_declaration_id=options.conformity_declaration_id,
        gwp=study.result.gwp,
        factor_release=study.result.factor_release,
        model_hash=study.model.hash,
        end_of_life_method={"id": view["method"], "name": dict(METHOD_NAMES[EolMethod(view["method"])])},
        credits_per_kwh=study.per_reference_unit(study.result.credits["total"]) / life.total_energy,
    )


def _end_of_life_view(study: Study, options: ExportOptions) -> dict[str, Any]:
    """Net and stages under the rule's end-of-life method (options) or else the model's own."""
    eol = options.end_of_life
    result = study.result
    method = eol.get("method") or result.end_of_life.get("method") or EolMethod.CUT_OFF.value
    return method_view(
        result.total,
        result.by_stage,
        result.end_of_life,
        result.credits,
        method,
        defaults={"A": eol.get("A"), "B": eol.get("B")},
    )


def service_life(
    battery: Mapping[str, Any],
    gaps: list[Gap],
    *,
    kwh_per_unit: float | None = None,
    defaults: Mapping[str, float] | None = None,
) -> ServiceLife | None:
    """Energy per cycle and cycles over the service life from `product.battery`; gaps name what is missing.

    `kwh_per_unit` is given when the reference product itself is counted in kWh of rated energy.
    """
    if not battery:
        gaps.append(
            Gap(
                "total energy over the service life",
                "product.battery",
                "battery data are required: rated_energy (or usable_energy) and cycles_per_year with "
                "service_years, or lifetime_cycles",
            )
        )
        return None
    basis = "usable_energy" if battery.get("usable_energy") is not None else "rated_energy"
    energy = battery.get(basis)
    if kwh_per_unit is not None and energy is None:
        basis, energy = "reference product in kWh", Quantity(kwh_per_unit, "kWh")
    if energy is None:
        gaps.append(
            Gap(
                "energy per cycle",
                "product.battery.rated_energy",
                "the rated (or usable) energy of one unit of the reference product is required, "
                "e.g. 0.32 kWh",
            )
        )
    defaults = defaults or {}

    def given(name: str) -> Any:
        value = battery.get(name)
        return defaults.get(name) if value is None else value

    per_year, years = given("cycles_per_year"), given("service_years")
    lifetime = given("lifetime_cycles")
    cycles = None
    if per_year is not None and years is not None:
        cycles = per_year * years
        if lifetime is not None and abs(lifetime - cycles) > 0.01 * cycles:
            gaps.append(
                Gap(
                    "full equivalent cycles",
                    "product.battery.lifetime_cycles",
                    f"{lifetime:g} contradicts cycles_per_year × service_years = {cycles:g}",
                )
            )
    elif lifetime is not None:
        cycles = lifetime
    else:
        missing = [k for k in ("cycles_per_year", "service_years") if given(k) is None]
        gaps.append(
            Gap(
                "full equivalent cycles",
                f"product.battery.{missing[0]}",
                f"{' and '.join(missing)} (or lifetime_cycles) required; EU default FEqC per "
                "year: 60 for M1/N1 vehicles, 20 for L, 250 for M2/M3/N2/N3; service years = "
                "warranty years",
            )
        )
    if energy is None or cycles is None:
        return None
    return ServiceLife(float(energy.amount), basis, float(cycles), per_year, years)


def is_count(unit: str) -> bool:
    """Whether `unit` counts items (piece, pcs, unit)."""
    from footprint.units import UnitError, convert

    try:
        convert(1.0, unit, "piece")
    except UnitError:
        return False
    return True


def _kwh_per(unit: str) -> float | None:
    from footprint.units import UnitError, convert

    try:
        return convert(1.0, unit, "kWh")
    except UnitError:
        return None


def _n(value: float) -> float:
    return float(decimal_text(value))


def _write(study: Study, out: Path, options: ExportOptions) -> Path:
    data = eu_battery_declaration(study, options).to_dict(passport=options.passport)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


EXPORTS = (
    ExportFormat(
        "eu-battery",
        "EU battery carbon-footprint declaration (JSON)",
        "欧盟电池碳足迹声明（JSON）",
        ".json",
        _write,
    ),
)
