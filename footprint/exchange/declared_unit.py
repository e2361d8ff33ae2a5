"""The declared unit: a functional unit in PACT's closed list of units, and back to the project's units."""

from __future__ import annotations

from dataclasses import dataclass

from footprint.units import UnitError, conversion_factor, parse_unit

# PACT unit name -> the project's pint unit. v2.3 lacks piece, hour and megabit second.
PACT_UNITS: dict[str, str] = {
    "liter": "L",
    "kilogram": "kg",
    "cubic meter": "m^3",
    "kilowatt hour": "kWh",
    "megajoule": "MJ",
    "ton kilometer": "t*km",
    "square meter": "m^2",
    "piece": "piece",
    "hour": "hour",
    "megabit second": "Mbit*s",
}
PACT_V2_UNITS = (
    "liter",
    "kilogram",
    "cubic meter",
    "kilowatt hour",
    "megajoule",
    "ton kilometer",
    "square meter",
)
# Units of energy, logistics or service products: PACT's productMassPerDeclaredUnit is 0 for them.
MASSLESS_UNITS = ("kilowatt hour", "megajoule", "ton kilometer", "hour", "megabit second")


@dataclass(frozen=True)
class DeclaredUnit:
    """`amount` of the PACT unit `pact_unit`; as the model wrote it: `model_amount` `model_unit`."""

    pact_unit: str
    amount: float
    model_amount: float
    model_unit: str

    @property
    def project_unit(self) -> str:
        return PACT_UNITS[self.pact_unit]


def parse_functional_unit(text: str) -> tuple[float, str]:
    """``"1 kWh rated energy"`` → ``(1.0, "kWh")``; ValueError saying what the text should look like."""
    parts = text.split()
    if len(parts) < 2:
        raise ValueError(f"{text!r} is not '<amount> <unit> <words>' (e.g. '1 kWh rated energy')")
    try:
        amount = float(parts[0])
    except ValueError:
        raise ValueError(f"{text!r} does not start with an amount (e.g. '1 kWh rated energy')") from None
    if not amount > 0:
        raise ValueError(f"{text!r}: the amount must be greater than 0")
    try:
        parse_unit(parts[1])
    except UnitError as exc:
        raise ValueError(f"{text!r}: the second word must be a unit ({exc})") from None
    return amount, parts[1]


def declared_unit(functional_unit: str, *, allowed: tuple[str, ...] = tuple(PACT_UNITS)) -> DeclaredUnit:
    """The PACT declared unit of a functional unit text; ValueError when no allowed unit fits."""
    amount, unit = parse_functional_unit(functional_unit)
    for name in _candidates(unit, allowed):
        try:
            factor = conversion_factor(unit, PACT_UNITS[name])
        except UnitError:
            continue
        return DeclaredUnit(name, amount * factor, amount, unit)
    raise ValueError(f"{functional_unit!r}: the unit {unit!r} converts to none of {', '.join(allowed)}")


def _candidates(unit: str, allowed: tuple[str, ...]) -> list[str]:
    # energy in watt-hours stays in kilowatt hour, any other energy unit goes to megajoule
    preferred = "kilowatt hour" if "Wh" in unit else "megajoule"
    rest = [n for n in allowed if n not in ("kilowatt hour", "megajoule")]
    return [n for n in (preferred, *rest, "kilowatt hour", "megajoule") if n in allowed]


def project_unit(pact_unit: str) -> str:
    """The project's unit for a PACT unit name; KeyError listing the known names."""
    try:
        return PACT_UNITS[pact_unit]
    except KeyError:
        raise KeyError(f"{pact_unit!r} is not a PACT unit ({', '.join(PACT_UNITS)})") from None
