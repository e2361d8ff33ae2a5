"""Importing a supplier's PACT footprint as a model-local factor, and merging it into a model file."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from footprint.exchange.errors import MergeError, PactImportError
from footprint.exchange.model_merge import merge_factor, merge_into_file
from footprint.exchange.pact import pact_v2, pact_v3
from footprint.exchange.pact_import import (
    default_code,
    factor_from_footprint,
    read_footprint,
    unwrap,
    validate_with_openapi,
)
from footprint.exchange.study import Study
from footprint.model import parse_model
from tests.exchange.conftest import MODELS, OPTIONS, PACT


def official(n: int) -> dict:
    return json.loads((PACT / "v3" / f"example-{n}.json").read_text(encoding="utf-8"))


class TestFactorFromFootprint:
    @pytest.mark.parametrize("n", [1, 2, 3, 4])
    def test_official_v3_examples_become_valid_model_factors(self, n: int) -> None:
        doc = unwrap(official(n))
        factor = factor_from_footprint(doc)
        pcf = doc["pcf"]
        assert factor["value"] == pytest.approx(
            float(pcf["pcfExcludingBiogenicUptake"]) / float(pcf["declaredUnitAmount"])
        )
        assert factor["provenance"]["pact_id"] == doc["id"]
        assert factor["provenance"]["company_ids"] == doc["companyIds"]
        model = {
            "format": "pcf-model/1",
            "product": {
                "id": "x",
                "name": "x",
                "functional_unit": "1 kg",
                "reference_flow": {"process": "p", "amount": 1, "unit": "kg"},
            },
            "processes": {"p": {"stage": "production", "output": {"amount": 1, "unit": "kg"}}},
            "factors": {default_code(doc): factor},
        }
        lf = parse_model(model).factors[default_code(doc)]
        assert lf.provenance["spec_version"] == doc["specVersion"]
        assert lf.source.publisher == doc["companyName"]

    def test_units_and_gwp_are_mapped(self) -> None:
        doc = official(1)
        doc["pcf"].update(
            declaredUnitOfMeasurement="ton kilometer",
            declaredUnitAmount="2",
            pcfExcludingBiogenicUptake="0.5",
            ipccCharacterizationFactors=["AR5", "AR6"],
        )
        factor = factor_from_footprint(unwrap(doc))
        assert (factor["value"], factor["unit"], factor["gwp"]) == (0.25, "kg CO2e / t*km", "unspecified")
        assert "GWP sets AR5, AR6" in factor["notes"]

    def test_v2_footprint_is_imported(self) -> None:
        doc = read_footprint(PACT / "v2" / "get-footprint-response.json")
        factor = factor_from_footprint(doc)
        assert (factor["value"], factor["unit"], factor["gwp"]) == (1.63, "kg CO2e / L", "AR6")
        assert factor["reference_year"] == 2021  # referencePeriodEnd 2022-01-01T00:00:00Z

    @pytest.mark.parametrize("make", [pact_v3, pact_v2])
    def test_own_exports_round_trip(self, cathode: Study, make: Callable) -> None:
        factor = factor_from_footprint(unwrap(make(cathode, OPTIONS)))
        assert factor["value"] == pytest.approx(cathode.result.total, rel=1e-5)
        assert factor["unit"] == "kg CO2e / kg"


class TestBadFootprints:
    @pytest.mark.parametrize(
        ("change", "path", "why"),
        [
            (lambda d: d.pop("pcf"), "$.pcf", "required"),
            (
                lambda d: d["pcf"].update(declaredUnitAmount="1abc"),
                "$.pcf.declaredUnitAmount",
                "not a decimal",
            ),
            (lambda d: d["pcf"].update(declaredUnitAmount="0"), "$.pcf.declaredUnitAmount", "greater than 0"),
            (
                lambda d: d["pcf"].update(pcfExcludingBiogenicUptake="-0.3"),
                "$.pcf.pcfExcludingBiogenicUptake",
                "greater than 0",
            ),
            (
                lambda d: d["pcf"].update(declaredUnitOfMeasurement="gallon"),
                "$.pcf.declaredUnitOfMeasurement",
                "expected one of",
            ),
            (
                lambda d: d["pcf"].update(ipccCharacterizationFactors=["IPCC2021"]),
                "$.pcf.ipccCharacterizationFactors",
                "assessment reports",
            ),
            (
                lambda d: d["pcf"].update(referencePeriodEnd="2024-12-31"),
                "$.pcf.referencePeriodEnd",
                "RFC 3339",
            ),
            (lambda d: d.update(status="Deprecated"), "$.status", "Deprecated"),
            (lambda d: d.update(specVersion="1.0"), "$.specVersion", "spec version"),
            (lambda d: d.update(id="nope"), "$.id", "UUID"),
            (lambda d: d.update(companyIds=["company1"]), "$.companyIds[0]", "not a URN"),
            (lambda d: d.update(productNameCompany=""), "$.productNameCompany", "non-empty"),
        ],
    )
    def test_problems_are_named_with_their_json_path(self, change: Callable, path: str, why: str) -> None:
        doc = copy.deepcopy(official(1))
        change(doc)
        with pytest.raises(PactImportError, match=why) as exc:
            unwrap(doc, "supplier.json")
        assert path in [p for p, _ in exc.value.problems]
        assert str(exc.value).startswith("supplier.json: not an importable PACT ProductFootprint")

    def test_the_v2_negative_example_is_refused(self) -> None:
        with pytest.raises(PactImportError, match="a list of 1 footprints"):
            read_footprint(PACT / "v2" / "invalid-response-all-properties.json")
        doc = json.loads((PACT / "v2" / "invalid-response-all-properties.json").read_text(encoding="utf-8"))
        with pytest.raises(PactImportError) as exc:
            unwrap(doc["data"][0])
        assert exc.value.path == "$.updated"

    def test_official_schema_check_on_request(self) -> None:
        doc = copy.deepcopy(official(2))
        doc["pcf"]["referencePeriodStart"] = "yesterday"
        with pytest.raises(PactImportError) as exc:
            validate_with_openapi(doc, PACT / "v3" / "openapi.yaml")
        assert exc.value.path == "$.pcf.referencePeriodStart"
        validate_with_openapi(official(2), PACT / "v3" / "openapi.yaml")

    @pytest.mark.parametrize(
        ("text", "why"), [("{not json", "not JSON"), ("[1, 2]", "expected a JSON object")]
    )
    def test_unreadable_files(self, tmp_path: Path, text: str, why: str) -> None:
        path = tmp_path / "pf.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(PactImportError, match=why):
            read_footprint(path)
        with pytest.raises(PactImportError, match="file not found"):
            read_footprint(tmp_path / "missing.json")


class TestMerge:
    def test_supplier_pcf_feeds_the_cell_model(
        self, cathode: Study, tmp_path: Path, study_of: Callable[[Path], Study]
    ) -> None:
        """A cell maker uses its cathode supplier's declared PCF: the cell's footprint uses that value."""
        pf = tmp_path / "cathode-pcf.json"
        pf.write_text(json.dumps(pact_v3(cathode, OPTIONS)), encoding="utf-8")
        factor = factor_from_footprint(read_footprint(pf), source_name=pf.name)
        merged = merge_into_file(
            MODELS / "cell_with_supplier.yaml", "supplier.lfp-cathode", factor, tmp_path / "cell.yaml"
        )
        study = study_of(merged)
        used = study.result.by_factor["supplier.lfp-cathode"]
        assert used == pytest.approx(0.78 * cathode.result.total, rel=1e-5)
        assert study.model.factors["supplier.lfp-cathode"].provenance["pact_id"] == read_footprint(pf)["id"]
        text = merged.read_text(encoding="utf-8")
        assert "# keep me" in text and "# cathode material bought from the supplier" in text

    def test_merge_keeps_every_other_line(self) -> None:
        original = (MODELS / "cell_with_supplier.yaml").read_text(encoding="utf-8")
        merged = merge_factor(
            original, "new.code", {"value": 2.0, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "s"}
        )
        assert all(line in merged.splitlines() for line in original.splitlines())
        assert yaml.safe_load(merged)["factors"]["new.code"]["value"] == 2.0

    @pytest.mark.parametrize(
        ("text", "expected_factors"),
        [
            ("format: pcf-model/1\nnotes: x\n", {"c": {"value": 1.0}}),
            ("format: pcf-model/1\nfactors: {}\nnotes: x\n", {"c": {"value": 1.0}}),
            (
                "format: pcf-model/1\nfactors:\n    a: {value: 3}\n\nnotes: x",
                {"a": {"value": 3}, "c": {"value": 1.0}},
            ),
        ],
    )
    def test_merge_into_every_layout(self, text: str, expected_factors: dict) -> None:
        merged = yaml.safe_load(merge_factor(text, "c", {"value": 1.0}))
        assert merged["factors"] == expected_factors and merged["notes"] == "x"

    @pytest.mark.parametrize(
        ("text", "why"),
        [
            ("factors:\n  c: {value: 1}\n", "exists already"),
            ("factors: {a: {value: 1}}\n", "flow style"),
            ("- a list\n", "not a model file"),
            ("factors: [1]\n", "not a mapping"),
        ],
    )
    def test_merge_refuses_what_it_cannot_do_safely(self, text: str, why: str) -> None:
        with pytest.raises(MergeError, match=why):
            merge_factor(text, "c", {"value": 1.0})

    def test_merged_model_is_a_new_file(self, tmp_path: Path) -> None:
        model = tmp_path / "m.yaml"
        model.write_text((MODELS / "cell_with_supplier.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        factor = {"value": 1.0, "unit": "kg CO2e / kg", "gwp": "AR6", "source": "s"}
        with pytest.raises(MergeError, match="new file"):
            merge_into_file(model, "c", factor, model)
        with pytest.raises(MergeError, match="not a valid model factor"):
            merge_into_file(
                model, "c", {"value": 1.0, "unit": "kg CO2e / kg", "source": "s"}, tmp_path / "n.yaml"
            )
        assert not (tmp_path / "n.yaml").exists()
