"""Reading and checking the bundled background-process files (``processes.csv`` + ``exchanges.csv``).

Every problem of both files is raised at once (`ImportValidationError`), each with its file, row and column.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from factors.errors import ImportValidationError, RowError
from factors.gases import GASES
from factors.process_tables import (
    EXCHANGE_COLUMNS,
    KINDS,
    PROCESS_COLUMNS,
    Exchange,
    ProcessRead,
    ValidProcess,
)
from factors.tableio import read_table
from factors.tables import SourceBase
from factors.units import UnitError, parse_unit
from factors.vocab import Confidence

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
