"""The GWP100 set of a study: direct gases and per-gas factors re-characterized under AR4/AR5/AR6,
CO2e factors of another or an unstated set used as given and flagged."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from footprint import ModelError, Result, calculate, parse_model
from tests.footprint.toys import GWP, fac, gas, model, process, source

# IPCC GWP100 values used below (factors/data/gwp.csv; AR4 has no fossil CH4 of its own → general CH4).
HAND = {
    "AR6": {"CO2": 1, "CH4_fossil": 29.8, "N2O": 273},
    "AR5": {"CO2": 1, "CH4_fossil": 30, "N2O": 265},
    "AR4": {"CO2": 1, "CH4": 25, "N2O": 298},
}


def codes(result: Result) -> list[tuple[str, str]]:
    return [(d["code"], d["path"]) for d in result.warning_details]


def study(
    inputs: list | None = None,
    emissions: list | None = None,
    *,
    factors: dict | None = None,
    gwp: str | None = None,
) -> dict[str, Any]:
    return model({"a": process("production", (1, "piece"), inputs, emissions)}, factors=factors, gwp=gwp)


class TestTheHandValuesAreTheBundledOnes:
    def test_gwp_csv_carries_the_values_used_here(self) -> None:
        for gwp_set, values in HAND.items():
            for g, v in values.items():
                assert GWP[gwp_set][g] == v, (gwp_set, g)
        assert "CH4_fossil" not in GWP["AR4"]


class TestDirectEmissions:
    """0.1 kg CH4 (fossil) and 10 g N2O per piece.

    ======  ====================  ==================  ======
    set     CH4_fossil            N2O                 total
    ======  ====================  ==================  ======
    AR6     0.1 × 29.8 = 2.98     0.01 × 273 = 2.73   5.71
    AR5     0.1 × 30   = 3.00     0.01 × 265 = 2.65   5.65
    AR4     0.1 × 25   = 2.50     0.01 × 298 = 2.98   5.48   (CH4 value for CH4_fossil, flagged)
    ======  ====================  ==================  ======
    """

    EMISSIONS: ClassVar[list] = [gas("CH4_fossil", 0.1), gas("N2O", 10, "g")]

    @pytest.mark.parametrize(
        ("gwp_set", "ch4", "n2o", "total"),
        [("AR6", 2.98, 2.73, 5.71), ("AR5", 3.0, 2.65, 5.65), ("AR4", 2.5, 2.98, 5.48)],
    )
    def test_totals_per_set(self, gwp_set: str, ch4: float, n2o: float, total: float) -> None:
        result = calculate(parse_model(study(emissions=self.EMISSIONS)), source(), gwp=gwp_set)
        assert result.gwp == gwp_set
        assert result.total == pytest.approx(total)
        assert result.by_gas == pytest.approx({"CH4_fossil": ch4, "N2O": n2o})

    def test_ar4_falls_back_to_general_methane_with_a_warning(self) -> None:
        result = calculate(parse_model(study(emissions=self.EMISSIONS)), source(), gwp="AR4")
        assert ("gwp_fallback", "processes.a.emissions[0]") in codes(result)
        message = "AR4 has no own value for CH4_fossil; the general CH4 value is used"
        assert message in " ".join(result.warnings)
        for gwp_set in ("AR5", "AR6"):
            other = calculate(parse_model(study(emissions=self.EMISSIONS)), source(), gwp=gwp_set)
            assert not [c for c in codes(other) if c[0].startswith("gwp")]

    def test_the_models_own_set_is_the_default_and_can_be_overridden(self) -> None:
        m = parse_model(study(emissions=self.EMISSIONS, gwp="AR5"))
        assert calculate(m, source()).total == pytest.approx(5.65)
        assert calculate(m, source(), gwp="AR6").total == pytest.approx(5.71)
        assert calculate(m, source(), gwp="ar4").total == pytest.approx(5.48)


class TestPerGasFactors:
    """A local binder declared per gas: 0.8 kg CO2 + 0.002 kg CH4 (fossil) per kg; 2 kg used.

    AR6: 2 × (0.8 + 0.002 × 29.8) = 1.7192; AR5: 2 × (0.8 + 0.06) = 1.72; AR4: 2 × (0.8 + 0.05) = 1.70.
    The toy database factor `gasmix` (1 kg CO2, 0.01 kg CH4 fossil, 0.001 kg N2O per kg), 1 kg used:
    AR6: 1 + 0.298 + 0.273 = 1.571; AR5: 1 + 0.30 + 0.265 = 1.565; AR4: 1 + 0.25 + 0.298 = 1.548.
    """

    BINDER: ClassVar[dict] = {
        "binder": {"gases": {"CO2": 0.8, "CH4_fossil": 0.002}, "unit": "kg", "source": "supplier"}
    }

    @pytest.mark.parametrize(
        ("gwp_set", "binder", "gasmix"), [("AR6", 1.7192, 1.571), ("AR5", 1.72, 1.565), ("AR4", 1.70, 1.548)]
    )
    def test_are_re_characterized_under_the_study_set(
        self, gwp_set: str, binder: float, gasmix: float
    ) -> None:
        data = study([fac("binder", 2, "kg"), fac("gasmix", 1, "kg")], factors=self.BINDER)
        result = calculate(parse_model(data), source(), gwp=gwp_set)
        assert result.by_factor == pytest.approx({"binder": binder, "gasmix": gasmix})
        assert result.total == pytest.approx(binder + gasmix)

    def test_their_gases_are_split_in_by_gas(self) -> None:
        data = study([fac("binder", 2, "kg"), fac("gasmix", 1, "kg")], factors=self.BINDER)
        result = calculate(parse_model(data), source(), gwp="AR6")
        assert result.by_gas == pytest.approx(
            {"CO2": 1.6 + 1.0, "CH4_fossil": 2 * 0.002 * 29.8 + 0.01 * 29.8, "N2O": 0.001 * 273}
        )

    def test_ar4_fallback_is_flagged_for_the_factor(self) -> None:
        data = study([fac("binder", 2, "kg")], factors=self.BINDER)
        result = calculate(parse_model(data), source(), gwp="AR4")
        assert codes(result) == [("gwp_fallback", "factors.binder")]


class TestCo2eFactors:
    LOCAL: ClassVar[dict] = {
        "sep": {"value": 0.9, "unit": "kg CO2e / m^2", "gwp": "AR5", "source": "supplier"},
        "unsp": {"value": 1.1, "unit": "kg CO2e / kg", "gwp": "unspecified", "source": "literature"},
    }

    def test_a_factor_of_another_set_is_used_as_given_and_flagged(self) -> None:
        data = study([fac("sep", 3, "m^2")], factors=self.LOCAL)
        ar6 = calculate(parse_model(data), source(), gwp="AR6")
        ar5 = calculate(parse_model(data), source(), gwp="AR5")
        assert ar6.total == ar5.total == pytest.approx(2.7)
        assert codes(ar6) == [("gwp_mismatch", "factors.sep")]
        assert "given as CO2e under AR5, used as given in a AR6 study" in ar6.warnings[0]
        assert codes(ar5) == []
        assert ar6.by_gas == pytest.approx({"CO2e (not split)": 2.7})

    def test_an_unstated_set_is_used_as_given_and_flagged(self) -> None:
        data = study([fac("unsp", 2, "kg")], factors=self.LOCAL)
        for gwp_set in ("AR4", "AR5", "AR6"):
            result = calculate(parse_model(data), source(), gwp=gwp_set)
            assert result.total == pytest.approx(2.2)
            assert codes(result) == [("gwp_unspecified", "factors.unsp")]

    def test_a_co2e_factor_without_its_set_is_a_model_error(self) -> None:
        local = {"x": {"value": 1, "unit": "kg CO2e / kg", "source": "s"}}
        with pytest.raises(ModelError, match=r"factors\.x\.gwp: a CO2e factor needs its GWP set"):
            parse_model(study([fac("x", 1, "kg")], factors=local))

    def test_a_database_co2e_factor_of_another_set_is_flagged_at_its_input(self) -> None:
        result = calculate(parse_model(study([fac("steel", 1, "kg")])), source(), gwp="AR5")
        assert result.total == pytest.approx(2.0)
        assert codes(result) == [("gwp_mismatch", "processes.a.inputs[0]")]
