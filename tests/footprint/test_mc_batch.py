"""The batched Monte Carlo solver against a straightforward per-iteration sparse solve of the same draws
(acyclic, loops, self-consumption, co-products, repeated cells, random systems), its chunking and plan,
and the draws against the stats_arrays / scipy distributions they stand for."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from scipy import sparse, stats
from scipy.sparse.linalg import spsolve

from footprint import Model, load_model, mc_batch, parse_model
from footprint.calculate import prepare
from footprint.errors import SingularSystem
from footprint.matrices import System
from footprint.mc_draws import LOGNORMAL, NORMAL, TRIANGULAR, UNIFORM, draws, param_array
from footprint.uncertainty import monte_carlo, sample
from tests.footprint.test_allocation import coproduct_model
from tests.footprint.test_properties import PROPERTY, RandomSystem, systems
from tests.footprint.test_solve import loop_model
from tests.footprint.test_uncertainty import repeated_input_model, with_uncertain_first_input
from tests.footprint.toys import MODELS, fac, model, proc, process, source


def per_iteration(system: System, samples: np.ndarray) -> np.ndarray:
    """Reference: for each iteration build A, B and the factors from its parameters and solve A x = f."""
    n = system.n
    f = np.zeros(n)
    f[system.demand_col] = system.demand_amount
    out = np.empty(samples.shape[1])
    for i in range(samples.shape[1]):
        t, b, c = system.values(samples[:, i])
        a = sparse.csc_matrix((t, (system.t_rows, system.t_cols)), shape=(n, n))
        x = np.atleast_1d(spsolve(a, f))
        out[i] = float(np.sum(c[system.b_rows] * b * x[system.b_cols]))
    return out


def batched(system: System, iterations: int, seed: int, **options: int) -> tuple[np.ndarray, np.ndarray]:
    """(batched scores, reference scores) of the same draws."""
    base, uncertain, values = draws(system, iterations, seed)
    full = np.repeat(base[:, None], iterations, axis=1)
    full[uncertain] = values
    return mc_batch.scores(system, base, uncertain, values, **options), per_iteration(system, full)


def self_consumption_model() -> dict:
    """a makes 2 pieces and burns 0.5 of them (lognormal): its diagonal is 2 − X, sampled."""
    return model(
        {
            "a": process(
                "production",
                (2, "piece"),
                [
                    proc("a", 0.5, "piece", uncertainty={"distribution": "lognormal", "gsd": 1.3}),
                    proc("b", 1, "kg"),
                    fac("steel", 1, "kg"),
                ],
            ),
            "b": process("raw_materials", (1, "kg"), [fac("steel", 2, "kg")]),
        }
    )


def everything_uncertain(data: dict) -> dict:
    """Every input and emission of the model gets a lognormal GSD 1.1 (normal sd 5 % for emissions)."""
    for p in data["processes"].values():
        for item in p.get("inputs", []):
            item["uncertainty"] = {"distribution": "lognormal", "gsd": 1.1}
        for item in p.get("emissions", []):
            if item["amount"] > 0:
                item["uncertainty"] = {"distribution": "normal", "sd": 0.05 * item["amount"]}
    return data


MODELS_TO_SOLVE: list[tuple[str, Callable[[], Model]]] = [
    ("toy.yaml", lambda: load_model(MODELS / "toy.yaml")),
    ("loop", lambda: parse_model(everything_uncertain(loop_model()))),
    ("allocated", lambda: parse_model(with_uncertain_first_input(coproduct_model()))),
    ("repeated input", lambda: parse_model(with_uncertain_first_input(repeated_input_model()))),
    ("self-consumption", lambda: parse_model(self_consumption_model())),
]


class TestAgainstThePerIterationSolve:
    @pytest.mark.parametrize("build", [b for _, b in MODELS_TO_SOLVE], ids=[i for i, _ in MODELS_TO_SOLVE])
    def test_the_same_draws_give_the_same_scores(self, build: Callable[[], Model]) -> None:
        system = prepare(build(), source())[1]
        ours, reference = batched(system, 300, seed=11)
        assert np.ptp(reference) > 0
        assert ours == pytest.approx(reference, rel=1e-12)

    @pytest.mark.parametrize("build", [b for _, b in MODELS_TO_SOLVE], ids=[i for i, _ in MODELS_TO_SOLVE])
    def test_loops_solved_per_iteration_with_a_sparse_lu_agree(self, build: Callable[[], Model]) -> None:
        system = prepare(build(), source())[1]
        ours, reference = batched(system, 120, seed=5, dense_limit=0)
        assert ours == pytest.approx(reference, rel=1e-12)

    def test_monte_carlo_reports_the_batched_scores_of_its_draws(self) -> None:
        system = prepare(parse_model(everything_uncertain(loop_model())), source())[1]
        run = monte_carlo(system, 400, seed=3)
        assert run.scores == pytest.approx(per_iteration(system, sample(system, 400, 3)), rel=1e-12)

    @PROPERTY
    @given(systems(cyclic=False))
    def test_random_acyclic_systems(self, s: RandomSystem) -> None:
        system = prepare(parse_model(everything_uncertain(s.data())), source())[1]
        ours, reference = batched(system, 40, seed=1)
        assert ours == pytest.approx(reference, rel=1e-12, abs=1e-12)

    @PROPERTY
    @given(systems(cyclic=True))
    def test_random_systems_with_loops(self, s: RandomSystem) -> None:
        system = prepare(parse_model(everything_uncertain(s.data())), source())[1]
        ours, reference = batched(system, 40, seed=2)
        assert ours == pytest.approx(reference, rel=1e-12, abs=1e-12)


class TestPlan:
    def test_an_acyclic_chain_is_one_process_per_level_in_supply_order(self) -> None:
        """a ← b ← c: three levels, a (the reference product) first, no loop."""
        data = model(
            {
                "a": process("production", (1, "piece"), [proc("b", 2, "kg")]),
                "b": process("raw_materials", (1, "kg"), [proc("c", 1, "kg")]),
                "c": process("raw_materials", (1, "kg"), [fac("steel", 1, "kg")]),
            }
        )
        system = prepare(parse_model(data), source())[1]
        layout = mc_batch.plan(system, np.array([p.value for p in system.params]), np.arange(0))
        names = [[system.columns[j].process for j in lv.rows] for lv in layout.levels]
        assert names == [["a"], ["b"], ["c"]]
        assert layout.largest_loop == 1

    def test_a_loop_is_one_block_after_its_consumers(self) -> None:
        """loop_model: a ↔ b is a loop of two; c supplies a only, so it comes after the loop."""
        system = prepare(parse_model(loop_model()), source())[1]
        layout = mc_batch.plan(system, np.array([p.value for p in system.params]), np.arange(0))
        blocks = [
            sorted(system.columns[j].process for j in lp.rows) for lv in layout.levels for lp in lv.loops
        ]
        assert blocks == [["a", "b"]]
        assert [system.columns[j].process for j in layout.levels[-1].rows] == ["c"]

    def test_a_process_that_makes_none_of_its_product_is_refused_by_name(self) -> None:
        """toy.yaml with the production entry of `cathode` dropped: its row would have no pivot."""
        system = prepare(load_model(MODELS / "toy.yaml"), source())[1]
        j = next(j for j, c in enumerate(system.columns) if c.process == "cathode")
        keep = ~((system.t_rows == j) & (system.t_cols == j))
        broken = replace(
            system,
            t_rows=system.t_rows[keep],
            t_cols=system.t_cols[keep],
            t_mult=system.t_mult[keep],
            t_param=system.t_param[keep],
        )
        base = np.array([p.value for p in system.params])
        with pytest.raises(SingularSystem, match=r"cathode make\(s\) none of its product"):
            mc_batch.plan(broken, base, np.arange(0))


class TestChunks:
    def test_small_uneven_chunks_give_the_same_scores(self, monkeypatch: pytest.MonkeyPatch) -> None:
        system = prepare(parse_model(everything_uncertain(loop_model())), source())[1]
        whole = monte_carlo(system, 1000, seed=8).scores
        monkeypatch.setattr("footprint.mc_batch.CHUNK_VALUES", 1)
        monkeypatch.setattr("footprint.mc_batch.MIN_CHUNK", 7)
        base, uncertain, _ = draws(system, 2, seed=8)
        assert mc_batch.chunk_size(mc_batch.plan(system, base, uncertain), len(uncertain), 1000) == 7
        assert monte_carlo(system, 1000, seed=8).scores == pytest.approx(whole, rel=1e-13)

    def test_a_chunk_holds_a_bounded_number_of_draws(self) -> None:
        """toy.yaml at 10⁶ iterations: a chunk is cut to the cache budget; 300 iterations fit in one."""
        system = prepare(load_model(MODELS / "toy.yaml"), source())[1]
        base, uncertain, _ = draws(system, 2, seed=1)
        layout = mc_batch.plan(system, base, uncertain)
        size = mc_batch.chunk_size(layout, len(uncertain), 10**6)
        assert size == max(mc_batch.MIN_CHUNK, mc_batch.CHUNK_VALUES // layout.width) < 10**6
        assert mc_batch.chunk_size(layout, len(uncertain), 300) == 300


def one_input(uncertainty: dict, amount: float = 2.0) -> System:
    data = model(
        {"a": process("production", (1, "piece"), [fac("steel", amount, "kg", uncertainty=uncertainty)])}
    )
    return prepare(parse_model(data), source())[1]


class TestDraws:
    """Each kind of row is drawn from the distribution stats_arrays defines for it (Kolmogorov–Smirnov
    against scipy's distribution; fixed seeds, so the outcome is repeatable)."""

    @pytest.mark.parametrize(
        ("uncertainty", "amount", "kind", "reference"),
        [
            (
                {"distribution": "lognormal", "gsd": 1.5},
                2.0,
                LOGNORMAL,
                stats.lognorm(math.log(1.5), scale=2.0),
            ),
            ({"distribution": "normal", "sd": 0.3}, 2.0, NORMAL, stats.norm(2.0, 0.3)),
            ({"distribution": "uniform", "min": 1.5, "max": 2.5}, 2.0, UNIFORM, stats.uniform(1.5, 1.0)),
            (
                {"distribution": "triangular", "min": 1.0, "max": 4.0},
                2.0,
                TRIANGULAR,
                stats.triang((2.0 - 1.0) / 3.0, loc=1.0, scale=3.0),
            ),
        ],
        ids=["lognormal", "normal", "uniform", "triangular"],
    )
    def test_the_draws_follow_the_distribution(
        self, uncertainty: dict, amount: float, kind: int, reference: stats.rv_continuous
    ) -> None:
        system = one_input(uncertainty, amount)
        _, uncertain, values = draws(system, 20_000, seed=17)
        assert param_array(system)["uncertainty_type"][uncertain].tolist() == [kind]
        assert stats.kstest(values[0], reference.cdf).pvalue > 0.01
        run = monte_carlo(system, 20_000, seed=17)  # score = 2 kg CO2e / kg × X
        assert run.scores == pytest.approx(2.0 * values[0], rel=1e-14)
        assert (run.p2_5, run.p97_5) == (
            pytest.approx(2.0 * reference.ppf(0.025), rel=0.02),
            pytest.approx(2.0 * reference.ppf(0.975), rel=0.02),
        )

    def test_the_draws_match_stats_arrays_own_sampler(self) -> None:
        """Two-sample KS test per parameter against stats_arrays' MCRandomNumberGenerator on the same rows."""
        from stats_arrays import MCRandomNumberGenerator

        system = prepare(load_model(MODELS / "toy.yaml"), source())[1]
        _, uncertain, values = draws(system, 5000, seed=4)
        theirs = MCRandomNumberGenerator(param_array(system), seed=4).generate(5000)[uncertain]
        pvalues = [stats.ks_2samp(a, b).pvalue for a, b in zip(values, theirs, strict=True)]
        assert len(pvalues) == 4 and min(pvalues) > 0.001

    def test_the_same_seed_gives_the_same_draws_and_another_seed_others(self) -> None:
        system = prepare(load_model(MODELS / "toy.yaml"), source())[1]
        a, b, c = (draws(system, 200, seed=s)[2] for s in (1, 1, 2))
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)


