"""The project's one pint registry: LCA units parse, conversions are exact, dimension mismatches fail."""

from __future__ import annotations

import re

import pytest

from factors.errors import FactorDBError
from factors.units import UnitError, conversion_factor, parse_unit, registry


class TestParse:
    @pytest.mark.parametrize(
        ("text", "dimensionality"),
        [
            ("kWh", "[mass] * [length] ** 2 / [time] ** 2"),
            ("MWh", "[mass] * [length] ** 2 / [time] ** 2"),
            ("kg", "[mass]"),
            ("t", "[mass]"),
            ("t*km", "[mass] * [length]"),
            ("t·km", "[mass] * [length]"),
            ("tkm", "[mass] * [length]"),
            ("piece", "[item]"),
            ("pcs", "[item]"),
            ("Wp", "[mass] * [length] ** 2 / [time] ** 3"),
            ("m^2", "[length] ** 2"),
            ("  GJ  ", "[mass] * [length] ** 2 / [time] ** 2"),
        ],
    )
    def test_units_of_the_factor_files_parse(self, text: str, dimensionality: str) -> None:
        assert str(parse_unit(text).dimensionality) == dimensionality

    def test_emission_units_carry_their_own_dimension(self) -> None:
        # "kg CO2e / kg" is an intensity, not a number: the emission dimension never cancels with mass
        assert str(parse_unit("kg CO2e").dimensionality) == "[emission]"
        assert "[emission]" in str(parse_unit("kg CO2e / kWh").dimensionality)

    def test_one_registry_for_the_whole_project(self) -> None:
        assert registry() is registry()
        assert parse_unit("tkm")._REGISTRY is registry()

    @pytest.mark.parametrize("text", ["kgg", "foo bar", "[mass]", "2 kg", "kg^^2"])
    def test_unknown_unit_names_the_text(self, text: str) -> None:
        with pytest.raises(UnitError, match=f"unknown unit '{re.escape(text)}'"):
            parse_unit(text)

    @pytest.mark.parametrize("text", ["", "   "])
    def test_empty_unit_is_refused(self, text: str) -> None:
        with pytest.raises(UnitError, match="a unit is required"):
            parse_unit(text)

    def test_unit_error_belongs_to_the_project_hierarchy(self) -> None:
        with pytest.raises(FactorDBError):
            parse_unit("kgg")
        with pytest.raises(ValueError):
            parse_unit("kgg")

    @pytest.mark.parametrize("text", ["kg*", "kg(", "1/0"])
    def test_malformed_unit_text_is_a_unit_error(self, text: str) -> None:
        with pytest.raises(UnitError, match="unknown unit"):
            parse_unit(text)


class TestConvert:
    @pytest.mark.parametrize(
        ("src", "dst", "factor"),
        [
            ("MWh", "kWh", 1000),
            ("kWh", "MWh", 0.001),
            ("t", "kg", 1000),
            ("t*km", "tkm", 1),
            ("tkm", "kg*km", 1000),
            ("GJ", "MJ", 1000),
            ("TJ", "GJ", 1000),
            ("m^2", "cm^2", 10000),
            ("Wp", "W", 1),
            ("pcs", "piece", 1),
        ],
    )
    def test_conversion_factors(self, src: str, dst: str, factor: float) -> None:
        assert conversion_factor(src, dst) == pytest.approx(factor)

    @pytest.mark.parametrize(
        ("src", "dst"),
        [("kg", "kWh"), ("kWh", "t*km"), ("piece", "kg"), ("kg CO2e", "kg"), ("tkm", "km"), ("Wp", "Wh")],
    )
    def test_forbidden_conversions_raise(self, src: str, dst: str) -> None:
        with pytest.raises(UnitError, match=rf"cannot convert '{re.escape(src)}' .* dimensions differ"):
            conversion_factor(src, dst)

    def test_unknown_unit_in_a_conversion_is_named(self) -> None:
        with pytest.raises(UnitError, match="unknown unit 'kgg'"):
            conversion_factor("kgg", "kg")


class TestChineseUnitNames:
    """Amounts typed in Chinese: each unit name is exactly the unit of its symbol."""

    @pytest.mark.parametrize(
        ("name", "symbol"),
        [
            ("千克", "kg"),
            ("公斤", "kg"),
            ("克", "g"),
            ("毫克", "mg"),
            ("吨", "t"),
            ("公吨", "t"),
            ("千瓦时", "kWh"),
            ("兆瓦时", "MWh"),
            ("千焦", "kJ"),
            ("兆焦", "MJ"),
            ("吉焦", "GJ"),
            ("立方米", "m^3"),
            ("标准立方米", "Nm3"),
            ("升", "L"),
            ("毫升", "mL"),
            ("米", "m"),
            ("千米", "km"),
            ("公里", "km"),
            ("平方米", "m^2"),
            ("吨公里", "t*km"),
            ("吨*公里", "t*km"),
            ("个", "piece"),
            ("件", "piece"),
            ("片", "piece"),
            ("台", "piece"),
            ("千克 CO2e / 千瓦时", "kg CO2e / kWh"),
        ],
    )
    def test_the_name_is_its_symbol(self, name: str, symbol: str) -> None:
        assert parse_unit(name).dimensionality == parse_unit(symbol).dimensionality
        assert conversion_factor(name, symbol) == pytest.approx(1.0, rel=1e-15)

    def test_across_names_and_symbols(self) -> None:
        assert conversion_factor("吨", "千克") == pytest.approx(1000)
        assert conversion_factor("兆瓦时", "kWh") == pytest.approx(1000)
        assert conversion_factor("吨公里", "kg*km") == pytest.approx(1000)

    @pytest.mark.parametrize(("src", "dst"), [("千克", "千瓦时"), ("件", "千克"), ("吨公里", "公里")])
    def test_names_keep_their_dimensions(self, src: str, dst: str) -> None:
        with pytest.raises(UnitError, match="dimensions differ"):
            conversion_factor(src, dst)

    @pytest.mark.parametrize("text", ["度", "斤"])  # 度: kWh on a power bill, but also a degree; 斤: 0.5 kg
    def test_ambiguous_or_informal_names_are_refused(self, text: str) -> None:
        with pytest.raises(UnitError, match=f"unknown unit '{text}'.*; write .*(千瓦时|千克)"):
            parse_unit(text)
