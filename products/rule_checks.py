"""The checks of a product category rule's parts: texts, matches, numbers, parameters, mass balance, ranges.

`RuleChecks` adds them to the shared `PathValidator` checks; `products.rule_loader` walks a rule file's
structure with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from footprint.model import Text
from footprint.pathcheck import PathValidator
from footprint.pathcheck import join as _join
from products.rule_params import LIFETIME, PARAMETER_CHECKS, RULE_WIDE, is_number
from products.rules import FunctionalUnit, FuQuantity, Match, Parameter, ParamStatus, PlausibleRange


class RuleChecks(PathValidator):
    """The checks of the parts of a rule file, each problem with its path."""

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
