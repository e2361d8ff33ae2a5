"""Emission-source class and GB/T 4754 industry: derived, stored, searchable, migrated; fuel parameters."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from factors import create_schema, load_bundled, search_factors
from factors.bundled import DATA_DIR
from factors.classes import INDUSTRIES, SOURCE_CLASS_LABELS, UnknownClassification, check_filters, classify
from factors.db import SCHEMA_VERSION
from factors.fuelparams import FuelParameterError, combustion_gases, load_parameters
from factors.gases import parse_gases
from factors.tables import Factor, SchemaVersion
from tests.factors.test_alternatives import bundled_rows
from tests.factors.test_cli_factors import ok, pcf, show_fields


class TestClassify:
    @pytest.mark.parametrize(("category", "activity", "expected"), [
        ("electricity", "elec.grid", ("purchased_energy", "44")),
        ("electricity", "elec.footprint-coal", ("purchased_energy", "4411")),
        ("electricity", "elec.footprint-td-with-losses", ("purchased_energy", "4420")),
        ("heat", "heat.purchased", ("purchased_energy", "4430")),
        ("fuel", "fuel.natural-gas.combustion.cn-default", ("fuel_combustion", "45")),
        ("fuel", "fuel.anthracite.combustion", ("fuel_combustion", "06")),
        ("transport", "freight.rail.lifecycle", ("transport", "53")),
        ("transport", "freight.inland-waterway.dry-bulk.lifecycle", ("transport", "55")),
        ("material.battery", "graphite.synthetic", ("materials_products", "3091")),
        ("material.battery", "carbon-black.furnace.direct", ("industrial_process", "26")),
        ("material.metal", "aluminium.foil", ("materials_products", "3252")),
        ("product.battery", "battery-pack.lfp", ("materials_products", "3841")),
    ])  # fmt: skip
    def test_derived_from_category_and_activity(
        self, category: str, activity: str, expected: tuple[str, str]
    ) -> None:
        assert classify(category, activity) == expected

    def test_every_bundled_factor_carries_a_known_class_and_industry(self) -> None:
        rows = bundled_rows()
        assert len(rows) == 527
        assert {r.factor.source_class for r in rows} <= set(SOURCE_CLASS_LABELS)
        assert all(r.factor.industry in INDUSTRIES for r in rows)
        classes = {r.factor.source_class for r in rows}
        assert classes == {
            "fuel_combustion",
            "purchased_energy",
            "industrial_process",
            "transport",
            "materials_products",
        }  # no cited waste factor yet (CURATION.md)

    def test_unknown_filters_are_refused_in_the_users_language(self) -> None:
        with pytest.raises(UnknownClassification, match="unknown emission-source class 'waste_water'"):
            check_filters("waste_water", None, "en")
        with pytest.raises(UnknownClassification, match="没有以 '99' 开头的 GB/T 4754 行业代码"):
            check_filters(None, "99", "zh")
        check_filters("transport", "44", "en")


class TestSearchByClass:
    def test_source_and_industry_filters(self, loaded: Session) -> None:
        rail = search_factors(loaded, source_class="transport", industry="53", limit=None)
        assert {f.code for f in rail} == {
            "freight.rail.GB.2025",
            "freight.rail-wtt.GB.2025",
            "freight.rail.lifecycle.CN.2024",
        }
        td = search_factors(loaded, industry="4420", limit=None)
        assert {f.code for f in td} == {
            "elec.footprint-td.CN.2023",
            "elec.footprint-td.CN.2024",
            "elec.footprint-td-with-losses.CN.2024",
        }
        power = search_factors(loaded, industry="44", year=2024, limit=None)
        assert len(power) == 11 and all(f.industry.startswith("44") for f in power)
        assert search_factors(loaded, source_class="waste", limit=None) == []

    @pytest.mark.slow  # runs `pcf` as a subprocess
    def test_cli_search_and_show(self, tmp_path: Path) -> None:
        db = f"sqlite:///{tmp_path / 's.db'}"
        ok(pcf(db, "db", "init"))
        out = ok(
            pcf(db, "factors", "search", "--source", "purchased_energy", "--industry", "4420", "--lang", "en")
        )
        assert "elec.footprint-td-with-losses.CN.2024" in out and "3 · release 2026.2" in out
        bad = pcf(db, "factors", "search", "--source", "nope")  # Chinese first
        assert (
            bad.returncode == 1 and "未知的排放源类别 'nope'" in bad.stderr and "Traceback" not in bad.stderr
        )
        bad = pcf(db, "factors", "search", "--source", "nope", "--lang", "en")
        assert bad.returncode == 1 and "unknown emission-source class 'nope'" in bad.stderr
        fields = show_fields(ok(pcf(db, "factors", "show", "elec.footprint-coal.CN.2024", "--lang", "zh")))
        assert fields["排放源类别"] == "购入电力和热力" and fields["行业（GB/T 4754）"] == "4411 火力发电"
        assert fields["角色"] == "唯一值"


class TestMigration:
    def test_a_schema_1_database_gains_the_columns_and_its_rows_their_classes(self, engine: Engine) -> None:
        create_schema(engine)
        with Session(engine) as s:
            load_bundled(s)
        with engine.begin() as conn:  # back to schema 1: no class columns
            for name in ("source_class", "industry"):
                conn.execute(text(f"DROP INDEX ix_factor_{name}"))
            for name in ("source_class", "industry", "alt_role"):
                conn.execute(text(f"ALTER TABLE factor DROP COLUMN {name}"))
            conn.execute(text("UPDATE schemaversion SET version = 1"))
        assert create_schema(engine) == 1
        with Session(engine) as s:
            assert s.exec(select(SchemaVersion)).one().version == SCHEMA_VERSION == 2
            grid = s.exec(select(Factor).where(Factor.code == "elec.grid.CN-JX.2022")).one()
            assert (grid.source_class, grid.industry, grid.alt_role) == ("purchased_energy", "44", "")
            assert s.exec(select(Factor).where(Factor.source_class == "")).first() is None
        assert create_schema(engine) == 2  # idempotent


class TestFuelParameters:
    def test_the_bundled_per_gas_rows_are_the_parameters_formula(self) -> None:
        params = load_parameters()
        assert len(params) == 10
        with (DATA_DIR / "fuels_cn.csv").open(encoding="utf-8") as fh:
            rows = {r["code"]: r for r in csv.DictReader(fh)}
        for fuel, p in params.items():
            r = rows[f"fuel.{fuel}.combustion.cn-default.CN"]
            assert r["unit"] == p.unit
            gases = parse_gases(r["gases"])
            for gas, amount in combustion_gases(p).items():
                assert gases[gas] == pytest.approx(amount, rel=1e-5), (fuel, gas)

    def test_natural_gas_per_nm3_and_diesel_per_tonne(self) -> None:
        params = load_parameters()
        gas = combustion_gases(params["natural-gas"])  # 389.31 GJ/10^4 Nm3, 15.3 tC/TJ, 99 %
        assert gas["CO2"] == pytest.approx(0.038931 * 0.0153 * 0.99 * 44 / 12 * 1000)
        diesel = combustion_gases(params["diesel"])  # 43.33 GJ/t, 20.2 tC/TJ, 98 %, IPCC 3 / 0.6 kg/TJ
        assert (diesel["CO2"], diesel["CH4_fossil"], diesel["N2O"]) == (
            pytest.approx(43.33 * 0.0202 * 0.98 * 44 / 12 * 1000),
            pytest.approx(0.04333 * 3),
            pytest.approx(0.04333 * 0.6),
        )

    def test_a_missing_parameter_is_named(self, tmp_path: Path) -> None:
        path = tmp_path / "p.csv"
        path.write_text("fuel,parameter,value,unit\ncoal,ncv,20,GJ/t\n", encoding="utf-8")
        with pytest.raises(
            FuelParameterError, match="fuel 'coal' lacks carbon_content, oxidation_rate, ch4_ef"
        ):
            load_parameters(path)

    def test_every_parameter_is_cited(self) -> None:
        with (DATA_DIR / "fuel_parameters.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                assert r["source_title"] and r["source_url"] and r["confidence"] in ("medium", "low"), r
