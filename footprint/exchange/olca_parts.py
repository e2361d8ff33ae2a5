"""The openLCA export's shared parts: units and flow properties, flows, locations and exchanges.

`OlcaParts` builds and remembers them (by stable uuid5 ids) for `footprint.exchange.olca`, which builds the
processes, the impact method and the product system on top.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from footprint.exchange.study import Study
from footprint.linking import UNSPLIT
from footprint.units import UnitError, convert

OLCA_NAMESPACE = uuid.UUID("3c0e6a51-7b2d-5f0e-8d4a-91b2c7e5d013")
CATEGORY = "PCF platform"
CAS = {
    "CO2": "000124-38-9",
    "CO2_biogenic": "000124-38-9",
    "CH4": "000074-82-8",
    "CH4_fossil": "000074-82-8",
    "CH4_biogenic": "000074-82-8",
    "N2O": "010024-97-2",
    "SF6": "002551-62-4",
    "NF3": "007783-54-2",
    "CF4": "000075-73-0",
    "C2F6": "000076-16-4",
    "HFC-134a": "000811-97-2",
    "HFC-32": "000075-10-5",
    "HFC-23": "000075-46-7",
}
# openLCA's usual quantities and the reference unit of each (other units of the model join by dimension)
_QUANTITIES = (
    ("Mass", "kg"),
    ("Energy", "kWh"),
    ("Number of items", "piece"),
    ("Goods transport (mass*distance)", "t*km"),
    ("Area", "m^2"),
    ("Volume", "m^3"),
    ("Duration", "h"),
    ("Length", "m"),
    ("Power", "W"),
)


@dataclass
class _Quantity:
    """One unit group and its flow property: the units of one dimension used in the model."""

    name: str
    ref_unit: str
    group: Any = None
    prop: Any = None
    units: dict[str, Any] = field(default_factory=dict)


class OlcaParts:
    """The units, flows and locations of one export, each made once and referred to by its stable id."""

    def __init__(self, study: Study) -> None:
        import olca_schema as o

        self.o = o
        self.study = study
        self.model = study.model
        self.key = f"{study.product.id}|{study.model.hash}"
        self.quantities: dict[str, _Quantity] = {}
        self.locations: dict[str, Any] = {}
        self.flows: dict[str, Any] = {}
        self.unit_of_flow: dict[str, str] = {}
        self.entities: list[Any] = []

    def uid(self, *parts: str) -> str:
        return str(uuid.uuid5(OLCA_NAMESPACE, "|".join((self.key, *parts))))

    # -- units --
    def units_used(self) -> list[str]:
        units = ["kg"]
        for p in self.model.processes.values():
            units += [p.output.unit, *(c.unit for c in p.co_products)]
            units += [i.unit for i in p.inputs] + [e.unit for e in p.emissions]
        units += [rf.unit for rf in self.study.factor_set.factors.values()]
        units.append(self.study.product.reference_flow.unit)
        return list(dict.fromkeys(units))

    def quantity(self, unit: str) -> _Quantity:
        name, ref = next(((n, r) for n, r in _QUANTITIES if _same_dimension(r, unit)), (None, unit))
        if name is None:
            name = next(
                (q.name for q in self.quantities.values() if _same_dimension(q.ref_unit, unit)),
                f"Quantity of {unit}",
            )
        q = self.quantities.get(name)
        if q is None:
            q = self.quantities[name] = _Quantity(name, ref)
        if unit not in q.units:
            q.units[unit] = None
        return q

    def finish_quantity(self, q: _Quantity) -> None:
        o = self.o
        units = []
        for name in dict.fromkeys([q.ref_unit, *q.units]):
            is_ref = name == q.ref_unit
            unit = o.Unit(
                id=self.uid("unit", q.name, name),
                name=name,
                is_ref_unit=is_ref,
                conversion_factor=1.0 if is_ref else convert(1.0, name, q.ref_unit),
            )
            q.units[name] = unit
            units.append(unit)
        q.group = o.UnitGroup(
            id=self.uid("unit-group", q.name),
            name=f"Units of {q.name.lower()}",
            category=CATEGORY,
            units=units,
        )
        q.prop = o.FlowProperty(
            id=self.uid("flow-property", q.name),
            name=q.name,
            category=CATEGORY,
            flow_property_type=o.FlowPropertyType.PHYSICAL_QUANTITY,
            unit_group=q.group.to_ref(),
        )
        q.group.default_flow_property = q.prop.to_ref()

    def unit_ref(self, unit: str) -> tuple[Any, Any]:
        q = self.quantity(unit)
        return q.prop.to_ref(), q.units[unit].to_ref()

    # -- flows --
    def flow(
        self,
        key: str,
        name: str,
        flow_type: Any,
        unit: str,
        *,
        category: str,
        cas: str = "",
        description: str = "",
    ) -> Any:
        if key in self.flows:
            return self.flows[key]
        o = self.o
        prop = self.quantity(unit).prop
        flow = o.new_flow(name, flow_type, prop)
        flow.id, flow.category, flow.description = self.uid("flow", key), category, description or None
        if cas:
            flow.cas = cas
        self.flows[key] = flow
        self.unit_of_flow[key] = self.quantity(unit).ref_unit
        return flow

    def elementary_flow(self, gas: str) -> Any:
        name = "CO2e (not split by gas)" if gas == UNSPLIT else gas
        return self.flow(
            f"gas:{gas}",
            name,
            self.o.FlowType.ELEMENTARY_FLOW,
            "kg",
            category="Elementary flows/Emission to air/unspecified",
            cas=CAS.get(gas, ""),
            description="kg CO2e of factors given as CO2e only" if gas == UNSPLIT else "",
        )

    def gases_used(self) -> list[str]:
        gases = [e.gas for p in self.model.processes.values() for e in p.emissions]
        for rf in self.study.factor_set.factors.values():
            gases += list(rf.gases) if rf.basis == "gases" else (["CO2"] if rf.basis == "CO2" else [UNSPLIT])
        return list(dict.fromkeys(gases))

    def location(self, code: str) -> Any:
        if code and code not in self.locations:
            self.locations[code] = self.o.Location(
                id=self.uid("location", code), name=code, code=code, category=CATEGORY
            )
        return self.locations[code].to_ref() if code else None

    # -- processes --
    def exchange(self, process: Any, flow: Any, amount: float, unit: str, *, is_input: bool) -> Any:
        prop, unit_ref = self.unit_ref(unit)
        ex = self.o.new_exchange(process, flow, amount)
        ex.is_input, ex.flow_property, ex.unit = is_input, prop, unit_ref
        return ex


def _same_dimension(a: str, b: str) -> bool:
    try:
        convert(1.0, a, b)
        return True
    except UnitError:
        return False
