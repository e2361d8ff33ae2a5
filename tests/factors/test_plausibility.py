"""The plausibility screen on import, with real CPCD catalogue rows (and their unit slips)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from factors import ImportValidationError, import_factors
from factors.cpcd import CpcdFormatError, parse_footprint
from factors.plausibility import screen
from factors.validate import validate_rows
from tests.factors.test_bundled import row_counts
from tests.factors.test_import_export import row, write_csv

GEOS = {"GLO", "CN", "CN-JX"}

# Verbatim rows of the CPCD transcription (github leo21468/CarbonCalculator data/cpcd_catalog.csv @ bebed06):
# ID, name, footprint as printed.
CPCD_ALUMINIUM_SLIP = ("41431X0012011A", "铝（拜耳法-火电电解）", "29.004tCO2e / 千克")
CPCD_LFP_PER_KWH = ("46410X0132019A", "磷酸铁锂", "1.14tCO2e / 千瓦时")
CPCD_LFP_CORE = ("46430X0172025C", "磷酸铁锂", "7.9kgCO2e / 千克")
CPCD_FOIL = ("41535X0012021A", "铝罐和铝箔", "9122.64kgCO2e / 公吨")
CPCD_RAIL = ("65129X0032024C", "铁路运输", "6.502gCO2e / 公吨·公里")


def cpcd_factor_row(entry: tuple[str, str, str], category: str) -> dict:
    """An import row built from a CPCD entry the way the curation builds it."""
    cpcd_id, name, printed = entry
    fp = parse_footprint(printed)
    return row(
        code=f"test.cpcd.{cpcd_id.lower()}.CN",
        name_zh=name,
        category=category,
        geography="CN",
        value=fp.value,
        unit=fp.unit,
        gwp="unspecified",
        source_value=fp.source_value,
        source_unit=fp.source_unit,
        source_location=f"CPCD ID {cpcd_id}",
    )


class TestScreen:
    @pytest.mark.parametrize(("category", "value", "unit", "column"), [
        ("electricity", 2.5, "kWh", "value"),          # above 2 kg/kWh
        ("electricity", 583.5, "MWh", None),           # 0.58 per kWh: fine
        ("electricity", 0.58, "kg", "unit"),           # electricity per kg
        ("material.metal", 15947, "kg", "value"),      # aluminium in kg per t but unit kg
        ("material.metal", 15947, "t", None),          # the same value per t is 15.9 per kg
        ("material.battery", 62, "kWh", "unit"),       # a material per kWh
        ("fuel", 107000, "TJ", None), ("fuel", 107000, "GJ", "value"),
        ("transport", 0.0978, "t*km", None), ("transport", 97.8, "t*km", "value"),
        ("product.battery", 62, "kWh", None), ("product.battery", 3061, "piece", None),
        ("material.test", 1.5, "kg", None), ("custom.unscreened", 1e9, "kg", None),
    ])  # fmt: skip
    def test_by_category(self, category: str, value: float, unit: str, column: str | None) -> None:
        problems = screen(category, value, unit)
        assert [c for c, _ in problems] == ([column] if column else [])

    def test_the_message_names_the_conversion_and_the_limit(self) -> None:
        [(column, message)] = screen("electricity", 2500, "MWh")
        assert column == "value" and "= 2.5 per kWh" in message and "screen maximum 2 per kWh" in message


class TestRealCpcdRows:
    def test_the_catalogue_unit_slip_is_refused_on_import_with_row_and_column(self) -> None:
        rows = [
            (2, cpcd_factor_row(CPCD_LFP_CORE, "material.battery")),
            (3, cpcd_factor_row(CPCD_ALUMINIUM_SLIP, "material.metal")),
            (4, cpcd_factor_row(CPCD_LFP_PER_KWH, "material.battery")),
            (5, cpcd_factor_row(CPCD_FOIL, "material.metal")),
        ]
        with pytest.raises(ImportValidationError) as info:
            validate_rows(rows, file="cpcd.csv", geographies=GEOS)
        errors = [(e.row, e.column) for e in info.value.errors]
        assert errors == [(3, "value"), (4, "unit")]
        text = str(info.value)
        assert "cpcd.csv row 3, column 'value': 29004 kg CO2e per kg" in text and "t vs kg" in text
        assert "row 4, column 'unit': 'kWh' is not a plausible reference quantity for a material" in text

    def test_plausible_catalogue_rows_convert_exactly(self) -> None:
        assert parse_footprint(CPCD_FOIL[2]).value == pytest.approx(9.12264)
        rail = parse_footprint(CPCD_RAIL[2])
        assert (rail.value, rail.unit, rail.conversion) == (
            pytest.approx(0.006502),
            "t*km",
            "gCO2e/t·km ÷ 1000 = kgCO2e/t·km",
        )
        [ok] = validate_rows([(2, cpcd_factor_row(CPCD_RAIL, "transport"))], file="f.csv", geographies=GEOS)
        assert ok.factor.value == pytest.approx(0.006502)

    @pytest.mark.parametrize("printed", ["23322tCO2e / 个", "abc", "", "7.9 kgCO2 per kg"])
    def test_an_unknown_catalogue_unit_is_an_error_not_a_guess(self, printed: str) -> None:
        with pytest.raises(CpcdFormatError):
            parse_footprint(printed)

    def test_an_import_with_a_slip_changes_nothing(self, loaded: Session, tmp_path: Path) -> None:
        before = row_counts(loaded)
        path = write_csv(tmp_path / "cpcd.csv", [cpcd_factor_row(CPCD_ALUMINIUM_SLIP, "material.metal")])
        with pytest.raises(ImportValidationError, match=r"row 2, column 'value'"):
            import_factors(loaded, path)
        assert row_counts(loaded) == before
