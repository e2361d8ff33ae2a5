"""Fossil and biogenic carbon content per declared unit, derived from the bill of materials (for PACT).

The carbon mass fraction of a material is a property of its chemistry: the stoichiometric fraction from its
formula and the IUPAC standard atomic weights (CIAAW, abridged values: Prohaska et al. 2022, "Standard
atomic weights of the elements 2021", Pure Appl. Chem. 94(5):573-600), or, for a mixture, the mass-weighted
fractions of its cited composition. The derivation walks the product's bill of materials from the reference
process: inputs that end up in the product (``bom`` not false) with a mass, and declared data gaps (x-gaps)
with an amount. A model marks a material with ``x-carbon:`` on an input, a gap or a process (the composition
of its output: the walk stops there), as a key of `MATERIALS`, ``{fraction, origin, source}`` or
``{mixture: {key: share}, source}``; inputs of known factor codes and gaps with a known material name are
recognised. Whatever stays unknown is named, never counted as zero.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# IUPAC CIAAW 2021 abridged standard atomic weights (see module docstring)
ATOMIC_WEIGHTS = {
    "H": 1.0080,
    "Li": 6.94,
    "C": 12.011,
    "N": 14.007,
    "O": 15.999,
    "F": 18.998,
    "P": 30.974,
    "S": 32.06,
    "Mn": 54.938,
    "Fe": 55.845,
    "Co": 58.933,
    "Ni": 58.693,
}
IUPAC = "stoichiometry, IUPAC CIAAW 2021 abridged standard atomic weights (Pure Appl. Chem. 94(5):573-600)"
_ELEMENT = re.compile(r"([A-Z][a-z]?)(\d*(?:\.\d+)?)")


class CarbonError(ValueError):
    """A malformed ``x-carbon`` annotation; the message names where it is."""


def carbon_fraction(formula: str) -> float:
    """The carbon mass fraction of a formula such as ``C3H4O3`` or ``(C2H2F2)n`` (repeat units)."""
    counts: dict[str, float] = {}
    body = formula.replace("(", "").replace(")n", "").replace(")", "")
    if not body or _ELEMENT.sub("", body):
        raise CarbonError(f"{formula!r} is not a chemical formula of the form C3H4O3")
    for element, n in _ELEMENT.findall(body):
        if element not in ATOMIC_WEIGHTS:
            raise CarbonError(f"{formula!r}: no atomic weight for {element}")
        counts[element] = counts.get(element, 0.0) + float(n or 1)
    total = sum(ATOMIC_WEIGHTS[e] * n for e, n in counts.items())
    return ATOMIC_WEIGHTS["C"] * counts.get("C", 0.0) / total


@dataclass(frozen=True)
class Material:
    """A material whose carbon mass fraction is known, with how it is known."""

    key: str
    name: str
    fraction: float
    basis: str
    origin: str = "fossil"  # "fossil" (fossil feedstock or mineral carbon) or "biogenic"


def _stoich(key: str, name: str, formula: str, note: str = "") -> Material:
    basis = f"{formula}: {IUPAC}" + (f"; {note}" if note else "")
    return Material(key, name, carbon_fraction(formula), basis)


MATERIALS: dict[str, Material] = {
    m.key: m
    for m in (
        _stoich("graphite", "graphite", "C", "pure carbon (impurities of battery grades lower it slightly)"),
        _stoich(
            "carbon-black",
            "carbon black",
            "C",
            "elemental carbon; an upper bound (grades carry some O, H, S)",
        ),
        _stoich("li2co3", "lithium carbonate", "Li2CO3", "mineral carbonate carbon, reported as fossil"),
        _stoich("lipf6", "lithium hexafluorophosphate", "LiPF6"),
        _stoich("ec", "ethylene carbonate", "C3H4O3"),
        _stoich("dmc", "dimethyl carbonate", "C3H6O3"),
        _stoich("emc", "ethyl methyl carbonate", "C4H8O3"),
        _stoich("pp", "polypropylene", "(C3H6)n", "repeat unit; additives not counted"),
        _stoich("pe", "polyethylene", "(C2H4)n", "repeat unit; additives not counted"),
        _stoich("pvdf", "polyvinylidene fluoride", "(C2H2F2)n", "repeat unit"),
        _stoich(
            "lifepo4", "lithium iron phosphate", "LiFePO4", "stoichiometric; a carbon coating is not included"
        ),
        _stoich("lioh", "lithium hydroxide", "LiOH"),
        _stoich("feso4", "iron(II) sulfate", "FeSO4"),
        _stoich("h3po4", "phosphoric acid", "H3PO4"),
        _stoich("water", "water", "H2O"),
        _stoich("niso4", "nickel sulfate", "NiSO4"),
        _stoich("coso4", "cobalt sulfate", "CoSO4"),
        _stoich("mnso4", "manganese sulfate", "MnSO4"),
        Material("aluminium", "aluminium", 0.0, "a metal; alloying elements hold no carbon"),
        Material("copper", "copper", 0.0, "a metal"),
    )
}

# A labelled proxy: 1 mol/L LiPF6 (151.90 g/mol) in ethylene and dimethyl carbonate at equal mass, at the
# electrolyte density of BatPaC v5 (1.2 g/cm3; ../shared/factors/battery_inventory.csv, 'LFP-G (Energy)'
# electrode couple): LiPF6 151.90 / 1200 = 0.1266 of the mass, 0.4367 each solvent. The cell's actual
# solvent blend is rarely published; EC and DMC differ by 0.9 % in carbon fraction, so the proxy's error is
# small against the solvents' share.
PROXY_ELECTROLYTE = {"lipf6": 0.1266, "ec": 0.4367, "dmc": 0.4367}
MATERIALS["electrolyte"] = Material(
    "electrolyte",
    "electrolyte (proxy: 1 M LiPF6 in EC/DMC)",
    sum(MATERIALS[k].fraction * v for k, v in PROXY_ELECTROLYTE.items()),
    "PROXY composition 0.1266 LiPF6 + 0.4367 EC + 0.4367 DMC by mass (1 mol/L LiPF6 at 1.2 g/cm3, BatPaC v5 "
    f"density; solvents at equal mass, assumed); components by {IUPAC}",
)

# First segment of a factor code -> material (factor codes name what they are: graphite.synthetic…)
CODE_PREFIXES = {
    "graphite": "graphite",
    "carbon-black": "carbon-black",
    "li2co3": "li2co3",
    "lipf6": "lipf6",
    "ec": "ec",
    "ethylene-carbonate": "ec",
    "dmc": "dmc",
    "dimethyl-carbonate": "dmc",
    "emc": "emc",
    "pp": "pp",
    "polypropylene": "pp",
    "pe": "pe",
    "polyethylene": "pe",
    "hdpe": "pe",
    "ldpe": "pe",
    "pvdf": "pvdf",
    "lfp": "lifepo4",
    "lifepo4": "lifepo4",
    "lioh": "lioh",
    "water": "water",
    "niso4": "niso4",
    "coso4": "coso4",
    "mnso4": "mnso4",
    "aluminium": "aluminium",
    "aluminum": "aluminium",
    "copper": "copper",
    "electrolyte": "electrolyte",
    "h3po4": "h3po4",
    "feso4": "feso4",
}
# Codes whose first segment is a family name the next segment details (electrolyte-solvent.ec.…), and
# background processes (bg.<material>-<form>.…: bg.cu-foil, bg.lfp-cam)
FAMILY_PREFIXES = ("electrolyte-solvent", "electrolyte-salt", "solvent", "bg")
MATERIAL_TOKENS = {
    "cu": "copper",
    "al": "aluminium",
    "lfp": "lifepo4",
    "graphite": "graphite",
    "pp": "pp",
    "pe": "pe",
    "pvdf": "pvdf",
    "lipf6": "lipf6",
    "ec": "ec",
    "dmc": "dmc",
    "emc": "emc",
}


def material_of_code(code: str) -> str | None:
    """The material a factor or background-process code names, if it names one (else None)."""
    parts = code.lower().split(".")
    if not parts or not parts[0]:
        return None
    if parts[0] in FAMILY_PREFIXES and len(parts) > 1:
        token = parts[1].split("-", 1)[0]
        return CODE_PREFIXES.get(parts[1]) or MATERIAL_TOKENS.get(token)
    return CODE_PREFIXES.get(parts[0])


# Words in a gap's English name -> material (only names that say what the material is)
NAME_WORDS = (
    ("polypropylene", "pp"),
    ("polyethylene", "pe"),
    ("pvdf", "pvdf"),
    ("carbon black", "carbon-black"),
    ("conductive carbon", "carbon-black"),
    ("graphite", "graphite"),
    ("iron sulfate", "feso4"),
    ("phosphoric acid", "h3po4"),
    ("deionised water", "water"),
    ("aluminium", "aluminium"),
    ("copper", "copper"),
    ("electrolyte", "electrolyte"),
)
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

    def summary(self) -> str:
        """The derivation in one sentence (for an export's comment)."""
        parts = [f"{ln.name} {ln.mass:.6g} kg x {ln.fraction:.4f}" for ln in self.lines if ln.carbon]
        zero = sorted({ln.name for ln in self.lines if not ln.carbon})
        listed = "; ".join(parts) or "no carbon-bearing material"
        text = f"Carbon content derived from the bill of materials: {listed}"
        return text + (f" (no carbon: {', '.join(zero)})" if zero else "")


def material_of(spec: Any, where: str) -> Material:
    """The material an ``x-carbon`` annotation names or defines."""
    if isinstance(spec, str):
        if spec not in MATERIALS:
            raise CarbonError(
                f"{where}: unknown material {spec!r}; known: {', '.join(sorted(MATERIALS))}, or give "
                "{fraction, origin, source}"
            )
        return MATERIALS[spec]
    if not isinstance(spec, Mapping) or not str(spec.get("source") or "").strip():
        raise CarbonError(
            f"{where}: expected a material key, {{fraction, origin, source}} or "
            "{mixture: {key: share}, source} (a cited value needs its source)"
        )
    origin = str(spec.get("origin", "fossil"))
    if origin not in ("fossil", "biogenic"):
        raise CarbonError(f"{where}.origin: expected fossil or biogenic, got {origin!r}")
    if "mixture" in spec:
        return _mixture(spec, where, origin)
    fraction = spec.get("fraction")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 <= fraction <= 1:
        raise CarbonError(
            f"{where}.fraction: expected a carbon mass fraction between 0 and 1, got {fraction!r}"
        )
    name = str(spec.get("name") or "")
    return Material(name, name, float(fraction), f"given: {spec['source']}", origin)


def _mixture(spec: Mapping[str, Any], where: str, origin: str) -> Material:
    shares = spec["mixture"]
    if not isinstance(shares, Mapping) or not shares:
        raise CarbonError(f"{where}.mixture: expected {{material key: mass share}}")
    total = sum(float(v) for v in shares.values())
    if abs(total - 1) > 1e-3:
        raise CarbonError(f"{where}.mixture: the mass shares add up to {total:.4g}, not 1")
    fraction = sum(material_of(k, f"{where}.mixture").fraction * float(v) for k, v in shares.items())
    text = " + ".join(f"{float(v):.4g} {k}" for k, v in shares.items())
    name = str(spec.get("name") or "")
    return Material(name, name, fraction, f"mixture {text} ({spec['source']}); components by {IUPAC}", origin)


def derive_carbon(study: Any) -> CarbonContent:
    """The carbon content per declared unit of `study`'s product (see the module docstring)."""
    walker = _Walker(study)
    ref = study.model.processes[study.product.reference_flow.process]
    walker.process(ref.id, float(study.reference_units), f"processes.{ref.id}", depth=0)
    fossil = sum(ln.carbon for ln in walker.lines if ln.origin == "fossil")
    biogenic = sum(ln.carbon for ln in walker.lines if ln.origin == "biogenic")
    return CarbonContent(fossil, biogenic, tuple(walker.lines), tuple(walker.unknown))


class _Walker:
    def __init__(self, study: Any) -> None:
        self.model = study.model
        self.raw: Mapping[str, Any] = study.model.data.get("processes") or {}
        self.lines: list[Line] = []
        self.unknown: list[tuple[str, str]] = []

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
        self.lines.append(Line(path, shown, mass, m.fraction, m.origin, m.basis))

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
