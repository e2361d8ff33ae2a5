"""The lifetime-energy functional unit (EU Art. 7, MIIT declaration) and the declaration stage split.

E_total [kWh] = capacity [kWh] × full equivalent cycles, where the cycles are either the lifetime cycles
or cycles per year × service years (../shared/research/standards.md §2.3). The capacity basis, the cycle
table by vehicle category and the other defaults are parameters of the rule; the model's
``product.battery`` values take precedence, and explicit overrides (what-if studies) precede both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from footprint.model import Model
from footprint.result import Result
from products.errors import CheckError, LifetimeParameterMissing, UnknownRule
from products.rules import FunctionalUnit, FuQuantity, Rule


@dataclass(frozen=True)
class LifetimeEnergy:
    """The total energy delivered over the service life, per unit of product and per reference flow."""

    functional_unit: str
    capacity_basis: str  # rated_energy | usable_energy
    full_cycles: float
    reference_flow_kwh: float  # lifetime energy delivered by the model's reference flow
    capacity_kwh: float | None = None  # per unit of the reference product (None: reference flow in kWh)
    cycles_per_year: float | None = None
    service_years: float | None = None
    origins: Mapping[str, str] = field(default_factory=dict)  # parameter → model | rule | override

    @property
    def per_unit_kwh(self) -> float | None:
        """Lifetime energy of one unit of the reference product (e.g. one pack)."""
        return None if self.capacity_kwh is None else self.capacity_kwh * self.full_cycles


def lifetime_functional_unit(rule: Rule, functional_unit: str | None = None) -> FunctionalUnit:
    """The rule's lifetime-energy functional unit `functional_unit` (default: its first one)."""
    if functional_unit is not None:
        fu = rule.functional_unit(functional_unit)
        if fu.quantity is not FuQuantity.LIFETIME_ENERGY:
            raise UnknownRule(f"functional unit {fu.id!r} of rule {rule.id!r} is not a lifetime-energy unit")
        return fu
    for fu in rule.functional_units:
        if fu.quantity is FuQuantity.LIFETIME_ENERGY:
            return fu
    raise UnknownRule(f"rule {rule.id!r} has no lifetime-energy functional unit")


def rated_energy_kwh(model: Model, basis: str = "rated_energy") -> float | None:
    """Rated (or usable) energy of one unit of the reference product in kWh, if the model gives it."""
    q = model.product.battery.get(basis)
    return None if q is None else float(q.amount)


def reference_flow_energy_kwh(model: Model) -> float | None:
    """Rated energy of the reference flow: kWh directly, or pieces × rated energy; None if unknown."""
    from footprint.units import UnitError, convert

    rf = model.product.reference_flow
    try:
        return convert(rf.amount, rf.unit, "kWh")
    except UnitError:
        pass
    rated = rated_energy_kwh(model)
    if rated is None:
        return None
    try:
        return convert(rf.amount, rf.unit, "piece") * rated
    except UnitError:
        return None


