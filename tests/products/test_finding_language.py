"""Finding messages in Chinese are Chinese: no English words, model paths or raw vocabulary values.

Every bundled example is checked against its rule, and the toy cell of conftest.py is broken in one way
per finding code (the table below) so that each code's Chinese message is read at least once. A Chinese
message may show codes (factor codes, rule ids, categories), units, gas formulas and the proper names of
the app's language test (`tests.app.test_language.english_words`); it must not show a model path
(``processes.cell.inputs[7]``), a field name (``output.mass``), a rule role, stage, method or boundary
value: those are named in words. A process without a name is named by its id in quotes (“过程“cell””).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlmodel import Session

from footprint import DatabaseFactors, calculate, load_model
from footprint.model import Model
from footprint.sources import StaticFactors
from footprint.vocab import Stage
from products import Finding, Rule, check, example_files, get_rule, review, rule_for
from products.finding_codes import CODES
from products.rules import ElectricityMethod
from tests.app.test_language import DATA, english_words
from tests.products.conftest import PEDIGREE_2, Toy

CELL = get_rule("battery-cell")
NAMES = {"material": ("材料供应", "material supply"), "cell": ("电芯制造", "cell assembly")}
PATH = re.compile(r"processes\.|x-gaps|\binputs\b|\[\d+\]|\boutput\.|\bproduct\.|role:|pedigree")


def raw_values(rule: Rule) -> set[str]:
    """Values a Chinese message must name in words: roles, stages, methods, functional units, boundaries."""
    values = {s.value for s in Stage} | {m.value for m in ElectricityMethod}
    for fu in rule.functional_units:
        values |= {fu.id, fu.boundary}
    for spec in rule.processes:
        values |= {spec.role} | {i.role for i in spec.inputs}
    return values


def problems(f: Finding, rule: Rule, model: Model) -> list[str]:
    """What in a finding's Chinese message is not Chinese (empty: the message passes)."""
    text = f.message_zh
    for pid, p in model.processes.items():  # a process without a name is named by its quoted id
        if not p.name.zh:
            text = text.replace(f"过程“{pid}”", "过程")
    for quoted in DATA[0]:  # citations and the enterprise's own texts (gap reasons, notes) as written
        text = text.replace(quoted, " ")
    found = [f"English word {w!r}" for w in english_words(text)]
    found += [f"model path {m.group()!r}" for m in PATH.finditer(text)]
    found += [
        f"raw value {v!r}"
        for v in sorted(raw_values(rule))
        if re.search(rf"(?<![\w.\-]){v}(?![\w.\-])", text)
    ]
    return found


def cell_inputs(d: dict[str, Any]) -> list[dict[str, Any]]:
    return d["processes"]["cell"]["inputs"]


def drop(d: dict[str, Any], role: str) -> None:
    items = cell_inputs(d)
    items.remove(next(i for i in items if i.get("role") == role))


def only_cell(d: dict[str, Any]) -> None:
    del d["processes"]["material"]
    for item in cell_inputs(d):
        if item.pop("process", None):
            item["factor"] = "toy.material"


def aggregate(d: dict[str, Any]) -> None:
    del d["processes"]["material"]
    d["processes"]["cell"]["inputs"] = [
        {"factor": "toy.material", "amount": 1, "unit": "kg", "role": "aggregated"}
    ]


def ship(d: dict[str, Any]) -> None:
    d["processes"]["ship"] = {
        "name": {"zh": "运输", "en": "shipping"},
        "stage": "distribution",
        "output": {"amount": 1, "unit": "piece"},
        "inputs": [{"process": "cell", "amount": 1, "unit": "piece"}],
    }
    d["product"]["reference_flow"]["process"] = "ship"


def gap(d: dict[str, Any]) -> None:
    drop(d, "electrolyte")
    d["processes"]["cell"]["x-gaps"] = [
        {
            "name": {"zh": "电解液", "en": "electrolyte"},
            "role": "electrolyte",
            "amount": 150,
            "unit": "g",
            "reason": "无因子",
        }
    ]


def area(d: dict[str, Any]) -> None:
    drop(d, "cathode_active_material")
    cell_inputs(d).append(
        {"factor": "toy.material", "amount": 2, "unit": "m^2", "role": "cathode_active_material"}
    )


