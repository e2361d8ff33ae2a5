"""Validation of factor rows from CSV/Excel files into table content, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from factors.classes import INDUSTRIES, SourceClass, classify
from factors.columns import column_problems
from factors.errors import ImportValidationError, RowError
from factors.gases import format_gases, parse_gases
from factors.plausibility import screen
from factors.tables import Factor, FactorBase, Source, SourceBase
from factors.units import UnitError, parse_unit
from factors.vocab import (
    DQ_FIELDS,
    AltRole,
    Basis,
    Confidence,
    Distribution,
    FactorStatus,
    GwpSet,
    Scope,
    gwp_names,
)

COLUMNS: tuple[str, ...] = (
    "code", "activity", "name_zh", "name_en", "category", "geography", "reference_year",
    "value", "unit", "basis", "gwp", "gases", "scope", "scope_note",
    "uncertainty", "unc_a", "unc_b", *DQ_FIELDS, "valid_from", "valid_to", "confidence",
    "source_title", "source_publisher", "source_year", "source_url", "source_location",
    "source_licence", "source_value", "source_unit", "notes", "source_class", "industry", "alt_role",
)  # fmt: skip
REQUIRED: frozenset[str] = frozenset(
    {"code", "name_zh", "name_en", "category", "geography", "value", "unit", "basis", "scope",
     "confidence", "source_title", "source_url"}
)  # fmt: skip
OPTIONAL_EXTRA: frozenset[str] = frozenset({"status"})  # accepted on import, not exported


@dataclass(frozen=True)
class ValidRow:
    """A row that passed validation: its factor content, its citation and its requested status."""

    row: int
    factor: FactorBase
    source: SourceBase
    status: FactorStatus


def check_header(columns: Iterable[str], *, file: str, sheet: str | None = None) -> list[RowError]:
    """Problems with a header: required columns missing, unknown (misspelt) columns present."""
    cols = [c for c in columns if c]
    errors = [
        RowError(file, 1, c, "required column is missing", sheet)
        for c in COLUMNS
        if c in REQUIRED and c not in cols
    ]
    seen: set[str] = set()
    for c in cols:
        if c in seen:
            errors.append(
                RowError(file, 1, c, "the column is named twice; each column must appear once", sheet)
            )
        seen.add(c)
    known = set(COLUMNS) | OPTIONAL_EXTRA
    errors += [
        RowError(file, 1, c, f"unknown column; expected columns are {', '.join(COLUMNS)}", sheet)
        for c in cols
        if c not in known
    ]
    return errors


def validate_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    file: str,
    geographies: set[str],
    sheet: str | None = None,
) -> list[ValidRow]:
    """Validate numbered rows; raise `ImportValidationError` listing every bad cell if any row fails."""
    errors: list[RowError] = []
    valid: list[ValidRow] = []
    first_row_of: dict[str, int] = {}
    for number, raw in rows:
        row = _RowParser(raw, number, file, sheet, geographies)
        result = row.parse()
        code = row.text("code")
        if code:
            if code in first_row_of:
                row.error("code", f"duplicate code {code!r}: already on row {first_row_of[code]}")
                result = None
            else:
                first_row_of[code] = number
        errors += row.errors
        if result is not None and not row.errors:
            valid.append(result)
    if errors:
        raise ImportValidationError(errors)
    return valid


def source_key(source: SourceBase) -> str:
    """Stable identity of a citation (title, publisher, year, url, location, licence)."""
    return _hash(source.model_dump(mode="json"))


def factor_content_hash(factor: FactorBase, source: SourceBase) -> str:
    """Hash of everything a factor version says, its citation included (status excluded)."""
    return _hash({"factor": factor.model_dump(mode="json"), "source": source_key(source)})


def _hash(payload: object) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _RowParser:
    """Parses one raw row, collecting errors instead of stopping at the first."""

    def __init__(
        self, raw: Mapping[str, Any], number: int, file: str, sheet: str | None, geographies: set[str]
    ) -> None:
        self.raw, self.row_no, self.file, self.sheet, self.geos = raw, number, file, sheet, geographies
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.file, self.row_no, column, message, self.sheet))

    def text(self, column: str) -> str:
        value = self.raw.get(column)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, float) and value.is_integer() and column.endswith("year"):
            value = int(value)
        if isinstance(value, dt.datetime):
            value = value.date()
        return str(value).strip()

    def required(self, column: str, what: str) -> str:
        value = self.text(column)
        if not value:
            self.error(column, f"{what} is required")
        return value

    def number(self, column: str, *, positive: bool = False) -> float | None:
        text = self.text(column)
        if not text:
            return None
        try:
            raw = self.raw.get(column)
            value = float(raw) if isinstance(raw, (int, float)) else float(text)
        except ValueError:
            self.error(column, f"{text!r} is not a number")
            return None
        if not math.isfinite(value):
            self.error(column, f"{text!r} is not a finite number")
            return None
        if positive and value <= 0:
            self.error(column, f"must be a positive number, got {text}")
            return None
        return value

    def integer(self, column: str, low: int, high: int) -> int | None:
        text = self.text(column)
        if not text:
            return None
        try:
            value = int(float(text)) if float(text).is_integer() else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            self.error(column, f"{text!r} is not a whole number between {low} and {high}")
            return None
        return value

    def date(self, column: str) -> dt.date | None:
        text = self.text(column)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10] if _is_midnight_timestamp(text) else text)
        except ValueError:
            self.error(column, f"{text!r} is not a date (YYYY-MM-DD)")
            return None

    def choice(self, column: str, enum: type[Enum], *, required: bool) -> Any:
        text = self.text(column)
        if not text:
            if required:
                self.error(column, f"required; one of {', '.join(v.value for v in enum if v.value)}")
            return None
        for member in enum:
            if member.value and member.value.lower() == text.lower():
                return member
        self.error(column, f"{text!r} is not one of {', '.join(v.value for v in enum if v.value)}")
        return None

    def parse(self) -> ValidRow | None:
        code = self.required("code", "a factor code")
        if code and (any(c.isspace() for c in code) or len(code) > 120):
            self.error("code", f"{code!r} must be at most 120 characters without spaces")
        name_zh = self.required("name_zh", "a Chinese name")
        name_en = self.required("name_en", "an English name")
        category = self.required("category", "a category")
        geography = self.required("geography", "a geography code")
        if geography and geography not in self.geos:
            self.error(
                "geography",
                f"unknown geography {geography!r}; add it to the geography tree "
                "or use one of its codes (e.g. CN, CN-JX, GLO)",
            )
        year = self.integer("reference_year", 1900, 2100)
        value_text = self.text("value")
        basis = self.choice("basis", Basis, required=True)
        value = self.number("value", positive=True) if (value_text or basis != Basis.GASES) else None
        if not value_text and basis != Basis.GASES:
            self.error("value", "a positive number is required")
        unit = self.required("unit", "the unit of the reference quantity (e.g. kWh, kg, t*km)")
        if unit:
            try:
                parsed = parse_unit(unit)
                if "[emission]" in str(parsed.dimensionality):
                    self.error(
                        "unit",
                        f"{unit!r} is an emission unit; `unit` is the reference quantity "
                        "(kWh, kg, t*km ...) and the value is kg CO2/CO2e per one of it",
                    )
            except UnitError as exc:
                self.error("unit", str(exc))
        gwp = self.choice("gwp", GwpSet, required=basis == Basis.CO2E)
        if basis == Basis.CO2 and gwp is not None:
            self.error("gwp", "a CO2-only factor carries no GWP set; leave gwp empty or use basis CO2e")
        gases_text = self.text("gases")
        gases = ""
        if basis == Basis.GASES and not value_text and gwp == GwpSet.UNSPECIFIED:
            self.error(
                "gwp",
                f"per-gas amounts are characterized under a named set: use {gwp_names()} "
                "(or leave gwp empty for AR6)",
            )
        if basis == Basis.GASES:
            try:
                gases = format_gases(parse_gases(gases_text))
            except ValueError as exc:
                self.error("gases", str(exc))
        elif gases_text:
            self.error("gases", "per-gas amounts need basis 'gases'")
        scope = self.choice("scope", Scope, required=True)
        unc = self.choice("uncertainty", Distribution, required=False) or Distribution.NONE
        unc_a, unc_b = self.number("unc_a"), self.number("unc_b")
        self._check_uncertainty(unc, value, unc_a, unc_b)
        dq = {f: self.integer(f, 1, 5) for f in DQ_FIELDS}
        valid_from, valid_to = self.date("valid_from"), self.date("valid_to")
        if valid_from and valid_to and valid_from > valid_to:
            self.error("valid_to", f"validity ends ({valid_to}) before it starts ({valid_from})")
        confidence = self.choice("confidence", Confidence, required=True)
        status = self.choice("status", FactorStatus, required=False) or FactorStatus.DRAFT
        if status not in (FactorStatus.DRAFT, FactorStatus.REVIEWED):
            self.error(
                "status",
                "an import can only bring draft or reviewed factors; publishing is "
                "done by publishing the release",
            )
        title = self.required("source_title", "the source (publication title)")
        url = self.required("source_url", "the source's URL or document id")
        source_year = self.integer("source_year", 1800, 2100)
        activity = self.text("activity") or _activity_from_code(code, geography, year)
        if category and unit and not any(e.column in ("unit", "value") for e in self.errors):
            for column, message in screen(category, value, unit):
                self.error(column, message)
        source_class, industry = self._classes(category, activity)
        alt_role = self.choice("alt_role", AltRole, required=False) or AltRole.NONE
        if self.errors:
            return None
        factor = FactorBase(
            code=code,
            activity=activity,
            name_zh=name_zh,
            name_en=name_en,
            category=category,
            geography=geography,
            reference_year=year,
            value=value if value is not None else 0.0,
            unit=unit,
            basis=basis.value,
            gwp=gwp.value if gwp else "",
            gases=gases,
            scope=scope.value,
            scope_note=self.text("scope_note"),
            uncertainty=unc.value,
            unc_a=unc_a,
            unc_b=unc_b,
            **dq,
            valid_from=valid_from,
            valid_to=valid_to,
            confidence=confidence.value,
            source_value=self.text("source_value"),
            source_unit=self.text("source_unit"),
            notes=self.text("notes"),
            source_class=source_class,
            industry=industry,
            alt_role=alt_role.value,
        )
        source = SourceBase(
            title=title,
            publisher=self.text("source_publisher"),
            year=source_year,
            url=url,
            location=self.text("source_location"),
            licence=self.text("source_licence"),
        )
        for column, message in column_problems(factor.model_dump(), Factor.__table__):  # type: ignore[attr-defined]
            self.error(column, message)
        for column, message in column_problems(source.model_dump(), Source.__table__):  # type: ignore[attr-defined]
            self.error(f"source_{column}", message)
        return None if self.errors else ValidRow(self.row_no, factor, source, status)

    def _classes(self, category: str, activity: str) -> tuple[str, str]:
        """Source class and industry as given, else derived from the category (factors.classes)."""
        derived_source, derived_industry = classify(category, activity)
        source = self.choice("source_class", SourceClass, required=False)
        industry = self.text("industry")
        if industry and industry not in INDUSTRIES:
            self.error(
                "industry",
                f"{industry!r} is not a GB/T 4754-2017 code of factors.classes.INDUSTRIES "
                f"(e.g. {', '.join(list(INDUSTRIES)[:5])} …)",
            )
        return (source.value if source else derived_source), (industry or derived_industry)

    def _check_uncertainty(
        self, unc: Distribution, value: float | None, a: float | None, b: float | None
    ) -> None:
        if unc == Distribution.NONE:
            if a is not None or b is not None:
                self.error("uncertainty", "unc_a/unc_b are given but no distribution is named")
            return
        if unc == Distribution.LOGNORMAL:
            if a is None or a <= 1:
                self.error("unc_a", "lognormal needs unc_a = geometric standard deviation > 1")
        elif unc == Distribution.NORMAL:
            if a is None or a <= 0:
                self.error("unc_a", "normal needs unc_a = standard deviation > 0")
        else:
            if a is None or b is None or not a < b:
                self.error("unc_b", f"{unc.value} needs unc_a = minimum < unc_b = maximum")
            elif value is not None and not a <= value <= b:
                self.error("value", f"value {value} lies outside the {unc.value} range [{a}, {b}]")


def _is_midnight_timestamp(text: str) -> bool:
    """Spreadsheet dates can arrive as ``2022-01-01 00:00:00``; that is still a plain date."""
    return len(text) > 10 and text[10:].strip() in ("00:00:00", "T00:00:00")


def _activity_from_code(code: str, geography: str, year: int | None) -> str:
    """`elec.grid.CN-JX.2022` -> `elec.grid` when the activity column is left empty."""
    for suffix in (f".{geography}.{year}" if year else None, f".{geography}"):
        if suffix and code.endswith(suffix) and len(code) > len(suffix):
            return code[: -len(suffix)]
    return code
