"""The end-of-life and circularity part of `pcf-model/1`: fates, avoided burdens, recycled content,
biogenic removals and offsets — the value objects and how a model file spells them.

These keys are additive (docs/model-format.md, "End of life, credits and recycled content"). The model
validator calls the `parse_*` functions with itself, so every problem is reported with its path like
the rest of the file. A credit is never a bare negative amount: it is a `substitutes:` entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from footprint.pathcheck import describe, join


class Fate(StrEnum):
    """What happens to the product (or a waste) in an end-of-life process."""

    RECYCLING_HYDRO = "recycling.hydrometallurgical"
    RECYCLING_PYRO = "recycling.pyrometallurgical"
    RECYCLING_DIRECT = "recycling.direct"
    LANDFILL = "landfill"
    INCINERATION = "incineration"  # without energy recovery (disposal)
    ENERGY_RECOVERY = "energy_recovery"  # incineration with energy recovery

    @property
    def is_recycling(self) -> bool:
        return self.value.startswith("recycling.")


FATE_NAMES: Mapping[Fate, Mapping[str, str]] = {
    Fate.RECYCLING_HYDRO: {"zh": "湿法冶金回收", "en": "hydrometallurgical recycling"},
    Fate.RECYCLING_PYRO: {"zh": "火法冶金回收", "en": "pyrometallurgical recycling"},
    Fate.RECYCLING_DIRECT: {"zh": "直接回收（修复再生）", "en": "direct recycling"},
    Fate.LANDFILL: {"zh": "填埋", "en": "landfill"},
    Fate.INCINERATION: {"zh": "焚烧（无能量回收）", "en": "incineration without energy recovery"},
    Fate.ENERGY_RECOVERY: {"zh": "焚烧能量回收", "en": "incineration with energy recovery"},
}


@dataclass(frozen=True)
class Substitution:
    """An avoided burden: `amount` of a recovered output (per operation of the process) displaces
    `quality_ratio` × as much of `material`, whose burden is a factor or a process of the model."""

    path: str
    material: str
    amount: float
    unit: str
    quality_ratio: float = 1.0  # Qsout/Qp for a recycled output
    factor: str | None = None
    process: str | None = None
    product: str | None = None  # the co-product this entry handles (system expansion)
    a: float | None = None  # CFF A of this material, when the model states it
    source: str = ""


@dataclass(frozen=True)
class RecycledContent:
    """The recycled share of an input and the recycled material's own factor."""

    path: str
    share: float  # R1
    factor: str  # Erecycled
    quality_ratio: float = 1.0  # Qsin/Qp
    a: float | None = None
    material: str = ""
    source: str = ""
    virgin_factor: str = ""  # Ev: the factor of the input it is part of


@dataclass(frozen=True)
class Removal:
    """A biogenic CO2 uptake (kg CO2 removed from the air per operation), reported apart, never netted."""

    path: str
    amount: float
    unit: str
    source: str = ""


@dataclass(frozen=True)
class Offset:
    """A carbon-offset certificate the model mentions: reported, never subtracted (ISO 14067)."""

    path: str
    amount: float
    unit: str
    scheme: str = ""
    source: str = ""


@dataclass(frozen=True)
class CffSettings:
    """CFF allocation factors stated on an end-of-life process (else the product category rule's)."""

    a: float | None = None
    b: float | None = None
    source: str = ""


def parse_fate(v: Any, d: Mapping[str, Any], path: str, stage: str | None) -> Fate | None:
    """`fate:` of a process; only end-of-life processes have one."""
    text = d.get("fate")
    if text is None:
        return None
    try:
        fate = Fate(str(text))
    except ValueError:
        v.err(join(path, "fate"), f"{text!r} is not one of {', '.join(f.value for f in Fate)}")
        return None
    if stage is not None and stage != "end_of_life":
        v.err(join(path, "fate"), f"only an end_of_life process has a fate (this one is stage {stage!r})")
    return fate