def cutoff(*entries: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.update(cutoff=list(entries))


def co_product(d: dict[str, Any]) -> None:
    d["processes"]["material"].update(
        co_products=[{"id": "slag", "amount": 1, "unit": "kg"}], allocation="mass"
    )


def elec(factor: str, **more: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: cell_inputs(d)[7].update(factor=factor, **more)


def as_pack(d: dict[str, Any]) -> None:
    d["product"]["category"] = "battery.pack"
    d["processes"]["cell"]["role"] = "pack_assembly"


def small_pack(d: dict[str, Any]) -> None:
    as_pack(d)
    d["product"].update(functional_unit="1 kWh of total lifetime energy")
    d["product"]["battery"].update(rated_energy="1.5 kWh", cycles_per_year=100, service_years=10)
    d["product"]["reference_flow"]["amount"] = 1 / 1500


def worsen(d: dict[str, Any]) -> None:
    poor = {k: 5 for k in PEDIGREE_2}
    d["processes"]["material"]["inputs"][0]["pedigree"] = poor
    cell_inputs(d)[7]["pedigree"] = poor


def score_one_input(d: dict[str, Any]) -> None:
    cell_inputs(d)[7].pop("pedigree")


def strip_pedigree(d: dict[str, Any]) -> None:
    d["processes"]["material"]["inputs"][0].pop("pedigree")
    cell_inputs(d)[7].pop("pedigree")


def as_cathode(d: dict[str, Any]) -> None:
    d["product"].update(category="material.cathode.lfp", functional_unit="1 kg LFP cathode active material")


Change = Callable[[dict[str, Any]], Any] | None
# code → (how the toy cell is broken, rule, functional unit, calculated, through `review`)
BROKEN: dict[str, tuple[Change, str, str | None, bool, bool]] = {
    "category_mismatch": (
        lambda d: d["product"].update(category="battery.pack"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "functional_unit_unrecognised": (
        lambda d: d["product"].update(functional_unit="每千瓦时"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "reference_flow": (
        lambda d: d["product"]["battery"].pop("rated_energy"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "not_calculated": (None, "battery-cell", None, False, False),
    "calculation_failed": (elec("no.such.factor"), "battery-cell", None, True, True),
    "out_of_scope": (small_pack, "battery-pack", None, True, False),
    "lifetime_parameters": (None, "battery-cell", "eu_battery", True, False),
    "lifetime_energy": (
        lambda d: d["product"]["battery"].update(usable_energy="0.24 kWh", service_years=8),
        "battery-cell",
        "eu_battery",
        True,
        False,
    ),
    "no_range": (as_cathode, "lfp-cathode", None, True, False),
    "reference_value": (as_pack, "battery-pack", None, True, False),
    "within_range": (None, "battery-cell", None, True, False),
    "below_range": (elec("elec.grid.CN-JX.toy", amount=0), "battery-cell", None, True, False),
    "above_range": (elec("elec.grid.CN-JX.toy", amount=20), "battery-cell", None, True, False),
    "missing_stage": (only_cell, "battery-cell", None, True, False),
    "stage_covered_by_aggregate": (aggregate, "battery-cell", None, True, False),
    "stage_not_allowed": (ship, "battery-cell", None, True, False),
    "missing_process": (
        lambda d: d["processes"]["cell"].update(role="other"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "process_stage": (
        lambda d: d["processes"]["material"].update(role="cell_assembly"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "aggregated_dataset": (aggregate, "battery-cell", None, True, False),
    "missing_input": (lambda d: drop(d, "electrolyte"), "battery-cell", None, True, False),
    "data_gap": (gap, "battery-cell", None, True, False),
    "mass_balance_unchecked": (area, "battery-cell", None, False, False),
    "mass_balance_ok": (None, "battery-cell", None, True, False),
    "mass_balance": (
        lambda d: d["processes"]["cell"]["output"].update(mass="1.2 kg"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "cutoff_unquantified": (cutoff({"flow": "胶带", "reason": "少量"}), "battery-cell", None, True, False),
    "cutoff_basis": (
        cutoff({"flow": "胶带", "reason": "少量", "share": 0.001, "basis": "energy"}),
        "battery-cell",
        None,
        True,
        False,
    ),
    "cutoff_exceeded": (
        cutoff(*({"flow": f"零件 {i}", "reason": "少量", "share": 0.02, "basis": "mass"} for i in range(3))),
        "battery-cell",
        None,
        True,
        False,
    ),
    "allocation_method": (co_product, "economic-only", None, True, False),
    "electricity_method": (None, "battery-cell", "eu_battery", True, False),
    "electricity_unidentified": (elec("elec.fossil.CN.toy"), "battery-cell", None, True, False),
    "electricity_not_lifecycle": (elec("elec.grid.CN-JX.generation"), "battery-cell", None, True, False),
    "gwp_set": (lambda d: d["product"].update(gwp="AR5"), "battery-cell", None, True, False),
    "gwp_unspecified": (
        lambda d: d["processes"]["material"]["inputs"][0].update(factor="toy.material-unspecified"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "gwp_mismatch": (
        lambda d: d["processes"]["material"]["inputs"][0].update(factor="toy.material-ar5"),
        "battery-cell",
        None,
        True,
        False,
    ),
    "data_quality_unassessed": (strip_pedigree, "battery-cell", None, True, False),
    "data_quality": (worsen, "battery-cell", None, True, False),
    "data_quality_ok": (None, "battery-cell", None, True, False),
    "data_quality_coverage": (score_one_input, "battery-cell", None, True, False),
}


def rule_named(name: str) -> Rule:
    """A bundled rule, or the cell rule allowing only economic allocation (``economic-only``)."""
    if name != "economic-only":
        return get_rule(name)
    import copy

    from products import parse_rule

    data = copy.deepcopy(dict(CELL.data))
    data["parameters"]["allocation.methods"]["value"] = ["economic"]
    return parse_rule(data, file="economic.yaml")


def named(toy: Toy, change: Change) -> Model:
    """The toy cell broken by `change`, its processes named (zh, en) as a real model names them."""

    def apply(d: dict[str, Any]) -> None:
        for pid, (zh, en) in NAMES.items():
            if pid in d["processes"]:
                d["processes"][pid]["name"] = {"zh": zh, "en": en}
        if change is not None:
            change(d)

    return toy(apply)


def broken_findings(toy: Toy, source: StaticFactors, code: str) -> tuple[list[Finding], Rule, Model]:
    change, rule_id, fu, calculated, reviewed = BROKEN[code]
    rule, model = rule_named(rule_id), named(toy, change)
    if reviewed:
        return review(model, rule, source, functional_unit=fu)[1], rule, model
    result = calculate(model, source) if calculated else None
    return check(model, rule, result, functional_unit=fu), rule, model


def test_the_table_breaks_the_toy_for_every_registered_code() -> None:
    assert set(BROKEN) >= set(CODES)


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_each_codes_chinese_message_is_chinese(toy: Toy, source: StaticFactors, code: str) -> None:
    found, rule, model = broken_findings(toy, source, code)
    hits = [f for f in found if f.code == code]
    assert hits, f"the variant for {code} gives only {sorted({f.code for f in found})}"
    for f in found:  # every finding of the variant, not only the one it was made for
        assert problems(f, rule, model) == [], (f.code, f.message_zh)
    for f in hits:  # and the English message stays English (quoting the model's own Chinese texts)
        english = re.sub(r"'[^']*'|Reason: .*", "", f.message_en)
        for fu in rule.functional_units:
            english = english.replace(fu.text.zh, "")
        assert english and not re.search(r"[\u4e00-\u9fff]", english), f.message_en


@pytest.fixture(scope="module")
def examples(_bundled_sqlite: str) -> Iterator[list[tuple[str, Model, Rule, list[Finding]]]]:
    """Every bundled example reviewed against its rule with the bundled factor release."""
    from factors.db import make_engine

    engine = make_engine(f"sqlite:///{_bundled_sqlite}")
    with Session(engine) as session:
        source = DatabaseFactors(session)
        out = []
        for path in example_files():
            model = load_model(path)
            rule = rule_for(model)
            out.append((path.stem, model, rule, review(model, rule, source)[1]))
        yield out
    engine.dispose()


def test_every_examples_findings_are_chinese(examples: list[tuple[str, Model, Rule, list[Finding]]]) -> None:
    bad = [
        f"{name} {f.code}: {p} in {f.message_zh!r}"
        for name, model, rule, found in examples
        for f in found
        for p in problems(f, rule, model)
    ]
    assert sum(len(found) for *_, found in examples) > 50
    assert bad == [], "\n".join(bad)


class TestNamesInWords:
    """The words that replace the paths and values: what a reader of each message sees."""

    def test_an_input_is_named_by_its_number_and_rule_role(self, toy: Toy, source: StaticFactors) -> None:
        found, _, _ = broken_findings(toy, source, "mass_balance_unchecked")
        f = next(f for f in found if f.code == "mass_balance_unchecked")
        assert "过程“电芯制造”的第 8 项输入（正极活性材料（LFP / NCM））" in f.message_zh
        assert "processes.cell.inputs[7]" in f.message_en  # the English message keeps the path for the model

    def test_a_process_without_a_name_is_its_quoted_id(self, toy: Toy, source: StaticFactors) -> None:
        f = next(f for f in check(toy(), CELL, calculate(toy(), source)) if f.code == "mass_balance_ok")
        assert f.message_zh.startswith("过程“cell”物料平衡闭合")

    @pytest.mark.parametrize(
        ("code", "words"),
        [
            ("missing_stage", "要求“原材料获取”阶段"),
            ("stage_not_allowed", "过程“运输”属于“分销运输”阶段"),
            ("process_stage", "过程“材料供应”（电芯制造）只能属于“生产制造”阶段"),
            ("missing_input", "过程“电芯制造”缺少必需输入“电解液”"),
            ("electricity_method", "的电力按“省级电网平均因子”建模"),
            ("electricity_not_lifecycle", "范围为“发电环节”"),
            ("cutoff_basis", "占比基准“能量”不被规则接受（应为质量、碳足迹影响）"),
            ("allocation_method", "过程“材料供应”按质量分配，规则只允许按经济价值分配"),
            ("lifetime_parameters", "缺少可用能量、使用年限"),
            ("calculation_failed", "过程“电芯制造”的第 8 项输入（电力）：找不到因子 no.such.factor"),
        ],
    )
    def test_words(self, toy: Toy, source: StaticFactors, code: str, words: str) -> None:
        found, _, _ = broken_findings(toy, source, code)
        assert any(words in f.message_zh for f in found if f.code == code), [
            f.message_zh for f in found if f.code == code
        ]
