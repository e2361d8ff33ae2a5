"""What the checks read from a model beyond the core's objects: declared data gaps, roles and masses.

Data gaps are inputs a model knows it needs (often with a cited amount) but cannot quantify, typically
because no public factor exists. They are written under a process as ``x-gaps`` (the model format keeps
``x-`` keys and the calculation ignores them)::

    x-gaps:
      - {name: {zh: 正极活性材料, en: cathode active material}, role: cathode_active_material,
         amount: 319.1906, unit: g, source: "BatPaC v5 … row 44", reason: "no public factor"}

They count in the bill-of-materials mass balance and satisfy a mandatory input as a declared gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from footprint.model import Input, Model, Process, Quantity, Text

GAPS_KEY = "x-gaps"
AGGREGATED = "aggregated"  # role of an input that is an aggregated dataset covering its whole process


@dataclass(frozen=True)
class Gap:
    """A declared data gap of a process."""

    path: str
    process: str
    name: Text
    role: str = ""
    amount: float | None = None
    unit: str = ""
    mass: Quantity | None = None
    source: str = ""
    reason: str = ""


def gaps(model: Model) -> list[Gap]:
    """Every declared data gap of the model, in process order."""
    out = []
    for pid, raw in (model.data.get("processes") or {}).items():
        for i, entry in enumerate((raw or {}).get(GAPS_KEY) or []):
            if isinstance(entry, Mapping):
                out.append(_gap(str(pid), f"processes.{pid}.{GAPS_KEY}[{i}]", entry))
    return out


def _gap(pid: str, path: str, d: Mapping[str, Any]) -> Gap:
    name = d.get("name")
    text = (
        Text(str(name), str(name))
        if isinstance(name, str)
        else Text(str((name or {}).get("zh", "")), str((name or {}).get("en", "")))
    )
    amount = d.get("amount")
    amount = float(amount) if isinstance(amount, (int, float)) and not isinstance(amount, bool) else None
    return Gap(
        path,
        pid,
        text,
        str(d.get("role") or ""),
        amount,
        str(d.get("unit") or ""),
        _quantity(d.get("mass")),
        _source_text(d.get("source")),
        str(d.get("reason") or ""),
    )


def _quantity(value: Any) -> Quantity | None:
    if isinstance(value, str) and len(value.split(None, 1)) == 2:
        amount, unit = value.split(None, 1)
        try:
            return Quantity(float(amount), unit)
        except ValueError:
            return None
    if isinstance(value, Mapping) and "amount" in value and "unit" in value:
        return Quantity(float(value["amount"]), str(value["unit"]))
    return None


def _source_text(value: Any) -> str:
    if isinstance(value, Mapping):
        keys = ("title", "publisher", "year", "url", "location")
        return "; ".join(str(value[k]) for k in keys if value.get(k))
    return str(value or "")


def role_matches(role: str, wanted: str) -> bool:
    """``electricity.direct_line`` satisfies ``electricity``; roles are dotted, more specific to the right."""
    return role == wanted or role.startswith(wanted + ".")


def processes_with_role(model: Model, role: str) -> list[Process]:
    return [p for p in model.processes.values() if role_matches(p.role, role)]


def aggregated_inputs(process: Process) -> list[Input]:
    """Inputs that are aggregated datasets standing for the whole process (role ``aggregated``)."""
    return [i for i in process.inputs if role_matches(i.role, AGGREGATED)]


# --- masses ------------------------------------------------------------------------------------
def mass_kg(amount: float | None, unit: str, mass: Quantity | None) -> float | None:
    """Mass in kg of `amount` `unit`: directly, or via the mass of one unit; None if unknown."""
    from footprint.units import UnitError, convert, is_mass

    if amount is None or not unit:
        return None
    try:
        if is_mass(unit):
            return convert(amount, unit, "kg")
        if mass is not None:
            return amount * convert(mass.amount, mass.unit, "kg")
    except UnitError:
        return None
    return None


def output_mass_kg(process: Process) -> float | None:
    """Mass of one operation of the process: its output plus its co-products, None if any is unknown."""
    total = mass_kg(process.output.amount, process.output.unit, process.output.mass)
    if total is None:
        return None
    for c in process.co_products:
        m = mass_kg(c.amount, c.unit, c.mass)
        if m is None:
            return None
        total += m
    return total


def input_mass_kg(model: Model, item: Input) -> float | None:
    """Mass in kg of one input: its own unit or `mass`, else via the output of the providing process."""
    from footprint.units import UnitError, convert

    own = mass_kg(item.amount, item.unit, item.mass)
    if own is not None or item.process is None or item.process not in model.processes:
        return own
    out = model.processes[item.process].output
    per_unit = mass_kg(1.0, out.unit, out.mass)
    if per_unit is None:
        return None
    try:
        return convert(item.amount, item.unit, out.unit) * per_unit
    except UnitError:
        return None


def is_material(model: Model, item: Input) -> bool:
    """False for energy and transport inputs (no mass to balance); True for everything else."""
    from footprint.units import parse_unit, registry

    if item.process is not None or item.mass is not None:
        return True
    try:
        dim = parse_unit(item.unit).dimensionality
    except Exception:  # an unparseable unit was already reported by the model loader
        return True
    ureg = registry()
    return dim not in (ureg.kilowatt_hour.dimensionality, ureg.tonne_kilometer.dimensionality)
