"""Excel data collection: a template generated from a product category rule, and a model as a workbook.

`write_template` lists the stages, mandatory processes and inputs of a rule (default factors filled in,
units with drop-down lists, data-quality columns, instructions in Chinese and English). `write_workbook`
writes a model in the same layout, so that `read_workbook` (see `products.workbook_reader`) gives back a
model with the same hash. The layout itself is in `products.workbook_layout`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from factors.vocab import GwpSet
from footprint.model import Model, Stage
from products.rules import FunctionalUnit, Rule
from products.workbook_encode import encode, factor_row, flatten, process_rows
from products.workbook_layout import (
    CUTOFF,
    CUTOFF_COLUMNS,
    CUTOFF_FIELDS,
    FACTOR_COLUMNS,
    FACTORS,
    FIRST_ROW,
    INSTRUCTIONS,
    KINDS,
    LISTS,
    META,
    PEDIGREE,
    PRODUCT,
    PRODUCT_COLUMNS,
    STAGE_COLUMNS,
    STAGE_SHEETS,
    UNITS,
    WORKBOOK_FORMAT,
    Column,
    put,
    to_json,
)
from products.workbook_reader import read_workbook, workbook_data
from products.workbook_template import MARK_PREFIX, main_process, row_mark, template_rows

__all__ = ["read_workbook", "workbook_data", "write_template", "write_workbook"]

FIELD_DOCS: dict[str, tuple[str, str]] = {
    "format": ("模型格式，勿改", "model format, do not change"),
    "product.id": ("产品编号（字母、数字、. _ -）", "product id (letters, digits, . _ -)"),
    "product.name.zh": ("产品名称（中文）", "product name in Chinese"),
    "product.name.en": ("产品名称（英文）", "product name in English"),
    "product.category": ("产品类别，决定适用的产品种类规则", "product category; selects the rule"),
    "product.functional_unit": ("功能单位，须为规则所列之一", "functional unit, one the rule lists"),
    "product.reference_flow.process": ("参考流来自的过程编号", "process id the reference flow comes from"),
    "product.reference_flow.amount": (
        "每功能单位的产品数量（如 1 ÷ 单体额定能量）",
        "product amount per functional unit (e.g. 1 ÷ rated energy of one unit)",
    ),
    "product.reference_flow.unit": ("参考流单位", "unit of the reference flow"),
    "product.geography": ("地理编码，如 CN-JX-YC（江西宜春）", "geography, e.g. CN-JX-YC (Yichun, Jiangxi)"),
    "product.reference_year": ("参考年份", "reference year"),
    "product.gwp": ("GWP100 数据集：AR4 / AR5 / AR6", "GWP100 set: AR4 / AR5 / AR6"),
    "product.mass": ("单个产品质量，如 744.124 g", "mass of one unit of product, e.g. 744.124 g"),
    "product.battery.chemistry": ("化学体系：LFP / NCM811 …", "chemistry: LFP / NCM811 …"),
    "product.battery.rated_energy": ("单个产品额定能量，如 0.25 kWh", "rated energy of one unit (0.25 kWh)"),
    "product.battery.usable_energy": ("寿命初期可用能量（欧盟）", "usable energy at beginning of life (EU)"),
    "product.battery.rated_capacity": ("额定容量，如 68 Ah", "rated capacity, e.g. 68 Ah"),
    "product.battery.application": ("车辆类别（M1、N1、L、M2…）", "vehicle category (M1, N1, L, M2 …)"),
    "product.battery.cycles_per_year": ("每年满充放电当量循环次数", "full equivalent cycles per year"),
    "product.battery.service_years": ("使用年限（质保年限）", "service years (warranty years)"),
    "product.battery.lifetime_cycles": ("寿命期循环次数（可选）", "lifetime cycles (optional)"),
    "factor_release": ("因子库版本，如 2026.1（可选）", "factor release, e.g. 2026.1 (optional)"),
    "notes": ("备注：数据缺口、假设", "notes: data gaps, assumptions"),
}
BATTERY_FIELDS = (
    "chemistry",
    "rated_energy",
    "usable_energy",
    "rated_capacity",
    "application",
    "cycles_per_year",
    "service_years",
    "lifetime_cycles",
)


def write_template(rule: Rule, path: str | Path, *, functional_unit: str | None = None) -> Path:
    """Write a data-collection workbook for `rule`: stages, mandatory processes and inputs pre-listed."""
    fu = rule.functional_unit(functional_unit)
    w = _Writer(rule, fu)
    main = main_process(rule)
    fields: list[tuple[str, Any]] = [
        ("format", "pcf-model/1"),
        ("product.id", None),
        ("product.name.zh", None),
        ("product.name.en", None),
        ("product.category", rule.applies_to[0]),
        ("product.functional_unit", fu.text.en),
        ("product.reference_flow.process", main.role if main else None),
        ("product.reference_flow.amount", None),
        ("product.reference_flow.unit", (main.output_unit or None) if main else None),
        ("product.geography", None),
        ("product.reference_year", None),
        ("product.gwp", (rule.param("gwp.allowed_sets", fu) or ["AR6"])[0]),
        ("product.mass", None),
    ]
    if any(c.startswith("battery") for c in rule.applies_to):
        fields += [(f"product.battery.{k}", None) for k in BATTERY_FIELDS]
    fields += [("factor_release", None), ("notes", None)]
    w.product(fields)
    rows = template_rows(rule, fu)
    for stage in _stages(fu, rows):
        w.stage(stage, rows.get(stage, []))
        marks = [row_mark(r) for r in rows.get(stage, [])]
        w.meta.append((f"{MARK_PREFIX}{STAGE_SHEETS[stage]}", to_json(marks)))
    w.factors([])
    w.cutoff([])
    w.instructions(main)
    return w.save(path)


def write_workbook(model: Model, path: str | Path, *, rule: Rule | None = None) -> Path:
    """Write `model` as a data-collection workbook that `read_workbook` turns back into the same model."""
    data = dict(model.data)
    fu = rule.functional_unit() if rule is not None else None
    w = _Writer(rule, fu)
    fields: list[tuple[str, Any]] = []
    for key, value in data.items():
        if (
            key == "processes"
            or (key == "factors" and _sheet_factors(value))
            or (key == "cutoff" and _sheet_cutoff(value))
        ):
            continue
        flatten(key, value, fields)
    w.product(fields, blanks=False)
    by_stage: dict[str, list[list[dict[str, Any]]]] = {}
    for pid, proc in data["processes"].items():
        by_stage.setdefault(str(proc.get("stage")), []).append(process_rows(str(pid), proc))
    used = [Stage(s) for s in by_stage if s in Stage.__members__.values()]
    stages = [s for s in Stage if s in used or (fu is not None and s in fu.allowed_stages) or fu is None]
    for stage in stages:
        w.stage(stage, [row for rows in by_stage.get(stage.value, []) for row in rows])
    factors, cutoff = data.get("factors"), data.get("cutoff")
    w.factors(
        [factor_row(str(code), f) for code, f in factors.items()]
        if isinstance(factors, dict) and _sheet_factors(factors)
        else []
    )
    w.cutoff(
        [encode(c, CUTOFF_FIELDS) for c in cutoff]
        if isinstance(cutoff, list) and _sheet_cutoff(cutoff)
        else []
    )
    w.instructions(None)
    return w.save(path)


def _sheet_factors(value: Any) -> bool:
    return isinstance(value, dict) and bool(value)


def _sheet_cutoff(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(c, dict) for c in value)


# --- the template's pre-listed rows: products.workbook_template --------------------------------------
def _stages(fu: FunctionalUnit, rows: Mapping[Stage, Sequence[Any]]) -> list[Stage]:
    return [s for s in Stage if s in fu.allowed_stages or s in rows]


# --- the writer ----------------------------------------------------------------------------------------
class _Writer:
    """Builds the workbook sheet by sheet; lists and validations live on hidden sheets."""

    def __init__(self, rule: Rule | None, fu: FunctionalUnit | None) -> None:
        from openpyxl import Workbook

        self.rule, self.fu = rule, fu
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.meta: list[tuple[str, str]] = [("workbook_format", WORKBOOK_FORMAT)]
        if rule is not None:
            self.meta += [
                ("rule", rule.id),
                ("rule_version", rule.version),
                ("functional_unit", fu.id if fu else ""),
            ]
        self.instructions_ws = self.wb.create_sheet(INSTRUCTIONS)
        self.lists, self.list_values = self._lists()

    def _lists(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """The hidden sheet of drop-down values: (range reference, values) by list name."""
        ws = self.wb.create_sheet(LISTS)
        ws.sheet_state = "hidden"
        roles = ["aggregated"]
        if self.rule is not None:
            specs = self.rule.processes
            named = {p.role for p in specs} | {i.role for p in specs for i in p.inputs}
            roles = sorted(named | {"aggregated"})
        columns = {
            "kind": list(KINDS),
            "unit": list(UNITS),
            "role": roles,
            "bool": ["TRUE", "FALSE"],
            "gwp": [s.value for s in GwpSet],
            "basis": ["mass", "impact", "energy"],
            "score": ["1", "2", "3", "4", "5"],
        }
        refs = {}
        for j, (name, values) in enumerate(columns.items(), start=1):
            ws.cell(row=1, column=j, value=name)
            for i, v in enumerate(values, start=2):
                ws.cell(row=i, column=j, value=v)
            letter = ws.cell(row=1, column=j).column_letter
            refs[name] = f"'{LISTS}'!${letter}$2:${letter}${len(values) + 1}"
        return refs, columns

    def _sheet(self, title: str, columns: Sequence[Column], role: str) -> Any:
        from openpyxl.styles import Alignment, Font, PatternFill

        ws = self.wb.create_sheet(title)
        self.meta.append((f"sheet:{title}", role))
        for j, c in enumerate(columns, start=1):
            key = ws.cell(row=1, column=j, value=c.key)
            key.font = Font(color="808080", size=9)
            label = ws.cell(row=2, column=j, value=f"{c.zh}\n{c.en}")
            label.font = Font(bold=True)
            label.alignment = Alignment(wrap_text=True, vertical="top")
            label.fill = PatternFill("solid", fgColor="DDEBF7")
            ws.column_dimensions[label.column_letter].width = c.width
        ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
        return ws

    def _rows(self, ws: Any, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> None:
        index = {c.key: j for j, c in enumerate(columns, start=1)}
        for i, row in enumerate(rows):
            for key, value in row.items():
                if value is not None:
                    put(ws, FIRST_ROW + i, index[key], value)

    def _validate(self, ws: Any, columns: Sequence[Column], key: str, **kwargs: Any) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        j = next(j for j, c in enumerate(columns, start=1) if c.key == key)
        letter = ws.cell(row=1, column=j).column_letter
        dv = DataValidation(allow_blank=True, **kwargs)
        ws.add_data_validation(dv)
        dv.add(f"{letter}{FIRST_ROW}:{letter}2000")

    def _choice(self, ws: Any, columns: Sequence[Column], key: str, values: str, *, strict: bool) -> None:
        """A drop-down list from `_lists`; `strict` refuses other values, else they are allowed."""
        choices = self.list_values[values]
        message = " / ".join(choices[:8]) + (" …" if len(choices) > 8 else "")
        self._validate(
            ws,
            columns,
            key,
            type="list",
            formula1=self.lists[values],
            showErrorMessage=strict,
            error=f"choose from the list ({message})",
            errorTitle=key,
        )

    def _between(self, ws: Any, columns: Sequence[Column], key: str, kind: str, low: str, high: str) -> None:
        self._validate(
            ws,
            columns,
            key,
            type=kind,
            operator="between",
            formula1=low,
            formula2=high,
            showErrorMessage=True,
            error=f"{low} … {high}",
            errorTitle=key,
        )

    def product(self, fields: Sequence[tuple[str, Any]], *, blanks: bool = True) -> None:
        ws = self._sheet(PRODUCT, PRODUCT_COLUMNS, "product")
        rows = []
        for field, value in fields:
            doc = FIELD_DOCS.get(field)
            row: dict[str, Any] = {"field": field, "description": f"{doc[0]} / {doc[1]}" if doc else None}
            if isinstance(value, (str, int, float)) and value != "":
                row["value"] = value
            elif value is not None or not blanks:
                row["json"] = to_json(value)
            rows.append(row)
        self._rows(ws, PRODUCT_COLUMNS, rows)

    def stage(self, stage: Stage, rows: Sequence[Mapping[str, Any]]) -> None:
        ws = self._sheet(STAGE_SHEETS[stage], STAGE_COLUMNS, f"stage:{stage.value}")
        self._rows(ws, STAGE_COLUMNS, rows)
        self._choice(ws, STAGE_COLUMNS, "kind", "kind", strict=True)
        self._choice(ws, STAGE_COLUMNS, "unit", "unit", strict=False)
        self._choice(ws, STAGE_COLUMNS, "role", "role", strict=False)
        self._choice(ws, STAGE_COLUMNS, "bom", "bool", strict=True)
        for key in PEDIGREE:
            self._between(ws, STAGE_COLUMNS, key, "whole", "1", "5")

    def factors(self, rows: Sequence[Mapping[str, Any]]) -> None:
        ws = self._sheet(FACTORS, FACTOR_COLUMNS, "factors")
        self._rows(ws, FACTOR_COLUMNS, rows)
        self._choice(ws, FACTOR_COLUMNS, "gwp", "gwp", strict=True)

    def cutoff(self, rows: Sequence[Mapping[str, Any]]) -> None:
        ws = self._sheet(CUTOFF, CUTOFF_COLUMNS, "cutoff")
        self._rows(ws, CUTOFF_COLUMNS, rows)
        self._choice(ws, CUTOFF_COLUMNS, "basis", "basis", strict=True)
        self._between(ws, CUTOFF_COLUMNS, "share", "decimal", "0", "1")

    def instructions(self, main: Any) -> None:
        from openpyxl.styles import Alignment, Font

        from products.workbook_text import instruction_lines

        ws = self.instructions_ws
        self.meta.append((f"sheet:{INSTRUCTIONS}", "instructions"))
        ws.column_dimensions["A"].width = 120
        for i, (text, heading) in enumerate(instruction_lines(self.rule, self.fu, main), start=1):
            cell = ws.cell(row=i, column=1, value=text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if heading:
                cell.font = Font(bold=True, size=12)

    def save(self, path: str | Path) -> Path:
        ws = self.wb.create_sheet(META)
        ws.sheet_state = "hidden"
        for i, (key, value) in enumerate(self.meta, start=1):
            ws.cell(row=i, column=1, value=key)
            ws.cell(row=i, column=2, value=value)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.wb.save(path)
        return path
