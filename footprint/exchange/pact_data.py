"""What a PACT ProductFootprint says about a study, derived once for both spec versions (see README.md)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from footprint.exchange.declared_unit import MASSLESS_UNITS, DeclaredUnit, declared_unit
from footprint.exchange.errors import MissingData
from footprint.exchange.figures import clean_zero
from footprint.exchange.options import ExportOptions
from footprint.exchange.pact_content import PACT_BLOCK, PactContent
from footprint.exchange.study import Study
from footprint.units import UnitError, convert, is_mass

# uuid5 namespace of the platform's footprint ids
PF_NAMESPACE = uuid.UUID("6f1d2b56-8c1e-5b7a-9e39-4a1f0c2d7e10")
BIOGENIC_CO2 = ("CO2_biogenic",)
BIOGENIC_NON_CO2 = ("CH4_biogenic",)
CO2_PER_C = 44.0095 / 12.011  # kg CO2 per kg C
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_URN_SAFE = re.compile(r"[^A-Za-z0-9()+,\-.:=@;$_!*']")


@dataclass(frozen=True)
class PactData:
    """Version-neutral content of a ProductFootprint; numbers in kg CO2e (or kg C) per declared unit."""

    pf_id: str
    created: dt.datetime
    company_name: str
    company_ids: tuple[str, ...]
    product_ids: tuple[str, ...]
    product_classifications: tuple[str, ...]
    product_category_cpc: str
    product_name: str
    product_description: str
    unit: DeclaredUnit
    mass_per_declared_unit: float
    period: tuple[dt.datetime, dt.datetime]
    geography: tuple[str, str] | None  # (PACT field name, value)
    boundary: str
    total: float  # pcfExcludingBiogenicUptake: every emission, biogenic included
    fossil: float
    biogenic_co2: float
    biogenic_non_co2: float
    biogenic_uptake: float  # <= 0, from the biogenic carbon content
    fossil_carbon_content: float
    biogenic_carbon_content: float
    ipcc_sets: tuple[str, ...]
    standards: tuple[str, ...]
    exempted_percent: float
    exempted_description: str
    allocation_description: str
    secondary_sources: tuple[tuple[str, str], ...]
    primary_data_share: float | None  # percent
    dqi: Mapping[str, float] | None  # technological, geographical, temporal (1 best … 5)
    packaging_included: bool | None
    packaging_emissions: float | None
    outbound_logistics: float | None
    aircraft_emissions: float | None
    verification: Mapping[str, str] | None
    comment: str


def derive(study: Study, options: ExportOptions) -> PactData:
    """Everything a ProductFootprint needs from `study`; `MissingData` lists every gap at once."""
    d = _Deriver(study, options)
    return d.build()


class _Deriver(PactContent):
    """Derives a whole `PactData`: identity, declared unit, mass, period and geography, and the content."""

    def build(self) -> PactData:
        unit = self.declared_unit()
        company_name = str(self.product.manufacturer.get("name") or "").strip()
        if not company_name:
            self.gap("companyName", "product.manufacturer.name", "the manufacturer's name is required")
        classifications = self.urn_list("product_classifications")
        values: dict[str, Any] = dict(
            company_name=company_name,
            company_ids=self.company_ids(),
            product_ids=self.product_ids(),
            product_classifications=tuple(classifications),
            product_category_cpc=self.cpc(classifications),
            product_name=self.product.name.get("en") or self.product.id,
            product_description=self.description(),
            mass_per_declared_unit=self.mass(unit) if unit else 0.0,
            period=self.period(),
            geography=self.geography(),
            boundary=self.boundary(),
            fossil_carbon_content=self.carbon_content("fossil_carbon_content", "fossilCarbonContent"),
            biogenic_carbon_content=self.carbon_content("biogenic_carbon_content", "biogenicCarbonContent"),
        )
        values.update(self.emissions())
        values["exempted_percent"], values["exempted_description"] = self.exempted()
        values["packaging_included"], values["packaging_emissions"] = self.packaging()
        values.update(
            ipcc_sets=self.ipcc_sets(),
            standards=("ISO14067",),
            allocation_description=self.allocation(),
            secondary_sources=self.secondary_sources(),
            primary_data_share=(
                100.0 * self.result.primary_data_share if self.result.primary_data_share is not None else None
            ),
            dqi=self.dqi(),
            outbound_logistics=self.stage_total("distribution"),
            aircraft_emissions=self.aircraft(),
            verification=self.verification(),
        )
        if self.options.pf_id:
            try:
                uuid.UUID(self.options.pf_id)
            except ValueError:
                self.gap("id", "", f"the footprint id must be a UUID, got {self.options.pf_id!r} (--pf-id)")
        if self.gaps or unit is None or values["period"] is None:
            raise MissingData("PACT ProductFootprint", self.gaps, self.model.file)
        values["biogenic_uptake"] = -values["biogenic_carbon_content"] * CO2_PER_C
        return PactData(
            pf_id=self.options.pf_id or self.footprint_id(),
            created=self.options.created_at(),
            unit=unit,
            comment=self.comment(),
            **values,
        )

    def emissions(self) -> dict[str, float]:
        """The total split into fossil and biogenic parts (kg CO2e per declared unit)."""
        total = self.result.total
        by_gas = self.result.by_gas
        bio_co2 = sum(by_gas.get(g, 0.0) for g in BIOGENIC_CO2)
        bio_other = sum(by_gas.get(g, 0.0) for g in BIOGENIC_NON_CO2)
        if bio_co2:
            self.notes.append(
                f"pcfExcludingBiogenicUptake includes {bio_co2:.6g} kg biogenic CO2 emissions, "
                "which have no field of their own"
            )
        if by_gas.get("CO2e (not split)"):
            self.notes.append("fossilGhgEmissions counts CO2e factors that are not split by gas as fossil")
        fossil = clean_zero(total - bio_co2 - bio_other, total)
        return {"total": total, "fossil": fossil, "biogenic_co2": bio_co2, "biogenic_non_co2": bio_other}

    # -- identity --
    def footprint_id(self) -> str:
        """A stable id: the same model content, factor release and GWP set give the same footprint id."""
        key = "|".join(
            (
                self.options.issuer,
                self.product.id,
                self.model.hash,
                str(self.result.factor_release),
                self.result.gwp,
            )
        )
        return str(uuid.uuid5(PF_NAMESPACE, key))

    def company_ids(self) -> tuple[str, ...]:
        ids = self.urn_list("company_ids")
        company_id = str(self.product.manufacturer.get("id") or "").strip()
        if company_id.lower().startswith("urn:"):
            ids.insert(0, company_id)
        elif company_id:
            kind = "cn-uscc" if _USCC.match(company_id) else "company-id"
            ids.insert(0, self.urn(kind, company_id))
        if not ids:
            ids.append(self.urn("unidentified-company", self.product.id))
            self.notes.append(
                "companyIds: the model gives no company identifier (product.manufacturer.id); "
                "the platform URN is built from the product id"
            )
        return tuple(dict.fromkeys(ids))

    def product_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.urn("product-id", self.product.id), *self.urn_list("product_ids")]))

    def urn(self, kind: str, value: str) -> str:
        return f"urn:pact:{self.options.issuer}:{kind}:{_URN_SAFE.sub('-', value)}"

    def urn_list(self, key: str) -> list[str]:
        raw = self.extra.get(key) or []
        urns = isinstance(raw, list) and all(isinstance(x, str) and x.lower().startswith("urn:") for x in raw)
        if not urns:
            self.gap(key, f"{PACT_BLOCK}.{key}", "expected a list of URNs (urn:…)")
            return []
        return list(raw)

    def cpc(self, classifications: list[str]) -> str:
        cpc = self.extra.get("product_category_cpc")
        if cpc is not None:
            return str(cpc)
        for urn in classifications:
            if urn.lower().startswith("urn:pact:productclassification:un-cpc:"):
                return urn.rsplit(":", 1)[1]
        return ""

    def description(self) -> str:
        text = self.product.description.get("en")
        fu = f"functional unit: {self.product.functional_unit}"
        return f"{text} ({fu})" if text else f"{self.product.name.get('en')} ({fu})"

    # -- declared unit, mass, period, geography --
    def declared_unit(self) -> DeclaredUnit | None:
        try:
            return declared_unit(self.product.functional_unit)
        except ValueError as exc:
            self.gap("pcf.declaredUnitOfMeasurement", "product.functional_unit", str(exc))
            return None

    def mass(self, unit: DeclaredUnit) -> float:
        """kg of product per declared unit (PACT: 0 for energy, logistics and service units)."""
        if unit.pact_unit == "kilogram":
            return unit.amount
        if is_mass(self.study.reference_unit):
            return convert(self.study.reference_units, self.study.reference_unit, "kg")
        mass = self.product.mass
        if mass is None:
            if unit.pact_unit in MASSLESS_UNITS and not self.product.battery:
                return 0.0
            self.gap(
                "pcf.productMassPerDeclaredUnit",
                "product.mass",
                "the mass of one unit of the reference product is required "
                "(e.g. mass: {amount: 2.1, unit: kg})",
            )
            return 0.0
        try:
            return self.study.reference_units * convert(mass.amount, mass.unit, "kg")
        except UnitError as exc:
            self.gap("pcf.productMassPerDeclaredUnit", "product.mass.unit", str(exc))
            return 0.0

    def period(self) -> tuple[dt.datetime, dt.datetime] | None:
        if self.product.reference_period is not None:
            start, end = self.product.reference_period
        elif self.product.reference_year is not None:
            year = self.product.reference_year
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            self.notes.append(f"reference period: the whole reference year {self.product.reference_year}")
        else:
            self.gap(
                "pcf.referencePeriodStart/End",
                "product.reference_period",
                "a reference period {start: YYYY-MM-DD, end: YYYY-MM-DD} (or product.reference_year) "
                "is required",
            )
            return None
        midnight = dt.time(0, tzinfo=dt.UTC)
        return dt.datetime.combine(start, midnight), dt.datetime.combine(end + dt.timedelta(days=1), midnight)

    def geography(self) -> tuple[str, str] | None:
        code = str(self.product.plant.get("location") or self.product.geography or "")
        parts = code.split("-")
        if not re.fullmatch(r"[A-Z]{2}", parts[0]):
            return None  # GLO, regions: left out (a SHOULD field)
        if len(parts) > 1 and re.fullmatch(r"[A-Z0-9]{1,3}", parts[1]):
            return "geographyCountrySubdivision", f"{parts[0]}-{parts[1]}"
        return "geographyCountry", parts[0]

    def comment(self) -> str:
        head = (
            f"Calculated by the PCF platform from model {self.product.id} (content hash "
            f"{self.model.hash[:12]}), factor release {self.result.factor_release}, "
            f"GWP100 {self.result.gwp}."
        )
        return " ".join([head, *(n.rstrip(".") + "." for n in self.notes)])
