"""Resource limits and formulas of data-collection workbooks: refused before openpyxl opens them, each
refusal naming the sheet, the cell or the limit (a table of hostile workbooks made from a real export)."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from products import get_rule
from products.errors import WorkbookError
from products.workbook import write_template
from products.workbook_limits import MAX_COLUMNS, MAX_EXPANDED, MAX_ROWS
from products.workbook_reader import read_workbook


def _template(tmp_path: Path) -> Path:
    return write_template(get_rule("battery-cell"), tmp_path / "t.xlsx")


def _far_cell(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    wb.worksheets[0].cell(row=1_048_576, column=1, value="x")
    wb.save(path)


def _wide(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    wb.worksheets[0].cell(row=2, column=MAX_COLUMNS + 5, value="x")
    wb.save(path)


def _formula(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    wb.worksheets[0]["B7"] = "=1+1"
    wb.save(path)


def _comment_bomb(path: Path) -> None:
    """An XML comment of more than the expansion limit in one sheet (it compresses to almost nothing)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(
        b"<sheetData", b"<!--" + b" " * (MAX_EXPANDED + 1) + b"--><sheetData", 1
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


CASES: list[tuple[str, Callable[[Path], None], str]] = [
    ("a cell at A1048576", _far_cell, rf"reaches A1048576: more than the limit of {MAX_ROWS:,} rows"),
    ("a column beyond the limit", _wide, f"{MAX_COLUMNS} columns"),
    ("a formula in a data cell", _formula, r"row 7, column B: a formula: its saved value may be stale"),
    ("a huge XML comment", _comment_bomb, rf"more than the limit of {MAX_EXPANDED:,}"),
]


@pytest.mark.parametrize(("make", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_quickly_with_the_limit_named(
    tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    path = _template(tmp_path)
    make(path)
    started = time.perf_counter()
    with pytest.raises(WorkbookError, match=message):
        read_workbook(path)
    assert time.perf_counter() - started < 10


def test_the_untouched_template_is_not_refused(tmp_path: Path) -> None:
    from products.workbook_limits import check_workbook

    assert check_workbook(_template(tmp_path)) == []
