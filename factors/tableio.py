"""Reading and writing factor tables as CSV or Excel (.xlsx) with the same columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factors.errors import FactorDBError, ImportValidationError, RowError

SHEET = "factors"


class ExportFormatError(FactorDBError, ValueError):
    """An export file name whose type is not .csv or .xlsx."""


@dataclass(frozen=True)
class Table:
    """Rows of a file, each numbered as a spreadsheet shows it (the header is row 1)."""

    file: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    sheet: str | None = None


def read_table(path: str | Path) -> Table:
    """Read a .csv (UTF-8, with or without BOM) or .xlsx file; malformed files raise with the file named."""
    path = Path(path)
    if not path.exists():
        raise ImportValidationError([RowError(str(path), 0, "-", "file not found")])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise ImportValidationError(
        [RowError(str(path), 0, "-", f"unsupported file type {suffix!r}; use .csv or .xlsx")]
    )


def _read_csv(path: Path) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportValidationError(
            [RowError(str(path), 0, "-", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportValidationError([RowError(str(path), 1, "-", f"unreadable CSV header: {exc}")]) from None
    if not header:
        raise ImportValidationError([RowError(str(path), 1, "-", "the file is empty; expected a header row")])
    columns = [h.strip() for h in header]
    rows: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):  # `number` names the row of a csv.Error
            _read_row(path, number, columns, cells, rows, errors)
    except csv.Error as exc:  # e.g. a cell over the csv module's field limit (131,072 characters)
        errors.append(RowError(str(path), number + 1, "-", f"unreadable CSV row: {exc}"))
    if errors:
        raise ImportValidationError(errors)
    return Table(str(path), columns, [(n, {c: _unguard(v) for c, v in r.items()}) for n, r in rows])


# A text cell beginning like a formula is written with a leading ' so spreadsheets show it as text (no
# formula injection) and read back without it (the export re-imports unchanged).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def keep_text(cell: Any) -> None:
    """Store an openpyxl cell's formula-looking text as a text cell: never a live formula, never lost."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _guard(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _unguard(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_row(
    path: Path,
    number: int,
    columns: list[str],
    cells: list[str],
    rows: list[tuple[int, dict[str, Any]]],
    errors: list[RowError],
) -> None:
    if not any(c.strip() for c in cells):
        return
    if len(cells) > len(columns):
        errors.append(
            RowError(
                str(path),
                number,
                "-",
                f"{len(cells)} cells but the header has {len(columns)} columns (an unquoted comma?)",
            )
        )
        return
    rows.append((number, dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))))


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip/xml
        raise ImportValidationError(
            [RowError(str(path), 0, "-", f"not a readable .xlsx workbook ({exc.__class__.__name__})")]
        ) from None
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    values = ws.iter_rows(values_only=True)
    header = next(values, None)
    if not header or not any(header):
        raise ImportValidationError([RowError(str(path), 1, "-", "the sheet is empty", ws.title)])
    columns = [str(h).strip() if h is not None else "" for h in header]
    rows = []
    for number, cells in enumerate(values, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        rows.append((number, {c: v for c, v in zip(columns, cells, strict=False) if c}))
    wb.close()
    return Table(str(path), columns, rows, ws.title)


def write_table(path: str | Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write rows to .csv or .xlsx (chosen by the suffix); None becomes an empty cell."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else _guard(row.get(c)) for c in columns])
        return path
    if suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = SHEET
        ws.append(list(columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([row.get(c) for c in columns])
            for cell in ws[ws.max_row]:
                keep_text(cell)
        ws.freeze_panes = "B2"
        wb.save(path)
        return path
    raise ExportFormatError(f"unsupported export type {suffix!r} for {path}; use .csv or .xlsx")