def lifetime_energy(
    model: Model,
    rule: Rule,
    *,
    functional_unit: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> LifetimeEnergy:
    """E_total of the model's reference flow; `LifetimeParameterMissing` names every missing parameter."""
    fu = lifetime_functional_unit(rule, functional_unit)
    over = dict(overrides or {})
    battery = model.product.battery
    origins: dict[str, str] = {}
    missing: list[str] = []

    def pick(name: str) -> Any:
        for origin, value in (
            ("override", over.get(name)),
            ("model", battery.get(name)),
            ("rule", rule.param(name, fu)),
        ):
            if value is not None:
                origins[name] = origin
                return value
        return None

    basis = str(rule.param("capacity_basis", fu, "rated_energy"))
    capacity, ref_kwh = _capacity(model, basis, missing)
    lifetime_cycles = pick("lifetime_cycles")
    cycles_per_year = service_years = None
    if lifetime_cycles is not None:
        full_cycles = float(lifetime_cycles)
    else:
        cycles_per_year = _cycles_per_year(pick("cycles_per_year"), pick, fu, origins, missing)
        service_years = pick("service_years")
        if service_years is None:
            missing.append(
                f"product.battery.service_years: the service life in years (rule {rule.id} has no "
                f"default for {fu.id})"
            )
        full_cycles = (cycles_per_year or 0.0) * float(service_years or 0.0)
    if missing:
        raise LifetimeParameterMissing(
            f"{model.file}: the lifetime energy ({fu.id}) needs "
            + "; ".join(missing)
            + " — or give product.battery.lifetime_cycles",
            tuple(m.split(":", 1)[0].strip() for m in missing),
        )
    years = float(service_years) if service_years is not None else None
    total = (ref_kwh or 0.0) * full_cycles
    return LifetimeEnergy(fu.id, basis, full_cycles, total, capacity, cycles_per_year, years, origins)


def _capacity(model: Model, basis: str, missing: list[str]) -> tuple[float | None, float | None]:
    """(capacity per unit of product, capacity of the reference flow) in kWh on the rule's basis."""
    from footprint.units import UnitError, convert

    rf = model.product.reference_flow
    try:
        rated_kwh = convert(rf.amount, rf.unit, "kWh")  # the reference flow is rated energy itself
    except UnitError:
        rated_kwh = None
    per_unit = rated_energy_kwh(model, basis)
    if rated_kwh is not None:
        if basis == "rated_energy":
            return None, rated_kwh
        rated = rated_energy_kwh(model)
        if per_unit is None or rated is None:
            missing.append(
                f"product.battery.{basis} and product.battery.rated_energy (the reference flow "
                f"is in {rf.unit}, the rule counts {basis})"
            )
            return None, None
        return None, rated_kwh * per_unit / rated
    if per_unit is None:
        missing.append(f"product.battery.{basis}: the {basis.replace('_', ' ')} of one unit in kWh")
        return None, None
    try:
        return per_unit, convert(rf.amount, rf.unit, "piece") * per_unit
    except UnitError:
        missing.append(f"product.reference_flow.unit: pieces or kWh, got {rf.unit!r}")
        return per_unit, None


def _cycles_per_year(
    value: Any, pick: Any, fu: FunctionalUnit, origins: dict[str, str], missing: list[str]
) -> float | None:
    if isinstance(value, Mapping):
        application = pick("application") or pick("default_application")
        if application is None or application not in value:
            known = ", ".join(map(str, value))
            missing.append(
                f"product.battery.application: one of {known} (cycles per year by vehicle "
                f"category), or product.battery.cycles_per_year"
            )
            return None
        origins["cycles_per_year"] = f"{origins.get('cycles_per_year', 'rule')} table ({application})"
        return float(value[application])
    if value is None:
        missing.append(
            f"product.battery.cycles_per_year: full equivalent cycles per year ({fu.id} has no default)"
        )
        return None
    return float(value)


def per_lifetime_energy(
    result: Result,
    model: Model,
    rule: Rule,
    *,
    functional_unit: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> float:
    """kg CO2e per kWh of lifetime energy: the result without its use stage ÷ E_total of the flow."""
    if result.model_hash != model.hash:
        raise CheckError(
            f"the result is of another model (hash {result.model_hash[:12]}…, model {model.hash[:12]}…)"
        )
    le = lifetime_energy(model, rule, functional_unit=functional_unit, overrides=overrides)
    if le.reference_flow_kwh <= 0:
        raise LifetimeParameterMissing(f"{model.file}: the lifetime energy of the reference flow is 0 kWh")
    return (result.total - result.by_stage.get("use", 0.0)) / le.reference_flow_kwh


def declared_stages(result: Result, rule: Rule, *, functional_unit: str | None = None) -> dict[str, float]:
    """The result split into the declaration stages of `functional_unit` (unmapped stages left out)."""
    fu = lifetime_functional_unit(rule, functional_unit)
    stage_map: Mapping[str, str | None] = rule.param("stage_map", fu) or {}
    out: dict[str, float] = {label: 0.0 for label in dict.fromkeys(v for v in stage_map.values() if v)}
    for stage, value in result.by_stage.items():
        label = stage_map.get(stage)
        if label:
            out[label] += value
    return out


def rule_battery_defaults(model: Model, rule: Rule, *, functional_unit: str) -> dict[str, float]:
    """Lifetime parameters that `rule` supplies where the model is silent, for the exporters below products.

    The core's declarations (EU battery) cannot read the rules; the layers above hand them these values.
    Only the cycle parameters come from here (the capacity is the model's own data).
    """
    try:
        fu = lifetime_functional_unit(rule, functional_unit)
    except UnknownRule:
        return {}
    battery = model.product.battery
    out: dict[str, float] = {}
    for name in ("service_years", "lifetime_cycles"):
        value = rule.param(name, fu)
        if battery.get(name) is None and isinstance(value, (int, float)):
            out[name] = float(value)
    per_year = rule.param("cycles_per_year", fu)
    if battery.get("cycles_per_year") is None and per_year is not None:
        if isinstance(per_year, Mapping):
            application = battery.get("application") or rule.param("default_application", fu)
            if application in per_year:
                out["cycles_per_year"] = float(per_year[application])
        else:
            out["cycles_per_year"] = float(per_year)
    return out
