"""The core on the real factor database (bundled release, SQLite and PostgreSQL): codes, activities with
geography and year fallback, GWP tables, release pinning. Expected values are read from the CSV files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from factors import import_factors
from factors.bundled import DATA_DIR
from factors.errors import ReleaseNotFound
from factors.validate import COLUMNS
from footprint import DatabaseFactors, UnknownFactors, calculate, parse_model
from tests.footprint.toys import bundled_value, fac, gas, model, process

CODE = "elec.grid.CN-JX.2022"


def cell_model(**extra: Any) -> dict[str, Any]:
    """30 kWh by code, 10 kWh of the activity `elec.grid` at CN-JX-YC in 2025, 2 × 0.5 kg Li2CO3."""
    data = model(
        {
            "cell": process(
                "production",
                (1, "piece"),
                [
                    fac(CODE, 0.03, "MWh"),
                    fac("elec.grid", 10, "kWh"),
                    {"process": "cathode", "amount": 2, "unit": "kg"},
                ],
            ),
            "cathode": process("raw_materials", (1, "kg"), [fac("li2co3.lepidolite.CN", 0.5, "kg")]),
        },
        ref="cell",
        **extra,
    )
    data["product"] |= {"geography": "CN-JX-YC", "reference_year": 2025}
    return data


def expected_total(grid_2022: float | None = None) -> float:
    return (
        30 * (grid_2022 or bundled_value(CODE))
        + 10 * bundled_value("elec.grid.CN-JX.2023")
        + 2 * 0.5 * bundled_value("li2co3.lepidolite.CN")
    )


class TestCodesAndActivities:
    def test_a_code_resolves_to_its_bundled_row(self, loaded: Session) -> None:
        records = DatabaseFactors(loaded).get([CODE, "no.such.code"])
        assert list(records) == [CODE]
        r = records[CODE]
        assert (r.value, r.unit, r.basis, r.geography, r.reference_year) == (
            pytest.approx(bundled_value(CODE)),
            "kWh",
            "CO2",
            "CN-JX",
            2022,
        )

    def test_an_activity_falls_back_to_the_province_and_an_earlier_year(self, loaded: Session) -> None:
        hit = DatabaseFactors(loaded).resolve("elec.grid", "CN-JX-YC", 2025)
        assert hit is not None
        record, note = hit
        assert record.code == "elec.grid.CN-JX.2023"
        assert "taken from CN-JX (province) after trying CN-JX-YC → CN-JX" in note
        assert note.endswith("no 2025 value; used 2023")

    def test_an_activity_for_an_available_year_takes_that_year(self, loaded: Session) -> None:
        hit = DatabaseFactors(loaded).resolve("elec.grid", "CN-JX-YC", 2022)
        assert hit is not None
        record, note = hit
        assert record.code == CODE and "no 2022 value" not in note

    def test_the_calculation_uses_both_and_says_how_the_activity_was_resolved(self, loaded: Session) -> None:
        result = calculate(parse_model(cell_model()), DatabaseFactors(loaded))
        assert result.total == pytest.approx(expected_total())
        assert result.factor_release == "2026.2"
        assert result.by_factor == pytest.approx(
            {
                CODE: 30 * bundled_value(CODE),
                "elec.grid": 10 * bundled_value("elec.grid.CN-JX.2023"),
                "li2co3.lepidolite.CN": bundled_value("li2co3.lepidolite.CN"),
            }
        )
        resolved = [w for w in result.warning_details if w["code"] == "activity_resolved"]
        assert [w["path"] for w in resolved] == ["processes.cell.inputs[1]"]
        assert "'elec.grid' resolved to elec.grid.CN-JX.2023" in resolved[0]["message"]
        assert "no 2025 value; used 2023" in resolved[0]["message"]
        rows = {r["ref"]: r for r in result.factors}
        assert rows["elec.grid"]["code"] == "elec.grid.CN-JX.2023"
        assert rows["li2co3.lepidolite.CN"]["gwp"] == "unspecified"
        assert "li2co3.lepidolite.CN: CO2e under an unstated GWP set, used as given" in result.warnings

    def test_unknown_codes_are_all_named_with_near_matches_from_the_release(self, loaded: Session) -> None:
        data = cell_model()
        data["processes"]["cell"]["inputs"][0]["factor"] = "elec.grid.CN-JX.2O22"
        data["processes"]["cathode"]["inputs"][0]["factor"] = "li2co3.lepidolit.CN"
        with pytest.raises(UnknownFactors) as info:
            calculate(parse_model(data), DatabaseFactors(loaded))
        issues = {i.path: i.message for i in info.value.issues}
        assert set(issues) == {"processes.cell.inputs[0].factor", "processes.cathode.inputs[0].factor"}
        assert "did you mean elec.grid.CN-JX.2022" in issues["processes.cell.inputs[0].factor"]
        assert "did you mean li2co3.lepidolite.CN" in issues["processes.cathode.inputs[0].factor"]
        assert "not a code of release 2026.2" in issues["processes.cell.inputs[0].factor"]


class TestGwpFromTheRelease:
    @pytest.mark.parametrize(
        ("gwp_set", "total"),
        [("AR6", 0.1 * 29.8 + 0.01 * 273), ("AR5", 0.1 * 30 + 0.01 * 265), ("AR4", 0.1 * 25 + 0.01 * 298)],
        ids=["AR6", "AR5", "AR4"],
    )
    def test_direct_gases_under_each_set(self, loaded: Session, gwp_set: str, total: float) -> None:
        emissions = [gas("CH4_fossil", 0.1), gas("N2O", 10, "g")]
        data = model({"a": process("production", (1, "piece"), [], emissions)})
        result = calculate(parse_model(data), DatabaseFactors(loaded), gwp=gwp_set)
        assert result.total == pytest.approx(total)
        assert any(w["code"] == "gwp_fallback" for w in result.warning_details) == (gwp_set == "AR4")


def publish_changed_grid_factor(session: Session, tmp_path: Path, value: float) -> None:
    """Release 2026.3: the bundled row of `CODE` with another value, imported and published."""
    with (DATA_DIR / "electricity.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["code"] == CODE)
    path = tmp_path / "update.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [c for c in COLUMNS if c in row])
        writer.writeheader()
        writer.writerow({c: row[c] for c in COLUMNS if c in row} | {"value": value})
    import_factors(session, path, release="2026.3", publish_release=True)


class TestReleasePinning:
    def test_the_latest_release_is_the_default_and_an_older_one_can_be_pinned(
        self, loaded: Session, tmp_path: Path
    ) -> None:
        publish_changed_grid_factor(loaded, tmp_path, 0.9)
        latest, pinned = DatabaseFactors(loaded), DatabaseFactors(loaded, "2026.2")
        assert (latest.release, pinned.release) == ("2026.3", "2026.2")
        assert latest.get([CODE])[CODE].value == pytest.approx(0.9)
        assert pinned.get([CODE])[CODE].value == pytest.approx(bundled_value(CODE))
        assert calculate(parse_model(cell_model()), pinned).total == pytest.approx(expected_total())
        assert calculate(parse_model(cell_model()), latest).total == pytest.approx(expected_total(0.9))

    def test_pcf_calc_follows_the_models_pin_unless_release_is_given(
        self, loaded: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from pcf_cli.calc_cmd import run_calc

        publish_changed_grid_factor(loaded, tmp_path, 0.9)
        monkeypatch.setenv("PCF_DATABASE_URL", loaded.get_bind().url.render_as_string(hide_password=False))
        import yaml

        path = tmp_path / "pinned.yaml"
        path.write_text(yaml.safe_dump(cell_model(factor_release="2026.2")), encoding="utf-8")
        pinned = run_calc(path, gwp=None, release=None, iterations=0, seed=None)
        assert (pinned.factor_release, pinned.total) == ("2026.2", pytest.approx(expected_total()))
        override = run_calc(path, gwp=None, release="2026.3", iterations=0, seed=None)
        assert (override.factor_release, override.total) == ("2026.3", pytest.approx(expected_total(0.9)))
        path.write_text(yaml.safe_dump(cell_model()), encoding="utf-8")
        latest = run_calc(path, gwp=None, release=None, iterations=0, seed=None)
        assert latest.factor_release == "2026.3"

    def test_an_unknown_release_is_named(self, loaded: Session) -> None:
        with pytest.raises(ReleaseNotFound, match=r"no factor release '2099\.9'; releases: 2026\.2"):
            DatabaseFactors(loaded, "2099.9")