def parse_substitutes(v: Any, value: Any, path: str, co_products: Sequence[Any]) -> tuple[Substitution, ...]:
    """`substitutes:` — the avoided burdens of a process; the only place a credit may be written."""
    if value is None:
        return ()
    if not isinstance(value, list):
        v.err(path, f"expected a list, got {describe(value)}")
        return ()
    by_id = {c.id: c for c in co_products}
    out = []
    for i, raw in enumerate(value):
        p = f"{path}[{i}]"
        d = v.mapping(raw, p)
        if d is None:
            continue
        v.keys(
            d,
            p,
            {
                "material",
                "amount",
                "unit",
                "factor",
                "process",
                "product",
                "quality_ratio",
                "A",
                "source",
                "note",
            },
            {"material"},
        )
        factor, process, product = d.get("factor"), d.get("process"), d.get("product")
        if (factor is None) == (process is None):
            v.err(
                p,
                "a substitution names exactly one of `factor` or `process`: the burden of what is displaced",
            )
        co = None
        if product is not None:
            co = by_id.get(str(product))
            if co is None:
                v.err(
                    join(p, "product"),
                    f"not a co-product of this process ({', '.join(sorted(by_id)) or 'none'})",
                )
        amount = (
            v.number(d["amount"], join(p, "amount"), minimum=0.0, allow_equal=False)
            if "amount" in d
            else None
        )
        unit = v.unit(d["unit"], join(p, "unit")) if "unit" in d else ""
        if co is not None:
            amount = co.amount if amount is None else amount
            unit = unit or co.unit
        if amount is None and "amount" not in d:
            v.err(join(p, "amount"), "required (the recovered amount per unit of the process output)")
        if not unit and "unit" not in d:
            v.err(join(p, "unit"), "required")
        q = v.number(d.get("quality_ratio", 1.0), join(p, "quality_ratio"))
        if q is not None and q > 1:
            v.err(join(p, "quality_ratio"), f"a quality ratio (Qsout/Qp) lies in 0…1, got {q:g}")
        a = _share(v, d, "A", p)
        material = v.string(d, "material", p, required=True)
        if amount is None or not unit or q is None:
            continue
        out.append(
            Substitution(
                p,
                material,
                amount,
                unit,
                q,
                str(factor).strip() if factor is not None else None,
                str(process) if process is not None else None,
                str(product) if product is not None else None,
                a,
                _source_text(v, d, p),
            )
        )
    return tuple(out)


def parse_recycled_content(v: Any, value: Any, path: str) -> RecycledContent | None:
    """`recycled_content:` of an input: `{share, factor, quality_ratio, A, material, source}`."""
    if value is None:
        return None
    d = v.mapping(value, path)
    if d is None:
        return None
    v.keys(
        d, path, {"share", "factor", "quality_ratio", "A", "material", "source", "note"}, {"share", "factor"}
    )
    share = _share(v, d, "share", path)
    q = _share(v, d, "quality_ratio", path)
    factor = v.string(d, "factor", path, required=True)
    if share is None or not factor:
        return None
    return RecycledContent(
        path,
        share,
        factor,
        1.0 if q is None else q,
        _share(v, d, "A", path),
        v.string(d, "material", path),
        _source_text(v, d, path),
    )


def split_recycled(v: Any, item: Any, raw: Any) -> list[Any]:
    """An input with `recycled_content` as two inputs: the virgin share with its factor (Ev) and the
    recycled share with the recycled material's own factor (Erecycled), which carries the marker."""
    value = raw.get("recycled_content") if isinstance(raw, Mapping) else None
    if value is None:
        return [item]
    rc = parse_recycled_content(v, value, join(item.path, "recycled_content"))
    if rc is None:
        return [item]
    if item.factor is None:
        v.err(
            join(item.path, "recycled_content"),
            "recycled content applies to an input with a `factor` (the virgin material's factor, Ev)",
        )
        return [item]
    rc = replace(rc, virgin_factor=item.factor)
    out = []
    if rc.share < 1:
        out.append(
            replace(
                item, amount=item.amount * (1 - rc.share), uncertainty=_scaled(item.uncertainty, 1 - rc.share)
            )
        )
    if rc.share > 0:
        out.append(
            replace(
                item,
                path=rc.path,
                amount=item.amount * rc.share,
                factor=rc.factor,
                recycled=rc,
                uncertainty=_scaled(item.uncertainty, rc.share),
            )
        )
    return out


