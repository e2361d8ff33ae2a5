"""The published JSON Schema of `pcf-model/1` agrees with the examples, the committed file, the validator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from footprint.model_schema import model_schema, schema_text
from footprint.model_validate import ModelValidator
from footprint.safeload import load_yaml_file

ROOT = Path(__file__).parents[2]
SCHEMA_FILE = ROOT / "docs" / "pcf-model-1.schema.json"
MODEL_FILES = sorted(
    p
    for p in [*(ROOT / "products" / "examples").rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")]
    if "format: pcf-model/1" in p.read_text(encoding="utf-8")
)
PEDIGREE = {"reliability": 1, "completeness": 2, "temporal": 3, "geographical": 2, "technological": 1}
CITATION = {"title": "T", "publisher": "P", "year": 2024, "url": "https://example.org", "location": "Table 1"}

# Every object of the format, so that every `keys(...)` check of the validator runs once.
EVERYTHING: dict[str, Any] = {
    "format": "pcf-model/1",
    "product": {
        "id": "all-keys",
        "name": {"zh": "全部", "en": "all keys"},
        "category": "battery.cell",
        "functional_unit": "1 piece",
        "reference_flow": {"process": "cell", "amount": 1, "unit": "piece"},
        "geography": "CN",
        "reference_year": 2025,
        "gwp": "AR6",
        "description": {"zh": "描述", "en": "text"},
        "manufacturer": {"name": "M"},
        "plant": {"name": "P"},
        "mass": {"amount": 5, "unit": "kg"},
        "reference_period": {"start": "2025-01-01", "end": "2025-12-31"},
        "battery": {
            "chemistry": "LFP",
            "rated_energy": {"amount": 0.9, "unit": "kWh"},
            "rated_capacity": "280 Ah",
            "cycles_per_year": 60,
            "service_years": 8,
            "usable_energy": "0.8 kWh",
            "application": "ESS",
        },
    },
    "factor_release": "2026.1",
    "notes": "all keys",
    "end_of_life": {"method": "cut_off", "note": "n"},
    "offsets": [{"amount": 1, "unit": "kg", "scheme": "CCER", "source": "s", "note": "n"}],
    "processes": {
        "cell": {
            "name": {"zh": "电芯", "en": "cell"},
            "stage": "production",
            "geography": "CN",
            "notes": "n",
            "role": "cell_assembly",
            "output": {"amount": 1, "unit": "piece", "price": 10, "mass": {"amount": 5, "unit": "kg"}},
            "co_products": [
                {"id": "scrap", "name": "Scrap", "amount": 0.1, "unit": "kg", "price": 1, "mass": "0.1 kg"}
            ],
            "allocation": {"shares": {"cell": 0.9, "scrap": 0.1}},
            "inputs": [
                {
                    "process": "cathode",
                    "amount": 2,
                    "unit": "kg",
                    "pedigree": PEDIGREE,
                    "source": CITATION,
                    "uncertainty": {"distribution": "lognormal", "gsd": 1.1},
                    "note": "n",
                    "mass": "2 kg",
                    "name": "cathode",
                    "role": "cathode_active_material",
                    "bom": True,
                },
                {
                    "factor": "lf1",
                    "amount": 1,
                    "unit": "kg",
                    "uncertainty": {"distribution": "normal", "sd": 0.1},
                    "recycled_content": {
                        "share": 0.2,
                        "factor": "lf3",
                        "quality_ratio": 0.9,
                        "A": 0.5,
                        "material": "Al",
                        "source": "s",
                        "note": "n",
                    },
                },
                {
                    "factor": "lf2",
                    "amount": 1,
                    "unit": "kg",
                    "uncertainty": {"distribution": "triangular", "min": 0.5, "max": 1.5},
                },
                {
                    "factor": "lf2",
                    "amount": 1,
                    "unit": "kg",
                    "uncertainty": {"distribution": "uniform", "min": 0.5, "max": 1.5},
                },
                {"process": "eol", "amount": 1, "unit": "piece"},
            ],
            "emissions": [
                {
                    "gas": "CH4",
                    "amount": 0.1,
                    "unit": "kg",
                    "pedigree": PEDIGREE,
                    "source": "s",
                    "note": "n",
                    "uncertainty": {"distribution": "lognormal", "gsd": 1.2},
                }
            ],
            "removals": [{"gas": "CO2_biogenic", "amount": 0.1, "unit": "kg", "source": "s", "note": "n"}],
        },
        "cathode": {"stage": "raw_materials", "output": {"amount": 1, "unit": "kg"}},
        "eol": {
            "stage": "end_of_life",
            "output": {"amount": 1, "unit": "piece"},
            "fate": "recycling.hydrometallurgical",
            "substitutes": [
                {
                    "material": "Li",
                    "amount": 0.1,
                    "unit": "kg",
                    "factor": "lf1",
                    "quality_ratio": 0.9,
                    "A": 0.5,
                    "source": "s",
                    "note": "n",
                }
            ],
            "cff": {"A": 0.5, "B": 0, "source": "s", "note": "n"},
        },
    },
    "factors": {
        "lf1": {
            "value": 2,
            "unit": "kg CO2e / kg",
            "gwp": "AR6",
            "source": CITATION,
            "name": "n",
            "geography": "CN",
            "reference_year": 2024,
            "uncertainty": {"distribution": "lognormal", "gsd": 1.1},
            "pedigree": PEDIGREE,
            "provenance": {"kind": "supplier"},
            "notes": "n",
        },
        "lf2": {"gases": {"CO2": 1, "CH4": 0.01}, "unit": "kg", "source": "s"},
        "lf3": {
            "value": 0,
            "reason": "burden-free recycled input",
            "unit": "kg CO2e / kg",
            "gwp": "AR6",
            "source": "s",
        },
    },
    "cutoff": [{"flow": "glue", "reason": "below 0.1 %", "share": 0.001, "basis": "mass"}],
}


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


class TestPublishedSchema:
    def test_the_committed_file_is_the_generated_schema(self) -> None:
        assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
            "regenerate: pcf schema model > docs/pcf-model-1.schema.json"
        )

    def test_it_is_a_valid_draft_2020_12_schema(self) -> None:
        jsonschema.Draft202012Validator.check_schema(model_schema())

    @pytest.mark.slow  # runs the CLI as a subprocess
    def test_the_cli_prints_it(self) -> None:
        done = (
            subprocess.run(
                [sys.executable, "-m", "pcf_cli.__main__", "schema", "model"],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
            if (ROOT / "pcf_cli" / "__main__.py").exists()
            else subprocess.run(
                [sys.executable, "-c", "from pcf_cli import app; app()", "schema", "model"],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=False,
            )
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == schema_text()

    @pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
    def test_every_example_model_validates(self, path: Path) -> None:
        data = json.loads(json.dumps(load_yaml_file(path), default=str))  # dates as the YAML server sees them
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(data)]
        assert not errors

    def test_there_are_examples(self) -> None:
        assert len(MODEL_FILES) >= 6

    def test_the_model_with_every_key_is_valid_for_both(self) -> None:
        v = ModelValidator("all.yaml")
        assert v.model(EVERYTHING) is not None
        assert v.issues == []
        assert list(_validator().iter_errors(EVERYTHING)) == []

    @pytest.mark.parametrize(
        ("where", "value"),
        [
            ("processes.cell.stagee", "production"),
            ("processes.cell.stage", "making"),
            ("product.gwp", "AR7"),
            ("processes.cell.inputs", [{"amount": 1, "unit": "kg"}]),
            ("processes.cell.inputs", [{"process": "cathode", "factor": "x", "amount": 1, "unit": "kg"}]),
            ("processes.cell.emissions", [{"gas": "CO3", "amount": 1, "unit": "kg"}]),
            ("processes.cell.output", {"amount": 0, "unit": "kg"}),
            ("processes.bad id", {"stage": "use", "output": {"amount": 1, "unit": "kg"}}),
            ("format", "pcf-model/2"),
        ],
    )
    def test_what_the_validator_refuses_the_schema_refuses(self, where: str, value: Any) -> None:
        data = json.loads(json.dumps(EVERYTHING))
        *parents, last = where.split(".")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
        assert list(_validator().iter_errors(data)), "the schema accepts it"
        v = ModelValidator("m.yaml")
        v.model(data)
        assert v.issues, "the validator accepts it"

    def test_x_keys_are_allowed_everywhere(self) -> None:
        data = json.loads(json.dumps(EVERYTHING))
        data["x-tool"] = {"a": 1}
        data["processes"]["cell"]["x-gaps"] = []
        data["processes"]["cell"]["inputs"][0]["x-note"] = "kept"
        assert list(_validator().iter_errors(data)) == []


class _Recorder(ModelValidator):
    """Records every `keys(...)` check: the path, the allowed and the required keys."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.checked: list[tuple[str, frozenset[str], frozenset[str]]] = []

    def keys(self, d: Mapping[str, Any], path: str, allowed: Any, required: Any = frozenset()) -> None:
        self.checked.append((path, frozenset(allowed), frozenset(required)))
        super().keys(d, path, allowed, required)


