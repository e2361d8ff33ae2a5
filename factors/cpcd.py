"""Reading CPCD (中国产品全生命周期温室气体排放系数库) catalogue entries into factor rows.

The catalogue prints a footprint as number + unit, e.g. ``7.9kgCO2e / 千克`` or ``6.502gCO2e / 公吨·公里``.
`parse_footprint` turns it into kg CO2e per reference unit, naming the conversion; an unknown unit is
an error, never a guess. Whether the result is plausible is the import screen's job
(`factors.plausibility`), which is how the catalogue's unit slips (tCO2e per 千克 of aluminium) are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factors.errors import FactorDBError

# transcribed unit -> (factor to kg CO2e, reference unit, conversion text)
UNITS: dict[str, tuple[float, str, str]] = {
    "kgCO2e / 千克": (1.0, "kg", ""),
    "tCO2e / 公吨": (1.0, "kg", "tCO2e/t = kgCO2e/kg (×1, unit change only)"),
    "kgCO2e / 公吨": (0.001, "kg", "kgCO2e/t ÷ 1000 = kgCO2e/kg"),
    "tCO2e / 千克": (1000.0, "kg", "tCO2e/kg × 1000 = kgCO2e/kg"),
    "kgCO2e / 千瓦时": (1.0, "kWh", ""),
    "gCO2e / 千瓦时": (0.001, "kWh", "gCO2e/kWh ÷ 1000 = kgCO2e/kWh"),
    "tCO2e / 千瓦时": (1000.0, "kWh", "tCO2e/kWh × 1000 = kgCO2e/kWh"),
    "tCO2e / 兆瓦时": (1.0, "kWh", "tCO2e/MWh = kgCO2e/kWh (×1)"),
    "kgCO2e / 公吨·公里": (1.0, "t*km", ""),
    "gCO2e / 公吨·公里": (0.001, "t*km", "gCO2e/t·km ÷ 1000 = kgCO2e/t·km"),
    "kgCO2e / 立方米": (1.0, "m^3", ""),
    "kgCO2e / 吉焦": (1.0, "GJ", ""),
    "tCO2e / 吉焦": (1000.0, "GJ", "tCO2e/GJ × 1000 = kgCO2e/GJ"),
}


class CpcdFormatError(FactorDBError, ValueError):
    """A CPCD footprint text whose number or unit is not recognised."""


@dataclass(frozen=True)
class Footprint:
    """A CPCD footprint read into the factor format, with the printed number and unit kept."""

    value: float  # kg CO2e per one `unit`
    unit: str  # the reference quantity, pint-parsable (kg, kWh, t*km, m^3, GJ)
    source_value: str  # the number as printed
    source_unit: str  # the unit as printed
    conversion: str  # what was done, empty when nothing


def parse_footprint(text: str) -> Footprint:
    """``'7.9kgCO2e / 千克'`` -> Footprint(7.9, 'kg', '7.9', 'kgCO2e / 千克', '')."""
    m = re.fullmatch(r"\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(.+?)\s*", text or "")
    if not m:
        raise CpcdFormatError(f"CPCD footprint {text!r} is not NUMBER UNIT")
    number, unit = m.group(1), m.group(2)
    if unit not in UNITS:
        raise CpcdFormatError(f"CPCD footprint {text!r}: unit {unit!r} is not one of {', '.join(UNITS)}")
    factor, ref, conversion = UNITS[unit]
    return Footprint(round(float(number) * factor, 10), ref, number, unit, conversion)
