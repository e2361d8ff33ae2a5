"""Multi-output processes: mass, economic and explicit-share allocation, co-products consumed by other
processes, and the allocation errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

from footprint import ModelError, Result, calculate, parse_model
from tests.footprint.toys import fac, gas, model, proc, process, source

# One operation of `refining` makes 2 kg of refined metal (its main product, price 12 / kg) and 3 kg of
# slag (price 2 / kg) from 10 kg of steel (2 kg CO2e / kg) and a direct emission of 5 kg CO2:
# burden per operation = 10 × 2 + 5 = 25 kg CO2e.
BURDEN = 10 * 2.0 + 5 * 1.0


def refining(allocation: Any, *, out: dict | None = None, slag: dict | None = None) -> dict[str, Any]:
    p = process(
        "raw_materials",
        (2, "kg"),
        [fac("steel", 10, "kg")],
        [gas("CO2", 5)],
        co_products=[{"id": "slag", "amount": 3, "unit": "kg"} | (slag or {})],
    )
    p["output"] |= out or {}
    if allocation is not None:
        p["allocation"] = allocation
    return p


def calc(
    allocation: Any,
    *,
    product: str | None = None,
    out: dict | None = None,
    slag: dict | None = None,
    unit: str = "kg",
) -> Result:
    data = model(
        {"refining": refining(allocation, out=out, slag=slag)}, ref="refining", unit=unit, product=product
    )
    return calc_model(data)


def calc_model(data: dict) -> Result:
    return calculate(parse_model(data), source())


class TestAllocatedResults:
    """Per kg of a product: share × 25 kg CO2e / (kg of that product per operation).

    ==========  ===============  ================  ==========================
    method      refined (2 kg)   slag (3 kg)       per kg refined / slag
    ==========  ===============  ================  ==========================
    mass        2 / 5 = 0.4      3 / 5 = 0.6       0.4·25/2 = 5  / 0.6·25/3 = 5
    economic    24 / 30 = 0.8    6 / 30 = 0.2      0.8·25/2 = 10 / 0.2·25/3 = 5/3
    shares      0.9              0.1               0.9·25/2 = 11.25 / 0.1·25/3 = 5/6
    ==========  ===============  ================  ==========================
    """

    @pytest.mark.parametrize(
        ("allocation", "share"),
        [
            ("mass", 2 / 5),
            ("economic", 2 * 12 / (2 * 12 + 3 * 2)),
            ({"shares": {"refining": 0.9, "slag": 0.1}}, 0.9),
        ],
        ids=["mass", "economic", "shares"],
    )
    def test_main_and_co_product(self, allocation: Any, share: float) -> None:
        prices = {"out": {"price": 12}, "slag": {"price": 2}}
        main = calc(allocation, **prices)
        slag = calc(allocation, product="slag", **prices)
        assert main.total == pytest.approx(share * BURDEN / 2)
        assert slag.total == pytest.approx((1 - share) * BURDEN / 3)

    def test_the_hand_values_of_the_table(self) -> None:
        prices = {"out": {"price": 12}, "slag": {"price": 2}}
        assert calc("mass").total == pytest.approx(5.0)
        assert calc("economic", **prices).total == pytest.approx(10.0)
        assert calc("economic", product="slag", **prices).total == pytest.approx(5 / 3)
        assert calc({"shares": {"refining": 0.9, "slag": 0.1}}).total == pytest.approx(11.25)

    def test_mass_allocation_uses_the_mass_of_a_piece(self) -> None:
        """2 pieces of 1.5 kg (3 kg) and 3 kg of slag: share 0.5, per piece 0.5·25/2 = 6.25."""
        data = model(
            {"refining": refining("mass", out={"unit": "piece", "mass": "1.5 kg"})},
            ref="refining",
            unit="piece",
        )
        assert calc_model(data).total == pytest.approx(6.25)
        data["processes"]["refining"]["output"]["mass"] = {"amount": 1500, "unit": "g"}
        assert calc_model(data).total == pytest.approx(6.25)

    def test_the_allocated_burdens_add_up_to_the_whole(self) -> None:
        """Consuming everything one operation makes (2 kg + 3 kg) carries exactly its 25 kg CO2e."""
        for allocation in ("mass", "economic", {"shares": {"refining": 0.3, "slag": 0.7}}):
            data = model(
                {
                    "refining": refining(allocation, out={"price": 12}, slag={"price": 2}),
                    "all": process(
                        "use",
                        (1, "piece"),
                        [proc("refining", 2, "kg"), proc("refining", 3, "kg", product="slag")],
                    ),
                },
                ref="all",
            )
            assert calc_model(data).total == pytest.approx(BURDEN), allocation


def coproduct_model() -> dict[str, Any]:
    return model(
        {
            "refining": refining("mass"),
            "battery": process(
                "production",
                (1, "piece"),
                [proc("refining", 1, "kg"), proc("refining", 1.5, "kg", product="slag")],
            ),
        },
        ref="battery",
    )


class TestCoProductConsumed:
    """`battery` uses 1 kg of refined metal and 1.5 kg of slag (mass allocation: 5 kg CO2e / kg each)::

                      refining→refined   refining→slag   battery
        refined [kg]        2                  0           -1
        slag [kg]           0                  3           -1.5
        battery [piece]     0                  0            1

    total = 1 × 5 + 1.5 × 5 = 12.5 kg CO2e; by process all of it is `refining`'s.
    """

    def data(self) -> dict[str, Any]:
        return coproduct_model()

    def test_the_co_product_carries_its_allocated_burden(self) -> None:
        result = calc_model(self.data())
        assert result.total == pytest.approx(12.5)
        assert result.by_process == pytest.approx({"refining": 12.5, "battery": 0.0})

    def test_a_co_product_that_does_not_exist_is_named(self) -> None:
        data = self.data()
        data["processes"]["battery"]["inputs"][1]["product"] = "dross"
        with pytest.raises(
            ModelError,
            match=r"processes\.battery\.inputs\[1\]\.product: process "
            "'refining' has no co-product 'dross'",
        ):
            parse_model(data)

    def test_the_reference_flow_can_be_the_co_product(self) -> None:
        result = calc("mass", product="slag")
        assert result.total == pytest.approx(0.6 * BURDEN / 3)
        assert (result.tree["process"], result.tree["product"]) == ("refining", "slag")

    def test_the_result_names_the_co_product_of_its_reference_flow(self) -> None:
        assert calc("mass", product="slag").reference_flow.get("product") == "slag"

    def test_a_process_used_only_for_its_co_product_is_not_reported_unused(self) -> None:
        result = calc("mass", product="slag")
        assert result.total == pytest.approx(5.0)
        assert result.supply["refining"] > 0
        assert not any("not used by the reference flow" in w for w in result.warnings)


BAD_ALLOCATIONS = [
    (
        {"shares": {"refining": 0.9, "slag": 0.2}},
        {},
        {},
        "processes.refining.allocation.shares",
        "shares must add up to 1, they add up to 1.1",
    ),
    (
        {"shares": {"refining": 1.0}},
        {},
        {},
        "processes.refining.allocation.shares",
        "missing shares for slag",
    ),
    (
        {"shares": {"refining": 0.5, "dross": 0.5}},
        {},
        {},
        "processes.refining.allocation.shares.dross",
        "not a product of this process",
    ),
    (
        "economic",
        {"price": 12},
        {},
        "processes.refining.co_products[0].price",
        "economic allocation needs a price",
    ),
    ("economic", {}, {"price": 2}, "processes.refining.output.price", "economic allocation needs a price"),
    (
        "economic",
        {"price": 0},
        {"price": 0},
        "processes.refining.allocation",
        "economic allocation weights add up to 0",
    ),
    ("volume", {}, {}, "processes.refining.allocation", "'volume' is not mass, economic"),
    (None, {}, {}, "processes.refining.allocation", "needs an allocation rule"),
    (
        "mass",
        {"unit": "piece"},
        {},
        "processes.refining.output.mass",
        "mass allocation needs the mass of one piece",
    ),
    ("mass", {}, {"unit": "m^2"}, "processes.refining.co_products[0].mass", r"needs the mass of one m\^2"),
]


class TestAllocationErrors:
    @pytest.mark.parametrize(
        ("allocation", "out", "slag", "path", "message"),
        BAD_ALLOCATIONS,
        ids=[c[3].rsplit(".", 1)[-1] + "-" + str(c[0])[:20] for c in BAD_ALLOCATIONS],
    )
    def test_the_error_names_the_path(
        self, allocation: Any, out: dict, slag: dict, path: str, message: str
    ) -> None:
        unit = out.get("unit", "kg")
        with pytest.raises(ModelError, match=rf"  - {re.escape(path)}: .*{message}"):
            calc(allocation, out=out, slag=slag, unit=unit)

    def test_an_allocation_without_co_products_is_an_error(self) -> None:
        data = model({"a": process("production", (1, "piece"), [fac("steel", 1, "kg")], allocation="mass")})
        with pytest.raises(ModelError, match=r"processes\.a\.allocation: allocation needs co_products"):
            parse_model(data)

    def test_a_duplicate_co_product_id_is_an_error(self) -> None:
        p = refining("mass")
        p["co_products"].append({"id": "slag", "amount": 1, "unit": "kg"})
        with pytest.raises(ModelError, match=r"co_products\[1\]\.id: duplicate product id 'slag'"):
            parse_model(model({"refining": p}, ref="refining", unit="kg"))
