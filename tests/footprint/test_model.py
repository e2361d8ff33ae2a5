"""Loading `pcf-model/1` files: the objects built, every problem named with its path, the model hash."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from footprint import ModelError, Stage, load_model, parse_model
from footprint.model import Pedigree, Uncertainty, parse_model_lenient
from tests.footprint.toys import MODELS, fac, model, proc, process


def base() -> dict[str, Any]:
    return model(
        {
            "a": process("production", (1, "piece"), [proc("b", 2, "kg"), fac("steel", 1, "kg")]),
            "b": process("raw_materials", (1, "kg"), [fac("elec", 3, "kWh")]),
        }
    )


def with_change(path: str, value: Any) -> dict[str, Any]:
    """`base()` with the value at a dotted path (list indices as [i]) set; value `...` deletes the key."""
    data = copy.deepcopy(base())
    keys = [int(k) if k.isdigit() else k for k in re.split(r"\.|\[|\]\.?", path) if k != ""]
    target = data
    for key in keys[:-1]:
        target = target[key]
    if value is ...:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return data


class TestValidModel:
    def test_the_file_becomes_immutable_objects(self) -> None:
        m = load_model(MODELS / "toy.yaml")
        cell = m.processes["cell"]
        product = m.product
        assert (product.id, product.reference_flow.process, product.gwp.value) == ("toy-cell", "cell", "AR6")
        assert cell.stage is Stage.PRODUCTION and cell.geography == "CN-JX"
        assert [(i.process, i.factor, i.amount, i.unit) for i in cell.inputs] == [
            ("cathode", None, 2.05, "kg"),
            (None, "elec", 0.03, "MWh"),
            (None, "my.separator", 0.1, "m^2"),
            (None, "truck", 0.5, "t*km"),
        ]
        assert cell.inputs[1].path == "processes.cell.inputs[1]"
        assert cell.inputs[1].uncertainty == Uncertainty("lognormal", gsd=1.2)
        assert m.processes["cathode"].inputs[2].pedigree == Pedigree(2, 2, 1, 1, 2)
        with pytest.raises(AttributeError):
            m.product.id = "other"  # type: ignore[misc]

    def test_a_local_intensity_is_converted_to_kg_co2e_per_reference_unit(self) -> None:
        sep = load_model(MODELS / "toy.yaml").factors["my.separator"]
        assert (sep.value, sep.unit, sep.basis, sep.gwp) == (pytest.approx(0.9), "m^2", "CO2e", "AR6")

    def test_x_prefixed_keys_are_kept_and_ignored(self) -> None:
        data = base() | {"x-owner": "lab"}
        data["processes"]["a"]["x-note"] = {"anything": [1, 2]}
        assert parse_model(data).data["x-owner"] == "lab"


BAD_INPUTS = [
    # (path changed, new value, path named in the error, message)
    ("processes.a.inputs[0].amount", -1, "processes.a.inputs[0].amount", "must be >= 0.*negative amounts"),
    ("processes.a.inputs[0].amount", "abc", "processes.a.inputs[0].amount", "expected a number, got 'abc'"),
    (
        "processes.a.inputs[0].amount",
        float("nan"),
        "processes.a.inputs[0].amount",
        "expected a finite number",
    ),
    ("processes.a.inputs[1].unit", "kgg", "processes.a.inputs[1].unit", "unknown unit 'kgg'"),
    ("processes.a.inputs[1].unit", "", "processes.a.inputs[1].unit", "a unit is required"),
    ("processes.a.inputs[0].process", "nope", "processes.a.inputs[0].process", "missing process 'nope'"),
    ("processes.a.inputs[0].inputz", 3, "processes.a.inputs[0].inputz", "unknown key"),
    ("processes.a.inputz", [], "processes.a.inputz", "unknown key; expected one of .*inputs"),
    ("processes.a.stage", "making", "processes.a.stage", "'making' is not one of raw_materials"),
    ("processes.a.output.amount", 0, "processes.a.output.amount", "must be > 0"),
    ("processes.a.output", ..., "processes.a.output", "required"),
    (
        "product.reference_flow.process",
        "ghost",
        "product.reference_flow.process",
        "names no process.*'ghost'",
    ),
    ("product.reference_flow.amount", 0, "product.reference_flow.amount", "must be > 0"),
    ("product.gwp", "AR7", "product.gwp", "'AR7' is not one of AR4, AR5, AR6"),
    ("product.id", "bad id!", "product.id", "letters, digits"),
    ("format", "pcf-model/2", "format", "expected 'pcf-model/1', got 'pcf-model/2'"),
    ("format", ..., "format", "required"),
    ("product.referense_flow", {}, "product.referense_flow", "unknown key"),
    (
        "processes.b.inputs[0].uncertainty",
        {"distribution": "lognormal", "gsd": 0.9},
        "processes.b.inputs[0].uncertainty.gsd",
        "must be > 1",
    ),
    (
        "processes.b.inputs[0].uncertainty",
        {"distribution": "triangular", "min": 4, "max": 5},
        "processes.b.inputs[0].uncertainty",
        r"the amount 3 lies outside \[4, 5\]",
    ),
    (
        "processes.b.inputs[0].uncertainty",
        {"distribution": "gamma"},
        "processes.b.inputs[0].uncertainty.distribution",
        "'gamma' is not one of lognormal",
    ),
    (
        "processes.b.inputs[0].pedigree",
        {"reliability": 6, "completeness": 1, "temporal": 1, "geographical": 1, "technological": 1},
        "processes.b.inputs[0].pedigree.reliability",
        r"whole number 1…5, got 6",
    ),
    (
        "processes.b.emissions",
        [{"gas": "CO3", "amount": 1, "unit": "kg"}],
        "processes.b.emissions[0].gas",
        "unknown gas 'CO3'",
    ),
    (
        "processes.b.emissions",
        [{"gas": "CO2", "amount": 1, "unit": "kWh"}],
        "processes.b.emissions[0].unit",
        "an emission is a mass of gas",
    ),
    (
        "processes.b.inputs[0]",
        {"amount": 1, "unit": "kg"},
        "processes.b.inputs[0]",
        "exactly one of `process`.*or `factor`",
    ),
    ("processes.b.allocation", "mass", "processes.b.allocation", "allocation needs co_products"),
]


class TestBadInputs:
    @pytest.mark.parametrize(
        ("where", "value", "path", "message"), BAD_INPUTS, ids=[f"{c[0]}={c[1]!r}" for c in BAD_INPUTS]
    )
    def test_the_error_names_the_path_and_the_problem(
        self, where: str, value: Any, path: str, message: str
    ) -> None:
        with pytest.raises(ModelError, match=rf"(?m)^  - {re.escape(path)}: .*{message}") as info:
            parse_model(with_change(where, value), file="m.yaml")
        assert str(info.value).startswith("m.yaml: ")
        assert path in [i.path for i in info.value.issues]

    def test_every_problem_is_reported_at_once(self) -> None:
        data = with_change("processes.a.inputs[0].amount", -1)
        data["processes"]["b"]["inputs"][0]["unit"] = "kgg"
        data["processes"]["b"]["stagee"] = "use"
        data["format"] = "pcf-model/9"
        _model, issues = parse_model_lenient(data)
        assert sorted(i.path for i in issues) == [
            "format",
            "processes.a.inputs[0].amount",
            "processes.b.inputs[0].unit",
            "processes.b.stagee",
        ]
        with pytest.raises(ModelError, match="4 problem"):
            parse_model(data)

    @pytest.mark.parametrize(
        ("text", "where"),
        [
            ("format: pcf-model/1\nproduct:\n\tid: x\n", "line 3, column 1"),  # a tab indents line 3
            ("format: pcf-model/1\nproduct:\n  id: x\n    name: y\n", "line 4, column 9"),  # ':' after 'name'
        ],
    )
    def test_malformed_yaml_names_line_and_column(self, tmp_path: Path, text: str, where: str) -> None:
        path = tmp_path / "broken.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ModelError, match=rf"broken\.yaml: .*\n  - {where}: not valid YAML"):
            load_model(path)

    def test_a_missing_file_is_named(self, tmp_path: Path) -> None:
        with pytest.raises(ModelError, match=r"(?s)nope\.yaml: .*  - file not found"):
            load_model(tmp_path / "nope.yaml")

    @pytest.mark.parametrize("data", [[1, 2], "text", None])
    def test_a_file_that_is_not_a_mapping_is_refused(self, data: Any) -> None:
        with pytest.raises(ModelError, match="expected a mapping"):
            parse_model(data)


YES_NO_TEXT = """format: pcf-model/1
product:
  id: p
  name: P
  functional_unit: 1 kg
  reference_flow: {process: main, amount: 1, unit: kg}
  geography: CN
