"""One pack model, every declaration: MIIT, EU battery, PACT and the carbon label agree where their units do.

The LFP pack example (products/examples/lfp-pack.yaml): its result is per 1 kWh of rated energy (the
Chinese label's unit); the MIIT and EU declarations are per kWh of lifetime energy (rated energy × 60
cycles/year × 8 years here, the same basis in both), PACT per declared unit = the functional unit.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session

from footprint import DatabaseFactors, parse_model
from footprint.exchange.options import ExportOptions
from footprint.exchange.study import build_study
from products import get_rule
from products.miit import STAGE_KEYS, DeclarationRefused, miit_declaration

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "products" / "examples" / "lfp-pack.yaml"
PCF = ROOT / ".venv" / "bin" / "pcf"


def pack_data(**changes: object) -> dict:
    data = yaml.safe_load(PACK.read_text("utf-8"))
    for path, value in changes.items():
        node = data
        *parents, leaf = path.split("__")
        for key in parents:
            node = node[key]
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return data


@pytest.fixture
def source(loaded: Session) -> DatabaseFactors:
    return DatabaseFactors(loaded)


@pytest.fixture
def study(source: DatabaseFactors):  # type: ignore[no-untyped-def]
    return build_study(parse_model(pack_data(), file=str(PACK)), source)


class TestMiitDeclaration:
    def test_stages_sum_to_the_total_and_total_times_energy_is_the_life_cycle(self, study) -> None:  # type: ignore[no-untyped-def]
        d = miit_declaration(study.model, study.result)
        assert set(d.stages) == set(STAGE_KEYS)
        assert sum(d.stages.values()) == pytest.approx(d.total_kg_co2e_per_kwh, rel=1e-12)
        assert d.lifetime_energy_kwh == pytest.approx(60.48 * 60 * 8)
        per_pack = study.result.total / study.model.product.reference_flow.amount  # packs per FU
        assert d.total_kg_co2e_per_kwh * d.lifetime_energy_kwh == pytest.approx(per_pack, rel=1e-12)
        assert d.life_cycle_kg_co2e == pytest.approx(per_pack, rel=1e-12)
        assert (d.factor_release, d.model_hash) == (study.result.factor_release, study.model.hash)

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"product__battery__rated_energy": "2 kWh"}, "out of scope"),
            ({"product__battery__rated_energy": "1.5 kWh"}, "out of scope"),
            ({"product__battery__service_years": None}, "service_years"),
            ({"product__battery__rated_energy": None}, "rated_energy"),
        ],
    )
    def test_refusals(self, loaded: Session, change: dict, message: str) -> None:
        model = parse_model(pack_data(**change), file="pack.yaml")
        st = build_study(model, DatabaseFactors(loaded))
        with pytest.raises(Exception, match=message):
            miit_declaration(st.model, st.result)

    def test_a_use_stage_process_is_refused_with_its_name(self, loaded: Session) -> None:
        data = pack_data()
        data["processes"]["charging"] = {
            "stage": "use",
            "output": {"amount": 1, "unit": "kWh"},
            "inputs": [{"factor": "elec.grid", "amount": 1, "unit": "kWh"}],
        }
        st = build_study(parse_model(data, file="pack.yaml"), DatabaseFactors(loaded))
        with pytest.raises(DeclarationRefused, match=r"processes\.charging: a 'use'-stage process"):
            miit_declaration(st.model, st.result)

    def test_the_stage_map_is_a_rule_parameter(self) -> None:
        rule = get_rule("battery-pack")
        assert rule.param("stage_map", "miit_declaration") == {
            "raw_materials": "material_acquisition",
            "production": "manufacturing",
            "distribution": "distribution",
            "end_of_life": "recycling",
            "use": None,
        }
        assert rule.param("scope_min_energy_kwh", "miit_declaration") == 2


def test_every_declaration_carries_the_same_footprint(study, source: DatabaseFactors) -> None:  # type: ignore[no-untyped-def]
    from footprint.exchange.eu_battery import eu_battery_declaration
    from footprint.exchange.pact import pact_v3
    from footprint.report.label import label_content

    miit = miit_declaration(study.model, study.result)
    from products.lifetime import rule_battery_defaults

    defaults = rule_battery_defaults(study.model, get_rule("battery-pack"), functional_unit="eu_battery")
    assert defaults == {"cycles_per_year": 60.0}  # M1 passenger car, from the rule's table
    eu = eu_battery_declaration(
        study, ExportOptions(study_url="https://example.org/study", battery_defaults=defaults)
    )
    assert eu.per_kwh == pytest.approx(miit.total_kg_co2e_per_kwh, rel=1e-12)  # same lifetime-energy unit
    eu_stages = {s.stage.model_stage: s.per_kwh for s in eu.stages}
    assert eu_stages["raw_materials"] == pytest.approx(miit.stages["material_acquisition"], rel=1e-12)
    assert eu_stages["production"] == pytest.approx(miit.stages["manufacturing"], rel=1e-12)
    label = label_content(study)
    assert float(label.value.replace(",", "")) == pytest.approx(study.result.total, rel=5e-4)  # 4 digits
    # PACT also needs the pack mass and carbon contents, which the example does not state (no public
    # source): given here as test inputs only; they do not enter the footprint.
    data = pack_data(product__mass={"amount": 1, "unit": "kg"})
    data["x-pact"] = {"fossil_carbon_content": 0, "biogenic_carbon_content": 0}
    st2 = build_study(parse_model(data, file="pack.yaml"), source)
    pf = pact_v3(st2, ExportOptions())
    assert float(pf["pcf"]["pcfExcludingBiogenicUptake"]) == pytest.approx(study.result.total, rel=1e-5)


class TestCli:
    @pytest.fixture(scope="class")
    @classmethod
    def db(cls, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
        import os

        env = {**os.environ, "PCF_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'pcf.db'}"}
        subprocess.run([str(PCF), "db", "init"], env=env, check=True, capture_output=True)
        return env

    def test_cn_battery_export(self, db: dict[str, str], tmp_path: Path) -> None:
        out = tmp_path / "decl.json"
        r = subprocess.run(
            [str(PCF), "export", str(PACK), "--format", "cn-battery", "--out", str(out)],
            env=db,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        d = json.loads(out.read_text("utf-8"))
        for key in (
            "declarant",
            "product",
            "rated_energy_kwh",
            "lifetime_energy_kwh",
            "stages",
            "total_kg_co2e_per_kwh",
            "factor_release",
            "model_hash",
            "verification",
        ):
            assert key in d
        assert set(d["stages"]) == {"material_acquisition", "manufacturing", "distribution", "recycling"}
        assert sum(d["stages"].values()) == pytest.approx(d["total_kg_co2e_per_kwh"], rel=1e-12)

    def test_a_small_pack_exits_non_zero_with_a_sentence(self, db: dict[str, str], tmp_path: Path) -> None:
        small = tmp_path / "small.yaml"
        small.write_text(
            PACK.read_text("utf-8").replace("rated_energy: 60.48 kWh", "rated_energy: 1.8 kWh"),
            encoding="utf-8",
        )
        r = subprocess.run(
            [str(PCF), "export", str(small), "--format", "cn-battery", "--out", str(tmp_path / "x.json")],
            env=db,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 1 and "out of scope" in r.stderr and "Traceback" not in r.stderr
        assert not (tmp_path / "x.json").exists()

    def test_the_chinese_report_has_a_declaration_page(self, db: dict[str, str], tmp_path: Path) -> None:
        from pypdf import PdfReader

        out = tmp_path / "r.pdf"
        r = subprocess.run(
            [str(PCF), "report", str(PACK), "--lang", "zh", "--out", str(out)],
            env=db,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(out).pages)
        for word in (
            "工信部汽车动力电池碳足迹申报",
            "材料获取",
            "电池制造",
            "分销运输",
            "回收利用",
            "全生命周期总能量",
        ):
            assert word in text
