"""The layout of the data-collection workbook: sheets, columns, and how values are put into cells.

One sheet per life-cycle stage lists processes and their inputs, emissions, co-products and declared
data gaps as rows (``kind``); the product sheet holds the product data as dotted field names; the
factors and cut-off sheets hold model-local factors and logged exclusions. Anything a column cannot
hold exactly goes, as JSON, into the row's ``extra`` cell, so a model survives the round trip unchanged.
Row 1 holds the column keys the reader uses, row 2 the Chinese and English labels; data start in row 3.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from factors.tableio import keep_text
from factors.vocab import PEDIGREE_INDICATORS
from footprint.vocab import STAGE_LABELS

WORKBOOK_FORMAT = "pcf-workbook/1"
FIRST_ROW = 3
# Number format marking a cell whose number is a float (1.0 would otherwise come back as the int 1, and
# a 17-digit float is stored as text because openpyxl writes numbers with 16 significant digits).
FLOAT_MARK = "0.0###############"

INSTRUCTIONS = "说明 Instructions"
PRODUCT = "产品 Product"
FACTORS = "因子 Factors"
CUTOFF = "截断 Cut-off"
META = "_meta"
LISTS = "_lists"
STAGE_SHEETS = {s: f"{zh} {s.value}" for s, (zh, _en) in STAGE_LABELS.items()}
KINDS = ("process", "input", "emission", "co_product", "gap")
UNITS = ("kg", "g", "t", "kWh", "MWh", "MJ", "GJ", "t*km", "piece", "m^2", "m^3", "L", "Wp", "Ah")
PEDIGREE = PEDIGREE_INDICATORS


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    width: int = 14


STAGE_COLUMNS = (
    Column("process", "过程编号", "Process id", 18),
    Column("kind", "行类型", "Row kind", 11),
    Column("id", "副产品编号", "Co-product id", 12),
    Column("name_zh", "名称（中文）", "Name (zh)", 22),
    Column("name_en", "名称（英文）", "Name (en)", 22),
    Column("role", "规则角色", "Rule role", 22),
    Column("factor", "排放因子", "Factor", 26),
    Column("from_process", "来自过程", "From process", 16),
    Column("gas", "温室气体", "Gas", 9),
    Column("amount", "数量", "Amount", 12),
    Column("unit", "单位", "Unit", 9),
    Column("mass", "单位质量", "Mass per unit", 12),
    Column("bom", "计入物料清单", "In BOM", 8),
    Column("geography", "地理", "Geography", 11),
    Column("source", "数据来源", "Source", 40),
    Column("note", "备注/原因", "Note or reason", 30),
    Column("reliability", "可靠性", "Reliability 1-5", 8),
    Column("completeness", "完整性", "Completeness 1-5", 8),
    Column("temporal", "时间代表性", "Temporal 1-5", 8),
    Column("geographical", "地理代表性", "Geographical 1-5", 8),
    Column("technological", "技术代表性", "Technological 1-5", 8),
    Column("extra", "其他（JSON）", "Extra (JSON)", 20),
)

PRODUCT_COLUMNS = (
    Column("field", "字段", "Field", 34),
    Column("value", "值", "Value", 40),
    Column("json", "值（JSON）", "Value (JSON)", 20),
    Column("description", "说明", "Description", 70),
)

FACTOR_COLUMNS = (
    Column("code", "因子编号", "Code", 26),
    Column("name_zh", "名称（中文）", "Name (zh)", 22),
    Column("name_en", "名称（英文）", "Name (en)", 22),
    Column("value", "数值", "Value", 10),
    Column("unit", "单位", "Unit (e.g. kg CO2e / kg)", 16),
    Column("gwp", "GWP 数据集", "GWP set", 10),
    Column("geography", "地理", "Geography", 10),
    Column("reference_year", "参考年份", "Reference year", 10),
    Column("source", "来源（文本）", "Source (text)", 30),
    Column("source_title", "来源标题", "Source title", 30),
    Column("source_publisher", "发布者", "Publisher", 16),
    Column("source_year", "发布年份", "Year", 8),
    Column("source_url", "网址", "URL", 24),
    Column("source_location", "位置", "Location in source", 24),
    Column("notes", "备注", "Notes", 30),
    Column("extra", "其他（JSON）", "Extra (JSON)", 20),
)

CUTOFF_COLUMNS = (
    Column("flow", "被排除的流", "Excluded flow", 28),
    Column("reason", "原因", "Reason", 40),
    Column("share", "占比（0–1）", "Share (0-1)", 10),
    Column("basis", "基准", "Basis", 10),
    Column("extra", "其他（JSON）", "Extra (JSON)", 20),
)

# Which model key each column of a row kind holds; "name" and "pedigree" span several columns.
KIND_FIELDS: dict[str, dict[str, str]] = {
    "process": {"name": "name", "role": "role", "geography": "geography", "note": "notes"},
    "input": {
        "name": "name",
        "role": "role",
        "factor": "factor",
        "from_process": "process",
        "amount": "amount",
        "unit": "unit",
        "mass": "mass",
        "bom": "bom",
        "source": "source",
        "note": "note",
        "pedigree": "pedigree",
    },
    "emission": {
        "gas": "gas",
        "amount": "amount",
        "unit": "unit",
        "source": "source",
        "note": "note",
        "pedigree": "pedigree",
    },
    "co_product": {"id": "id", "name": "name", "amount": "amount", "unit": "unit", "mass": "mass"},
    "gap": {
        "name": "name",
        "role": "role",
        "amount": "amount",
        "unit": "unit",
        "mass": "mass",
        "source": "source",
        "note": "reason",
    },
}
LIST_KEYS = {"input": "inputs", "emission": "emissions", "co_product": "co_products", "gap": "x-gaps"}
FACTOR_FIELDS = {
    "name": "name",
    "value": "value",
    "unit": "unit",
    "gwp": "gwp",
    "geography": "geography",
    "reference_year": "reference_year",
    "source": "source",
    "notes": "notes",
}
CUTOFF_FIELDS = {"flow": "flow", "reason": "reason", "share": "share", "basis": "basis"}
CITATION_KEYS = ("title", "publisher", "year", "url", "location")


# --- which values fit a column exactly -----------------------------------------------------------
def fits_text(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def fits_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or fits_text(value)


def fits_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def fits_name(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= {"zh", "en"}
        and all(fits_text(v) for v in value.values())
    )


def fits_pedigree(value: Any) -> bool:
    return (
        isinstance(value, dict) and set(value) == set(PEDIGREE) and all(fits_int(v) for v in value.values())
    )


def fits_citation(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "title" in value
        and set(value) <= set(CITATION_KEYS)
        and all(fits_int(v) if k == "year" else fits_text(v) for k, v in value.items())
    )


FIELD_FITS = {
    "name": fits_name,
    "pedigree": fits_pedigree,
    "amount": fits_number,
    "value": fits_number,
    "share": fits_number,
    "bom": lambda v: isinstance(v, bool),
    "reference_year": fits_int,
}


def fits(field: str, value: Any) -> bool:
    """True when `value` goes into the column(s) of `field` and comes back identical."""
    return FIELD_FITS.get(field, fits_text)(value)


# --- cell values ---------------------------------------------------------------------------------
def put(ws: Any, row: int, col: int, value: Any) -> None:
    """Write `value` so that `cell_value` reads back the same Python value (type included)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, float):
        if float(f"{value:.16g}") != value:
            cell.value = repr(value)
            cell.number_format = FLOAT_MARK
            return
        cell.value = value
        if value.is_integer():
            cell.number_format = FLOAT_MARK
        return
    cell.value = value
    keep_text(cell)  # user text such as `=HYPERLINK(…)` stays text (no formula injection, no lost cell)


def cell_value(cell: Any) -> Any:
    """The Python value of a cell: floats per FLOAT_MARK, dates as ISO text, blank as None."""
    v = cell.value
    if v is None or (isinstance(v, str) and v.strip() == ""):
        return None
    if cell.number_format == FLOAT_MARK:
        if isinstance(v, int) and not isinstance(v, bool):
            return float(v)
        if isinstance(v, str):
            try:
                return float(v)
            except ValueError:
                return v
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
