"""Every finding code of `products.check`, triggered on the toy cell of conftest.py (one test per code)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from footprint import calculate
from footprint.model import Model
from footprint.sources import StaticFactors
from products import CheckError, Finding, Severity, check, get_rule, has_errors, parse_rule, review
from products.check_result import electricity_method
from products.rules import ElectricityMethod
from tests.products.conftest import PEDIGREE_2, Toy

CELL = get_rule("battery-cell")


def findings(
    model: Model, source: StaticFactors, *, rule: Any = CELL, fu: str | None = None, calculated: bool = True
) -> list[Finding]:
    result = calculate(model, source) if calculated else None
    return check(model, rule, result, functional_unit=fu)


def codes(found: list[Finding]) -> dict[str, Severity]:
    return {f.code: f.severity for f in found}


def one(found: list[Finding], code: str) -> Finding:
    hits = [f for f in found if f.code == code]
    assert hits, f"no {code} among {[f.code for f in found]}"
    return hits[0]


def cell_inputs(d: dict[str, Any]) -> list[dict[str, Any]]:
    return d["processes"]["cell"]["inputs"]


def drop_role(d: dict[str, Any], role: str) -> dict[str, Any]:
    items = cell_inputs(d)
    item = next(i for i in items if i.get("role") == role)
    items.remove(item)
    return item


class TestToyCell:
    def test_the_toy_cell_passes_with_information_only(self, toy: Toy, source: StaticFactors) -> None:
        found = findings(toy(), source)
        assert {f.severity for f in found} == {Severity.INFO}
        assert set(codes(found)) == {"mass_balance_ok", "data_quality_ok", "within_range"}
        assert calculate(toy(), source).total == pytest.approx(60.0)

    def test_a_result_of_another_model_is_refused(self, toy: Toy, source: StaticFactors) -> None:
        other = toy(lambda d: d["product"].update(id="other"))
        with pytest.raises(CheckError, match="result is of another model"):
            check(toy(), CELL, calculate(other, source))


class TestProductAndFunctionalUnit:
    def test_category_mismatch(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["product"].update(category="battery.pack")), source), "category_mismatch"
        )
        assert f.severity is Severity.ERROR and f.location == "product.category"
        assert "battery.pack" in f.message_en and "battery.cell" in f.message_en

    def test_functional_unit_unrecognised(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["product"].update(functional_unit="one kilowatt-hour")), source),
            "functional_unit_unrecognised",
        )
        assert f.severity is Severity.WARNING and "checked as cn_label" in f.message_en

    def test_functional_unit_text_matches_in_chinese_and_aliases(
        self, toy: Toy, source: StaticFactors
    ) -> None:
        for text in ("1 kWh 额定能量", "1 kWh rated energy (cradle-to-gate)", "  1 KWH   Rated Energy "):
            found = findings(toy(lambda d, t=text: d["product"].update(functional_unit=t)), source)
            assert "functional_unit_unrecognised" not in codes(found)

    def test_reference_flow_not_delivering_the_functional_unit(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["product"]["reference_flow"].update(amount=3)), source), "reference_flow"
        )
        assert f.severity is Severity.ERROR and "delivers 0.75 kWh" in f.message_en

    def test_reference_flow_without_rated_energy(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["product"]["battery"].pop("rated_energy")), source), "reference_flow"
        )
        assert "rated_energy" in f.message_en


class TestStagesAndProcesses:
    def test_missing_stage(self, toy: Toy, source: StaticFactors) -> None:
        def only_cell(d: dict[str, Any]) -> None:
            del d["processes"]["material"]
            for item in cell_inputs(d):
                if item.get("process") == "material":
                    item.pop("process")
                    item["factor"] = "toy.material"

        f = one(findings(toy(only_cell), source), "missing_stage")
        assert f.severity is Severity.ERROR and "raw_materials" in f.message_en

    def test_stage_covered_by_aggregate(self, toy: Toy, source: StaticFactors) -> None:
        def aggregate(d: dict[str, Any]) -> None:
            del d["processes"]["material"]
            d["processes"]["cell"]["inputs"] = [
                {"factor": "toy.material", "amount": 1, "unit": "kg", "role": "aggregated"}
            ]

        found = findings(toy(aggregate), source)
        assert codes(found)["stage_covered_by_aggregate"] is Severity.INFO
        assert codes(found)["aggregated_dataset"] is Severity.INFO
        assert "missing_stage" not in codes(found) and "missing_input" not in codes(found)

    def test_stage_not_allowed(self, toy: Toy, source: StaticFactors) -> None:
        def ship(d: dict[str, Any]) -> None:
            d["processes"]["ship"] = {
                "stage": "distribution",
                "output": {"amount": 1, "unit": "piece"},
                "inputs": [{"process": "cell", "amount": 1, "unit": "piece"}],
            }
            d["product"]["reference_flow"]["process"] = "ship"

        f = one(findings(toy(ship), source), "stage_not_allowed")
        assert f.severity is Severity.ERROR and f.location == "processes.ship.stage"

    def test_missing_process(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["processes"]["cell"].update(role="other")), source), "missing_process"
        )
        assert f.severity is Severity.ERROR and "cell_assembly" in f.message_en

    def test_process_stage(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["processes"]["material"].update(role="cell_assembly")), source),
            "process_stage",
        )
        assert f.severity is Severity.ERROR and f.location == "processes.material.stage"


class TestInputsAndGaps:
    def test_missing_input(self, toy: Toy, source: StaticFactors) -> None:
        f = one(findings(toy(lambda d: drop_role(d, "electrolyte")), source), "missing_input")
        assert f.severity is Severity.WARNING and "role: electrolyte" in f.message_en
        assert f.location == "processes.cell.inputs"

    def test_data_gap_counts_for_the_input_and_the_mass_balance(
        self, toy: Toy, source: StaticFactors
    ) -> None:
        def gap(d: dict[str, Any]) -> None:
            drop_role(d, "electrolyte")
            d["processes"]["cell"]["x-gaps"] = [
                {
                    "name": {"zh": "电解液", "en": "electrolyte"},
                    "role": "electrolyte",
                    "amount": 150,
                    "unit": "g",
                    "reason": "no factor",
                }
            ]

        found = findings(toy(gap), source)
        f = one(found, "data_gap")
        assert f.severity is Severity.WARNING and f.location == "processes.cell.x-gaps[0]"
        assert "15.0% of the output mass" in f.message_en and "no factor" in f.message_en
        assert "missing_input" not in codes(found) and "mass_balance_ok" in codes(found)

    def test_aggregated_dataset(self, toy: Toy, source: StaticFactors) -> None:
        def add(d: dict[str, Any]) -> None:
            cell_inputs(d).append(
                {"factor": "toy.material", "amount": 0.0, "unit": "kg", "role": "aggregated"}
            )

        f = one(findings(toy(add), source), "aggregated_dataset")
        assert f.severity is Severity.INFO and f.location == "processes.cell.inputs[8]"


class TestMassBalance:
    def test_mass_balance_ok(self, toy: Toy, source: StaticFactors) -> None:
        assert "(+0.0%)" in one(findings(toy(), source), "mass_balance_ok").message_en

    def test_mass_balance_off(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["processes"]["cell"]["output"].update(mass="1.2 kg")), source),
            "mass_balance",
        )
        assert f.severity is Severity.ERROR and "-16.7%" in f.message_en and "5%" in f.message_en

    def test_mass_balance_unchecked_without_output_mass(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d["processes"]["cell"]["output"].pop("mass")), source),
            "mass_balance_unchecked",
        )
        assert f.severity is Severity.WARNING and f.location == "processes.cell.output"

    def test_mass_balance_unchecked_when_inputs_have_no_mass(self, toy: Toy, source: StaticFactors) -> None:
        def area(d: dict[str, Any]) -> None:
            drop_role(d, "cathode_active_material")
            cell_inputs(d).append(
                {"factor": "toy.material", "amount": 2, "unit": "m^2", "role": "cathode_active_material"}
            )

        f = one(findings(toy(area), source, calculated=False), "mass_balance_unchecked")
        assert "processes.cell.inputs[7]" in f.message_en

    def test_consumables_are_left_out_of_the_bill_of_materials(self, toy: Toy, source: StaticFactors) -> None:
        def solvent(d: dict[str, Any]) -> None:
            cell_inputs(d).append({"process": "material", "amount": 0.5, "unit": "kg", "bom": False})

        assert "mass_balance_ok" in codes(findings(toy(solvent), source))


class TestCutoffAndAllocation:
    def test_cutoff_exceeded_for_one_flow(self, toy: Toy, source: StaticFactors) -> None:
        found = findings(
            toy(
                lambda d: d.update(
                    cutoff=[{"flow": "tape", "reason": "small", "share": 0.02, "basis": "mass"}]
                )
            ),
            source,
        )
        f = one(found, "cutoff_exceeded")
        assert f.severity is Severity.ERROR and f.location == "cutoff[0].share" and "2.00%" in f.message_en

    def test_cutoff_exceeded_in_total(self, toy: Toy, source: StaticFactors) -> None:
        entries = [
            {"flow": f"part {i}", "reason": "small", "share": 0.009, "basis": "mass"} for i in range(6)
        ]
        f = one(findings(toy(lambda d: d.update(cutoff=entries)), source), "cutoff_exceeded")
        assert f.location == "cutoff" and "5.40%" in f.message_en

    def test_cutoff_within_limits_passes(self, toy: Toy, source: StaticFactors) -> None:
        entries = [{"flow": "tape", "reason": "small", "share": 0.004, "basis": "impact"}]
        found = findings(toy(lambda d: d.update(cutoff=entries)), source)
        assert not [f for f in found if "cutoff" in f.code]

    def test_cutoff_unquantified(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: d.update(cutoff=[{"flow": "tape", "reason": "small"}])), source),
            "cutoff_unquantified",
        )
        assert f.severity is Severity.WARNING and f.location == "cutoff[0]"

    def test_cutoff_basis(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(
                toy(
                    lambda d: d.update(
                        cutoff=[{"flow": "tape", "reason": "small", "share": 0.001, "basis": "energy"}]
                    )
                ),
                source,
            ),
            "cutoff_basis",
        )
        assert f.severity is Severity.WARNING and "mass, impact" in f.message_en

    def test_allocation_method(self, toy: Toy, source: StaticFactors) -> None:
        data = copy.deepcopy(dict(CELL.data))
        data["parameters"]["allocation.methods"]["value"] = ["economic"]
        economic_only = parse_rule(data, file="economic.yaml")

        def co_product(d: dict[str, Any]) -> None:
            d["processes"]["material"].update(
                co_products=[{"id": "slag", "amount": 1, "unit": "kg"}], allocation="mass"
            )

        f = one(findings(toy(co_product), source, rule=economic_only), "allocation_method")
        assert f.severity is Severity.ERROR and f.location == "processes.material.allocation"


class TestElectricity:
    def test_electricity_method_forbidden_by_the_functional_unit(
        self, toy: Toy, source: StaticFactors
    ) -> None:
        f = one(findings(toy(), source, fu="eu_battery"), "electricity_method")
        assert f.severity is Severity.ERROR and "provincial_grid" in f.message_en
        assert f.location.endswith("inputs[7]")

    def test_national_grid_is_allowed_by_the_eu_rule(self, toy: Toy, source: StaticFactors) -> None:
        national = toy(lambda d: cell_inputs(d)[7].update(factor="elec.grid.CN.toy"))
        assert "electricity_method" not in codes(findings(national, source, fu="eu_battery"))

    def test_co2_only_electricity_is_refused_with_the_reason(self, toy: Toy, source: StaticFactors) -> None:
        generation = toy(lambda d: cell_inputs(d)[7].update(factor="elec.grid.CN-JX.generation"))
        found = findings(generation, source)
        f = one(found, "electricity_not_lifecycle")
        assert f.severity is Severity.ERROR and has_errors(found)
        assert f.location == "processes.cell.inputs[7]"
        assert "Refused" in f.message_en and "generation" in f.message_en and "battery-cell" in f.message_en
        assert "elec.footprint" in f.message_en and "拒绝" in f.message_zh

    def test_co2_only_electricity_inside_a_background_process_is_refused(
        self, toy: Toy, source: StaticFactors
    ) -> None:
        from footprint.background import ProcessExchange, ProcessRecord
        from footprint.model import Citation, Text

        def cam(elec: str) -> ProcessRecord:
            return ProcessRecord(
                code="bg.cam",
                activity="bg.cam",
                name=Text("cam", "cam"),
                unit="kg",
                geography="CN",
                reference_year=2023,
                category="process.test",
                confidence="low",
                citation=Citation("test"),
                release="test",
                exchanges=(ProcessExchange("input", elec, 5, "kWh", "test"),),
            )

        def use_bg(d: dict[str, Any]) -> None:
            d["processes"]["material"]["inputs"].append({"factor": "bg.cam", "amount": 0.1, "unit": "kg"})

        for elec, refused in (("elec.grid.CN-JX.generation", True), ("elec.grid.CN-JX.toy", False)):
            src = StaticFactors(source.records, source.gwp, release="test", processes={"bg.cam": cam(elec)})
            found = findings(toy(use_bg), src)
            hits = [f for f in found if f.code == "electricity_not_lifecycle"]
            assert bool(hits) is refused
            if refused:
                assert hits[0].severity is Severity.ERROR
                assert "inside background process bg.cam" in hits[0].message_en
                assert hits[0].location == "processes.material.inputs[1]"

    def test_a_rule_not_requiring_life_cycle_electricity_accepts_co2_only(
        self, toy: Toy, source: StaticFactors
    ) -> None:
        data = copy.deepcopy(dict(CELL.data))
        data["parameters"]["electricity.lifecycle_required"]["value"] = False
        lenient = parse_rule(data, file="organisation.yaml")
        generation = toy(lambda d: cell_inputs(d)[7].update(factor="elec.grid.CN-JX.generation"))
        assert "electricity_not_lifecycle" not in codes(findings(generation, source, rule=lenient))

    def test_the_electricity_default_of_every_rule_is_the_life_cycle_factor(self) -> None:
        from products import list_rules

        for rule in list_rules():
            assert rule.param("electricity.default_factor", None, None) == "elec.footprint", rule.id
            assert rule.param("electricity.lifecycle_required", None, None) is True, rule.id
            for spec in rule.processes:
                for item in spec.inputs:
                    if item.role == "electricity":
                        assert item.default_factor == "elec.footprint", (rule.id, spec.role)

    def test_electricity_unidentified(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(toy(lambda d: cell_inputs(d)[7].update(factor="elec.fossil.CN.toy")), source),
            "electricity_unidentified",
        )
        assert f.severity is Severity.INFO and "electricity.direct_line" in f.message_en

    @pytest.mark.parametrize(
        ("change", "method"),
        [
            ({"factor": "elec.grid"}, ElectricityMethod.PROVINCIAL_GRID),
            ({"factor": "elec.grid.CN-Central-Grid.toy"}, ElectricityMethod.REGIONAL_GRID),
            ({"factor": "elec.grid.CN.toy"}, ElectricityMethod.NATIONAL_GRID),
            ({"factor": "elec.footprint-pv.CN.toy"}, ElectricityMethod.SUPPLIER_SPECIFIC),
            ({"factor": "my.green-tariff"}, ElectricityMethod.SUPPLIER_SPECIFIC),
            ({"role": "electricity.direct_line"}, ElectricityMethod.DIRECT_LINE),
        ],
    )
    def test_how_electricity_is_classified(
        self, toy: Toy, source: StaticFactors, change: dict[str, str], method: ElectricityMethod
    ) -> None:
        def apply(d: dict[str, Any]) -> None:
            cell_inputs(d)[7].update(change)
            d["factors"] = {
                "my.green-tariff": {
                    "value": 0.05,
                    "unit": "kg CO2e / kWh",
                    "gwp": "AR6",
                    "source": "supplier contract (test)",
                }
            }

        model = toy(apply)
        rows = {r["ref"]: r for r in calculate(model, source).factors}
        item = model.processes["cell"].inputs[7]
        assert electricity_method(item, rows[item.factor]) is method


class TestGwpAndDataQuality:
    def test_gwp_set(self, toy: Toy, source: StaticFactors) -> None:
        f = one(findings(toy(lambda d: d["product"].update(gwp="AR5")), source), "gwp_set")
        assert f.severity is Severity.ERROR and f.location == "product.gwp" and "AR6" in f.message_en

    def test_gwp_mismatch(self, toy: Toy, source: StaticFactors) -> None:
        ar5 = toy(lambda d: d["processes"]["material"]["inputs"][0].update(factor="toy.material-ar5"))
        f = one(findings(ar5, source), "gwp_mismatch")
        assert f.severity is Severity.ERROR and f.location == "processes.material.inputs[0]"
        assert "AR5" in f.message_en and "AR6" in f.message_en

    def test_gwp_unspecified(self, toy: Toy, source: StaticFactors) -> None:
        f = one(
            findings(
                toy(
                    lambda d: d["processes"]["material"]["inputs"][0].update(
                        factor="toy.material-unspecified"
                    )
                ),
                source,
            ),
            "gwp_unspecified",
        )
        assert f.severity is Severity.INFO

    def test_data_quality_below_the_minimum(self, toy: Toy, source: StaticFactors) -> None:
        poor = {k: 5 for k in PEDIGREE_2}

        def worsen(d: dict[str, Any]) -> None:
            d["processes"]["material"]["inputs"][0]["pedigree"] = poor
            cell_inputs(d)[7]["pedigree"] = poor

        f = one(findings(toy(worsen), source), "data_quality")
        assert f.severity is Severity.ERROR and "DQR 5.00" in f.message_en

    def test_data_quality_unassessed(self, toy: Toy, source: StaticFactors) -> None:
        def strip(d: dict[str, Any]) -> None:
            d["processes"]["material"]["inputs"][0].pop("pedigree")
            cell_inputs(d)[7].pop("pedigree")

        assert codes(findings(toy(strip), source))["data_quality_unassessed"] is Severity.WARNING

    def test_data_quality_coverage_too_small(self, toy: Toy, source: StaticFactors) -> None:
        """A rating that covers less of the result than the rule's minimum is no rating of the product."""

        def one_scored(d: dict[str, Any]) -> None:
            cell_inputs(d)[7].pop("pedigree")

        result, found = review(toy(one_scored), CELL, source)
        assert result is not None
        coverage = result.data_quality["coverage"]
        assert 0 < coverage < 0.8
        f = one(found, "data_quality_coverage")
        assert f.severity is Severity.WARNING and f"covers only {coverage:.1%}" in f.message_en
        assert "data_quality_ok" not in codes(found)

    def test_data_quality_ok(self, toy: Toy, source: StaticFactors) -> None:
        assert "DQR 2.00" in one(findings(toy(), source), "data_quality_ok").message_en


