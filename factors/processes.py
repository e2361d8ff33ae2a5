"""Background processes: small cited inventories (a material's inputs per unit) kept apart from factors.

A factor is an aggregated value; a background process lists what one unit of a material takes — energy
carriers, key materials (as factor activities or codes, or other background processes) and direct
emissions — so that the calculation core can solve it with the geography of the process that uses it
(the same cathode synthesis made in Yichun takes Jiangxi/Chinese electricity, made elsewhere its own).
The bundled processes live in ``factors/data/processes/`` (``processes.csv`` one row per process,
``exchanges.csv`` one row per input or emission); `pcf db init` loads them into the bundled release,
in their own tables, so factor search, export and release diffs never mix them with factors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from factors.errors import BundledReleaseConflict, ImportValidationError, RowError
from factors.gases import GASES
from factors.tableio import read_table
from factors.tables import Factor, Release, ReleaseFactor, Source, SourceBase
from factors.units import UnitError, parse_unit
from factors.vocab import Confidence

PROCESS_COLUMNS: tuple[str, ...] = (
    "code", "activity", "name_zh", "name_en", "category", "geography", "reference_year", "unit",
    "confidence", "proxy", "uncertainty", "unc_a", "unc_b", "source_title", "source_publisher",
    "source_year", "source_url", "source_location", "source_licence", "notes",
)  # fmt: skip
EXCHANGE_COLUMNS: tuple[str, ...] = ("process", "kind", "ref", "amount", "unit", "source_location", "note")
_REQUIRED_PROCESS = (
    "code",
    "activity",
    "name_zh",
    "name_en",
    "category",
    "geography",
    "unit",
    "confidence",
    "source_title",
    "source_url",
)
KINDS = ("input", "emission")


def _text(**kw: object) -> Column:
    return Column(Text, **kw)  # type: ignore[arg-type]


class BackgroundProcess(SQLModel, table=True):
    """One version of one background process; its exchanges are stored with it (JSON, in file order)."""

    __tablename__ = "background_process"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=String(120), index=True)
    activity: str = Field(sa_type=String(120), index=True)
    name_zh: str = Field(sa_column=_text(nullable=False))
    name_en: str = Field(sa_column=_text(nullable=False))
    category: str = Field(sa_type=String(60))
    geography: str = Field(sa_type=String(40), foreign_key="geography.code")
    reference_year: int | None = None
    unit: str = Field(sa_type=String(40))
    confidence: str = Field(sa_type=String(10))
    proxy: bool = False
    uncertainty: str = Field(default="", sa_type=String(12))
    unc_a: float | None = None
    unc_b: float | None = None
    notes: str = Field(default="", sa_column=_text(nullable=False, default=""))
    exchanges: str = Field(sa_column=_text(nullable=False))
    source_id: int = Field(foreign_key="source.id")
    content_hash: str = Field(sa_type=String(64), index=True)


class ReleaseProcess(SQLModel, table=True):
    """Membership of a background-process version in a release; a code appears once per release."""

    __tablename__ = "release_process"
    __table_args__ = (UniqueConstraint("release_id", "code", name="uq_release_process_code"),)
    release_id: int = Field(foreign_key="release.id", primary_key=True)
    process_id: int = Field(foreign_key="background_process.id", primary_key=True)
    code: str = Field(sa_type=String(120), index=True)


@dataclass(frozen=True)
class Exchange:
    """One input (a factor activity or code, or another background process) or direct emission (a gas)."""

    kind: str
    ref: str
    amount: float
    unit: str
    source_location: str = ""
    note: str = ""


@dataclass(frozen=True)
class ProcessRead:
    """A background process as read from a release, with its citation."""

    code: str
    activity: str
    name_zh: str
    name_en: str
    category: str
    geography: str
    reference_year: int | None
    unit: str
    confidence: str
    proxy: bool
    uncertainty: str
    unc_a: float | None
    unc_b: float | None
    notes: str
    exchanges: tuple[Exchange, ...]
    source: SourceBase
    release: str
    content_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "activity": self.activity,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "category": self.category,
            "geography": self.geography,
            "reference_year": self.reference_year,
            "unit": self.unit,
            "confidence": self.confidence,
            "proxy": self.proxy,
            "notes": self.notes,
            "release": self.release,
            "source": self.source.model_dump(),
            "exchanges": [e.__dict__ for e in self.exchanges],
        }


@dataclass(frozen=True)
class ValidProcess:
    row: int
    process: ProcessRead
    extra: dict[str, Any] = field(default_factory=dict)


def read_process_files(
    directory: Path, *, geographies: set[str], factor_refs: set[str]
) -> list[ValidProcess]:
    """Read and check ``processes.csv`` + ``exchanges.csv`` of `directory`; every problem raised at once.

    `factor_refs` are the codes and activities of the release's factors: an input must name one of them
    or another process of the files; a reference loop between processes is refused.
    """
    ptable = read_table(directory / "processes.csv")
    xtable = read_table(directory / "exchanges.csv")
    errors: list[RowError] = []
    errors += _header_errors(ptable.columns, PROCESS_COLUMNS, ptable.file)
    errors += _header_errors(xtable.columns, EXCHANGE_COLUMNS, xtable.file)
    if errors:
        raise ImportValidationError(errors)
    heads: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, raw in ptable.rows:
        r = {k: str(v if v is not None else "").strip() for k, v in raw.items()}
        for column in _REQUIRED_PROCESS:
            if not r.get(column):
                errors.append(RowError(ptable.file, number, column, "required value is missing"))
        code = r.get("code", "")
        if code in heads:
            errors.append(
                RowError(
                    ptable.file,
                    number,
                    "code",
                    f"duplicate process code {code!r} (also row {heads[code][0]})",
                )
            )
        if code and code in factor_refs:
            errors.append(
                RowError(
                    ptable.file,
                    number,
                    "code",
                    f"{code!r} is already a factor code or activity; "
                    "a background process needs a code of its own",
                )
            )
        if r.get("geography") and r["geography"] not in geographies:
            errors.append(RowError(ptable.file, number, "geography", f"unknown geography {r['geography']!r}"))
        if r.get("confidence") and r["confidence"] not in {c.value for c in Confidence}:
            errors.append(RowError(ptable.file, number, "confidence", "expected high, medium or low"))
        if r.get("proxy", "") not in ("", "yes", "no"):
            errors.append(RowError(ptable.file, number, "proxy", "expected yes or no"))
        if r.get("proxy") == "yes" and r.get("confidence") == "high":
            errors.append(RowError(ptable.file, number, "confidence", "a proxy cannot be graded high"))
        _check_unit(r.get("unit", ""), ptable.file, number, "unit", errors)
        for column in ("reference_year", "source_year"):
            if r.get(column) and not r[column].isdigit():
                errors.append(RowError(ptable.file, number, column, f"{r[column]!r} is not a year"))
        _check_uncertainty(r, ptable.file, number, errors)
        heads[code] = (number, r)
    exchanges: dict[str, list[Exchange]] = {code: [] for code in heads}
    for number, raw in xtable.rows:
        r = {k: str(v if v is not None else "").strip() for k, v in raw.items()}
        owner, kind, ref = r.get("process", ""), r.get("kind", ""), r.get("ref", "")
        if owner not in heads:
            errors.append(
                RowError(xtable.file, number, "process", f"unknown process {owner!r} (not in processes.csv)")
            )
        if kind not in KINDS:
            errors.append(RowError(xtable.file, number, "kind", f"{kind!r}: expected input or emission"))
        elif kind == "emission" and ref not in GASES:
            errors.append(
                RowError(
                    xtable.file, number, "ref", f"unknown gas {ref!r}; expected one of {', '.join(GASES)}"
                )
            )
        elif kind == "input" and ref not in factor_refs and ref not in heads:
            errors.append(
                RowError(
                    xtable.file,
                    number,
                    "ref",
                    f"{ref!r} is neither a factor code or activity of the release nor a background process",
                )
            )
        try:
            amount = float(r.get("amount", ""))
            if not amount > 0:
                raise ValueError
        except ValueError:
            errors.append(
                RowError(xtable.file, number, "amount", f"{r.get('amount')!r}: expected a number > 0")
            )
            amount = 0.0
        _check_unit(r.get("unit", ""), xtable.file, number, "unit", errors)
        if not r.get("source_location"):
            errors.append(
                RowError(
                    xtable.file,
                    number,
                    "source_location",
                    "say where the amount comes from (table/row/cell, or the stoichiometry)",
                )
            )
        if owner in exchanges:
            exchanges[owner].append(
                Exchange(
                    kind, ref, amount, r.get("unit", ""), r.get("source_location", ""), r.get("note", "")
                )
            )
    for code, (number, _r) in heads.items():
        if not exchanges.get(code):
            errors.append(
                RowError(ptable.file, number, "code", f"process {code!r} has no exchanges in exchanges.csv")
            )
    errors += _loop_errors(exchanges, heads, ptable.file)
    if errors:
        raise ImportValidationError(errors)
    out = []
    for code, (number, r) in heads.items():
        source = SourceBase(
            title=r["source_title"],
            publisher=r.get("source_publisher", ""),
            year=int(r["source_year"]) if r.get("source_year") else None,
            url=r["source_url"],
            location=r.get("source_location", ""),
            licence=r.get("source_licence", ""),
        )
        proc = ProcessRead(
            code=code,
            activity=r["activity"],
            name_zh=r["name_zh"],
            name_en=r["name_en"],
            category=r["category"],
            geography=r["geography"],
            reference_year=int(r["reference_year"]) if r.get("reference_year") else None,
            unit=r["unit"],
            confidence=r["confidence"],
            proxy=r.get("proxy") == "yes",
            uncertainty=r.get("uncertainty", ""),
            unc_a=_num(r.get("unc_a")),
            unc_b=_num(r.get("unc_b")),
            notes=r.get("notes", ""),
            exchanges=tuple(exchanges[code]),
            source=source,
            release="",
        )
        out.append(ValidProcess(number, _with_hash(proc)))
    return out


def _header_errors(columns: Sequence[str], expected: Sequence[str], file: str) -> list[RowError]:
    cols = [c for c in columns if c]
    errors = [
        RowError(file, 1, c, f"unknown column; expected {', '.join(expected)}")
        for c in cols
        if c not in expected
    ]
    errors += [RowError(file, 1, c, "required column is missing") for c in expected if c not in cols]
    return errors


def _check_unit(text: str, file: str, row: int, column: str, errors: list[RowError]) -> None:
    try:
        parse_unit(text)
    except UnitError as exc:
        errors.append(RowError(file, row, column, str(exc)))


def _check_uncertainty(r: Mapping[str, str], file: str, row: int, errors: list[RowError]) -> None:
    kind = r.get("uncertainty", "")
    if not kind:
        return
    a, b = _num(r.get("unc_a")), _num(r.get("unc_b"))
    if kind == "lognormal":
        if a is None or not a > 1:
            errors.append(
                RowError(file, row, "unc_a", "lognormal needs the geometric standard deviation (> 1)")
            )
    elif kind in ("triangular", "uniform"):
        if a is None or b is None or not a < b:
            errors.append(RowError(file, row, "unc_a", f"{kind} needs unc_a (min) < unc_b (max)"))
    else:
        errors.append(
            RowError(file, row, "uncertainty", f"{kind!r}: expected lognormal, triangular or uniform")
        )


def _num(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _loop_errors(
    exchanges: Mapping[str, list[Exchange]], heads: Mapping[str, tuple[int, Any]], file: str
) -> list[RowError]:
    errors: list[RowError] = []
    state: dict[str, int] = {}

    def visit(code: str, path: list[str]) -> None:
        state[code] = 1
        for ex in exchanges.get(code, []):
            if ex.kind != "input" or ex.ref not in heads:
                continue
            if state.get(ex.ref) == 1:
                errors.append(
                    RowError(
                        file,
                        heads[code][0],
                        "code",
                        f"background processes reference each other in a loop: {' → '.join([*path, ex.ref])}",
                    )
                )
            elif ex.ref not in state:
                visit(ex.ref, [*path, ex.ref])
        state[code] = 2

    for code in heads:
        if code not in state:
            visit(code, [code])
    return errors


def _with_hash(p: ProcessRead) -> ProcessRead:
    payload = p.as_dict()
    payload.pop("release")
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return ProcessRead(**{**p.__dict__, "content_hash": digest})


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
