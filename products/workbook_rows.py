"""The cell-level half of reading a workbook: a sheet's rows, their JSON cells and the model object of a row.

`RowReader` records every bad cell (`CellIssue`) and where each model path came from; the workbook reader
(`products.workbook_reader`) builds on it to read whole sheets into a model.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from products.errors import CellIssue
from products.workbook_layout import FIRST_ROW, KIND_FIELDS, PEDIGREE, cell_value

Where = tuple[str, int | None, str, str]  # sheet, row, column letter, column key


class RowReader:
    """Reads rows of a sheet into model objects, recording bad cells and where each key came from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.issues: list[CellIssue] = []
        self.where: dict[str, Where] = {}

    def bad(self, sheet: str, row: int | None, column: str, key: str, message: str) -> None:
        self.issues.append(CellIssue(sheet, row, column, key, message))

    def bad_at(self, where: Where, message: str) -> None:
        self.bad(where[0], where[1], where[2], where[3], message)

    def _header(self, ws: Any) -> dict[str, tuple[int, str]]:
        header = {}
        for cell in ws[1]:
            if isinstance(cell.value, str) and cell.value.strip():
                header[cell.value.strip()] = (cell.column, cell.column_letter)
        return header

    def _rows(self, ws: Any) -> Any:
        header = self._header(ws)
        for r in range(FIRST_ROW, ws.max_row + 1):
            values = {k: cell_value(ws.cell(row=r, column=c)) for k, (c, _letter) in header.items()}
            if any(v is not None for v in values.values()):
                yield r, values, {k: letter for k, (_c, letter) in header.items()}

    def _json(self, sheet: str, row: int, letter: str, key: str, text: Any, *, mapping: bool) -> Any:
        if not isinstance(text, str):
            self.bad(sheet, row, letter, key, f"expected JSON text, got {text!r}")
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            self.bad(sheet, row, letter, key, f"not valid JSON ({exc.msg} at character {exc.pos})")
            return None
        if mapping and not isinstance(value, dict):
            self.bad(sheet, row, letter, key, "expected a JSON object {…}")
            return None
        return value

    def _object(
        self, sheet: str, r: int, v: Mapping[str, Any], letters: Mapping[str, str], kind: str
    ) -> tuple[dict[str, Any] | None, dict[str, Where]]:
        """The model object of one row and where each of its keys came from."""
        fields = dict(KIND_FIELDS[kind])
        if kind == "process":
            fields |= {"amount": "amount", "unit": "unit", "mass": "mass"}
        obj: dict[str, Any] = {}
        where: dict[str, Where] = {}
        allowed = {"process", "kind", "extra"} | {c for c in fields if c not in ("name", "pedigree")}
        if "name" in fields:
            allowed |= {"name_zh", "name_en"}
        if "pedigree" in fields:
            allowed |= set(PEDIGREE)
        for col, value in v.items():
            if value is not None and col not in allowed and col in letters:
                self.bad(sheet, r, letters[col], col, f"not used on {kind} rows")
        for col, key in fields.items():  # every column's place, so a missing value is traced to its cell
            if col == "pedigree":
                where |= {f"{key}.{k}": (sheet, r, letters[k], k) for k in PEDIGREE if k in letters}
            else:
                name_col = "name_zh" if col == "name" else col
                if name_col in letters:
                    where[key] = (sheet, r, letters[name_col], name_col)
        for col, key in fields.items():
            if col == "name":
                name = {lang: v[f"name_{lang}"] for lang in ("zh", "en") if v.get(f"name_{lang}") is not None}
                if name:
                    obj[key] = {k: str(x) for k, x in name.items()}
            elif col == "pedigree":
                scores = {k: v.get(k) for k in PEDIGREE}
                given = [k for k, x in scores.items() if x is not None]
                if given and len(given) < len(PEDIGREE):
                    missing = [k for k in PEDIGREE if k not in given]
                    self.bad(
                        sheet,
                        r,
                        letters.get(missing[0], ""),
                        missing[0],
                        "give all five pedigree scores or none",
                    )
                elif given:
                    obj[key] = {
                        k: int(x) if isinstance(x, float) and x.is_integer() else x for k, x in scores.items()
                    }
            elif v.get(col) is not None:
                value = v[col]
                if col == "bom":
                    value = _boolean(value)
                    if value is None:
                        self.bad(sheet, r, letters[col], col, f"expected TRUE or FALSE, got {v[col]!r}")
                        continue
                elif col == "amount" and isinstance(value, str) and not _is_number_text(value):
                    self.bad(sheet, r, letters[col], col, f"expected a number, got {value!r}")
                    continue
                obj[key] = value
        if v.get("extra") is not None:
            extra = self._json(sheet, r, letters["extra"], "extra", v["extra"], mapping=True)
            if extra is not None:
                obj = self._merge(obj, extra, (sheet, r, letters["extra"], "extra"))
        return obj, where

    def _merge(self, base: dict[str, Any], extra: Mapping[str, Any], where: Where) -> dict[str, Any]:
        out = dict(base)
        for key, value in extra.items():
            if key in out and isinstance(out[key], dict) and isinstance(value, dict):
                out[key] = self._merge(out[key], value, where)
            elif key in out:
                self.bad_at(where, f"{key!r} is given both in a column and in the JSON")
            else:
                out[key] = value
        return out

    def _plain(
        self, sheet: str, r: int, v: Mapping[str, Any], letters: Mapping[str, str], fields: Mapping[str, str]
    ) -> tuple[dict[str, Any], dict[str, Where]]:
        obj: dict[str, Any] = {}
        where: dict[str, Where] = {}
        for col, key in fields.items():
            if col == "name":
                name = {
                    lang: str(v[f"name_{lang}"]) for lang in ("zh", "en") if v.get(f"name_{lang}") is not None
                }
                if name:
                    obj[key] = name
                    where[key] = (sheet, r, letters.get("name_zh", ""), "name_zh")
            elif v.get(col) is not None:
                obj[key] = v[col]
                where[key] = (sheet, r, letters[col], col)
        if v.get("extra") is not None:
            extra = self._json(sheet, r, letters["extra"], "extra", v["extra"], mapping=True)
            if extra is not None:
                obj = self._merge(obj, extra, (sheet, r, letters["extra"], "extra"))
        return obj, where


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().upper() in ("TRUE", "FALSE"):
        return value.strip().upper() == "TRUE"
    return None


def _is_number_text(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return True
