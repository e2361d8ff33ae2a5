"""Reading a data-collection workbook back into a model; every bad cell is named by sheet, row and column.

The reader first checks the cells it can judge alone (row kinds, numbers, scores, JSON), then builds
the model's data and validates it with the core's model loader; the loader's problems (given as model
paths such as ``processes.cell.inputs[2].unit``) are traced back to the cell they came from. Nothing is
returned unless the whole workbook is valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from footprint.model import Model, Stage
from products.errors import CellIssue, WorkbookError
from products.workbook_layout import (
    CITATION_KEYS,
    CUTOFF,
    CUTOFF_FIELDS,
    FACTOR_FIELDS,
    FACTORS,
    INSTRUCTIONS,
    KINDS,
    LIST_KEYS,
    META,
    PRODUCT,
    STAGE_SHEETS,
)
from products.workbook_rows import RowReader, Where
from products.workbook_template import MARK_PREFIX, row_mark

_LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")  # the last key or index of a model path
TOP_ORDER = ("format", "product", "factor_release", "processes", "factors", "cutoff", "notes")


def read_workbook(path: str | Path, *, source: Any = None) -> Model:
    """The model a workbook holds; `WorkbookError` lists every bad cell (given a source, unknown factors)."""
    from footprint import calculate  # noqa: F401  (bind the lazy function before its module, else
    from footprint.calculate import prepare  # `footprint.calculate` would stay the module)
    from footprint.errors import ModelError
    from footprint.linking import link_factors
    from footprint.model import parse_model_lenient

    reader = _Reader(Path(path))
    data = reader.read()
    model, issues = parse_model_lenient(data, file=str(path))
    if model is not None and source is not None:
        if issues:  # the valid part of the model: unknown factor codes are bad cells too
            issues += list(link_factors(model, source, gwp_set=model.product.gwp.value, strict=False).unknown)
        else:
            try:
                prepare(model, source)
            except ModelError as exc:
                issues = list(exc.issues)
    problems = _unique(reader.issues + [reader.locate(i.path, i.message) for i in issues])
    if problems or model is None:
        raise WorkbookError(str(path), problems or [CellIssue("", None, "", "", "not a model")])
    return model


def workbook_data(path: str | Path) -> dict[str, Any]:
    """The model data of a workbook as a plain mapping, without validating it as a model."""
    reader = _Reader(Path(path))
    data = reader.read()
    if reader.issues:
        raise WorkbookError(str(path), reader.issues)
    return data


class _Reader(RowReader):
    """Reads the sheets into model data, recording where each model path came from."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.marks: dict[str, set[str]] = {}  # sheet → marks of the rows the template pre-listed
        self.listed: set[str] = set()  # processes whose row is still as the template wrote it
        self.touched: set[str] = set()  # processes with a row the user filled or changed

    def read(self) -> dict[str, Any]:
        from openpyxl import load_workbook

        from products.workbook_limits import check_workbook

        if self.path.is_file() and (limits := check_workbook(self.path)):
            raise WorkbookError(str(self.path), limits)
        try:
            wb = load_workbook(self.path, data_only=True)
        except FileNotFoundError:
            raise WorkbookError(str(self.path), [CellIssue("", None, "", "", "file not found")]) from None
        except Exception as exc:  # openpyxl raises zipfile/KeyError/InvalidFileException for non-workbooks
            raise WorkbookError(
                str(self.path),
                [CellIssue("", None, "", "", f"not an .xlsx workbook ({exc.__class__.__name__})")],
            ) from None
        roles = self._roles(wb)
        top: dict[str, Any] = {}
        processes: dict[str, dict[str, Any]] = {}
        children: list[tuple[str, str, dict[str, Any], Where, dict[str, Where]]] = []
        factors: dict[str, Any] = {}
        cutoff: list[Any] = []
        for title, role in roles.items():
            ws = wb[title]
            if role == "product":
                self._product(ws, top)
            elif role.startswith("stage:"):
                self._stage(ws, Stage(role.split(":", 1)[1]), processes, children)
            elif role == "factors":
                self._factors(ws, factors)
            elif role == "cutoff":
                self._cutoff(ws, cutoff)
        self._attach(processes, children)
        self._drop_unused(processes, top)
        for key, value in (("processes", processes), ("factors", factors), ("cutoff", cutoff)):
            if value:
                if key in top:
                    where = self.where.get(key, (PRODUCT, None, "", ""))
                    self.bad_at(where, f"{key} is given both here and on its own sheet")
                top[key] = value
        ordered = {k: top[k] for k in TOP_ORDER if k in top}
        return ordered | {k: v for k, v in top.items() if k not in TOP_ORDER}

    def _roles(self, wb: Any) -> dict[str, str]:
        roles: dict[str, str] = {}
        if META in wb.sheetnames:
            for key, value in wb[META].iter_rows(min_row=1, max_col=2, values_only=True):
                if isinstance(key, str) and key.startswith("sheet:") and key[6:] in wb.sheetnames:
                    roles[key[6:]] = str(value)
                elif isinstance(key, str) and key.startswith(MARK_PREFIX) and isinstance(value, str):
                    try:
                        self.marks[key[len(MARK_PREFIX) :]] = set(json.loads(value))
                    except (json.JSONDecodeError, TypeError):
                        continue  # a damaged mark only means every row counts as filled
        if not roles:  # no (or a damaged) _meta sheet: recognise the sheets by their titles
            known = {PRODUCT: "product", FACTORS: "factors", CUTOFF: "cutoff", INSTRUCTIONS: "instructions"}
            known |= {title: f"stage:{stage.value}" for stage, title in STAGE_SHEETS.items()}
            roles = {t: known[t] for t in wb.sheetnames if t in known}
        if "product" not in roles.values():
            self.bad("", None, "", "", f"no product sheet ({PRODUCT!r}) in the workbook")
        return roles

    # -- product --
    def _product(self, ws: Any, top: dict[str, Any]) -> None:
        sheet = ws.title
        for r, v, letters in self._rows(ws):
            field, value, text = v.get("field"), v.get("value"), v.get("json")
            if isinstance(field, str) and field.strip() and "value" in letters:
                self.where.setdefault(field.strip(), (sheet, r, letters["value"], "value"))
            if value is None and text is None:
                continue
            if not isinstance(field, str) or not field.strip():
                self.bad(sheet, r, letters.get("field", "A"), "field", "a value needs a field name")
                continue
            if value is not None and text is not None:
                self.bad(sheet, r, letters["json"], "json", "give the value or the JSON value, not both")
                continue
            if text is not None:
                value = self._json(sheet, r, letters["json"], "json", text, mapping=False)
            field = field.strip()
            if text is not None:
                self.where[field] = (sheet, r, letters["json"], "json")
            self._set(top, field.split("."), value, (sheet, r, letters["field"], "field"))

    def _set(self, top: dict[str, Any], parts: list[str], value: Any, where: Where) -> None:
        node = top
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                self.bad_at(where, f"{'.'.join(parts)}: {part!r} already has a value of its own")
                return
            node = child
        if parts[-1] in node:
            self.bad_at(where, f"{'.'.join(parts)} is given twice")
            return
        node[parts[-1]] = value

    # -- stages --
    def _stage(
        self, ws: Any, stage: Stage, processes: dict[str, dict[str, Any]], children: list[Any]
    ) -> None:
        sheet = ws.title
        for r, v, letters in self._rows(ws):
            kind, pid = v.get("kind"), v.get("process")
            if kind not in KINDS:
                self.bad(
                    sheet, r, letters.get("kind", "B"), "kind", f"{kind!r} is not one of {', '.join(KINDS)}"
                )
                continue
            if not isinstance(pid, (str, int)) or isinstance(pid, bool):
                self.bad(sheet, r, letters.get("process", "A"), "process", "the process id is required")
                continue
            pid = str(pid)
            untouched = row_mark(v) in self.marks.get(sheet, ())
            if untouched and kind == "input" and v.get("amount") is None:
                continue  # a pre-listed input the user did not fill: it demands nothing
            obj, where = self._object(sheet, r, v, letters, kind)
            if obj is None:
                continue
            if untouched and kind == "process":
                self.listed.add(pid)
            elif not untouched:
                self.touched.add(pid)
            if kind != "process":
                children.append((pid, kind, obj, (sheet, r, letters["process"], "process"), where))
                continue
            if pid in processes:
                self.bad(sheet, r, letters["process"], "process", f"process {pid!r} is defined twice")
                continue
            output = {k: obj.pop(k) for k in ("amount", "unit", "mass") if k in obj}
            if output:
                obj = self._merge({"output": output}, obj, (sheet, r, letters.get("extra", ""), "extra"))
            processes[pid] = {"stage": stage.value, **obj}
            base = f"processes.{pid}"
            self.where[base] = self.where[f"{base}.stage"] = (sheet, r, letters["process"], "process")
            for key, w in where.items():
                target = f"output.{key}" if key in ("amount", "unit", "mass") else key
                self.where[f"{base}.{target}"] = w

    def _attach(self, processes: dict[str, dict[str, Any]], children: list[Any]) -> None:
        for pid, kind, obj, pwhere, where in children:
            if pid not in processes:
                self.bad_at(pwhere, f"no process row (kind=process) defines {pid!r}")
                continue
            key = LIST_KEYS[kind]
            items = processes[pid].setdefault(key, [])
            if not isinstance(items, list):
                self.bad_at(pwhere, f"{key} of {pid!r} is also given in the process row's JSON")
                continue
            base = f"processes.{pid}.{key}[{len(items)}]"
            items.append(obj)
            self.where[base] = pwhere
            for k, w in where.items():
                self.where[f"{base}.{k}"] = w

    def _drop_unused(self, processes: dict[str, dict[str, Any]], top: Mapping[str, Any]) -> None:
        """Leave out pre-listed processes left as the template wrote them that nothing draws from."""
        used = {
            str(i["process"])
            for p in processes.values()
            for i in p.get("inputs") or []
            if isinstance(i, dict) and i.get("process") is not None
        }
        product = top.get("product")
        flow = product.get("reference_flow") if isinstance(product, dict) else None
        used |= {str(flow["process"])} if isinstance(flow, dict) and "process" in flow else set()
        for pid in self.listed - self.touched - used:
            processes.pop(pid, None)

    # -- factors and cut-off --
    def _factors(self, ws: Any, factors: dict[str, Any]) -> None:
        sheet = ws.title
        for r, v, letters in self._rows(ws):
            code = v.get("code")
            if not isinstance(code, str) or not code.strip():
                self.bad(sheet, r, letters.get("code", "A"), "code", "the factor code is required")
                continue
            if code in factors:
                self.bad(sheet, r, letters["code"], "code", f"factor {code!r} is defined twice")
                continue
            row = dict(v)
            citation = {
                k: row.pop(f"source_{k}") for k in CITATION_KEYS if row.get(f"source_{k}") is not None
            }
            obj, where = self._plain(sheet, r, row, letters, FACTOR_FIELDS | {"name": "name"})
            if citation:
                if "source" in obj:
                    self.bad(
                        sheet,
                        r,
                        letters["source"],
                        "source",
                        "give the source as text or as citation columns, not both",
                    )
                obj["source"] = citation
                where["source"] = (sheet, r, letters.get("source_title", ""), "source_title")
            factors[code] = obj
            self.where[f"factors.{code}"] = (sheet, r, letters["code"], "code")
            for k, w in where.items():
                self.where[f"factors.{code}.{k}"] = w

    def _cutoff(self, ws: Any, cutoff: list[Any]) -> None:
        sheet = ws.title
        for r, v, letters in self._rows(ws):
            obj, where = self._plain(sheet, r, v, letters, dict(CUTOFF_FIELDS))
            base = f"cutoff[{len(cutoff)}]"
            cutoff.append(obj)
            self.where[base] = (sheet, r, letters.get("flow", "A"), "flow")
            for k, w in where.items():
                self.where[f"{base}.{k}"] = w

    # -- tracing model problems back to cells --
    def locate(self, path: str, message: str) -> CellIssue:
        """The cell a model path came from (its nearest recorded parent), with the loader's message."""
        probe = path
        while probe:
            children = (w for p, w in self.where.items() if p.startswith(probe + "."))
            found = self.where.get(probe) or next(children, None)
            if found:
                sheet, row, letter, key = found
                return CellIssue(sheet, row, letter, key, f"{message} ({path})")
            parent = _LAST_STEP.sub("", probe)
            probe = parent if parent != probe else ""
        return CellIssue("", None, "", "", f"{path}: {message}" if path else message)


def _unique(issues: list[CellIssue]) -> list[CellIssue]:
    """One problem per cell (the model loader may report a missing value twice); other issues all kept."""
    seen: set[tuple[str, int | None, str]] = set()
    out = []
    for i in issues:
        key = (i.sheet, i.row, i.column)
        if i.sheet and i.column and key in seen:
            continue
        seen.add(key)
        out.append(i)
    return out
