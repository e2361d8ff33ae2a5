"""Read access to the factor database: get by code, search, geography fallback, history and diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from factors.errors import FactorNotFound, NoFactorForGeography
from factors.fallback import pick_year
from factors.geography import descendants, fallback_chain, geography_map, matching_names, split_place_prefix
from factors.releases import get_release, list_releases, version_key
from factors.tables import Factor, FactorBase, Release, ReleaseFactor, Source, SourceRead
from factors.vocab import AltRole, ReleaseStatus


class FactorRead(FactorBase):
    """A factor version as read from one release, with its citation and geography names."""

    id: int
    status: str
    supersedes_id: int | None = None
    content_hash: str
    release: str
    source: SourceRead
    geography_name_zh: str = ""
    geography_name_en: str = ""


def _read(session: Session, factor: Factor, source: Source, release: Release) -> FactorRead:
    geo = geography_map(session).get(factor.geography)
    return FactorRead(
        **factor.model_dump(exclude={"source_id"}),
        release=release.version,
        source=SourceRead.model_validate(source.model_dump()),
        geography_name_zh=geo.name_zh if geo else "",
        geography_name_en=geo.name_en if geo else "",
    )


def _in_release(release: Release):
    return (
        select(Factor, Source)
        .join(ReleaseFactor, col(ReleaseFactor.factor_id) == Factor.id)
        .join(Source, col(Source.id) == Factor.source_id)
        .where(ReleaseFactor.release_id == release.id)
    )


def get_factor(session: Session, code: str, *, release: str | None = None) -> FactorRead:
    """The factor `code` in `release` (default: latest published); `FactorNotFound` names near codes."""
    rel = get_release(session, release)
    row = session.exec(_in_release(rel).where(Factor.code == code)).first()
    if row is None:
        codes = session.exec(select(ReleaseFactor.code).where(ReleaseFactor.release_id == rel.id)).all()
        raise FactorNotFound(code, rel.version, difflib.get_close_matches(code, codes, n=3, cutoff=0.6))
    return _read(session, row[0], row[1], rel)


def get_factors(session: Session, codes: list[str], *, release: str | None = None) -> dict[str, FactorRead]:
    """Several factors at once (one query); codes not in the release are simply absent from the result."""
    rel = get_release(session, release)
    rows = session.exec(_in_release(rel).where(col(Factor.code).in_(codes))).all()
    return {f.code: _read(session, f, s, rel) for f, s in rows}


def _like(column: Any, token: str) -> Any:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _starts(column: Any, prefix: str) -> Any:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"{escaped}%", escape="\\")


def search_factors(
    session: Session,
    text: str = "",
    *,
    geography: str | None = None,
    category: str | None = None,
    year: int | None = None,
    release: str | None = None,
    limit: int | None = 200,
    source_class: str | None = None,
    industry: str | None = None,
) -> list[FactorRead]:
    """Factors whose code, names, category, activity, source or place match every word of `text`.

    Words match Chinese or English; a place name matches its sub-geographies too ("Jiangxi" finds
    CN-JX and CN-JX-YC); an unspaced Chinese query such as 江西电力 is split at the place name.
    `geography` keeps that geography and those below it; `category` matches a category prefix;
    `source_class` is an emission-source class, `industry` a GB/T 4754 code (its sub-classes included).
    """
    rel = get_release(session, release)
    stmt = _in_release(rel)
    for raw in text.split():
        place, rest = split_place_prefix(session, raw) if not raw.isascii() else (None, raw)
        for token in filter(None, (place, rest)):
            geos: set[str] = set()
            for code in matching_names(session, token):
                geos |= descendants(session, code)
            stmt = stmt.where(
                or_(
                    _like(Factor.code, token),
                    _like(Factor.name_zh, token),
                    _like(Factor.name_en, token),
                    _like(Factor.category, token),
                    _like(Factor.activity, token),
                    _like(Source.title, token),
                    _like(Source.publisher, token),
                    col(Factor.geography).in_(geos),
                )
            )
    if geography:
        stmt = stmt.where(col(Factor.geography).in_(descendants(session, geography)))
    if category:
        stmt = stmt.where(or_(col(Factor.category) == category, _starts(Factor.category, category + ".")))
    if year is not None:
        stmt = stmt.where(Factor.reference_year == year)
    if source_class:
        stmt = stmt.where(Factor.source_class == source_class)
    if industry:
        stmt = stmt.where(_starts(Factor.industry, industry))
    stmt = stmt.order_by(
        Factor.category, Factor.activity, Factor.geography, col(Factor.reference_year).desc(), Factor.code
    )
    if limit:
        stmt = stmt.limit(limit)
    return [_read(session, f, s, rel) for f, s in session.exec(stmt).all()]


@dataclass(frozen=True)
class FactorMatch:
    """The answer of a geography fallback: the factor and the level it came from."""

    factor: FactorRead
    requested_geography: str
    matched_geography: str
    level: str
    path: tuple[str, ...]  # the geographies tried, in order, ending at the match
    requested_year: int | None = None
    year_note: str = ""

    @property
    def fell_back(self) -> bool:
        return self.matched_geography != self.requested_geography


def resolve_factor(
    session: Session,
    activity: str,
    geography: str,
    *,
    year: int | None = None,
    release: str | None = None,
) -> FactorMatch:
    """The factor for `activity` at `geography`, else at its parent, … up to GLO.

    At the first geography that has the activity, the factor of `year` is taken; without it, the
    latest year not after `year`, else the earliest later year, and `year_note` says so.
    """
    rel = get_release(session, release)
    tried: list[str] = []
    for geo in fallback_chain(session, geography):
        tried.append(geo.code)
        rows = session.exec(
            _in_release(rel)
            .where(
                Factor.activity == activity,
                Factor.geography == geo.code,
                Factor.alt_role != AltRole.ALTERNATIVE.value,
            )
            .order_by(col(Factor.id))
        ).all()
        if not rows:
            continue
        (factor, source), note = pick_year(rows, year)
        return FactorMatch(
            _read(session, factor, source, rel), geography, geo.code, geo.level, tuple(tried), year, note
        )
    alternatives = session.exec(
        select(ReleaseFactor.code)
        .join(Factor, col(Factor.id) == ReleaseFactor.factor_id)
        .where(ReleaseFactor.release_id == rel.id, Factor.activity == activity)
    ).all()
    raise NoFactorForGeography(
        f"no factor for activity {activity!r} at {geography} or above ({' > '.join(tried)}) "
        f"in release {rel.version}"
        + (f"; alternatives usable by code: {', '.join(sorted(alternatives))}" if alternatives else "")
    )


def factor_history(session: Session, code: str) -> list[tuple[str, FactorRead]]:
    """Every release that carries `code`, oldest first, with the version of the factor it carries."""
    out = []
    for rel in list_releases(session):
        row = session.exec(_in_release(rel).where(Factor.code == code)).first()
        if row is not None:
            out.append((rel.version, _read(session, row[0], row[1], rel)))
    return out


# --- diffs --------------------------------------------------------------------------------------
_DIFF_FIELDS = tuple(f for f in FactorBase.model_fields if f != "code")
_SOURCE_FIELDS = ("title", "publisher", "year", "url", "location", "licence")


@dataclass(frozen=True)
class FactorChange:
    code: str
    old: FactorRead
    new: FactorRead
    fields: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class ReleaseDiff:
    a: str
    b: str
    added: list[FactorRead] = field(default_factory=list)
    removed: list[FactorRead] = field(default_factory=list)
    changed: list[FactorChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "added": [f.model_dump(mode="json") for f in self.added],
            "removed": [f.model_dump(mode="json") for f in self.removed],
            "changed": [
                {"code": c.code, "fields": {k: {"a": v[0], "b": v[1]} for k, v in c.fields.items()}}
                for c in self.changed
            ],
        }


def diff_releases(session: Session, a: str, b: str) -> ReleaseDiff:
    """Codes added in `b`, removed from `a`, and changed between them with each changed field."""
    ra, rb = get_release(session, a), get_release(session, b)
    fa = {f.code: _read(session, f, s, ra) for f, s in session.exec(_in_release(ra)).all()}
    fb = {f.code: _read(session, f, s, rb) for f, s in session.exec(_in_release(rb)).all()}
    changed = []
    for code in sorted(fa.keys() & fb.keys()):
        old, new = fa[code], fb[code]
        if old.id == new.id:
            continue
        fields = {
            k: (getattr(old, k), getattr(new, k)) for k in _DIFF_FIELDS if getattr(old, k) != getattr(new, k)
        }
        fields |= {
            f"source_{k}": (getattr(old.source, k), getattr(new.source, k))
            for k in _SOURCE_FIELDS
            if getattr(old.source, k) != getattr(new.source, k)
        }
        if fields:
            changed.append(FactorChange(code, old, new, fields))
    return ReleaseDiff(
        ra.version,
        rb.version,
        added=[fb[c] for c in sorted(fb.keys() - fa.keys())],
        removed=[fa[c] for c in sorted(fa.keys() - fb.keys())],
        changed=changed,
    )


@dataclass(frozen=True)
class ReleaseInfo:
    version: str
    date: str
    status: str
    factors: int
    content_hash: str
    based_on: str | None
    notes: str


def release_infos(session: Session) -> list[ReleaseInfo]:
    """Every release with its factor count, oldest first."""
    out = []
    for r in list_releases(session):
        n = len(session.exec(select(ReleaseFactor.code).where(ReleaseFactor.release_id == r.id)).all())
        out.append(
            ReleaseInfo(r.version, r.date.isoformat(), r.status, n, r.content_hash, r.based_on, r.notes)
        )
    return out


def latest_published_version(session: Session) -> str | None:
    published = [r for r in list_releases(session) if r.status == ReleaseStatus.PUBLISHED]
    return max(published, key=lambda r: version_key(r.version)).version if published else None
