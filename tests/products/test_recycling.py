"""Recycling as a product and the pack's end-of-life stage in the declarations: the recycler example,
cut-off (MIIT, Chinese label) vs CFF (EU battery rule) on the same pack, credits kept apart, the method
named in every declaration, the report and the app's stage chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import Session

from footprint import DatabaseFactors, calculate, load_model
from footprint.exchange.errors import MissingData
from footprint.exchange.eu_battery import eu_battery_declaration
from footprint.exchange.options import ExportOptions
from footprint.exchange.study import build_study
from products import example_path, rule_for
from products.eol_example import FRAGMENT, pack_with_end_of_life, with_end_of_life
from products.eol_method import end_of_life_settings, rule_view
from products.lifetime import rule_battery_defaults
from products.miit import miit_declaration

# Per-kg recoveries of EverBatt's default LFP cell (ANL-19/16 Tables 4 and 12), as in the example files.
LI2CO3, COPPER, ALUMINIUM = 0.068921, 0.1251, 0.0675
CELLS_PER_PACK, PACK_KWH = 312.27, 60.48


class TestRecycler:
    def test_per_kg_recovered_lithium_carbonate(self, loaded: Session) -> None:
        model = load_model(example_path("li2co3-recycled-lfp"))
        r = calculate(model, DatabaseFactors(loaded))
        assert rule_for(model).id == "recycled-lithium-carbonate"
        assert r.total == pytest.approx(32.7562, rel=1e-4)  # burdens only
        assert r.by_process["spent_lfp_cells"] == 0.0  # declared zero factor (waste, cut-off)
        items = {i["material"]: i for i in r.credits["items"]}
        assert set(items) == {"copper", "aluminium"}
        # system expansion: per kg Li2CO3 = co-product per kg cells ÷ Li2CO3 per kg cells × E*v
        assert items["copper"]["credit"] == pytest.approx(-COPPER / LI2CO3 * 4.490101, rel=1e-6)
        assert items["aluminium"]["credit"] == pytest.approx(-ALUMINIUM / LI2CO3 * 15.947, rel=1e-4)
        assert r.credits["total"] == pytest.approx(items["copper"]["credit"] + items["aluminium"]["credit"])
        assert r.end_of_life["method"] == "cut_off"
        assert r.net == pytest.approx(r.total + r.credits["total"])  # co-product credits are netted
        assert sum(r.by_stage.values()) == pytest.approx(r.total)


@pytest.fixture
def pack(loaded: Session):  # type: ignore[no-untyped-def]
    model = pack_with_end_of_life()
    return model, calculate(model, DatabaseFactors(loaded))


class TestPackEndOfLife:
    def test_the_fragment_adds_an_end_of_life_stage(self, pack) -> None:  # type: ignore[no-untyped-def]
        model, r = pack
        assert model.processes["cell_recycling"].fate.value == "recycling.hydrometallurgical"
        assert r.by_stage["end_of_life"] > 0
        assert set(r.credits["by_stage"]) == {"end_of_life"}
        materials = {i["material"] for i in r.credits["items"]}
        assert materials == {"lithium carbonate", "copper", "aluminium"}
        li = next(i for i in r.credits["items"] if i["material"] == "lithium carbonate")
        assert li["amount"] == pytest.approx(LI2CO3 * CELLS_PER_PACK / PACK_KWH, rel=1e-9)

    def test_fragment_may_not_redefine_the_pack(self) -> None:
        from footprint.model import read_model_data

        frag = read_model_data(FRAGMENT)
        pack = read_model_data(example_path("lfp-pack"))
        pack["processes"]["cell_recycling"] = pack["processes"]["pack_assembly"]
        with pytest.raises(ValueError, match="redefines cell_recycling"):
            with_end_of_life(pack, frag)

    def test_miit_four_stages_under_cut_off(self, pack) -> None:  # type: ignore[no-untyped-def]
        model, r = pack
        dec = miit_declaration(model, r)
        assert dec.end_of_life_method["id"] == "cut_off"
        assert dec.stages["recycling"] > 0  # filled from the model: burdens in full
        life_kwh = PACK_KWH * 60 * 8  # M1: 60 cycles a year, 8 service years
        assert dec.stages["recycling"] == pytest.approx(r.by_stage["end_of_life"] * 1 / (life_kwh / PACK_KWH))
        assert dec.credits["recycling"] == pytest.approx(r.credits["total"] * PACK_KWH / life_kwh)
        assert dec.total_kg_co2e_per_kwh == pytest.approx(r.total * PACK_KWH / life_kwh)
        assert dec.as_dict()["end_of_life_method"]["name"]["zh"] == "截断法（100:0）"

    def test_cut_off_vs_cff_documented_difference(self, pack) -> None:  # type: ignore[no-untyped-def]
        """cut-off − CFF = A·(own burden of the recycling process) + (1−A)·|credits| (docs/model-format.md);
        A = 0.2 as the fragment states it."""
        model, r = pack
        rule = rule_for(model)
        cut, cff = rule_view(r, rule, "miit_declaration"), rule_view(r, rule, "eu_battery")
        assert (cut["method"], cff["method"]) == ("cut_off", "cff")
        burden = r.by_process["cell_recycling"]
        assert cut["total"] - cff["total"] == pytest.approx(0.2 * burden - 0.8 * r.credits["total"])
        assert cff["by_stage"]["end_of_life"] == pytest.approx(0.8 * (burden + r.credits["total"]))
        assert cut["by_stage"]["raw_materials"] == cff["by_stage"]["raw_materials"]

    def test_eu_declaration_under_cff_names_the_method(self, loaded: Session) -> None:
        model = pack_with_end_of_life()
        study = build_study(model, DatabaseFactors(loaded))
        rule = rule_for(model)
        options = ExportOptions(
            end_of_life=end_of_life_settings(rule, "eu_battery"),
            battery_defaults=rule_battery_defaults(model, rule, functional_unit="eu_battery"),
        )
        dec = eu_battery_declaration(study, options, require_study_url=False)
        data = dec.to_dict()
        assert data["method"]["endOfLife"] == "cff"
        assert data["method"]["endOfLifeName"]["en"] == "Circular Footprint Formula (PEF CFF)"
        stages = {s["stage"]: s["value"] for s in data["carbonFootprintPerLifecycleStage"]}
        eol = float(stages["end of life and recycling"])
        life_kwh = PACK_KWH * 60 * 8
        r = study.result
        expected = 0.8 * (r.by_process["cell_recycling"] + r.credits["total"]) * PACK_KWH / life_kwh
        assert eol == pytest.approx(expected, rel=1e-6)
        assert eol < 0  # the credit outweighs (1−A)·burden here
        assert float(data["creditsShownApart"]["value"]) == pytest.approx(
            r.credits["total"] * PACK_KWH / life_kwh,
            rel=1e-5,  # declared to 6 significant digits
        )
        assert dec.per_kwh == pytest.approx(sum(s.per_kwh for s in dec.stages))

    def test_eu_refused_without_a_names_the_parameter(self, loaded: Session, tmp_path: Path) -> None:
        from footprint.model import parse_model, read_model_data

        data = with_end_of_life(read_model_data(example_path("lfp-pack")), read_model_data(FRAGMENT))
        del data["processes"]["cell_recycling"]["cff"]
        model = parse_model(data)
        study = build_study(model, DatabaseFactors(loaded))
        rule = rule_for(model)
        options = ExportOptions(
            end_of_life=end_of_life_settings(rule, "eu_battery"),
            battery_defaults=rule_battery_defaults(model, rule, functional_unit="eu_battery"),
        )
        with pytest.raises(MissingData, match=r"cell_recycling.*CFF parameter A.*no public default"):
            eu_battery_declaration(study, options, require_study_url=False)


class TestFaces:
    def test_stage_chart_draws_credits_in_their_own_colour(self, pack) -> None:  # type: ignore[no-untyped-def]
        from webapp.charts import CREDIT_COLOUR, stage_waterfall

        _model, r = pack
        fig = stage_waterfall(r.to_dict(), "en")
        bars = [t for t in fig.data if t.type == "bar"]
        assert len(bars) == 1 and bars[0].marker.color == CREDIT_COLOUR
        assert list(bars[0].y) == pytest.approx(list(r.credits["by_stage"].values()))
        waterfall = next(t for t in fig.data if t.type == "waterfall")
        assert waterfall.y[-1] == pytest.approx(r.total)  # burdens: credits never folded in

    def test_report_shows_end_of_life_and_method(self, loaded: Session, tmp_path: Path) -> None:
        from pypdf import PdfReader

        from footprint.report import write_report

        study = build_study(pack_with_end_of_life(), DatabaseFactors(loaded))
        path = write_report(study, tmp_path / "r.pdf", lang="en")
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))
        assert "End of life and recycling: cut-off (100:0)" in text
        assert "Credits (apart)" in text

    def test_pcf_calc_shows_burdens_credits_and_net(self, loaded: Session) -> None:
        from pcf_cli.calc_cmd import print_result
        from pcf_cli.common import console

        r = calculate(load_model(example_path("li2co3-recycled-lfp")), DatabaseFactors(loaded))
        with console.capture() as cap:
            print_result(r, "en")
        out = cap.get()
        assert "Burdens, credits and net" in out and "cut-off (100:0)" in out
        assert f"Net footprint (cut-off (100:0)): {r.net:,.4g} kg CO2e" in out


def test_miit_refused_when_its_rule_asks_cff_without_a(loaded: Session) -> None:
    """A rule that prescribes the CFF for the MIIT declaration, on a model that states no A: refused with
    the code the app words (never a silent cut-off)."""
    import dataclasses

    from footprint.model import parse_model, read_model_data
    from products.miit import DeclarationRefused
    from products.rules import Parameter, ParamStatus
    from webapp.errors import _declaration_code

    data = with_end_of_life(read_model_data(example_path("lfp-pack")), read_model_data(FRAGMENT))
    del data["processes"]["cell_recycling"]["cff"]
    model = parse_model(data)
    result = calculate(model, DatabaseFactors(loaded))
    rule = rule_for(model)
    name = "miit_declaration.end_of_life.method"
    cff_rule = dataclasses.replace(
        rule,
        parameters={
            **rule.parameters,
            name: Parameter(
                name, "cff", ParamStatus.PROJECT_DEFAULT, rule.parameters["end_of_life.method"].doc
            ),
        },
    )
    with pytest.raises(DeclarationRefused, match="CFF parameter A") as exc:
        miit_declaration(model, result, cff_rule)
    assert exc.value.code == "cff_parameter_missing"
    message = _declaration_code(exc.value, "en")
    assert message is not None and "no public default" in message.text
    assert any("cell_recycling" in d for d in message.details)
