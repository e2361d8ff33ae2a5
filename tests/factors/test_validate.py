"""Row validation without a database: every rule of `_RowParser`, header checks, every problem at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factors.errors import ImportValidationError, RowError
from factors.validate import COLUMNS, REQUIRED, check_header, validate_rows

GEOGRAPHIES = {"GLO", "CN", "CN-JX"}

# A complete, valid row as a spreadsheet gives it: every cell is text.
GOOD: dict[str, str] = {c: "" for c in COLUMNS} | {
    "code": "elec.grid.CN-JX.2022", "name_zh": "2022年江西省电力平均二氧化碳排放因子",
    "name_en": "Jiangxi grid electricity CO2 factor 2022", "category": "electricity", "geography": "CN-JX",
    "reference_year": "2022", "value": "0.5752", "unit": "kWh", "basis": "CO2", "scope": "generation",
    "confidence": "medium", "source_title": "2022年电力二氧化碳排放因子", "source_url": "https://www.mee.gov.cn/",
}  # fmt: skip


def validate(*rows: dict[str, Any], sheet: str | None = None) -> list:
    return validate_rows(
        list(enumerate(rows, start=2)), file="factors.csv", geographies=GEOGRAPHIES, sheet=sheet
    )


def errors_of(*rows: dict[str, Any], sheet: str | None = None) -> list[RowError]:
    with pytest.raises(ImportValidationError) as info:
        validate(*rows, sheet=sheet)
    return info.value.errors


GASES_ROW = {"basis": "gases", "value": "", "gwp": "AR6"}

BAD_CELLS = [
    # (changed cells, column named by the error, fragment of its message)
    ({"code": ""}, "code", "a factor code is required"),
    ({"code": "elec grid.CN-JX.2022"}, "code", "without spaces"),
    ({"code": "x" * 121}, "code", "at most 120 characters"),
    ({"name_zh": ""}, "name_zh", "a Chinese name is required"),
    ({"name_en": " "}, "name_en", "an English name is required"),
    ({"category": ""}, "category", "a category is required"),
    ({"geography": ""}, "geography", "a geography code is required"),
    ({"geography": "CN-ZZ"}, "geography", "unknown geography 'CN-ZZ'"),
    ({"reference_year": "1899"}, "reference_year", "'1899' is not a whole number between 1900 and 2100"),
    ({"reference_year": "2022.5"}, "reference_year", "not a whole number"),
    ({"reference_year": "twenty"}, "reference_year", "not a whole number"),
    ({"value": ""}, "value", "a positive number is required"),
    ({"value": "abc"}, "value", "'abc' is not a number"),
    ({"value": "0"}, "value", "must be a positive number, got 0"),
    ({"value": "-0.5"}, "value", "must be a positive number, got -0.5"),
    ({"value": "inf"}, "value", "not a finite number"),
    ({"value": "nan"}, "value", "not a finite number"),
    ({"unit": ""}, "unit", "the unit of the reference quantity"),
    ({"unit": "kgg"}, "unit", "unknown unit 'kgg'"),
    ({"unit": "kg CO2e / kWh"}, "unit", "is an emission unit"),
    ({"basis": ""}, "basis", "required; one of CO2, CO2e, gases"),
    ({"basis": "CH4"}, "basis", "'CH4' is not one of CO2, CO2e, gases"),
    ({"basis": "CO2e"}, "gwp", "required; one of AR4, AR5, AR6, unspecified"),
    ({"basis": "CO2e", "gwp": "AR7"}, "gwp", "'AR7' is not one of"),
    ({"gwp": "AR6"}, "gwp", "a CO2-only factor carries no GWP set"),
    ({"gases": "CO2=0.5"}, "gases", "per-gas amounts need basis 'gases'"),
    (GASES_ROW | {"gases": "CO2=1; XX=2"}, "gases", "unknown gas 'XX'"),
    (GASES_ROW | {"gases": ""}, "gases", "no gas amounts given"),
    (GASES_ROW | {"gases": "CO2"}, "gases", "'CO2' is not GAS=AMOUNT"),
    (GASES_ROW | {"gases": "CO2=1; CO2=2"}, "gases", "gas 'CO2' is given twice"),
    (GASES_ROW | {"gases": "CO2=-1"}, "gases", "amount of CO2 must be zero or positive"),
    (GASES_ROW | {"gases": "CO2=lots"}, "gases", "amount 'lots' of CO2 is not a number"),
    ({"scope": ""}, "scope", "required; one of combustion"),
    ({"scope": "everything"}, "scope", "'everything' is not one of combustion"),
    ({"uncertainty": "gamma"}, "uncertainty", "'gamma' is not one of lognormal, normal"),
    ({"unc_a": "1.2"}, "uncertainty", "unc_a/unc_b are given but no distribution is named"),
    ({"uncertainty": "lognormal"}, "unc_a", "geometric standard deviation > 1"),
    ({"uncertainty": "lognormal", "unc_a": "1"}, "unc_a", "geometric standard deviation > 1"),
    ({"uncertainty": "lognormal", "unc_a": "0.8"}, "unc_a", "geometric standard deviation > 1"),
    ({"uncertainty": "normal", "unc_a": "0"}, "unc_a", "standard deviation > 0"),
    ({"uncertainty": "triangular", "unc_a": "0.6", "unc_b": "0.5"}, "unc_b", "minimum < unc_b = maximum"),
    ({"uncertainty": "uniform", "unc_a": "0.5"}, "unc_b", "uniform needs unc_a = minimum"),
    ({"uncertainty": "triangular", "unc_a": "0.6", "unc_b": "0.7"}, "value",
     "value 0.5752 lies outside the triangular range [0.6, 0.7]"),
    ({"dq_reliability": "6"}, "dq_reliability", "'6' is not a whole number between 1 and 5"),
    ({"dq_completeness": "0"}, "dq_completeness", "between 1 and 5"),
    ({"dq_temporal": "2.5"}, "dq_temporal", "between 1 and 5"),
    ({"dq_geographical": "good"}, "dq_geographical", "between 1 and 5"),
    ({"dq_technological": "-1"}, "dq_technological", "between 1 and 5"),
    ({"valid_from": "2022-13-01"}, "valid_from", "'2022-13-01' is not a date (YYYY-MM-DD)"),
    ({"valid_to": "yesterday"}, "valid_to", "is not a date"),
    ({"valid_from": "2023-01-01", "valid_to": "2022-12-31"}, "valid_to",
     r"validity ends (2022-12-31) before it starts (2023-01-01)"),
    ({"confidence": ""}, "confidence", "required; one of high, medium, low"),
    ({"confidence": "certain"}, "confidence", "'certain' is not one of high, medium, low"),
    ({"status": "published"}, "status", "an import can only bring draft or reviewed factors"),
    ({"status": "deprecated"}, "status", "an import can only bring draft or reviewed factors"),
    ({"status": "final"}, "status", "'final' is not one of draft, reviewed"),
    ({"source_title": ""}, "source_title", "the source (publication title) is required"),
    ({"source_url": ""}, "source_url", "the source's URL or document id is required"),
    ({"source_year": "1700"}, "source_year", "between 1800 and 2100"),
    ({"unit": "kg*"}, "unit", "unknown unit 'kg*'"),
    ({"valid_from": "2022-01-015"}, "valid_from", "is not a date"),
]  # fmt: skip


class TestBadCells:
    @pytest.mark.parametrize(("changes", "column", "fragment"), BAD_CELLS)
    def test_bad_cell_is_named_with_its_row_and_column(
        self, changes: dict[str, str], column: str, fragment: str
    ) -> None:
        errors = errors_of(GOOD | changes)
        assert [(e.file, e.row, e.column) for e in errors] == [("factors.csv", 2, column)]
        assert fragment in errors[0].message

    def test_every_problem_of_every_row_is_reported_at_once(self) -> None:
        errors = errors_of(
            GOOD,
            GOOD | {"code": "a.b", "value": "abc", "unit": "kgg"},
            GOOD | {"code": "c.d", "scope": "?"},
            sheet="factors",
        )
        assert [(e.row, e.column) for e in errors] == [(3, "value"), (3, "unit"), (4, "scope")]
        assert {e.sheet for e in errors} == {"factors"}
        assert "factors.csv [factors] row 3, column 'value'" in str(errors[0])

    def test_a_duplicate_code_names_the_first_row(self) -> None:
        errors = errors_of(GOOD, GOOD | {"value": "0.6"})
        assert [(e.row, e.column) for e in errors] == [(3, "code")]
        assert "duplicate code 'elec.grid.CN-JX.2022': already on row 2" in errors[0].message

    def test_the_error_message_counts_problems_and_rows(self) -> None:
        with pytest.raises(ImportValidationError, match=r"3 problem\(s\) in 2 row\(s\); nothing was"):
            validate(GOOD | {"value": "x", "unit": ""}, GOOD | {"code": "e.f", "basis": ""})


class TestGoodRows:
    @pytest.mark.parametrize(
        ("code", "geography", "year", "activity"),
        [
            ("elec.grid.CN-JX.2022", "CN-JX", "2022", "elec.grid"),
            ("li2co3.brine.CN", "CN", "", "li2co3.brine"),
            ("fuel.diesel.combustion.GLO.2006", "GLO", "2006", "fuel.diesel.combustion"),
            ("custom-code", "CN", "2022", "custom-code"),  # no geography/year suffix: the code itself
        ],
    )
    def test_activity_is_derived_from_the_code_when_empty(
        self, code: str, geography: str, year: str, activity: str
    ) -> None:
        [row] = validate(GOOD | {"code": code, "geography": geography, "reference_year": year})
        assert row.factor.activity == activity

    def test_an_explicit_activity_is_kept(self) -> None:
        [row] = validate(GOOD | {"activity": "elec.grid-average"})
        assert row.factor.activity == "elec.grid-average"

    def test_content_is_typed_and_the_status_defaults_to_draft(self) -> None:
        [row] = validate(
            GOOD
            | {
                "basis": "co2e",
                "gwp": "ar6",
                "uncertainty": "triangular",
                "unc_a": "0.5",
                "unc_b": "0.7",
                "dq_reliability": "2",
                "valid_from": "2022-01-01",
                "source_year": "2024.0",
            }
        )
        f = row.factor
        assert (f.value, f.reference_year, f.basis, f.gwp) == (pytest.approx(0.5752), 2022, "CO2e", "AR6")
        assert (f.unc_a, f.unc_b, f.dq_reliability) == (pytest.approx(0.5), pytest.approx(0.7), 2)
        assert f.valid_from == dt.date(2022, 1, 1) and row.source.year == 2024
        assert (row.row, row.status.value) == (2, "draft")

    def test_per_gas_amounts_are_normalised_and_the_total_left_for_the_release(self) -> None:
        [row] = validate(GOOD | GASES_ROW | {"gases": " CH4_fossil = 0.01 ;CO2=1 "})
        assert row.factor.gases == "CO2=1.0; CH4_fossil=0.01"
        assert row.factor.value == 0.0  # filled in from the release's GWP table on import

    def test_spreadsheet_cells_arrive_typed(self) -> None:
        typed = GOOD | {
            "reference_year": 2022.0,
            "value": 0.5752,
            "valid_from": dt.datetime(2022, 1, 1),
            "dq_reliability": 3,
            "source_year": None,
        }
        [row] = validate(typed)
        assert (row.factor.reference_year, row.factor.valid_from) == (2022, dt.date(2022, 1, 1))
        assert row.factor.activity == "elec.grid"

    @given(
        value=st.floats(
            min_value=0.0, max_value=2.0, exclude_min=True, allow_nan=False, allow_infinity=False
        ),
        as_text=st.booleans(),
    )
    def test_any_plausible_positive_value_round_trips_exactly(self, value: float, as_text: bool) -> None:
        # above 2 kg/kWh the plausibility screen refuses electricity (tests/factors/test_plausibility.py)
        [row] = validate(GOOD | {"value": repr(value) if as_text else value})
        assert row.factor.value == value


class TestHeader:
    def test_the_full_header_has_no_problem(self) -> None:
        assert check_header(COLUMNS, file="f.csv") == []
        assert check_header([*COLUMNS, "status", ""], file="f.csv") == []

    def test_missing_required_columns_are_each_named(self) -> None:
        errors = check_header([c for c in COLUMNS if c not in ("unit", "source_url", "notes")], file="f.csv")
        assert [(e.row, e.column, e.message) for e in errors] == [
            (1, "unit", "required column is missing"),
            (1, "source_url", "required column is missing"),
        ]

    def test_a_misspelt_column_is_unknown_and_its_required_twin_missing(self) -> None:
        errors = check_header([("valeu" if c == "value" else c) for c in COLUMNS], file="f.xlsx", sheet="s")
        assert [(e.column, e.sheet) for e in errors] == [("value", "s"), ("valeu", "s")]
        assert errors[1].message.startswith("unknown column; expected columns are code, activity")

    def test_only_required_columns_suffice(self) -> None:
        assert check_header(sorted(REQUIRED), file="f.csv") == []

    def test_a_column_named_twice_is_refused(self) -> None:
        errors = check_header([*COLUMNS, "value"], file="f.csv")
        assert [(e.row, e.column) for e in errors] == [(1, "value")]
