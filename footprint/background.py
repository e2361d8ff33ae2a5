"""Background processes solved at the geography of the process that uses them.

A background process (``factors.processes``) lists the inputs of one unit of a material: factor
activities or codes, other background processes, direct emissions. A model references it like a factor
(``{factor: bg.lfp-cam.solid-state, amount: 2, unit: kg}``); the core solves it here: every activity
input is resolved by geography fallback from the *using* process's geography (Yichun → Jiangxi →
Central China grid → China → GLO), and only where that path has no factor from the background
process's own geography. The answer is one `ResolvedFactor` whose `parts` say, per linked item, what
was taken from where, so a result shows which parts of a material came from which geography.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from factors.gwp import GwpTable
from footprint.errors import Issue
from footprint.linking import FactorRecord, FactorSource, Flag, ResolvedFactor, from_record
from footprint.model import Citation, Text, Uncertainty
from footprint.units import UnitError, convert


@dataclass(frozen=True)
class ProcessExchange:
    """One input (`ref` = a factor code/activity or a background process) or direct emission (`ref` = gas)."""

    kind: str  # "input" | "emission"
    ref: str
    amount: float
    unit: str
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class ProcessRecord:
    """What the core needs of a background process of the factor database."""

    code: str
    activity: str
    name: Text
    unit: str
    geography: str
    reference_year: int | None
    category: str
    confidence: str
    citation: Citation
    release: str
    exchanges: tuple[ProcessExchange, ...]
    proxy: bool = False
    uncertainty: Uncertainty | None = None
    notes: str = ""


class ProcessSource(Protocol):
    """A factor source that also holds background processes."""

    def get_processes(self, codes: Iterable[str]) -> dict[str, ProcessRecord]: ...


@dataclass
class _Context:
    source: FactorSource
    processes: dict[str, ProcessRecord]
    gwp: GwpTable
    year: int | None
    flags: list[Flag]
    issues: list[Issue]
    path: str
    cache: dict[tuple[str, str], ResolvedFactor] = field(default_factory=dict)


def processes_of(source: FactorSource | None, refs: Iterable[str]) -> dict[str, ProcessRecord]:
    """The background processes among `refs` (and those they use), if `source` holds any."""
    getter = getattr(source, "get_processes", None)
    if getter is None:
        return {}
    found: dict[str, ProcessRecord] = {}
    todo = list(dict.fromkeys(refs))
    while todo:
        new = {c: p for c, p in getter(todo).items() if c not in found}
        if not new:
            break
        found.update(new)
        todo = list(
            dict.fromkeys(
                ex.ref
                for p in new.values()
                for ex in p.exchanges
                if ex.kind == "input" and ex.ref not in found
            )
        )
    return found


def solve_process(
    code: str,
    *,
    key: str,
    geography: str,
    year: int | None,
    source: FactorSource,
    processes: dict[str, ProcessRecord],
    gwp: GwpTable,
    flags: list[Flag],
    issues: list[Issue],
    path: str,
) -> ResolvedFactor | None:
    """Solve background process `code` at `geography`: kg CO2e per its unit, with its parts; None on error."""
    ctx = _Context(source, processes, gwp, year, flags, issues, path)
    solved = _solve(code, geography, ctx, (code,))
    if solved is None:
        return None
    return ResolvedFactor(**{**solved.__dict__, "ref": key})


def _solve(code: str, geography: str, ctx: _Context, stack: tuple[str, ...]) -> ResolvedFactor | None:
    if (code, geography) in ctx.cache:
        return ctx.cache[(code, geography)]
    rec = ctx.processes[code]
    parts: list[dict[str, Any]] = []
    by_gas: dict[str, float] = {}
    total = 0.0
    ok = True
    for ex in rec.exchanges:
        part, value_per_unit, split = _exchange(rec, ex, geography, ctx, stack)
        if part is None:
            ok = False
            continue
        contribution = ex.amount * part.pop("_k") * value_per_unit
        total += contribution
        share = sum(split.values())
        for gas, v in split.items():
            by_gas[gas] = by_gas.get(gas, 0.0) + contribution * (v / share if share else 0.0)
        parts.append(
            {
                **part,
                "amount": ex.amount,
                "unit": ex.unit,
                "contribution": contribution,
                "source": ex.source,
                "note": ex.note,
            }
        )
    if not ok:
        return None
    resolution = f"background process {code} solved at {geography}: " + "; ".join(
        f"{p['ref']} → {p['code']} ({p['geography']})" for p in parts if p["kind"] != "emission"
    )
    solved = ResolvedFactor(
        ref=code,
        code=code,
        origin="process",
        name=rec.name,
        value=total,
        unit=rec.unit,
        basis="CO2e",
        gwp=ctx.gwp.gwp_set.value,
        gases={},
        co2e_by_gas=by_gas,
        scope="cradle_to_gate",
        geography=geography,
        reference_year=rec.reference_year,
        release=rec.release,
        citation=rec.citation.text(),
        confidence=rec.confidence,
        uncertainty=rec.uncertainty,
        pedigree=None,
        resolution=resolution,
        category=rec.category,
        activity=rec.activity,
        parts=tuple(parts),
    )
    ctx.cache[(code, geography)] = solved
    return solved


def _exchange(
    rec: ProcessRecord, ex: ProcessExchange, geography: str, ctx: _Context, stack: tuple[str, ...]
) -> tuple[dict[str, Any] | None, float, Mapping[str, float]]:
    where = f"{ctx.path} → background process {rec.code}, {ex.kind} {ex.ref!r}"
    if ex.kind == "emission":
        k = _convert(ex.unit, "kg", where, ctx)
        if k is None:
            return None, 0.0, {}
        try:
            gwp = ctx.gwp.factor(ex.ref)
        except KeyError as exc:
            ctx.issues.append(Issue(ctx.path, f"{where}: {exc}"))
            return None, 0.0, {}
        return (
            {
                "kind": "emission",
                "ref": ex.ref,
                "code": ex.ref,
                "geography": geography,
                "resolution": "direct",
                "value": gwp,
                "basis": "gas",
                "category": "",
                "confidence": rec.confidence,
                "_k": k,
            },
            gwp,
            {ex.ref: gwp},
        )
    if ex.ref in ctx.processes:
        if ex.ref in stack:
            ctx.issues.append(
                Issue(ctx.path, f"{where}: background processes loop ({' → '.join([*stack, ex.ref])})")
            )
            return None, 0.0, {}
        sub = _solve(ex.ref, geography, ctx, (*stack, ex.ref))
        if sub is None:
            return None, 0.0, {}
        k = _convert(ex.unit, sub.unit, where, ctx)
        if k is None:
            return None, 0.0, {}
        return (
            {
                "kind": "process",
                "ref": ex.ref,
                "code": sub.code,
                "geography": geography,
                "resolution": sub.resolution,
                "value": sub.value,
                "basis": "CO2e",
                "category": sub.category,
                "confidence": sub.confidence,
                "parts": list(sub.parts),
                "_k": k,
            },
            sub.value,
            sub.co2e_by_gas,
        )
    record, resolution = _factor(ex.ref, geography, rec, ctx)
    if record is None:
        ctx.issues.append(
            Issue(
                ctx.path,
                f"{where}: no factor for {ex.ref!r} at {geography} or at the process's own "
                f"geography {rec.geography} in release {ctx.source.release}",
            )
        )
        return None, 0.0, {}
    rf = from_record(ex.ref, record, ctx.gwp, ctx.flags, ctx.path, resolution)
    k = _convert(ex.unit, rf.unit, where, ctx)
    if k is None:
        return None, 0.0, {}
    return (
        {
            "kind": "factor",
            "ref": ex.ref,
            "code": rf.code,
            "geography": rf.geography,
            "resolution": resolution,
            "value": rf.value,
            "basis": rf.basis,
            "scope": rf.scope,
            "category": rf.category,
            "confidence": rf.confidence,
            "reference_year": rf.reference_year,
            "citation": rf.citation,
            "_k": k,
        },
        rf.value,
        rf.co2e_by_gas,
    )


def _factor(ref: str, geography: str, rec: ProcessRecord, ctx: _Context) -> tuple[FactorRecord | None, str]:
    found = ctx.source.get([ref])
    if ref in found:
        return found[ref], f"code {ref}"
    hit = ctx.source.resolve(ref, geography, ctx.year)
    if hit is not None:
        return hit[0], f"user geography: {hit[1]}"
    if rec.geography and rec.geography != geography:
        hit = ctx.source.resolve(ref, rec.geography, ctx.year)
        if hit is not None:
            return hit[
                0
            ], f"process's own geography ({rec.geography}), none on the path from {geography}: {hit[1]}"
    return None, ""


def _convert(from_unit: str, to_unit: str, where: str, ctx: _Context) -> float | None:
    try:
        return convert(1.0, from_unit, to_unit)
    except UnitError as exc:
        ctx.issues.append(
            Issue(ctx.path, f"{where}: unit {from_unit!r} cannot be converted to {to_unit!r} ({exc})")
        )
        return None