def _scaled(u: Any, k: float) -> Any:
    if u is None or u.distribution == "lognormal":
        return u
    return replace(
        u,
        sd=None if u.sd is None else u.sd * k,
        minimum=None if u.minimum is None else u.minimum * k,
        maximum=None if u.maximum is None else u.maximum * k,
    )


def parse_removals(v: Any, value: Any, path: str) -> tuple[Removal, ...]:
    """`removals:` of a process: biogenic CO2 uptake, `{amount, unit, source}` in kg CO2 (positive)."""
    from footprint.units import is_mass

    if value is None:
        return ()
    if not isinstance(value, list):
        v.err(path, f"expected a list, got {describe(value)}")
        return ()
    out = []
    for i, raw in enumerate(value):
        p = f"{path}[{i}]"
        d = v.mapping(raw, p)
        if d is None:
            continue
        v.keys(d, p, {"gas", "amount", "unit", "source", "note"}, {"amount", "unit", "source"})
        if d.get("gas", "CO2_biogenic") != "CO2_biogenic":
            v.err(join(p, "gas"), "a removal is biogenic CO2 uptake: gas CO2_biogenic")
        amount = v.number(d.get("amount"), join(p, "amount"))
        unit = v.unit(d.get("unit"), join(p, "unit"))
        if unit and not is_mass(unit):
            v.err(join(p, "unit"), f"a removal is a mass of CO2 (kg, t), got {unit!r}")
            unit = ""
        if amount is not None and unit:
            out.append(Removal(p, amount, unit, _source_text(v, d, p)))
    return tuple(out)


def parse_offsets(v: Any, value: Any, path: str) -> tuple[Offset, ...]:
    """Top-level `offsets:` — certificates a company holds; kept and reported, never subtracted."""
    if value is None:
        return ()
    if not isinstance(value, list):
        v.err(path, f"expected a list, got {describe(value)}")
        return ()
    out = []
    for i, raw in enumerate(value):
        p = f"{path}[{i}]"
        d = v.mapping(raw, p)
        if d is None:
            continue
        v.keys(d, p, {"amount", "unit", "scheme", "source", "note"}, {"amount", "unit"})
        amount = v.number(d.get("amount"), join(p, "amount"))
        unit = v.unit(d.get("unit"), join(p, "unit"))
        if amount is not None and unit:
            out.append(Offset(p, amount, unit, v.string(d, "scheme", p), _source_text(v, d, p)))
    return tuple(out)


def parse_cff(v: Any, value: Any, path: str) -> CffSettings | None:
    """`cff:` of an end-of-life process: `{A, B, source}` (the rule's defaults apply where absent)."""
    if value is None:
        return None
    d = v.mapping(value, path)
    if d is None:
        return None
    v.keys(d, path, {"A", "B", "source", "note"})
    return CffSettings(_share(v, d, "A", path), _share(v, d, "B", path), _source_text(v, d, path))


def check_eol_references(v: Any, processes: Mapping[str, Any], raw: Mapping[str, Any]) -> None:
    """Substitutions that name a process must name one of the model; system expansion covers every
    co-product with exactly one substitution."""
    for pid, process in processes.items():
        for s in process.substitutes:
            if s.process is not None and s.process not in raw:
                v.err(join(s.path, "process"), f"references a missing process {s.process!r}")
            if s.process == pid:
                v.err(join(s.path, "process"), "a process cannot displace its own product")
        alloc = process.allocation
        if alloc is not None and alloc.method == "system_expansion":
            handled = [s.product for s in process.substitutes if s.product]
            for i, c in enumerate(process.co_products):
                if handled.count(c.id) != 1:
                    v.err(
                        f"processes.{pid}.co_products[{i}]",
                        f"system expansion: co-product {c.id!r} needs exactly one `substitutes:` entry with "
                        f"product: {c.id} (what it displaces)",
                    )


def _share(v: Any, d: Mapping[str, Any], key: str, path: str) -> float | None:
    if d.get(key) is None:
        return None
    n = v.number(d[key], join(path, key))
    if n is not None and n > 1:
        v.err(join(path, key), f"must lie in 0…1, got {n:g}")
        return None
    return n


def _source_text(v: Any, d: Mapping[str, Any], path: str) -> str:
    source = d.get("source")
    return v.citation(source, join(path, "source"), required=False).text() if source else ""
