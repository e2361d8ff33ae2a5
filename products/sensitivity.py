"""Sensitivity tables of a battery model: one factor choice changed at a time (background processes too).

A variant is a set of swaps ``{old: new}`` of factor codes or activities (`footprint.sources.SwappedFactors`),
so the same swap reaches the model's own inputs and the background processes it uses (the lithium carbonate
inside the LFP cathode synthesis, the electricity of the copper foil). Each row gives the total per functional
unit and its change against the base case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from footprint.calculate import calculate
from footprint.linking import FactorSource
from footprint.model import Model
from footprint.sources import SwappedFactors


@dataclass(frozen=True)
class Variant:
    """One changed choice: its group (e.g. electricity method), a label and the swaps it makes."""

    group: str
    label: str
    swaps: Mapping[str, str] = field(default_factory=dict)


def sensitivity(model: Model, source: FactorSource, variants: Iterable[Variant]) -> list[dict[str, Any]]:
    """The total of `model` for the base case and each variant, with the change against the base."""
    base = calculate(model, source).total
    rows: list[dict[str, Any]] = [
        {
            "group": "base",
            "label": "as modelled",
            "swaps": "",
            "total": base,
            "change": 0.0,
            "change_share": 0.0,
        }
    ]
    for v in variants:
        total = calculate(model, SwappedFactors(source, dict(v.swaps))).total
        rows.append(
            {
                "group": v.group,
                "label": v.label,
                "swaps": ", ".join(f"{k} → {t}" for k, t in v.swaps.items()),
                "total": total,
                "change": total - base,
                "change_share": (total - base) / base if base else None,
            }
        )
    return rows


def codes_of(source: FactorSource, prefixes: Sequence[str]) -> list[str]:
    """The codes of `source` that start with one of `prefixes` (e.g. every graphite alternative)."""
    return sorted(c for c in source.known_codes() if c.startswith(tuple(prefixes)))


def battery_variants(
    source: FactorSource,
    *,
    graphite: str,
    electricity: str = "elec.footprint",
    lithium: str = "li2co3.lepidolite",
    cathode: str | None = None,
    cathode_alternatives: Sequence[str] = (),
) -> list[Variant]:
    """The sensitivity cases of a Chinese battery model: graphite, electricity method, lithium route.

    `graphite` is the graphite code the model uses; every other ``graphite.`` code of the release is a case.
    Electricity: CO2-only grid factors (Jiangxi, national) and life-cycle factors (2023, 2024, GREET's China
    mix) in place of `electricity`. Lithium: the other Chinese Li2CO3 routes in place of `lithium`.
    """
    known = set(source.known_codes())
    out = [
        Variant("graphite", f"graphite {c}", {graphite: c})
        for c in codes_of(source, ("graphite.",))
        if c != graphite
    ]
    for label, code in (
        ("CO2-only grid, Jiangxi 2023 (MEE/NBS)", "elec.grid.CN-JX.2023"),
        ("CO2-only grid, national 2023 (MEE/NBS)", "elec.grid.CN.2023"),
        ("life-cycle, national 2023 (MEE/NBS/NEA)", "elec.footprint.CN.2023"),
        ("life-cycle, national 2024 (MEE/NBS/NEA)", "elec.footprint.CN.2024"),
        ("life-cycle, China mix in GREET 2022", "elec.footprint.greet-model.CN.2022"),
    ):
        if code in known:
            out.append(Variant("electricity", label, {electricity: code}))
    for label, activity in (
        ("Li2CO3 from spodumene (Liu et al.)", "li2co3.spodumene"),
        ("Li2CO3 from domestic brine (Liu et al.)", "li2co3.brine"),
        ("Li2CO3, China consumption mix (Liu et al.)", "li2co3.cn-consumption-mix"),
    ):
        if any(c.startswith(f"{activity}.") for c in known):
            out.append(Variant("lithium route", label, {lithium: activity}))
    if cathode:
        out += [
            Variant("cathode active material", f"aggregated {c}", {cathode: c})
            for c in cathode_alternatives
            if c in known
        ]
    return out
