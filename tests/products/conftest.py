"""Fixtures of the products tests: a toy factor source and a toy LFP cell that passes every check.

The toy cell (all numbers are test inputs, not data)::

    process    stage          output             inputs per operation
    ---------  -------------  -----------------  --------------------------------------------------
    material   raw_materials  1 kg               1 kg  toy.material   (10 kg CO2e/kg, AR6)
    cell       production     1 piece (1 kg)     0.4 cathode + 0.2 anode + 0.15 electrolyte
                                                 + 0.05 separator + 0.05 Al foil + 0.1 Cu foil
                                                 + 0.05 casing = 1 kg of material;
                                                 10 kWh elec.grid (0.5 kg CO2e/kWh, CN-JX, life cycle)

    reference flow: 4 cells of 0.25 kWh = 1 kWh
    per cell: 1 × 10 + 10 × 0.5 = 15 kg CO2e  →  60 kg CO2e per kWh (inside the LFP range 54–69)
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from footprint.linking import FactorRecord
from footprint.model import Citation, Model, Text, parse_model
from footprint.sources import StaticFactors

Toy = Callable[..., Model]  # the `toy` fixture: build the toy cell, optionally changed
PEDIGREE_2 = {"reliability": 2, "completeness": 2, "temporal": 2, "geographical": 2, "technological": 2}


def record(
    code: str,
    activity: str,
    value: float,
    unit: str,
    *,
    basis: str = "CO2e",
    gwp: str = "AR6",
    scope: str = "cradle_to_gate",
    geography: str = "CN",
    category: str = "material",
) -> FactorRecord:
    return FactorRecord(
        code=code,
        activity=activity,
        name=Text(code, code),
        value=value,
        unit=unit,
        basis=basis,
        gwp=gwp if basis == "CO2e" else "",
        gases={},
        scope=scope,
        geography=geography,
        reference_year=2023,
        category=category,
        confidence="high",
        citation=Citation(f"test source of {code}"),
        release="test",
    )


RECORDS = [
    record("toy.material", "toy.material", 10.0, "kg"),
    record("toy.material-ar5", "toy.material-ar5", 10.0, "kg", gwp="AR5"),
    record("toy.material-unspecified", "toy.material-unspecified", 10.0, "kg", gwp="unspecified"),
    record("elec.grid.CN-JX.toy", "elec.grid", 0.5, "kWh", geography="CN-JX", category="electricity"),
    record(
        "elec.grid.CN-JX.generation",
        "elec.grid",
        0.5,
        "kWh",
        basis="CO2",
        scope="generation",
        geography="CN-JX",
        category="electricity",
    ),
    record("elec.grid.CN.toy", "elec.grid", 0.5, "kWh", geography="CN", category="electricity"),
    record(
        "elec.grid.CN-Central-Grid.toy",
        "elec.grid",
        0.5,
        "kWh",
        geography="CN-Central-Grid",
        category="electricity",
    ),
    record("elec.footprint-pv.CN.toy", "elec.footprint-pv", 0.05, "kWh", category="electricity"),
    record(
        "elec.fossil.CN.toy",
        "elec.fossil",
        0.8,
        "kWh",
        basis="CO2",
        scope="generation",
        category="electricity",
    ),
]


@pytest.fixture
def source() -> StaticFactors:
    """Toy factors; the activity ``elec.grid`` resolves to the Jiangxi toy factor."""
    return StaticFactors(
        {r.code: r for r in RECORDS},
        {"AR6": {"CO2": 1.0}, "AR5": {"CO2": 1.0}},
        activities={"elec.grid": "elec.grid.CN-JX.toy"},
    )


def toy_cell_data() -> dict[str, Any]:
    materials = [
        ("cathode_active_material", 0.4),
        ("anode_active_material", 0.2),
        ("electrolyte", 0.15),
        ("separator", 0.05),
        ("current_collector_al", 0.05),
        ("current_collector_cu", 0.1),
        ("cell_casing", 0.05),
    ]
    return {
        "format": "pcf-model/1",
        "product": {
            "id": "toy-cell",
            "name": {"zh": "玩具电芯", "en": "toy cell"},
            "category": "battery.cell",
            "functional_unit": "1 kWh rated energy",
            "reference_flow": {"process": "cell", "amount": 4, "unit": "piece"},
            "geography": "CN-JX",
            "reference_year": 2023,
            "gwp": "AR6",
            "battery": {"chemistry": "LFP", "rated_energy": "0.25 kWh"},
        },
        "processes": {
            "material": {
                "stage": "raw_materials",
                "role": "material_supply",
                "output": {"amount": 1, "unit": "kg"},
                "inputs": [{"factor": "toy.material", "amount": 1, "unit": "kg", "pedigree": PEDIGREE_2}],
            },
            "cell": {
                "stage": "production",
                "role": "cell_assembly",
                "output": {"amount": 1, "unit": "piece", "mass": "1 kg"},
                "inputs": [
                    {"process": "material", "amount": a, "unit": "kg", "role": role} for role, a in materials
                ]
                + [
                    {
                        "factor": "elec.grid.CN-JX.toy",
                        "amount": 10,
                        "unit": "kWh",
                        "role": "electricity",
                        "pedigree": PEDIGREE_2,
                    }
                ],
            },
        },
    }


@pytest.fixture
def toy() -> Callable[..., Model]:
    """Build the toy cell, optionally changed by a function of its data: ``toy(lambda d: …)``."""

    def make(change: Callable[[dict[str, Any]], Any] | None = None) -> Model:
        data = copy.deepcopy(toy_cell_data())
        if change is not None:
            change(data)
        return parse_model(data, file="toy.yaml")

    return make
