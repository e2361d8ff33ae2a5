"""Pedigree scores → lognormal uncertainty (ecoinvent method) and the PEF data-quality rating."""

from __future__ import annotations

import math

from factors.vocab import PEDIGREE_LABELS
from footprint.model import Pedigree

# Uncertainty factors U (contributions to the 95 % interval, i.e. to GSD²) per pedigree score 1…5:
# Weidema B.P. et al. (2013) "Overview and methodology. Data quality guideline for the ecoinvent
# database version 3", ecoinvent Report 1(v3), Table 10.5 (as reproduced in openLCA's ecoinvent data
# quality system, GreenDelta olca-modules `PedigreeDQSystem`).
UNCERTAINTY_FACTORS: dict[str, tuple[float, ...]] = {
    "reliability": (1.0, 1.05, 1.10, 1.20, 1.50),
    "completeness": (1.0, 1.02, 1.05, 1.10, 1.20),
    "temporal": (1.0, 1.03, 1.10, 1.20, 1.50),
    "geographical": (1.0, 1.01, 1.02, 1.05, 1.10),
    "technological": (1.0, 1.05, 1.20, 1.50, 2.00),
}
# Basic uncertainty factor for demands of energy and materials and for CO2 emissions (same report,
# Table 10.4: U_b = 1.05, variance 0.0006 of the underlying normal).
BASIC_FACTOR = 1.05


def pedigree_sigma(p: Pedigree, basic_factor: float = BASIC_FACTOR) -> float:
    """σ of ln(amount): sqrt(Σ (ln U_i / 2)²) over the basic factor and the five indicator factors."""
    terms = [basic_factor] + [UNCERTAINTY_FACTORS[name][getattr(p, name) - 1] for name in UNCERTAINTY_FACTORS]
    return math.sqrt(sum((math.log(u) / 2) ** 2 for u in terms))


def pedigree_gsd(p: Pedigree, basic_factor: float = BASIC_FACTOR) -> float:
    """Geometric standard deviation exp(σ) implied by the pedigree scores."""
    return math.exp(pedigree_sigma(p, basic_factor))


def dqr(p: Pedigree) -> float:
    """PEF data-quality rating (TeR + GeR + TiR + P) / 4, with P taken from reliability.

    Commission Recommendation (EU) 2021/2279, Annex I (PEF method), section 4.6.5: the DQR of a
    dataset is the mean of technological, geographical and time representativeness and precision.
    """
    return (p.technological + p.geographical + p.temporal + p.reliability) / 4


DQR_LEVEL_LABELS: dict[str, tuple[str, str]] = {  # PEF quality levels (zh, en)
    "excellent": ("优", "excellent"),
    "very good": ("很好", "very good"),
    "good": ("良好", "good"),
    "fair": ("一般", "fair"),
    "poor": ("较差", "poor"),
    "not assessed": ("未评估", "not assessed"),
}


DQR_INDICATOR_LABELS: dict[str, tuple[str, str]] = {  # the PEF DQR indicators of footprint.quality
    "TeR": PEDIGREE_LABELS["technological"],
    "GeR": PEDIGREE_LABELS["geographical"],
    "TiR": PEDIGREE_LABELS["temporal"],
    "P": ("精确度", "Precision"),  # PEF's P, read from the pedigree's reliability score
}
"""Each PEF data-quality indicator's label (zh, en); the representativeness ones are the pedigree's."""


def dqr_level(value: float) -> str:
    """PEF quality level of a DQR: ≤1.5 excellent, ≤2 very good, ≤3 good, ≤4 fair, else poor."""
    if value <= 1.5:
        return "excellent"
    if value <= 2.0:
        return "very good"
    if value <= 3.0:
        return "good"
    if value <= 4.0:
        return "fair"
    return "poor"
