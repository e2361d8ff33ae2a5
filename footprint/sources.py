"""Factor sources for the core: the factor database at a release, or a fixed set (tests, benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from factors.gases import parse_gases
from factors.gwp import GwpTable
from factors.vocab import DQ_FIELDS, GwpSet
from footprint.background import ProcessExchange, ProcessRecord
from footprint.linking import FactorRecord
from footprint.model import Citation, Text, Uncertainty

if TYPE_CHECKING:  # the database modules load SQLModel: only a database source needs them
    from sqlmodel import Session

    from factors.processes import ProcessRead


class DatabaseFactors:
    """Factors of one release of the factor database (default: the latest published)."""

    def __init__(self, session: Session, release: str | None = None, *, allow_draft: bool = True) -> None:
        """`allow_draft=False` (the faces, unless the user asked for a draft) refuses a draft release."""
        from factors.errors import DraftRelease
        from factors.releases import get_release
        from factors.vocab import ReleaseStatus

        self.session = session
        found = get_release(session, release)
        self.release = found.version
        self.draft = found.status == ReleaseStatus.DRAFT
        if self.draft and not allow_draft:
            raise DraftRelease(found.version)
        # what results show and export as their factor release: a draft says so everywhere
        self.release_label = f"{found.version} (draft)" if self.draft else found.version
        self._codes: list[str] | None = None
        self._processes: dict[str, ProcessRecord] | None = None

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]:
        from factors.query import get_factors

        found = get_factors(self.session, list(codes), release=self.release)
        return {c: record_from_read(f) for c, f in found.items()}

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        from factors.errors import NoFactorForGeography, UnknownGeography
        from factors.query import resolve_factor

        try:
            m = resolve_factor(self.session, activity, geography or "GLO", year=year, release=self.release)
        except (NoFactorForGeography, UnknownGeography):
            return None
        path = m.path if m.fell_back else ()
        return record_from_read(m.factor), resolve_note(
            activity, geography, m.matched_geography, m.level, path, m.year_note
        )

    def get_processes(self, codes: Iterable[str]) -> dict[str, ProcessRecord]:
        """Background processes of the release by code (read once per source)."""
        if self._processes is None:
            from factors.processes import list_processes

            found = list_processes(self.session, release=self.release)
            self._processes = {p.code: process_record(p) for p in found}
        return {c: self._processes[c] for c in codes if c in self._processes}

    def gwp_table(self, gwp_set: str) -> GwpTable:
        from factors.releases import gwp_table

        return gwp_table(self.session, self.release, GwpSet(gwp_set))

    def known_codes(self) -> list[str]:
        if self._codes is None:
            from sqlmodel import select

            from factors.releases import get_release
            from factors.tables import ReleaseFactor

            rel = get_release(self.session, self.release)
            query = select(ReleaseFactor.code).where(ReleaseFactor.release_id == rel.id)
            self._codes = list(self.session.exec(query))
        return self._codes


def resolve_note(
    activity: str, geography: str, matched: str, level: str, path: tuple[str, ...], year_note: str
) -> str:
    """Where a factor found by activity came from (`path`: the geographies tried, when it fell back)."""
    note = f"activity {activity} at {geography}: taken from {matched} ({level})"
    if path:
        note += f" after trying {' → '.join(path)}"
    if year_note:
        note += f"; {year_note}"
    return note


def _uncertainty(kind: str, a: float | None, b: float | None) -> Uncertainty | None:
    if kind == "lognormal":
        return Uncertainty("lognormal", gsd=a)
    if kind == "normal":
        return Uncertainty("normal", sd=a)
    if kind in ("triangular", "uniform"):
        return Uncertainty(kind, minimum=a, maximum=b)
    return None


def process_record(p: ProcessRead) -> ProcessRecord:
    """A `factors.processes.ProcessRead` as the core's `ProcessRecord`."""
    s = p.source
    return ProcessRecord(
        code=p.code,
        activity=p.activity,
        name=Text(p.name_zh, p.name_en),
        unit=p.unit,
        geography=p.geography,
        reference_year=p.reference_year,
        category=p.category,
        confidence=p.confidence,
        citation=Citation(s.title, s.publisher, s.year, s.url, s.location),
        release=p.release,
        exchanges=tuple(
            ProcessExchange(e.kind, e.ref, e.amount, e.unit, e.source_location, e.note) for e in p.exchanges
        ),
        proxy=p.proxy,
        uncertainty=_uncertainty(p.uncertainty, p.unc_a, p.unc_b),
        notes=p.notes,
    )


