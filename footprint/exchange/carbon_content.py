"""Fossil and biogenic carbon content per declared unit, derived from the bill of materials (for PACT).

The carbon mass fraction of a material is a property of its chemistry (`carbon_materials`: stoichiometry
under the IUPAC 2021 standard atomic weights, or a cited composition). The derivation walks the product's
bill of materials from the reference process: inputs that end up in the product (``bom`` not false) with a
mass, and declared data gaps (x-gaps) with an amount. A model marks a material with ``x-carbon:`` on an
input, a gap or a process (the composition of its output: the walk stops there), as a key of `MATERIALS`,
``{fraction, origin, source}`` or ``{mixture: {key: share}, source}``; inputs of known factor codes and gaps
with a known material name are recognised. Whatever stays unknown is named, never counted as zero. A gap
whose amount no public source gives may be declared outside the carbon content with ``x-carbon: {excluded:
why, source}`` (as it is outside the footprint): it is named in the derivation and the export's comment, and
the content is then a stated lower bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from footprint.exchange.carbon_materials import (
    MATERIALS,
    NAME_WORDS,
    CarbonError,
    Material,
    carbon_fraction,
    material_of,
    material_of_code,
)

__all__ = [
    "MATERIALS",
    "CarbonContent",
    "CarbonError",
    "Line",
    "Material",
    "carbon_fraction",
    "derive_carbon",
    "material_of",
    "material_of_code",
]

NOT_MATERIAL = ("electricity", "heat", "steam", "fuel", "transport")  # gap roles that are no constituents


@dataclass(frozen=True)
class Line:
    """One material's part of the carbon content, per declared unit."""

    path: str
    name: str
    mass: float  # kg per declared unit
    fraction: float
    origin: str
    basis: str

    @property
    def carbon(self) -> float:
        return self.mass * self.fraction


@dataclass(frozen=True)
class CarbonContent:
    """Fossil and biogenic kg C per declared unit, the lines they come from, and what stayed unknown."""

    fossil: float
    biogenic: float
    lines: tuple[Line, ...]
    unknown: tuple[tuple[str, str], ...] = field(default=())  # (model path, what is unknown)
    excluded: tuple[tuple[str, str], ...] = field(default=())  # (model path, what and why), declared

    def summary(self) -> str:
        """The derivation in one sentence (for an export's comment)."""
        parts = [f"{ln.name} {ln.mass:.6g} kg x {ln.fraction:.4f}" for ln in self.lines if ln.carbon]
        zero = sorted({ln.name for ln in self.lines if not ln.carbon})
        listed = "; ".join(parts) or "no carbon-bearing material"
        text = f"Carbon content derived from the bill of materials: {listed}"
        text += f" (no carbon: {', '.join(zero)})" if zero else ""
        if self.excluded:
            out = "; ".join(what for _, what in self.excluded)
            text += f". Not included, declared by the model (a lower bound therefore): {out}"
        return text


def derive_carbon(study: Any) -> CarbonContent:
    """The carbon content per declared unit of `study`'s product (see the module docstring)."""
    walker = _Walker(study)
    ref = study.model.processes[study.product.reference_flow.process]
    walker.process(ref.id, float(study.reference_units), f"processes.{ref.id}", depth=0)
    fossil = sum(ln.carbon for ln in walker.lines if ln.origin == "fossil")
    biogenic = sum(ln.carbon for ln in walker.lines if ln.origin == "biogenic")
    return CarbonContent(fossil, biogenic, tuple(walker.lines), tuple(walker.unknown), tuple(walker.excluded))


