"""Chinese default fuel parameters and the per-gas combustion amounts they give, per unit of fuel.

`fuel_parameters.csv` holds, per fuel, the net calorific value (NCV), the carbon content per unit of
heat, the oxidation rate (Chinese GHG accounting defaults) and the IPCC 2006 CH4/N2O defaults, each
cited. `combustion_gases` applies the accounting guidelines' formula, so that a plant's own fuel use
becomes per-gas direct emissions; the bundled `fuels_cn.csv` rows are exactly these amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factors.errors import FactorDBError
from factors.tableio import read_table

PARAMETER_FILE = Path(__file__).with_name("data") / "fuel_parameters.csv"
_NEEDED = ("ncv", "carbon_content", "oxidation_rate", "ch4_ef", "n2o_ef")
_NCV_GJ = {"GJ/t": ("t", 1.0), "GJ/10^4 Nm3": ("Nm3", 1e-4)}  # NCV unit -> (fuel unit, GJ factor)


class FuelParameterError(FactorDBError, ValueError):
    """A fuel or parameter is missing, or a parameter has an unexpected unit."""


@dataclass(frozen=True)
class FuelParameters:
    """One fuel's parameters: NCV in GJ per `unit` of fuel, tC/GJ, oxidation (fraction), kg CH4/N2O per TJ."""

    fuel: str
    unit: str
    ncv_gj: float
    carbon_t_per_gj: float
    oxidation: float
    ch4_kg_per_tj: float
    n2o_kg_per_tj: float


def load_parameters(path: Path = PARAMETER_FILE) -> dict[str, FuelParameters]:
    """Every fuel of the parameter file; `FuelParameterError` names the fuel and parameter at fault."""
    table = read_table(path)
    values: dict[tuple[str, str], tuple[float, str]] = {}
    for number, r in table.rows:
        try:
            values[(str(r["fuel"]), str(r["parameter"]))] = (float(r["value"]), str(r["unit"]))
        except (TypeError, ValueError):
            raise FuelParameterError(
                f"{path} row {number}: value {r.get('value')!r} is not a number"
            ) from None
    out = {}
    for fuel in sorted({f for f, _ in values}):
        missing = [p for p in _NEEDED if (fuel, p) not in values]
        if missing:
            raise FuelParameterError(f"{path}: fuel {fuel!r} lacks {', '.join(missing)}")
        ncv, ncv_unit = values[(fuel, "ncv")]
        if ncv_unit not in _NCV_GJ:
            raise FuelParameterError(
                f"{path}: NCV unit {ncv_unit!r} of {fuel!r} is not one of {', '.join(_NCV_GJ)}"
            )
        unit, scale = _NCV_GJ[ncv_unit]
        out[fuel] = FuelParameters(
            fuel,
            unit,
            ncv * scale,
            values[(fuel, "carbon_content")][0],
            values[(fuel, "oxidation_rate")][0] / 100,
            values[(fuel, "ch4_ef")][0],
            values[(fuel, "n2o_ef")][0],
        )
    return out


def combustion_gases(p: FuelParameters) -> dict[str, float]:
    """kg of CO2, fossil CH4 and N2O per unit of fuel: NCV × C × oxidation × 44/12; NCV × IPCC default."""
    tj = p.ncv_gj / 1000
    return {
        "CO2": p.ncv_gj * p.carbon_t_per_gj * p.oxidation * 44 / 12 * 1000,
        "CH4_fossil": tj * p.ch4_kg_per_tj,
        "N2O": tj * p.n2o_kg_per_tj,
    }
