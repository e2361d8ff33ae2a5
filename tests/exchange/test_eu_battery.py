"""EU battery carbon-footprint declaration: per kWh of lifetime energy, four stages, clear refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from footprint.exchange.errors import MissingData
from footprint.exchange.eu_battery import EU_STAGES, eu_battery_declaration
from footprint.exchange.options import ExportOptions
from footprint.exchange.study import Study
from tests.exchange.conftest import EXAMPLES, OPTIONS, model_data, model_id, study_from_data


class TestDeclaration:
    def test_per_kwh_of_lifetime_energy(self, cell: Study) -> None:
        """0.32 kWh × 60 cycles/year × 8 years = 153.6 kWh per cell; a cell is 1/3.125 functional unit."""
        dec = eu_battery_declaration(cell, OPTIONS)
        per_cell = cell.result.total / 3.125
        assert dec.service_life.total_energy == pytest.approx(153.6)
        assert dec.per_battery == pytest.approx(per_cell)
        assert dec.per_kwh == pytest.approx(per_cell / 153.6)
        assert sum(s.per_kwh for s in dec.stages) == pytest.approx(dec.per_kwh)
        by_stage = {s.stage.model_stage: s.per_battery for s in dec.stages}
        assert by_stage["production"] == pytest.approx(cell.result.by_stage["production"] / 3.125)

    def test_json_items(self, cell: Study) -> None:
        data = eu_battery_declaration(cell, OPTIONS).to_dict()
        assert data["manufacturer"]["name"] == "宜春测试电池有限公司"
        assert data["batteryModel"]["identifier"] == "fixture-lfp-cell-100ah"
        assert data["manufacturingPlant"]["location"] == "CN-JX-YC"
        assert data["studyLink"] == OPTIONS.study_url
        assert [s["stage"] for s in data["carbonFootprintPerLifecycleStage"]] == [
            "raw material acquisition and pre-processing",
            "main product production",
            "distribution",
            "end of life and recycling",
        ]
        assert "batteryPassport" not in data

    def test_battery_passport_fields(self, cell: Study) -> None:
        passport = eu_battery_declaration(cell, OPTIONS).to_dict(passport=True)["batteryPassport"]
        assert [s["lifecycleStage"] for s in passport["carbonFootprintPerLifecycleStage"]] == [
            "RawMaterialExtraction",
            "MainProduction",
            "Distribution",
            "Recycling",
        ]
        assert passport["carbonFootprintPerformanceClass"] is None
        assert "not yet defined" in passport["carbonFootprintPerformanceClassNote"]
        assert passport["carbonFootprintStudy"] == OPTIONS.study_url
        expected = cell.result.total / 3.125 / 153.6
        assert passport["batteryCarbonFootprint"] == pytest.approx(expected, rel=1e-5)

    def test_lifetime_cycles_instead_of_years(self, factor_db: str) -> None:
        data = model_data("lfp_cell.yaml")
        battery = data["product"]["battery"]
        del battery["cycles_per_year"], battery["service_years"]
        battery["lifetime_cycles"] = 1000
        battery["usable_energy"] = "0.3 kWh"
        dec = eu_battery_declaration(study_from_data(data, factor_db), OPTIONS)
        assert (dec.service_life.total_energy, dec.service_life.energy_basis) == (
            pytest.approx(300.0),
            "usable_energy",
        )


class TestRefusals:
    @pytest.mark.parametrize(
        ("change", "path", "why"),
        [
            (lambda d: d["product"].pop("battery"), "product.battery", "battery data are required"),
            (
                lambda d: d["product"]["battery"].pop("service_years"),
                "product.battery.service_years",
                "EU default FEqC",
            ),
            (lambda d: d["product"]["battery"].pop("rated_energy"), "product.battery.rated_energy", "rated"),
            (
                lambda d: d["product"]["battery"].update(lifetime_cycles=900),
                "product.battery.lifetime_cycles",
                "contradicts",
            ),
            (lambda d: d["product"].pop("plant"), "product.plant.location", "location"),
            (lambda d: d["product"]["manufacturer"].pop("name"), "product.manufacturer.name", "name"),
            (
                lambda d: d["processes"]["delivery"].update(stage="use"),
                "processes.<id>.stage",
                "use-stage processes contribute: delivery",
            ),
        ],
    )
    def test_missing_or_wrong_battery_data(
        self, factor_db: str, change: Callable, path: str, why: str
    ) -> None:
        data = model_data("lfp_cell.yaml")
        change(data)
        with pytest.raises(MissingData, match=why) as exc:
            eu_battery_declaration(study_from_data(data, factor_db), OPTIONS)
        assert path in {g.model_path for g in exc.value.gaps}

    def test_study_link_is_required_for_the_json(self, cell: Study) -> None:
        with pytest.raises(MissingData, match="--study-url"):
            eu_battery_declaration(cell, ExportOptions())
        assert eu_battery_declaration(cell, ExportOptions(), require_study_url=False).study_url == ""

    def test_the_declaration_is_per_battery(self, cathode: Study) -> None:
        with pytest.raises(MissingData, match="counted in pieces") as exc:
            eu_battery_declaration(cathode, OPTIONS)
        assert "product.battery" in {g.model_path for g in exc.value.gaps}

    def test_a_reference_product_in_kwh_of_cells(self, factor_db: str) -> None:
        """Cells modelled per kWh (single cell unknown): per kWh of lifetime energy, no per-battery value."""
        data = model_data("lfp_cell.yaml")
        data["product"]["reference_flow"] = {"process": "delivery", "amount": 1, "unit": "kWh"}
        for p in data["processes"].values():
            if p["output"]["unit"] == "piece":
                p["output"] = {"amount": 0.32, "unit": "kWh"}
            for item in p.get("inputs", []):
                if item.get("process") and item["unit"] == "piece":
                    item.update(amount=0.32, unit="kWh")
        del data["product"]["battery"]["rated_energy"]
        study = study_from_data(data, factor_db)
        dec = eu_battery_declaration(study, OPTIONS)
        assert dec.per_kwh == pytest.approx(study.result.total / 480)
        assert dec.per_battery is None and dec.to_dict(passport=True)["absoluteCarbonFootprint"] is None

    def test_stage_table_is_complete(self) -> None:
        stages = [s.model_stage for s in EU_STAGES]
        assert stages == ["raw_materials", "production", "distribution", "end_of_life"]


def _is_battery(path: Path) -> bool:
    return bool((yaml.safe_load(path.read_text(encoding="utf-8")).get("product") or {}).get("battery"))


def _given(data: dict, model_path: str) -> bool:
    """Whether the model file gives a value at a dotted model path (``product.battery.cycles_per_year``)."""
    node: object = data
    for part in model_path.split("."):
        if not isinstance(node, dict) or node.get(part) in (None, "", [], {}):
            return False
        node = node[part]
    return True


@pytest.mark.parametrize("path", [p for p in EXAMPLES if _is_battery(p)], ids=model_id)
def test_example_batteries_declare_or_name_what_is_missing(study_of: Callable, path: Path) -> None:
    """Each battery example either declares, or is refused naming model fields the file really lacks."""
    try:
        data = eu_battery_declaration(study_of(path), OPTIONS).to_dict(passport=True)
    except MissingData as exc:
        model = yaml.safe_load(path.read_text(encoding="utf-8"))
        named = [g.model_path for g in exc.gaps]
        assert named and all(named), exc
        given = [p for p in named if _given(model, p)]
        assert not given, f"{path.name}: refused for fields the model gives: {given}"
        return
    assert data["carbonFootprint"]["value"] > 0
