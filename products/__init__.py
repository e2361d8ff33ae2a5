"""Product category rules, completeness and plausibility checks, lifetime energy, Excel data collection.

Lithium batteries first (cells, packs, storage, lithium carbonate, LFP cathode), and a PV module to show
the rules are general. Everything here builds on the core (`footprint`) and the factor database
(`factors`); nothing below imports this package.
"""

from products.checks import check, match_functional_unit, review
from products.errors import (
    CellIssue,
    CheckError,
    LifetimeParameterMissing,
    ProductsError,
    RuleError,
    UnknownRule,
    WorkbookError,
)
from products.example_models import example_files, example_path
from products.findings import Finding, Severity, by_severity, has_errors
from products.inventory import Gap, gaps
from products.lifetime import LifetimeEnergy, declared_stages, lifetime_energy, per_lifetime_energy
from products.rule_loader import load_rule, parse_rule
from products.rules import (
    ElectricityMethod,
    FunctionalUnit,
    ParamStatus,
    Rule,
    get_rule,
    list_rules,
    rule_for,
)
from products.scenarios import replace_factor
from products.workbook import read_workbook, write_template, write_workbook

__all__ = [
    "CellIssue",
    "CheckError",
    "ElectricityMethod",
    "Finding",
    "FunctionalUnit",
    "Gap",
    "LifetimeEnergy",
    "LifetimeParameterMissing",
    "ParamStatus",
    "ProductsError",
    "Rule",
    "RuleError",
    "Severity",
    "UnknownRule",
    "WorkbookError",
    "by_severity",
    "check",
    "declared_stages",
    "example_files",
    "example_path",
    "gaps",
    "get_rule",
    "has_errors",
    "lifetime_energy",
    "list_rules",
    "load_rule",
    "match_functional_unit",
    "parse_rule",
    "per_lifetime_energy",
    "read_workbook",
    "replace_factor",
    "review",
    "rule_for",
    "write_template",
    "write_workbook",
]
