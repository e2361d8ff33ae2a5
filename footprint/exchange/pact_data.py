"""What a PACT ProductFootprint says about a study, derived once for both spec versions (see README.md)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from footprint.exchange.carbon_content import CarbonContent, CarbonError, derive_carbon
from footprint.exchange.declared_unit import MASSLESS_UNITS, DeclaredUnit, declared_unit
from footprint.exchange.errors import Gap, MissingData
from footprint.exchange.figures import clean_zero
from footprint.exchange.options import ExportOptions
from footprint.exchange.study import Study
from footprint.units import UnitError, convert, is_mass

# uuid5 namespace of the platform's footprint ids
PF_NAMESPACE = uuid.UUID("6f1d2b56-8c1e-5b7a-9e39-4a1f0c2d7e10")
BIOGENIC_CO2 = ("CO2_biogenic",)
BIOGENIC_NON_CO2 = ("CH4_biogenic",)
CO2_PER_C = 44.0095 / 12.011  # kg CO2 per kg C
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_URN_SAFE = re.compile(r"[^A-Za-z0-9()+,\-.:=@;$_!*']")
PACT_BLOCK = "x-pact"


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


class _Deriver:
    def __init__(self, study: Study, options: ExportOptions) -> None:
        self.study = study
        self.model = study.model
        self.product = study.product
        self.result = study.result
        self.options = options
        self.gaps: list[Gap] = []
        self.notes: list[str] = []
        raw = self.model.data.get(PACT_BLOCK) or {}
        if not isinstance(raw, Mapping):
            self.gaps.append(Gap(PACT_BLOCK, PACT_BLOCK, "expected a mapping of PACT-only product data"))
            raw = {}
        self.extra: Mapping[str, Any] = raw

    def gap(self, field: str, model_path: str, hint: str) -> None:
        self.gaps.append(Gap(field, model_path, hint))

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

    # -- content and method --
    def carbon_content(self, key: str, field: str) -> float:
        """kg C per declared unit: the model's cited value (x-pact), else derived from the materials."""
        value = self.extra.get(key)
        if value is None:
            derived = self.derived_carbon()
            if derived is None:
                return 0.0
            return derived.fossil if key == "fossil_carbon_content" else derived.biogenic
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.gap(f"pcf.{field}", f"{PACT_BLOCK}.{key}", f"expected a number >= 0, got {value!r}")
            return 0.0
        source = self.extra.get("carbon_content_source")
        self.notes.append(f"{field} given by the model" + (f" ({source})" if source else ""))
        return float(value)

    def derived_carbon(self) -> CarbonContent | None:
        """The derivation from the bill of materials, once; its unknown materials become gaps."""
        if not hasattr(self, "_carbon"):
            self._carbon: CarbonContent | None = None
            try:
                found = derive_carbon(self.study)
            except CarbonError as exc:
                self.gap("pcf.fossilCarbonContent", str(exc).split(":", 1)[0], str(exc))
                return None
            for path, what in found.unknown:
                self.gap(
                    "pcf.fossilCarbonContent",
                    path,
                    f"{what}: mark the material with x-carbon (a material key, "
                    "{fraction, origin, source} or {mixture, source}), or give "
                    f"{PACT_BLOCK}.fossil_carbon_content with its source",
                )
            if not found.unknown:
                self._carbon = found
                self.notes.append(found.summary())
        return self._carbon

    def boundary(self) -> str:
        stages: dict[str, list[str]] = {}
        for pid, process in self.model.processes.items():
            if self.result.supply.get(pid):
                stages.setdefault(process.stage.value, []).append(process.name.get("en") or pid)
        return "; ".join(f"{stage.replace('_', ' ')}: {', '.join(names)}" for stage, names in stages.items())

    def ipcc_sets(self) -> tuple[str, ...]:
        sets = [self.result.gwp]
        unstated = []
        for row in self.result.factors:
            if row["basis"] != "CO2e" or not row["contribution"]:
                continue
            if re.fullmatch(r"AR\d+", row["gwp"] or ""):
                sets.append(row["gwp"])
            else:
                unstated.append(row["code"])
        if unstated:
            self.notes.append("CO2e factors under an unstated GWP set, used as given: " + ", ".join(unstated))
        return tuple(dict.fromkeys(sets))

    def exempted(self) -> tuple[float, str]:
        impact = sum(c.share or 0.0 for c in self.model.cutoff if c.basis == "impact")
        other = [c for c in self.model.cutoff if c.basis != "impact"]
        parts = [f"{c.flow} ({c.reason})" for c in self.model.cutoff]
        text = "Cut off: " + "; ".join(parts) + "." if parts else "No flows cut off."
        if other:
            text += (
                " Entries cut off by mass or energy share carry no emission estimate and are not in "
                "exemptedEmissionsPercent."
            )
        return 100.0 * impact, text

    def allocation(self) -> str:
        parts = []
        for pid, process in self.model.processes.items():
            if process.allocation is None:
                continue
            shares = {c.product: c.share for c in self.study.system.columns if c.process == pid}
            text = ", ".join(f"{k} {v:.4g}" for k, v in shares.items())
            parts.append(f"{process.name.get('en') or pid}: {process.allocation.method} allocation ({text})")
        return "; ".join(parts) or "No multi-output processes: no allocation."

    def secondary_sources(self) -> tuple[tuple[str, str], ...]:
        used = any(r["origin"] == "database" and r["contribution"] for r in self.result.factors)
        if used and self.result.factor_release:
            return (("PCF platform factor database", str(self.result.factor_release)),)
        return ()

    def dqi(self) -> Mapping[str, float] | None:
        dq = self.result.data_quality
        if not dq.get("indicators") or dq.get("coverage", 0.0) < 0.999:
            coverage = 100 * dq.get("coverage", 0.0)
            self.notes.append(
                f"dqi left out: pedigree scores cover {coverage:.0f} % of the footprint, "
                "PACT asks for the weighted average of all inputs"
            )
            return None
        ind = dq["indicators"]
        return {"technologicalDQR": ind["TeR"], "geographicalDQR": ind["GeR"], "temporalDQR": ind["TiR"]}

    def packaging(self) -> tuple[bool | None, float | None]:
        declared = self.extra.get("packaging_emissions_included")
        if declared is not None and not isinstance(declared, bool):
            self.gap(
                "pcf.packagingEmissionsIncluded",
                f"{PACT_BLOCK}.packaging_emissions_included",
                f"expected true or false, got {declared!r}",
            )
            declared = None
        by_path = self.study.contribution_by_path()
        paths = [i.path for p in self.model.processes.values() for i in p.inputs if i.role == "packaging"]
        processes = [pid for pid, p in self.model.processes.items() if p.role == "packaging"]
        if not paths and not processes:
            return declared, None
        if declared is False:
            self.gap(
                "pcf.packagingEmissionsIncluded",
                f"{PACT_BLOCK}.packaging_emissions_included",
                "false, but inputs or processes with role 'packaging' are part of the footprint: "
                + ", ".join(paths + [f"processes.{p}" for p in processes]),
            )
        amount = sum(by_path.get(p, 0.0) for p in paths) + sum(self.result.by_process[p] for p in processes)
        return True, amount

    def stage_total(self, stage: str) -> float | None:
        has = any(p.stage.value == stage for p in self.model.processes.values())
        return self.result.by_stage.get(stage, 0.0) if has else None

    def aircraft(self) -> float | None:
        rows = [r for r in self.result.factors if r["code"].startswith("freight.air.")]
        return sum(r["contribution"] for r in rows) if rows else None

    def verification(self) -> Mapping[str, str] | None:
        cert = self.options.certification
        if not cert.certified:
            return None
        out = {"coverage": "product level", "comments": f"certificate {cert.certificate}"}
        if cert.body:
            out["providerName"] = cert.body
        if cert.date:
            out["completedAt"] = f"{cert.date.isoformat()}T00:00:00Z"
        return out

    def comment(self) -> str:
        head = (
            f"Calculated by the PCF platform from model {self.product.id} (content hash "
            f"{self.model.hash[:12]}), factor release {self.result.factor_release}, "
            f"GWP100 {self.result.gwp}."
        )
        return " ".join([head, *(n.rstrip(".") + "." for n in self.notes)])
