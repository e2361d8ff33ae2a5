"""Plausibility screen of factor rows on import: implausible units and magnitudes, by category.

A factor's value is kg CO2(e) per one `unit`. Each rule names a category prefix, the reference
quantities that make sense for it (as dimensions) and the largest plausible value per canonical unit.
The limits are screening bounds, not data: they catch unit slips (t for kg, g for kg, per kWh for per
kg), far above any published value of the category. A value above a bound is refused with the row and
column named; a wanted exception needs a different category or a corrected unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from factors.units import UnitError, conversion_factor, parse_unit, registry


@dataclass(frozen=True)
class Rule:
    """Reference quantities allowed for a category and the plausible maximum per canonical unit."""

    category: str
    limits: tuple[tuple[str, float], ...]  # (canonical unit, max kg CO2e per that unit), by dimension
    what: str

    def limit_for(self, unit: str) -> tuple[str, float] | None:
        """The (canonical unit, max) whose dimension `unit` has, or None when none applies."""
        dim = registry().Quantity(1.0, parse_unit(unit)).dimensionality
        for canonical, maximum in self.limits:
            if registry().Quantity(1.0, parse_unit(canonical)).dimensionality == dim:
                return canonical, maximum
        return None


# Longest category prefix wins. Bounds: electricity 2 kg/kWh (coal-only generation is about 1);
# heat 300 kg/GJ (coal boilers about 100-130); fuels 300 kg per GJ of heat (blast-furnace gas 260
# per the IPCC tables), 5 kg per kg or per m3 of fuel; freight 10 kg per t*km; materials and
# products 1000 kg per kg (the screen), products 1000 kg per kWh of battery capacity.
RULES: tuple[Rule, ...] = (
    Rule("electricity", (("kWh", 2.0),), "electricity (per energy delivered)"),
    Rule("heat", (("GJ", 300.0),), "heat (per energy delivered)"),
    Rule("fuel", (("GJ", 300.0), ("kg", 5.0), ("m^3", 5.0)), "fuel (per energy, mass or volume of fuel)"),
    Rule("transport", (("t*km", 10.0), ("km", 10.0)), "transport (per tonne-kilometre or kilometre)"),
    Rule("transport.passenger", (("km", 10.0),), "passenger transport (per kilometre)"),
    Rule(
        "material",
        (("kg", 1000.0), ("m^2", 1000.0), ("m^3", 10000.0), ("piece", 1e9)),
        "material (per mass, area, volume or piece)",
    ),
    Rule(
        "product",
        (("kg", 1000.0), ("kWh", 1000.0), ("Wp", 100.0), ("piece", 1e9), ("m^2", 1e4)),
        "product (per mass, kWh of capacity, Wp or piece)",
    ),
)


def rule_for(category: str) -> Rule | None:
    """The screening rule of a category (longest matching prefix), None for unscreened categories."""
    hits = [r for r in RULES if category == r.category or category.startswith(r.category + ".")]
    return max(hits, key=lambda r: len(r.category)) if hits else None


def screen(category: str, value: float | None, unit: str) -> list[tuple[str, str]]:
    """Problems as (column, message); empty when the row is plausible or its category is unscreened."""
    rule = rule_for(category)
    if rule is None or not unit:
        return []
    try:
        match = rule.limit_for(unit)
    except UnitError:
        return []  # the unit itself is reported by the row parser
    if match is None:
        allowed = ", ".join(c for c, _ in rule.limits)
        return [
            (
                "unit",
                f"{unit!r} is not a plausible reference quantity for a {rule.what} factor "
                f"(category {category!r}); expected a unit like {allowed}",
            )
        ]
    canonical, maximum = match
    if value is None:
        return []
    per_canonical = value / conversion_factor(unit, canonical)
    if per_canonical > maximum:
        return [
            (
                "value",
                f"{value:g} kg CO2e per {unit} (= {per_canonical:g} per {canonical}) is implausible "
                f"for a {rule.what} factor (category {category!r}, screen maximum {maximum:g} per "
                f"{canonical}); check the unit of the source value (t vs kg, g vs kg)",
            )
        ]
    return []
