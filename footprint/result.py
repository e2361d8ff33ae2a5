"""The result of a calculation: a plain, JSON-ready record (no timestamps, so equal inputs give equal bits)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

COMPACT_FROM = 5_000  # processes


def _copy(value: Any) -> Any:
    """A deep copy of plain JSON-like data (dicts, lists; tuples become lists), faster than `deepcopy`."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


@dataclass(frozen=True)
class Result:
    """A product footprint per functional unit with its explanation.

    `by_stage`, `by_process`, `by_factor` and `by_gas` each sum to `total` (kg CO2e per functional unit):
    burdens only. Credits (avoided burdens) are kept apart in `credits` (≤ 0, with `by_stage`,
    `by_process` and `items`); `end_of_life` holds the fates, recycled content and the net footprint
    under each end-of-life method (`views`); `net` is the view of the model's method (cut-off unless
    it says `end_of_life: {method: cff}`). Biogenic removals and offsets are reported, never netted.
    """

    product: dict[str, Any]
    functional_unit: str
    reference_flow: dict[str, Any]
    total: float
    gwp: str
    factor_release: str | None
    model_hash: str
    by_stage: dict[str, float]
    by_process: dict[str, float]
    by_factor: dict[str, float]
    by_gas: dict[str, float]
    supply: dict[str, float]
    processes: list[dict[str, Any]]
    factors: list[dict[str, Any]]
    tree: dict[str, Any]
    warnings: list[str]
    warning_details: list[dict[str, str]]
    data_quality: dict[str, Any]
    primary_data_share: float | None
    uncertainty: dict[str, Any] | None = None
    unit: str = "kg CO2e"
    extras: dict[str, Any] = field(default_factory=dict)
    credits: dict[str, Any] = field(
        default_factory=lambda: {"total": 0.0, "by_stage": {}, "by_process": {}, "items": []}
    )
    end_of_life: dict[str, Any] = field(default_factory=dict)
    net: float | None = None
    biogenic: dict[str, Any] = field(default_factory=dict)
    offsets: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A copy as plain dicts and lists (the caller may change it; the result stays as it was)."""
        return _copy(self._fields())

    def to_json(self, *, indent: int | None = 2) -> str:
        """The result as JSON (never NaN or Infinity); past `COMPACT_FROM` processes without indentation,
        which Python's fast encoder needs (a 100,000-process result: seconds instead of minutes)."""
        if indent is not None and len(self.processes) > COMPACT_FROM:
            indent = None
        return json.dumps(self._fields(), ensure_ascii=False, indent=indent, sort_keys=False, allow_nan=False)

    def _fields(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extras"}
        data.update(self.extras)
        return data

    def top_processes(self, n: int = 5) -> list[tuple[str, float]]:
        return sorted(self.by_process.items(), key=lambda kv: -abs(kv[1]))[:n]
