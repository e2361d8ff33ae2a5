"""The result of a calculation: a plain, JSON-ready record (no timestamps, so equal inputs give equal bits)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any


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
    credits: dict[str, Any] = field(default_factory=lambda: {"total": 0.0, "by_stage": {}, "by_process": {},
                                                               "items": []})
    end_of_life: dict[str, Any] = field(default_factory=dict)
    net: float | None = None
    biogenic: dict[str, Any] = field(default_factory=dict)
    offsets: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        extras = data.pop("extras")
        data.update(extras)
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False, allow_nan=False)

    def top_processes(self, n: int = 5) -> list[tuple[str, float]]:
        return sorted(self.by_process.items(), key=lambda kv: -abs(kv[1]))[:n]
