"""The safe loader: YAML and JSON constructs that would lose data or exhaust the machine are refused, located.

One table per input kind (YAML text, model files, JSON text); each row is a class of hostile input, its
expected location and the words of the message.
"""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from footprint.errors import ModelError
from footprint.model import load_model, read_model_text
from footprint.safeload import (
    MAX_ALIASES,
    MAX_DEPTH,
    InputRefused,
    Limits,
    load_json_text,
    load_yaml_text,
    read_text,
)

MODEL_DIR = Path(__file__).parent / "models"


def _bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# (id, text, where (regex), message (regex))
BAD_YAML = [
    ("repeated key", "a: 1\nb: 2\na: 3\n", r"a \(line 3, column 1\)", r"the key 'a' appears twice"),
    (
        "second top-level processes",
        "processes:\n  x: {}\nproduct: {}\nprocesses:\n  y: {}\n",
        r"processes \(line 4, column 1\)",
        "appears twice",
    ),
    (
        "repeated process id",
        "processes:\n  cell: {stage: use}\n  cell: {stage: production}\n",
        r"processes\.cell \(line 3, column 3\)",
        "'cell' appears twice",
    ),
    (
        "repeated amount in a flow mapping",
        "p:\n  inputs:\n  - {amount: 1, unit: kg, amount: 2}\n",
        r"p\.inputs\[0\]\.amount \(line 3, column 27\)",
        "'amount' appears twice",
    ),
    ("octal", "amount: 010\n", r"amount \(line 1, column 9\)", "octal"),
    ("negative octal", "amount: -010\n", r"amount", "octal"),
    ("hexadecimal", "amount: 0x10\n", r"amount", "another base"),
    ("binary", "amount: 0b101\n", r"amount", "another base"),
    ("sexagesimal int", "amount: 1:30\n", r"amount", "sexagesimal"),
    ("sexagesimal float", "amount: 1:30.5\n", r"amount", "sexagesimal"),
    ("underscores", "amount: 1_000\n", r"amount", "'_' separators"),
    ("alias bomb", _bomb(9, 9), r"a\d(\[\d+\])? \(line \d, column \d+\)", "aliases expand to more than"),
    (
        "too many aliases",
        "a: &a x\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n",
        r"b\[100\]",
        f"more than {MAX_ALIASES} aliases",
    ),
    ("undefined alias", "a: *nope\n", r"a \(line 1, column 4\)", "the alias \\*nope names no anchor"),
    ("merge key", "base: &b {x: 1}\nc:\n  <<: *b\n", r"c \(line 3, column 3\)", r"merge keys \(<<\)"),
    ("python tag", "a: !!python/object/apply:os.system [ls]\n", r"a \(line 1", "tag .* is not allowed"),
    ("custom tag", "a: !thing 1\n", r"a \(line 1", "tag .* is not allowed"),
    ("second document", "a: 1\n---\nb: 2\n", r"line 2, column 1", "more than one YAML document"),
    ("a list as key", "? [1, 2]\n: x\n", r"line 1", "a key must be a single value"),
    (
        "deep flow nesting",
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        r"a(\[0\])* \(line 1",
        f"nested deeper than the limit of {MAX_DEPTH}",
    ),
    (
        "deep block nesting",
        "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n",
        r"k0\.k1\.k2",
        f"nested deeper than the limit of {MAX_DEPTH}",
    ),
    ("malformed", "a: [1, 2\n", r"line 2, column 1", "not valid YAML"),
    ("huge integer", "a: " + "9" * 5000 + "\n", r"a \(line 1", "digits"),
]


class TestYamlRefusals:
    @pytest.mark.parametrize(
        ("text", "where", "message"), [c[1:] for c in BAD_YAML], ids=[c[0] for c in BAD_YAML]
    )
    def test_refused_with_location_and_reason(self, text: str, where: str, message: str) -> None:
        started = time.perf_counter()
        with pytest.raises(InputRefused) as info:
            load_yaml_text(text)
        assert time.perf_counter() - started < 5, "a refusal must be quick"
        assert re.match(where, info.value.where), info.value.where
        assert re.search(message, info.value.problem), info.value.problem

    def test_oversized_text_names_the_limit(self) -> None:
        with pytest.raises(InputRefused, match="more than the limit of 1,000"):
            load_yaml_text("a: " + "x" * 2000, limits=Limits(max_bytes=1000))


