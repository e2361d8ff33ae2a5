"""Carbon content derived from the bill of materials: stoichiometric fractions, the walk, overrides, gaps.

The toy cell below (per 1 piece), with the carbon each line holds:

=====================================  ==========  ===================================  =====================
line                                   kg / piece  carbon mass fraction                 kg C / piece
=====================================  ==========  ===================================  =====================
graphite (factor graphite.synthetic…)  0.5         C: 1                                 0.5
PVDF binder (factor pvdf.GLO)          0.02        (C2H2F2)n: 24.022 / 64.034           0.0075029
electrolyte (process, x-carbon mix)    0.3         0.1266 LiPF6 + 0.4367 EC + 0.4367 DMC 0.3 × 0.3533766
separator (gap "polypropylene")        0.05        (C3H6)n: 36.033 / 42.081             0.0428139
aluminium foil (gap, no amount)        —           metal: 0                             0
NMP (bom: false, evaporates)           —           not a constituent                    —
electricity 3 kWh                      —           not a constituent                    —
=====================================  ==========  ===================================  =====================
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from footprint.exchange.carbon_content import MATERIALS, CarbonError, carbon_fraction, derive_carbon
from footprint.exchange.errors import MissingData
from footprint.exchange.pact import pact_v2, pact_v3
from tests.exchange.conftest import EXAMPLES, OPTIONS, study_from_data

ELECTROLYTE = {
    "mixture": {"lipf6": 0.1266, "ec": 0.4367, "dmc": 0.4367},
    "name": "electrolyte",
    "source": "1 mol/L LiPF6 (151.90 g/mol) in EC:DMC 1:1 by mass at 1.2 g/cm3 (test proxy)",
}
TOY = {
    "format": "pcf-model/1",
    "product": {
        "id": "toy-cell",
        "name": {"en": "Toy cell"},
        "functional_unit": "1 piece",
        "reference_flow": {"process": "cell", "amount": 1, "unit": "piece"},
        "geography": "CN-JX",
        "reference_year": 2025,
        "gwp": "AR6",
        "manufacturer": {"name": "Toy maker"},
        "mass": {"amount": 0.92, "unit": "kg"},
    },
    "processes": {
        "cell": {
            "name": {"en": "Cell assembly"},
            "stage": "production",
            "output": {"amount": 1, "unit": "piece"},
            "inputs": [
                {"factor": "graphite.synthetic.ecoinvent-model.CN", "amount": 0.5, "unit": "kg"},
                {"factor": "pvdf.GLO", "amount": 0.02, "unit": "kg"},
                {"factor": "elec.grid.CN-JX.2023", "amount": 3, "unit": "kWh"},
                {"process": "electrolyte", "amount": 0.3, "unit": "kg"},
                {"factor": "toy.nmp", "amount": 0.1, "unit": "kg", "bom": False},
            ],
            "x-gaps": [
                {
                    "name": {"en": "Separator (polypropylene)"},
                    "amount": 50,
                    "unit": "g",
                    "reason": "no factor",
                },
                {"name": {"en": "Aluminium foil"}, "reason": "no amount"},
                {"name": {"en": "Electricity (formation)"}, "role": "electricity", "reason": "no value"},
            ],
        },
        "electrolyte": {
            "name": {"en": "Electrolyte mixing"},
            "stage": "raw_materials",
            "x-carbon": ELECTROLYTE,
            "output": {"amount": 1, "unit": "kg"},
            "inputs": [],
        },
    },
    "factors": {
        "toy.nmp": {
            "value": 1.0,
            "unit": "kg CO2e / kg",
            "gwp": "AR6",
            "source": "test value for a consumable; not data",
        }
    },
}
TOY_CARBON = 0.5 + 0.02 * 24.022 / 64.034 + 0.3 * 0.3533766 + 0.05 * 36.033 / 42.081


class TestFractions:
    @pytest.mark.parametrize(
        ("formula", "expected"),
        [
            ("C", 1.0),
            ("C3H4O3", 36.033 / 88.062),
            ("C3H6O3", 36.033 / 90.078),
            ("C4H8O3", 48.044 / 104.105),
            ("(C3H6)n", 36.033 / 42.081),
            ("(C2H4)n", 24.022 / 28.054),
            ("(C2H2F2)n", 24.022 / 64.034),
            ("Li2CO3", 12.011 / 73.888),
            ("LiPF6", 0.0),
            ("LiFePO4", 0.0),
        ],
    )
    def test_stoichiometric_fractions(self, formula: str, expected: float) -> None:
        assert carbon_fraction(formula) == pytest.approx(expected, rel=1e-9)

    def test_the_table_matches_the_lithium_carbonate_example(self) -> None:
        assert round(MATERIALS["li2co3"].fraction, 4) == 0.1626  # products/examples/li2co3-lepidolite

    @pytest.mark.parametrize("formula", ["", "c3h4", "C3Xx2", "C3H4O3!"])
    def test_bad_formulas(self, formula: str) -> None:
        with pytest.raises(CarbonError):
            carbon_fraction(formula)


class TestDerivation:
    def test_toy_cell(self, factor_db: str) -> None:
        found = derive_carbon(study_from_data(copy.deepcopy(TOY), factor_db))
        assert found.unknown == ()
        assert found.fossil == pytest.approx(TOY_CARBON, rel=1e-6) and found.biogenic == 0
        assert {ln.path for ln in found.lines} == {
            "processes.cell.inputs[0]",
            "processes.cell.inputs[1]",
            "processes.electrolyte.x-carbon",
            "processes.cell.x-gaps[0]",
        }
        assert (
            "graphite" in found.summary()
            and "electrolyte (Electrolyte mixing) 0.3 kg x 0.3534" in found.summary()
        )

    def test_the_export_carries_the_derivation(self, factor_db: str, pact_validator: Callable) -> None:
        doc = pact_v3(study_from_data(copy.deepcopy(TOY), factor_db), OPTIONS)
        assert float(doc["pcf"]["fossilCarbonContent"]) == pytest.approx(TOY_CARBON, rel=1e-5)
        assert doc["pcf"]["biogenicCarbonContent"] == "0"
        assert "Carbon content derived from the bill of materials" in doc["comment"]
        assert [e.message for e in pact_validator("v3").iter_errors(doc)] == []

    def test_a_cited_value_overrides(self, factor_db: str) -> None:
        data = copy.deepcopy(TOY)
        data["x-pact"] = {
            "fossil_carbon_content": 0.61,
            "biogenic_carbon_content": 0,
            "carbon_content_source": "supplier assay 2025-03",
        }
        doc = pact_v3(study_from_data(data, factor_db), OPTIONS)
        assert doc["pcf"]["fossilCarbonContent"] == "0.61"
        assert "fossilCarbonContent given by the model (supplier assay 2025-03)" in doc["comment"]

    def test_a_biogenic_material(self, factor_db: str) -> None:
        data = copy.deepcopy(TOY)
        data["processes"]["cell"]["x-gaps"][0]["x-carbon"] = {
            "fraction": 0.444,
            "origin": "biogenic",
            "source": "cellulose C6H10O5 (test)",
        }
        found = derive_carbon(study_from_data(data, factor_db))
        assert found.biogenic == pytest.approx(0.05 * 0.444)
        assert found.fossil == pytest.approx(TOY_CARBON - 0.05 * 36.033 / 42.081, rel=1e-6)

    @pytest.mark.parametrize(
        ("change", "path", "why"),
        [
            (lambda d: d["processes"]["electrolyte"].pop("x-carbon"), "processes.cell.inputs[3]", None),
            (
                lambda d: d["processes"]["cell"]["x-gaps"][1].update(name={"en": "Casing"}),
                "processes.cell.x-gaps[1]",
                "Casing: amount not known",
            ),
            (
                lambda d: d["processes"]["cell"]["x-gaps"][0].update(name={"en": "Separator"}),
                "processes.cell.x-gaps[0]",
                "Separator: carbon mass fraction unknown",
            ),
        ],
    )
    def test_unknown_materials_are_named(
        self, factor_db: str, change: Callable, path: str, why: str | None
    ) -> None:
        data = copy.deepcopy(TOY)
        change(data)
        if path == "processes.cell.inputs[3]":  # a process without composition is walked into: empty
            found = derive_carbon(study_from_data(data, factor_db))
            assert found.fossil == pytest.approx(TOY_CARBON - 0.3 * 0.3533766, rel=1e-6)
            return
        with pytest.raises(MissingData, match=why) as exc:
            pact_v3(study_from_data(data, factor_db), OPTIONS)
        assert path in {g.model_path for g in exc.value.gaps}

    @pytest.mark.parametrize(
        ("spec", "why"),
        [
            ("unobtainium", "unknown material"),
            ({"fraction": 0.5}, "needs its source"),
            ({"fraction": 1.5, "source": "x"}, "between 0 and 1"),
            ({"fraction": 0.5, "origin": "lunar", "source": "x"}, "fossil or biogenic"),
            ({"mixture": {"ec": 0.5, "dmc": 0.4}, "source": "x"}, "add up to 0.9"),
        ],
    )
    def test_bad_annotations_are_refused(self, factor_db: str, spec: object, why: str) -> None:
        data = copy.deepcopy(TOY)
        data["processes"]["electrolyte"]["x-carbon"] = spec
        with pytest.raises(MissingData, match=why):
            pact_v3(study_from_data(data, factor_db), OPTIONS)


EXPORTABLE = [
    p
    for p in EXAMPLES
    if p.stem in ("lfp-cathode", "lfp-cell", "lfp-pack", "ncm811-cell", "li2co3-recycled-lfp")
]


@pytest.mark.parametrize("path", EXPORTABLE, ids=lambda p: p.stem)
def test_battery_examples_export_valid_pact(study_of: Callable, pact_validator: Callable, path: Path) -> None:
    study = study_of(path)
    doc = pact_v3(study, OPTIONS)
    assert [e.message for e in pact_validator("v3").iter_errors(doc)] == []
    derived = derive_carbon(study)
    assert derived.unknown == ()
    assert float(doc["pcf"]["fossilCarbonContent"]) == pytest.approx(derived.fossil, rel=1e-5, abs=1e-12)
    assert float(doc["pcf"]["biogenicCarbonContent"]) == pytest.approx(derived.biogenic, rel=1e-5, abs=1e-12)
    try:
        v2 = pact_v2(study, OPTIONS)
    except MissingData as exc:  # recycled Li2CO3: no cited UN CPC code; the platform does not invent one
        assert path.stem == "li2co3-recycled-lfp" and {g.field for g in exc.gaps} == {"productCategoryCpc"}
    else:
        assert [e.message for e in pact_validator("v2").iter_errors(v2)] == []


# The LFP cell example per pack of 60.48 kWh (products/examples/lfp-cell.yaml, the model's own masses), with
# the carbon fraction each line holds, written out from the formulas and the IUPAC 2021 atomic weights:
#
# line                           kg / pack  carbon mass fraction
# graphite                       75.316     C: 1
# PVDF binder                    2.3949     (C2H2F2)n
# ethylene carbonate             34.5522    C3H4O3
# separator (polypropylene)      9.415      (C3H6)n
# conductive carbon (gap)        2.3949     C: 1
# water-based binder (gap)       1.5371     0.6 CMC (DS 0.775, 6 C biogenic + 1.55 C fossil) + 0.4 SBR (23.5 % styrene)
# LiFePO4, LiPF6, Al, Cu         -          no carbon
C, H, OX, F, NA = 12.011, 1.008, 15.999, 18.998, 22.990
M_CMC = (6 + 2 * 0.775) * C + (10 + 0.775) * H + (5 + 2 * 0.775) * OX + 0.775 * NA
SBR = 0.235 * 8 * C / (8 * C + 8 * H) + 0.765 * 4 * C / (4 * C + 6 * H)
LFP_CELL_FOSSIL = (
    75.316
    + 2.3949 * 2 * C / (2 * C + 2 * H + 2 * F)
    + 34.5522 * 3 * C / (3 * C + 4 * H + 3 * OX)
    + 9.415 * 3 * C / (3 * C + 6 * H)
    + 2.3949
    + 1.5371 * (0.6 * 1.55 * C / M_CMC + 0.4 * SBR)
) / 60.48
LFP_CELL_BIOGENIC = 1.5371 * 0.6 * 6 * C / M_CMC / 60.48


def test_lfp_cell_carbon_is_the_sum_over_its_bill_of_materials(study_of: Callable) -> None:
    cell = next(p for p in EXAMPLES if p.stem == "lfp-cell")
    study = study_of(cell)
    found = derive_carbon(study)
    assert found.fossil == pytest.approx(LFP_CELL_FOSSIL, rel=1e-4)
    assert found.biogenic == pytest.approx(LFP_CELL_BIOGENIC, rel=1e-4)
    pcf = pact_v3(study, OPTIONS)["pcf"]
    assert float(pcf["fossilCarbonContent"]) == pytest.approx(LFP_CELL_FOSSIL, rel=1e-4)
    assert float(pcf["biogenicCarbonContent"]) == pytest.approx(LFP_CELL_BIOGENIC, rel=1e-4)


def test_the_pack_names_what_it_leaves_out(study_of: Callable) -> None:
    pack = next(p for p in EXAMPLES if p.stem == "lfp-pack")
    study = study_of(pack)
    found = derive_carbon(study)
    assert [path for path, _ in found.excluded] == [
        "processes.pack_assembly.x-gaps[0]",
        "processes.pack_assembly.x-gaps[1]",
    ]
    doc = pact_v3(study, OPTIONS)
    assert (
        "Not included, declared by the model (a lower bound therefore): Battery management system"
        in (doc["comment"])
    )
    assert float(doc["pcf"]["productMassPerDeclaredUnit"]) == pytest.approx((60.48 * 5.1632 + 98.109) / 60.48)


class TestBinders:
    """CMC and SBR fractions follow from their repeat units; the cited ranges bound them."""

    @pytest.mark.parametrize(("ds", "low", "high"), [(0.65, 0.4094, 0.4095), (0.90, 0.4000, 0.4002)])
    def test_cmc_over_the_cited_ds_range(self, ds: float, low: float, high: float) -> None:
        from footprint.exchange.carbon_materials import cmc

        m = cmc(ds)
        assert low <= m.fraction <= high
        assert m.parts()["biogenic"] == pytest.approx(6 * C / ((6 + 2 * ds) * C / m.fraction), rel=1e-9)

    def test_sbr_lies_between_its_homopolymers(self) -> None:
        assert MATERIALS["sbr"].fraction == pytest.approx(SBR, rel=1e-4)
        assert (
            MATERIALS["polybutadiene"].fraction
            < MATERIALS["sbr"].fraction
            < MATERIALS["polystyrene"].fraction
        )

    def test_the_binder_keeps_both_origins(self) -> None:
        binder = MATERIALS["water-based-binder"]
        assert binder.origin == "mixed"
        assert binder.parts()["biogenic"] == pytest.approx(0.6 * 6 * C / M_CMC, rel=1e-4)

    def test_an_exclusion_needs_its_reason(self, factor_db: str) -> None:
        data = copy.deepcopy(TOY)
        data["processes"]["cell"]["x-gaps"][1]["name"] = {"en": "Casing"}
        data["processes"]["cell"]["x-gaps"][1]["x-carbon"] = {"excluded": True}
        with pytest.raises(MissingData, match="an exclusion needs its reason and source"):
            pact_v3(study_from_data(data, factor_db), OPTIONS)


def test_an_electrolyte_is_the_labelled_proxy(factor_db: str) -> None:
    data = copy.deepcopy(TOY)
    data["processes"]["cell"]["x-gaps"].append(
        {"name": {"en": "Electrolyte (LiPF6 solution)"}, "amount": 0.2, "unit": "kg", "reason": "no factor"}
    )
    found = derive_carbon(study_from_data(data, factor_db))
    line = next(ln for ln in found.lines if "LiPF6 solution" in ln.name)
    assert line.fraction == pytest.approx(0.4367 * 36.033 / 88.062 + 0.4367 * 36.033 / 90.078, rel=1e-9)
    assert line.basis.startswith("PROXY composition") and "proxy" in line.name


def test_the_cli_shows_the_derivation(
    factor_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    import yaml
    from typer.testing import CliRunner

    from pcf_cli import app

    monkeypatch.setenv("PCF_DATABASE_URL", factor_db)
    model = tmp_path / "toy.yaml"
    model.write_text(yaml.safe_dump(TOY, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["pact", "carbon", str(model), "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["fossil_kg_c"] == pytest.approx(TOY_CARBON, rel=1e-6) and shown["unknown"] == []
    assert {ln["path"] for ln in shown["lines"]} >= {"processes.cell.inputs[0]", "processes.cell.x-gaps[0]"}
    data = copy.deepcopy(TOY)
    data["processes"]["cell"]["x-gaps"][1]["name"] = {"en": "Casing"}
    model.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["pact", "carbon", str(model)])
    assert result.exit_code == 1 and "Casing: amount not known" in result.output


@pytest.mark.parametrize(
    ("code", "material"),
    [
        ("graphite.synthetic.istrate-ei391.CN", "graphite"),
        ("pp.resin.cpcd.CN.2021", "pp"),
        ("electrolyte-solvent.ec.greet2022.GLO.2022", "ec"),
        ("lipf6.greet2022.GLO.2022", "lipf6"),
        ("bg.cu-foil.electrodeposition.CN", "copper"),
        ("bg.lfp-cam.solid-state.CN", "lifepo4"),
        ("aluminium.foil.cpcd-lit.CN.2021", "aluminium"),
        ("elec.footprint", None),
        ("heat.purchased", None),
        ("bg.unknown-thing.CN", None),
        ("cam.ncm811.greet2022.GLO.2022", "ncm811"),
        ("pet.resin.cpcd-lit.CN.2021", "pet"),
        ("steel.CN", None),
    ],
)
def test_codes_name_their_material(code: str, material: str | None) -> None:
    from footprint.exchange.carbon_content import material_of_code

    assert material_of_code(code) == material