class TestPlausibility:
    def test_below_range(self, toy: Toy, source: StaticFactors) -> None:
        f = one(findings(toy(lambda d: cell_inputs(d)[7].update(amount=0)), source), "below_range")
        assert f.severity is Severity.WARNING and f.location == "plausible_ranges.lfp-peiseler-2024"
        assert "-26%" in f.message_en  # 40 against the P5 of 54

    def test_above_range(self, toy: Toy, source: StaticFactors) -> None:
        f = one(findings(toy(lambda d: cell_inputs(d)[7].update(amount=20)), source), "above_range")
        assert "80" in f.message_en and f.severity is Severity.WARNING

    def test_within_range_says_when_the_footprint_is_partial(self, toy: Toy, source: StaticFactors) -> None:
        def gap(d: dict[str, Any]) -> None:
            d["processes"]["cell"]["x-gaps"] = [{"name": "glue", "reason": "none"}]

        assert "partial footprint" in one(findings(toy(gap), source), "within_range").message_en

    def test_reference_value(self, toy: Toy, source: StaticFactors) -> None:
        pack = get_rule("battery-pack")

        def as_pack(d: dict[str, Any]) -> None:
            d["product"]["category"] = "battery.pack"
            d["processes"]["cell"]["role"] = "pack_assembly"

        f = one(findings(toy(as_pack), source, rule=pack), "reference_value")
        assert f.severity is Severity.INFO and "109.3" in f.message_en and "-45%" in f.message_en

    def test_no_range(self, toy: Toy, source: StaticFactors) -> None:
        lmo = toy(lambda d: d["product"]["battery"].update(chemistry="LMO"))
        f = one(findings(lmo, source, fu="cn_label"), "within_range")
        assert "Xu C." in f.message_en  # only the all-chemistry range applies
        cathode = get_rule("lfp-cathode")
        as_cathode = toy(
            lambda d: d["product"].update(
                category="material.cathode.lfp", functional_unit="1 kg LFP cathode active material"
            )
        )
        found = findings(as_cathode, source, rule=cathode)
        assert codes(found)["no_range"] is Severity.INFO

    def test_not_calculated(self, toy: Toy, source: StaticFactors) -> None:
        found = findings(toy(), source, calculated=False)
        assert codes(found) == {"mass_balance_ok": Severity.INFO, "not_calculated": Severity.INFO}


