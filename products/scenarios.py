"""What-if variants of a model (e.g. another electricity factor): its data edited and validated again."""

from __future__ import annotations

import copy
from collections.abc import Mapping

from footprint.model import Model, parse_model


def replace_factor(model: Model, replacements: Mapping[str, str], *, suffix: str = "") -> Model:
    """A copy of `model` whose inputs use factor `new` wherever they used `old` (``{old: new}``).

    The product id gets `suffix` so results of the variants stay apart; `KeyError` names a reference
    the model does not use (a typo would otherwise silently change nothing).
    """
    data = copy.deepcopy(dict(model.data))
    used = set()
    for process in (data.get("processes") or {}).values():
        for item in process.get("inputs") or []:
            ref = item.get("factor")
            if ref in replacements:
                item["factor"] = replacements[ref]
                used.add(ref)
    unused = sorted(set(replacements) - used)
    if unused:
        raise KeyError(f"{model.file}: no input uses {', '.join(unused)}")
    if suffix:
        data["product"] = {**data["product"], "id": f"{data['product']['id']}{suffix}"}
    changes = ", ".join(f"{k} → {v}" for k, v in replacements.items())
    return parse_model(data, file=f"{model.file} ({changes})")
