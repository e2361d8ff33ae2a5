"""Solving product systems with bw2calc: loops against a hand-written matrix inverse, linearity,
unsolvable systems, and bit-for-bit reproducible results."""

from __future__ import annotations

import numpy as np
import pytest

from footprint import CalculationError, SingularSystem, calculate, load_model, parse_model
from footprint.calculate import prepare
from footprint.solve import solve
from tests.footprint.toys import MODELS, fac, gas, model, proc, process, source, walk


def loop_model(amount: float = 1.0) -> dict:
    return model(
        {
            "a": process(
                "production",
                (1, "piece"),
                [proc("b", 2, "kg"), proc("c", 1, "kg"), fac("elec", 3, "kWh")],
                [gas("CO2", 1)],
            ),
            "b": process("raw_materials", (1, "kg"), [proc("a", 0.1, "piece"), fac("steel", 1, "kg")]),
            "c": process("raw_materials", (2, "kg"), [fac("elec", 4, "kWh")]),
        },
        amount=amount,
    )


class TestLoop:
    """A needs B and C, B needs A back (a loop); C makes 2 kg per operation.

    Technosphere (rows: products, columns: one operation of each process)::

                      a (piece)   b (kg)   c (kg)
        a [piece]        1        -0.1       0
        b [kg]          -2         1         0
        c [kg]          -1         0         2

    Biosphere per operation and characterization::

                      a     b     c     CF (kg CO2e / unit)
        elec [kWh]    3     0     4     0.5
        steel [kg]    0     1     0     2
        CO2 [kg]      1     0     0     1

    Demand: 1 piece of a. x = A⁻¹ f = (1.25, 2.5, 0.625) operations; supply in output units
    (1.25 piece, 2.5 kg, 1.25 kg); score = c·B·x = 2.5·1.25 + 2·2.5 + 2·0.625 = 9.375 kg CO2e.
    """

    A = np.array([[1.0, -0.1, 0.0], [-2.0, 1.0, 0.0], [-1.0, 0.0, 2.0]])
    B = np.array([[3.0, 0.0, 4.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    CF = np.array([0.5, 2.0, 1.0])
    OUTPUT = np.array([1.0, 1.0, 2.0])

    def expected(self, demand: float = 1.0) -> tuple[np.ndarray, float]:
        x = np.linalg.inv(self.A) @ np.array([demand, 0.0, 0.0])
        return x, float(self.CF @ self.B @ x)

    def test_total_equals_the_inverse_of_the_hand_written_matrix(self) -> None:
        _, score = self.expected()
        result = calculate(parse_model(loop_model()), source())
        assert score == pytest.approx(9.375)
        assert result.total == pytest.approx(score, rel=1e-12)

    def test_supply_is_operations_times_output_amount(self) -> None:
        x, _ = self.expected()
        result = calculate(parse_model(loop_model()), source())
        expected = dict(zip("abc", x * self.OUTPUT, strict=True))
        assert result.supply == pytest.approx(expected, rel=1e-12)
        assert result.supply == pytest.approx({"a": 1.25, "b": 2.5, "c": 1.25})

    def test_by_process_is_each_columns_own_burden_times_its_operations(self) -> None:
        x, _ = self.expected()
        per_operation = self.CF @ self.B
        result = calculate(parse_model(loop_model()), source())
        assert result.by_process == pytest.approx(dict(zip("abc", per_operation * x, strict=True)))

    def test_unit_scores_solve_the_adjoint_system(self) -> None:
        """Cumulative kg CO2e per unit of each product: s = (Aᵀ)⁻¹ (c·B), one adjoint solve."""
        _, system = prepare(parse_model(loop_model()), source())
        solution = solve(system)
        expected = np.linalg.solve(self.A.T, self.CF @ self.B)
        assert solution.unit_scores == pytest.approx(expected)
        assert solution.score == pytest.approx(float(expected @ np.array([1.0, 0.0, 0.0])))


class TestLinearity:
    @pytest.mark.parametrize("k", [2.0, 0.5, 7.0])
    def test_scaling_the_reference_flow_scales_everything(self, k: float) -> None:
        one = calculate(parse_model(loop_model(1.0)), source())
        many = calculate(parse_model(loop_model(k)), source())
        assert many.total == pytest.approx(k * one.total)
        for name in ("by_stage", "by_process", "by_factor", "by_gas", "supply"):
            base = getattr(one, name)
            assert getattr(many, name) == pytest.approx({key: k * v for key, v in base.items()}), name
        pairs = list(zip(walk(one.tree), walk(many.tree), strict=True))
        assert pairs
        for a, b in pairs:
            assert (b["process"], b.get("loop")) == (a["process"], a.get("loop"))
            assert (b["total"], b["own"], b["amount"]) == pytest.approx(
                (k * a["total"], k * a["own"], k * a["amount"])
            )


class TestUnsolvable:
    def test_a_loop_that_consumes_all_it_makes_is_a_singular_system(self) -> None:
        """A needs 1 B and B needs 1 A: det [[1, -1], [-1, 1]] = 0."""
        data = model(
            {
                "a": process("production", (1, "piece"), [proc("b", 1, "kg")]),
                "b": process("production", (1, "kg"), [proc("a", 1, "piece"), fac("steel", 1, "kg")]),
            }
        )
        with pytest.raises(SingularSystem, match=r"singular.*Loops: a ↔ b"):
            calculate(parse_model(data), source())

    def test_a_loop_that_consumes_more_than_it_makes_is_refused(self) -> None:
        """A needs 1 B, B needs 2 A: det [[1, -2], [-1, 1]] = -1, but x = (-1, -1) operations."""
        data = model(
            {
                "a": process("production", (1, "piece"), [proc("b", 1, "kg")]),
                "b": process("production", (1, "kg"), [proc("a", 2, "piece"), fac("steel", 1, "kg")]),
            }
        )
        x = np.linalg.solve(np.array([[1.0, -2.0], [-1.0, 1.0]]), [1.0, 0.0])
        assert x == pytest.approx([-1.0, -1.0])
        with pytest.raises(CalculationError, match="negative amount of a, b"):
            calculate(parse_model(data), source())

    def test_a_process_that_consumes_part_of_its_own_output(self) -> None:
        """a needs 0.1 piece of a: (1 − 0.1) x = 1, x = 1/0.9; 1 kg steel per operation → 2/0.9 kg CO2e."""
        data = model(
            {"a": process("production", (1, "piece"), [proc("a", 0.1, "piece"), fac("steel", 1, "kg")])}
        )
        result = calculate(parse_model(data), source())
        assert (result.total, result.supply["a"]) == (pytest.approx(2 / 0.9), pytest.approx(1 / 0.9))

    def test_a_process_consuming_all_it_makes_is_named(self) -> None:
        data = model(
            {"a": process("production", (1, "piece"), [proc("a", 1, "piece"), fac("steel", 1, "kg")])}
        )
        with pytest.raises(SingularSystem, match=r"Loops: (?!no loop found).*\ba\b"):
            calculate(parse_model(data), source())

    @pytest.mark.filterwarnings("error::RuntimeWarning")  # no numpy warning reaches the user's terminal
    @pytest.mark.parametrize("n", [1, 2], ids=["one process", "two processes"])
    def test_an_overflowing_footprint_is_refused_with_its_reason_alone(self, n: int) -> None:
        """1e308 kg CO2 per 1e-10 piece: the unit score overflows to inf; the refusal says why, nothing else."""
        processes = {"a": process("production", (1e-10, "piece"), emissions=[gas("CO2", 1.0e308)])}
        if n == 2:
            processes = {
                "a": process("production", (1, "piece"), [proc("b", 1, "piece")]),
                "b": processes["a"],
            }
        with pytest.raises(CalculationError, match=r"not a finite number \(it exceeds 1\.8e308 kg CO2e\)"):
            calculate(parse_model(model(processes)), source())

    @pytest.mark.filterwarnings("ignore:No valid biosphere flows")
    @pytest.mark.parametrize("inputs", [[], [fac("steel", 0, "kg")]], ids=["nothing", "zero amount"])
    def test_a_system_without_burdens_has_a_zero_total(self, inputs: list) -> None:
        result = calculate(parse_model(model({"a": process("production", (1, "piece"), inputs)})), source())
        assert result.total == 0.0
        assert result.by_process == {"a": 0.0}


class TestReproducibility:
    def test_the_same_file_calculated_twice_gives_identical_json(self) -> None:
        first = calculate(load_model(MODELS / "toy.yaml"), source())
        second = calculate(load_model(MODELS / "toy.yaml"), source())
        assert first.total > 0
        assert first.to_json() == second.to_json()

    def test_monte_carlo_in_the_result_repeats_with_its_seed(self) -> None:
        m = load_model(MODELS / "toy.yaml")
        first = calculate(m, source(), iterations=300, seed=11)
        second = calculate(m, source(), iterations=300, seed=11)
        assert first.uncertainty is not None and first.uncertainty["sd"] > 0
        assert first.to_json() == second.to_json()
        assert calculate(m, source(), iterations=300, seed=12).uncertainty != first.uncertainty
