"""Loading and validating product category rule files (`pcf-pcr/1`), every problem reported with its path.

The shape of a rule file is documented in products/rules/README.md; unknown keys are errors (a typo
must not silently change a rule), and texts shown to enterprises need both Chinese and English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from footprint.errors import Issue
from footprint.model import Stage, Text
from footprint.pathcheck import join as _join
from products.errors import RuleError
from products.rule_checks import RuleChecks
from products.rules import FORMAT, FunctionalUnit, FuQuantity, InputSpec, ProcessSpec, Rule


def load_rule(path: str | Path) -> Rule:
    """Read and validate a rule file; `RuleError` lists every problem with its path."""
    from footprint.safeload import InputRefused, load_yaml_file

    try:
        data = load_yaml_file(path)
    except InputRefused as exc:
        raise RuleError(str(path), [exc.issue()]) from None
    return parse_rule(data, file=str(path))


def parse_rule(data: Any, *, file: str = "<rule>") -> Rule:
    """Validate a rule given as parsed YAML; `RuleError` lists every problem with its path."""
    v = _RuleValidator(file)
    rule = v.rule(data)
    if v.issues or rule is None:
        raise RuleError(file, v.issues or [Issue("", "not a product category rule")])
    return rule


class _RuleValidator(RuleChecks):
    """Walks the parsed YAML of a rule, building objects and collecting issues with their paths."""

    # -- structure --
    def rule(self, data: Any) -> Rule | None:
        d = self.mapping(data, "")
        if d is None:
            return None
        self.keys(
            d,
            "",
            {
                "format",
                "id",
                "version",
                "status",
                "title",
                "applies_to",
                "scope",
                "references",
                "functional_units",
                "stages",
                "processes",
                "mass_balance",
                "plausible_ranges",
                "parameters",
                "notes",
            },
            {
                "format",
                "id",
                "version",
                "title",
                "applies_to",
                "scope",
                "functional_units",
                "stages",
                "processes",
                "parameters",
            },
        )
        if "format" in d and d.get("format") != FORMAT:
            self.err("format", f"expected {FORMAT!r}, got {d.get('format')!r}")
        rid = self.string(d, "id", "", required=True)
        applies = d.get("applies_to")
        if not isinstance(applies, list) or not applies or not all(isinstance(x, str) and x for x in applies):
            self.err("applies_to", "expected a non-empty list of product categories (e.g. battery.cell)")
            applies = []
        fus = self.functional_units(d.get("functional_units"), "functional_units")
        stages = self.stage_texts(d.get("stages"), "stages")
        processes = tuple(
            self.process(raw, f"processes[{i}]")
            for i, raw in enumerate(self.list_of(d, "processes", "", required=True))
        )
        roles = [p.role for p in processes if p is not None]
        for role in {r for r in roles if roles.count(r) > 1}:
            self.err("processes", f"process role {role!r} is defined twice")
        mb = self.mass_balance(d.get("mass_balance"), "mass_balance", set(roles))
        params = self.parameters(d.get("parameters"), "parameters", fus, bool(mb))
        ranges = tuple(
            self.plausible_range(raw, f"plausible_ranges[{i}]", fus)
            for i, raw in enumerate(self.list_of(d, "plausible_ranges", ""))
        )
        refs = tuple(
            c
            for i, raw in enumerate(self.list_of(d, "references", ""))
            if (c := self.cited(raw, f"references[{i}]")) is not None
        )
        version = self.string(d, "version", "", required=True)
        title, scope = self.text(d.get("title"), "title"), self.text(d.get("scope"), "scope")
        notes = self.text(d.get("notes"), "notes", required=False)
        if self.issues:
            return None
        return Rule(
            rid,
            version,
            self.string(d, "status", "") or "draft",
            title,
            tuple(applies),
            scope,
            fus,
            stages,
            tuple(p for p in processes if p is not None),
            params,
            mb,
            tuple(r for r in ranges if r is not None),
            refs,
            notes,
            self.file,
            dict(d),
        )

    def functional_units(self, value: Any, path: str) -> tuple[FunctionalUnit, ...]:
        if not isinstance(value, list) or not value:
            self.err(path, "expected a non-empty list of functional units")
            return ()
        out: list[FunctionalUnit] = []
        for i, raw in enumerate(value):
            p = f"{path}[{i}]"
            d = self.mapping(raw, p)
            if d is None:
                continue
            self.keys(
                d,
                p,
                {
                    "id",
                    "default",
                    "quantity",
                    "amount",
                    "unit",
                    "text",
                    "aliases",
                    "boundary",
                    "stages",
                    "note",
                },
                {"id", "quantity", "amount", "unit", "text", "boundary", "stages"},
            )
            try:
                quantity = FuQuantity(str(d.get("quantity")))
            except ValueError:
                self.err(_join(p, "quantity"), f"expected one of {', '.join(q.value for q in FuQuantity)}")
                continue
            sd = self.mapping(d.get("stages"), _join(p, "stages")) or {}
            self.keys(sd, _join(p, "stages"), {"required", "allowed"}, {"required", "allowed"})
            required = self.stage_list(sd.get("required"), _join(p, "stages.required"))
            allowed = self.stage_list(sd.get("allowed"), _join(p, "stages.allowed"))
            if set(required) - set(allowed):
                self.err(_join(p, "stages"), "every required stage must also be allowed")
            aliases = d.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                self.err(_join(p, "aliases"), "expected a list of texts")
                aliases = []
            amount = self.number(d.get("amount"), _join(p, "amount"))
            default = d.get("default", False)
            if not isinstance(default, bool):
                self.err(_join(p, "default"), "expected true or false")
            out.append(
                FunctionalUnit(
                    id=self.string(d, "id", p, required=True),
                    quantity=quantity,
                    amount=amount or 0.0,
                    unit=self.unit_text(d.get("unit"), _join(p, "unit")),
                    text=self.text(d.get("text"), _join(p, "text")),
                    boundary=self.string(d, "boundary", p, required=True),
                    required_stages=required,
                    allowed_stages=allowed,
                    aliases=tuple(aliases),
                    default=default is True,
                    note=self.text(d.get("note"), _join(p, "note"), required=False),
                )
            )
        ids = [f.id for f in out]
        for dup in {x for x in ids if ids.count(x) > 1}:
            self.err(path, f"functional unit id {dup!r} is used twice")
        if out and sum(f.default for f in out) != 1:
            self.err(path, "exactly one functional unit needs `default: true`")
        return tuple(out)

    def stage_texts(self, value: Any, path: str) -> dict[Stage, Text]:
        d = self.mapping(value, path) or {}
        out = {}
        for key, raw in d.items():
            try:
                out[Stage(key)] = self.text(raw, _join(path, str(key)))
            except ValueError:
                self.err(_join(path, str(key)), f"not one of {', '.join(s.value for s in Stage)}")
        return out

    def process(self, value: Any, path: str) -> ProcessSpec | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {"role", "name", "mandatory", "stages", "output_unit", "inputs", "match", "note"},
            {"role", "name", "mandatory", "stages"},
        )
        inputs = []
        for i, raw in enumerate(self.list_of(d, "inputs", path)):
            p = f"{path}.inputs[{i}]"
            di = self.mapping(raw, p)
            if di is None:
                continue
            self.keys(
                di,
                p,
                {"role", "name", "mandatory", "unit", "default_factor", "match", "note"},
                {"role", "name", "mandatory"},
            )
            inputs.append(
                InputSpec(
                    role=self.string(di, "role", p, required=True),
                    name=self.text(di.get("name"), _join(p, "name")),
                    mandatory=self.boolean(di, "mandatory", p),
                    unit=self.unit_text(di.get("unit"), _join(p, "unit")),
                    default_factor=self.string(di, "default_factor", p),
                    match=self.match(di.get("match"), _join(p, "match")),
                    note=self.text(di.get("note"), _join(p, "note"), required=False),
                )
            )
        return ProcessSpec(
            role=self.string(d, "role", path, required=True),
            name=self.text(d.get("name"), _join(path, "name")),
            mandatory=self.boolean(d, "mandatory", path),
            stages=self.stage_list(d.get("stages"), _join(path, "stages")),
            output_unit=self.unit_text(d.get("output_unit"), _join(path, "output_unit")),
            inputs=tuple(inputs),
            match=self.match(d.get("match"), _join(path, "match")),
            note=self.text(d.get("note"), _join(path, "note"), required=False),
        )
