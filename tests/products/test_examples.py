"""The example models: every one cites its amounts, computes on the real database and has no error finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from footprint import DatabaseFactors, calculate, load_model
from products import Severity, example_files, example_path, gaps, has_errors, review, rule_for

# kg CO2e per functional unit with the bundled release 2026.2 (see products/examples/README.md)
EXPECTED = {
    "lfp-cathode": (9.5804, "no_range"),
    "lfp-cell": (94.7262, "above_range"),
    "lfp-pack": (120.595, "above_range"),
    "li2co3-lepidolite": (4.03, "below_range"),
    "li2co3-recycled-lfp": (32.7562, "no_range"),
    "ncm811-cell": (61.3331, "within_range"),
    "pv-module": (1.829, "reference_value"),
}


def test_there_is_an_example_for_every_rule() -> None:
    assert sorted(p.stem for p in example_files()) == sorted(EXPECTED)
    assert {rule_for(load_model(p)).id for p in example_files()} == {
        "battery-cell", "battery-pack", "lfp-cathode", "lithium-carbonate", "pv-module", "recycled-lithium-carbonate"}
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


def test_electricity_resolves_to_the_jiangxi_grid(loaded: Session) -> None:
    model = load_model(example_path("ncm811-cell"))
    rows = {r["ref"]: r for r in calculate(model, DatabaseFactors(loaded)).factors}
    assert rows["elec.grid"]["code"] == "elec.grid.CN-JX.2023"
    assert rows["elec.grid"]["value"] == pytest.approx(0.5836)
