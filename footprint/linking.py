"""Linking a model's factor references to factors: model-local, database code, or activity + fallback.

The result is a `FactorSet`: every referenced factor resolved once, its value expressed as kg CO2e per
unit of its reference quantity under the study's GWP set (per-gas factors re-characterized; CO2e factors
of another set used as given and flagged). Unknown references are reported all at once, with near matches.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from factors.gwp import GwpTable
from footprint.errors import Issue, UnknownFactors
from footprint.model import Citation, LocalFactor, Model, Pedigree, Text, Uncertainty


@dataclass(frozen=True)
class FactorRecord:
    """What the core needs of a database factor."""

    code: str
    activity: str
    name: Text
    value: float
    unit: str
    basis: str
    gwp: str
    gases: Mapping[str, float]
    scope: str
    geography: str
    reference_year: int | None
    category: str
    confidence: str
    citation: Citation
    release: str
    uncertainty: Uncertainty | None = None
    dq: Mapping[str, int] = field(default_factory=dict)


class FactorSource(Protocol):
    """Where database factors come from (the factor database, or a fixed set in tests and benchmarks)."""

    release: str

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]: ...

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None: ...

    def gwp_table(self, gwp_set: str) -> GwpTable: ...

    def known_codes(self) -> list[str]: ...


@dataclass(frozen=True)
class ResolvedFactor:
    """A factor as used by one study: value in kg CO2e per `unit` under the study's GWP set."""

    ref: str                           # the reference as written in the model
    code: str                          # the factor's own code
    origin: str                        # "local" | "database"
    name: Text
    value: float
    unit: str
    basis: str
    gwp: str
    gases: Mapping[str, float]         # kg gas per unit (per-gas factors), for by-gas results
    co2e_by_gas: Mapping[str, float]   # kg CO2e per unit split by gas (CO2e factors: "CO2e (not split)")
    scope: str
    geography: str
    reference_year: int | None
    release: str | None
    citation: str
    confidence: str
    uncertainty: Uncertainty | None
    pedigree: Pedigree | None
    resolution: str = ""               # how an activity reference was resolved (geography/year fallback)
    category: str = ""
    activity: str = ""


@dataclass(frozen=True)
class Flag:
    """A warning of the calculation: a code, an English message, where it is, the same message in Chinese."""

    code: str
    message: str
    path: str = ""
    message_zh: str = ""


@dataclass(frozen=True)
class FactorSet:
    factors: Mapping[str, ResolvedFactor]
    flags: tuple[Flag, ...]
    release: str | None
    gwp: GwpTable
    unknown: tuple[Issue, ...] = ()


UNSPLIT = "CO2e (not split)"


