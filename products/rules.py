"""Product category rules (PCRs): the versioned YAML files of `products/rules/` as immutable objects.

A rule states, for one product category, the functional units it accepts (each with its system boundary
and life-cycle stages), the processes and inputs a declaration must contain (matched by `role`), which
processes are mass-balanced, plausible result ranges from cited literature, and named parameters for
every policy value (cut-off limits, electricity methods, GWP set, data-quality minimum, lifetime energy,
declaration stage maps). A parameter carries its status: ``verified`` (cited), ``unverified`` (a rule the
research could not confirm, see ../shared/research/standards.md) or ``project_default`` (a choice of this
project, no source). The loader lives in `products.rule_loader` and reports every problem with its path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from footprint.model import Citation, Model, Stage, Text

FORMAT = "pcf-pcr/1"
RULES_DIR = Path(__file__).parent / "rules"
STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


class ParamStatus(StrEnum):
    """Where a rule parameter's default comes from."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    PROJECT_DEFAULT = "project_default"


class FuQuantity(StrEnum):
    """What the functional unit counts."""

    RATED_ENERGY = "rated_energy"  # kWh of rated (nameplate) energy, cradle-to-gate label practice
    LIFETIME_ENERGY = "lifetime_energy"  # kWh delivered over the service life (EU Art. 7, MIIT declaration)
    MASS = "mass"
    POWER = "power"  # rated power, e.g. Wp of a PV module


class ElectricityMethod(StrEnum):
    """How purchased or generated electricity is modelled."""

    PROVINCIAL_GRID = "provincial_grid"
    REGIONAL_GRID = "regional_grid"
    NATIONAL_GRID = "national_grid"
    SUPPLIER_SPECIFIC = "supplier_specific"  # contractual instruments: green certificates, PPAs, tariffs
    DIRECT_LINE = "direct_line"  # generation directly connected to the plant
    ON_SITE = "on_site"


@dataclass(frozen=True)
class Match:
    """Which models a part of a rule applies to: battery chemistry and/or product-category prefixes."""

    chemistry: tuple[str, ...] = ()
    category: tuple[str, ...] = ()

    def matches(self, model: Model) -> bool:
        """True when every given criterion holds for `model` (an empty match holds for all)."""
        if self.chemistry:
            chem = normalise_chemistry(str(model.product.battery.get("chemistry", "")))
            if chem not in {normalise_chemistry(c) for c in self.chemistry}:
                return False
        return not self.category or any(category_covers(c, model.product.category) for c in self.category)


@dataclass(frozen=True)
class Parameter:
    """A named policy value of a rule with its documentation and where it comes from."""

    name: str
    value: Any
    status: ParamStatus
    doc: Text
    source: Citation | None = None
    unit: str = ""


@dataclass(frozen=True)
class FunctionalUnit:
    """One functional unit a rule accepts, with its boundary and the stages it requires and allows."""

    id: str
    quantity: FuQuantity
    amount: float
    unit: str
    text: Text
    boundary: str
    required_stages: tuple[Stage, ...]
    allowed_stages: tuple[Stage, ...]
    aliases: tuple[str, ...] = ()
    default: bool = False
    note: Text = field(default_factory=Text)

    def label(self, lang: str = "en") -> str:
        return self.text.get(lang)


@dataclass(frozen=True)
class InputSpec:
    """An input a process of a given role must (or may) have, matched by the input's `role`."""

    role: str
    name: Text
    mandatory: bool
    unit: str = ""
    default_factor: str = ""  # activity or code of the default secondary data
    match: Match = Match()
    note: Text = field(default_factory=Text)


@dataclass(frozen=True)
class ProcessSpec:
    """A process role of the rule: where it may sit in the life cycle and what it must contain."""

    role: str
    name: Text
    mandatory: bool
    stages: tuple[Stage, ...]
    output_unit: str = ""
    inputs: tuple[InputSpec, ...] = ()
    match: Match = Match()
    note: Text = field(default_factory=Text)


@dataclass(frozen=True)
class PlausibleRange:
    """A literature range of results per functional unit; `scale` turns its unit into per-FU values."""

    id: str
    functional_unit: str
    match: Match
    unit: str
    source: Citation
    low: float | None = None
    central: float | None = None
    high: float | None = None
    scale: float = 1.0
    note: Text = field(default_factory=Text)

    def per_fu(self, value: float | None) -> float | None:
        return None if value is None else value * self.scale


