"""The example models: every one cites its amounts, computes on the real database and has no error finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from footprint import DatabaseFactors, calculate, load_model
from footprint.units import UnitError, convert
from products import Severity, example_files, example_path, gaps, has_errors, replace_factor, review, rule_for

# kg CO2e per functional unit with the bundled release 2026.2 (see products/examples/README.md)
EXPECTED = {
    "li2co3-recycled-lfp": (32.7562, "no_range"),
    "lfp-cathode": (14.2235, "no_range"),
    "lfp-cell": (76.7936, "above_range"),  # above Peiseler 2024, inside Xu 2022: README says why
    "lfp-pack": (102.6623, "within_range"),
    "li2co3-lepidolite": (21.9695, "within_range"),
    "ncm811-cell": (70.5807, "within_range"),
    "pv-module": (1.829, "reference_value"),
}


def test_there_is_an_example_for_every_rule() -> None:
    assert sorted(p.stem for p in example_files()) == sorted(EXPECTED)
    assert {rule_for(load_model(p)).id for p in example_files()} == {
        "battery-cell",
        "battery-pack",
        "lfp-cathode",
        "lithium-carbonate",
        "pv-module",
        "recycled-lithium-carbonate",
    }
    with pytest.raises(FileNotFoundError, match="known: lfp-cathode"):
        example_path("nmc-cell")


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_every_amount_cites_its_source(path: Path) -> None:
    model = load_model(path)
    for process in model.processes.values():
        for item in process.inputs:
            assert item.source.strip(), f"{item.path} has no source"
    for gap in gaps(model):
        assert gap.reason, f"{gap.path} says not why it is a gap"
        assert gap.amount is None or gap.source, f"{gap.path} has an amount without a source"
    assert model.notes.strip()
    assert all(f.source.title for f in model.factors.values())


def test_every_example_computes_and_passes_its_checks(loaded: Session) -> None:
    """On SQLite and PostgreSQL: the result per functional unit and the range finding it should give."""
    source = DatabaseFactors(loaded)
    for path in example_files():
        model = load_model(path)
        result, found = review(model, rule_for(model), source)
        assert result is not None, f"{path.stem} did not calculate: {[f.message_en for f in found]}"
        total, range_code = EXPECTED[path.stem]
        assert result.total == pytest.approx(total, rel=1e-4), path.stem
        assert not has_errors(found), [f.message_en for f in found if f.severity is Severity.ERROR]
        assert range_code in {f.code for f in found}, path.stem
        assert result.factor_release == "2026.2"


BATTERY_CELLS = ("lfp-cell", "ncm811-cell", "lfp-pack")


def _kg(amount: float, unit: str) -> float | None:
    try:
        return convert(amount, unit, "kg")
    except UnitError:
        return None


@pytest.mark.parametrize("name", BATTERY_CELLS)
def test_no_data_gap_of_a_cell_is_above_one_percent_of_the_cell_mass(name: str) -> None:
    model = load_model(example_path(name))
    cell = next(p for p in model.processes.values() if p.role == "cell_assembly")
    assert cell.output.mass is not None, f"{name}: the cell mass is needed for the 1 % test"
    cell_mass = cell.output.amount * convert(cell.output.mass.amount, cell.output.mass.unit, "kg")
    cell_gaps = [g for g in gaps(model) if g.path.startswith(f"processes.{cell.id}.")]
    assert cell_gaps, "the remaining gaps are declared, not hidden"
    for gap in cell_gaps:
        assert gap.amount is not None and gap.unit, f"{gap.path}: a cell gap without an amount"
        mass = _kg(gap.amount, gap.unit)
        assert mass is not None and mass / cell_mass < 0.01, (gap.path, mass, cell_mass)


def test_electricity_is_the_life_cycle_factor_resolved_from_yichun(loaded: Session) -> None:
    model = load_model(example_path("ncm811-cell"))
    rows = {r["ref"]: r for r in calculate(model, DatabaseFactors(loaded)).factors}
    row = rows["elec.footprint"]
    assert row["code"].startswith("elec.footprint.CN.") and row["scope"] == "cradle_to_gate"
    assert "CN-JX-YC" in row["resolution"]
    from factors import get_factor

    assert row["value"] == pytest.approx(get_factor(loaded, row["code"]).value)


@pytest.mark.parametrize("name", BATTERY_CELLS)
def test_a_co2_only_electricity_variant_of_a_battery_example_is_refused(loaded: Session, name: str) -> None:
    model = load_model(example_path(name))
    co2_only = replace_factor(model, {"elec.footprint": "elec.grid.CN-JX.2023"}, suffix="-co2")
    result, found = review(co2_only, rule_for(co2_only), DatabaseFactors(loaded))
    refused = [f for f in found if f.code == "electricity_not_lifecycle"]
    assert result is not None and has_errors(found) and refused
    assert all(f.severity is Severity.ERROR and "Refused" in f.message_en for f in refused)


def test_the_lfp_cathode_is_solved_in_yichun_with_chinese_electricity_and_lepidolite_lithium(
    loaded: Session,
) -> None:
    result = calculate(load_model(example_path("lfp-cell")), DatabaseFactors(loaded))
    cam = next(r for r in result.factors if r["code"] == "bg.lfp-cam.solid-state.CN")
    assert cam["origin"] == "process"
    assert cam["geography"] == "CN-JX-YC"
    parts = {p["ref"]: p for p in cam["parts"]}
    assert parts["elec.footprint"]["code"].startswith("elec.footprint.CN.")
    assert parts["li2co3.lepidolite"]["code"] == "li2co3.lepidolite.CN"
    assert parts["bg.fepo4.precipitation.CN"]["kind"] == "process"
    assert sum(p["contribution"] for p in cam["parts"]) == pytest.approx(cam["value"])


def test_the_cathode_example_writes_out_the_background_process_and_gives_its_value(loaded: Session) -> None:
    """lfp-cathode.yaml is bg.lfp-cam.solid-state.CN process by process: both give the same kg CO2e per kg."""
    source = DatabaseFactors(loaded)
    written_out = calculate(load_model(example_path("lfp-cathode")), source).total
    cell = calculate(load_model(example_path("lfp-cell")), source)
    cam = next(r for r in cell.factors if r["code"] == "bg.lfp-cam.solid-state.CN")
    assert written_out == pytest.approx(cam["value"], rel=1e-9)


def test_the_lepidolite_route_covers_conversion(loaded: Session) -> None:
    model = load_model(example_path("li2co3-lepidolite"))
    result = calculate(model, DatabaseFactors(loaded))
    conversion = result.by_process["conversion"]
    assert conversion > result.by_process["beneficiation"] > 0
    assert {"quicklime", "soda_ash", "aggregated"} <= {i.role for i in model.processes["conversion"].inputs}
