"""Sensitivity rows: one swap at a time, reaching the model's own inputs and its background processes.

Toy (kg CO2e per unit, by hand)::

    cell (1 piece): 2 kg bg.cam + 10 kWh elec
    bg.cam (1 kg):  0.5 kg li.a + 1 kWh elec
    elec 0.5 / kWh (alt 0.2), li.a 10 / kg (alt li.b 4)

    base   = 2 × (0.5×10 + 1×0.5) + 10×0.5 = 16
    li → b = 2 × (0.5×4 + 0.5) + 5        = 10
    elec → alt = 2 × (5 + 0.2) + 2          = 12.4   (inside the process and outside)
"""

from __future__ import annotations

import pytest

from footprint import StaticFactors, parse_model
from footprint.background import ProcessExchange, ProcessRecord
from footprint.model import Citation, Text
from footprint.sources import SwappedFactors
from products.sensitivity import Variant, battery_variants, codes_of, sensitivity
from tests.products.conftest import record

CAM = ProcessRecord(
    code="bg.cam",
    activity="bg.cam",
    name=Text("cam", "cam"),
    unit="kg",
    geography="CN",
    reference_year=2024,
    category="process.test",
    confidence="low",
    citation=Citation("toy"),
    release="toy",
    exchanges=(
        ProcessExchange("input", "li.a", 0.5, "kg", "hand"),
        ProcessExchange("input", "elec", 1, "kWh", "hand"),
    ),
)


def source() -> StaticFactors:
    recs = [
        record("elec.x", "elec", 0.5, "kWh", category="electricity"),
        record("elec.alt", "elec.alt", 0.2, "kWh", category="electricity"),
        record("li.a", "li.a", 10.0, "kg"),
        record("li.b.CN", "li.b", 4.0, "kg"),
        record("graphite.one", "graphite.one", 1.0, "kg"),
        record("graphite.two", "graphite.two", 3.0, "kg"),
    ]
    return StaticFactors(
        {r.code: r for r in recs},
        {"AR6": {"CO2": 1.0}},
        release="toy",
        activities={"elec": "elec.x", "li.b": "li.b.CN"},
        processes={"bg.cam": CAM},
    )


MODEL = parse_model(
    {
        "format": "pcf-model/1",
        "product": {
            "id": "c",
            "name": "C",
            "functional_unit": "1 piece",
            "geography": "CN",
            "reference_flow": {"process": "cell", "amount": 1, "unit": "piece"},
        },
        "processes": {
            "cell": {
                "stage": "production",
                "output": {"amount": 1, "unit": "piece"},
                "inputs": [
                    {"factor": "bg.cam", "amount": 2, "unit": "kg"},
                    {"factor": "elec", "amount": 10, "unit": "kWh"},
                ],
            }
        },
    }
)


class TestSensitivity:
    def test_each_swap_reaches_inside_the_background_process(self) -> None:
        rows = sensitivity(
            MODEL,
            source(),
            [Variant("lithium", "b", {"li.a": "li.b"}), Variant("electricity", "alt", {"elec": "elec.alt"})],
        )
        totals = {r["label"]: r["total"] for r in rows}
        assert totals == pytest.approx({"as modelled": 16.0, "b": 10.0, "alt": 12.4})
        assert rows[1]["change"] == pytest.approx(-6.0) and rows[1]["change_share"] == pytest.approx(-0.375)
        assert rows[2]["swaps"] == "elec → elec.alt"

    def test_a_swapped_source_names_the_swap_in_the_resolution(self) -> None:
        hit = SwappedFactors(source(), {"li.a": "li.b"}).resolve("li.a", "CN", None)
        assert hit is not None and hit[0].code == "li.b.CN" and "swapped li.a → li.b" in hit[1]

    def test_battery_variants_list_every_graphite_alternative_and_skip_absent_codes(self) -> None:
        variants = battery_variants(source(), graphite="graphite.one")
        assert [v.swaps for v in variants] == [{"graphite.one": "graphite.two"}]
        assert codes_of(source(), ("graphite.",)) == ["graphite.one", "graphite.two"]
