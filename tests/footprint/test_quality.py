"""Pedigree scores: the ecoinvent lognormal GSD, and the PEF data-quality rating weighted by contribution."""

from __future__ import annotations

import math

import pytest

from footprint import StaticFactors, calculate, parse_model
from footprint.model import Pedigree
from footprint.pedigree import dqr, dqr_level, pedigree_gsd, pedigree_sigma
from tests.footprint.toys import ELEC, STEEL, TRUCK, fac, gas, model, process, record, source

# Uncertainty factors U of the ecoinvent pedigree matrix (Weidema et al. 2013, ecoinvent Report 1(v3),
# Table 10.5), written out here by hand; basic uncertainty factor 1.05 (Table 10.4).
TABLE = {
    "reliability": (1.00, 1.05, 1.10, 1.20, 1.50),
    "completeness": (1.00, 1.02, 1.05, 1.10, 1.20),
    "temporal": (1.00, 1.03, 1.10, 1.20, 1.50),
    "geographical": (1.00, 1.01, 1.02, 1.05, 1.10),
    "technological": (1.00, 1.05, 1.20, 1.50, 2.00),
}


def by_hand(p: Pedigree) -> float:
    """GSD = exp(sqrt(Σ (ln U / 2)²)) over the basic factor and the five indicators."""
    factors = [1.05, *(TABLE[name][getattr(p, name) - 1] for name in TABLE)]
    return math.exp(math.sqrt(sum((math.log(u) / 2) ** 2 for u in factors)))


class TestPedigreeGsd:
    def test_best_scores_leave_only_the_basic_uncertainty(self) -> None:
        assert pedigree_gsd(Pedigree(1, 1, 1, 1, 1)) == pytest.approx(math.exp(math.log(1.05) / 2), rel=1e-12)

    def test_scores_of_two(self) -> None:
        """U = 1.05 (basic), 1.05, 1.02, 1.03, 1.01, 1.05:
        σ² = 3·0.000595 + 0.000098 + 0.000218 + 0.000025."""
        factors = (1.05, 1.05, 1.02, 1.03, 1.01, 1.05)
        expected = math.exp(math.sqrt(sum((math.log(u) / 2) ** 2 for u in factors)))
        assert pedigree_gsd(Pedigree(2, 2, 2, 2, 2)) == pytest.approx(expected, rel=1e-12)
        assert expected == pytest.approx(math.exp(math.sqrt(0.0021262)), abs=1e-5)

    @pytest.mark.parametrize("scores", [(5, 5, 5, 5, 5), (1, 2, 3, 4, 5), (5, 4, 3, 2, 1), (3, 1, 4, 1, 5)])
    def test_any_scores_follow_the_table(self, scores: tuple[int, ...]) -> None:
        p = Pedigree(*scores)
        assert pedigree_gsd(p) == pytest.approx(by_hand(p), rel=1e-12)
        assert pedigree_sigma(p) == pytest.approx(math.log(by_hand(p)), rel=1e-12)

    def test_worse_scores_never_lower_the_gsd(self) -> None:
        for name in TABLE:
            values = [
                pedigree_gsd(Pedigree(**{n: (s if n == name else 1) for n in TABLE})) for s in range(1, 6)
            ]
            assert values == sorted(values), name


class TestDqr:
    @pytest.mark.parametrize(
        ("value", "level"),
        [
            (1.0, "excellent"),
            (1.5, "excellent"),
            (1.51, "very good"),
            (2.0, "very good"),
            (2.01, "good"),
            (3.0, "good"),
            (3.5, "fair"),
            (4.0, "fair"),
            (4.01, "poor"),
            (5.0, "poor"),
        ],
    )
    def test_pef_levels(self, value: float, level: str) -> None:
        assert dqr_level(value) == level

    def test_dqr_is_the_mean_of_ter_ger_tir_and_p(self) -> None:
        """(TeR 5 + GeR 4 + TiR 3 + P 1) / 4, completeness does not enter."""
        p = Pedigree(reliability=1, completeness=5, temporal=3, geographical=4, technological=5)
        assert dqr(p) == 3.25


def quality(inputs: list, src: StaticFactors) -> dict:
    """Result.data_quality of one process (1 piece) with `inputs`."""
    return calculate(parse_model(model({"a": process("production", (1, "piece"), inputs)})), src).data_quality


