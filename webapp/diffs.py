"""Differences between two model versions, for the side-by-side view: inputs, stages and the text.

Pure functions on parsed model data and result dicts; they compare what is there and decide nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from webapp.model_table import input_rows


def input_changes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Inputs added, removed or changed (amount, unit) from model data `a` to `b`, matched by process and ref.

    Each row: process, ref, change (``+``, ``-``, ``~``), amount_a, amount_b, unit_a, unit_b.
    """

    def keyed(data: Mapping[str, Any]) -> dict[tuple[str, str, int], dict[str, Any]]:
        out: dict[tuple[str, str, int], dict[str, Any]] = {}
        seen: dict[tuple[str, str], int] = {}
        for row in input_rows(data):
            k = (row["process"], row["ref"])
            n = seen[k] = seen.get(k, -1) + 1  # the n-th input of the same ref in the same process
            out[(*k, n)] = row
        return out

    ka, kb = keyed(a), keyed(b)
    rows = []
    for key in sorted(ka.keys() | kb.keys()):
        ra, rb = ka.get(key), kb.get(key)
        if ra is not None and rb is not None and ra["amount"] == rb["amount"] and ra["unit"] == rb["unit"]:
            continue
        rows.append(
            {
                "process": key[0],
                "ref": key[1],
                "change": "+" if ra is None else "-" if rb is None else "~",
                "amount_a": None if ra is None else ra["amount"],
                "amount_b": None if rb is None else rb["amount"],
                "unit_a": "" if ra is None else ra["unit"],
                "unit_b": "" if rb is None else rb["unit"],
            }
        )
    return rows


def stage_changes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    """kg CO2e per functional unit by stage in results `a` and `b` and the difference (stages of either)."""
    sa, sb = a.get("by_stage") or {}, b.get("by_stage") or {}
    rows = [
        {
            "stage": s,
            "a": float(sa.get(s, 0.0)),
            "b": float(sb.get(s, 0.0)),
            "delta": float(sb.get(s, 0.0)) - float(sa.get(s, 0.0)),
        }
        for s in _ordered(sa, sb)
    ]
    rows.append(
        {
            "stage": "total",
            "a": float(a.get("total", 0.0)),
            "b": float(b.get("total", 0.0)),
            "delta": float(b.get("total", 0.0)) - float(a.get("total", 0.0)),
        }
    )
    return rows


def text_diff(a: str, b: str, *, name_a: str = "a", name_b: str = "b", context: int = 2) -> str:
    """A unified diff of two model texts ('' when they are equal)."""
    lines = difflib.unified_diff(
        a.splitlines(), b.splitlines(), fromfile=name_a, tofile=name_b, n=context, lineterm=""
    )
    return "\n".join(lines)


def _ordered(*maps: Mapping[str, Any]) -> list[str]:
    from footprint import Stage

    known = [s.value for s in Stage]
    keys = {k for m in maps for k in m}
    return [s for s in known if s in keys] + sorted(keys - set(known))
