"""Validating a model's product: its reference flow, reference period, battery data and end-of-life method."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from factors.vocab import CALC_GWP_SETS, GwpSet, gwp_names
from footprint.circular import EolMethod
from footprint.model_checks import is_id
from footprint.model_parts import PartChecks
from footprint.model_types import Product, Quantity, ReferenceFlow
from footprint.pathcheck import join
from footprint.units import UnitError


class ProductChecks(PartChecks):
    """The `product` and `end_of_life` sections of a model file."""

    def eol_method(self, value: Any, path: str) -> EolMethod | None:
        """`end_of_life: {method: cut_off | cff}` — the method the model is calculated for."""
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"method", "note"}, {"method"})
        text = self.string(d, "method", path)
        try:
            return EolMethod(text)
        except ValueError:
            self.err(join(path, "method"), f"{text!r} is not one of {', '.join(m.value for m in EolMethod)}")
            return None

    def product(self, value: Any, path: str) -> Product | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {
                "id",
                "name",
                "category",
                "functional_unit",
                "reference_flow",
                "geography",
                "reference_year",
                "gwp",
                "description",
                "manufacturer",
                "plant",
                "mass",
                "reference_period",
                "battery",
            },
            {"id", "name", "functional_unit", "reference_flow"},
        )
        pid = self.string(d, "id", path, required=True)
        if pid and not is_id(d.get("id")):  # as written: "p1\n" is not the id p1
            self.err(join(path, "id"), "an id uses letters, digits, '_', '-' and '.' only")
        gwp_text = self.string(d, "gwp", path, default="AR6")
        gwp = GwpSet.AR6
        if gwp_text.upper() in CALC_GWP_SETS:
            gwp = GwpSet(gwp_text.upper())
        else:
            self.err(join(path, "gwp"), f"{gwp_text!r} is not one of {gwp_names(last=', ')}")
        year = self.year(d.get("reference_year"), join(path, "reference_year"), low=1900, high=2100)
        rf = self.reference_flow(d.get("reference_flow"), join(path, "reference_flow"))
        period = self.period(d.get("reference_period"), join(path, "reference_period"))
        battery = self.battery(d.get("battery"), join(path, "battery"))
        for key in ("manufacturer", "plant"):
            if d.get(key) is not None:
                self.mapping(d.get(key), join(path, key))
        if rf is None:
            return None
        return Product(
            id=pid,
            name=self.text(d.get("name"), join(path, "name")),
            category=self.string(d, "category", path),
            functional_unit=self.string(d, "functional_unit", path, required=True),
            reference_flow=rf,
            geography=self.string(d, "geography", path, default="GLO"),
            reference_year=year,
            gwp=gwp,
            description=self.text(d.get("description"), join(path, "description")),
            manufacturer=dict(d.get("manufacturer") or {})
            if isinstance(d.get("manufacturer"), Mapping)
            else {},
            plant=dict(d.get("plant") or {}) if isinstance(d.get("plant"), Mapping) else {},
            mass=self.quantity_text(d.get("mass"), join(path, "mass")),
            reference_period=period,
            battery=battery,
        )

    def reference_flow(self, value: Any, path: str) -> ReferenceFlow | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"process", "product", "amount", "unit"}, {"process", "amount", "unit"})
        amount = self.number(d.get("amount"), join(path, "amount"), minimum=0.0, allow_equal=False)
        unit = self.unit(d.get("unit"), join(path, "unit"))
        process = self.string(d, "process", path, required=True)
        if amount is None or not unit or not process:
            return None
        return ReferenceFlow(process, amount, unit, self.string(d, "product", path) or None)

    def period(self, value: Any, path: str) -> tuple[dt.date, dt.date] | None:
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"start", "end"}, {"start", "end"})
        dates = []
        for key in ("start", "end"):
            raw = d.get(key)
            if isinstance(raw, dt.date):
                dates.append(raw)
                continue
            try:
                dates.append(dt.date.fromisoformat(str(raw)))
            except ValueError:
                self.err(join(path, key), f"expected a date YYYY-MM-DD, got {raw!r}")
        if len(dates) == 2 and dates[0] > dates[1]:
            self.err(path, "the period ends before it starts")
            return None
        return (dates[0], dates[1]) if len(dates) == 2 else None

    def battery(self, value: Any, path: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        d = self.mapping(value, path)
        if d is None:
            return {}
        self.keys(
            d,
            path,
            {
                "chemistry",
                "rated_energy",
                "rated_capacity",
                "cycles_per_year",
                "service_years",
                "lifetime_cycles",
                "usable_energy",
                "application",
            },
        )
        out: dict[str, Any] = {k: d[k] for k in ("chemistry", "application") if k in d}
        for key, dims in (("rated_energy", "kWh"), ("usable_energy", "kWh"), ("rated_capacity", "Ah")):
            if key in d:
                q = self.quantity_text(d[key], join(path, key))
                if q is not None:
                    from footprint.units import convert

                    try:
                        out[key] = Quantity(convert(q.amount, q.unit, dims), dims)
                    except UnitError as exc:
                        self.err(join(path, key), str(exc))
        for key in ("cycles_per_year", "service_years", "lifetime_cycles"):
            if key in d:
                n = self.number(d[key], join(path, key), minimum=0.0, allow_equal=False)
                if n is not None:
                    out[key] = n
        return out
