"""The end-of-life method a product category rule prescribes (cut-off or CFF) applied to a result.

The rule names it per functional unit (`<fu>.end_of_life.method`, default cut-off for the Chinese label)
with the CFF allocation factors `cff.A` and `cff.B` where a public default exists; a model's own `cff:`
values take precedence. The calculation is `footprint.endoflife.method_view`, once for every face.
"""

from __future__ import annotations

from typing import Any

from footprint.circular import METHOD_NAMES, EolMethod
from footprint.endoflife import method_view
from footprint.result import Result
from products.rules import Rule


def rule_method(rule: Rule, functional_unit: str) -> tuple[EolMethod, dict[str, float | None]]:
    """The method and the CFF defaults {A, B} the rule states for `functional_unit` (cut-off if silent)."""
    method = EolMethod(rule.param("end_of_life.method", functional_unit, EolMethod.CUT_OFF.value))
    return method, {"A": rule.param("cff.A", functional_unit), "B": rule.param("cff.B", functional_unit)}


def end_of_life_settings(rule: Rule, functional_unit: str) -> dict[str, Any]:
    """What the core's exporters need (`ExportOptions.end_of_life`): method and CFF defaults."""
    method, defaults = rule_method(rule, functional_unit)
    return {"method": method.value, **defaults}


def rule_view(result: Result, rule: Rule, functional_unit: str) -> dict[str, Any]:
    """The result's net and stages under the rule's method; `missing` names absent CFF parameters."""
    method, defaults = rule_method(rule, functional_unit)
    view = method_view(
        result.total, result.by_stage, result.end_of_life, result.credits, method, defaults=defaults
    )
    view["name"] = dict(METHOD_NAMES[method])
    return view
