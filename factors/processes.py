"""Background processes: small cited inventories (a material's inputs per unit) kept apart from factors.

A factor is an aggregated value; a background process lists what one unit of a material takes — energy
carriers, key materials (as factor activities or codes, or other background processes) and direct
emissions — so that the calculation core can solve it with the geography of the process that uses it
(the same cathode synthesis made in Yichun takes Jiangxi/Chinese electricity, made elsewhere its own).
The bundled processes live in ``factors/data/processes/`` (``processes.csv`` one row per process,
``exchanges.csv`` one row per input or emission); `pcf db init` loads them into the bundled release,
in their own tables, so factor search, export and release diffs never mix them with factors.

This module attaches, lists and exports them; the tables and value types are in `factors.process_tables`,
reading and checking the files in `factors.process_files`; every name stays importable from here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlmodel import Session, col, select

from factors.errors import BundledReleaseConflict
from factors.process_files import read_process_files
from factors.process_tables import (
    EXCHANGE_COLUMNS,
    KINDS,
    PROCESS_COLUMNS,
    BackgroundProcess,
    Exchange,
    ProcessRead,
    ReleaseProcess,
    ValidProcess,
)
from factors.tables import Factor, Release, ReleaseFactor, Source, SourceBase


def release_factor_refs(session: Session, release: Release) -> set[str]:
    """Codes and activities of the factors of `release` (what a process input may name)."""
    rows = session.exec(
        select(Factor.code, Factor.activity)
        .join(ReleaseFactor, col(ReleaseFactor.factor_id) == Factor.id)
        .where(ReleaseFactor.release_id == release.id)
    ).all()
    return {c for c, _ in rows} | {a for _, a in rows}


def processes_hash(processes: Iterable[ProcessRead]) -> str:
    """One hash of a set of processes (code + content), independent of order."""
    pairs = sorted((p.code, p.content_hash) for p in processes)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()


def attach_processes(session: Session, release: Release, processes: Sequence[ValidProcess]) -> int:
    """Store `processes` as members of `release`; refuse when the release already holds other content.

    A release that already carries the same processes is left as it is (idempotent); one that carries
    none gets them (it predates background processes: factors and their values do not change).
    """
    from factors.releases import get_or_create_source

    current = list_processes(session, release=release.version)
    if current:
        if processes_hash(current) != processes_hash(v.process for v in processes):
            raise BundledReleaseConflict(
                f"the bundled background processes differ from those of release {release.version} already in "
                "the database; a published release is immutable: give the changed data a new version"
            )
        return 0
    cache: dict[str, Source] = {}
    for v in processes:
        p = v.process
        existing = session.exec(
            select(BackgroundProcess).where(
                BackgroundProcess.code == p.code, BackgroundProcess.content_hash == p.content_hash
            )
        ).first()
        if existing is None:
            source = get_or_create_source(session, p.source, cache)
            existing = BackgroundProcess(
                code=p.code,
                activity=p.activity,
                name_zh=p.name_zh,
                name_en=p.name_en,
                category=p.category,
                geography=p.geography,
                reference_year=p.reference_year,
                unit=p.unit,
                confidence=p.confidence,
                proxy=p.proxy,
                uncertainty=p.uncertainty,
                unc_a=p.unc_a,
                unc_b=p.unc_b,
                notes=p.notes,
                exchanges=json.dumps([e.__dict__ for e in p.exchanges], ensure_ascii=False),
                source_id=source.id or 0,
                content_hash=p.content_hash,
            )
            session.add(existing)
            session.flush()
        session.add(ReleaseProcess(release_id=release.id, process_id=existing.id, code=p.code))  # type: ignore[arg-type]
    session.flush()
    return len(processes)


def load_bundled_processes(session: Session, release: Release, directory: Path) -> int:
    """Read, check and attach the bundled processes of `directory` to `release` (nothing if absent)."""
    if not (directory / "processes.csv").exists():
        return 0
    from factors.tables import Geography

    geographies = set(session.exec(select(Geography.code)).all())
    valid = read_process_files(
        directory, geographies=geographies, factor_refs=release_factor_refs(session, release)
    )
    return attach_processes(session, release, valid)


def _read(p: BackgroundProcess, source: Source, release: str) -> ProcessRead:
    exchanges = tuple(Exchange(**e) for e in json.loads(p.exchanges))
    return ProcessRead(
        code=p.code,
        activity=p.activity,
        name_zh=p.name_zh,
        name_en=p.name_en,
        category=p.category,
        geography=p.geography,
        reference_year=p.reference_year,
        unit=p.unit,
        confidence=p.confidence,
        proxy=p.proxy,
        uncertainty=p.uncertainty,
        unc_a=p.unc_a,
        unc_b=p.unc_b,
        notes=p.notes,
        exchanges=exchanges,
        source=SourceBase.model_validate(source.model_dump()),
        release=release,
        content_hash=p.content_hash,
    )


def list_processes(session: Session, *, release: str | None = None, text: str = "") -> list[ProcessRead]:
    """The background processes of `release` (default latest published), optionally filtered by `text`."""
    from factors.releases import get_release

    rel = get_release(session, release)
    rows = session.exec(
        select(BackgroundProcess, Source)
        .join(ReleaseProcess, col(ReleaseProcess.process_id) == BackgroundProcess.id)
        .join(Source, col(Source.id) == BackgroundProcess.source_id)
        .where(ReleaseProcess.release_id == rel.id)
        .order_by(col(BackgroundProcess.code))
    ).all()
    out = [_read(p, s, rel.version) for p, s in rows]
    t = text.casefold().strip()
    if t:
        out = [
            p
            for p in out
            if t in p.code.casefold()
            or t in p.name_en.casefold()
            or t in p.name_zh
            or t in p.activity.casefold()
        ]
    return out


def get_processes(
    session: Session, codes: Iterable[str], *, release: str | None = None
) -> dict[str, ProcessRead]:
    """Background processes by code; codes not in the release are absent from the answer."""
    wanted = set(codes)
    return {p.code: p for p in list_processes(session, release=release) if p.code in wanted}


def export_processes(session: Session, directory: Path, *, release: str | None = None) -> tuple[Path, Path]:
    """Write ``processes.csv`` and ``exchanges.csv`` of `release` to `directory` (the bundled format)."""
    import csv

    directory.mkdir(parents=True, exist_ok=True)
    procs = list_processes(session, release=release)
    ppath, xpath = directory / "processes.csv", directory / "exchanges.csv"
    with ppath.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(PROCESS_COLUMNS))
        w.writeheader()
        for p in procs:
            w.writerow(
                {
                    "code": p.code,
                    "activity": p.activity,
                    "name_zh": p.name_zh,
                    "name_en": p.name_en,
                    "category": p.category,
                    "geography": p.geography,
                    "reference_year": p.reference_year or "",
                    "unit": p.unit,
                    "confidence": p.confidence,
                    "proxy": "yes" if p.proxy else "no",
                    "uncertainty": p.uncertainty,
                    "unc_a": "" if p.unc_a is None else p.unc_a,
                    "unc_b": "" if p.unc_b is None else p.unc_b,
                    "source_title": p.source.title,
                    "source_publisher": p.source.publisher,
                    "source_year": p.source.year or "",
                    "source_url": p.source.url,
                    "source_location": p.source.location,
                    "source_licence": p.source.licence,
                    "notes": p.notes,
                }
            )
    with xpath.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(EXCHANGE_COLUMNS))
        w.writeheader()
        for p in procs:
            for e in p.exchanges:
                w.writerow(
                    {
                        "process": p.code,
                        "kind": e.kind,
                        "ref": e.ref,
                        "amount": e.amount,
                        "unit": e.unit,
                        "source_location": e.source_location,
                        "note": e.note,
                    }
                )
    return ppath, xpath


__all__ = [
    "EXCHANGE_COLUMNS",
    "KINDS",
    "PROCESS_COLUMNS",
    "BackgroundProcess",
    "Exchange",
    "ProcessRead",
    "ReleaseProcess",
    "ValidProcess",
    "attach_processes",
    "export_processes",
    "get_processes",
    "list_processes",
    "load_bundled_processes",
    "processes_hash",
    "read_process_files",
    "release_factor_refs",
]
