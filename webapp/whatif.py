"""Choices of the what-if panel: which factor references of a result can be swapped, and for what.

The swap itself is `products.replace_factor` (a new model with the reference replaced, validated again),
called through `webapp.compute.what_if`; these pure functions only prepare the choices and the comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

GREEN_FIRST = ("elec.footprint-pv.CN.2023", "elec.footprint-wind.CN.2023", "elec.footprint.CN.2023")
"""Electricity factors offered first: photovoltaic and wind power (life cycle), then the national mix."""


def swappable_refs(result: Mapping[str, Any], category: str = "electricity") -> list[str]:
    """Factor references of the model's inputs whose factor is in `category` (the grid), largest first."""
    by_factor = result.get("by_factor") or {}
    refs = {f["ref"] for f in result.get("factors") or [] if str(f.get("category", "")).startswith(category)}
    return sorted(refs, key=lambda r: -abs(float(by_factor.get(r, 0.0))))


def alternatives(codes: Sequence[str], current: str, preferred: Sequence[str] = GREEN_FIRST) -> list[str]:
    """`codes` without `current`, the preferred ones first (in their order), then the rest sorted."""
    available = [c for c in codes if c != current]
    first = [c for c in preferred if c in available]
    return first + sorted(c for c in available if c not in first)


def comparison(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, float | None]:
    """Totals before and after a swap, the change, and the change relative to before (None if before is 0)."""
    b, a = float(before["total"]), float(after["total"])
    return {"before": b, "after": a, "delta": a - b, "relative": (a - b) / b if b else None}
