"""Loading and validating product category rule files (`pcf-pcr/1`), every problem reported with its path.

The shape of a rule file is documented in products/rules/README.md; unknown keys are errors (a typo
must not silently change a rule), and texts shown to enterprises need both Chinese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from footprint.errors import Issue
from footprint.model import Stage, Text
from footprint.pathcheck import PathValidator
from products.errors import RuleError
from products.rule_params import LIFETIME, PARAMETER_CHECKS, RULE_WIDE, is_number
from products.rules import (
    FORMAT,
    FunctionalUnit,
    FuQuantity,
    InputSpec,
    Match,
    Parameter,
    ParamStatus,
    PlausibleRange,
    ProcessSpec,
    Rule,
)


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


class _RuleValidator(PathValidator):
    """Walks the parsed YAML of a rule, building objects and collecting issues with their paths."""

    def text(self, value: Any, path: str, *, required: bool = True) -> Text:
        if value is None:
            if required:
                self.err(path, "required: a text in Chinese and English ({zh: …, en: …})")
            return Text()
        d = self.mapping(value, path)
        if d is None:
            return Text()
        self.keys(d, path, {"zh", "en"}, {"zh", "en"})
        return Text(self.string(d, "zh", path), self.string(d, "en", path))

    def match(self, value: Any, path: str) -> Match:
        if value is None:
            return Match()
        d = self.mapping(value, path)
        if d is None:
            return Match()
        self.keys(d, path, {"chemistry", "category"})
        lists = []
        for key in ("chemistry", "category"):
            raw = d.get(key, [])
            if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
                self.err(_join(path, key), "expected a list of names")
                raw = []
            lists.append(tuple(raw))
        return Match(*lists)

    def number(self, value: Any, path: str) -> float | None:
        if value is None:
            return None
        if not is_number(value):
            self.err(path, f"expected a number, got {value!r}")
            return None
        return float(value)

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

    def mass_balance(self, value: Any, path: str, roles: set[str]) -> tuple[str, ...]:
        if value is None:
            return ()
        d = self.mapping(value, path) or {}
        self.keys(d, path, {"processes"}, {"processes"})
        listed = d.get("processes")
        if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
            self.err(_join(path, "processes"), "expected a list of process roles")
            return ()
        for i, role in enumerate(listed):
            if role not in roles:
                self.err(f"{path}.processes[{i}]", f"{role!r} is not a process role of this rule")
        return tuple(listed)

    def parameters(
        self, value: Any, path: str, fus: tuple[FunctionalUnit, ...], mass_balance: bool
    ) -> dict[str, Parameter]:
        d = self.mapping(value, path) or {}
        fu_ids = {f.id for f in fus}
        out: dict[str, Parameter] = {}
        for name, raw in d.items():
            p = _join(path, str(name))
            prefix, _, rest = str(name).partition(".")
            base = rest if prefix in fu_ids else str(name)
            if base not in PARAMETER_CHECKS:
                self.err(
                    p,
                    f"unknown parameter; known: {', '.join(PARAMETER_CHECKS)} (optionally "
                    f"prefixed by a functional unit id: {', '.join(sorted(fu_ids))})",
                )
                continue
            pd = self.mapping(raw, p)
            if pd is None:
                continue
            self.keys(pd, p, {"value", "status", "doc", "source", "unit"}, {"value", "status", "doc"})
            try:
                status = ParamStatus(str(pd.get("status")))
            except ValueError:
                self.err(_join(p, "status"), f"expected one of {', '.join(s.value for s in ParamStatus)}")
                continue
            problem = PARAMETER_CHECKS[base](pd.get("value"))
            if problem:
                self.err(_join(p, "value"), problem)
            source = self.cited(pd.get("source"), _join(p, "source"))
            if status is not ParamStatus.PROJECT_DEFAULT and source is None:
                self.err(_join(p, "source"), f"a {status.value} parameter cites its source")
            doc = self.text(pd.get("doc"), _join(p, "doc"))
            out[str(name)] = Parameter(
                str(name), pd.get("value"), status, doc, source, self.string(pd, "unit", p)
            )
        needed = list(RULE_WIDE) + (["mass_balance.tolerance"] if mass_balance else [])
        for f in fus:
            names = needed + (list(LIFETIME) if f.quantity is FuQuantity.LIFETIME_ENERGY else [])
            for base in names:
                if base not in out and f"{f.id}.{base}" not in out:
                    self.err(path, f"missing parameter {base!r} (rule-wide or as {f.id}.{base})")
            smap = out.get(f"{f.id}.stage_map")
            names_p = out.get(f"{f.id}.stage_names")
            if smap and names_p and isinstance(smap.value, Mapping) and isinstance(names_p.value, Mapping):
                for stage, label in smap.value.items():
                    if label is not None and label not in names_p.value:
                        self.err(
                            f"{path}.{f.id}.stage_map.value.{stage}",
                            f"{label!r} has no entry in {f.id}.stage_names",
                        )
        return out

    def plausible_range(
        self, value: Any, path: str, fus: tuple[FunctionalUnit, ...]
    ) -> PlausibleRange | None:
        from footprint.units import UnitError, conversion_factor, split_intensity

        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {"id", "functional_unit", "match", "unit", "low", "central", "high", "source", "note"},
            {"id", "functional_unit", "unit"},
        )
        fu = next((f for f in fus if f.id == d.get("functional_unit")), None)
        if fu is None:
            self.err(
                _join(path, "functional_unit"),
                f"not a functional unit of this rule ({', '.join(f.id for f in fus)})",
            )
        scale = 1.0
        try:
            mult, denominator, _basis = split_intensity(str(d.get("unit", "")))
            if fu is not None:
                scale = mult * conversion_factor(fu.unit, denominator) * fu.amount
        except UnitError as exc:
            self.err(_join(path, "unit"), str(exc))
        low, central, high = (self.number(d.get(k), _join(path, k)) for k in ("low", "central", "high"))
        present = [x for x in (low, central, high) if x is not None]
        if not present:
            self.err(path, "give at least one of low, central, high")
        elif present != sorted(present):
            self.err(path, "expected low <= central <= high")
        source = self.cited(d.get("source"), _join(path, "source"))
        if fu is None or source is None:
            if source is None:
                self.err(_join(path, "source"), "a plausible range cites its source")
            return None
        return PlausibleRange(
            id=self.string(d, "id", path, required=True),
            functional_unit=fu.id,
            match=self.match(d.get("match"), _join(path, "match")),
            unit=str(d.get("unit")),
            source=source,
            low=low,
            central=central,
            high=high,
            scale=scale,
            note=self.text(d.get("note"), _join(path, "note"), required=False),
        )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
