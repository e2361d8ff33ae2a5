"""Monte Carlo over model amounts and factor values: seeded repeatability, the moments of each input
distribution, variance shares, allocated amounts sampled once, and agreement with Brightway's sampler."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from footprint import Model, calculate, load_model, parse_model
from footprint.calculate import prepare
from footprint.matrices import System
from footprint.solve import brightway_monte_carlo
from footprint.uncertainty import monte_carlo, sample
from tests.footprint.test_allocation import coproduct_model
from tests.footprint.test_solve import loop_model
from tests.footprint.toys import MODELS, fac, model, process, source

N = 20_000


def steel_system(uncertainty: dict | None = None, pedigree: dict | None = None) -> System:
    """One piece needs 2 kg of steel (2 kg CO2e / kg): score = 2 × X, static 4 kg CO2e."""
    extra = {k: v for k, v in (("uncertainty", uncertainty), ("pedigree", pedigree)) if v}
    data = model({"a": process("production", (1, "piece"), [fac("steel", 2, "kg", **extra)])})
    return prepare(parse_model(data), source())[1]


def lognormal_moments(median: float, sigma: float) -> tuple[float, float]:
    mean = median * math.exp(sigma**2 / 2)
    return mean, mean * math.sqrt(math.exp(sigma**2) - 1)


def triangular_moments(a: float, c: float, b: float) -> tuple[float, float]:
    return (a + b + c) / 3, math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18)


# ecoinvent pedigree uncertainty factors for scores 3 (Weidema et al. 2013, Table 10.5) and the basic
# factor 1.05: reliability 1.10, completeness 1.05, temporal 1.10, geographical 1.02, technological 1.20.
SIGMA_333 = math.sqrt(sum((math.log(u) / 2) ** 2 for u in (1.05, 1.10, 1.05, 1.10, 1.02, 1.20)))

MOMENTS = [
    # (uncertainty, pedigree, analytic mean and sd of X, the kg of steel)
    ({"distribution": "lognormal", "gsd": 1.5}, None, lognormal_moments(2, math.log(1.5))),
    ({"distribution": "normal", "sd": 0.2}, None, (2.0, 0.2)),
    ({"distribution": "triangular", "min": 1.5, "max": 3}, None, triangular_moments(1.5, 2, 3)),
    ({"distribution": "uniform", "min": 1.5, "max": 2.5}, None, (2.0, 1 / math.sqrt(12))),
    (
        None,
        {"reliability": 3, "completeness": 3, "temporal": 3, "geographical": 3, "technological": 3},
        lognormal_moments(2, SIGMA_333),
    ),
]


class TestSeed:
    def test_the_same_seed_repeats_bit_for_bit(self) -> None:
        system = prepare(load_model(MODELS / "toy.yaml"), source())[1]
        a, b = monte_carlo(system, 500, seed=7), monte_carlo(system, 500, seed=7)
        assert np.array_equal(a.scores, b.scores)
        assert a.summary() == b.summary()
        c = monte_carlo(system, 500, seed=8)
        assert not np.array_equal(a.scores, c.scores)
        assert c.summary() != a.summary()

    def test_without_a_seed_one_is_chosen_and_reported(self) -> None:
        system = steel_system({"distribution": "normal", "sd": 0.2})
        run = monte_carlo(system, 50)
        assert np.array_equal(monte_carlo(system, 50, seed=run.seed).scores, run.scores)

    @pytest.mark.parametrize("iterations", [0, 1, -5])
    def test_fewer_than_two_iterations_are_refused(self, iterations: int) -> None:
        with pytest.raises(ValueError, match=f"at least 2 iterations, got {iterations}"):
            monte_carlo(steel_system(), iterations, seed=1)


class TestDistributions:
    @pytest.mark.parametrize(
        ("uncertainty", "pedigree", "moments"),
        MOMENTS,
        ids=["lognormal", "normal", "triangular", "uniform", "pedigree"],
    )
    def test_mean_and_sd_match_the_analytic_ones(
        self, uncertainty: dict | None, pedigree: dict | None, moments: tuple[float, float]
    ) -> None:
        mean, sd = 2 * moments[0], 2 * moments[1]  # score = 2 kg CO2e / kg × X
        run = monte_carlo(steel_system(uncertainty, pedigree), N, seed=42)
        assert abs(run.mean - mean) < 4 * sd / math.sqrt(N)
        assert run.sd == pytest.approx(sd, rel=0.05)
        assert run.variance_shares == pytest.approx({"processes.a.inputs[0]": 1.0})

    def test_the_static_value_is_the_median_of_a_lognormal(self) -> None:
        run = monte_carlo(steel_system({"distribution": "lognormal", "gsd": 1.5}), N, seed=3)
        assert run.median == pytest.approx(4.0, rel=0.02)
        assert (run.p2_5, run.p97_5) == (
            pytest.approx(4 / 1.5**1.96, rel=0.03),
            pytest.approx(4 * 1.5**1.96, rel=0.03),
        )

    def test_a_local_factor_uncertainty_is_scaled_with_its_unit(self) -> None:
        """900 ± 100 g CO2e / kg (normal) is 0.9 ± 0.1 kg CO2e / kg; 2 kg of it: 1.8 ± 0.2."""
        local = {
            "sup": {
                "value": 900,
                "unit": "g CO2e / kg",
                "gwp": "AR6",
                "source": "supplier",
                "uncertainty": {"distribution": "normal", "sd": 100},
            }
        }
        data = model({"a": process("production", (1, "piece"), [fac("sup", 2, "kg")])}, factors=local)
        run = monte_carlo(prepare(parse_model(data), source())[1], N, seed=5)
        assert abs(run.mean - 1.8) < 4 * 0.2 / math.sqrt(N)
        assert run.sd == pytest.approx(0.2, rel=0.05)
        assert list(run.variance_shares) == ["factors.sup"]


class TestVarianceShares:
    def test_they_sum_to_one_and_rank_the_dominant_input_first(self) -> None:
        """toy.yaml, variance of each uncertain contribution (kg CO2e)²:

        ===========================  ==========================================  ========
        input                        contribution and spread                     variance
        ===========================  ==========================================  ========
        cell.inputs[1] elec          30 kWh·0.5 = 15, lognormal GSD 1.2           ≈ 7.6
        cathode.inputs[0] steel      2.05·0.4·2 = 1.64, triangular 0.3…0.6        ≈ 0.066
        cathode.inputs[2] elec       2.05·5·0.5 = 5.125, pedigree (2,2,1,1,2)     ≈ 0.049
        cell.emissions[0] CO2        0.2 kg, normal sd 0.02 kg                    0.0004
        ===========================  ==========================================  ========
        """
        run = monte_carlo(prepare(load_model(MODELS / "toy.yaml"), source())[1], 3000, seed=1)
        shares = run.variance_shares
        assert sum(shares.values()) == pytest.approx(1.0)
        assert list(shares.values()) == sorted(shares.values(), reverse=True)
        assert next(iter(shares)) == "processes.cell.inputs[1]"
        assert shares["processes.cell.inputs[1]"] > 0.9
        assert set(shares) == {
            "processes.cathode.inputs[0]",
            "processes.cathode.inputs[2]",
            "processes.cell.inputs[1]",
            "processes.cell.emissions[0]",
        }

    def test_an_input_that_dominates_by_far_takes_almost_all(self) -> None:
        data = model(
            {
                "a": process(
                    "production",
                    (1, "piece"),
                    [
                        fac("steel", 10, "kg", uncertainty={"distribution": "lognormal", "gsd": 2.0}),
                        fac("elec", 1, "kWh", uncertainty={"distribution": "normal", "sd": 0.01}),
                    ],
                )
            }
        )
        shares = monte_carlo(prepare(parse_model(data), source())[1], 3000, seed=2).variance_shares
        assert list(shares) == ["processes.a.inputs[0]", "processes.a.inputs[1]"]
        assert shares["processes.a.inputs[0]"] > 0.95


class TestSharedAllocatedAmount:
    """refining's 10 kg of steel (lognormal, GSD 1.5) is split over the refined (0.4) and slag (0.6)
    columns (its direct CO2 removed: 20 kg CO2e per operation, 4 kg CO2e per kg of either product);
    battery takes 1 kg refined and 1.5 kg slag, static 4 + 6 = 10 kg CO2e. Sampled once, both columns
    move together: score = 10 × X / 10 exactly, and ln(score) has the full σ = ln 1.5."""

    def data(self) -> dict:
        data = coproduct_model()
        data["processes"]["refining"]["inputs"][0]["uncertainty"] = {"distribution": "lognormal", "gsd": 1.5}
        data["processes"]["refining"].pop("emissions")
        return data

    def system(self) -> System:
        return prepare(parse_model(self.data()), source())[1]

    def test_both_columns_see_the_same_draw(self) -> None:
        system = self.system()
        labels = [p.label for p in system.params]
        assert labels.count("processes.refining.inputs[0]") == 1
        assert calculate(parse_model(self.data()), source()).total == pytest.approx(10.0)
        run = monte_carlo(system, 2000, seed=9)
        draws = sample(system, 2000, 9)[labels.index("processes.refining.inputs[0]")]
        assert run.scores == pytest.approx(10.0 * draws / 10, rel=1e-9)
        assert np.std(np.log(run.scores)) == pytest.approx(math.log(1.5), rel=0.05)

    def test_brightways_independent_entries_understate_the_spread(self) -> None:
        """Brightway samples the two matrix entries independently: σ ≈ ln 1.5 · √(0.4² + 0.6²)."""
        bw = brightway_monte_carlo(self.system(), 500, 9)
        assert np.std(np.log(bw)) == pytest.approx(math.log(1.5) * math.hypot(0.4, 0.6), rel=0.12)


def repeated_input_model() -> dict:
    """a takes b twice (two entries in the same matrix cell, summed by both solvers)."""
    return model(
        {
            "a": process(
                "production",
                (1, "piece"),
                [{"process": "b", "amount": 1, "unit": "kg"}, {"process": "b", "amount": 2, "unit": "kg"}],
            ),
            "b": process("raw_materials", (1, "kg"), [fac("steel", 1, "kg")]),
        }
    )


def with_uncertain_first_input(data: dict) -> dict:
    first = next(iter(data["processes"].values()))
    first["inputs"][0]["uncertainty"] = {"distribution": "lognormal", "gsd": 1.3}
    return data


class TestSparseSolver:
    """Loops above DENSE_LIMIT processes are solved with one sparse LU per iteration; forcing that path
    on small systems must give the scores of the dense batch solver for the same draws."""

    @pytest.mark.parametrize(
        "build",
        [
            lambda: load_model(MODELS / "toy.yaml"),
            lambda: parse_model(with_uncertain_first_input(loop_model())),
            lambda: parse_model(with_uncertain_first_input(coproduct_model())),
            lambda: parse_model(with_uncertain_first_input(repeated_input_model())),
        ],
        ids=["toy.yaml", "loop", "allocated", "repeated input"],
    )
    def test_sparse_and_dense_paths_agree(
        self, build: Callable[[], Model], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        system = prepare(build(), source())[1]
        dense = monte_carlo(system, 300, seed=13)
        monkeypatch.setattr("footprint.uncertainty.DENSE_LIMIT", 0)
        sparse = monte_carlo(system, 300, seed=13)
        assert sparse.scores == pytest.approx(dense.scores, rel=1e-10)
        assert np.ptp(dense.scores) > 0


class TestAgainstBrightway:
    def test_means_agree_on_a_system_without_shared_parameters(self) -> None:
        system = prepare(load_model(MODELS / "toy.yaml"), source())[1]
        ours = monte_carlo(system, 4000, seed=21)
        theirs = brightway_monte_carlo(system, 600, 21)
        se = math.sqrt(ours.sd**2 / 4000 + np.var(theirs, ddof=1) / 600)
        assert abs(ours.mean - float(np.mean(theirs))) < 4 * se
        assert float(np.std(theirs, ddof=1)) == pytest.approx(ours.sd, rel=0.15)

    def test_the_result_carries_the_summary(self) -> None:
        result = calculate(load_model(MODELS / "toy.yaml"), source(), iterations=400, seed=4)
        u = result.uncertainty
        assert u is not None
        assert (u["iterations"], u["seed"]) == (400, 4)
        assert u["p2_5"] < u["median"] < u["p97_5"]
        assert u["cv"] == pytest.approx(u["sd"] / u["mean"])
        assert sum(u["variance_shares"].values()) == pytest.approx(1.0)
