"""PACT ProductFootprint export, spec version 3.0 (and 2.3), from a calculated study (field table: README.md).

Numbers are decimal strings, checked here with the strict rules (the specification's patterns are loose).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from footprint.exchange.declared_unit import PACT_V2_UNITS
from footprint.exchange.errors import Gap, InvalidDeclaration, MissingData
from footprint.exchange.figures import DecimalKind, check_decimal, decimal_text
from footprint.exchange.options import ExportOptions
from footprint.exchange.pact_data import PactData, derive
from footprint.exchange.registry import ExportFormat
from footprint.exchange.study import Study

SPEC_V3 = "3.0.3"
SPEC_V2 = "2.3.0"

D, POS = DecimalKind.ANY, DecimalKind.POSITIVE
POS0, NEG0 = DecimalKind.POSITIVE_OR_ZERO, DecimalKind.NEGATIVE_OR_ZERO
# The decimal fields of each version and their sign rule (pcf.* fields; dqi.* nested).
V3_DECIMALS: dict[str, DecimalKind] = {
    "declaredUnitAmount": POS,
    "productMassPerDeclaredUnit": POS0,
    "pcfExcludingBiogenicUptake": D,
    "pcfIncludingBiogenicUptake": D,
    "fossilCarbonContent": POS0,
    "biogenicCarbonContent": POS0,
    "fossilGhgEmissions": POS0,
    "biogenicCO2Uptake": NEG0,
    "biogenicNonCO2Emissions": POS0,
    "aircraftGhgEmissions": POS0,
    "packagingGhgEmissions": POS0,
    "outboundLogisticsGhgEmissions": POS0,
    "exemptedEmissionsPercent": POS0,
    "primaryDataShare": POS0,
    "dqi.technologicalDQR": POS,
    "dqi.geographicalDQR": POS,
    "dqi.temporalDQR": POS,
}
V2_DECIMALS: dict[str, DecimalKind] = {
    "unitaryProductAmount": POS,
    "productMassPerDeclaredUnit": POS0,
    "pCfExcludingBiogenic": POS0,
    "pCfIncludingBiogenic": D,
    "fossilGhgEmissions": POS0,
    "fossilCarbonContent": POS0,
    "biogenicCarbonContent": POS0,
    "otherBiogenicGhgEmissions": POS0,
    "aircraftGhgEmissions": POS0,
    "packagingGhgEmissions": POS0,
    "biogenicCarbonWithdrawal": NEG0,
}


def pact_v3(study: Study, options: ExportOptions = ExportOptions()) -> dict[str, Any]:
    """The study as a PACT v3 ProductFootprint (a JSON-ready dict)."""
    doc = v3_document(derive(study, options), options)
    check_decimals(doc, V3_DECIMALS)
    return doc


def pact_v2(study: Study, options: ExportOptions = ExportOptions()) -> dict[str, Any]:
    """The study as a PACT v2.3 ProductFootprint; refuses what v2.3 cannot express."""
    data = derive(study, options)
    gaps = v2_gaps(data, study)
    if gaps:
        raise MissingData("PACT 2.3 ProductFootprint", gaps, study.model.file)
    doc = v2_document(data, options)
    check_decimals(doc, V2_DECIMALS)
    return doc


def v3_document(d: PactData, options: ExportOptions) -> dict[str, Any]:
    """Lay out derived content in the v3 field names."""
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": d.unit.pact_unit,
        "declaredUnitAmount": decimal_text(d.unit.amount),
        "productMassPerDeclaredUnit": decimal_text(d.mass_per_declared_unit),
        "referencePeriodStart": _time(d.period[0]),
        "referencePeriodEnd": _time(d.period[1]),
    }
    if d.geography:
        pcf[d.geography[0]] = d.geography[1]
    pcf.update(
        {
            "boundaryProcessesDescription": d.boundary,
            "pcfExcludingBiogenicUptake": decimal_text(d.total),
            "pcfIncludingBiogenicUptake": decimal_text(d.total + d.biogenic_uptake),
            "fossilCarbonContent": decimal_text(d.fossil_carbon_content),
            "biogenicCarbonContent": decimal_text(d.biogenic_carbon_content),
            "fossilGhgEmissions": decimal_text(d.fossil),
            "biogenicCO2Uptake": decimal_text(d.biogenic_uptake),
        }
    )
    if d.biogenic_non_co2:
        pcf["biogenicNonCO2Emissions"] = decimal_text(d.biogenic_non_co2)
    if d.aircraft_emissions is not None:
        pcf["aircraftGhgEmissions"] = decimal_text(d.aircraft_emissions)
    if d.packaging_included is not None:
        pcf["packagingEmissionsIncluded"] = d.packaging_included
        if d.packaging_included and d.packaging_emissions is not None:
            pcf["packagingGhgEmissions"] = decimal_text(d.packaging_emissions)
    if d.outbound_logistics is not None:
        pcf["outboundLogisticsGhgEmissions"] = decimal_text(d.outbound_logistics)
    pcf.update(
        {
            "ipccCharacterizationFactors": list(d.ipcc_sets),
            "crossSectoralStandards": list(d.standards),
            "exemptedEmissionsPercent": decimal_text(d.exempted_percent),
            "exemptedEmissionsDescription": d.exempted_description,
            "allocationRulesDescription": d.allocation_description,
        }
    )
    if d.secondary_sources:
        pcf["secondaryEmissionFactorSources"] = [{"name": n, "version": v} for n, v in d.secondary_sources]
    if d.primary_data_share is not None:
        pcf["primaryDataShare"] = decimal_text(d.primary_data_share)
    if d.dqi:
        pcf["dqi"] = {k: decimal_text(v, digits=3) for k, v in d.dqi.items()}
    if d.verification:
        pcf["verification"] = dict(d.verification)
    doc: dict[str, Any] = {"id": d.pf_id, "specVersion": SPEC_V3}
    if options.preceding_pf_ids:
        doc["precedingPfIds"] = list(options.preceding_pf_ids)
    doc.update(
        {
            "created": _time(d.created),
            "status": "Active",
            "companyName": d.company_name,
            "companyIds": list(d.company_ids),
            "productDescription": d.product_description,
            "productIds": list(d.product_ids),
        }
    )
    if d.product_classifications:
        doc["productClassifications"] = list(d.product_classifications)
    doc.update({"productNameCompany": d.product_name, "comment": d.comment, "pcf": pcf})
    return doc


def v2_gaps(d: PactData, study: Study) -> list[Gap]:
    """What v2.3 requires or forbids beyond the derived content."""
    gaps = []
    if d.unit.pact_unit not in PACT_V2_UNITS:
        gaps.append(
            Gap(
                "pcf.declaredUnit",
                "product.functional_unit",
                f"v2.3 has no unit {d.unit.pact_unit!r} (only {', '.join(PACT_V2_UNITS)}): use v3",
            )
        )
    if study.result.gwp not in ("AR5", "AR6"):
        gaps.append(
            Gap(
                "pcf.characterizationFactors",
                "product.gwp",
                f"v2.3 allows AR5 or AR6, the study uses {study.result.gwp}",
            )
        )
    if not d.product_category_cpc:
        gaps.append(
            Gap(
                "productCategoryCpc",
                "x-pact.product_category_cpc",
                "v2.3 requires a UN CPC code (or a urn:pact:productclassification:un-cpc:… classification)",
            )
        )
    if d.packaging_included is None:
        gaps.append(
            Gap(
                "pcf.packagingEmissionsIncluded",
                "x-pact.packaging_emissions_included",
                "v2.3 requires it: mark packaging inputs with role: packaging, or declare true/false",
            )
        )
    if d.exempted_percent > 5:
        gaps.append(
            Gap(
                "pcf.exemptedEmissionsPercent",
                "cutoff",
                f"v2.3 allows at most 5 %, the model cuts off {d.exempted_percent:.3g} %",
            )
        )
    return gaps


def v2_document(d: PactData, options: ExportOptions) -> dict[str, Any]:
    """Lay out derived content in the v2.3 field names."""
    pcf: dict[str, Any] = {
        "declaredUnit": d.unit.pact_unit,
        "unitaryProductAmount": decimal_text(d.unit.amount),
        "productMassPerDeclaredUnit": decimal_text(d.mass_per_declared_unit),
        "pCfExcludingBiogenic": decimal_text(d.total - d.biogenic_co2),
        "pCfIncludingBiogenic": decimal_text(d.total + d.biogenic_uptake),
        "fossilGhgEmissions": decimal_text(d.fossil),
        "fossilCarbonContent": decimal_text(d.fossil_carbon_content),
        "biogenicCarbonContent": decimal_text(d.biogenic_carbon_content),
    }
    if d.biogenic_non_co2:
        pcf["otherBiogenicGhgEmissions"] = decimal_text(d.biogenic_non_co2)
    pcf["biogenicCarbonWithdrawal"] = decimal_text(d.biogenic_uptake)
    if d.aircraft_emissions is not None:
        pcf["aircraftGhgEmissions"] = decimal_text(d.aircraft_emissions)
    pcf.update(
        {
            "characterizationFactors": d.ipcc_sets[0],
            "ipccCharacterizationFactorsSources": list(d.ipcc_sets),
            "crossSectoralStandardsUsed": ["ISO Standard 14067"],
            "crossSectoralStandards": list(d.standards),
            "boundaryProcessesDescription": d.boundary,
            "referencePeriodStart": _time(d.period[0]),
            "referencePeriodEnd": _time(d.period[1]),
        }
    )
    if d.geography:
        pcf[d.geography[0]] = d.geography[1]
    if d.secondary_sources:
        pcf["secondaryEmissionFactorSources"] = [{"name": n, "version": v} for n, v in d.secondary_sources]
    pcf.update(
        {
            "exemptedEmissionsPercent": round(d.exempted_percent, 6),
            "exemptedEmissionsDescription": d.exempted_description,
            "packagingEmissionsIncluded": bool(d.packaging_included),
        }
    )
    if d.packaging_included and d.packaging_emissions is not None:
        pcf["packagingGhgEmissions"] = decimal_text(d.packaging_emissions)
    pcf["allocationRulesDescription"] = d.allocation_description
    if d.primary_data_share is not None:
        pcf["primaryDataShare"] = round(d.primary_data_share, 4)
    if d.verification:
        assurance = {
            "assurance": True,
            "coverage": "product level",
            "providerName": d.verification.get("providerName", ""),
        }
        if "completedAt" in d.verification:
            assurance["completedAt"] = d.verification["completedAt"]
        pcf["assurance"] = {**assurance, "comments": d.verification["comments"]}
    doc: dict[str, Any] = {"id": d.pf_id, "specVersion": SPEC_V2}
    if options.preceding_pf_ids:
        doc["precedingPfIds"] = list(options.preceding_pf_ids)
    doc.update(
        {
            "version": options.pf_version,
            "created": _time(d.created),
            "status": "Active",
            "comment": d.comment,
            "companyName": d.company_name,
            "companyIds": list(d.company_ids),
            "productDescription": d.product_description,
            "productIds": list(d.product_ids),
            "productCategoryCpc": d.product_category_cpc,
            "productNameCompany": d.product_name,
            "pcf": pcf,
        }
    )
    if d.product_classifications:
        doc["productClassifications"] = list(d.product_classifications)
    return doc


def check_decimals(doc: Mapping[str, Any], rules: Mapping[str, DecimalKind]) -> None:
    """Raise `InvalidDeclaration` naming every decimal field of `doc['pcf']` that breaks its rule."""
    problems = []
    pcf = doc.get("pcf", {})
    for name, kind in rules.items():
        node: Any = pcf
        for part in name.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is None:
            continue
        why = check_decimal(node, kind)
        if why:
            problems.append(f"pcf.{name}: {why} ({kind.value})")
    if problems:
        raise InvalidDeclaration(
            "the PACT document breaks its decimal rules:\n" + "\n".join(f"  - {p}" for p in problems)
        )


def _time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write(builder: Any) -> Any:
    def write(study: Study, out: Path, options: ExportOptions) -> Path:
        doc = builder(study, options)
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return out

    return write


EXPORTS = (
    ExportFormat(
        "pact3", "PACT ProductFootprint 3.0 (JSON)", "PACT 产品碳足迹 3.0（JSON）", ".json", _write(pact_v3)
    ),
    ExportFormat(
        "pact2", "PACT ProductFootprint 2.3 (JSON)", "PACT 产品碳足迹 2.3（JSON）", ".json", _write(pact_v2)
    ),
)
