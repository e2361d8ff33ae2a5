"""The lifetime-energy functional unit: E_total = capacity × cycles, from the model, the rule or overrides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from footprint import calculate
from footprint.sources import StaticFactors
from products import (
    CheckError,
    LifetimeParameterMissing,
    UnknownRule,
    declared_stages,
    get_rule,
    lifetime_energy,
    per_lifetime_energy,
)
from tests.products.conftest import Toy

CELL, PACK, ESS = get_rule("battery-cell"), get_rule("battery-pack"), get_rule("battery-ess")


def battery(**values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["product"]["battery"].update(values)


class TestEuBattery:
    def test_usable_energy_times_the_m1_default_cycles_times_the_warranty_years(self, toy: Toy) -> None:
        le = lifetime_energy(toy(battery(usable_energy="0.24 kWh", service_years=8)), CELL)
        assert le.functional_unit == "eu_battery" and le.capacity_basis == "usable_energy"
        assert le.cycles_per_year == 60 and le.service_years == 8 and le.full_cycles == 480
        assert le.capacity_kwh == pytest.approx(0.24)
        assert le.per_unit_kwh == pytest.approx(115.2)  # one cell: 0.24 kWh × 480
        assert le.reference_flow_kwh == pytest.approx(460.8)  # the reference flow: 4 cells
        assert le.origins == {
            "cycles_per_year": "rule table (M1)",
            "default_application": "rule",
            "service_years": "model",
        }

    @pytest.mark.parametrize(("application", "cycles"), [("M1", 60), ("N1", 60), ("L", 20), ("N3", 250)])
    def test_cycles_per_year_by_vehicle_category(self, toy: Toy, application: str, cycles: float) -> None:
        model = toy(battery(usable_energy="0.25 kWh", service_years=10, application=application))
        assert lifetime_energy(model, CELL).cycles_per_year == cycles

    def test_the_model_cycles_per_year_take_precedence(self, toy: Toy) -> None:
        model = toy(battery(usable_energy="0.25 kWh", service_years=10, cycles_per_year=100))
        le = lifetime_energy(model, CELL)
        assert le.full_cycles == 1000 and le.origins["cycles_per_year"] == "model"

    def test_lifetime_cycles_replace_cycles_times_years(self, toy: Toy) -> None:
        le = lifetime_energy(toy(battery(usable_energy="0.25 kWh", lifetime_cycles=3000)), CELL)
        assert le.full_cycles == 3000 and le.service_years is None
        assert le.reference_flow_kwh == pytest.approx(3000.0)

    def test_overrides_come_first(self, toy: Toy) -> None:
        model = toy(battery(usable_energy="0.25 kWh", service_years=8))
        le = lifetime_energy(model, CELL, overrides={"service_years": 10, "application": "L"})
        assert le.full_cycles == 200 and le.origins["service_years"] == "override"

    def test_every_missing_parameter_is_named(self, toy: Toy) -> None:
        with pytest.raises(
            LifetimeParameterMissing,
            match=r"product\.battery\.usable_energy.*"
            r"product\.battery\.service_years",
        ):
            lifetime_energy(toy(), CELL)

    def test_an_unknown_vehicle_category_names_the_known_ones(self, toy: Toy) -> None:
        with pytest.raises(LifetimeParameterMissing, match="one of M1, N1, L, M2, M3, N2, N3"):
            lifetime_energy(toy(battery(usable_energy="0.25 kWh", service_years=8, application="bus")), CELL)

    def test_a_reference_flow_in_kwh_is_scaled_to_usable_energy(self, toy: Toy) -> None:
        def per_kwh(d: dict[str, Any]) -> None:
            d["product"]["reference_flow"] = {"process": "cell", "amount": 0.25, "unit": "kWh"}
            d["product"]["battery"].update(usable_energy="0.2 kWh", service_years=5)

        assert lifetime_energy(toy(per_kwh), CELL).reference_flow_kwh == pytest.approx(0.25 * 0.8 * 300)


class TestOtherSchemes:
    def test_miit_takes_rated_energy_and_the_documented_default_cycles(self, toy: Toy) -> None:
        model = toy(battery(service_years=8))
        le = lifetime_energy(model, PACK, functional_unit="miit_declaration")
        assert (le.cycles_per_year, le.origins["cycles_per_year"]) == (60.0, "rule table (M1)")
        assert PACK.parameter("cycles_per_year", "miit_declaration").status.value == "unverified"
        model = toy(battery(service_years=8, cycles_per_year=200))
        le = lifetime_energy(model, PACK, functional_unit="miit_declaration")
        assert le.capacity_basis == "rated_energy" and le.reference_flow_kwh == pytest.approx(1600.0)

    def test_storage_batteries_need_their_declared_cycle_life(self, toy: Toy) -> None:
        with pytest.raises(LifetimeParameterMissing, match="cycles_per_year"):
            lifetime_energy(toy(battery(usable_energy="0.25 kWh", service_years=15)), ESS)
        model = toy(battery(usable_energy="0.25 kWh", lifetime_cycles=6000))
        assert lifetime_energy(model, ESS).full_cycles == 6000

    def test_a_rule_without_a_lifetime_unit_is_refused(self, toy: Toy) -> None:
        with pytest.raises(UnknownRule, match="no lifetime-energy functional unit"):
            lifetime_energy(toy(), get_rule("lfp-cathode"))
        with pytest.raises(UnknownRule, match="is not a lifetime-energy unit"):
            lifetime_energy(toy(), CELL, functional_unit="cn_label")


class TestResults:
    def test_footprint_per_kwh_of_lifetime_energy(self, toy: Toy, source: StaticFactors) -> None:
        model = toy(battery(usable_energy="0.24 kWh", service_years=8))
        result = calculate(model, source)
        assert per_lifetime_energy(result, model, CELL) == pytest.approx(60.0 / 460.8)

    def test_a_result_of_another_model_is_refused(self, toy: Toy, source: StaticFactors) -> None:
        model = toy(battery(usable_energy="0.24 kWh", service_years=8))
        with pytest.raises(CheckError, match="another model"):
            per_lifetime_energy(calculate(toy(), source), model, CELL)

    def test_declaration_stages_of_the_miit_and_eu_schemes(self, toy: Toy, source: StaticFactors) -> None:
        result = calculate(toy(), source)  # raw materials 40, production 20 per kWh
        assert declared_stages(result, PACK, functional_unit="miit_declaration") == pytest.approx(
            {"material_acquisition": 40.0, "manufacturing": 20.0, "distribution": 0.0, "recycling": 0.0}
        )
        assert declared_stages(result, PACK, functional_unit="eu_battery") == pytest.approx(
            {
                "raw_material_acquisition": 40.0,
                "main_production": 20.0,
                "distribution": 0.0,
                "end_of_life_recycling": 0.0,
            }
        )
