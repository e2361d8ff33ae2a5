"""A model's inputs as table rows for the input editor, and edits of them back into a new model dict.

Pure functions on the parsed YAML data (`dict`), never on the stored rows: the page shows `input_rows`,
the user changes amounts or factor references in a data editor, and `apply_editor_state` +
`apply_input_rows` give a new model dict that the workflow package validates, calculates and saves.
The original dict is never changed.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

EDITABLE = ("amount", "ref")
"""Columns of `input_rows` the user may change (the reference only for factor inputs)."""


def input_rows(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per input of every process: where it is, what it draws, how much, and its evidence."""
    rows = []
    for pid, process in (data.get("processes") or {}).items():
        name = process.get("name") or {}
        for i, item in enumerate(process.get("inputs") or []):
            kind = "factor" if item.get("factor") is not None else "process"
            rows.append(
                {
                    "process": str(pid),
                    "index": i,
                    "process_name": name if isinstance(name, dict) else {"zh": str(name), "en": str(name)},
                    "stage": str(process.get("stage", "")),
                    "kind": kind,
                    "ref": str(item.get("factor") if kind == "factor" else item.get("process")),
                    "amount": item.get("amount"),
                    "unit": str(item.get("unit", "")),
                    "source": str(item.get("source", "")),
                    "note": str(item.get("note", "")),
                    "path": f"processes.{pid}.inputs[{i}]",
                }
            )
    return rows


def apply_editor_state(
    rows: Sequence[Mapping[str, Any]], state: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """`rows` with a data editor's ``edited_rows`` applied (row position → {column: new value})."""
    out = [dict(r) for r in rows]
    for position, changes in ((state or {}).get("edited_rows") or {}).items():
        k = int(position)
        if 0 <= k < len(out):
            out[k].update({c: v for c, v in changes.items() if c in EDITABLE})
    return out


def apply_input_rows(data: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A copy of `data` with each row's amount (and factor reference, for factor inputs) written back.

    Rows are located by (process, index); a row that no longer matches an input raises `KeyError`.
    Amounts that are not numbers are kept as given, so the core's validation names them.
    """
    new = copy.deepcopy(dict(data))
    processes = new.get("processes") or {}
    for row in rows:
        pid, index = str(row["process"]), int(row["index"])
        inputs = (processes.get(pid) or {}).get("inputs") or []
        if not 0 <= index < len(inputs):
            raise KeyError(f"processes.{pid}.inputs[{index}] is not in the model")
        item = inputs[index]
        item["amount"] = _number(row.get("amount"))
        if row.get("kind") == "factor" and str(row.get("ref") or "").strip():
            item["factor"] = str(row["ref"]).strip()
    return new


def with_identity(data: Mapping[str, Any], *, code: str, name_zh: str, name_en: str = "") -> dict[str, Any]:
    """A copy of a model dict that describes product `code` with these names (a new product's first model)."""
    new = copy.deepcopy(dict(data))
    product = dict(new.get("product") or {})
    product["id"] = code.strip()
    product["name"] = {"zh": name_zh.strip(), "en": (name_en or name_zh).strip()}
    new["product"] = product
    return new


def to_yaml(data: Mapping[str, Any]) -> str:
    """YAML text of a model dict, keys in their order, Chinese kept readable."""
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=120)


def model_paths(data: Mapping[str, Any]) -> list[str]:
    """The places a review finding may point at: the product's fields, each process and each input."""
    paths = [f"product.{k}" for k in (data.get("product") or {})]
    for pid, process in (data.get("processes") or {}).items():
        paths.append(f"processes.{pid}")
        paths += [f"processes.{pid}.inputs[{i}]" for i in range(len(process.get("inputs") or []))]
        paths += [f"processes.{pid}.x-gaps[{i}]" for i in range(len(process.get("x-gaps") or []))]
    return paths


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return (
            int(value)
            if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15
            else value
        )
    try:
        return _number(float(str(value).strip()))
    except ValueError:
        return value