P1 = {"reliability": 1, "completeness": 2, "temporal": 3, "geographical": 4, "technological": 5}
P2 = {"reliability": 2, "completeness": 2, "temporal": 2, "geographical": 2, "technological": 2}


class TestResultDataQuality:
    """Two inputs with their own pedigree scores::

        input               contribution   DQR                      share
        steel 1.5 kg · 2    3 kg CO2e      (5 + 4 + 3 + 1)/4 = 3.25  3/4
        elec  2 kWh · 0.5   1 kg CO2       (2 + 2 + 2 + 2)/4 = 2     1/4

    weighted DQR = 0.75 · 3.25 + 0.25 · 2 = 2.9375 → "good" (2 < DQR ≤ 3);
    TeR = 0.75·5 + 0.25·2 = 4.25, GeR = 3.5, TiR = 2.75, P = 1.25.
    """

    def inputs(self) -> list:
        return [fac("steel", 1.5, "kg", pedigree=P1), fac("elec", 2, "kWh", pedigree=P2)]

    def test_the_weighted_rating(self) -> None:
        dq = quality(self.inputs(), source())
        assert dq["dqr"] == pytest.approx(2.9375)
        assert dq["level"] == "good"
        assert dq["coverage"] == pytest.approx(1.0)
        assert dq["indicators"] == pytest.approx({"TeR": 4.25, "GeR": 3.5, "TiR": 2.75, "P": 1.25})
        assert dq["unassessed"] == []

    def test_an_unassessed_contribution_lowers_the_coverage_only(self) -> None:
        """+ 10 t*km by truck (1 kg CO2e) without scores: coverage 4/5, the DQR of the rest unchanged."""
        inputs = [*self.inputs(), fac("truck", 10, "t*km")]
        dq = quality(inputs, source())
        assert (dq["dqr"], dq["coverage"]) == (pytest.approx(2.9375), pytest.approx(0.8))
        assert dq["unassessed"] == ["processes.a.inputs[2]"]

    def test_the_weights_are_contributions_through_the_supply_chain(self) -> None:
        """The same inputs one level up, behind a process used twice: the shares stay 3/4 and 1/4."""
        data = model(
            {
                "a": process("production", (1, "piece"), [{"process": "b", "amount": 2, "unit": "kg"}]),
                "b": process("raw_materials", (1, "kg"), self.inputs()),
            }
        )
        assert calculate(parse_model(data), source()).data_quality["dqr"] == pytest.approx(2.9375)

    def test_a_database_factors_scores_stand_in_for_an_input_without_its_own(self) -> None:
        """steel carries its own P1; elec's factor has all five dq scores = (3, 3, 3, 3, 3): DQR 3.
        Weighted: 0.75 · 3.25 + 0.25 · 3 = 3.1875 → fair."""
        dq5 = {f"dq_{n}": 3 for n in TABLE}
        src = source(STEEL, record("elec", 0.5, "kWh", basis="CO2", dq=dq5), TRUCK)
        inputs = [fac("steel", 1.5, "kg", pedigree=P1), fac("elec", 2, "kWh")]
        dq = quality(inputs, src)
        assert (dq["dqr"], dq["level"]) == (pytest.approx(3.1875), "fair")

    def test_an_inputs_own_scores_win_over_its_factors(self) -> None:
        dq5 = {f"dq_{n}": 5 for n in TABLE}
        src = source(STEEL, record("elec", 0.5, "kWh", basis="CO2", dq=dq5))
        dq = quality(self.inputs(), src)
        assert dq["dqr"] == pytest.approx(2.9375)

    def test_partial_database_scores_are_not_a_pedigree(self) -> None:
        src = source(STEEL, record("elec", 0.5, "kWh", basis="CO2", dq={"dq_reliability": 3}))
        inputs = [fac("elec", 2, "kWh")]
        dq = quality(inputs, src)
        assert (dq["dqr"], dq["level"], dq["coverage"]) == (None, "not assessed", 0.0)

    def test_direct_emissions_are_weighted_with_their_scores(self) -> None:
        """1 kg CO2 (DQR 2) next to the steel (3 kg CO2e, DQR 3.25): again 2.9375."""
        p = process(
            "production", (1, "piece"), [fac("steel", 1.5, "kg", pedigree=P1)], [gas("CO2", 1, pedigree=P2)]
        )
        assert calculate(parse_model(model({"a": p})), source(ELEC, STEEL)).data_quality[
            "dqr"
        ] == pytest.approx(2.9375)
