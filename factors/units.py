"""The project's one pint registry, with the units that LCA inventories use and pint lacks."""

from __future__ import annotations

from functools import lru_cache

import pint

from factors.errors import FactorDBError


class UnitError(FactorDBError, ValueError):
    """A unit string pint cannot parse with the project registry."""


_DEFINITIONS = (
    "piece = [item] = pcs = pieces = item",
    "watt_peak = watt = Wp",
    "tonne_kilometer = tonne * kilometer = tkm",
    "normal_cubic_meter = meter ** 3 = Nm3",
    # Greenhouse-gas masses: the emission dimension is kept apart from ordinary mass so that
    # "kg CO2e / kg" is an intensity and never silently cancels to a number.
    "kilogram_co2e = [emission] = kgCO2e",
    "CO2e = kilogram_co2e / kilogram",
    "CO2 = CO2e",
)


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """Return the project-wide unit registry (built once, on first use)."""
    ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS:
        ureg.define(line)
    return ureg


@lru_cache(maxsize=512)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string such as ``kWh``, ``t*km`` or ``m^2``; raise `UnitError` when pint cannot."""
    if not isinstance(text, str) or not text.strip():
        raise UnitError("a unit is required (e.g. kWh, kg, t*km, piece)")
    try:
        unit = registry().parse_units(text.strip().replace("·", "*"))
    except (
        Exception
    ) as exc:  # pint's parser raises many types on malformed text (AssertionError, TokenError…)
        raise UnitError(f"unknown unit {text!r} ({exc.__class__.__name__})") from None
    return unit


@lru_cache(maxsize=1024)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """How many `to_unit` one `from_unit` is; raise `UnitError` on a dimension mismatch."""
    src, dst = parse_unit(from_unit), parse_unit(to_unit)
    try:
        return float(registry().Quantity(1.0, src).to(dst).magnitude)
    except pint.errors.DimensionalityError:
        raise UnitError(
            f"cannot convert {from_unit!r} ({_dim(src)}) to {to_unit!r} ({_dim(dst)}): dimensions differ"
        ) from None


def _dim(unit: pint.Unit) -> str:
    return str(registry().Quantity(1.0, unit).dimensionality)
