"""Carbon mass fractions of materials, each with how it is known (for the PACT carbon content).

A fraction is chemistry: the stoichiometric fraction of a formula under the IUPAC standard atomic weights
(CIAAW, abridged values: Prohaska et al. 2022, "Standard atomic weights of the elements 2021", Pure Appl.
Chem. 94(5):573-600), or, for a mixture or copolymer, the mass-weighted fractions of a cited composition.
Every entry's ``basis`` names its formula, the composition's source and a confidence grade (high:
stoichiometry of a defined compound; medium: a cited typical composition whose range is given; low: a
labelled PROXY). A material may hold carbon of both origins (carboxymethyl cellulose: a biogenic cellulose
backbone with fossil carboxymethyl groups); `Material.parts` gives the split.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# IUPAC CIAAW 2021 abridged standard atomic weights (see module docstring)
ATOMIC_WEIGHTS = {
    "H": 1.0080,
    "Li": 6.94,
    "C": 12.011,
    "N": 14.007,
    "O": 15.999,
    "F": 18.998,
    "Na": 22.990,
    "P": 30.974,
    "S": 32.06,
    "Mn": 54.938,
    "Fe": 55.845,
    "Co": 58.933,
    "Ni": 58.693,
}
IUPAC = "stoichiometry, IUPAC CIAAW 2021 abridged standard atomic weights (Pure Appl. Chem. 94(5):573-600)"
ORIGINS = ("fossil", "biogenic", "mixed")
_ELEMENT = re.compile(r"([A-Z][a-z]?)(\d*(?:\.\d+)?)")


class CarbonError(ValueError):
    """A malformed ``x-carbon`` annotation or formula; the message names where it is."""


def carbon_fraction(formula: str) -> float:
    """The carbon mass fraction of a formula such as ``C3H4O3`` or ``(C2H2F2)n`` (repeat units)."""
    counts = _counts(formula)
    return ATOMIC_WEIGHTS["C"] * counts.get("C", 0.0) / _molar_mass(counts)


def _counts(formula: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    body = formula.replace("(", "").replace(")n", "").replace(")", "")
    if not body or _ELEMENT.sub("", body):
        raise CarbonError(f"{formula!r} is not a chemical formula of the form C3H4O3")
    for element, n in _ELEMENT.findall(body):
        if element not in ATOMIC_WEIGHTS:
            raise CarbonError(f"{formula!r}: no atomic weight for {element}")
        counts[element] = counts.get(element, 0.0) + float(n or 1)
    return counts


def _molar_mass(counts: Mapping[str, float]) -> float:
    return sum(ATOMIC_WEIGHTS[e] * n for e, n in counts.items())


@dataclass(frozen=True)
class Material:
    """A material whose carbon mass fraction is known, with how it is known."""

    key: str
    name: str
    fraction: float  # kg C per kg of material, both origins
    basis: str
    origin: str = "fossil"  # "fossil" (fossil feedstock or mineral carbon), "biogenic", or "mixed"
    biogenic: float = 0.0  # for origin "mixed": the biogenic part of `fraction` (kg C per kg)

    def __post_init__(self) -> None:
        if not 0 <= self.fraction <= 1 or self.origin not in ORIGINS:
            raise CarbonError(f"{self.key}: fraction {self.fraction!r} / origin {self.origin!r} out of range")
        if not 0 <= self.biogenic <= self.fraction or (self.biogenic and self.origin != "mixed"):
            raise CarbonError(
                f"{self.key}: biogenic part {self.biogenic!r} needs origin 'mixed' and <= fraction"
            )

    def parts(self) -> dict[str, float]:
        """kg C per kg by origin (one entry unless the material holds both)."""
        if self.origin == "mixed":
            return {"fossil": self.fraction - self.biogenic, "biogenic": self.biogenic}
        return {self.origin: self.fraction}


def _stoich(key: str, name: str, formula: str, note: str = "") -> Material:
    basis = f"{formula}: {IUPAC}" + (f"; {note}" if note else "") + " (confidence: high)"
    return Material(key, name, carbon_fraction(formula), basis)


def _blend(key: str, name: str, shares: Mapping[str, float], basis: str) -> Material:
    """A mixture of table materials by mass share; the origins of its components are kept."""
    fossil = sum(MATERIALS[k].parts().get("fossil", 0.0) * v for k, v in shares.items())
    biogenic = sum(MATERIALS[k].parts().get("biogenic", 0.0) * v for k, v in shares.items())
    origin = "mixed" if fossil and biogenic else ("biogenic" if biogenic else "fossil")
    return Material(key, name, fossil + biogenic, basis, origin, biogenic if origin == "mixed" else 0.0)


def cmc(ds: float) -> Material:
    """Sodium carboxymethyl cellulose of degree of substitution `ds`: C(6+2DS) H(10+DS) O(5+2DS) Na(DS).

    The anhydroglucose unit C6H10O5 (cellulose, from wood pulp or cotton linters: biogenic carbon) with
    DS hydroxyl hydrogens replaced by CH2COONa from sodium monochloroacetate (CAS monograph 9004-32-4:
    "prepd by treating alkali cellulose with sodium chloroacetate"); monochloroacetic acid is made by
    chlorinating acetic acid, itself made mostly by methanol carbonylation: the 2·DS carboxymethyl
    carbons are counted as fossil.
    """
    counts = {"C": 6 + 2 * ds, "H": 10 + ds, "O": 5 + 2 * ds, "Na": ds}
    mw = _molar_mass(counts)
    formula = f"C{6 + 2 * ds:g}H{10 + ds:g}O{5 + 2 * ds:g}Na{ds:g}"
    return Material(
        "cmc",
        "sodium carboxymethyl cellulose",
        ATOMIC_WEIGHTS["C"] * counts["C"] / mw,
        f"{formula} (repeat unit at DS {ds:g}): {IUPAC}; DS {ds:g} is the midpoint of the 0.65-0.90 of "
        "Sigma-Aldrich product information sheet C5678 'Carboxymethylcellulose sodium salt' (sodium about "
        "8 % by weight, consistent with DS 0.78); over DS 0.65-0.90 the fraction runs 0.4094-0.4001. "
        "Biogenic: the 6 anhydroglucose carbons; fossil: the 2·DS carboxymethyl carbons (from "
        "monochloroacetic acid). Moisture and chain ends not counted (confidence: medium)",
        "mixed",
        ATOMIC_WEIGHTS["C"] * 6 / mw,
    )


CMC_DS = 0.775  # midpoint of DS 0.65-0.90, Sigma-Aldrich C5678 product information sheet (see `cmc`)
SBR_STYRENE = 0.235  # bound styrene of SBR 1502: 22.5-24.5 % (ASTM D1416 specification), nominal 23.5 %

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
        _stoich("pet", "polyethylene terephthalate", "(C10H8O4)n", "repeat unit; additives not counted"),
        _stoich("polystyrene", "polystyrene", "(C8H8)n", "repeat unit"),
        _stoich("polybutadiene", "polybutadiene", "(C4H6)n", "repeat unit"),
        _stoich(
            "lifepo4", "lithium iron phosphate", "LiFePO4", "stoichiometric; a carbon coating is not included"
        ),
        _stoich(
            "ncm811",
            "lithium nickel manganese cobalt oxide NCM811",
            "LiNi0.8Mn0.1Co0.1O2",
            "stoichiometric; residual surface lithium carbonate not counted",
        ),
        _stoich("lioh", "lithium hydroxide", "LiOH"),
        _stoich("feso4", "iron(II) sulfate", "FeSO4"),
        _stoich("h3po4", "phosphoric acid", "H3PO4"),
        _stoich("water", "water", "H2O"),
        _stoich("niso4", "nickel sulfate", "NiSO4"),
        _stoich("coso4", "cobalt sulfate", "CoSO4"),
        _stoich("mnso4", "manganese sulfate", "MnSO4"),
        Material(
            "aluminium",
            "aluminium",
            0.0,
            "a metal; wrought alloys hold no carbon by composition (EN 573-3 / GB/T 3190 list none)",
        ),
        Material(
            "copper", "copper", 0.0, "a metal; busbar and foil grades (Cu-ETP, >= 99.9 % Cu) hold no carbon"
        ),
        cmc(CMC_DS),
    )
}
MATERIALS["sbr"] = _blend(
    "sbr",
    "styrene-butadiene rubber",
    {"polystyrene": SBR_STYRENE, "polybutadiene": 1 - SBR_STYRENE},
    f"copolymer of {SBR_STYRENE:.1%} bound styrene (C8H8) and butadiene (C4H6) by mass: SBR 1502 nominal, "
    "specification 22.5-24.5 % by ASTM D1416 (e.g. PT Paci Dunia SBR 1502 datasheet); any styrene content "
    "lies between polybutadiene 0.8882 and polystyrene 0.9226, the bounds of the fraction. Carboxylated "
    f"battery latexes carry a few % acid comonomer with less carbon; {IUPAC} (confidence: medium)",
)
# BatPaC v5's water-based negative-electrode binder, split as the BatPaC v5 run of Batt_Sust_Model lists it
# (NMC622-G 100 kWh pack: CMC 1.050363 kg, SBR 0.700242 kg = 0.600 : 0.400; ../shared/factors/
# battery_inventory.csv rows 'binder CMC (anode)', 'binder additive SBR (anode)', medium)
BINDER_SPLIT = {"cmc": 0.6, "sbr": 0.4}
MATERIALS["water-based-binder"] = _blend(
    "water-based-binder",
    "water-based binder (CMC/SBR)",
    BINDER_SPLIT,
    "CMC 0.600 + SBR 0.400 by mass: BatPaC v5 (Argonne, 8 March 2022 version) via Batt_Sust_Model "
    "(J. Baars, github jbaars/Batt_Sust_Model @91a78d3, notebook 'Example battery LCA' cell 21, column 100.0: "
    "binder CMC 1.050363 kg, SBR 0.700242 kg); components as their own entries (confidence: medium)",
)

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
    f"density; solvents at equal mass, assumed); components by {IUPAC} (confidence: low)",
)
MATERIALS["carbonate-solvents"] = _blend(
    "carbonate-solvents",
    "carbonate solvents (proxy: EC/DMC 1:1)",
    {"ec": 0.5, "dmc": 0.5},
    "PROXY composition EC 0.5 + DMC 0.5 by mass (the solvent part of the 'electrolyte' proxy; the blend is "
    "not published): 0.4046; the common solvents bound it, DMC 0.4000 to EMC 0.4615 (confidence: low)",
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
    "pet": "pet",
    "pvdf": "pvdf",
    "lfp": "lifepo4",
    "lifepo4": "lifepo4",
    "ncm811": "ncm811",
    "nmc811": "ncm811",
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
# Codes whose first segment is a family name the next segment details (electrolyte-solvent.ec.…,
# cam.ncm811.…), and background processes (bg.<material>-<form>.…: bg.cu-foil, bg.lfp-cam)
FAMILY_PREFIXES = ("electrolyte-solvent", "electrolyte-salt", "solvent", "cam", "bg")
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
    origin = spec.get("origin")
    if origin is not None and origin not in ("fossil", "biogenic"):
        raise CarbonError(f"{where}.origin: expected fossil or biogenic, got {origin!r}")
    if "mixture" in spec:
        return _mixture(spec, where, origin)
    fraction = spec.get("fraction")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 <= fraction <= 1:
        raise CarbonError(
            f"{where}.fraction: expected a carbon mass fraction between 0 and 1, got {fraction!r}"
        )
    name = str(spec.get("name") or "")
    return Material(name, name, float(fraction), f"given: {spec['source']}", origin or "fossil")


def _mixture(spec: Mapping[str, Any], where: str, origin: str | None) -> Material:
    """A cited mixture; a given origin applies to all of it, else each component keeps its own."""
    shares = spec["mixture"]
    if not isinstance(shares, Mapping) or not shares:
        raise CarbonError(f"{where}.mixture: expected {{material key: mass share}}")
    total = sum(float(v) for v in shares.values())
    if abs(total - 1) > 1e-3:
        raise CarbonError(f"{where}.mixture: the mass shares add up to {total:.4g}, not 1")
    for k in shares:
        material_of(k, f"{where}.mixture")  # names an unknown key
    text = " + ".join(f"{float(v):.4g} {k}" for k, v in shares.items())
    name = str(spec.get("name") or "")
    basis = f"mixture {text} ({spec['source']}); components by {IUPAC}"
    mixed = _blend(name, name, {k: float(v) for k, v in shares.items()}, basis)
    if origin is None:
        return mixed
    return Material(name, name, mixed.fraction, basis, origin)
