"""The project's one pint registry, with the units that LCA inventories use and pint lacks.

pint is imported on first use. The answers a calculation asks for – does a unit parse (`check_unit`), is
it a mass (`is_mass`), how many of one unit make another (`conversion_factor`) – are pint's, and are kept
on disk by `factors.unitcache` so that a command whose units are all known does not import pint at all.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from factors.errors import FactorDBError
from factors.unitcache import UnitCache, cache_file

if TYPE_CHECKING:
    import pint


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
    # Chinese unit names (GB 3100 / GB 3102 and everyday use) for amounts typed in Chinese: each is exactly
    # the unit of its symbol. 度 (kWh on power bills, but also a degree) is left out: ambiguous.
    "千克 = kilogram = _ = 公斤",
    "克 = gram",
    "毫克 = milligram",
    "吨 = tonne = _ = 公吨",
    "千瓦时 = kilowatt * hour",
    "兆瓦时 = megawatt * hour",
    "千焦 = kilojoule",
    "兆焦 = megajoule",
    "吉焦 = gigajoule",
    "立方米 = meter ** 3",
    "标准立方米 = normal_cubic_meter",
    "升 = liter",
    "毫升 = milliliter",
    "米 = meter",
    "千米 = kilometer = _ = 公里",
    "平方米 = meter ** 2",
    "吨公里 = tonne * kilometer",
    "个 = piece = _ = 件 = 片 = 只 = 台 = 套 = 块",
)


_UNREAD_NAMES = {  # Chinese unit names left out of the registry on purpose, and what to write instead
    "度": ": 度 is kWh on a power bill but also a degree; write 千瓦时 or kWh",
    "斤": ": 斤 is 0.5 kg (市斤); write 千克 or kg",
}

_OPTIONS = ("autoconvert_offset_to_baseunit=True",)  # part of the cache key, with the definitions


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """Return the project-wide unit registry (built once, on first use)."""
    import pint

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
        hint = _UNREAD_NAMES.get(text.strip(), "")
        raise UnitError(f"unknown unit {text!r} ({exc.__class__.__name__}){hint}") from None
    return unit


@lru_cache(maxsize=1)
def _answers() -> UnitCache:
    return UnitCache(cache_file((*_OPTIONS, *_DEFINITIONS)))


def _blank(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


@lru_cache(maxsize=1024)
def check_unit(text: str) -> None:
    """Raise `UnitError` unless pint reads `text` as a unit (as `parse_unit`, without importing pint when
    the answer is cached)."""
    if _blank(text) or not _answers().get("unit", text):
        parse_unit(text)
        _answers().put("unit", text, True)


@lru_cache(maxsize=256)
def is_mass(unit: str) -> bool:
    """Whether `unit` is a mass (kg, t, g …); False for text pint cannot read."""
    known = _answers().get("mass", unit) if not _blank(unit) else None
    if known is not None:
        return bool(known)
    try:
        answer = parse_unit(unit).dimensionality == registry().kilogram.dimensionality
    except UnitError:
        return False
    _answers().put("mass", unit, bool(answer))
    return bool(answer)


@lru_cache(maxsize=1024)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """How many `to_unit` one `from_unit` is; raise `UnitError` on a dimension mismatch."""
    key = f"{from_unit}\n{to_unit}"
    known = _answers().get("factor", key) if isinstance(from_unit, str) and isinstance(to_unit, str) else None
    if known is not None:
        return float(known)
    import pint

    src, dst = parse_unit(from_unit), parse_unit(to_unit)
    try:
        factor = float(registry().Quantity(1.0, src).to(dst).magnitude)
    except pint.errors.DimensionalityError:
        raise UnitError(
            f"cannot convert {from_unit!r} ({_dim(src)}) to {to_unit!r} ({_dim(dst)}): dimensions differ"
        ) from None
    _answers().put("factor", key, factor)
    return factor


def _dim(unit: pint.Unit) -> str:
    return str(registry().Quantity(1.0, unit).dimensionality)
