"""The Circular Footprint Formula (CFF) of the PEF method, and the cut-off (100:0) rule, per material.

PEF (Commission Recommendation (EU) 2021/2279, Annex I §4.4.8; formula as digested in
../shared/research/standards.md §2.5), per kg of one material::

    material  (1−R1)·Ev + R1·(A·Erecycled + (1−A)·Ev·Qsin/Qp) + (1−A)·R2·(ErecyclingEoL − E*v·Qsout/Qp)
    energy    (1−B)·R3·(EER − LHV·XER,heat·ESE,heat − LHV·XER,elec·ESE,elec)
    disposal  (1−R2−R3)·ED

Every term is kept apart (`CffTerms`) so a result can show burdens and credits separately and a test can
check each one by hand. The cut-off rule (`cut_off`) uses the same terms with A = 1 for the material
part: recycled content carries its recycling process only; the end-of-life treatment the product
undergoes (collection, dismantling, recycling to the end-of-waste point, energy recovery, disposal) stays
with the product ("polluter pays") and gives no credit. Nothing here knows about models or matrices;
`footprint.endoflife` applies the same rules to a calculated model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from footprint.errors import FootprintError


class EolMethod(StrEnum):
    """How recycled content and end-of-life recycling are credited (one vocabulary for core, rules, faces)."""

    CUT_OFF = "cut_off"  # 100:0: recycled content = recycling burden only, no credit at end of life
    CFF = "cff"  # PEF Circular Footprint Formula


METHOD_NAMES: Mapping[EolMethod, Mapping[str, str]] = {
    EolMethod.CUT_OFF: {"zh": "截断法（100:0）", "en": "cut-off (100:0)"},
    EolMethod.CFF: {"zh": "循环足迹公式（PEF CFF）", "en": "Circular Footprint Formula (PEF CFF)"},
}


class CffError(FootprintError):
    """A CFF parameter outside its range or missing; the message names the material and the parameter."""


@dataclass(frozen=True)
class CffParameters:
    """The dimensionless parameters of one material (shares 0…1, quality ratios 0…1)."""

    a: float  # allocation of burdens/credits between supplier and user of recycled material
    r1: float = 0.0  # recycled content of the input
    r2: float = 0.0  # share sent to recycling at end of life
    r3: float = 0.0  # share sent to energy recovery
    b: float = 0.0  # allocation of energy recovery (PEF default 0)
    qsin_qp: float = 1.0  # quality of the recycled input relative to primary
    qsout_qp: float = 1.0  # quality of the recycled output relative to primary

    def check(self, material: str = "") -> None:
        """Raise `CffError` naming the parameter if a share or ratio is outside 0…1 or R2 + R3 > 1."""
        where = f"material {material!r}: " if material else ""
        for name, value in asdict(self).items():
            if not 0.0 <= value <= 1.0:
                raise CffError(f"{where}CFF parameter {name.upper()} must lie in 0…1, got {value!r}")
        if self.r2 + self.r3 > 1.0 + 1e-12:
            raise CffError(f"{where}R2 + R3 must not exceed 1 (R2 = {self.r2:g}, R3 = {self.r3:g})")


@dataclass(frozen=True)
class CffBurdens:
    """Emission intensities (kg CO2e per kg of material, or per MJ for the substituted energies)."""

    ev: float = 0.0  # virgin material
    erecycled: float = 0.0  # recycling process that makes the recycled input
    erecycling_eol: float = 0.0  # recycling process at end of life
    ev_star: float = 0.0  # virgin material displaced by the recycled output (E*v)
    eer: float = 0.0  # energy recovery process (incineration with recovery)
    lhv: float = 0.0  # lower heating value, MJ/kg
    xer_heat: float = 0.0  # efficiency of heat recovery
    xer_elec: float = 0.0  # efficiency of electricity recovery
    ese_heat: float = 0.0  # heat displaced, kg CO2e/MJ
    ese_elec: float = 0.0  # electricity displaced, kg CO2e/MJ
    ed: float = 0.0  # disposal (landfill, incineration without recovery)


@dataclass(frozen=True)
class CffTerms:
    """Every term of the formula for `mass` kg of one material, in kg CO2e; credits are ≤ 0."""

    material: str
    mass: float
    method: EolMethod
    virgin: float  # (1−R1)·Ev
    recycled_input: float  # R1·A·Erecycled
    recycled_virgin_share: float  # R1·(1−A)·Ev·Qsin/Qp
    eol_recycling: float  # (1−A)·R2·ErecyclingEoL
    eol_credit: float  # −(1−A)·R2·E*v·Qsout/Qp
    energy_recovery: float  # (1−B)·R3·EER
    energy_credit: float  # −(1−B)·R3·LHV·(XER,heat·ESE,heat + XER,elec·ESE,elec)
    disposal: float  # (1−R2−R3)·ED
    parameters: Mapping[str, float] = field(default_factory=dict)

    @property
    def material_part(self) -> float:
        return (
            self.virgin
            + self.recycled_input
            + self.recycled_virgin_share
            + self.eol_recycling
            + self.eol_credit
        )

    @property
    def energy_part(self) -> float:
        return self.energy_recovery + self.energy_credit

    @property
    def disposal_part(self) -> float:
        return self.disposal

    @property
    def burdens(self) -> float:
        return (
            self.virgin
            + self.recycled_input
            + self.recycled_virgin_share
            + self.eol_recycling
            + self.energy_recovery
            + self.disposal
        )

    @property
    def credits(self) -> float:
        return self.eol_credit + self.energy_credit

    @property
    def total(self) -> float:
        return self.material_part + self.energy_part + self.disposal_part

    def as_dict(self) -> dict[str, object]:
        """The terms, the three parts, burdens, credits and total, JSON-ready."""
        out: dict[str, object] = {k: v for k, v in asdict(self).items() if k != "parameters"}
        out["method"] = self.method.value
        out["parameters"] = dict(self.parameters)
        out.update(
            material_part=self.material_part,
            energy_part=self.energy_part,
            disposal_part=self.disposal_part,
            burdens=self.burdens,
            credits=self.credits,
            total=self.total,
        )
        return out


def cff(params: CffParameters, burdens: CffBurdens, *, mass: float = 1.0, material: str = "") -> CffTerms:
    """The Circular Footprint Formula for `mass` kg of `material`, every term apart."""
    params.check(material)
    p, e = params, burdens
    energy_credit = p.r3 * e.lhv * (e.xer_heat * e.ese_heat + e.xer_elec * e.ese_elec)
    return CffTerms(
        material=material,
        mass=mass,
        method=EolMethod.CFF,
        virgin=mass * (1 - p.r1) * e.ev,
        recycled_input=mass * p.r1 * p.a * e.erecycled,
        recycled_virgin_share=mass * p.r1 * (1 - p.a) * e.ev * p.qsin_qp,
        eol_recycling=mass * (1 - p.a) * p.r2 * e.erecycling_eol,
        eol_credit=-mass * (1 - p.a) * p.r2 * e.ev_star * p.qsout_qp,
        energy_recovery=mass * (1 - p.b) * p.r3 * e.eer,
        energy_credit=-mass * (1 - p.b) * energy_credit,
        disposal=mass * (1 - p.r2 - p.r3) * e.ed,
        parameters=_parameter_dict(p),
    )


def cut_off(params: CffParameters, burdens: CffBurdens, *, mass: float = 1.0, material: str = "") -> CffTerms:
    """The cut-off (100:0) rule: recycled content carries its recycling process, no credit at end of life.

    The recycled-content terms equal the CFF with A = 1; the end-of-life treatment (R2·ErecyclingEoL up
    to the end-of-waste point, R3·EER) stays with the product in full, without any credit.
    """
    params.check(material)
    p, e = params, burdens
    return CffTerms(
        material=material,
        mass=mass,
        method=EolMethod.CUT_OFF,
        virgin=mass * (1 - p.r1) * e.ev,
        recycled_input=mass * p.r1 * e.erecycled,
        recycled_virgin_share=0.0,
        eol_recycling=mass * p.r2 * e.erecycling_eol,
        eol_credit=0.0,
        energy_recovery=mass * p.r3 * e.eer,
        energy_credit=0.0,
        disposal=mass * (1 - p.r2 - p.r3) * e.ed,
        parameters={**_parameter_dict(p), "a": 1.0, "b": 1.0},
    )


@dataclass(frozen=True)
class MaterialFlow:
    """One material of a product: its mass per functional unit, parameters and burdens."""

    material: str
    mass: float
    params: CffParameters
    burdens: CffBurdens


def evaluate(flows: Iterable[MaterialFlow], method: EolMethod | str = EolMethod.CFF) -> dict[str, CffTerms]:
    """The terms of every material under `method`, keyed by material (a material given twice is an error)."""
    method = EolMethod(method)
    formula = cff if method is EolMethod.CFF else cut_off
    out: dict[str, CffTerms] = {}
    for flow in flows:
        if flow.material in out:
            raise CffError(f"material {flow.material!r} is given twice")
        out[flow.material] = formula(flow.params, flow.burdens, mass=flow.mass, material=flow.material)
    return out


def _parameter_dict(p: CffParameters) -> dict[str, float]:
    return {k: float(v) for k, v in asdict(p).items()}
