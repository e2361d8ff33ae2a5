"""Property tests: random small product systems, acyclic and with loops, against an independent dense
numpy solve; contributions sum to the total; the result scales with the reference flow."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footprint import calculate, parse_model
from footprint.calculate import prepare
from footprint.uncertainty import monte_carlo
from tests.footprint.toys import fac, gas, model, proc, process, source, walk

STEEL_CF = 2.0  # kg CO2e / kg of the toy factor `steel`
UNITS = ("kg", "piece", "kWh", "m^2")
PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class RandomSystem:
    """n processes p0…p(n-1); p0 is the reference product.

    outputs[j]: units of product j per operation; need[i][j]: units of product i per operation of j;
    steel[j], co2[j]: kg of steel and kg of CO2 per operation of j.
    """

    outputs: tuple[float, ...]
    units: tuple[str, ...]
    need: tuple[tuple[float, ...], ...]
    steel: tuple[float, ...]
    co2: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.outputs)

    def data(self, amount: float = 1.0) -> dict:
        processes = {}
        for j in range(self.n):
            inputs = [
                proc(f"p{i}", self.need[i][j], self.units[i]) for i in range(self.n) if self.need[i][j] > 0
            ]
            inputs.append(fac("steel", self.steel[j], "kg"))
            processes[f"p{j}"] = process(
                "production", (self.outputs[j], self.units[j]), inputs, [gas("CO2", self.co2[j])]
            )
        return model(processes, ref="p0", amount=amount, unit=self.units[0])

    def dense(self, amount: float = 1.0) -> tuple[np.ndarray, float]:
        """Independent reference: T = diag(outputs) − need; x = T⁻¹ f; score = Σ x_j (2·steel_j + co2_j)."""
        t = np.diag(self.outputs) - np.array(self.need)
        f = np.zeros(self.n)
        f[0] = amount
        x = np.linalg.solve(t, f)
        return x, float(x @ (STEEL_CF * np.array(self.steel) + np.array(self.co2)))


def floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_subnormal=False)


amounts = floats(0.0, 5.0)


@st.composite
def systems(draw: st.DrawFn, *, cyclic: bool) -> RandomSystem:
    n = draw(st.integers(2, 8))
    outputs = [draw(floats(0.5, 3.0)) for _ in range(n)]
    units = [draw(st.sampled_from(UNITS)) for _ in range(n)]
    need = [[0.0] * n for _ in range(n)]
    for j in range(n):
        suppliers = [i for i in range(n) if i != j and (cyclic or i > j)]
        weights = [draw(floats(0.0, 1.0)) for _ in suppliers]
        # operations of the suppliers per operation of j: Σ need[i][j] / outputs[i] ≤ 0.9 < 1, so every
        # loop makes more than it consumes and T is an invertible M-matrix with T⁻¹ ≥ 0
        budget = draw(floats(0.0, 0.9)) if cyclic else draw(floats(0.0, 5.0))
        total = sum(weights) or 1.0
        for i, w in zip(suppliers, weights, strict=True):
            need[i][j] = budget * w / total * outputs[i]
    # p0 always has some steel: a system without any burden is tested in test_solve (zero total)
    steel = [draw(floats(0.01, 5.0)), *(draw(amounts) for _ in range(n - 1))]
    co2 = [draw(amounts) for _ in range(n)]
    return RandomSystem(tuple(outputs), tuple(units), tuple(map(tuple, need)), tuple(steel), tuple(co2))


class TestAgainstDenseSolve:
    @PROPERTY
    @given(systems(cyclic=False))
    def test_acyclic_systems(self, s: RandomSystem) -> None:
        x, score = s.dense()
        result = calculate(parse_model(s.data()), source())
        assert result.total == pytest.approx(score, rel=1e-9, abs=1e-12)
        assert result.supply == pytest.approx(
            {f"p{j}": x[j] * s.outputs[j] for j in range(s.n)}, rel=1e-9, abs=1e-12
        )

    @PROPERTY
    @given(systems(cyclic=True))
    def test_systems_with_loops(self, s: RandomSystem) -> None:
        x, score = s.dense()
        assert np.all(x >= -1e-12)
        result = calculate(parse_model(s.data()), source())
        assert result.total == pytest.approx(score, rel=1e-9, abs=1e-12)
        assert result.supply == pytest.approx(
            {f"p{j}": x[j] * s.outputs[j] for j in range(s.n)}, rel=1e-9, abs=1e-12
        )

    @PROPERTY
    @given(systems(cyclic=True))
    def test_monte_carlo_without_uncertainty_reproduces_the_static_score(self, s: RandomSystem) -> None:
        """The batch solver of footprint.uncertainty, fed constant parameters, agrees with bw2calc."""
        _, score = s.dense()
        run = monte_carlo(prepare(parse_model(s.data()), source())[1], 3, seed=0)
        assert run.scores == pytest.approx([score] * 3, rel=1e-9, abs=1e-12)


class TestContributions:
    @PROPERTY
    @given(systems(cyclic=True))
    def test_every_split_and_the_tree_root_sum_to_the_total(self, s: RandomSystem) -> None:
        result = calculate(parse_model(s.data()), source())
        for split in (result.by_stage, result.by_process, result.by_gas, result.by_factor):
            assert sum(split.values()) == pytest.approx(result.total, rel=1e-9, abs=1e-12)
        assert result.tree["total"] == pytest.approx(result.total, rel=1e-9, abs=1e-12)
        for node in walk(result.tree):
            assert all(c["total"] <= node["total"] * (1 + 1e-9) + 1e-12 for c in node["children"])


class TestScaling:
    @PROPERTY
    @given(systems(cyclic=True), st.floats(0.01, 1000.0))
    def test_the_total_scales_with_the_reference_flow(self, s: RandomSystem, k: float) -> None:
        one = calculate(parse_model(s.data(1.0)), source())
        scaled = calculate(parse_model(s.data(k)), source())
        assert scaled.total == pytest.approx(k * one.total, rel=1e-9, abs=1e-12)
        assert scaled.total == pytest.approx(s.dense(k)[1], rel=1e-9, abs=1e-12)
        assert scaled.by_process == pytest.approx(
            {p: k * v for p, v in one.by_process.items()}, rel=1e-9, abs=1e-12
        )
