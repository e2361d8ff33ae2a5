"""Building blocks for the core's tests: toy factor records, the IPCC GWP tables of the bundled data,
and models written as Python dicts (the parsed form of a `pcf-model/1` file)."""

from __future__ import annotations

import copy
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factors.bundled import DATA_DIR
from footprint import StaticFactors
from footprint.linking import FactorRecord
from footprint.model import Citation, Text, Uncertainty

MODELS = Path(__file__).parent / "models"


def read_gwp_csv() -> dict[str, dict[str, float]]:
    """{set: {gas: value}} straight from factors/data/gwp.csv (the IPCC values the project uses)."""
    out: dict[str, dict[str, float]] = {}
    with (DATA_DIR / "gwp.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["gwp_set"], {})[row["gas"]] = float(row["value"])
    return out


def bundled_value(code: str) -> float:
    """The value of one bundled factor row, read from its CSV file (independently of the database)."""
    for path in sorted(DATA_DIR.glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("code") == code:
                    return float(row["value"])
    raise KeyError(code)


GWP = read_gwp_csv()


def record(
    code: str,
    value: float,
    unit: str,
    *,
    basis: str = "CO2e",
    gwp: str = "AR6",
    gases: dict[str, float] | None = None,
    uncertainty: Uncertainty | None = None,
    dq: dict[str, int] | None = None,
    activity: str = "",
) -> FactorRecord:
    """A database factor as the core sees it; the values are test inputs written by hand."""
    return FactorRecord(
        code=code,
        activity=activity or code,
        name=Text(code, code),
        value=value,
        unit=unit,
        basis=basis,
        gwp=gwp if basis == "CO2e" else "",
        gases=gases or {},
        scope="cradle_to_gate",
        geography="CN",
        reference_year=2023,
        category="test",
        confidence="medium",
        citation=Citation("toy source"),
        release="toy",
        uncertainty=uncertainty,
        dq=dq or {},
    )


# Toy database factors, kg CO2e (or CO2) per unit.
ELEC = record("elec", 0.5, "kWh", basis="CO2")  # 0.5 kg CO2 / kWh
STEEL = record("steel", 2.0, "kg")  # 2 kg CO2e / kg
TRUCK = record("truck", 0.1, "t*km")  # 0.1 kg CO2e / t*km
GAS_MIX = record("gasmix", 0.0, "kg", basis="gases", gases={"CO2": 1.0, "CH4_fossil": 0.01, "N2O": 0.001})


def source(*records: FactorRecord, activities: dict[str, str] | None = None) -> StaticFactors:
    recs = records or (ELEC, STEEL, TRUCK, GAS_MIX)
    return StaticFactors(
        records={r.code: r for r in recs}, gwp=GWP, release="toy", activities=activities or {}
    )


def process(
    stage: str = "production",
    out: tuple[float, str] = (1, "piece"),
    inputs: list | None = None,
    emissions: list | None = None,
    **extra: Any,
) -> dict[str, Any]:
    d: dict[str, Any] = {"stage": stage, "output": {"amount": out[0], "unit": out[1]}}
    if inputs:
        d["inputs"] = inputs
    if emissions:
        d["emissions"] = emissions
    d.update(extra)
    return d


def fac(code: str, amount: Any, unit: str, **extra: Any) -> dict[str, Any]:
    return {"factor": code, "amount": amount, "unit": unit, **extra}


def proc(pid: str, amount: Any, unit: str, **extra: Any) -> dict[str, Any]:
    return {"process": pid, "amount": amount, "unit": unit, **extra}


def gas(code: str, amount: Any, unit: str = "kg", **extra: Any) -> dict[str, Any]:
    return {"gas": code, "amount": amount, "unit": unit, **extra}


def model(
    processes: dict[str, Any],
    *,
    ref: str = "a",
    amount: float = 1,
    unit: str = "piece",
    product: str | None = None,
    factors: dict[str, Any] | None = None,
    gwp: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    rf: dict[str, Any] = {"process": ref, "amount": amount, "unit": unit}
    if product:
        rf["product"] = product
    data: dict[str, Any] = {
        "format": "pcf-model/1",
        "product": {
            "id": "toy",
            "name": {"en": "Toy"},
            "functional_unit": f"{amount} {unit}",
            "reference_flow": rf,
        },
        "processes": copy.deepcopy(processes),
    }
    if gwp:
        data["product"]["gwp"] = gwp
    if factors:
        data["factors"] = copy.deepcopy(factors)
    data.update(extra)
    return data


def walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every node of an upstream tree, depth first."""
    yield node
    for child in node["children"]:
        yield from walk(child)