@dataclass(frozen=True)
class Rule:
    """A validated product category rule."""

    id: str
    version: str
    status: str
    title: Text
    applies_to: tuple[str, ...]
    scope: Text
    functional_units: tuple[FunctionalUnit, ...]
    stages: Mapping[Stage, Text]
    processes: tuple[ProcessSpec, ...]
    parameters: Mapping[str, Parameter]
    mass_balance_roles: tuple[str, ...] = ()
    ranges: tuple[PlausibleRange, ...] = ()
    references: tuple[Citation, ...] = ()
    notes: Text = field(default_factory=Text)
    file: str = ""
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def covers(self, category: str) -> bool:
        """True when the rule applies to a product of `category`."""
        return any(category_covers(prefix, category) for prefix in self.applies_to)

    def functional_unit(self, fu_id: str | None = None) -> FunctionalUnit:
        """The functional unit `fu_id`, or the rule's default one."""
        if fu_id is None:
            return next(f for f in self.functional_units if f.default)
        for f in self.functional_units:
            if f.id == fu_id:
                return f
        from products.errors import UnknownRule

        raise UnknownRule(
            f"rule {self.id!r} has no functional unit {fu_id!r}; it has "
            f"{', '.join(f.id for f in self.functional_units)}"
        )

    def parameter(self, name: str, fu: FunctionalUnit | str | None = None) -> Parameter | None:
        """The parameter `name` for `fu` (``<fu id>.<name>`` first, then the rule-wide ``<name>``)."""
        fu_id = fu.id if isinstance(fu, FunctionalUnit) else fu
        if fu_id and f"{fu_id}.{name}" in self.parameters:
            return self.parameters[f"{fu_id}.{name}"]
        return self.parameters.get(name)

    def param(self, name: str, fu: FunctionalUnit | str | None = None, default: Any = None) -> Any:
        """The value of parameter `name` for `fu`, or `default` when the rule does not state it."""
        p = self.parameter(name, fu)
        return default if p is None else p.value

    def process_specs(self, model: Model | None = None) -> list[ProcessSpec]:
        """The process roles of the rule that apply to `model` (all when None)."""
        return [p for p in self.processes if model is None or p.match.matches(model)]

    def unverified(self) -> list[Parameter]:
        """Parameters whose default encodes a rule the research could not confirm."""
        return [p for p in self.parameters.values() if p.status is ParamStatus.UNVERIFIED]


def category_covers(prefix: str, category: str) -> bool:
    """``battery.cell`` covers ``battery.cell`` and ``battery.cell.lfp`` but not ``battery.cells``."""
    return category == prefix or category.startswith(prefix + ".")


def normalise_chemistry(text: str) -> str:
    """Chemistry names compared case-blind, with NMC and NCM treated as the same word."""
    return re.sub(r"[\s_-]", "", text.upper()).replace("NMC", "NCM")


# --- registry ---------------------------------------------------------------------------------
def rule_files(directory: Path = RULES_DIR) -> list[Path]:
    """The rule files shipped with the package, sorted by name."""
    return sorted(directory.glob("*.yaml"))


@lru_cache(maxsize=1)
def _bundled() -> tuple[Rule, ...]:
    from products.rule_loader import load_rule

    return tuple(load_rule(path) for path in rule_files())


def list_rules() -> list[Rule]:
    """Every bundled rule, loaded and validated (cached)."""
    return list(_bundled())


def get_rule(rule_id: str) -> Rule:
    """The bundled rule `rule_id`; `UnknownRule` names the known ids otherwise."""
    from products.errors import UnknownRule

    for rule in _bundled():
        if rule.id == rule_id:
            return rule
    raise UnknownRule(
        f"no product category rule {rule_id!r}; known rules: {', '.join(r.id for r in _bundled())}"
    )


def rule_for(model: Model) -> Rule:
    """The bundled rule for the model's product category (the most specific `applies_to` prefix)."""
    from products.errors import UnknownRule

    category = model.product.category
    best: tuple[int, Rule] | None = None
    for rule in _bundled():
        for prefix in rule.applies_to:
            if category_covers(prefix, category) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), rule)
    if best is None:
        known = sorted({p for r in _bundled() for p in r.applies_to})
        raise UnknownRule(
            f"{model.file}: no product category rule covers product.category "
            f"{category!r}; rules exist for {', '.join(known)} (or name one with --rule)"
        )
    return best[1]
