"""Closed vocabularies of the factor database, as string enums (stored as their values)."""

from __future__ import annotations

from enum import StrEnum


class Basis(StrEnum):
    """What a factor's value counts."""

    CO2 = "CO2"  # kg CO2 only (e.g. the MEE/NBS grid factors)
    CO2E = "CO2e"  # kg CO2 equivalents under a named GWP set
    GASES = "gases"  # per-gas amounts, re-characterized by the calculation


def intensity_unit(basis: str, unit: str) -> str:
    """The unit of a factor's value as people read it: ``kg CO2 / kWh`` or ``kg CO2e / kWh``."""
    return f"kg {'CO2' if basis == Basis.CO2 else 'CO2e'} / {unit}"


class GwpSet(StrEnum):
    """IPCC GWP100 sets; `unspecified` when a source gives CO2e without saying which."""

    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"
    UNSPECIFIED = "unspecified"


CALC_GWP_SETS: tuple[GwpSet, ...] = (GwpSet.AR4, GwpSet.AR5, GwpSet.AR6)
"""The GWP sets a calculation may characterize with (a factor may also say `unspecified`)."""

GWP_LABELS: dict[GwpSet, tuple[str, str]] = {
    GwpSet.AR4: ("IPCC 第四次评估报告（AR4）GWP100", "IPCC AR4 GWP100"),
    GwpSet.AR5: ("IPCC 第五次评估报告（AR5）GWP100", "IPCC AR5 GWP100"),
    GwpSet.AR6: ("IPCC 第六次评估报告（AR6）GWP100", "IPCC AR6 GWP100"),
    GwpSet.UNSPECIFIED: ("未说明", "unspecified"),
}
"""Each GWP set's label shown to people (zh, en)."""


def gwp_names(sets: tuple[GwpSet, ...] = CALC_GWP_SETS, last: str = " or ") -> str:
    """The sets as written in messages: "AR4, AR5 or AR6" (``last=", "`` gives "AR4, AR5, AR6")."""
    values = [s.value for s in sets]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + last + values[-1]


class Scope(StrEnum):
    """Life-cycle scope of a factor."""

    COMBUSTION = "combustion"
    WELL_TO_TANK = "well_to_tank"
    WELL_TO_WHEEL = "well_to_wheel"
    GENERATION = "generation"
    GATE_TO_GATE = "gate_to_gate"
    CRADLE_TO_GATE = "cradle_to_gate"
    CRADLE_TO_GRAVE = "cradle_to_grave"
    UNSPECIFIED = "unspecified"


class Distribution(StrEnum):
    """Uncertainty distributions a factor (or model input) can carry."""

    NONE = ""
    LOGNORMAL = "lognormal"
    NORMAL = "normal"
    TRIANGULAR = "triangular"
    UNIFORM = "uniform"


class AltRole(StrEnum):
    """Role of a factor among the alternatives of one activity (sources that disagree)."""

    NONE = ""  # the only value of its activity here: resolved as usual
    DEFAULT = "default"  # the chosen value of a group of alternatives: what resolution returns
    ALTERNATIVE = "alternative"  # another published value: shown by compare, used only by its code


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class FactorStatus(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    PUBLISHED = "published"
    DEPRECATED = "deprecated"


class ReleaseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class GeoLevel(StrEnum):
    GLOBAL = "global"
    REGION = "region"
    COUNTRY = "country"
    GRID_REGION = "grid_region"
    PROVINCE = "province"
    CITY = "city"


PEDIGREE_INDICATORS: tuple[str, ...] = (
    "reliability",
    "completeness",
    "temporal",
    "geographical",
    "technological",
)
"""The pedigree-matrix indicators (Weidema), in the order of a pedigree tuple and of the factor columns."""

PEDIGREE_LABELS: dict[str, tuple[str, str]] = {
    "reliability": ("可靠性", "Reliability"),
    "completeness": ("完整性", "Completeness"),
    "temporal": ("时间代表性", "Temporal representativeness"),
    "geographical": ("地理代表性", "Geographical representativeness"),
    "technological": ("技术代表性", "Technological representativeness"),
}
"""Each pedigree indicator's label shown to people (zh, en)."""

DQ_FIELDS: tuple[str, ...] = tuple(f"dq_{name}" for name in PEDIGREE_INDICATORS)
"""The factor table's data-quality columns, one per pedigree indicator."""
