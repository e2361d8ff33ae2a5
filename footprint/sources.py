"""Factor sources for the core: the factor database at a release, or a fixed set (tests, benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlmodel import Session

from factors.gases import parse_gases
from factors.gwp import GwpTable
from factors.vocab import GwpSet
from footprint.linking import FactorRecord
from footprint.model import Citation, Text, Uncertainty


class DatabaseFactors:
    """Factors of one release of the factor database (default: the latest published)."""

    def __init__(self, session: Session, release: str | None = None) -> None:
        from factors.releases import get_release

        self.session = session
        self.release = get_release(session, release).version
        self._codes: list[str] | None = None

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]:
        from factors.query import get_factors

        return {c: record_from_read(f) for c, f in get_factors(self.session, list(codes), release=self.release).items()}

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        from factors.errors import NoFactorForGeography, UnknownGeography
        from factors.query import resolve_factor

        try:
            m = resolve_factor(self.session, activity, geography or "GLO", year=year, release=self.release)
        except (NoFactorForGeography, UnknownGeography):
            return None
        note = f"activity {activity} at {geography}: taken from {m.matched_geography} ({m.level})"
        if m.fell_back:
            note += f" after trying {' → '.join(m.path)}"
        if m.year_note:
            note += f"; {m.year_note}"
        return record_from_read(m.factor), note

    def gwp_table(self, gwp_set: str) -> GwpTable:
        from factors.releases import gwp_table

        return gwp_table(self.session, self.release, GwpSet(gwp_set))

    def known_codes(self) -> list[str]:
        if self._codes is None:
            from sqlmodel import select

            from factors.releases import get_release
            from factors.tables import ReleaseFactor

            rel = get_release(self.session, self.release)
            self._codes = list(self.session.exec(select(ReleaseFactor.code).where(ReleaseFactor.release_id == rel.id)))
        return self._codes


def record_from_read(f) -> FactorRecord:  # type: ignore[no-untyped-def]
    """A `factors.query.FactorRead` as the core's `FactorRecord`."""
    unc = None
    if f.uncertainty == "lognormal":
        unc = Uncertainty("lognormal", gsd=f.unc_a)
    elif f.uncertainty == "normal":
        unc = Uncertainty("normal", sd=f.unc_a)
    elif f.uncertainty in ("triangular", "uniform"):
        unc = Uncertainty(f.uncertainty, minimum=f.unc_a, maximum=f.unc_b)
    dq = {k: getattr(f, k) for k in ("dq_reliability", "dq_completeness", "dq_temporal", "dq_geographical",
                                     "dq_technological") if getattr(f, k) is not None}
    s = f.source
    return FactorRecord(
        code=f.code, activity=f.activity, name=Text(f.name_zh, f.name_en), value=f.value, unit=f.unit,
        basis=f.basis, gwp=f.gwp, gases=parse_gases(f.gases) if f.gases else {}, scope=f.scope,
        geography=f.geography, reference_year=f.reference_year, category=f.category, confidence=f.confidence,
        citation=Citation(s.title, s.publisher, s.year, s.url, s.location), release=f.release,
        uncertainty=unc, dq=dq,
    )


@dataclass
class StaticFactors:
    """A fixed set of factors and GWP tables, for tests, benchmarks and calculations without a database."""

    records: Mapping[str, FactorRecord]
    gwp: Mapping[str, Mapping[str, float]]
    release: str = "static"
    activities: Mapping[str, str] = field(default_factory=dict)   # activity -> code

    def get(self, codes: Iterable[str]) -> dict[str, FactorRecord]:
        return {c: self.records[c] for c in codes if c in self.records}

    def resolve(self, activity: str, geography: str, year: int | None) -> tuple[FactorRecord, str] | None:
        code = self.activities.get(activity)
        return (self.records[code], f"activity {activity}: {code}") if code else None

    def gwp_table(self, gwp_set: str) -> GwpTable:
        return GwpTable(GwpSet(gwp_set), dict(self.gwp.get(gwp_set, {"CO2": 1.0})), self.release)

    def known_codes(self) -> list[str]:
        return list(self.records)