class TestLifetimeFindings:
    def test_lifetime_parameters(self, toy: Toy, source: StaticFactors) -> None:
        f = one(findings(toy(), source, fu="eu_battery"), "lifetime_parameters")
        assert f.severity is Severity.ERROR
        assert "product.battery.usable_energy" in f.message_en
        assert "product.battery.service_years" in f.message_en

    def test_lifetime_energy(self, toy: Toy, source: StaticFactors) -> None:
        def warranty(d: dict[str, Any]) -> None:
            d["product"]["battery"].update(usable_energy="0.24 kWh", service_years=8)

        f = one(findings(toy(warranty), source, fu="eu_battery"), "lifetime_energy")
        # 4 cells × 0.24 kWh × 60 cycles/year (M1 default) × 8 years = 460.8 kWh; 60 kg CO2e / 460.8 kWh
        assert "460.8 kWh" in f.message_en and "480 full cycles" in f.message_en
        assert "0.1302 kg CO2e per kWh of lifetime energy" in f.message_en

    def test_out_of_scope(self, toy: Toy, source: StaticFactors) -> None:
        def small_pack(d: dict[str, Any]) -> None:
            d["product"].update(category="battery.pack", functional_unit="1 kWh of total lifetime energy")
            d["product"]["battery"].update(rated_energy="1.5 kWh", cycles_per_year=100, service_years=10)
            d["product"]["reference_flow"]["amount"] = 1 / 1500
            d["processes"]["cell"]["role"] = "pack_assembly"

        found = findings(toy(small_pack), source, rule=get_rule("battery-pack"))
        f = one(found, "out_of_scope")
        assert f.severity is Severity.INFO and "1.5 kWh" in f.message_en
        assert "miit_declaration" in f.message_en
        assert "reference_flow" not in codes(found)  # 1/1500 pack × 1.5 kWh × 1000 cycles = 1 kWh


