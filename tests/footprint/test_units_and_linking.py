"""Units of inputs converted with the project's pint registry, dimension mismatches named by path, and
factor references linked to local, database and activity factors (unknown ones all reported at once)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from footprint import ModelError, UnknownFactors, calculate, parse_model
from footprint.calculate import check_file
from footprint.linking import link_factors
from tests.footprint.toys import ELEC, STEEL, fac, gas, model, proc, process, record, source


def one_process(inputs: list, emissions: list | None = None, **kw: Any) -> dict[str, Any]:
    """a (1 piece) uses `inputs`; b makes 1 kg from 1 kg of steel (2 kg CO2e)."""
    return model(
        {
            "a": process("production", (1, "piece"), inputs, emissions),
            "b": process("raw_materials", (1, "kg"), [fac("steel", 1, "kg")]),
        },
        **kw,
    )


HEAD = """format: pcf-model/1
product: {id: p, name: P, functional_unit: 1 piece, reference_flow: {process: a, amount: 1, unit: piece}}
processes:
  a:
    stage: production
    output: {amount: 1, unit: piece}
    inputs:
"""


def write_model(tmp_path: Path, inputs: str) -> str:
    """A model file of one process `a` whose `inputs:` block is `inputs` (YAML lines)."""
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + inputs, encoding="utf-8")
    return str(path)


def total(inputs: list, emissions: list | None = None, **kw: Any) -> float:
    return calculate(parse_model(one_process(inputs, emissions, **kw)), source()).total


class TestUnitConversion:
    @pytest.mark.parametrize(
        ("left", "right", "expected"),
        [
            # 1 MWh = 1000 kWh at 0.5 kg CO2 / kWh
            (fac("elec", 1, "MWh"), fac("elec", 1000, "kWh"), 500.0),
            (fac("elec", 3.6, "GJ"), fac("elec", 1000, "kWh"), 500.0),
            # 1 t of b = 1000 kg, 2 kg CO2e / kg
            (proc("b", 1, "t"), proc("b", 1000, "kg"), 2000.0),
            (proc("b", 250, "g"), proc("b", 0.25, "kg"), 0.5),
            # 5 t*km = 5000 kg*km at 0.1 kg CO2e / t*km
            (fac("truck", 5, "t*km"), fac("truck", 5000, "kg*km"), 0.5),
            (fac("truck", 5, "t*km"), fac("truck", 5, "km*t"), 0.5),
            # the same typed in Chinese unit names
            (fac("elec", 1, "兆瓦时"), fac("elec", 1000, "千瓦时"), 500.0),
            (proc("b", 1, "吨"), proc("b", 1000, "千克"), 2000.0),
            (fac("truck", 5, "吨公里"), fac("truck", 5, "吨*公里"), 0.5),
        ],
    )
    def test_equal_quantities_in_different_units_give_identical_totals(
        self, left: dict, right: dict, expected: float
    ) -> None:
        assert total([left]) == pytest.approx(expected, rel=1e-12)
        assert total([right]) == pytest.approx(expected, rel=1e-12)

    def test_emissions_in_grams_and_tonnes(self) -> None:
        assert total([], [gas("CO2", 500, "克")]) == pytest.approx(0.5, rel=1e-12)
        assert total([], [gas("CO2", 500, "g")]) == pytest.approx(0.5, rel=1e-12)
        assert total([], [gas("CO2", 0.0005, "t")]) == pytest.approx(0.5, rel=1e-12)

    def test_the_reference_flow_converts_to_the_output_unit(self) -> None:
        """b makes kg; 1 t of b is 1000 × 2 kg CO2e."""
        data = one_process([fac("steel", 1, "kg")], ref="b", amount=1, unit="t")
        assert calculate(parse_model(data), source()).total == pytest.approx(2000.0)

    def test_a_local_factor_in_grams_per_tonne(self) -> None:
        """900 g CO2e / t = 0.0009 kg CO2e per kg; 2000 kg of it is 1.8 kg CO2e."""
        local = {"sup": {"value": 900, "unit": "g CO2e / t", "gwp": "AR6", "source": "declaration"}}
        assert total([fac("sup", 2000, "kg")], factors=local) == pytest.approx(1.8)


MISMATCHES = [
    (fac("elec", 1, "kg"), "processes.a.inputs[1].unit", r"'kg' cannot be converted to 'kWh'.*factor 'elec'"),
    (proc("b", 1, "kWh"), "processes.a.inputs[1].unit", r"'kWh' cannot be converted to 'kg'.*process 'b'"),
    (fac("truck", 1, "km"), "processes.a.inputs[1].unit", r"'km' cannot be converted to 't\*km'"),
    (fac("steel", 1, "m^2"), "processes.a.inputs[1].unit", r"'m\^2' cannot be converted to 'kg'"),
]


class TestDimensionMismatch:
    @pytest.mark.parametrize(("bad", "path", "message"), MISMATCHES, ids=[m[0]["unit"] for m in MISMATCHES])
    def test_the_mismatch_is_a_model_error_naming_the_path(self, bad: dict, path: str, message: str) -> None:
        data = one_process([fac("steel", 1, "kg"), bad])
        with pytest.raises(ModelError, match=rf"  - {re.escape(path)}: unit {message}") as info:
            calculate(parse_model(data), source())
        assert [i.path for i in info.value.issues] == [path]

    def test_a_reference_flow_in_the_wrong_dimension(self) -> None:
        data = one_process([fac("steel", 1, "kg")], unit="kg")
        with pytest.raises(
            ModelError,
            match=r"product\.reference_flow\.unit: unit 'kg' cannot be converted "
            r"to 'piece'",
        ):
            calculate(parse_model(data), source())

    def test_every_mismatch_is_reported_at_once(self) -> None:
        data = one_process([fac("elec", 1, "kg"), proc("b", 1, "kWh"), fac("steel", 1, "kWh")])
        with pytest.raises(ModelError, match="3 problem") as info:
            calculate(parse_model(data), source())
        assert [i.path for i in info.value.issues] == [f"processes.a.inputs[{i}].unit" for i in range(3)]


class TestUnknownFactors:
    def test_all_unknown_codes_are_reported_at_once_with_near_matches(self) -> None:
        data = one_process(
            [fac("stel", 1, "kg"), fac("elecc", 1, "kWh"), fac("zzzz", 1, "kg"), fac("stel", 2, "kg")]
        )
        with pytest.raises(UnknownFactors) as info:
            calculate(parse_model(data), source())
        issues = {i.path: i.message for i in info.value.issues}
        assert list(issues) == [f"processes.a.inputs[{i}].factor" for i in (0, 3, 1, 2)]
        assert "unknown factor 'stel'" in issues["processes.a.inputs[0].factor"]
        assert issues["processes.a.inputs[0].factor"].endswith("did you mean steel?")
        assert issues["processes.a.inputs[1].factor"].endswith("did you mean elec?")
        assert "did you mean" not in issues["processes.a.inputs[2].factor"]
        assert "not a code of release toy" in issues["processes.a.inputs[2].factor"]

    def test_check_file_reports_structure_units_and_unknown_factors_together(self, tmp_path: Path) -> None:
        path = write_model(
            tmp_path,
            "      - {factor: stel, amount: 1, unit: kg}\n"
            "      - {factor: elec, amount: 1, unit: kg}\n"
            "      - {factor: steel, amount: -2, unit: kg}\n",
        )
        issues = check_file(path, source())
        assert sorted(str(i) for i in issues) == sorted(
            [
                "processes.a.inputs[0].factor: unknown factor 'stel': not model-local, not a code of release "
                "toy, not an activity; did you mean steel?",
                "processes.a.inputs[1].unit: unit 'kg' cannot be converted to 'kWh' (the unit of factor 'elec'): "
                "the dimensions differ",
                "processes.a.inputs[2].amount: must be >= 0, got -2 (negative amounts are not allowed: declare an "
                "avoided burden under the process's `substitutes:`, a credit kept apart from burdens)",
            ]
        )


class TestLinking:
    def test_a_local_factor_is_used_instead_of_the_database_code(self) -> None:
        local = {"steel": {"value": 3, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "own data"}}
        result = calculate(parse_model(one_process([fac("steel", 1, "kg")], factors=local)), source())
        assert result.total == pytest.approx(3.0)
        assert [(r["ref"], r["origin"]) for r in result.factors] == [("steel", "local")]

    def test_a_local_factor_shadowing_a_database_code_is_flagged(self) -> None:
        local = {"steel": {"value": 3, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "own data"}}
        result = calculate(parse_model(one_process([fac("steel", 1, "kg")], factors=local)), source())
        assert result.total == pytest.approx(3.0)
        flags = [(d["code"], d["path"]) for d in result.warning_details]
        assert ("local_shadows_database", "factors.steel") in flags

    def test_an_activity_reference_is_resolved_by_the_source(self) -> None:
        src = source(ELEC, STEEL, activities={"electricity": "elec"})
        data = one_process([fac("electricity", 10, "kWh")])
        fs = link_factors(parse_model(data), src, gwp_set="AR6")
        assert fs.factors["electricity"].code == "elec"
        assert [f.code for f in fs.flags] == ["activity_resolved"]
        assert calculate(parse_model(data), src).total == pytest.approx(5.0)

    def test_without_a_source_only_local_factors_and_co2_are_known(self) -> None:
        local = {"own": {"value": 1.5, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "own data"}}
        data = model(
            {"a": process("production", (1, "piece"), [fac("own", 2, "kg")], [gas("CO2", 1)])}, factors=local
        )
        result = calculate(parse_model(data), None)
        assert (result.total, result.factor_release) == (pytest.approx(4.0), None)

    def test_a_co2_only_factor_is_flagged(self) -> None:
        result = calculate(parse_model(one_process([fac("elec", 2, "kWh")])), source())
        assert "these factors count CO2 only (no CH4/N2O): elec" in result.warnings

    def test_a_zero_amount_is_kept_and_warned_about(self) -> None:
        result = calculate(parse_model(one_process([fac("elec", 0, "kWh"), proc("b", 1, "kg")])), source())
        assert result.total == pytest.approx(2.0)
        assert "processes.a.inputs[0]: amount is 0 (kept, contributes nothing)" in result.warnings

    def test_an_unused_process_is_warned_about(self) -> None:
        result = calculate(parse_model(one_process([fac("elec", 2, "kWh")])), source())
        assert result.supply["b"] == 0.0
        assert "process 'b' is not used by the reference flow" in result.warnings

    def test_factor_rows_carry_value_unit_and_contribution(self) -> None:
        result = calculate(
            parse_model(one_process([fac("elec", 2, "kWh"), proc("b", 1, "kg")])),
            source(record("elec", 0.5, "kWh", basis="CO2"), STEEL),
        )
        rows = {r["ref"]: r for r in result.factors}
        assert (rows["elec"]["unit"], rows["elec"]["contribution"]) == ("kg CO2 / kWh", pytest.approx(1.0))
        assert (rows["steel"]["unit"], rows["steel"]["contribution"]) == ("kg CO2e / kg", pytest.approx(2.0))


class TestCheckFileReportsEachProblemOnce:
    """`check_file` (behind `pcf calc` on a bad file) must name each problem once and truly."""

    def test_an_unknown_unit_is_reported_once_as_unknown(self, tmp_path: Path) -> None:
        path = write_model(tmp_path, "      - {factor: elec, amount: 1, unit: kwhh}\n")
        issues = check_file(path, source())
        assert [str(i) for i in issues] == [
            "processes.a.inputs[0].unit: unknown unit 'kwhh' (UndefinedUnitError)"
        ]

    def test_an_unknown_code_is_reported_even_when_the_amount_is_bad_too(self, tmp_path: Path) -> None:
        issues = check_file(write_model(tmp_path, "      - {factor: stel, amount: -1, unit: kg}\n"), source())
        assert sorted(i.path for i in issues) == [
            "processes.a.inputs[0].amount",
            "processes.a.inputs[0].factor",
        ]