def record_from_read(f) -> FactorRecord:
    """A `factors.query.FactorRead` as the core's `FactorRecord`."""
    unc = _uncertainty(f.uncertainty, f.unc_a, f.unc_b)
    dq = {k: getattr(f, k) for k in DQ_FIELDS if getattr(f, k) is not None}
    s = f.source
    return FactorRecord(
        code=f.code,
        activity=f.activity,
        name=Text(f.name_zh, f.name_en),
        value=f.value,
        unit=f.unit,
        basis=f.basis,
        gwp=f.gwp,
        gases=parse_gases(f.gases) if f.gases else {},
        scope=f.scope,
        geography=f.geography,
        reference_year=f.reference_year,
        category=f.category,
        confidence=f.confidence,
        citation=Citation(s.title, s.publisher, s.year, s.url, s.location),
        release=f.release,
        uncertainty=unc,
        dq=dq,
    )


@dataclass
class StaticFactors:
    """A fixed set of factors and GWP tables, for tests, benchmarks and calculations without a database."""

    records: Mapping[str, FactorRecord]
    gwp: Mapping[str, Mapping[str, float]]
    release: str = "static"
    activities: Mapping[str, str] = field(default_factory=dict)  # activity -> code
    processes: Mapping[str, ProcessRecord] = field(default_factory=dict)
    geographies: Mapping[str, str] = field(default_factory=dict)  # geography -> parent (fallback tree)

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]:
        return {c: self.records[c] for c in codes if c in self.records}

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        """By activity: with `geographies`, the activity's record nearest up the tree; else `activities`."""
        if self.geographies:
            geo: str | None = geography
            tried = []
            while geo:
                tried.append(geo)
                for r in self.records.values():
                    if r.activity == activity and r.geography == geo:
                        path = " → ".join(tried)
                        return r, f"activity {activity} at {geography}: taken from {geo} after {path}"
                geo = self.geographies.get(geo)
        code = self.activities.get(activity)
        return (self.records[code], f"activity {activity}: {code}") if code else None

    def get_processes(self, codes: Iterable[str]) -> dict[str, ProcessRecord]:
        return {c: self.processes[c] for c in codes if c in self.processes}

    def gwp_table(self, gwp_set: str) -> GwpTable:
        return GwpTable(GwpSet(gwp_set), dict(self.gwp.get(gwp_set, {"CO2": 1.0})), self.release)

    def known_codes(self) -> list[str]:
        return list(self.records)


@dataclass
class SwappedFactors:
    """Another source seen through swaps ``{old: new}`` of codes or activities (background processes too).

    For sensitivity: ``SwappedFactors(db, {"elec.footprint": "elec.grid.CN-JX.2023"})`` answers every
    use of the activity `elec.footprint` — in the model or in a background process it uses — with that code.
    `new` may be a code (taken as it is) or an activity (resolved by geography fallback).
    """

    base: Any
    swaps: Mapping[str, str]
    release: str = ""

    def __post_init__(self) -> None:
        self.release = self.release or str(self.base.release)

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]:
        out: dict[str, FactorRecord] = {}
        for code in codes:
            target = self.swaps.get(code, code)
            found = self.base.get([target])
            if target in found:
                out[code] = found[target]
        return out

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        target = self.swaps.get(activity)
        if target is None:
            return self.base.resolve(activity, geography, year)
        found = self.base.get([target])
        if target in found:
            return found[target], f"swapped {activity} → {target}"
        hit = self.base.resolve(target, geography, year)
        return None if hit is None else (hit[0], f"swapped {activity} → {target}: {hit[1]}")

    def get_processes(self, codes: Iterable[str]) -> dict[str, ProcessRecord]:
        getter = getattr(self.base, "get_processes", None)
        return getter([c for c in codes if c not in self.swaps]) if getter else {}

    def gwp_table(self, gwp_set: str) -> GwpTable:
        table: GwpTable = self.base.gwp_table(gwp_set)
        return table

    def known_codes(self) -> list[str]:
        return list(self.base.known_codes())
