"""A model's data as workbook rows: processes with their inputs, emissions and outputs, factors, fields.

Keys that fit a column exactly go to it; every other key goes, as JSON, into the row's ``extra`` cell, so
that reading the workbook back (`products.workbook_reader`) gives the same model and hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from products.workbook_layout import FACTOR_FIELDS, KIND_FIELDS, LIST_KEYS, fits, fits_citation, to_json


def flatten(prefix: str, value: Any, out: list[tuple[str, Any]]) -> None:
    if isinstance(value, dict) and value and all(isinstance(k, str) and "." not in k for k in value):
        for k, v in value.items():
            flatten(f"{prefix}.{k}", v, out)
    else:
        out.append((prefix, value))


def encode(obj: Mapping[str, Any], fields: Mapping[str, str]) -> dict[str, Any]:
    """Columns for the keys that fit them exactly; every other key into ``extra``."""
    cells: dict[str, Any] = {}
    used = set()
    for col, key in fields.items():
        if key not in obj or not fits(col, obj[key]):
            continue
        value = obj[key]
        if col == "name":
            cells.update({f"name_{lang}": text for lang, text in value.items()})
        elif col == "pedigree":
            cells.update(value)
        else:
            cells[col] = value
        used.add(key)
    extra = {k: v for k, v in obj.items() if k not in used}
    if extra:
        cells["extra"] = to_json(extra)
    return cells


def process_rows(pid: str, proc: Mapping[str, Any]) -> list[dict[str, Any]]:
    body = {k: v for k, v in proc.items() if k != "stage"}
    children: list[dict[str, Any]] = []
    for kind, key in LIST_KEYS.items():
        items = body.get(key)
        if isinstance(items, list) and items and all(isinstance(x, dict) for x in items):
            children += [{"process": pid, "kind": kind, **encode(x, KIND_FIELDS[kind])} for x in items]
            del body[key]
    output = body.get("output")
    out_cells: dict[str, Any] = {}
    if isinstance(output, dict):
        rest = dict(output)
        for col in ("amount", "unit", "mass"):
            if col in rest and fits(col, rest[col]):
                out_cells[col] = rest.pop(col)
        body = {k: v for k, v in body.items() if k != "output"}
        if rest:
            body["output"] = rest
    row = {"process": pid, "kind": "process", **out_cells, **encode(body, KIND_FIELDS["process"])}
    return [row, *children]


def factor_row(code: str, factor: Any) -> dict[str, Any]:
    if not isinstance(factor, dict):
        return {"code": code, "extra": to_json({"": factor})}
    body = dict(factor)
    cells: dict[str, Any] = {"code": code}
    if fits_citation(body.get("source")):
        cells.update({f"source_{k}": v for k, v in body.pop("source").items()})
    return {**cells, **encode(body, FACTOR_FIELDS)}
