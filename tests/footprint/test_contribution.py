"""Contribution analysis: every split sums to the total, and the upstream tree is consistent."""

from __future__ import annotations

import pytest

from footprint import Result, calculate, load_model, parse_model
from tests.footprint.test_allocation import coproduct_model
from tests.footprint.test_solve import loop_model
from tests.footprint.toys import MODELS, source, walk

SPLITS = ("by_stage", "by_process", "by_factor", "by_gas")


CASES = {
    "loop": lambda: calculate(parse_model(loop_model()), source()),
    "toy.yaml": lambda: calculate(load_model(MODELS / "toy.yaml"), source()),
    "toy.yaml AR4": lambda: calculate(load_model(MODELS / "toy.yaml"), source(), gwp="AR4"),
    "allocated": lambda: calculate(parse_model(coproduct_model()), source()),
}


@pytest.fixture(scope="module", params=list(CASES))
def result(request: pytest.FixtureRequest) -> Result:
    return CASES[request.param]()


class TestSplitsSumToTotal:
    @pytest.mark.parametrize("split", SPLITS)
    def test_each_split_sums_to_the_total(self, result: Result, split: str) -> None:
        assert result.total > 0
        assert sum(getattr(result, split).values()) == pytest.approx(result.total, rel=1e-10)

    def test_by_factor_gathers_the_direct_emissions_under_one_key(self, result: Result) -> None:
        from footprint.contribution import DIRECT

        direct = sum(row["direct"] for row in result.processes)
        assert direct > 0
        assert result.by_factor[DIRECT] == pytest.approx(direct, rel=1e-12)
        factors_only = sum(v for k, v in result.by_factor.items() if k != DIRECT)
        assert factors_only + direct == pytest.approx(result.total, rel=1e-10)

    def test_process_rows_are_direct_plus_inputs(self, result: Result) -> None:
        for row in result.processes:
            assert row["total"] == pytest.approx(row["direct"] + sum(row["inputs"].values()), abs=1e-12)
            assert row["total"] == pytest.approx(result.by_process[row["id"]])

    def test_factor_rows_carry_by_factor(self, result: Result) -> None:
        from footprint.contribution import DIRECT

        factors_only = {k: v for k, v in result.by_factor.items() if k != DIRECT}
        assert {r["ref"]: r["contribution"] for r in result.factors} == pytest.approx(factors_only)


class TestLoopSplitsByHand:
    """The loop of test_solve.TestLoop (x = 1.25, 2.5, 0.625 operations).

    ==========  ======================================  ======
    split       key                                     kg CO2e
    ==========  ======================================  ======
    by_factor   elec: 3·0.5·1.25 + 4·0.5·0.625           3.125
    by_factor   steel: 1·2·2.5                           5.0
    by_gas      CO2: direct 1·1.25 + elec (CO2) 3.125    4.375
    by_gas      CO2e (not split): steel                  5.0
    by_stage    production: a = 2.5·1.25                 3.125
    by_stage    raw_materials: b 5.0 + c 1.25            6.25
    ==========  ======================================  ======
    """

    def test_the_splits(self) -> None:
        r = calculate(parse_model(loop_model()), source())
        assert r.by_factor == pytest.approx({"elec": 3.125, "steel": 5.0, "(direct emissions)": 1.25})
        assert r.by_gas == pytest.approx({"CO2": 4.375, "CO2e (not split)": 5.0})
        assert r.by_stage == pytest.approx({"production": 3.125, "raw_materials": 6.25})


class TestPrimaryDataShare:
    def test_direct_emissions_and_local_factors_over_the_total(self) -> None:
        """The loop: direct CO2 1 kg × 1.25 operations of a, no local factor → 1.25 / 9.375."""
        result = calculate(parse_model(loop_model()), source())
        assert result.primary_data_share == pytest.approx(1.25 / 9.375)

    def test_local_factors_count_as_primary(self) -> None:
        """toy.yaml: direct 0.2 kg CO2, local separator 0.1 m² × 0.9 = 0.09 kg CO2e."""
        result = calculate(load_model(MODELS / "toy.yaml"), source())
        assert result.by_factor["my.separator"] == pytest.approx(0.09)
        assert result.primary_data_share == pytest.approx((0.2 + 0.09) / result.total)


class TestTree:
    def test_the_root_total_is_the_result_total(self, result: Result) -> None:
        assert result.tree["total"] == pytest.approx(result.total, rel=1e-10)
        assert result.tree["amount"] == pytest.approx(result.reference_flow["amount"])

    def test_children_never_exceed_their_parent(self, result: Result) -> None:
        for node in walk(result.tree):
            for child in node["children"]:
                assert 0 <= child["total"] <= node["total"] * (1 + 1e-12)

    def test_an_expanded_node_is_its_own_part_plus_its_children(self, result: Result) -> None:
        for node in walk(result.tree):
            if node.get("loop"):
                continue
            parts = node["own"] + sum(c["total"] for c in node["children"]) + node.get("cut_off", 0.0)
            assert parts == pytest.approx(node["total"], rel=1e-10)

    def test_the_loop_is_marked_and_not_expanded(self) -> None:
        """a → b → a: the second a is the loop, carrying 0.2 piece × 9.375 = 1.875 kg CO2e."""
        tree = calculate(parse_model(loop_model()), source()).tree
        assert (tree["process"], tree["own"]) == ("a", pytest.approx(2.5))
        assert tree["total"] == pytest.approx(9.375)
        b, c = tree["children"]
        assert (b["process"], b["amount"], b["own"], b["total"]) == (
            "b",
            2.0,
            pytest.approx(4.0),
            pytest.approx(5.875),
        )
        assert (c["process"], c["amount"], c["total"]) == ("c", 1.0, pytest.approx(1.0))
        (again,) = b["children"]
        assert (again["process"], again["loop"], again["children"]) == ("a", True, [])
        assert (again["amount"], again["total"]) == (pytest.approx(0.2), pytest.approx(0.2 * 9.375))
        assert [n for n in walk(tree) if n.get("loop")] == [again]

    def test_small_branches_are_cut_off_and_summed(self) -> None:
        """With a 15 % cut-off (1.406 kg CO2e), c (1.0) is cut; the loop branch (1.875) stays."""
        tree = calculate(parse_model(loop_model()), source(), tree_cutoff=0.15).tree
        assert [ch["process"] for ch in tree["children"]] == ["b"]
        assert tree["cut_off"] == pytest.approx(1.0)
        assert [ch["process"] for ch in tree["children"][0]["children"]] == ["a"]

    def test_a_co_product_node_names_its_product(self) -> None:
        tree = calculate(parse_model(coproduct_model()), source()).tree
        assert sorted((ch["process"], ch["product"], ch["total"]) for ch in tree["children"]) == [
            ("refining", "refining", pytest.approx(5.0)),
            ("refining", "slag", pytest.approx(7.5)),
        ]