class TestReview:
    def test_calculation_failed_is_an_error_finding(self, toy: Toy, source: StaticFactors) -> None:
        broken = toy(lambda d: cell_inputs(d)[7].update(factor="no.such.factor"))
        result, found = review(broken, CELL, source)
        assert result is None and has_errors(found)
        f = one(found, "calculation_failed")
        assert "no.such.factor" in f.message_en and "mass_balance_ok" in codes(found)

    def test_review_of_a_good_model_has_no_errors(self, toy: Toy, source: StaticFactors) -> None:
        result, found = review(toy(), CELL, source)
        assert result is not None and not has_errors(found)


def test_every_finding_code_has_a_test_here() -> None:
    """A new check needs a test in this file that triggers it."""
    import re
    from pathlib import Path

    # the first argument of error(…), warning(…), info(…), _make(severity)(…) and _range_finding(warning, …)
    CODE = r'(?:error|warning|info|_make\(severity\)|_range_finding\(warning,)\(?\s*"([a-z_]+)"'

    root = Path(__file__).resolve().parents[2] / "products"
    made = set()
    for module in ("checks.py", "check_structure.py", "check_result.py"):
        text = (root / module).read_text(encoding="utf-8")
        made |= set(re.findall(CODE, text))
    here = Path(__file__).read_text(encoding="utf-8")
    assert len(made) >= 35
    tests = here.split("def test_every_finding_code")[0]
    assert not [code for code in sorted(made) if f'"{code}"' not in tests]
