"""Product category rules: the bundled rules load and say what the standards need; broken ones are refused."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from footprint.model import Stage
from products import (
    ParamStatus,
    RuleError,
    UnknownRule,
    get_rule,
    list_rules,
    load_rule,
    parse_rule,
    rule_for,
)
from products.rules import RULES_DIR, category_covers, normalise_chemistry
from tests.products.conftest import Toy

RULE_IDS = [
    "battery-cell",
    "battery-ess",
    "battery-pack",
    "lfp-cathode",
    "lithium-carbonate",
    "pv-module",
    "recycled-lithium-carbonate",
]


class TestBundledRules:
    def test_every_rule_file_loads(self) -> None:
        assert [r.id for r in list_rules()] == RULE_IDS
        assert {Path(r.file).name for r in list_rules()} == {p.name for p in RULES_DIR.glob("*.yaml")}

    @pytest.mark.parametrize("rule_id", RULE_IDS)
    def test_texts_are_in_chinese_and_english(self, rule_id: str) -> None:
        rule = get_rule(rule_id)
        texts = [
            rule.title,
            rule.scope,
            *rule.stages.values(),
            *(f.text for f in rule.functional_units),
            *(p.name for p in rule.processes),
            *(i.name for p in rule.processes for i in p.inputs),
            *(p.doc for p in rule.parameters.values()),
        ]
        assert all(t.zh and t.en for t in texts)

    @pytest.mark.parametrize("rule_id", RULE_IDS)
    def test_ranges_and_unconfirmed_parameters_cite_their_source(self, rule_id: str) -> None:
        rule = get_rule(rule_id)
        assert all(r.source.title and (r.source.url or r.source.location) for r in rule.ranges)
        cited = [p for p in rule.parameters.values() if p.status is not ParamStatus.PROJECT_DEFAULT]
        assert all(p.source is not None and p.source.title for p in cited)

    @pytest.mark.parametrize("rule_id", ["battery-cell", "battery-pack", "battery-ess"])
    def test_battery_rules_offer_rated_and_lifetime_energy(self, rule_id: str) -> None:
        fus = {f.id: f for f in get_rule(rule_id).functional_units}
        assert fus["cn_label"].default and fus["cn_label"].boundary == "cradle_to_gate"
        assert fus["eu_battery"].required_stages == (
            Stage.RAW_MATERIALS,
            Stage.PRODUCTION,
            Stage.DISTRIBUTION,
            Stage.END_OF_LIFE,
        )
        assert Stage.USE not in fus["eu_battery"].allowed_stages

    def test_the_pack_rule_carries_the_miit_and_eu_declaration_parameters(self) -> None:
        pack = get_rule("battery-pack")
        assert pack.param("stage_map", "miit_declaration") == {
            "raw_materials": "material_acquisition",
            "production": "manufacturing",
            "distribution": "distribution",
            "end_of_life": "recycling",
            "use": None,
        }
        names = pack.param("stage_names", "miit_declaration")
        assert names["material_acquisition"] == {"zh": "材料获取", "en": "Material acquisition"}
        assert pack.param("scope_min_energy_kwh", "miit_declaration") == 2
        for name in ("cycles_per_year", "service_years", "lifetime_cycles"):
            assert pack.parameter(name, "miit_declaration") is not None
        assert pack.param("stage_map", "eu_battery")["production"] == "main_production"
        assert pack.param("cycles_per_year", "eu_battery")["M1"] == 60
        assert pack.param("electricity.methods", "eu_battery") == ["national_grid", "direct_line"]

    def test_parameters_prefer_the_functional_unit_specific_value(self) -> None:
        cell = get_rule("battery-cell")
        assert "provincial_grid" in cell.param("electricity.methods", "cn_label")
        assert "provincial_grid" not in cell.param("electricity.methods", "eu_battery")
        assert cell.param("cutoff.max_single_share", "eu_battery") == 0.01  # rule-wide
        assert cell.param("no.such.parameter", default="x") == "x"

    def test_unverified_rules_are_parameters(self) -> None:
        names = {p.name for p in get_rule("battery-pack").unverified()}
        assert {
            "eu_battery.electricity.methods",
            "eu_battery.cycles_per_year",
            "miit_declaration.capacity_basis",
            "gwp.allowed_sets",
            "cutoff.max_total_share",
        } <= names

    def test_plausible_ranges_are_per_functional_unit(self) -> None:
        lepidolite = next(r for r in get_rule("lithium-carbonate").ranges if r.id == "lepidolite-liu")
        # t CO2e per t = kg CO2e per kg
        assert (lepidolite.per_fu(lepidolite.low), lepidolite.per_fu(lepidolite.high)) == (6.3, 36.8)
        mono = next(r for r in get_rule("pv-module").ranges if r.id == "mono-si-li-2012")
        assert mono.per_fu(mono.central) == pytest.approx(1.829)  # g → kg per Wp


class TestLookup:
    def test_unknown_rule_names_the_known_ones(self) -> None:
        with pytest.raises(UnknownRule, match="no product category rule 'battery'; known rules: battery-"):
            get_rule("battery")

    def test_rule_for_takes_the_most_specific_category(self, toy: Toy) -> None:
        assert rule_for(toy()).id == "battery-cell"
        lepidolite = toy(lambda d: d["product"].update(category="material.lithium-carbonate.lepidolite"))
        assert rule_for(lepidolite).id == "lithium-carbonate"

    def test_rule_for_an_uncovered_category(self, toy: Toy) -> None:
        with pytest.raises(UnknownRule, match=r"no product category rule covers product\.category 'steel"):
            rule_for(toy(lambda d: d["product"].update(category="steel.hot-rolled")))

    def test_unknown_functional_unit(self) -> None:
        with pytest.raises(UnknownRule, match="has no functional unit 'per_piece'"):
            get_rule("battery-cell").functional_unit("per_piece")

    @pytest.mark.parametrize(
        ("prefix", "category", "covered"),
        [
            ("battery.cell", "battery.cell", True),
            ("battery.cell", "battery.cell.lfp", True),
            ("battery.cell", "battery.cells", False),
            ("battery.cell", "battery", False),
        ],
    )
    def test_category_prefixes(self, prefix: str, category: str, covered: bool) -> None:
        assert category_covers(prefix, category) is covered

    def test_chemistry_names(self) -> None:
        assert normalise_chemistry("nmc 811") == normalise_chemistry("NCM811") == "NCM811"


def broken(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = copy.deepcopy(dict(get_rule("battery-cell").data))
    change(data)
    return data


class TestBrokenRules:
    @pytest.mark.parametrize(
        ("change", "path", "message"),
        [
            (lambda d: d["title"].pop("en"), "title.en", "required"),
            (lambda d: d.update(colour="red"), "colour", "unknown key"),
            (lambda d: d.update(format="pcf-pcr/2"), "format", "expected 'pcf-pcr/1'"),
            (
                lambda d: d["functional_units"][0]["stages"]["required"].append("mining"),
                r"functional_units\[0\]\.stages\.required\[2\]",
                "'mining' is not one of",
            ),
            (
                lambda d: d["functional_units"][1].update(default=True),
                "functional_units",
                "exactly one functional unit",
            ),
            (
                lambda d: d["functional_units"][0].update(quantity="weight"),
                r"functional_units\[0\]\.quantity",
                "expected one of rated_energy",
            ),
            (
                lambda d: d["processes"][0].update(stages=["use", "space"]),
                r"processes\[0\]\.stages\[1\]",
                "not one of",
            ),
            (
                lambda d: d["processes"][0]["inputs"][0].update(unit="kgs"),
                r"processes\[0\]\.inputs\[0\]\.unit",
                "unknown unit",
            ),
            (lambda d: d["processes"].append(copy.deepcopy(d["processes"][0])), "processes", "defined twice"),
            (
                lambda d: d["mass_balance"]["processes"].append("winding"),
                r"mass_balance\.processes\[1\]",
                "not a process role",
            ),
            (
                lambda d: d["parameters"].update(
                    {"cutoff.max_singel_share": d["parameters"]["cutoff.max_single_share"]}
                ),
                r"parameters\.cutoff\.max_singel_share",
                "unknown parameter",
            ),
            (
                lambda d: d["parameters"]["cutoff.max_single_share"].update(value=5),
                r"cutoff\.max_single_share\.value",
                "share between 0 and 1",
            ),
            (
                lambda d: d["parameters"]["gwp.allowed_sets"].pop("source"),
                r"gwp\.allowed_sets\.source",
                "unverified parameter cites its source",
            ),
            (
                lambda d: d["parameters"].pop("data_quality.max_dqr"),
                "parameters",
                "missing parameter 'data_quality.max_dqr'",
            ),
            (
                lambda d: d["parameters"].pop("eu_battery.service_years"),
                "parameters",
                "missing parameter 'service_years'",
            ),
            (
                lambda d: d["parameters"]["eu_battery.stage_map"]["value"].update(production="assembly"),
                r"eu_battery\.stage_map\.value\.production",
                "no entry in eu_battery.stage_names",
            ),
            (
                lambda d: d["parameters"]["eu_battery.cycles_per_year"].update(value={"M1": -60}),
                r"eu_battery\.cycles_per_year\.value",
                "expected positive numbers",
            ),
            (
                lambda d: d["plausible_ranges"][0].pop("source"),
                r"plausible_ranges\[0\]\.source",
                "cites its source",
            ),
            (
                lambda d: d["plausible_ranges"][0].update(low=70),
                r"plausible_ranges\[0\]",
                "low <= central <= high",
            ),
            (
                lambda d: d["plausible_ranges"][0].update(unit="kg CO2e / kg"),
                r"plausible_ranges\[0\]\.unit",
                "dimensions differ",
            ),
            (
                lambda d: d["plausible_ranges"][0].update(functional_unit="per_cell"),
                r"plausible_ranges\[0\]\.functional_unit",
                "not a functional unit of this rule",
            ),
        ],
    )
    def test_a_broken_rule_is_refused_with_the_path(
        self, change: Callable[[dict[str, Any]], Any], path: str, message: str
    ) -> None:
        with pytest.raises(RuleError, match=rf"- (parameters\.)?{path}: [^\n]*{message}"):
            parse_rule(broken(change), file="broken.yaml")

    def test_every_problem_is_reported_at_once(self) -> None:
        def many(d: dict[str, Any]) -> None:
            d["title"].pop("zh")
            d["parameters"]["cutoff.bases"]["value"] = ["volume"]
            d["plausible_ranges"][1].pop("source")

        with pytest.raises(RuleError) as caught:
            parse_rule(broken(many), file="broken.yaml")
        assert [i.path for i in caught.value.issues] == [
            "parameters.cutoff.bases.value",
            "plausible_ranges[1].source",
            "title.zh",
        ]
        assert str(caught.value).startswith("broken.yaml: 3 problem(s)")

    def test_a_file_that_is_not_yaml(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.yaml"
        path.write_text("id: [unclosed\n", encoding="utf-8")
        with pytest.raises(RuleError, match=r"(?s)bad.yaml: .*- line 2, column 1: not valid YAML"):
            load_rule(path)

    def test_a_rule_file_round_trips_through_yaml(self, tmp_path: Path) -> None:
        path = tmp_path / "copy.yaml"
        text = yaml.safe_dump(dict(get_rule("battery-pack").data), allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        assert load_rule(path).parameters == get_rule("battery-pack").parameters
