"""The content and method fields of a PACT ProductFootprint, derived from a study.

Carbon content, boundary, GWP sets, cut-off, allocation, secondary sources, data quality, packaging,
logistics and verification.

`PactContent` holds the study, the options and the gaps found; `footprint.exchange.pact_data` derives the
identity, unit and period fields on top and builds `PactData`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from footprint.exchange.carbon_content import CarbonContent, CarbonError, derive_carbon
from footprint.exchange.errors import Gap
from footprint.exchange.options import ExportOptions
from footprint.exchange.study import Study

PACT_BLOCK = "x-pact"


class PactContent:
    """Derives the content and method fields of a footprint, collecting every gap and note on the way."""

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
