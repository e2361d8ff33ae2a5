"""Units for the core: the project's one pint registry (`factors.units`) plus intensity parsing."""

from __future__ import annotations

from functools import lru_cache

from factors.units import UnitError, check_unit, conversion_factor, is_mass, parse_unit, registry

__all__ = [
    "UnitError",
    "check_unit",
    "conversion_factor",
    "convert",
    "is_mass",
    "parse_unit",
    "registry",
    "split_intensity",
]


def convert(amount: float, from_unit: str, to_unit: str) -> float:
    """`amount` in `from_unit` expressed in `to_unit`; `UnitError` on a dimension mismatch."""
    if from_unit == to_unit:
        return amount
    return amount * conversion_factor(from_unit, to_unit)


@lru_cache(maxsize=256)
def split_intensity(text: str) -> tuple[float, str, str]:
    """Split ``kg CO2e / m^2`` into (multiplier to kg CO2e per reference unit, reference unit, basis).

    ``t CO2e / t`` → (1.0, 't', 'CO2e'); ``g CO2 / kWh`` → (0.001, 'kWh', 'CO2'). The numerator must be
    a mass of CO2 or CO2e; the denominator is the reference quantity, returned as written.
    """
    if "/" not in text:
        raise UnitError(
            f"{text!r} is not an intensity: write it as '<mass> CO2e / <unit>', e.g. 'kg CO2e / kg'"
        )
    numerator, denominator = (part.strip() for part in text.split("/", 1))
    tokens = numerator.split()
    gas = tokens[-1] if tokens else ""
    if gas not in ("CO2e", "CO2", "CO2eq", "CO2-eq"):
        raise UnitError(
            f"{text!r}: the numerator must be a mass of CO2e or CO2 (e.g. 'kg CO2e'), got {numerator!r}"
        )
    mass_unit = " ".join(tokens[:-1]) or "kg"
    try:
        multiplier = conversion_factor(mass_unit, "kg")
    except UnitError:
        raise UnitError(f"{text!r}: {mass_unit!r} is not a mass unit") from None
    check_unit(denominator)
    return multiplier, denominator, "CO2" if gas == "CO2" else "CO2e"