def _branches(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """`node` and what it may be through $ref, anyOf and oneOf."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    yield node
    for key in ("anyOf", "oneOf"):
        for branch in node.get(key, ()):
            yield from _branches(schema, branch)


def _at(schema: Mapping[str, Any], path: str) -> list[Mapping[str, Any]]:
    """The object schemas that describe the value at `path` (``processes.cell.inputs[0]``)."""
    nodes: list[Mapping[str, Any]] = [schema]
    for token in re.findall(r"\[\d+\]|[^.\[\]]+", path):
        following: list[Mapping[str, Any]] = []
        for branch in (b for n in nodes for b in _branches(schema, n)):
            if token.startswith("["):
                following += [branch["items"]] if "items" in branch else []
            elif token in branch.get("properties", {}):
                following.append(branch["properties"][token])
            elif isinstance(branch.get("additionalProperties"), Mapping):
                following.append(branch["additionalProperties"])
        nodes = following
    return [b for n in nodes for b in _branches(schema, n) if "properties" in b]


class TestSchemaFollowsTheValidator:
    """A key added to the validator and not to the schema (or the other way round) fails here."""

    def test_every_checked_object_has_the_same_keys_in_the_schema(self) -> None:
        recorder = _Recorder("all.yaml")
        recorder.model(EVERYTHING)
        schema = model_schema()
        assert len(recorder.checked) >= 25
        problems = []
        for path, allowed, required in recorder.checked:
            candidates = _at(schema, path)
            shapes = [(set(c["properties"]), set(c.get("required", ()))) for c in candidates]
            if (set(allowed), set(required)) not in shapes:
                problems.append(
                    f"{path or '<root>'}: validator {sorted(allowed)} required {sorted(required)}; "
                    f"schema {[(sorted(a), sorted(r)) for a, r in shapes]}"
                )
        assert not problems, "\n".join(problems)
