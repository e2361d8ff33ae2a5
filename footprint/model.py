"""The product model (`pcf-model/1`): loading a YAML file into validated, immutable objects.

Validation collects every problem with its path (``processes.cell.inputs[2].unit``) and raises one
`ModelError`; units are checked for parseability here and for dimensions when linking to factors.
The format is specified in docs/model-format.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from footprint.circular import EolMethod
from footprint.eol_model import (
    CffSettings,
    Fate,
    Offset,
    RecycledContent,
    Removal,
    Substitution,
    check_eol_references,
    parse_cff,
    parse_fate,
    parse_offsets,
    parse_recycled_content,
    parse_removals,
    parse_substitutes,
    split_recycled,
)
from footprint.errors import Issue, ModelError
from footprint.pathcheck import PathValidator, describe, join
from footprint.units import UnitError, parse_unit

FORMAT = "pcf-model/1"
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")


class Stage(StrEnum):
    """Life-cycle stages a process belongs to."""

    RAW_MATERIALS = "raw_materials"
    PRODUCTION = "production"
    DISTRIBUTION = "distribution"
    USE = "use"
    END_OF_LIFE = "end_of_life"


class GwpChoice(StrEnum):
    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"


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
    product: str | None = None        # a co-product of `process`
    factor: str | None = None
    uncertainty: Uncertainty | None = None
    pedigree: Pedigree | None = None
    source: str = ""
    note: str = ""
    mass: Quantity | None = None
    role: str = ""                    # what the input is for a product category rule (e.g. cathode_active_material)
    bom: bool = True                  # False: a consumable that does not end up in the product (mass balance)
    recycled: RecycledContent | None = None   # set on the recycled part of an input with recycled content


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
    role: str = ""                    # what the process is for a product category rule (e.g. cell_assembly)
    fate: Fate | None = None          # end of life: recycling route, landfill, incineration
    substitutes: tuple[Substitution, ...] = ()   # avoided burdens (credits, kept apart)
    removals: tuple[Removal, ...] = ()           # biogenic CO2 uptake (reported apart)
    cff: CffSettings | None = None


@dataclass(frozen=True)
class Citation:
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    location: str = ""

    def text(self) -> str:
        return "; ".join(str(b) for b in (self.title, self.publisher, self.year, self.url, self.location) if b)


@dataclass(frozen=True)
class LocalFactor:
    """A model-local factor: a supplier's declared PCF or the enterprise's own primary data."""

    code: str
    path: str
    unit: str                          # the reference quantity
    basis: str                         # CO2 | CO2e | gases
    value: float                       # kg CO2 or CO2e per unit (0 for gases until characterized)
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
    reason: str = ""                   # why a declared value of 0 is right (required for 0)


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
    gwp: GwpChoice
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


# --- loading ------------------------------------------------------------------------------------
def load_model(path: str | Path) -> Model:
    """Read and validate a model file (YAML); raises `ModelError` listing every problem."""
    return parse_model(read_model_data(path), file=str(path))


def read_model_data(path: str | Path) -> Any:
    """The parsed YAML of a model file; unreadable or malformed files raise `ModelError`."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(str(path), [Issue("", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ModelError(str(path), [Issue("", f"not UTF-8 text (byte {exc.start})")]) from None
    import gc

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # building many small objects: collection passes cost ~40 % of a big file's load time
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ModelError(str(path), [Issue(where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    finally:
        if gc_was_enabled:
            gc.enable()
    return data


def parse_model(data: Any, *, file: str = "<model>") -> Model:
    """Validate a model given as parsed data (dict); raises `ModelError` listing every problem."""
    model, issues = parse_model_lenient(data, file=file)
    if issues or model is None:
        raise ModelError(file, issues or [Issue("", "not a model")])
    return model


def parse_model_lenient(data: Any, *, file: str = "<model>") -> tuple[Model | None, list[Issue]]:
    """Validate without raising: the model built from the valid parts (None if unusable) and all issues.

    Used to report every problem of a file at once, including those found later by linking.
    """
    v = _Validator(file)
    model = v.model(data)
    return model, v.issues


def model_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a model's content (key order and YAML layout do not matter)."""
    return hashlib.sha256(_canonical_text(data).encode("utf-8")).hexdigest()


def _canonical_text(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


_MISSING = object()


class _Validator(PathValidator):
    """Walks the parsed YAML, building model objects and collecting issues with their paths."""

    extension_prefix = "x-"

    # -- primitives --
    def string(self, d: Mapping[str, Any], key: str, path: str, *, required: bool = False,
               default: str = "") -> str:
        value = d.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.err(_join(path, key), "required")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.err(_join(path, key), f"expected text, got {_kind(value)}")
            return default
        return value.strip()

    def number(self, value: Any, path: str, *, minimum: float | None = 0.0, allow_equal: bool = True) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str):
                try:
                    value = float(value.strip())
                except ValueError:
                    self.err(path, f"expected a number, got {value!r}")
                    return None
            else:
                self.err(path, f"expected a number, got {_kind(value)}")
                return None
        number = float(value)
        if not math.isfinite(number):
            self.err(path, f"expected a finite number, got {value!r}")
            return None
        if minimum is not None and (number < minimum or (not allow_equal and number == minimum)):
            relation = ">=" if allow_equal else ">"
            self.err(path, f"must be {relation} {minimum:g}, got {value!r}" + (
                " (negative amounts are not allowed: declare an avoided burden under the process's "
                "`substitutes:`, a credit kept apart from burdens)" if number < 0 else ""))
            return None
        return number

    def unit(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.err(path, "a unit is required (e.g. kg, kWh, t*km, piece)")
            return ""
        try:
            parse_unit(value)
        except UnitError as exc:
            self.err(path, str(exc))
        return value.strip()

    def text(self, value: Any, path: str) -> Text:
        if value is None:
            return Text()
        if isinstance(value, str):
            return Text(value, value)
        d = self.mapping(value, path)
        if d is None:
            return Text()
        self.keys(d, path, {"zh", "en"})
        return Text(self.string(d, "zh", path), self.string(d, "en", path))

    def quantity_text(self, value: Any, path: str) -> Quantity | None:
        """``{amount: 5.4, unit: kg}`` or ``"5.4 kg"``."""
        if value is None:
            return None
        if isinstance(value, str):
            parts = value.strip().split(None, 1)
            if len(parts) != 2:
                self.err(path, f"expected '<amount> <unit>', got {value!r}")
                return None
            amount = self.number(parts[0], path)
            unit = self.unit(parts[1], path)
        else:
            d = self.mapping(value, path)
            if d is None:
                return None
            self.keys(d, path, {"amount", "unit"}, {"amount", "unit"})
            amount = self.number(d.get("amount"), _join(path, "amount"))
            unit = self.unit(d.get("unit"), _join(path, "unit"))
        return Quantity(amount, unit) if amount is not None and unit else None

    def uncertainty(self, value: Any, path: str, amount: float | None) -> Uncertainty | None:
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        dist = self.string(d, "distribution", path, required=True)
        fields = {"lognormal": {"gsd"}, "normal": {"sd"}, "triangular": {"min", "max"}, "uniform": {"min", "max"}}
        if dist not in fields:
            if dist:
                self.err(_join(path, "distribution"), f"{dist!r} is not one of {', '.join(fields)}")
            return None
        self.keys(d, path, {"distribution"} | fields[dist], {"distribution"} | fields[dist])
        if dist == "lognormal":
            gsd = self.number(d.get("gsd"), _join(path, "gsd"), minimum=1.0, allow_equal=False)
            return Uncertainty(dist, gsd=gsd) if gsd else None
        if dist == "normal":
            sd = self.number(d.get("sd"), _join(path, "sd"), minimum=0.0, allow_equal=False)
            return Uncertainty(dist, sd=sd) if sd else None
        lo = self.number(d.get("min"), _join(path, "min"), minimum=None)
        hi = self.number(d.get("max"), _join(path, "max"), minimum=None)
        if lo is None or hi is None:
            return None
        if not lo < hi:
            self.err(path, f"min ({lo:g}) must be below max ({hi:g})")
            return None
        if amount is not None and not lo <= amount <= hi:
            self.err(path, f"the amount {amount:g} lies outside [{lo:g}, {hi:g}]")
            return None
        return Uncertainty(dist, minimum=lo, maximum=hi)

    def pedigree(self, value: Any, path: str) -> Pedigree | None:
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        names = ("reliability", "completeness", "temporal", "geographical", "technological")
        self.keys(d, path, set(names), set(names))
        scores = []
        for name in names:
            v = d.get(name)
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5:
                if name in d:
                    self.err(_join(path, name), f"expected a whole number 1…5, got {v!r}")
                return None
            scores.append(v)
        return Pedigree(*scores)

    def citation(self, value: Any, path: str, *, required: bool) -> Citation:
        if value is None or value == "":
            if required:
                self.err(path, "a source is required (a text or {title, publisher, year, url, location})")
            return Citation("")
        if isinstance(value, str):
            return Citation(value.strip())
        d = self.mapping(value, path)
        if d is None:
            return Citation("")
        self.keys(d, path, {"title", "publisher", "year", "url", "location"}, {"title"})
        year = d.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            self.err(_join(path, "year"), f"expected a year, got {year!r}")
            year = None
        return Citation(self.string(d, "title", path), self.string(d, "publisher", path), year,
                        self.string(d, "url", path), self.string(d, "location", path))

    # -- structure --
    def model(self, data: Any) -> Model | None:
        d = self.mapping(data, "")
        if d is None:
            return None
        self.keys(d, "", {"format", "product", "processes", "factors", "cutoff", "factor_release", "notes",
                          "offsets", "end_of_life"}, {"format", "product", "processes"})
        fmt = d.get("format")
        if "format" in d and fmt != FORMAT:
            self.err("format", f"expected {FORMAT!r}, got {fmt!r}")
        processes_raw = self.mapping(d.get("processes"), "processes") if "processes" in d else None
        product = self.product(d.get("product"), "product") if "product" in d else None
        default_geo = product.geography if product else ""
        processes: dict[str, Process] = {}
        if processes_raw is not None:
            if not processes_raw:
                self.err("processes", "at least one process is required")
            for pid, raw in processes_raw.items():
                path = f"processes.{pid}"
                if not isinstance(pid, str) or not _ID.match(pid):
                    self.err(path, "a process id uses letters, digits, '_', '-' and '.' only")
                    continue
                process = self.process(pid, raw, path, default_geo)
                if process is not None:
                    processes[pid] = process
        factors: dict[str, LocalFactor] = {}
        if d.get("factors") is not None:
            fd = self.mapping(d.get("factors"), "factors")
            for code, raw in (fd or {}).items():
                lf = self.local_factor(str(code), raw, f"factors.{code}")
                if lf is not None:
                    factors[str(code)] = lf
        cutoff = self.cutoff(d.get("cutoff"), "cutoff")
        if product is not None and processes_raw is not None:
            self.check_references(product, processes, processes_raw)
            check_eol_references(self, processes, processes_raw)
        offsets = parse_offsets(self, d.get("offsets"), "offsets")
        method = self.eol_method(d.get("end_of_life"), "end_of_life")
        release = d.get("factor_release")
        if release is not None and not isinstance(release, (str, int, float)):
            self.err("factor_release", f"expected a release version, got {_kind(release)}")
            release = None
        if product is None:
            return None
        text = _canonical_text(d)
        return Model(self.file, product, processes, factors, cutoff,
                     str(release) if release is not None else None, self.string(d, "notes", ""),
                     d, hashlib.sha256(text.encode("utf-8")).hexdigest(), offsets, method)

    def eol_method(self, value: Any, path: str) -> EolMethod | None:
        """`end_of_life: {method: cut_off | cff}` — the method the model is calculated for."""
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"method", "note"}, {"method"})
        text = self.string(d, "method", path)
        try:
            return EolMethod(text)
        except ValueError:
            self.err(_join(path, "method"), f"{text!r} is not one of {', '.join(m.value for m in EolMethod)}")
            return None

    def product(self, value: Any, path: str) -> Product | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"id", "name", "category", "functional_unit", "reference_flow", "geography",
                            "reference_year", "gwp", "description", "manufacturer", "plant", "mass",
                            "reference_period", "battery"},
                  {"id", "name", "functional_unit", "reference_flow"})
        pid = self.string(d, "id", path, required=True)
        if pid and not _ID.match(pid):
            self.err(_join(path, "id"), "an id uses letters, digits, '_', '-' and '.' only")
        gwp_text = self.string(d, "gwp", path, default="AR6")
        try:
            gwp = GwpChoice(gwp_text.upper())
        except ValueError:
            self.err(_join(path, "gwp"), f"{gwp_text!r} is not one of AR4, AR5, AR6")
            gwp = GwpChoice.AR6
        year = d.get("reference_year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
            self.err(_join(path, "reference_year"), f"expected a year, got {year!r}")
            year = None
        rf = self.reference_flow(d.get("reference_flow"), _join(path, "reference_flow"))
        period = self.period(d.get("reference_period"), _join(path, "reference_period"))
        battery = self.battery(d.get("battery"), _join(path, "battery"))
        for key in ("manufacturer", "plant"):
            if d.get(key) is not None:
                self.mapping(d.get(key), _join(path, key))
        if rf is None:
            return None
        return Product(
            id=pid, name=self.text(d.get("name"), _join(path, "name")),
            category=self.string(d, "category", path), functional_unit=self.string(
                d, "functional_unit", path, required=True),
            reference_flow=rf, geography=self.string(d, "geography", path, default="GLO"),
            reference_year=year, gwp=gwp, description=self.text(d.get("description"), _join(path, "description")),
            manufacturer=dict(d.get("manufacturer") or {}) if isinstance(d.get("manufacturer"), Mapping) else {},
            plant=dict(d.get("plant") or {}) if isinstance(d.get("plant"), Mapping) else {},
            mass=self.quantity_text(d.get("mass"), _join(path, "mass")), reference_period=period,
            battery=battery,
        )

    def reference_flow(self, value: Any, path: str) -> ReferenceFlow | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"process", "product", "amount", "unit"}, {"process", "amount", "unit"})
        amount = self.number(d.get("amount"), _join(path, "amount"), minimum=0.0, allow_equal=False)
        unit = self.unit(d.get("unit"), _join(path, "unit"))
        process = self.string(d, "process", path, required=True)
        if amount is None or not unit or not process:
            return None
        return ReferenceFlow(process, amount, unit, self.string(d, "product", path) or None)

    def period(self, value: Any, path: str) -> tuple[dt.date, dt.date] | None:
        if value is None:
            return None
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"start", "end"}, {"start", "end"})
        dates = []
        for key in ("start", "end"):
            raw = d.get(key)
            if isinstance(raw, dt.date):
                dates.append(raw)
                continue
            try:
                dates.append(dt.date.fromisoformat(str(raw)))
            except ValueError:
                self.err(_join(path, key), f"expected a date YYYY-MM-DD, got {raw!r}")
        if len(dates) == 2 and dates[0] > dates[1]:
            self.err(path, "the period ends before it starts")
            return None
        return (dates[0], dates[1]) if len(dates) == 2 else None

    def battery(self, value: Any, path: str) -> Mapping[str, Any]:
        if value is None:
            return {}
        d = self.mapping(value, path)
        if d is None:
            return {}
        self.keys(d, path, {"chemistry", "rated_energy", "rated_capacity", "cycles_per_year", "service_years",
                            "lifetime_cycles", "usable_energy", "application"})
        out: dict[str, Any] = {k: d[k] for k in ("chemistry", "application") if k in d}
        for key, dims in (("rated_energy", "kWh"), ("usable_energy", "kWh"), ("rated_capacity", "Ah")):
            if key in d:
                q = self.quantity_text(d[key], _join(path, key))
                if q is not None:
                    from footprint.units import convert

                    try:
                        out[key] = Quantity(convert(q.amount, q.unit, dims), dims)
                    except UnitError as exc:
                        self.err(_join(path, key), str(exc))
        for key in ("cycles_per_year", "service_years", "lifetime_cycles"):
            if key in d:
                n = self.number(d[key], _join(path, key), minimum=0.0, allow_equal=False)
                if n is not None:
                    out[key] = n
        return out

    def process(self, pid: str, value: Any, path: str, default_geo: str) -> Process | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"name", "stage", "geography", "output", "inputs", "emissions", "co_products",
                            "allocation", "notes", "role", "fate", "substitutes", "removals", "cff"},
                  {"stage", "output"})
        stage_text = self.string(d, "stage", path)
        stage = None
        if stage_text:
            try:
                stage = Stage(stage_text)
            except ValueError:
                self.err(_join(path, "stage"), f"{stage_text!r} is not one of {', '.join(s.value for s in Stage)}")
        output = self.output(d.get("output"), _join(path, "output")) if "output" in d else None
        inputs = []
        raw_inputs = d.get("inputs") or []
        if not isinstance(raw_inputs, list):
            self.err(_join(path, "inputs"), f"expected a list, got {_kind(raw_inputs)}")
            raw_inputs = []
        for i, raw in enumerate(raw_inputs):
            item = self.input(raw, f"{path}.inputs[{i}]")
            if item is not None:
                inputs.extend(split_recycled(self, item, raw))
        emissions = []
        raw_em = d.get("emissions") or []
        if not isinstance(raw_em, list):
            self.err(_join(path, "emissions"), f"expected a list, got {_kind(raw_em)}")
            raw_em = []
        for i, raw in enumerate(raw_em):
            em = self.emission(raw, f"{path}.emissions[{i}]")
            if em is not None:
                emissions.append(em)
        co_products = self.co_products(d.get("co_products"), _join(path, "co_products"), pid)
        allocation = self.allocation(d.get("allocation"), _join(path, "allocation"), pid, co_products, output)
        fate = parse_fate(self, d, path, stage.value if stage is not None else None)
        substitutes = parse_substitutes(self, d.get("substitutes"), _join(path, "substitutes"), co_products)
        removals = parse_removals(self, d.get("removals"), _join(path, "removals"))
        cff = parse_cff(self, d.get("cff"), _join(path, "cff"))
        if stage is None or output is None:
            return None
        return Process(pid, self.text(d.get("name"), _join(path, "name")), stage,
                       self.string(d, "geography", path) or default_geo, output, tuple(inputs), tuple(emissions),
                       tuple(co_products), allocation, self.string(d, "notes", path), self.string(d, "role", path),
                       fate, substitutes, removals, cff)

    def output(self, value: Any, path: str) -> Output | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"amount", "unit", "price", "mass"}, {"amount", "unit"})
        amount = self.number(d.get("amount"), _join(path, "amount"), minimum=0.0, allow_equal=False)
        unit = self.unit(d.get("unit"), _join(path, "unit"))
        price = self.number(d["price"], _join(path, "price")) if d.get("price") is not None else None
        mass = self.quantity_text(d.get("mass"), _join(path, "mass"))
        return Output(amount, unit, price, mass) if amount is not None and unit else None

    def input(self, value: Any, path: str) -> Input | None:
        fast = _plain_input(value, path)
        if fast is not None:
            return fast
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"process", "product", "factor", "amount", "unit", "uncertainty", "pedigree", "source",
                            "note", "mass", "name", "role", "bom", "recycled_content"}, {"amount", "unit"})
        process, factor = d.get("process"), d.get("factor")
        if (process is None) == (factor is None):
            self.err(path, "an input names exactly one of `process` (a process of this model) or `factor`")
        amount = self.number(d.get("amount"), _join(path, "amount"))
        unit = self.unit(d.get("unit"), _join(path, "unit"))
        unc = self.uncertainty(d.get("uncertainty"), _join(path, "uncertainty"), amount)
        ped = self.pedigree(d.get("pedigree"), _join(path, "pedigree"))
        source = d.get("source")
        source_text = self.citation(source, _join(path, "source"), required=False).text() if source else ""
        if (amount is None or not unit) and factor is None:
            return None
        # A bad amount or unit is already an issue; the input is kept (as zero) so that linking still
        # reports an unknown factor on it: every problem of a file at once.
        amount, unit = (amount, unit) if amount is not None and unit else (0.0, unit or "")
        bom = d.get("bom", True)
        if not isinstance(bom, bool):
            self.err(_join(path, "bom"), f"expected true or false, got {bom!r}")
            bom = True
        return Input(path, amount, unit, str(process) if process is not None else None,
                     self.string(d, "product", path) or None, str(factor).strip() if factor is not None else None,
                     unc, ped, source_text, self.string(d, "note", path),
                     self.quantity_text(d.get("mass"), _join(path, "mass")), self.string(d, "role", path), bom)

    def emission(self, value: Any, path: str) -> Emission | None:
        from factors.gases import GASES

        fast = _plain_emission(value, path)
        if fast is not None:
            return fast
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"gas", "amount", "unit", "uncertainty", "pedigree", "source", "note"},
                  {"gas", "amount", "unit"})
        gas = self.string(d, "gas", path, required=True)
        if gas and gas not in GASES:
            self.err(_join(path, "gas"), f"unknown gas {gas!r}; expected one of {', '.join(GASES)}")
        amount = self.number(d.get("amount"), _join(path, "amount"))
        unit = self.unit(d.get("unit"), _join(path, "unit"))
        if unit:
            from footprint.units import is_mass

            if not is_mass(unit):
                self.err(_join(path, "unit"), f"an emission is a mass of gas (kg, t, g), got {unit!r}")
        unc = self.uncertainty(d.get("uncertainty"), _join(path, "uncertainty"), amount)
        ped = self.pedigree(d.get("pedigree"), _join(path, "pedigree"))
        source = d.get("source")
        if amount is None or not unit or not gas:
            return None
        return Emission(path, gas, amount, unit, unc, ped,
                        self.citation(source, _join(path, "source"), required=False).text() if source else "",
                        self.string(d, "note", path))

    def co_products(self, value: Any, path: str, pid: str) -> list[CoProduct]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.err(path, f"expected a list, got {_kind(value)}")
            return []
        out, seen = [], {pid}
        for i, raw in enumerate(value):
            p = f"{path}[{i}]"
            d = self.mapping(raw, p)
            if d is None:
                continue
            self.keys(d, p, {"id", "name", "amount", "unit", "price", "mass"}, {"id", "amount", "unit"})
            cid = self.string(d, "id", p, required=True)
            if cid in seen:
                self.err(_join(p, "id"), f"duplicate product id {cid!r} in this process")
            seen.add(cid)
            amount = self.number(d.get("amount"), _join(p, "amount"), minimum=0.0, allow_equal=False)
            unit = self.unit(d.get("unit"), _join(p, "unit"))
            price = self.number(d["price"], _join(p, "price")) if d.get("price") is not None else None
            if amount is not None and unit and cid:
                out.append(CoProduct(cid, self.text(d.get("name"), _join(p, "name")), amount, unit, price,
                                     self.quantity_text(d.get("mass"), _join(p, "mass"))))
        return out

    def allocation(self, value: Any, path: str, pid: str, co_products: list[CoProduct],
                   output: Output | None) -> Allocation | None:
        if not co_products:
            if value is not None:
                self.err(path, "allocation needs co_products")
            return None
        if value is None:
            self.err(path, "a process with co_products needs an allocation rule: mass, economic or {shares: …}")
            return None
        if isinstance(value, str):
            if value not in ("mass", "economic", "system_expansion"):
                self.err(path, f"{value!r} is not mass, economic, system_expansion or {{shares: …}}")
                return None
            if value == "economic":
                if output is not None and output.price is None:
                    self.err(_join(path.rsplit(".", 1)[0], "output.price"), "economic allocation needs a price")
                for i, c in enumerate(co_products):
                    if c.price is None:
                        self.err(f"{path.rsplit('.', 1)[0]}.co_products[{i}].price", "economic allocation needs a price")
            return Allocation(value)
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"shares"}, {"shares"})
        shares = self.mapping(d.get("shares"), _join(path, "shares")) or {}
        ids = {pid} | {c.id for c in co_products}
        parsed: dict[str, float] = {}
        for key, raw in shares.items():
            if key not in ids:
                self.err(_join(path, f"shares.{key}"), f"not a product of this process ({', '.join(sorted(ids))})")
                continue
            n = self.number(raw, _join(path, f"shares.{key}"))
            if n is not None:
                parsed[key] = n
        missing = ids - set(parsed)
        if missing and not any(i.path.startswith(_join(path, "shares")) for i in self.issues):
            self.err(_join(path, "shares"), f"missing shares for {', '.join(sorted(missing))}")
        total = sum(parsed.values())
        if parsed and not missing and abs(total - 1.0) > 1e-6:
            self.err(_join(path, "shares"), f"shares must add up to 1, they add up to {total:g}")
        return Allocation("shares", parsed)

    def local_factor(self, code: str, value: Any, path: str) -> LocalFactor | None:
        from factors.gases import GASES
        from footprint.units import split_intensity

        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"value", "unit", "gwp", "gases", "source", "name", "geography", "reference_year",
                            "uncertainty", "pedigree", "provenance", "notes", "reason"}, {"unit", "source"})
        gwp = self.string(d, "gwp", path)
        if gwp and gwp not in ("AR4", "AR5", "AR6", "unspecified"):
            self.err(_join(path, "gwp"), f"{gwp!r} is not AR4, AR5, AR6 or unspecified")
        unit_text = d.get("unit")
        source = self.citation(d.get("source"), _join(path, "source"), required=True)
        unc_amount = None
        if d.get("gases") is not None:
            if "value" in d:
                self.err(_join(path, "value"), "give either `value` (with an intensity unit) or `gases`, not both")
            gd = self.mapping(d.get("gases"), _join(path, "gases")) or {}
            gases: dict[str, float] = {}
            for gas, amount in gd.items():
                if gas not in GASES:
                    self.err(_join(path, f"gases.{gas}"), f"unknown gas; expected one of {', '.join(GASES)}")
                    continue
                n = self.number(amount, _join(path, f"gases.{gas}"))
                if n is not None:
                    gases[gas] = n
            ref_unit = self.unit(unit_text, _join(path, "unit"))
            basis, factor_value = "gases", 0.0
        else:
            gases = {}
            reason = self.string(d, "reason", path)
            raw_value = self.number(d.get("value"), _join(path, "value"), minimum=0.0, allow_equal=bool(reason))
            if raw_value is None and d.get("value") == 0 and not reason:
                self.issues[-1] = Issue(_join(path, "value"), "a factor of 0 is legal only with its source and a "
                                        "`reason` (e.g. a burden-free recycled input under cut-off, a waste input)")
            if "value" not in d:
                self.err(_join(path, "value"), "required (or give `gases`)")
            ref_unit, basis, factor_value = "", "CO2e", 0.0
            if isinstance(unit_text, str) and unit_text.strip():
                try:
                    multiplier, ref_unit, basis = split_intensity(unit_text)
                    if raw_value is not None:
                        factor_value = raw_value * multiplier
                        unc_amount = raw_value
                except UnitError as exc:
                    self.err(_join(path, "unit"), str(exc))
            else:
                self.err(_join(path, "unit"), "an intensity unit is required, e.g. 'kg CO2e / kg'")
            if basis == "CO2e" and not gwp:
                self.err(_join(path, "gwp"), "a CO2e factor needs its GWP set (AR4, AR5, AR6 or unspecified)")
        year = d.get("reference_year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            self.err(_join(path, "reference_year"), f"expected a year, got {year!r}")
            year = None
        provenance = d.get("provenance") or {}
        if not isinstance(provenance, Mapping):
            self.err(_join(path, "provenance"), "expected a mapping")
            provenance = {}
        unc = self.uncertainty(d.get("uncertainty"), _join(path, "uncertainty"), unc_amount)
        if unc is not None and unc_amount:
            unc = _scale_uncertainty(unc, factor_value / unc_amount)  # into kg CO2e per reference unit
        if not ref_unit:
            return None
        return LocalFactor(code, path, ref_unit, basis, factor_value, gwp if basis != "CO2" else "", gases,
                           source, self.text(d.get("name"), _join(path, "name")), self.string(d, "geography", path),
                           year, unc, self.pedigree(d.get("pedigree"), _join(path, "pedigree")),
                           dict(provenance), self.string(d, "notes", path), self.string(d, "reason", path))

    def cutoff(self, value: Any, path: str) -> tuple[CutoffEntry, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.err(path, f"expected a list, got {_kind(value)}")
            return ()
        out = []
        for i, raw in enumerate(value):
            p = f"{path}[{i}]"
            d = self.mapping(raw, p)
            if d is None:
                continue
            self.keys(d, p, {"flow", "reason", "share", "basis"}, {"flow", "reason"})
            share = self.number(d["share"], _join(p, "share")) if d.get("share") is not None else None
            basis = self.string(d, "basis", p)
            if basis and basis not in ("mass", "impact", "energy"):
                self.err(_join(p, "basis"), f"{basis!r} is not mass, impact or energy")
            out.append(CutoffEntry(self.string(d, "flow", p, required=True), self.string(d, "reason", p, required=True),
                                   share, basis))
        return tuple(out)

    def check_references(self, product: Product, processes: Mapping[str, Process], raw: Mapping[str, Any]) -> None:
        rf = product.reference_flow
        if rf.process not in raw:
            self.err("product.reference_flow.process",
                     f"names no process of this model: {rf.process!r} (processes: {', '.join(map(str, raw))})")
        elif rf.process in processes and rf.product:
            ids = {c.id for c in processes[rf.process].co_products}
            if rf.product not in ids:
                self.err("product.reference_flow.product", f"{rf.process!r} has no co-product {rf.product!r}")
        for process in processes.values():
            for item in process.inputs:
                if item.process is None:
                    continue
                if item.process not in raw:
                    self.err(_join(item.path, "process"), f"references a missing process {item.process!r}")
                elif item.product and item.process in processes:
                    ids = {c.id for c in processes[item.process].co_products}
                    if item.product not in ids:
                        self.err(_join(item.path, "product"),
                                 f"process {item.process!r} has no co-product {item.product!r}")


def _scale_uncertainty(u: Uncertainty, k: float) -> Uncertainty:
    """The same distribution for an amount multiplied by `k` > 0 (the GSD of a lognormal does not change)."""
    def mul(x: float | None) -> float | None:
        return None if x is None else x * k

    return Uncertainty(u.distribution, u.gsd, mul(u.sd), mul(u.minimum), mul(u.maximum))


_join = join
_kind = describe

# Fast paths for the common, plainly valid input and emission lines of large models: they build the same
# objects the full validation builds, and anything unusual (or invalid) goes through the full validation.
_PLAIN_INPUT_KEYS = frozenset({"process", "factor", "amount", "unit", "source", "note", "role"})
_PLAIN_EMISSION_KEYS = frozenset({"gas", "amount", "unit", "source", "note"})


def _plain_amount(value: Any) -> float | None:
    if type(value) in (int, float) and math.isfinite(value) and value >= 0:
        return float(value)
    return None


def _texts(d: Mapping[str, Any], keys: tuple[str, ...]) -> bool:
    return all(d.get(k) is None or isinstance(d[k], str) for k in keys)


def _plain_input(value: Any, path: str) -> Input | None:
    if not isinstance(value, dict) or not value.keys() <= _PLAIN_INPUT_KEYS:
        return None
    process, factor, unit = value.get("process"), value.get("factor"), value.get("unit")
    amount = _plain_amount(value.get("amount"))
    if (amount is None or not isinstance(unit, str) or (process is None) == (factor is None)
            or not _texts(value, ("process", "factor", "source", "note", "role")) or not _unit_ok(unit)):
        return None
    if not (process or factor or "").strip():
        return None
    return Input(path, amount, unit.strip(), process, None, factor.strip() if factor is not None else None, None, None, (value.get("source") or "").strip(),
                 (value.get("note") or "").strip(), None, (value.get("role") or "").strip(), True)


def _plain_emission(value: Any, path: str) -> Emission | None:
    from factors.gases import GASES
    from footprint.units import is_mass

    if not isinstance(value, dict) or not value.keys() <= _PLAIN_EMISSION_KEYS:
        return None
    gas, unit, amount = value.get("gas"), value.get("unit"), _plain_amount(value.get("amount"))
    if (amount is None or gas not in GASES or not isinstance(unit, str) or not _texts(value, ("source", "note"))
            or not _unit_ok(unit) or not is_mass(unit.strip())):
        return None
    return Emission(path, gas, amount, unit.strip(), None, None, (value.get("source") or "").strip(),
                    (value.get("note") or "").strip())


def _unit_ok(unit: str) -> bool:
    try:
        parse_unit(unit)
    except UnitError:
        return False
    return bool(unit.strip())
