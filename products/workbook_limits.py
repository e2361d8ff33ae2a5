"""Bounds a data-collection workbook must keep before openpyxl opens it, each refusal naming the limit.

An .xlsx file is a zip of XML: a 400 kB file can expand to 400 MB (a huge XML comment), a single cell at
A1048576 makes openpyxl lay out a million rows, and a formula cell carries a cached value that may be
stale. `check_workbook` reads only the zip directory and the first bytes and the cell tags of each sheet.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from products.errors import CellIssue

MAX_EXPANDED = 64 * 1024 * 1024  # bytes of XML in all (a filled template is well under 1 MB)
MAX_ROWS = 20_000  # rows of one sheet (a product system of 20,000 processes)
MAX_COLUMNS = 200

_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_FORMULA = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*>(?:(?!</c>).){0,200}?<f[ >/]', re.DOTALL)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_workbook(path: Path) -> list[CellIssue]:
    """The problems that make a workbook too large to open or unsafe to read (empty when it may be opened)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return []  # openpyxl reports a non-workbook in its own words
    with archive:
        infos = archive.infolist()
        expanded = sum(i.file_size for i in infos)
        if expanded > MAX_EXPANDED:
            return [
                CellIssue(
                    "",
                    None,
                    "",
                    "",
                    f"the workbook expands to {expanded:,} bytes of XML, more than "
                    f"the limit of {MAX_EXPANDED:,}: remove what is not data (comments, images)",
                )
            ]
        names = _sheet_names(archive)
        issues: list[CellIssue] = []
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            sheet = names.get(info.filename, info.filename)
            data = archive.read(info)
            if m := _DIMENSION.search(data[:4096]):
                rows, columns = int(m.group(2)), _column_number(m.group(1).decode())
                if rows > MAX_ROWS or columns > MAX_COLUMNS:
                    issues.append(
                        CellIssue(
                            sheet,
                            None,
                            m.group(1).decode(),
                            "",
                            (
                                f"the sheet reaches {m.group(1).decode()}{rows}: more than the limit of "
                                f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns (delete cells beyond the data)"
                            ),
                        )
                    )
                    continue
            for f in _FORMULA.finditer(data):
                ref = f.group(1).decode()
                issues.append(
                    CellIssue(
                        sheet,
                        int(re.sub(r"[A-Z]", "", ref)),
                        re.sub(r"\d", "", ref),
                        "",
                        ("a formula: its saved value may be stale and is not read; paste the value instead"),
                    )
                )
        return issues


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """worksheet XML file → sheet title (from workbook.xml and its relationships)."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {
        m.group(1): m.group(2)
        for m in re.finditer(rb'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)
    }
    targets |= {
        m.group(2): m.group(1)
        for m in re.finditer(rb'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
    }
    out = {}
    for m in re.finditer(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
        target = targets.get(m.group(2), b"").decode().lstrip("/")
        file = target if target.startswith("xl/") else f"xl/{target}"
        out[file] = m.group(1).decode()
    return out
