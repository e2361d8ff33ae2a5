"""Fast paths of model validation for the plainly valid processes, inputs and emissions of large models.

A model of 1,000 processes has ~5,000 input and emission lines; checking each through the general
validator (key sets, paths, every optional field) cost more than solving the system. These functions
accept only what is plainly valid – known keys, finite amounts, units pint reads, texts that are texts –
and build exactly the objects the general validation builds; they return None for anything else, which
then goes through the general validation and gets its messages. So they never report a problem and
never change one.

The objects are made with `frozen` instead of their dataclass `__init__`, which sets each field with
one `object.__setattr__` call (a frozen dataclass): three times slower for an `Input` of 14 fields.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from factors.gases import GASES
from footprint.model_types import Emission, Input, Output, Process, Stage, Text
from footprint.units import UnitError, check_unit, is_mass

T = TypeVar("T")

_PLAIN_INPUT_KEYS = frozenset({"process", "factor", "amount", "unit", "source", "note", "role"})
_PLAIN_EMISSION_KEYS = frozenset({"gas", "amount", "unit", "source", "note"})
_PLAIN_PROCESS_KEYS = frozenset(
    {"name", "stage", "geography", "output", "inputs", "emissions", "notes", "role"}
)
_PLAIN_OUTPUT_KEYS = frozenset({"amount", "unit"})
_TEXT_KEYS = frozenset({"zh", "en"})
_STAGES: dict[str, Stage] = {s.value: s for s in Stage}
_GASES = frozenset(GASES)
_new = object.__new__
_MAX_INT = 2**1023
_set = object.__setattr__


def frozen(cls: type[T], fields: dict[str, Any]) -> T:
    """An instance of the frozen dataclass `cls` with every field given in `fields` (in field order)."""
    obj = _new(cls)
    _set(obj, "__dict__", fields)
    return obj


_good_units: dict[str, str] = {}  # a unit as written → stripped, for units pint reads


def _unit(value: Any) -> str | None:
    """The stripped unit if `value` is a non-blank text pint reads, else None."""
    if type(value) is not str:
        return None
    known = _good_units.get(value)
    if known is not None:
        return known
    stripped = value.strip()
    if not stripped:
        return None
    try:
        check_unit(value)
    except UnitError:
        return None
    if len(_good_units) < 10_000:
        _good_units[value] = stripped
    return stripped


def _amount(value: Any) -> float | None:
    """A finite number ≥ 0 (not a bool) as a float, else None."""
    kind = type(value)
    if kind is float:
        return value if 0.0 <= value < math.inf else None  # NaN fails the comparison
    if kind is int and 0 <= value < _MAX_INT:  # a larger int would overflow a float
        return float(value)
    return None


def _text(d: dict[str, Any], key: str) -> str | None:
    """An optional text as the validator's `string()` reads it ("" when absent), None when not a text."""
    value = d.get(key)
    if value is None:
        return ""
    return value.strip() if type(value) is str else None


def plain_input(value: Any, path: str) -> Input | None:
    """The `Input` of a plainly valid input line, else None (the general validation handles it)."""
    if type(value) is not dict:
        return None
    get = value.get
    process, factor = get("process"), get("factor")
    amount, unit = _amount(get("amount")), _unit(get("unit"))
    if amount is None or unit is None:
        return None
    if process is None:
        if type(factor) is not str or not factor.strip():
            return None
        factor = factor.strip()
    elif factor is not None or type(process) is not str or not process.strip():
        return None
    source: str | None
    note: str | None
    role: str | None
    if len(value) == 3:  # amount, unit and one of process and factor: nothing else to check
        source = note = role = ""
    else:
        if not value.keys() <= _PLAIN_INPUT_KEYS:
            return None
        source, note, role = _text(value, "source"), _text(value, "note"), _text(value, "role")
        if source is None or note is None or role is None:
            return None
    return frozen(
        Input,
        {
            "path": path,
            "amount": amount,
            "unit": unit,
            "process": process,
            "product": None,
            "factor": factor,
            "uncertainty": None,
            "pedigree": None,
            "source": source,
            "note": note,
            "mass": None,
            "role": role,
            "bom": True,
            "recycled": None,
        },
    )


def plain_emission(value: Any, path: str) -> Emission | None:
    """The `Emission` of a plainly valid emission line (a known gas in a mass unit), else None."""
    if type(value) is not dict:
        return None
    get = value.get
    gas, amount, unit = get("gas"), _amount(get("amount")), _unit(get("unit"))
    if amount is None or unit is None or type(gas) is not str or gas not in _GASES or not is_mass(unit):
        return None
    source: str | None
    note: str | None
    if len(value) == 3:  # gas, amount and unit only
        source = note = ""
    else:
        if not value.keys() <= _PLAIN_EMISSION_KEYS:
            return None
        source, note = _text(value, "source"), _text(value, "note")
        if source is None or note is None:
            return None
    return frozen(
        Emission,
        {
            "path": path,
            "gas": gas,
            "amount": amount,
            "unit": unit,
            "uncertainty": None,
            "pedigree": None,
            "source": source,
            "note": note,
        },
    )


def _name(value: Any) -> Text | None:
    """A process name as the validator's `text()` reads it, None when not plainly valid."""
    if value is None:
        return Text()
    if type(value) is str:
        return Text(value, value)
    if type(value) is not dict or not value.keys() <= _TEXT_KEYS:
        return None
    zh, en = _text(value, "zh"), _text(value, "en")
    return None if zh is None or en is None else Text(zh, en)


def _items(raw: Any, path: str, plain: Callable[[Any, str], T | None]) -> tuple[T, ...] | None:
    """All lines of a list through `plain`; None if the list is not a list or one line is not plain."""
    if raw is None:
        return ()
    if type(raw) is not list:
        return None
    out = []
    for i, item in enumerate(raw):
        built = plain(item, f"{path}[{i}]")
        if built is None:
            return None
        out.append(built)
    return tuple(out)


def plain_process(pid: str, value: Any, path: str, default_geo: str) -> Process | None:
    """The `Process` of a plainly valid process (one output, plain inputs and emissions), else None."""
    if type(value) is not dict or not value.keys() <= _PLAIN_PROCESS_KEYS:
        return None
    get = value.get
    stage_text = get("stage")
    stage = _STAGES.get(stage_text.strip()) if type(stage_text) is str else None
    out = get("output")
    if stage is None or type(out) is not dict or not out.keys() <= _PLAIN_OUTPUT_KEYS:
        return None
    amount, unit = _amount(out.get("amount")), _unit(out.get("unit"))
    name = _name(get("name"))
    geography, notes, role = _text(value, "geography"), _text(value, "notes"), _text(value, "role")
    if not amount or unit is None or name is None or geography is None or notes is None or role is None:
        return None
    inputs = _items(get("inputs"), f"{path}.inputs", plain_input)
    if inputs is None:
        return None
    emissions = _items(get("emissions"), f"{path}.emissions", plain_emission)
    if emissions is None:
        return None
    output = frozen(Output, {"amount": amount, "unit": unit, "price": None, "mass": None})
    return frozen(
        Process,
        {
            "id": pid,
            "name": name,
            "stage": stage,
            "geography": geography or default_geo,
            "output": output,
            "inputs": inputs,
            "emissions": emissions,
            "co_products": (),
            "allocation": None,
            "notes": notes,
            "role": role,
            "fate": None,
            "substitutes": (),
            "removals": (),
            "cff": None,
        },
    )