class TestYamlAccepted:
    @pytest.mark.parametrize(
        "text",
        [
            "a: 1.5\nb: yes\nc: 2024-01-01\nd: ~\ne: '010'\nf: .inf\ng: t*km\nh: 08\ni: 1e5\n",
            "j: -3\nk: +4\nl: ''\n",
            "- 1\n- x\n- [1, {a: b}]\n- !!str 010\n- 0\n- -0\n- 0.5\n- 10.\n",
            "anchor: &a {x: 1}\nuse: *a\n",
            "",
            "# a comment only\n",
            "t: 2024-01-02T03:04:05Z\n",
            "key with 'quote': \"value: 1\"\nn: null\nb: [true, False, on, OFF]\n",
        ],
    )
    def test_plain_yaml_reads_as_pyyaml_safe_load_does(self, text: str) -> None:
        assert load_yaml_text(text) == yaml.safe_load(text)

    @pytest.mark.parametrize(
        "path",
        sorted(MODEL_DIR.glob("*.yaml"))
        + sorted((Path(__file__).parents[2] / "products" / "examples").rglob("*.yaml")),
        ids=lambda p: p.name,
    )
    def test_every_model_and_example_reads_as_before(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert load_yaml_text(text) == yaml.safe_load(text)

    def test_alias_values_are_shared_not_copied(self) -> None:
        data = load_yaml_text("a: &a [1, 2]\nb: *a\n")
        assert data["b"] is data["a"]


class TestModelFiles:
    """The refusals reach the model's error with the file's name, from files and from the app's text."""

    def test_a_repeated_process_id_is_refused_not_last_one_wins(self, tmp_path: Path) -> None:
        text = (
            (MODEL_DIR / "battery_cell.yaml").read_text(encoding="utf-8")
            if (MODEL_DIR / "battery_cell.yaml").exists()
            else None
        )
        if text is None:
            text = next(MODEL_DIR.glob("*.yaml")).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        first = next(iter(data["processes"]))
        lines = text.splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip() == f"{first}:")
        block = [lines[start]]
        for line in lines[start + 1 :]:
            if line.startswith("    ") or not line.strip():
                block.append(line)
            else:
                break
        path = tmp_path / "twice.yaml"
        path.write_text("\n".join(lines[:start] + block + lines[start:]) + "\n", encoding="utf-8")
        with pytest.raises(
            ModelError,
            match=rf"(?s)twice\.yaml: 1 problem.*processes\.{first} \(line \d+, "
            rf"column 3\): the key '{first}' appears twice",
        ):
            load_model(path)

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda p: p.mkdir(), "is a directory, not a file"),
            (lambda p: None, "file not found"),
            (lambda p: p.write_bytes(b"a: \xff\xfe\n"), r"not UTF-8 text \(byte 3\)"),
        ],
        ids=["directory", "missing", "not utf-8"],
    )
    def test_a_file_that_cannot_be_read_is_named(self, tmp_path: Path, make: Any, message: str) -> None:
        path = tmp_path / "model.yaml"
        make(path)
        with pytest.raises(ModelError, match=rf"(?s)model\.yaml: 1 problem.*  - {message}"):
            load_model(path)

    def test_an_oversized_file_is_refused_before_reading(self, tmp_path: Path) -> None:
        path = tmp_path / "big.yaml"
        path.write_text("a: " + "x" * 5000, encoding="utf-8")
        with pytest.raises(InputRefused, match="5,003 bytes, more than the limit of 4,096"):
            read_text(path, limits=Limits(max_bytes=4096))

    def test_the_app_text_path_refuses_the_same(self) -> None:
        with pytest.raises(ModelError, match=r"(?s)<editor>: 1 problem.*appears twice"):
            read_model_text("a: 1\na: 2\n", file="<editor>")


# (id, text, message)
BAD_JSON = [
    ("duplicate key", '{"a": 1, "b": {"c": 1, "c": 2}}', "the key 'c' appears twice"),
    ("400 digits", '{"pcf": 1' + "0" * 400 + ".5}", "is not a finite number"),
    ("overflowing exponent", '{"pcf": 1e400}', "1e400 is not a finite number"),
    ("NaN", '{"pcf": NaN}', "NaN is not a finite number"),
    ("Infinity", '{"pcf": -Infinity}', "Infinity is not a finite number"),
    ("huge integer", '{"n": ' + "9" * 5000 + "}", "digits"),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, f"nested deeper than the limit of {MAX_DEPTH}"),
    ("deep objects", '{"a":' * 1000 + "1" + "}" * 1000, f"nested deeper than the limit of {MAX_DEPTH}"),
    ("malformed", '{"a": 1,}', r"not JSON text"),
    ("not utf-8", b'{"a": "\xff"}', r"not UTF-8 text \(byte 7\)"),
]


class TestJson:
    @pytest.mark.parametrize(("text", "message"), [c[1:] for c in BAD_JSON], ids=[c[0] for c in BAD_JSON])
    def test_refused_with_reason(self, text: str | bytes, message: str) -> None:
        with pytest.raises(InputRefused, match=message):
            load_json_text(text)

    def test_malformed_json_is_located(self) -> None:
        with pytest.raises(InputRefused) as info:
            load_json_text('{\n  "a": 1,\n}')
        assert info.value.where == "line 3, column 1"

    @pytest.mark.parametrize(
        "text", ['{"a": [1, 2.5, "[[[[", {"b": null}], "c": true}', "[]", '"x"', "1e300"]
    )
    def test_plain_json_reads_as_json_does(self, text: str) -> None:
        assert load_json_text(text) == json.loads(text)