processes:
  main:
    stage: production
    output: {amount: 1, unit: kg}
    inputs:
    - {factor: local.steel, amount: 1, unit: kg}
factors:
  local.steel: {value: 2, unit: kg CO2e / kg, gwp: AR6, source: {title: test}}
"""
YES_NO_CASES = [  # (what the user wrote instead, the path the message names)
    (("geography: CN", "geography: NO"), "product.geography"),  # Norway
    (("  main:\n", "  on:\n"), "processes.True"),
    (("{factor: local.steel,", "{factor: off,"), "processes.main.inputs[0].factor"),
    (("  local.steel: {", "  yes: {"), "factors.True"),
]


class TestTextReadAsTrueOrFalse:
    """YAML 1.1 reads unquoted yes/no/on/off as booleans: where text was meant, the message says so."""

    @pytest.mark.parametrize(("change", "path"), YES_NO_CASES, ids=[c[1] for c in YES_NO_CASES])
    def test_the_message_names_the_trap_and_the_fix(
        self, tmp_path: Path, change: tuple[str, str], path: str
    ) -> None:
        assert change[0] in YES_NO_TEXT
        file = tmp_path / "m.yaml"
        file.write_text(YES_NO_TEXT.replace(*change), encoding="utf-8")
        with pytest.raises(ModelError) as info:
            load_model(file)
        mine = [i for i in info.value.issues if i.path == path]
        assert mine, info.value.issues
        assert "YAML reads an unquoted yes, no, on, off, true or false" in mine[0].message
        assert "put the text in quotes" in mine[0].message

    def test_the_file_calculates_once_quoted(self, tmp_path: Path) -> None:
        file = tmp_path / "m.yaml"
        file.write_text(YES_NO_TEXT.replace("geography: CN", "geography: 'NO'"), encoding="utf-8")
        assert load_model(file).product.geography == "NO"


class TestModelHash:
    def test_key_order_and_layout_do_not_change_the_hash(self) -> None:
        a, b = load_model(MODELS / "toy.yaml"), load_model(MODELS / "toy_reordered.yaml")
        assert len(a.hash) == 64
        assert a.hash == b.hash

    def test_changing_one_amount_changes_the_hash(self, tmp_path: Path) -> None:
        text = (MODELS / "toy.yaml").read_text(encoding="utf-8")
        assert text.count("amount: 2.05") == 1
        changed = tmp_path / "toy.yaml"
        changed.write_text(text.replace("amount: 2.05", "amount: 2.06"), encoding="utf-8")
        assert load_model(changed).hash != load_model(MODELS / "toy.yaml").hash

    def test_the_file_name_is_not_part_of_the_hash(self, tmp_path: Path) -> None:
        copy_ = tmp_path / "renamed.yaml"
        copy_.write_text((MODELS / "toy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        assert load_model(copy_).hash == load_model(MODELS / "toy.yaml").hash
