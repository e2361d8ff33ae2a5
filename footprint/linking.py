"""Linking a model's factor references to factors: model-local, database code, background process,
or activity + fallback.

The result is a `FactorSet`: every referenced factor resolved once, its value expressed as kg CO2e per
unit of its reference quantity under the study's GWP set (per-gas factors re-characterized; CO2e factors
of another set used as given and flagged). A background process of the database is solved at the
geography of the process that uses it (`footprint.background`); used from processes in several
geographies it is solved once per geography, under the key ``<code>@<geography>``. Unknown references
are reported all at once, with near matches.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from factors.gwp import GwpTable
from factors.vocab import DQ_FIELDS
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

    ref: str  # the reference as written in the model
    code: str  # the factor's own code
    origin: str  # "local" | "database"
    name: Text
    value: float
    unit: str
    basis: str
    gwp: str
    gases: Mapping[str, float]  # kg gas per unit (per-gas factors), for by-gas results
    co2e_by_gas: Mapping[str, float]  # kg CO2e per unit split by gas (CO2e factors: "CO2e (not split)")
    scope: str
    geography: str
    reference_year: int | None
    release: str | None
    citation: str
    confidence: str
    uncertainty: Uncertainty | None
    pedigree: Pedigree | None
    resolution: str = ""  # how an activity reference was resolved (geography/year fallback)
    category: str = ""
    activity: str = ""
    parts: tuple[Mapping[str, Any], ...] = ()  # background process: each linked item, where it came from


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
    keys: Mapping[str, str] = field(default_factory=dict)  # input path -> factor key, where it is not the ref

    def key_of(self, path: str, ref: str) -> str:
        """The key in `factors` of the factor used by the input at `path` that references `ref`."""
        return self.keys.get(path, ref)


UNSPLIT = "CO2e (not split)"


def link_factors(
    model: Model, source: FactorSource | None, *, gwp_set: str, strict: bool = True
) -> FactorSet:
    """Resolve every factor reference of `model`; raise `UnknownFactors` naming each unknown reference.

    With ``strict=False`` unknown references are returned as `FactorSet.unknown` issues instead.
    """
    uses: dict[str, list[tuple[str, str, int | None]]] = {}
    for process in model.processes.values():
        refs = [(i.factor, i.path) for i in process.inputs] + [
            (s.factor, s.path) for s in process.substitutes
        ]
        for ref, path in refs:  # substitutes: the burden a credit avoids
            if ref is not None:
                uses.setdefault(ref, []).append(
                    (path, process.geography or model.product.geography, model.product.reference_year)
                )
    gwp = source.gwp_table(gwp_set) if source is not None else _builtin_gwp(gwp_set)
    flags: list[Flag] = []
    resolved: dict[str, ResolvedFactor] = {}
    found = source.get(list(uses)) if (source is not None and uses) else {}
    unknown: list[Issue] = []
    processes = _background(source, [r for r in uses if r not in model.factors and r not in found])
    keys: dict[str, str] = {}
    for ref, places in uses.items():
        first_path = places[0][0]
        if ref in model.factors:
            if ref in found:
                flags.append(
                    Flag(
                        "local_shadows_database",
                        f"model-local factor {ref!r} is used instead of the "
                        "database factor with the same code",
                        f"factors.{ref}",
                        f"使用了模型内因子 {ref!r}，而非数据库中同代码的因子",
                    )
                )
            try:
                resolved[ref] = _from_local(model.factors[ref], gwp, flags)
            except (
                KeyError
            ) as exc:  # a gas the GWP table has no value for: one located problem among the others
                gas = next((g for g in model.factors[ref].gases if f"gas {g!r}" in str(exc.args[0])), "")
                unknown.append(Issue(f"factors.{ref}.gases" + (f".{gas}" if gas else ""), str(exc.args[0])))
            continue
        if ref in found:
            resolved[ref] = from_record(ref, found[ref], gwp, flags, first_path)
            continue
        if ref in processes and source is not None:
            _link_process(ref, places, source, processes, gwp, flags, unknown, resolved, keys)
            continue
        hit = source.resolve(ref, places[0][1], places[0][2]) if source is not None else None
        if hit is not None:
            record, note = hit
            resolved[ref] = from_record(ref, record, gwp, flags, first_path, note)
            flags.append(
                Flag(
                    "activity_resolved",
                    f"{ref!r} resolved to {record.code} ({note})",
                    first_path,
                    f"{ref!r} 按地区/年份回退解析为 {record.code}（{record.geography}，"
                    f"{record.reference_year or '年份未注明'}）",
                )
            )
            continue
        candidates = list(model.factors) + (source.known_codes() if source is not None else [])
        near = difflib.get_close_matches(ref, candidates, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        for path, _geo, _year in places:
            unknown.append(
                Issue(
                    f"{path}.factor",
                    f"unknown factor {ref!r}: not model-local, not a code of "
                    f"release {source.release if source else '(no database)'}, not an activity{hint}",
                )
            )
    if unknown and strict:
        raise UnknownFactors(model.file, unknown)
    release = (getattr(source, "release_label", None) or source.release) if source is not None else None
    return FactorSet(resolved, tuple(flags), release, gwp, tuple(unknown), keys)


def _background(source: FactorSource | None, refs: list[str]) -> dict[str, Any]:
    from footprint.background import processes_of

    return processes_of(source, refs) if refs else {}


def _link_process(
    ref: str,
    places: list[tuple[str, str, int | None]],
    source: FactorSource,
    processes: dict[str, Any],
    gwp: GwpTable,
    flags: list[Flag],
    unknown: list[Issue],
    resolved: dict[str, ResolvedFactor],
    keys: dict[str, str],
) -> None:
    """Solve background process `ref` once per geography of the processes that use it."""
    from footprint.background import solve_process

    geographies = list(dict.fromkeys(geo for _path, geo, _year in places))
    for geo in geographies:
        key = ref if len(geographies) == 1 else f"{ref}@{geo}"
        at_geo = [p for p in places if p[1] == geo]
        issues: list[Issue] = []
        solved = solve_process(
            ref,
            key=key,
            geography=geo,
            year=at_geo[0][2],
            source=source,
            processes=processes,
            gwp=gwp,
            flags=flags,
            issues=issues,
            path=at_geo[0][0],
        )
        unknown += [Issue(f"{i.path}.factor", i.message) for i in issues]
        if solved is None:
            continue
        resolved[key] = solved
        if key != ref:
            keys.update({path: key for path, _g, _y in at_geo})
        linked = "；".join(f"{p['ref']} → {p['code']}" for p in solved.parts if p["kind"] != "emission")
        flags.append(
            Flag(
                "background_process",
                f"{ref!r}: {solved.resolution}",
                at_geo[0][0],
                f"{ref!r}：背景过程按使用地 {geo} 求解（{linked}）",
            )
        )


def _characterize(
    basis: str,
    gwp_declared: str,
    value: float,
    gases: Mapping[str, float],
    gwp: GwpTable,
    ref: str,
    flags: list[Flag],
    path: str,
) -> tuple[float, dict[str, float]]:
    if basis == "gases":
        by_gas = {g: a * gwp.factor(g) for g, a in gases.items()}
        for g in gases:
            general = gwp.fallback_used(g)
            if general:
                flags.append(
                    Flag(
                        "gwp_fallback",
                        f"{ref}: {gwp.gwp_set.value} has no own value for {g}; the "
                        f"general {general} value is used",
                        path,
                        f"{ref}：{gwp.gwp_set.value} 未单列 {g} 的值，采用通用 {general} 值",
                    )
                )
        return sum(by_gas.values()), by_gas
    if basis == "CO2":
        return value, {"CO2": value}
    if gwp_declared == "unspecified":
        flags.append(
            Flag(
                "gwp_unspecified",
                f"{ref}: CO2e under an unstated GWP set, used as given",
                path,
                f"{ref}：来源未说明 GWP 版本的 CO2e 值，按原值使用",
            )
        )
    elif gwp_declared and gwp_declared != gwp.gwp_set.value:
        flags.append(
            Flag(
                "gwp_mismatch",
                f"{ref}: given as CO2e under {gwp_declared}, used as given in a "
                f"{gwp.gwp_set.value} study (it cannot be re-characterized)",
                path,
                f"{ref}：按 {gwp_declared} 给出的 CO2e 值，在 {gwp.gwp_set.value} 研究中按原值使用（无法重新表征）",
            )
        )
    return value, {UNSPLIT: value}


def _from_local(lf: LocalFactor, gwp: GwpTable, flags: list[Flag]) -> ResolvedFactor:
    value, by_gas = _characterize(lf.basis, lf.gwp, lf.value, lf.gases, gwp, lf.code, flags, lf.path)
    return ResolvedFactor(
        ref=lf.code,
        code=lf.code,
        origin="local",
        name=lf.name,
        value=value,
        unit=lf.unit,
        basis=lf.basis,
        gwp=lf.gwp if lf.basis == "CO2e" else (gwp.gwp_set.value if lf.basis == "gases" else ""),
        gases=lf.gases,
        co2e_by_gas=by_gas,
        scope="",
        geography=lf.geography,
        reference_year=lf.reference_year,
        release=None,
        citation=lf.source.text(),
        confidence="",
        uncertainty=lf.uncertainty,
        pedigree=lf.pedigree,
    )


def from_record(
    ref: str, r: FactorRecord, gwp: GwpTable, flags: list[Flag], path: str, resolution: str = ""
) -> ResolvedFactor:
    """A database factor as used by a study (characterized under the study's GWP set; flags added)."""
    value, by_gas = _characterize(r.basis, r.gwp, r.value, r.gases, gwp, r.code, flags, path)
    pedigree = None
    names = DQ_FIELDS
    if all(r.dq.get(n) for n in names):
        pedigree = Pedigree(*(int(r.dq[n]) for n in names))
    return ResolvedFactor(
        ref=ref,
        code=r.code,
        origin="database",
        name=r.name,
        value=value,
        unit=r.unit,
        basis=r.basis,
        gwp=r.gwp if r.basis == "CO2e" else (gwp.gwp_set.value if r.basis == "gases" else ""),
        gases=r.gases,
        co2e_by_gas=by_gas,
        scope=r.scope,
        geography=r.geography,
        reference_year=r.reference_year,
        release=r.release,
        citation=r.citation.text(),
        confidence=r.confidence,
        uncertainty=r.uncertainty,
        pedigree=pedigree,
        resolution=resolution,
        category=r.category,
        activity=r.activity,
    )


def _builtin_gwp(gwp_set: str) -> GwpTable:
    """Without a database only CO2 can be characterized; other gases need a release's GWP table."""
    from factors.vocab import GwpSet

    return GwpTable(GwpSet(gwp_set), {"CO2": 1.0}, "none")
