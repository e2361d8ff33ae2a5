"""Numbers as text: PACT decimal strings and the rounded figures shown in reports and labels."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")


class DecimalKind(StrEnum):
    """The sign rules of PACT's decimal types."""

    ANY = "Decimal"
    POSITIVE = "PositiveNonZeroDecimal"
    POSITIVE_OR_ZERO = "PositiveOrZeroDecimal"
    NEGATIVE_OR_ZERO = "NegativeOrZeroDecimal"


def decimal_text(value: float, *, digits: int = 6) -> str:
    """`value` to `digits` significant digits (half up) as a plain decimal (``0.0123``, ``-4.5``, ``120``)."""
    if isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value == 0:
        return "0"
    exact = Decimal(repr(float(value)))
    step = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    text = format(exact.quantize(step, rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def figure(value: float, *, digits: int = 4) -> str:
    """A figure for people: `digits` significant digits, thousands grouped (``103.6``, ``12,350``)."""
    plain = decimal_text(value, digits=digits)
    sign, body = ("-", plain[1:]) if plain.startswith("-") else ("", plain)
    whole, _, frac = body.partition(".")
    grouped = f"{int(whole):,}"
    return sign + grouped + (f".{frac}" if frac else "")


def percent(share: float, *, digits: int = 3) -> str:
    """A share (0.123) as a percentage figure (``12.3``)."""
    return figure(100.0 * share, digits=digits)


def check_decimal(text: object, kind: DecimalKind = DecimalKind.ANY) -> str | None:
    """Why `text` is not a decimal string of `kind` (strict, unlike the specification's loose patterns)."""
    if not isinstance(text, str):
        return f"expected a decimal string, got {type(text).__name__} {text!r}"
    if not _DECIMAL.match(text):
        return f"{text!r} is not a decimal (digits with an optional sign and fraction)"
    value = Decimal(text)
    if kind is DecimalKind.POSITIVE and not value > 0:
        return f"{text!r} must be greater than 0"
    if kind is DecimalKind.POSITIVE_OR_ZERO and value < 0:
        return f"{text!r} must be 0 or more"
    if kind is DecimalKind.NEGATIVE_OR_ZERO and value > 0:
        return f"{text!r} must be 0 or less"
    return None


def clean_zero(value: float, scale: float) -> float:
    """`value` with rounding noise below 1e-9 × `scale` set to exactly 0 (differences of sums)."""
    return 0.0 if abs(value) <= 1e-9 * max(abs(scale), 1.0) else value
