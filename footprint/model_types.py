"""The value types of a product model (`pcf-model/1`): frozen dataclasses and the closed vocabularies.

Validation (`footprint.model_validate`) builds them from parsed data; `footprint.model_read` reads files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from factors.vocab import GwpSet
from footprint.circular import EolMethod
from footprint.eol_model import CffSettings, Fate, Offset, RecycledContent, Removal, Substitution
from footprint.vocab import Stage

FORMAT = "pcf-model/1"


@dataclass(frozen=True)
class Text:
    """A name in Chinese and English; either may be empty."""

    zh: str = ""
    en: str = ""

    def get(self, lang: str = "zh") -> str:
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("zh", self.zh), ("en", self.en)) if v}


@dataclass(frozen=True)
class Uncertainty:
    """A distribution around an amount: lognormal (gsd), normal (sd), triangular/uniform (min, max)."""

    distribution: str
    gsd: float | None = None
    sd: float | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Pedigree:
    """Pedigree scores 1 (best) … 5 (ecoinvent data-quality system)."""

    reliability: int
    completeness: int
    temporal: int
    geographical: int
    technological: int


@dataclass(frozen=True)
class Quantity:
    amount: float
    unit: str


@dataclass(frozen=True)
class Input:
    """An input of a process: another process of the model, or a factor (code, local code or activity)."""

    path: str
    amount: float
    unit: str
    process: str | None = None
    product: str | None = None  # a co-product of `process`
    factor: str | None = None
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None
    source: str = ""
    note: str = ""
    mass: Quantity | None = None
    role: str = ""  # what the input is for a product category rule (e.g. cathode_active_material)
    bom: bool = True  # False: a consumable that does not end up in the product (mass balance)
    recycled: RecycledContent | None = None  # set on the recycled part of an input with recycled content


@dataclass(frozen=True)
class Emission:
    """A direct emission of a process, in kg of a gas."""

    path: str
    gas: str
    amount: float
    unit: str
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Output:
    amount: float
    unit: str
    price: float | None = None
    mass: Quantity | None = None


@dataclass(frozen=True)
class CoProduct:
    id: str
    name: Text
    amount: float
    unit: str
    price: float | None = None
    mass: Quantity | None = None


@dataclass(frozen=True)
class Allocation:
    """How a multi-output process shares its burdens: mass, economic, or explicit shares by product id."""

    method: str
    shares: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Process:
    id: str
    name: Text
    stage: Stage
    geography: str
    output: Output
    inputs: tuple[Input, ...] = ()
    emissions: tuple[Emission, ...] = ()
    co_products: tuple[CoProduct, ...] = ()
    allocation: Allocation | None = None
    notes: str = ""
    role: str = ""  # what the process is for a product category rule (e.g. cell_assembly)
    fate: Fate | None = None  # end of life: recycling route, landfill, incineration
    substitutes: tuple[Substitution, ...] = ()  # avoided burdens (credits, kept apart)
    removals: tuple[Removal, ...] = ()  # biogenic CO2 uptake (reported apart)
    cff: CffSettings | None = None


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    location: str = ""

    def text(self) -> str:
        return "; ".join(
            str(b) for b in (self.title, self.publisher, self.year, self.url, self.location) if b
        )


@dataclass(frozen=True)
class LocalFactor:
    """A model-local factor: a supplier's declared PCF or the enterprise's own primary data."""

    code: str
    path: str
    unit: str  # the reference quantity
    basis: str  # CO2 | CO2e | gases
    value: float  # kg CO2 or CO2e per unit (0 for gases until characterized)
    gwp: str = ""
    gases: Mapping[str, float] = field(default_factory=dict)
    source: Citation = Citation("")
    name: Text = Text()
    geography: str = ""
    reference_year: int | None = None
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None
    provenance: Mapping[str, Any] = field(default_factory=dict)
    notes: str = ""
    reason: str = ""  # why a declared value of 0 is right (required for 0)


@dataclass(frozen=True)
class ReferenceFlow:
    process: str
    amount: float
    unit: str
    product: str | None = None


@dataclass(frozen=True)
class Product:
    id: str
    name: Text
    category: str
    functional_unit: str
    reference_flow: ReferenceFlow
    geography: str
    reference_year: int | None
    gwp: GwpSet  # one of factors.vocab.CALC_GWP_SETS
    description: Text = Text()
    manufacturer: Mapping[str, Any] = field(default_factory=dict)
    plant: Mapping[str, Any] = field(default_factory=dict)
    mass: Quantity | None = None
    reference_period: tuple[dt.date, dt.date] | None = None
    battery: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CutoffEntry:
    flow: str
    reason: str
    share: float | None = None
    basis: str = ""


@dataclass(frozen=True)
class Model:
    """A validated product model. `hash` is the SHA-256 of its canonical content."""

    file: str
    product: Product
    processes: Mapping[str, Process]
    factors: Mapping[str, LocalFactor]
    cutoff: tuple[CutoffEntry, ...] = ()
    factor_release: str | None = None
    notes: str = ""
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)
    hash: str = ""
    offsets: tuple[Offset, ...] = ()
    end_of_life_method: EolMethod | None = None

    def process_order(self) -> list[str]:
        return list(self.processes)
