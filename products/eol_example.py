"""The LFP pack example with its end-of-life stage (products/examples/fragments/lfp-pack-end-of-life.yaml).

The pack example itself is declared for the Chinese label (1 kWh rated energy, cradle-to-gate), whose
boundary has no end-of-life stage; the MIIT and EU declarations of the same pack need one. The fragment
adds the recycling of the pack's cells as an input of the pack assembly, so one function gives the
four-stage pack model to tests, notebooks and the app.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from footprint.model import Model, parse_model, read_model_data
from products.example_models import EXAMPLES_DIR

FRAGMENT = EXAMPLES_DIR / "fragments" / "lfp-pack-end-of-life.yaml"


def with_end_of_life(pack: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """`pack` (parsed model data) with the fragment's processes, factors, method and attaching input."""
    data = copy.deepcopy(pack)
    frag = copy.deepcopy(fragment)
    clash = (set(frag["processes"]) & set(data["processes"])) | (
        set(frag.get("factors") or {}) & set(data.get("factors") or {})
    )
    if clash:
        raise ValueError(f"the fragment redefines {', '.join(sorted(clash))} of the pack model")
    data["processes"].update(frag["processes"])
    data.setdefault("factors", {}).update(frag.get("factors") or {})
    data["end_of_life"] = frag["end_of_life"]
    attach = frag["attach"]
    data["processes"][attach["process"]].setdefault("inputs", []).append(attach["input"])
    return data


def pack_with_end_of_life(pack_file: Path | None = None, *, method: str | None = None) -> Model:
    """The LFP pack example with its end-of-life stage (`method` overrides the fragment's cut_off)."""
    data = with_end_of_life(
        read_model_data(pack_file or EXAMPLES_DIR / "lfp-pack.yaml"), read_model_data(FRAGMENT)
    )
    if method:
        data["end_of_life"] = {"method": method}
    return parse_model(data, file=f"{pack_file or 'lfp-pack.yaml'} + {FRAGMENT.name}")
