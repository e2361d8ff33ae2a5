"""The rules the standards body publishes: validation of a PCR text, and the published rule that checks use.

A PCR draft's text is a `pcf-pcr/1` rule file. `validate_rule_text` runs the products package's loader
(schema, stages, units …) and then checks what only the database knows: every `default_factor` names a
factor code or activity that exists, every mass-balance role is a process role of the rule, and the stages
a process may sit in are stages the rule declares. `published_rule` is what checks and templates use: the
newest published PCR of that rule id, else the bundled file (version ``bundled:<its version>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from products.rules import Rule
from workflow.errors import InvalidInput
from workflow.tables import PcrDraft
from workflow.vocab import PcrStatus

BUNDLED_PREFIX = "bundled:"


@dataclass(frozen=True)
class PublishedRule:
    """A rule as checks use it: the rule, its id, the version it was published as, and its PCR row."""

    rule: Rule
    rule_id: str
    version: str
    pcr_id: int | None = None

    @property
    def bundled(self) -> bool:
        return self.pcr_id is None


def _refuse(issues: list[str]) -> InvalidInput:
    listed = "\n".join(f"  - {i}" for i in issues)
    return InvalidInput(
        f"not a valid product category rule: {len(issues)} problem(s):\n{listed}",
        code="rule_invalid",
        params={"n": len(issues), "issues": issues},
    )


def parse_rule_text(yaml_text: str, *, label: str = "<rule>") -> Rule:
    """The rule in `yaml_text`, or `InvalidInput` (code ``rule_invalid``) listing every problem."""
    import yaml

    from products.errors import RuleError
    from products.rule_loader import parse_rule

    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        raise _refuse([f"not valid YAML: {getattr(exc, 'problem', exc)}"]) from None
    try:
        return parse_rule(data, file=label)
    except RuleError as exc:
        raise _refuse([str(i) for i in exc.issues]) from None


def validate_rule_text(session: Session, yaml_text: str, *, label: str = "<rule>") -> Rule:
    """`parse_rule_text` plus the references only the database can check (factors, roles, stages)."""
    rule = parse_rule_text(yaml_text, label=label)
    issues: list[str] = []
    if any(i.default_factor for p in rule.processes for i in p.inputs) and not _factor_exists(session, ""):
        raise _refuse(
            [
                "the factor database is empty, so the rule's default factors cannot be checked; "
                "load it first (pcf db init)"
            ]
        )
    roles = {p.role for p in rule.processes}
    for role in rule.mass_balance_roles:
        if role not in roles:
            issues.append(
                f"mass_balance: role {role!r} is not a process role of the rule ({', '.join(sorted(roles))})"
            )
    declared = set(rule.stages)
    for p in rule.processes:
        for stage in p.stages:
            if declared and stage not in declared:
                issues.append(f"processes.{p.role}.stages: {stage} is not one of the rule's stages")
        for i in p.inputs:
            if i.default_factor and not _factor_exists(session, i.default_factor):
                issues.append(
                    f"processes.{p.role}.inputs.{i.role}.default_factor: no factor code or activity "
                    f"{i.default_factor!r} in the factor database"
                )
    if issues:
        raise _refuse(issues)
    return rule


def _factor_exists(session: Session, ref: str) -> bool:
    """A factor whose code or activity is `ref` (or whose code starts with it); "" = any factor at all."""
    from factors.tables import Factor

    if not ref:
        return session.exec(select(Factor.id).limit(1)).first() is not None
    found = session.exec(
        select(Factor.id).where((col(Factor.code) == ref) | (col(Factor.activity) == ref)).limit(1)
    ).first()
    if found is not None:
        return True
    prefix = session.exec(select(Factor.id).where(col(Factor.code).startswith(ref + ".")).limit(1)).first()
    return prefix is not None


def _published(session: Session) -> list[tuple[PcrDraft, Rule]]:
    rows = session.exec(
        select(PcrDraft)
        .where(PcrDraft.status == PcrStatus.PUBLISHED.value)
        .order_by(col(PcrDraft.published_at).desc(), col(PcrDraft.id).desc())
    ).all()
    out = []
    for row in rows:
        try:
            out.append((row, parse_rule_text(row.yaml_text, label=f"PCR {row.code} {row.version}")))
        except InvalidInput:  # published before validation existed; never used for checks
            continue
    return out


def published_rule(session: Session, rule_id: str) -> PublishedRule:
    """The newest published PCR of `rule_id`, else the bundled rule of that id (`UnknownRule` if none)."""
    from products.rules import get_rule

    for row, rule in _published(session):
        if rule.id == rule_id:
            return PublishedRule(rule, rule.id, row.version, row.id)
    rule = get_rule(rule_id)
    return PublishedRule(rule, rule.id, f"{BUNDLED_PREFIX}{rule.version}")


def rule_for_model(session: Session, model: Any) -> PublishedRule:
    """The rule for the model's category (most specific `applies_to`), published rules before bundled ones."""
    from products.rules import category_covers, list_rules, rule_for

    category = model.product.category
    best: tuple[int, PublishedRule] | None = None
    for row, rule in _published(session):
        for prefix in rule.applies_to:
            if category_covers(prefix, category) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), PublishedRule(rule, rule.id, row.version, row.id))
    bundled = (
        rule_for(model)
        if any(category_covers(p, category) for r in list_rules() for p in r.applies_to)
        else None
    )
    if bundled is not None:
        length = max(len(p) for p in bundled.applies_to if category_covers(p, category))
        if best is None or length > best[0]:
            return published_rule(session, bundled.id)
    if best is None:
        return PublishedRule(rule_for(model), "", "")  # rule_for raises UnknownRule naming the categories
    return best[1]
