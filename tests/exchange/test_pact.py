"""PACT ProductFootprint export, v3 and v2.3: valid against the official schemas, filled from real data."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from footprint.exchange.errors import InvalidDeclaration, MissingData
from footprint.exchange.options import ExportOptions
from footprint.exchange.pact import V3_DECIMALS, check_decimals, pact_v2, pact_v3
from footprint.exchange.study import Study
from tests.exchange.conftest import (
    CERT,
    CREATED,
    EXAMPLES,
    FIXTURES,
    OPTIONS,
    PACT,
    model_data,
    model_id,
    study_from_data,
)

COMPLETE = [p for p in FIXTURES if p.name in ("lfp_cell.yaml", "lfp_cathode.yaml")]


def errors_of(validator, doc: dict) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


class TestOfficialSchema:
    """The schema as the tests use it: the four official v3 examples pass, the v2 negative example fails."""

    @pytest.mark.parametrize("n", [1, 2, 3, 4])
    def test_official_v3_examples_are_valid(self, pact_validator: Callable, n: int) -> None:
        doc = json.loads((PACT / "v3" / f"example-{n}.json").read_text(encoding="utf-8"))
        assert errors_of(pact_validator("v3"), doc) == []

    def test_official_v2_example_is_valid(self, pact_validator: Callable) -> None:
        doc = json.loads((PACT / "v2" / "get-footprint-response.json").read_text(encoding="utf-8"))["data"]
        assert errors_of(pact_validator("v2"), doc) == []

    def test_v2_invalid_example_fails_format_checking(self, pact_validator: Callable) -> None:
        doc = json.loads((PACT / "v2" / "invalid-response-all-properties.json").read_text(encoding="utf-8"))
        errors = errors_of(pact_validator("v2"), doc["data"][0])
        assert any(e.startswith("updated:") and "date-time" in e for e in errors)


# Examples that PACT refuses today, with the fields they lack ('Wp' has no PACT unit and the PV template names
# no manufacturer; the lithium carbonate models give no UN CPC code, which v2.3 requires and no cited
# classification gives). Filling one changes this. The battery cells, the pack and the LFP cathode export.
REFUSED_EXAMPLES = {
    "pv-module.yaml": {"pcf.declaredUnitOfMeasurement", "companyName"},
}
REFUSED_V2_EXAMPLES = {
    **REFUSED_EXAMPLES,
    "li2co3-lepidolite.yaml": {"productCategoryCpc"},
    "li2co3-recycled-lfp.yaml": {"productCategoryCpc"},
}
BATTERY_EXAMPLES = [
    p
    for p in EXAMPLES
    if p.stem in ("lfp-cell", "lfp-pack", "ncm811-cell", "lfp-cathode", "li2co3-recycled-lfp")
]


class TestV3:
    @pytest.mark.parametrize("path", COMPLETE, ids=model_id)
    def test_fixture_exports_are_valid(
        self, study_of: Callable, pact_validator: Callable, path: Path
    ) -> None:
        doc = pact_v3(study_of(path), OPTIONS)
        assert errors_of(pact_validator("v3"), doc) == []
        check_decimals(doc, V3_DECIMALS)

    @pytest.mark.parametrize("path", EXAMPLES, ids=model_id)
    def test_example_models_export_or_name_what_is_missing(
        self, study_of: Callable, pact_validator: Callable, path: Path
    ) -> None:
        """An example exports a valid document, or is refused naming exactly the fields it cannot fill."""
        refused = REFUSED_EXAMPLES.get(path.name)
        if refused is None:
            doc = pact_v3(study_of(path), OPTIONS)
            assert errors_of(pact_validator("v3"), doc) == []
            return
        with pytest.raises(MissingData) as exc:
            pact_v3(study_of(path), OPTIONS)
        assert {g.field for g in exc.value.gaps} == refused
        assert all(g.model_path for g in exc.value.gaps), exc.value

    @pytest.mark.parametrize("path", BATTERY_EXAMPLES, ids=model_id)
    def test_battery_examples_export(self, study_of: Callable, pact_validator: Callable, path: Path) -> None:
        """The battery examples are no longer refused: a valid document with a derived carbon content."""
        doc = pact_v3(study_of(path), OPTIONS)
        assert errors_of(pact_validator("v3"), doc) == []
        check_decimals(doc, V3_DECIMALS)
        assert "Carbon content derived from the bill of materials" in doc["comment"]

    def test_figures_come_from_the_result(self, cell: Study) -> None:
        r = cell.result
        pcf = pact_v3(cell, OPTIONS)["pcf"]
        bio_co2, bio_ch4 = r.by_gas["CO2_biogenic"], r.by_gas["CH4_biogenic"]
        assert float(pcf["pcfExcludingBiogenicUptake"]) == pytest.approx(r.total, rel=1e-5)
        assert float(pcf["fossilGhgEmissions"]) == pytest.approx(r.total - bio_co2 - bio_ch4, rel=1e-5)
        assert float(pcf["biogenicNonCO2Emissions"]) == pytest.approx(bio_ch4, rel=1e-5)
        assert pcf["pcfIncludingBiogenicUptake"] == pcf["pcfExcludingBiogenicUptake"]  # no biogenic carbon
        outbound = float(pcf["outboundLogisticsGhgEmissions"])
        assert outbound == pytest.approx(r.by_stage["distribution"], rel=1e-5)
        assert float(pcf["primaryDataShare"]) == pytest.approx(100 * r.primary_data_share, rel=1e-5)
        assert pcf["packagingEmissionsIncluded"] is True
        assert float(pcf["packagingGhgEmissions"]) == pytest.approx(
            cell.contribution_by_path()["processes.cell_assembly.inputs[4]"], rel=1e-5
        )

    def test_product_data_come_from_the_model(self, cell: Study) -> None:
        doc = pact_v3(cell, OPTIONS)
        pcf = doc["pcf"]
        assert doc["companyName"] == "宜春测试电池有限公司"
        assert doc["companyIds"] == ["urn:pact:pcf-platform.org:cn-uscc:91360900MA38N0T01X"]
        assert doc["productIds"] == ["urn:pact:pcf-platform.org:product-id:fixture-lfp-cell-100ah"]
        assert (pcf["declaredUnitOfMeasurement"], pcf["declaredUnitAmount"]) == ("kilowatt hour", "1")
        assert pcf["productMassPerDeclaredUnit"] == "6.25"  # 2 kg per cell × 3.125 cells per kWh
        assert pcf["geographyCountrySubdivision"] == "CN-JX"  # plant at CN-JX-YC
        assert (pcf["referencePeriodStart"], pcf["referencePeriodEnd"]) == (
            "2024-01-01T00:00:00Z",
            "2025-01-01T00:00:00Z",
        )
        assert pcf["fossilCarbonContent"] == "0.35"
        assert pcf["ipccCharacterizationFactors"] == ["AR6"]
        assert doc["created"] == "2025-05-01T00:00:00Z"
        assert "dqi" not in pcf and "dqi left out" in doc["comment"]
        assert "0.25 kg biogenic CO2" in doc["comment"]

    def test_the_same_study_gives_the_same_id(self, cell: Study) -> None:
        assert pact_v3(cell, OPTIONS)["id"] == pact_v3(cell, ExportOptions())["id"]
        given = "12345678-9abc-def0-1234-567812345678"
        assert pact_v3(cell, ExportOptions(pf_id=given))["id"] == given

    def test_certification_gives_verification(self, cell: Study) -> None:
        pcf = pact_v3(cell, ExportOptions(created=CREATED, certification=CERT))["pcf"]
        assert pcf["verification"] == {
            "coverage": "product level",
            "comments": "certificate CQC-TEST-2025-0001",
            "providerName": "测试认证机构",
            "completedAt": "2025-06-01T00:00:00Z",
        }

    def test_dqi_when_every_contribution_is_scored(self, factor_db: str, pact_validator: Callable) -> None:
        data = model_data("lfp_cathode.yaml")
        ped = {"reliability": 2, "completeness": 2, "temporal": 1, "geographical": 2, "technological": 3}
        for process in data["processes"].values():
            for item in process.get("inputs", []) + process.get("emissions", []):
                item["pedigree"] = ped
        doc = pact_v3(study_from_data(data, factor_db), OPTIONS)
        assert doc["pcf"]["dqi"] == {"technologicalDQR": "3", "geographicalDQR": "2", "temporalDQR": "1"}
        assert errors_of(pact_validator("v3"), doc) == []

    def test_missing_product_data_are_listed_at_once(self, factor_db: str) -> None:
        data = model_data("lfp_cathode.yaml")
        for key in ("manufacturer", "reference_period", "reference_year"):
            del data["product"][key]
        del data["x-pact"]
        with pytest.raises(MissingData) as exc:
            pact_v3(study_from_data(data, factor_db), OPTIONS)
        paths = {g.model_path for g in exc.value.gaps}
        # carbon content: derived from the bill of materials, which names the one material it cannot know
        assert paths == {
            "product.manufacturer.name",
            "product.reference_period",
            "processes.synthesis.inputs[1]",
        }
        assert "fixture.fepo4: carbon mass fraction unknown" in str(exc.value)

    @pytest.mark.parametrize(
        ("change", "path", "why"),
        [
            (
                lambda d: d["product"].update(functional_unit="1 Ah of capacity"),
                "product.functional_unit",
                "converts to none of",
            ),
            (lambda d: d["product"].pop("mass"), "product.mass", "mass of one unit"),
            (
                lambda d: d["x-pact"].update(fossil_carbon_content=-1),
                "x-pact.fossil_carbon_content",
                "number >= 0",
            ),
            (
                lambda d: d["x-pact"].update(product_classifications="46410"),
                "x-pact.product_classifications",
                "list of URNs",
            ),
            (
                lambda d: d["x-pact"].update(packaging_emissions_included=False),
                "x-pact.packaging_emissions_included",
                "role 'packaging'",
            ),
        ],
    )
    def test_bad_model_data_are_refused_with_their_path(
        self, factor_db: str, change: Callable, path: str, why: str
    ) -> None:
        data = model_data("lfp_cell.yaml")
        change(data)
        with pytest.raises(MissingData, match=why) as exc:
            pact_v3(study_from_data(data, factor_db), OPTIONS)
        assert path in {g.model_path for g in exc.value.gaps}

    def test_company_id_rule_when_the_model_has_none(self, factor_db: str) -> None:
        data = model_data("lfp_cathode.yaml")
        data["product"]["manufacturer"] = {"name": "Some supplier"}
        doc = pact_v3(study_from_data(data, factor_db), OPTIONS)
        assert doc["companyIds"] == ["urn:pact:pcf-platform.org:unidentified-company:fixture-lfp-cathode"]
        assert "product.manufacturer.id" in doc["comment"]

    def test_a_bad_footprint_id_is_refused(self, cell: Study) -> None:
        with pytest.raises(MissingData, match="must be a UUID"):
            pact_v3(cell, ExportOptions(pf_id="not-a-uuid"))

    def test_decimal_rules_are_enforced(self, cell: Study) -> None:
        doc = copy.deepcopy(pact_v3(cell, OPTIONS))
        doc["pcf"]["fossilGhgEmissions"] = "-1"
        doc["pcf"]["declaredUnitAmount"] = "1abc"
        with pytest.raises(InvalidDeclaration, match=r"(?s)declaredUnitAmount.*fossilGhgEmissions"):
            check_decimals(doc, V3_DECIMALS)


class TestV2:
    @pytest.mark.parametrize("path", COMPLETE, ids=model_id)
    def test_fixture_exports_are_valid(
        self, study_of: Callable, pact_validator: Callable, path: Path
    ) -> None:
        doc = pact_v2(study_of(path), OPTIONS)
        assert errors_of(pact_validator("v2"), doc) == []

    @pytest.mark.parametrize("path", EXAMPLES, ids=model_id)
    def test_example_models_export_or_name_what_is_missing(
        self, study_of: Callable, pact_validator: Callable, path: Path
    ) -> None:
        refused = REFUSED_V2_EXAMPLES.get(path.name)
        if refused is None:
            doc = pact_v2(study_of(path), OPTIONS)
            assert errors_of(pact_validator("v2"), doc) == []
            return
        with pytest.raises(MissingData) as exc:
            pact_v2(study_of(path), OPTIONS)
        assert {g.field for g in exc.value.gaps} == refused

    def test_v2_fields(self, cell: Study) -> None:
        doc = pact_v2(cell, OPTIONS)
        pcf = doc["pcf"]
        r = cell.result
        assert (doc["specVersion"], doc["version"], doc["productCategoryCpc"]) == ("2.3.0", 1, "46410")
        excluding = float(pcf["pCfExcludingBiogenic"])
        assert excluding == pytest.approx(r.total - r.by_gas["CO2_biogenic"], rel=1e-5)
        assert float(pcf["pCfIncludingBiogenic"]) == pytest.approx(r.total, rel=1e-5)
        assert pcf["characterizationFactors"] == "AR6"
        assert pcf["crossSectoralStandardsUsed"] == ["ISO Standard 14067"]
        assert isinstance(pcf["primaryDataShare"], float) and "dqi" not in pcf

    def test_what_v2_cannot_express_is_refused(self, factor_db: str) -> None:
        data = model_data("lfp_cell.yaml")
        data["product"]["functional_unit"] = "1 piece"
        data["product"]["reference_flow"]["amount"] = 1
        data["product"]["gwp"] = "AR4"
        data["x-pact"].pop("product_classifications")
        with pytest.raises(MissingData) as exc:
            pact_v2(study_from_data(data, factor_db), OPTIONS)
        assert {g.field for g in exc.value.gaps} == {
            "pcf.declaredUnit",
            "pcf.characterizationFactors",
            "productCategoryCpc",
        }
