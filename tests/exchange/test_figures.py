"""Numbers as text: PACT decimal strings, report figures, and the strict decimal check."""

from __future__ import annotations

import math

import pytest

from footprint.exchange.figures import DecimalKind, check_decimal, clean_zero, decimal_text, figure, percent


class TestDecimalText:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (103.57846875, "103.578"),
            (0.0, "0"),
            (-0.0, "0"),
            (1e-7, "0.0000001"),
            (123456789.0, "123457000"),
            (0.1 + 0.2, "0.3"),
            (-4.5, "-4.5"),
            (2.0, "2"),
            (1e20, "100000000000000000000"),
        ],
    )
    def test_plain_decimal_without_exponent(self, value: float, text: str) -> None:
        assert decimal_text(value) == text
        assert check_decimal(text) is None

    @pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
    def test_non_finite_is_refused(self, value: float) -> None:
        with pytest.raises(ValueError, match="finite"):
            decimal_text(value)


class TestFigure:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (103.57846875, "103.6"),
            (12345.0, "12,350"),
            (0.31759375, "0.3176"),
            (-2.5, "-2.5"),
            (0.0, "0"),
        ],
    )
    def test_four_significant_digits_grouped(self, value: float, text: str) -> None:
        assert figure(value) == text

    def test_percent(self) -> None:
        assert percent(0.26706) == "26.7"


class TestCheckDecimal:
    """The spec's patterns are loose ('1abc' passes one, '10' passes NegativeOrZero): ours are not."""

    @pytest.mark.parametrize(
        ("text", "kind", "why"),
        [
            ("1abc", DecimalKind.POSITIVE, "not a decimal"),
            ("10", DecimalKind.NEGATIVE_OR_ZERO, "0 or less"),
            ("0", DecimalKind.POSITIVE, "greater than 0"),
            ("-0.1", DecimalKind.POSITIVE_OR_ZERO, "0 or more"),
            ("1e-5", DecimalKind.ANY, "not a decimal"),
            ("1.", DecimalKind.ANY, "not a decimal"),
            (1.5, DecimalKind.ANY, "expected a decimal string"),
        ],
    )
    def test_bad_decimals_are_named(self, text: object, kind: DecimalKind, why: str) -> None:
        message = check_decimal(text, kind)
        assert message is not None and why in message

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("0.5", DecimalKind.POSITIVE),
            ("0", DecimalKind.POSITIVE_OR_ZERO),
            ("-1.61", DecimalKind.NEGATIVE_OR_ZERO),
            ("+3", DecimalKind.ANY),
        ],
    )
    def test_good_decimals_pass(self, text: str, kind: DecimalKind) -> None:
        assert check_decimal(text, kind) is None


def test_clean_zero_removes_rounding_noise_only() -> None:
    assert clean_zero(1e-15, 100.0) == 0.0
    assert clean_zero(1e-3, 100.0) == 1e-3
