"""openLCA JSON-LD zip: read back with olca-schema and recomputed independently to the core's total."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import olca_schema as o
import pytest
from olca_schema import zipio

from footprint.exchange.olca import write_olca
from footprint.exchange.study import Study
from tests.exchange.conftest import CALCULABLE, model_id
from tests.exchange.olca_readback import total_of_zip


@pytest.mark.parametrize("path", CALCULABLE, ids=model_id)
def test_read_back_total_equals_the_core(study_of: Callable, tmp_path: Path, path: Path) -> None:
    study = study_of(path)
    out = write_olca(study, tmp_path / "model.zip")
    assert total_of_zip(out) == pytest.approx(study.result.total, rel=1e-9)


@pytest.fixture
def cell_zip(cell: Study, tmp_path: Path) -> Path:
    return write_olca(cell, tmp_path / "cell.zip")


class TestContent:
    def test_units_have_one_reference_and_real_conversion_factors(self, cell_zip: Path) -> None:
        with zipio.ZipReader(str(cell_zip)) as r:
            groups = {g.name: g for g in (r.read(o.UnitGroup, i) for i in r.ids_of(o.UnitGroup))}
        for g in groups.values():
            assert sum(bool(u.is_ref_unit) for u in g.units) == 1
            assert g.default_flow_property is not None
        energy = {u.name: u for u in groups["Units of energy"].units}
        assert energy["kWh"].is_ref_unit and energy["kWh"].conversion_factor == 1.0
        assert energy["MWh"].is_ref_unit is False and energy["MWh"].conversion_factor == pytest.approx(1000.0)

    def test_processes_exchanges_and_allocation(self, cell: Study, cell_zip: Path) -> None:
        with zipio.ZipReader(str(cell_zip)) as r:
            processes = {p.name: p for p in (r.read(o.Process, i) for i in r.ids_of(o.Process))}
        for p in processes.values():
            refs = [e for e in p.exchanges if e.is_quantitative_reference]
            assert len(refs) == 1 and not refs[0].is_input
            assert all(e.unit is not None and e.flow_property is not None for e in p.exchanges)
        cathode = processes["LFP cathode material synthesis"]
        assert cathode.default_allocation_method == o.AllocationType.PHYSICAL_ALLOCATION
        assert sorted(f.value for f in cathode.allocation_factors) == pytest.approx([0.05 / 1.05, 1 / 1.05])
        elec = next(e for e in cathode.exchanges if e.description == "processes.cathode_material.inputs[2]")
        assert (elec.amount, elec.unit.name, elec.default_provider is not None) == (0.008, "MWh", True)
        model_processes = [p for p in processes.values() if p.process_type == o.ProcessType.UNIT_PROCESS]
        assert len(model_processes) == len(cell.model.processes)

    def test_method_and_product_system(self, cell: Study, cell_zip: Path) -> None:
        with zipio.ZipReader(str(cell_zip)) as r:
            (category,) = [r.read(o.ImpactCategory, i) for i in r.ids_of(o.ImpactCategory)]
            (system,) = [r.read(o.ProductSystem, i) for i in r.ids_of(o.ProductSystem)]
            flows = {f.id: f for f in (r.read(o.Flow, i) for i in r.ids_of(o.Flow))}
        values = {flows[f.flow.id].name: f.value for f in category.impact_factors}
        assert values["CH4_biogenic"] == 27.0 and values["CO2e (not split by gas)"] == 1.0
        assert category.name == "Climate change, GWP100 (AR6)"
        assert system.target_amount == 3.125 and system.target_unit.name == "piece"

    def test_shared_explicit_allocation_becomes_causal(self, factor_db: str, tmp_path: Path) -> None:
        from tests.exchange.conftest import model_data, study_from_data

        data = model_data("lfp_cell.yaml")
        shares = {"cathode_material": 0.9, "lfp_fines": 0.1}
        data["processes"]["cathode_material"]["allocation"] = {"shares": shares}
        study = study_from_data(data, factor_db)
        out = write_olca(study, tmp_path / "causal.zip")
        assert total_of_zip(out) == pytest.approx(study.result.total, rel=1e-9)

    def test_writing_again_replaces_the_zip(self, cell: Study, cell_zip: Path) -> None:
        names = zipfile.ZipFile(cell_zip).namelist()
        write_olca(cell, cell_zip)
        assert zipfile.ZipFile(cell_zip).namelist() == names  # olca-schema's writer alone would append
        assert len(names) == len(set(names))