class TestPactFiles:
    """A PACT file goes through the same JSON refusals, located under `$`."""

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('{"id": "a", "id": "b"}', "the key 'id' appears twice"),
            ('{"pcf": {"pcfExcludingBiogenicUptake": 1' + "0" * 400 + ".0}}", "is not a finite number"),
            ('{"pcf": ' * 5000 + "1" + "}" * 5000, "nested deeper than the limit of 32"),
        ],
        ids=["duplicate key", "400 digits", "deep nesting"],
    )
    def test_refused_before_validation(self, tmp_path: Path, text: str, message: str) -> None:
        from footprint.exchange.errors import PactImportError
        from footprint.exchange.pact_import import read_footprint

        path = tmp_path / "pf.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(PactImportError, match=message):
            read_footprint(path)

    @pytest.mark.parametrize(
        ("change", "path", "message"),
        [
            (
                lambda pcf: pcf.update(
                    referencePeriodStart="2024-01-01T00:00:00Z", referencePeriodEnd="2023-01-01T00:00:00Z"
                ),
                "$.pcf.referencePeriodEnd",
                "ends .* before it starts",
            ),
            (
                lambda pcf: pcf.update(ipccCharacterizationFactors=["AR7"]),
                "$.pcf.ipccCharacterizationFactors",
                "AR7: no GWP100 table of that report here",
            ),
        ],
        ids=["period ends before it starts", "unknown GWP set"],
    )
    def test_silently_accepted_data_is_refused(
        self, tmp_path: Path, change: Any, path: str, message: str
    ) -> None:
        from footprint.exchange.errors import PactImportError
        from footprint.exchange.pact_import import read_footprint
        from tests.exchange.test_pact_import import official

        doc = official(1)
        body = doc.get("data", doc)
        body = body[0] if isinstance(body, list) else body
        change(body["pcf"])
        file = tmp_path / "pf.json"
        file.write_text(json.dumps(body), encoding="utf-8")
        with pytest.raises(PactImportError) as info:
            read_footprint(file)
        assert any(p == path and re.search(message, why) for p, why in info.value.problems), info.value


class TestLocatedInsteadOfInternal:
    def test_a_gas_without_gwp_value_is_one_located_problem_among_the_others(self) -> None:
        from footprint.calculate import calculate
        from footprint.errors import ModelError
        from footprint.model import parse_model

        data = load_yaml_text(
            "format: pcf-model/1\nproduct: {id: p, name: p, functional_unit: 1 kg, reference_flow: "
            "{process: a, amount: 1, unit: kg}}\nprocesses:\n  a:\n    stage: production\n"
            "    output: {amount: 1, unit: kg}\n    inputs: [{factor: g, amount: 1, unit: kg}, "
            "{factor: nope.x, amount: 1, unit: kg}]\nfactors:\n  g: {gases: {CO2: 1, CH4_fossil: 0.1}, "
            "unit: kg, source: s}\n"
        )
        with pytest.raises(ModelError) as info:
            calculate(parse_model(data), None)  # no database: only CO2 has a GWP value
        paths = [i.path for i in info.value.issues]
        assert paths == ["factors.g.gases.CH4_fossil", "processes.a.inputs[1].factor"]


class TestFactorTables:
    """Factor CSV files: formula-looking text is neutralised on export and restored on import; a cell over
    the csv module's field limit is a row error, not an internal error."""

    def test_formula_text_is_neutralised_and_round_trips(self, tmp_path: Path) -> None:
        from factors.tableio import read_table, write_table

        row = {"a": "=cmd|' /C calc'!A0", "b": -0.5, "c": "-12", "d": "@SUM(1)", "e": "+1+1", "f": "-text"}
        path = write_table(tmp_path / "x.csv", list(row), [row])
        cells = next(csv.reader(path.read_text(encoding="utf-8").splitlines()[1:]))
        assert cells == ["'=cmd|' /C calc'!A0", "-0.5", "-12", "'@SUM(1)", "'+1+1", "'-text"]
        assert read_table(path).rows[0][1] == {k: str(v) for k, v in row.items()}

    def test_a_cell_over_the_field_limit_is_a_row_error(self, tmp_path: Path) -> None:
        from factors.errors import ImportValidationError
        from factors.tableio import read_table

        path = tmp_path / "big.csv"
        path.write_text("code,notes\nx1," + "x" * 200_000 + "\n", encoding="utf-8")
        with pytest.raises(ImportValidationError, match=r"big\.csv row 2.*field larger than field limit"):
            read_table(path)
