"""Fill a rule's data-collection template with a model's values the way a person would.

Product fields go into the rows the template lists (new rows for the others); on each stage sheet a row
of the model takes the place of the template row of the same process, kind and rule role, and every other
row is added below; template rows the model has no value for stay as the template wrote them.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl

from footprint.model import Model, parse_model
from products import Rule, write_template, write_workbook
from products.workbook_layout import CUTOFF, FACTORS, FIRST_ROW, PRODUCT, STAGE_SHEETS


def fill_template(rule: Rule, model: Model, folder: Path, *, functional_unit: str | None = None) -> Path:
    """The rule's template at `folder`/filled.xlsx, filled with `model`'s values."""
    template = write_template(rule, folder / "filled.xlsx", functional_unit=functional_unit)
    wb = openpyxl.load_workbook(template)
    renamed = parse_model(_renamed(model.data, _template_ids(wb)), file=model.file)
    values = openpyxl.load_workbook(write_workbook(renamed, folder / "values.xlsx", rule=rule))
    _product(wb[PRODUCT], values[PRODUCT])
    for title in [*STAGE_SHEETS.values(), FACTORS, CUTOFF]:
        if title in values.sheetnames:
            if title not in wb.sheetnames:
                raise AssertionError(f"the template has no sheet {title!r} for the model's rows")
            _rows(wb[title], values[title])
    wb.save(template)
    return template


def _header(ws: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value}


def _template_ids(wb: Any) -> dict[str, str]:
    """Rule role → the process id the template gives it (process rows only)."""
    ids: dict[str, str] = {}
    for title in STAGE_SHEETS.values():
        if title in wb.sheetnames:
            h = _header(wb[title])
            for r in range(FIRST_ROW, wb[title].max_row + 1):
                cell = wb[title].cell
                if cell(r, h["kind"]).value == "process" and cell(r, h["role"]).value:
                    ids.setdefault(str(cell(r, h["role"]).value), str(cell(r, h["process"]).value))
    return ids


def _renamed(data: Any, ids: dict[str, str]) -> dict[str, Any]:
    """The model with a process renamed to the template's id when it is the only one of its role."""
    new = copy.deepcopy(dict(data))
    procs = new["processes"]
    by_role: dict[str, list[str]] = {}
    for pid, p in procs.items():
        by_role.setdefault(str(p.get("role")), []).append(pid)
    names = {
        pids[0]: ids[role]
        for role, pids in by_role.items()
        if role in ids and len(pids) == 1 and ids[role] not in procs
    }
    new["processes"] = {names.get(pid, pid): p for pid, p in procs.items()}
    for p in new["processes"].values():
        for item in p.get("inputs") or []:
            if item.get("process") in names:
                item["process"] = names[item["process"]]
    flow = new["product"]["reference_flow"]
    flow["process"] = names.get(flow["process"], flow["process"])
    return new


def _product(ws: Any, values: Any) -> None:
    h, hv = _header(ws), _header(values)
    rows = {ws.cell(r, h["field"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    for r in range(FIRST_ROW, values.max_row + 1):
        field = values.cell(r, hv["field"]).value
        target = rows.get(field) or ws.max_row + 1
        ws.cell(target, h["field"], field)
        for key in ("value", "json"):
            source, cell = values.cell(r, hv[key]), ws.cell(target, h[key])
            cell.value, cell.number_format = source.value, source.number_format


def _rows(ws: Any, values: Any) -> None:
    h, hv = _header(ws), _header(values)
    keys = [k for k in ("process", "kind", "role") if k in h]
    free = {r: tuple(ws.cell(r, h[k]).value for k in keys) for r in range(FIRST_ROW, ws.max_row + 1)}
    for r in range(FIRST_ROW, values.max_row + 1):
        key = tuple(values.cell(r, hv[k]).value for k in keys)
        target = next((t for t, k in free.items() if keys and k == key), None)
        if target is None:
            target = max(ws.max_row + 1, FIRST_ROW)
        else:
            del free[target]
        for name, column in h.items():
            source = values.cell(r, hv[name]) if name in hv else None
            cell = ws.cell(target, column)
            cell.value = source.value if source is not None else None  # ws.cell(…, None) keeps the old value
            if source is not None:
                cell.number_format = source.number_format
