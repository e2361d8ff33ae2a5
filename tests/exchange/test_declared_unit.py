"""The declared unit: a functional unit text in PACT's closed list of units."""

from __future__ import annotations

import pytest

from footprint.exchange.declared_unit import PACT_V2_UNITS, declared_unit, parse_functional_unit, project_unit


class TestDeclaredUnit:
    @pytest.mark.parametrize(
        ("text", "unit", "amount"),
        [
            ("1 kWh rated energy", "kilowatt hour", 1.0),
            ("1 MWh", "kilowatt hour", 1000.0),
            ("2 GJ of heat", "megajoule", 2000.0),
            ("1 kg", "kilogram", 1.0),
            ("1 t lithium carbonate", "kilogram", 1000.0),
            ("1 piece", "piece", 1.0),
            ("100 t*km", "ton kilometer", 100.0),
            ("1 m^2 separator", "square meter", 1.0),
            ("1 L", "liter", 1.0),
        ],
    )
    def test_functional_unit_maps_to_a_pact_unit(self, text: str, unit: str, amount: float) -> None:
        du = declared_unit(text)
        assert (du.pact_unit, du.amount) == (unit, pytest.approx(amount))

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("kWh", "is not '<amount> <unit>"),
            ("one kWh", "does not start with an amount"),
            ("0 kg", "greater than 0"),
            ("1 bananas", "must be a unit"),
            ("1 Ah", "converts to none of"),
        ],
    )
    def test_unusable_functional_units_are_explained(self, text: str, why: str) -> None:
        with pytest.raises(ValueError, match=why):
            declared_unit(text)

    def test_v2_has_no_piece(self) -> None:
        with pytest.raises(ValueError, match="converts to none of"):
            declared_unit("1 piece", allowed=PACT_V2_UNITS)

    def test_parse_and_back(self) -> None:
        assert parse_functional_unit("1 kWh rated energy") == (1.0, "kWh")
        assert project_unit("ton kilometer") == "t*km"
        with pytest.raises(KeyError, match="not a PACT unit"):
            project_unit("gallon")