class _Walker:
    def __init__(self, study: Any) -> None:
        self.model = study.model
        self.raw: Mapping[str, Any] = study.model.data.get("processes") or {}
        self.lines: list[Line] = []
        self.unknown: list[tuple[str, str]] = []
        self.excluded: list[tuple[str, str]] = []

    def process(self, pid: str, level: float, path: str, *, depth: int) -> None:
        """Add the constituents of `level` output units of process `pid`."""
        from footprint.units import UnitError, convert, is_mass

        if depth > 50:
            self.unknown.append((path, "the bill of materials nests more than 50 levels (a cycle?)"))
            return
        process = self.model.processes[pid]
        raw = self.raw.get(pid) or {}
        per_output = level / process.output.amount
        own = raw.get("x-carbon")
        if own is not None:
            try:
                mass = self._kg(level, process.output.unit, process.output.mass)
            except UnitError as exc:
                self.unknown.append((f"processes.{pid}.output", str(exc)))
                return
            self._add(f"processes.{pid}.x-carbon", process.name.get("en") or pid, mass, own)
            return
        for k, item in enumerate(process.inputs):
            ipath = f"processes.{pid}.inputs[{k}]"
            spec = (raw.get("inputs") or [{}] * (k + 1))[k]
            spec = spec.get("x-carbon") if isinstance(spec, Mapping) else None
            if not item.bom:
                continue
            amount = item.amount * per_output
            if item.process is not None and spec is None:
                sub = self.model.processes[item.process]
                try:
                    sub_level = convert(amount, item.unit, sub.output.unit)
                except UnitError as exc:
                    self.unknown.append((ipath, str(exc)))
                    continue
                self.process(item.process, sub_level, ipath, depth=depth + 1)
                continue
            if not is_mass(item.unit) and item.mass is None and spec is None:
                continue  # energy, services: not constituents
            name = item.factor or item.process or ipath
            try:
                mass = self._kg(amount, item.unit, item.mass)
            except UnitError as exc:
                self.unknown.append((ipath, str(exc)))
                continue
            self._add(ipath, name, mass, spec if spec is not None else self._by_code(item.factor or ""))
        for k, gap in enumerate(raw.get("x-gaps") or []):
            self._gap(gap, f"processes.{pid}.x-gaps[{k}]", per_output)

    def _gap(self, gap: Any, path: str, per_output: float) -> None:
        from footprint.units import UnitError, is_mass

        if not isinstance(gap, Mapping):
            return
        name = gap.get("name")
        label = str((name.get("en") or name.get("zh")) if isinstance(name, Mapping) else name or path)
        role = str(gap.get("role") or "").lower()
        spec = gap.get("x-carbon")
        if isinstance(spec, Mapping) and "excluded" in spec:
            self._exclude(path, label, spec)
            return
        if spec is None and any(w in role or w in label.lower() for w in NOT_MATERIAL):
            return
        if spec is None:
            spec = next((key for word, key in NAME_WORDS if word in label.lower()), None)
        if gap.get("amount") is None:
            if spec is not None and material_of(spec, path).fraction == 0:
                return  # carbon-free: its unknown amount does not matter
            self.unknown.append((path, f"{label}: amount not known"))
            return
        unit = str(gap.get("unit") or "")
        if not is_mass(unit):
            self.unknown.append((path, f"{label}: amount in {unit!r}, not a mass"))
            return
        try:
            mass = self._kg(float(gap["amount"]) * per_output, unit, None)
        except (UnitError, ValueError, TypeError) as exc:
            self.unknown.append((path, f"{label}: {exc}"))
            return
        self._add(path, label, mass, spec)

    def _add(self, path: str, name: str, mass: float, spec: Any) -> None:
        if spec is None:
            self.unknown.append((path, f"{name}: carbon mass fraction unknown"))
            return
        m = material_of(spec, f"{path}.x-carbon")
        shown = name if not m.name or m.name == name else f"{m.name} ({name})"
        parts = m.parts()
        for origin, fraction in parts.items():
            label = shown if len(parts) == 1 else f"{shown}, {origin} part"
            self.lines.append(Line(path, label, mass, fraction, origin, m.basis))

    def _exclude(self, path: str, label: str, spec: Mapping[str, Any]) -> None:
        why, source = str(spec.get("excluded") or "").strip(), str(spec.get("source") or "").strip()
        if not why or not source or spec["excluded"] is True:
            raise CarbonError(
                f"{path}.x-carbon: an exclusion needs its reason and source: "
                "{excluded: 'why no amount is known', source: 'what was searched'}"
            )
        self.excluded.append((path, f"{label} ({why}; {source})"))

    @staticmethod
    def _by_code(code: str) -> str | None:
        return material_of_code(code)

    @staticmethod
    def _kg(amount: float, unit: str, mass: Any) -> float:
        from footprint.units import convert, is_mass

        if is_mass(unit):
            return convert(amount, unit, "kg")
        if mass is None:
            from footprint.units import UnitError

            raise UnitError(f"{amount:g} {unit}: the mass of one {unit} is needed (mass: …)")
        return amount * convert(mass.amount, mass.unit, "kg")
