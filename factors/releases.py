"""Releases: draft -> published (immutable), adding factor versions, content hashes and diffs."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from factors.columns import check_row
from factors.db import row_id
from factors.errors import ReleaseImmutable, ReleaseNotFound
from factors.gwp import GwpTable
from factors.tables import Factor, FactorBase, GwpValue, Release, ReleaseFactor, Source, SourceBase
from factors.validate import ValidRow, factor_content_hash, source_key
from factors.versions import version_key
from factors.vocab import Basis, FactorStatus, GwpSet, ReleaseStatus


def list_releases(session: Session) -> list[Release]:
    """All releases, oldest first."""
    return sorted(session.exec(select(Release)).all(), key=lambda r: version_key(r.version))


def get_release(session: Session, version: str | None = None) -> Release:
    """The release `version`, or the latest published one when `version` is None."""
    if version is None:
        published = [r for r in list_releases(session) if r.status == ReleaseStatus.PUBLISHED]
        if not published:
            raise ReleaseNotFound("no published factor release in this database; run `pcf db init`")
        return published[-1]
    release = session.exec(select(Release).where(Release.version == version)).first()
    if release is None:
        known = ", ".join(r.version for r in list_releases(session)) or "none"
        raise ReleaseNotFound(f"no factor release {version!r}; releases: {known}")
    return release


def next_version(session: Session) -> str:
    """The version after the latest release: ``2026.1`` -> ``2026.2``."""
    releases = list_releases(session)
    if not releases:
        return f"{dt.date.today().year}.1"
    last = releases[-1].version
    head, _, tail = last.rpartition(".")
    return f"{head}.{int(tail) + 1}" if tail.isdigit() and head else f"{last}.1"


def create_draft(
    session: Session, version: str, *, notes: str = "", based_on: str | None = None, copy_base: bool = True
) -> Release:
    """A new draft release; it starts as a copy of `based_on` (default: the latest published release)."""
    if session.exec(select(Release).where(Release.version == version)).first() is not None:
        raise ReleaseImmutable(f"release {version!r} already exists")
    base: Release | None = None
    if copy_base:
        try:
            base = get_release(session, based_on)
        except ReleaseNotFound:
            if based_on is not None:
                raise
    release = Release(
        version=version, date=dt.date.today(), notes=notes, based_on=base.version if base else None
    )
    check_row(release)
    session.add(release)
    session.flush()
    if base is not None:
        for link in session.exec(select(ReleaseFactor).where(ReleaseFactor.release_id == base.id)):
            session.add(ReleaseFactor(release_id=row_id(release), factor_id=link.factor_id, code=link.code))
        for g in session.exec(select(GwpValue).where(GwpValue.release_id == base.id)):
            session.add(
                GwpValue(
                    release_id=row_id(release),
                    gas=g.gas,
                    gwp_set=g.gwp_set,
                    value=g.value,
                    source_id=g.source_id,
                    confidence=g.confidence,
                    notes=g.notes,
                )
            )
        _copy_processes(session, base, release)
    session.flush()
    return release


def _copy_processes(session: Session, base: Release, release: Release) -> None:
    """The new release keeps the background processes of its base, as it keeps its factors."""
    from factors.processes import ReleaseProcess

    for link in session.exec(select(ReleaseProcess).where(ReleaseProcess.release_id == base.id)):
        session.add(ReleaseProcess(release_id=row_id(release), process_id=link.process_id, code=link.code))


@dataclass
class ChangeSummary:
    """What adding rows to a release did, by code."""

    release: str
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def get_or_create_source(
    session: Session, source: SourceBase, cache: dict[str, Source] | None = None
) -> Source:
    """The stored row of a citation, created on first use (citations are shared by identity)."""
    key = source_key(source)
    if cache is not None and key in cache:
        return cache[key]
    found = session.exec(select(Source).where(Source.key == key)).first()
    if found is None:
        found = Source(**source.model_dump(), key=key)
        check_row(found)
        session.add(found)
        session.flush()
    if cache is not None:
        cache[key] = found
    return found


def add_rows(session: Session, release: Release, rows: Sequence[ValidRow]) -> ChangeSummary:
    """Add validated rows to a draft release: new codes are added, changed codes get a new version."""
    _require_draft(release)
    summary = ChangeSummary(release.version)
    current = {
        link.code: link
        for link in session.exec(select(ReleaseFactor).where(ReleaseFactor.release_id == release.id))
    }
    tables: dict[GwpSet, GwpTable] = {}

    def table_for(gwp_set: GwpSet) -> GwpTable:
        if gwp_set not in tables:
            tables[gwp_set] = gwp_table(session, release.version, gwp_set)
        return tables[gwp_set]

    contents = [fill_gas_total(row.factor, table_for) for row in rows]
    digests = [factor_content_hash(c, row.source) for c, row in zip(contents, rows, strict=True)]
    stored = {
        (f.code, f.content_hash): f
        for f in session.exec(select(Factor).where(col(Factor.content_hash).in_(digests)))
    }
    linked = {
        f.id: f
        for f in session.exec(
            select(Factor).where(col(Factor.id).in_([link.factor_id for link in current.values()]))
        )
    }
    sources: dict[str, Source] = {}
    for row, content, digest in zip(rows, contents, digests, strict=True):
        link = current.get(content.code)
        old = linked.get(link.factor_id) if link else None
        if old is not None and old.content_hash == digest:
            summary.unchanged.append(content.code)
            continue
        factor = stored.get((content.code, digest))
        if factor is None:
            source = get_or_create_source(session, row.source, sources)
            factor = Factor(
                **content.model_dump(),
                source_id=row_id(source),
                status=row.status.value,
                content_hash=digest,
                supersedes_id=old.id if old else None,
            )
            check_row(factor)
            session.add(factor)
            session.flush()
            stored[(content.code, digest)] = factor
        if link is not None:
            session.delete(link)
            session.flush()
            summary.replaced.append(content.code)
        else:
            summary.added.append(content.code)
        current[content.code] = ReleaseFactor(
            release_id=row_id(release), factor_id=row_id(factor), code=content.code
        )
        session.add(current[content.code])
    session.flush()
    return summary


def fill_gas_total(factor: FactorBase, table_for: Callable[[GwpSet], GwpTable]) -> FactorBase:
    """A per-gas factor without a total gets its CO2e under its GWP set (AR6 when none is named)."""
    if factor.basis != Basis.GASES or factor.value > 0:
        return factor
    from factors.gases import parse_gases

    gwp_set = GwpSet(factor.gwp) if factor.gwp else GwpSet.AR6
    total = table_for(gwp_set).characterize(parse_gases(factor.gases))
    total = float(f"{total:.12g}")  # 12 significant digits: the same value after any file round trip
    return factor.model_copy(update={"value": total, "gwp": gwp_set.value})


def remove_codes(session: Session, release: Release, codes: Sequence[str]) -> list[str]:
    """Drop codes from a draft release (the factor rows stay for older releases); returns the removed."""
    _require_draft(release)
    removed = []
    for code in codes:
        link = session.exec(
            select(ReleaseFactor).where(ReleaseFactor.release_id == release.id, ReleaseFactor.code == code)
        ).first()
        if link is not None:
            session.delete(link)
            removed.append(code)
    session.flush()
    return removed


def set_gwp_values(
    session: Session, release: Release, values: Sequence[tuple[str, str, float, SourceBase, str, str]]
) -> None:
    """Replace the GWP table of a draft release with (gas, set, value, source, confidence, notes) rows."""
    _require_draft(release)
    for old in session.exec(select(GwpValue).where(GwpValue.release_id == release.id)):
        session.delete(old)
    session.flush()
    for gas, gwp_set, value, source, confidence, notes in values:
        src = get_or_create_source(session, source)
        session.add(
            GwpValue(
                release_id=row_id(release),
                gas=gas,
                gwp_set=gwp_set,
                value=value,
                source_id=row_id(src),
                confidence=confidence,
                notes=notes,
            )
        )
    session.flush()


def hash_release_content(factors: Iterable[tuple[str, str]], gwps: Iterable[tuple[str, str, float]]) -> str:
    """SHA-256 over sorted (code, factor content hash) pairs and sorted (gas, set, value) GWP rows."""
    h = hashlib.sha256()
    for code, digest in sorted(factors):
        h.update(f"F|{code}|{digest}\n".encode())
    for gas, gwp_set, value in sorted(gwps):
        h.update(f"G|{gas}|{gwp_set}|{float(value)!r}\n".encode())
    return h.hexdigest()


def content_hash(session: Session, release: Release) -> str:
    """The content hash of a release as stored (see `hash_release_content`)."""
    pairs = session.exec(
        select(ReleaseFactor.code, Factor.content_hash)
        .join(Factor, col(Factor.id) == ReleaseFactor.factor_id)
        .where(ReleaseFactor.release_id == release.id)
    ).all()
    gwps = session.exec(
        select(GwpValue.gas, GwpValue.gwp_set, GwpValue.value).where(GwpValue.release_id == release.id)
    ).all()
    return hash_release_content(
        [(str(c), str(d)) for c, d in pairs], [(str(a), str(b), float(v)) for a, b, v in gwps]
    )


def publish(session: Session, release: Release) -> Release:
    """Freeze a draft: record its content hash; its factors become published, replaced ones deprecated."""
    _require_draft(release)
    previous = [
        r
        for r in list_releases(session)
        if r.status == ReleaseStatus.PUBLISHED and version_key(r.version) < version_key(release.version)
    ]
    member_ids = set(
        session.exec(select(ReleaseFactor.factor_id).where(ReleaseFactor.release_id == release.id)).all()
    )
    for factor in session.exec(select(Factor).where(col(Factor.id).in_(member_ids))):
        factor.status = FactorStatus.PUBLISHED.value
        session.add(factor)
    if previous:
        old_ids = set(
            session.exec(
                select(ReleaseFactor.factor_id).where(ReleaseFactor.release_id == previous[-1].id)
            ).all()
        )
        for factor in session.exec(select(Factor).where(col(Factor.id).in_(old_ids - member_ids))):
            factor.status = FactorStatus.DEPRECATED.value
            session.add(factor)
    release.content_hash = content_hash(session, release)
    release.status = ReleaseStatus.PUBLISHED.value
    release.published_at = dt.datetime.now(dt.UTC)
    session.add(release)
    session.flush()
    return release


def gwp_table(session: Session, version: str | None, gwp_set: GwpSet) -> GwpTable:
    """The GWP100 values of `gwp_set` carried by release `version` (default latest published)."""
    release = get_release(session, version)
    rows = session.exec(
        select(GwpValue).where(GwpValue.release_id == release.id, GwpValue.gwp_set == gwp_set.value)
    ).all()
    return GwpTable(
        gwp_set, {g.gas: g.value for g in rows}, release.version, {g.gas: g.notes for g in rows if g.notes}
    )


def _require_draft(release: Release) -> None:
    if release.status != ReleaseStatus.DRAFT:
        raise ReleaseImmutable(
            f"release {release.version} is published and immutable; make a new release for changes"
        )
