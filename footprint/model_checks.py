"""The model validator's checks of single values: numbers, units, texts, quantities, uncertainty, pedigree.

`ModelChecks` adds them to the shared `PathValidator` checks; `footprint.model_validate` walks the
structure with them.
"""

from __future__ import annotations

import math
import re
from typing import Any

from factors.vocab import PEDIGREE_INDICATORS
from footprint.model_types import Citation, Pedigree, Quantity, Text, Uncertainty
from footprint.pathcheck import PathValidator, describe, join
from footprint.units import UnitError, check_unit

ID = re.compile(r"[A-Za-z0-9_.\-]+")


def is_id(value: object) -> bool:
    """An id: letters, digits, '_', '-' and '.', nothing else (no space or line break around it either)."""
    return isinstance(value, str) and ID.fullmatch(value) is not None


class ModelChecks(PathValidator):
    """The checks of single values in a model file."""

    extension_prefix = "x-"

    def number(
        self, value: Any, path: str, *, minimum: float | None = 0.0, allow_equal: bool = True
    ) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str):
                try:
                    value = float(value.strip())
                except ValueError:
                    self.err(path, f"expected a number, got {value!r}")
                    return None
            else:
                self.err(path, f"expected a number, got {describe(value)}")
                return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.err(path, f"expected a finite number, got {value!r}")
            return None
        if minimum is not None and (number < minimum or (not allow_equal and number == minimum)):
            relation = ">=" if allow_equal else ">"
            self.err(
                path,
                f"must be {relation} {minimum:g}, got {value!r}"
                + (
                    " (negative amounts are not allowed: declare an avoided burden under the process's "
                    "`substitutes:`, a credit kept apart from burdens)"
                    if number < 0
                    else ""
                ),
            )
            return None
        return number

    def unit(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.err(path, "a unit is required (e.g. kg, kWh, t*km, piece)")
            return ""
        try:
            check_unit(value)
        except UnitError as exc:
            self.err(path, str(exc))
        return value.strip()

    def text(self, value: Any, path: str) -> Text:
        if value is None:
            return Text()
        if isinstance(value, str):
            return Text(value, value)
        d = self.mapping(value, path)
        if d is None:
            return Text()
        self.keys(d, path, {"zh", "en"})
        return Text(self.string(d, "zh", path), self.string(d, "en", path))

    def quantity_text(self, value: Any, path: str) -> Quantity | None:
        """``{amount: 5.4, unit: kg}`` or ``"5.4 kg"``."""
        if value is None:
            return None
        if isinstance(value, str):
            parts = value.strip().split(None, 1)
            if len(parts) != 2:
                self.err(path, f"expected '<amount> <unit>', got {value!r}")
                return None
            amount = self.number(parts[0], path)
            unit = self.unit(parts[1], path)
        else:
            d = self.mapping(value, path)
            if d is None:
                return None
            self.keys(d, path, {"amount", "unit"}, {"amount", "unit"})
            amount = self.number(d.get("amount"), join(path, "amount"))
            unit = self.unit(d.get("unit"), join(path, "unit"))
        return Quantity(amount, unit) if amount is not None and unit else None

    def uncertainty(self, value: Any, path: str, amount: float | None) -> Uncertainty | None:
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        dist = self.string(d, "distribution", path, required=True)
        fields = {
            "lognormal": {"gsd"},
            "normal": {"sd"},
            "triangular": {"min", "max"},
            "uniform": {"min", "max"},
        }
        if dist not in fields:
            if dist:
                self.err(join(path, "distribution"), f"{dist!r} is not one of {', '.join(fields)}")
            return None
        self.keys(d, path, {"distribution"} | fields[dist], {"distribution"} | fields[dist])
        if dist == "lognormal":
            gsd = self.number(d.get("gsd"), join(path, "gsd"), minimum=1.0, allow_equal=False)
            return Uncertainty(dist, gsd=gsd) if gsd else None
        if dist == "normal":
            sd = self.number(d.get("sd"), join(path, "sd"), minimum=0.0, allow_equal=False)
            return Uncertainty(dist, sd=sd) if sd else None
        lo = self.number(d.get("min"), join(path, "min"), minimum=None)
        hi = self.number(d.get("max"), join(path, "max"), minimum=None)
        if lo is None or hi is None:
            return None
        if not lo < hi:
            self.err(path, f"min ({lo:g}) must be below max ({hi:g})")
            return None
        if amount is not None and not lo <= amount <= hi:
            self.err(path, f"the amount {amount:g} lies outside [{lo:g}, {hi:g}]")
            return None
        return Uncertainty(dist, minimum=lo, maximum=hi)

    def pedigree(self, value: Any, path: str) -> Pedigree | None:
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        names = PEDIGREE_INDICATORS
        self.keys(d, path, set(names), set(names))
        scores = []
        for name in names:
            v = d.get(name)
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
                if name in d:
                    self.err(join(path, name), f"expected a whole number 1…5, got {v!r}")
                return None
            scores.append(v)
        return Pedigree(*scores)

    def citation(self, value: Any, path: str, *, required: bool) -> Citation:
        """A model's source (text or citation mapping); absent → an empty citation, reported if `required`."""
        cited = self.cited(value, path)
        if cited is None:
            if required:
                self.err(path, "a source is required (a text or {title, publisher, year, url, location})")
            return Citation("")
        return cited


def scale_uncertainty(u: Uncertainty, k: float) -> Uncertainty:
    """The same distribution for an amount multiplied by `k` > 0 (the GSD of a lognormal does not change)."""

    def mul(x: float | None) -> float | None:
        return None if x is None else x * k

    return Uncertainty(u.distribution, u.gsd, mul(u.sd), mul(u.minimum), mul(u.maximum))
