"""openLCA export: the study as a JSON-LD zip (openLCA 2's exchange format), written with `olca-schema`.

One openLCA process per model process (co-products as further outputs with the model's allocation as
allocation factors), one product flow and one LCI-result process per factor (its gases, or its CO2e as a
`CO2e (not split)` elementary flow), elementary flows for the gases, unit groups and flow properties built
from the units the model uses, a GWP100 impact method with the values the study used, and a product
system whose reference is the functional unit.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from footprint.exchange.olca_parts import CAS as CAS  # the public names stay importable from here
from footprint.exchange.olca_parts import CATEGORY, OlcaParts
from footprint.exchange.olca_parts import OLCA_NAMESPACE as OLCA_NAMESPACE
from footprint.exchange.options import ExportOptions
from footprint.exchange.registry import ExportFormat
from footprint.exchange.study import Study
from footprint.linking import UNSPLIT, ResolvedFactor
from footprint.model import Process


def olca_entities(study: Study) -> list[Any]:
    """Every entity of the export, in an order openLCA can import (units first, the product system last)."""
    return _Builder(study).build()


def write_olca(study: Study, out: Path, options: ExportOptions | None = None) -> Path:
    """Write the JSON-LD zip to `out` (replacing it: olca-schema's writer would append)."""
    from olca_schema import zipio

    entities = olca_entities(study)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        path = Path(tmp) / out.name
        with zipio.ZipWriter(str(path)) as writer:
            for entity in entities:
                writer.write(entity)
        path.replace(out)
    return out


class _Builder(OlcaParts):
    """The processes, the impact method and the product system of one export, built on its parts."""

    def build(self) -> list[Any]:
        for unit in self.units_used():
            self.quantity(unit)
        for q in self.quantities.values():
            self.finish_quantity(q)
        gases = self.gases_used()
        for gas in gases:
            self.elementary_flow(gas)
        factor_processes = {
            ref: self.factor_process(ref, rf) for ref, rf in self.study.factor_set.factors.items()
        }
        processes = {pid: self.process(p, factor_processes) for pid, p in self.model.processes.items()}
        method = self.method(gases)
        system = self.product_system(processes, factor_processes)
        return [
            *(q.group for q in self.quantities.values()),
            *(q.prop for q in self.quantities.values()),
            *self.locations.values(),
            *self.flows.values(),
            *factor_processes.values(),
            *processes.values(),
            *method,
            system,
        ]

    def factor_process(self, ref: str, rf: ResolvedFactor) -> Any:
        o = self.o
        name = rf.name.get("en") or rf.code
        flow = self.flow(
            f"factor:{ref}",
            f"{name} [{rf.code}]",
            o.FlowType.PRODUCT_FLOW,
            rf.unit,
            category=f"{CATEGORY}/factors",
            description=rf.citation,
        )
        process = o.Process(
            id=self.uid("factor-process", ref),
            name=f"{name} [{rf.code}]",
            category=f"{CATEGORY}/factors",
            process_type=o.ProcessType.LCI_RESULT,
            description=f"{rf.citation} (release {rf.release or 'model-local'})",
            location=self.location(rf.geography),
        )
        self.exchange(process, flow, 1.0, rf.unit, is_input=False).is_quantitative_reference = True
        if rf.basis == "gases":
            emissions = dict(rf.gases)
        elif rf.basis == "CO2":
            emissions = {"CO2": rf.value}
        else:
            emissions = {UNSPLIT: rf.value}
        for gas, amount in emissions.items():
            self.exchange(process, self.elementary_flow(gas), amount, "kg", is_input=False)
        return process

    def process(self, p: Process, factor_processes: dict[str, Any]) -> Any:
        o = self.o
        process = o.Process(
            id=self.uid("process", p.id),
            name=p.name.get("en") or p.id,
            category=CATEGORY,
            process_type=o.ProcessType.UNIT_PROCESS,
            description=p.notes or None,
            location=self.location(p.geography),
        )
        main = self.product_flow(p.id)
        ref = self.exchange(process, main, p.output.amount, p.output.unit, is_input=False)
        ref.is_quantitative_reference = True
        outputs = {p.id: main}
        for c in p.co_products:
            outputs[c.id] = self.product_flow(p.id, c.id)
            self.exchange(process, outputs[c.id], c.amount, c.unit, is_input=False)
        inputs = []
        for item in p.inputs:
            if item.amount == 0:
                continue
            if item.process is not None:
                flow = self.product_flow(item.process, item.product)
                provider = self.uid("process", item.process)
            else:
                assert item.factor is not None  # an input names a process or a factor (validated)
                flow = self.flows[f"factor:{item.factor}"]
                provider = factor_processes[item.factor].id
            ex = self.exchange(process, flow, item.amount, item.unit, is_input=True)
            ex.default_provider = o.Ref(id=provider, ref_type=o.RefType.Process)
            ex.description = item.path
            inputs.append(ex)
        for em in p.emissions:
            if em.amount:
                ex = self.exchange(process, self.elementary_flow(em.gas), em.amount, em.unit, is_input=False)
                ex.description = em.path
                inputs.append(ex)
        if p.co_products:
            self.allocate(process, p, outputs, inputs)
        return process

    def product_flow(self, pid: str, product: str | None = None) -> Any:
        p = self.model.processes[pid]
        if product and product != pid:
            c = next(c for c in p.co_products if c.id == product)
            return self.flow(
                f"product:{pid}:{product}",
                c.name.get("en") or product,
                self.o.FlowType.PRODUCT_FLOW,
                c.unit,
                category=f"{CATEGORY}/products",
            )
        return self.flow(
            f"product:{pid}:{pid}",
            p.name.get("en") or pid,
            self.o.FlowType.PRODUCT_FLOW,
            p.output.unit,
            category=f"{CATEGORY}/products",
        )

    def allocate(self, process: Any, p: Process, outputs: dict[str, Any], exchanges: list[Any]) -> None:
        """The core's allocation shares as openLCA allocation factors (causal for explicit shares)."""
        o = self.o
        shares = {c.product: c.share for c in self.study.system.columns if c.process == p.id}
        kinds = {
            "mass": o.AllocationType.PHYSICAL_ALLOCATION,
            "economic": o.AllocationType.ECONOMIC_ALLOCATION,
        }
        kind = kinds.get(p.allocation.method if p.allocation else "", o.AllocationType.CAUSAL_ALLOCATION)
        process.default_allocation_method = kind
        factors = []
        for product, flow in outputs.items():
            if kind == o.AllocationType.CAUSAL_ALLOCATION:
                factors += [
                    o.AllocationFactor(
                        allocation_type=kind,
                        product=flow.to_ref(),
                        value=shares[product],
                        exchange=o.ExchangeRef(internal_id=ex.internal_id),
                    )
                    for ex in exchanges
                ]
            else:
                factors.append(
                    o.AllocationFactor(allocation_type=kind, product=flow.to_ref(), value=shares[product])
                )
        process.allocation_factors = factors

    # -- method and product system --
    def method(self, gases: list[str]) -> list[Any]:
        o = self.o
        gwp = self.study.factor_set.gwp
        prop, unit = self.unit_ref("kg")
        factors = [
            o.ImpactFactor(
                flow=self.flows[f"gas:{g}"].to_ref(),
                flow_property=prop,
                unit=unit,
                value=1.0 if g == UNSPLIT else gwp.factor(g),
            )
            for g in gases
        ]
        name = f"Climate change, GWP100 ({gwp.gwp_set.value})"
        category = o.ImpactCategory(
            id=self.uid("impact", name),
            name=name,
            ref_unit="kg CO2 eq",
            category=CATEGORY,
            impact_factors=factors,
            description=f"GWP100 values of factor release {gwp.release}",
        )
        method = o.ImpactMethod(
            id=self.uid("method", name),
            name=f"PCF platform {name}",
            category=CATEGORY,
            impact_categories=[category.to_ref()],
        )
        return [category, method]

    def product_system(self, processes: dict[str, Any], factor_processes: dict[str, Any]) -> Any:
        o = self.o
        rf = self.study.product.reference_flow
        ref = processes[rf.process]
        product = rf.product or rf.process
        ref_ex = next(
            e
            for e in ref.exchanges
            if not e.is_input and e.flow.id == self.product_flow(rf.process, product).id
        )
        prop, unit = self.unit_ref(rf.unit)
        links = []
        for process in [*processes.values(), *factor_processes.values()]:
            for ex in process.exchanges or []:
                if ex.is_input and ex.default_provider is not None:
                    links.append(
                        o.ProcessLink(
                            process=process.to_ref(),
                            flow=ex.flow,
                            provider=ex.default_provider,
                            exchange=o.ExchangeRef(ex.internal_id),
                        )
                    )
        everything = [*processes.values(), *factor_processes.values()]
        return o.ProductSystem(
            id=self.uid("product-system"),
            name=self.study.product.name.get("en") or self.study.product.id,
            category=CATEGORY,
            description=f"functional unit: {self.study.product.functional_unit}",
            ref_process=ref.to_ref(),
            ref_exchange=o.ExchangeRef(internal_id=ref_ex.internal_id),
            target_amount=rf.amount,
            target_flow_property=prop,
            target_unit=unit,
            processes=[p.to_ref() for p in everything],
            process_links=links,
        )


def _write(study: Study, out: Path, options: ExportOptions) -> Path:
    return write_olca(study, out, options)


EXPORTS = (
    ExportFormat(
        "olca",
        "openLCA JSON-LD zip (olca-schema 2)",
        "openLCA JSON-LD 压缩包（olca-schema 2）",
        ".zip",
        _write,
    ),
)
