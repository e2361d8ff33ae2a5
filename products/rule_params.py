"""The named parameters a product category rule may carry, and the check of each one's value.

A name is ``[<functional unit id>.]<parameter>``; the checks below are keyed by the parameter part.
Every check returns "" for a good value, else what would be right.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from factors.vocab import CALC_GWP_SETS
from footprint.model import Stage
from products.rules import ElectricityMethod

_SEVERITIES = ("error", "warning", "info")


def is_number(v: Any) -> bool:
    """A finite int or float (not a bool)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _share(v: Any) -> str:
    return "" if is_number(v) and 0 <= v <= 1 else "expected a share between 0 and 1"


def _subset(allowed: tuple[str, ...]) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if not isinstance(v, list) or not v or any(x not in allowed for x in v):
            return f"expected a non-empty list of {', '.join(allowed)}"
        return ""

    return check


def _positive_or_null(v: Any) -> str:
    return "" if v is None or (is_number(v) and v > 0) else "expected a positive number or null"


def _cycles(v: Any) -> str:
    if isinstance(v, Mapping):
        bad = [k for k, n in v.items() if not (is_number(n) and n > 0)]
        return f"expected positive numbers, not for {', '.join(map(str, bad))}" if bad else ""
    return _positive_or_null(v)


def _stage_map(v: Any) -> str:
    if not isinstance(v, Mapping):
        return "expected a mapping of model stages to declaration stages"
    stages = {s.value for s in Stage}
    bad = [k for k in v if k not in stages]
    if bad:
        return f"{', '.join(map(str, bad))}: not a model stage ({', '.join(sorted(stages))})"
    return "" if all(x is None or isinstance(x, str) for x in v.values()) else "values are names or null"


def _stage_names(v: Any) -> str:
    if not isinstance(v, Mapping) or not all(
        isinstance(t, Mapping) and t.get("zh") and t.get("en") for t in v.values()
    ):
        return "expected a mapping of declaration stages to {zh, en} names"
    return ""


PARAMETER_CHECKS: dict[str, Callable[[Any], str]] = {
    "cutoff.max_single_share": _share,
    "cutoff.max_total_share": _share,
    "cutoff.bases": _subset(("mass", "impact", "energy")),
    "mass_balance.tolerance": _share,
    "allocation.methods": _subset(("mass", "economic", "shares", "system_expansion")),
    "end_of_life.method": lambda v: "" if v in ("cut_off", "cff") else "expected cut_off or cff",
    "cff.A": lambda v: "" if v is None else _share(v),
    "cff.B": lambda v: "" if v is None else _share(v),
    "electricity.methods": _subset(tuple(m.value for m in ElectricityMethod)),
    "electricity.lifecycle_required": lambda v: "" if isinstance(v, bool) else "expected true or false",
    "electricity.default_factor": lambda v: (
        "" if isinstance(v, str) and v.strip() else "expected a factor code or activity, e.g. elec.footprint"
    ),
    "gwp.allowed_sets": _subset(tuple(s.value for s in CALC_GWP_SETS)),
    "gwp.mismatch_severity": lambda v: "" if v in _SEVERITIES else "expected one of error, warning, info",
    "data_quality.max_dqr": lambda v: "" if is_number(v) and 1 <= v <= 5 else "expected a DQR from 1 to 5",
    "data_quality.min_coverage": _share,
    "stage_map": _stage_map,
    "stage_names": _stage_names,
    "scope_min_energy_kwh": lambda v: "" if is_number(v) and v >= 0 else "expected a number of kWh >= 0",
    "cycles_per_year": _cycles,
    "default_application": lambda v: "" if v is None or isinstance(v, str) else "expected a name or null",
    "service_years": _positive_or_null,
    "lifetime_cycles": _positive_or_null,
    "capacity_basis": lambda v: (
        "" if v in ("rated_energy", "usable_energy") else "expected rated_energy or usable_energy"
    ),
}
RULE_WIDE = (
    "cutoff.max_single_share",
    "cutoff.max_total_share",
    "cutoff.bases",
    "allocation.methods",
    "electricity.methods",
    "electricity.lifecycle_required",
    "gwp.allowed_sets",
    "gwp.mismatch_severity",
    "data_quality.max_dqr",
    "data_quality.min_coverage",
)
LIFETIME = (
    "stage_map",
    "stage_names",
    "capacity_basis",
    "cycles_per_year",
    "service_years",
    "lifetime_cycles",
)