def link_factors(model: Model, source: FactorSource | None, *, gwp_set: str, strict: bool = True) -> FactorSet:
    """Resolve every factor reference of `model`; raise `UnknownFactors` naming each unknown reference.

    With ``strict=False`` unknown references are returned as `FactorSet.unknown` issues instead.
    """
    uses: dict[str, list[tuple[str, str, int | None]]] = {}
    for process in model.processes.values():
        refs = [(i.factor, i.path) for i in process.inputs] + [(s.factor, s.path) for s in process.substitutes]
        for ref, path in refs:   # substitutes: the burden a credit avoids
            if ref is not None:
                uses.setdefault(ref, []).append(
                    (path, process.geography or model.product.geography, model.product.reference_year))
    gwp = source.gwp_table(gwp_set) if source is not None else _builtin_gwp(gwp_set)
    flags: list[Flag] = []
    resolved: dict[str, ResolvedFactor] = {}
    found = source.get(list(uses)) if (source is not None and uses) else {}
    unknown: list[Issue] = []
    for ref, places in uses.items():
        first_path = places[0][0]
        if ref in model.factors:
            if ref in found:
                flags.append(Flag("local_shadows_database", f"model-local factor {ref!r} is used instead of the "
                                  "database factor with the same code", f"factors.{ref}",
                                  f"使用了模型内因子 {ref!r}，而非数据库中同代码的因子"))
            resolved[ref] = _from_local(model.factors[ref], gwp, flags)
            continue
        if ref in found:
            resolved[ref] = _from_record(ref, found[ref], gwp, flags, first_path)
            continue
        hit = source.resolve(ref, places[0][1], places[0][2]) if source is not None else None
        if hit is not None:
            record, note = hit
            resolved[ref] = _from_record(ref, record, gwp, flags, first_path, note)
            flags.append(Flag("activity_resolved", f"{ref!r} resolved to {record.code} ({note})", first_path,
                              f"{ref!r} 按地区/年份回退解析为 {record.code}（{record.geography}，"
                              f"{record.reference_year or '年份未注明'}）"))
            continue
        candidates = list(model.factors) + (source.known_codes() if source is not None else [])
        near = difflib.get_close_matches(ref, candidates, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        for path, _geo, _year in places:
            unknown.append(Issue(f"{path}.factor", f"unknown factor {ref!r}: not model-local, not a code of "
                                 f"release {source.release if source else '(no database)'}, not an activity{hint}"))
    if unknown and strict:
        raise UnknownFactors(model.file, unknown)
    return FactorSet(resolved, tuple(flags), source.release if source is not None else None, gwp, tuple(unknown))


def _characterize(basis: str, gwp_declared: str, value: float, gases: Mapping[str, float], gwp: GwpTable,
                  ref: str, flags: list[Flag], path: str) -> tuple[float, dict[str, float]]:
    if basis == "gases":
        by_gas = {g: a * gwp.factor(g) for g, a in gases.items()}
        for g in gases:
            general = gwp.fallback_used(g)
            if general:
                flags.append(Flag("gwp_fallback", f"{ref}: {gwp.gwp_set.value} has no own value for {g}; the "
                                  f"general {general} value is used", path,
                                  f"{ref}：{gwp.gwp_set.value} 未单列 {g} 的值，采用通用 {general} 值"))
        return sum(by_gas.values()), by_gas
    if basis == "CO2":
        return value, {"CO2": value}
    if gwp_declared == "unspecified":
        flags.append(Flag("gwp_unspecified", f"{ref}: CO2e under an unstated GWP set, used as given", path,
                          f"{ref}：来源未说明 GWP 版本的 CO2e 值，按原值使用"))
    elif gwp_declared and gwp_declared != gwp.gwp_set.value:
        flags.append(Flag("gwp_mismatch", f"{ref}: given as CO2e under {gwp_declared}, used as given in a "
                          f"{gwp.gwp_set.value} study (it cannot be re-characterized)", path,
                          f"{ref}：按 {gwp_declared} 给出的 CO2e 值，在 {gwp.gwp_set.value} 研究中按原值使用（无法重新表征）"))
    return value, {UNSPLIT: value}


def _from_local(lf: LocalFactor, gwp: GwpTable, flags: list[Flag]) -> ResolvedFactor:
    value, by_gas = _characterize(lf.basis, lf.gwp, lf.value, lf.gases, gwp, lf.code, flags, lf.path)
    return ResolvedFactor(
        ref=lf.code, code=lf.code, origin="local", name=lf.name, value=value, unit=lf.unit, basis=lf.basis,
        gwp=lf.gwp if lf.basis == "CO2e" else (gwp.gwp_set.value if lf.basis == "gases" else ""),
        gases=lf.gases, co2e_by_gas=by_gas, scope="", geography=lf.geography, reference_year=lf.reference_year,
        release=None, citation=lf.source.text(), confidence="", uncertainty=lf.uncertainty, pedigree=lf.pedigree,
    )


def _from_record(ref: str, r: FactorRecord, gwp: GwpTable, flags: list[Flag], path: str,
                 resolution: str = "") -> ResolvedFactor:
    value, by_gas = _characterize(r.basis, r.gwp, r.value, r.gases, gwp, r.code, flags, path)
    pedigree = None
    names = ("dq_reliability", "dq_completeness", "dq_temporal", "dq_geographical", "dq_technological")
    if all(r.dq.get(n) for n in names):
        pedigree = Pedigree(*(int(r.dq[n]) for n in names))
    return ResolvedFactor(
        ref=ref, code=r.code, origin="database", name=r.name, value=value, unit=r.unit, basis=r.basis,
        gwp=r.gwp if r.basis == "CO2e" else (gwp.gwp_set.value if r.basis == "gases" else ""), gases=r.gases,
        co2e_by_gas=by_gas, scope=r.scope, geography=r.geography, reference_year=r.reference_year,
        release=r.release, citation=r.citation.text(), confidence=r.confidence, uncertainty=r.uncertainty,
        pedigree=pedigree, resolution=resolution, category=r.category, activity=r.activity,
    )


def _builtin_gwp(gwp_set: str) -> GwpTable:
    """Without a database only CO2 can be characterized; other gases need a release's GWP table."""
    from factors.vocab import GwpSet

    return GwpTable(GwpSet(gwp_set), {"CO2": 1.0}, "none")