class TestVarianceShares:
    def test_they_are_the_normalised_squared_spearman_correlations(self) -> None:
        """Against scipy's spearmanr of each parameter's draws with the scores (toy.yaml, 3,000 draws)."""
        system = prepare(load_model(MODELS / "toy.yaml"), source())[1]
        run = monte_carlo(system, 3000, seed=6)
        _, uncertain, values = draws(system, 3000, seed=6)
        rho2 = {
            system.params[i].label: stats.spearmanr(v, run.scores).statistic ** 2
            for i, v in zip(uncertain, values, strict=True)
        }
        total = sum(rho2.values())
        assert run.variance_shares == pytest.approx({k: v / total for k, v in rho2.items()}, rel=1e-9)

    @pytest.mark.parametrize(
        "x",
        [
            np.random.default_rng(0).standard_normal((20, 999)),
            np.exp(np.random.default_rng(1).standard_normal((20, 1000))),
            np.round(np.random.default_rng(2).standard_normal((5, 1000)), 1),  # many ties, and −0.0
            np.array([[-0.0, 0.0, 1e-300, -1e-300, 3.0, -3.0, np.inf, -np.inf] * 10]),
        ],
        ids=["normal", "positive", "ties", "signed zeros and infinities"],
    )
    def test_the_sort_orders_are_those_of_a_stable_argsort(self, x: np.ndarray) -> None:
        from footprint.uncertainty import _orders

        expected = np.argsort(x, axis=1, kind="stable")
        assert np.array_equal(_orders(x), expected)
        if x.min() > 0:
            assert np.array_equal(_orders(x, positive=True), expected)
