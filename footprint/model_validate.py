"""Validating a parsed model (`pcf-model/1`) into `Model` objects, every problem with its path.

Validation collects every problem with its path (``processes.cell.inputs[2].unit``) and raises one
`ModelError`; units are checked for parseability here and for dimensions when linking to factors.
The format is specified in docs/model-format.md (and published as docs/pcf-model-1.schema.json).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from factors.vocab import CALC_GWP_SETS, GwpSet, gwp_names
from footprint.circular import EolMethod
from footprint.eol_model import (
    check_eol_references,
    parse_cff,
    parse_fate,
    parse_offsets,
    parse_removals,
    parse_substitutes,
    split_recycled,
)
from footprint.errors import Issue, ModelError
from footprint.model_fast import plain_emission, plain_input, plain_process
from footprint.model_parts import PartChecks
from footprint.model_types import (
    FORMAT,
    Emission,
    Input,
    LocalFactor,
    Model,
    Output,
    Process,
    Product,
    Quantity,
    ReferenceFlow,
    Stage,
)
from footprint.pathcheck import describe, join
from footprint.units import UnitError

ID = re.compile(r"[A-Za-z0-9_.\-]+")


MAX_PROCESSES = 200_000  # 100,000 calculate in about a minute and 4 GB; refused early above this


def _is_id(value: object) -> bool:
    """An id: letters, digits, '_', '-' and '.', nothing else (no space or line break around it either)."""
    return isinstance(value, str) and ID.fullmatch(value) is not None


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
    from footprint.safeload import gc_paused

    v = ModelValidator(file)
    processes = data.get("processes") if isinstance(data, Mapping) else None
    if isinstance(processes, Mapping) and len(processes) > MAX_PROCESSES:
        return None, [
            Issue(
                "processes",
                f"{len(processes):,} processes, more than the limit of {MAX_PROCESSES:,} "
                "a model may have (docs/model-format.md): split the product system into models "
                "whose results enter as local factors",
            )
        ]
    with gc_paused():
        model = v.model(data)
    return model, v.issues


def model_hash(data: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a model's content (key order and YAML layout do not matter)."""
    return hashlib.sha256(_canonical_text(data).encode("utf-8")).hexdigest()


def _canonical_text(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


class ModelValidator(PartChecks):
    """Walks the parsed YAML, building model objects and collecting issues with their paths."""

    def model(self, data: Any) -> Model | None:
        d = self.mapping(data, "")
        if d is None:
            return None
        self.keys(
            d,
            "",
            {
                "format",
                "product",
                "processes",
                "factors",
                "cutoff",
                "factor_release",
                "notes",
                "offsets",
                "end_of_life",
            },
            {"format", "product", "processes"},
        )
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
                if not isinstance(pid, str) or not _is_id(pid):
                    self.err(path, "a process id uses letters, digits, '_', '-' and '.' only")
                    continue
                process = plain_process(pid, raw, path, default_geo) or self.process(
                    pid, raw, path, default_geo
                )
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
            self.err("factor_release", f"expected a release version, got {describe(release)}")
            release = None
        if product is None:
            return None
        text = _canonical_text(d)
        return Model(
            self.file,
            product,
            processes,
            factors,
            cutoff,
            str(release) if release is not None else None,
            self.string(d, "notes", ""),
            d,
            hashlib.sha256(text.encode("utf-8")).hexdigest(),
            offsets,
            method,
        )

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
            self.err(join(path, "method"), f"{text!r} is not one of {', '.join(m.value for m in EolMethod)}")
            return None

    def product(self, value: Any, path: str) -> Product | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {
                "id",
                "name",
                "category",
                "functional_unit",
                "reference_flow",
                "geography",
                "reference_year",
                "gwp",
                "description",
                "manufacturer",
                "plant",
                "mass",
                "reference_period",
                "battery",
            },
            {"id", "name", "functional_unit", "reference_flow"},
        )
        pid = self.string(d, "id", path, required=True)
        if pid and not _is_id(d.get("id")):  # as written: "p1\n" is not the id p1
            self.err(join(path, "id"), "an id uses letters, digits, '_', '-' and '.' only")
        gwp_text = self.string(d, "gwp", path, default="AR6")
        gwp = GwpSet.AR6
        if gwp_text.upper() in CALC_GWP_SETS:
            gwp = GwpSet(gwp_text.upper())
        else:
            self.err(join(path, "gwp"), f"{gwp_text!r} is not one of {gwp_names(last=', ')}")
        year = self.year(d.get("reference_year"), join(path, "reference_year"), low=1900, high=2100)
        rf = self.reference_flow(d.get("reference_flow"), join(path, "reference_flow"))
        period = self.period(d.get("reference_period"), join(path, "reference_period"))
        battery = self.battery(d.get("battery"), join(path, "battery"))
        for key in ("manufacturer", "plant"):
            if d.get(key) is not None:
                self.mapping(d.get(key), join(path, key))
        if rf is None:
            return None
        return Product(
            id=pid,
            name=self.text(d.get("name"), join(path, "name")),
            category=self.string(d, "category", path),
            functional_unit=self.string(d, "functional_unit", path, required=True),
            reference_flow=rf,
            geography=self.string(d, "geography", path, default="GLO"),
            reference_year=year,
            gwp=gwp,
            description=self.text(d.get("description"), join(path, "description")),
            manufacturer=dict(d.get("manufacturer") or {})
            if isinstance(d.get("manufacturer"), Mapping)
            else {},
            plant=dict(d.get("plant") or {}) if isinstance(d.get("plant"), Mapping) else {},
            mass=self.quantity_text(d.get("mass"), join(path, "mass")),
            reference_period=period,
            battery=battery,
        )

    def reference_flow(self, value: Any, path: str) -> ReferenceFlow | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"process", "product", "amount", "unit"}, {"process", "amount", "unit"})
        amount = self.number(d.get("amount"), join(path, "amount"), minimum=0.0, allow_equal=False)
        unit = self.unit(d.get("unit"), join(path, "unit"))
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
                self.err(join(path, key), f"expected a date YYYY-MM-DD, got {raw!r}")
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
        self.keys(
            d,
            path,
            {
                "chemistry",
                "rated_energy",
                "rated_capacity",
                "cycles_per_year",
                "service_years",
                "lifetime_cycles",
                "usable_energy",
                "application",
            },
        )
        out: dict[str, Any] = {k: d[k] for k in ("chemistry", "application") if k in d}
        for key, dims in (("rated_energy", "kWh"), ("usable_energy", "kWh"), ("rated_capacity", "Ah")):
            if key in d:
                q = self.quantity_text(d[key], join(path, key))
                if q is not None:
                    from footprint.units import convert

                    try:
                        out[key] = Quantity(convert(q.amount, q.unit, dims), dims)
                    except UnitError as exc:
                        self.err(join(path, key), str(exc))
        for key in ("cycles_per_year", "service_years", "lifetime_cycles"):
            if key in d:
                n = self.number(d[key], join(path, key), minimum=0.0, allow_equal=False)
                if n is not None:
                    out[key] = n
        return out

    def process(self, pid: str, value: Any, path: str, default_geo: str) -> Process | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {
                "name",
                "stage",
                "geography",
                "output",
                "inputs",
                "emissions",
                "co_products",
                "allocation",
                "notes",
                "role",
                "fate",
                "substitutes",
                "removals",
                "cff",
            },
            {"stage", "output"},
        )
        stage_text = self.string(d, "stage", path)
        stage = None
        if stage_text:
            try:
                stage = Stage(stage_text)
            except ValueError:
                self.err(
                    join(path, "stage"), f"{stage_text!r} is not one of {', '.join(s.value for s in Stage)}"
                )
        output = self.output(d.get("output"), join(path, "output")) if "output" in d else None
        inputs = []
        raw_inputs = d.get("inputs") or []
        if not isinstance(raw_inputs, list):
            self.err(join(path, "inputs"), f"expected a list, got {describe(raw_inputs)}")
            raw_inputs = []
        for i, raw in enumerate(raw_inputs):
            item = self.input(raw, f"{path}.inputs[{i}]")
            if item is not None:
                inputs.extend(split_recycled(self, item, raw))
        emissions = []
        raw_em = d.get("emissions") or []
        if not isinstance(raw_em, list):
            self.err(join(path, "emissions"), f"expected a list, got {describe(raw_em)}")
            raw_em = []
        for i, raw in enumerate(raw_em):
            emission = self.emission(raw, f"{path}.emissions[{i}]")
            if emission is not None:
                emissions.append(emission)
        co_products = self.co_products(d.get("co_products"), join(path, "co_products"), pid)
        allocation = self.allocation(d.get("allocation"), join(path, "allocation"), pid, co_products, output)
        fate = parse_fate(self, d, path, stage.value if stage is not None else None)
        substitutes = parse_substitutes(self, d.get("substitutes"), join(path, "substitutes"), co_products)
        removals = parse_removals(self, d.get("removals"), join(path, "removals"))
        cff = parse_cff(self, d.get("cff"), join(path, "cff"))
        if stage is None or output is None:
            return None
        return Process(
            pid,
            self.text(d.get("name"), join(path, "name")),
            stage,
            self.string(d, "geography", path) or default_geo,
            output,
            tuple(inputs),
            tuple(emissions),
            tuple(co_products),
            allocation,
            self.string(d, "notes", path),
            self.string(d, "role", path),
            fate,
            substitutes,
            removals,
            cff,
        )

    def output(self, value: Any, path: str) -> Output | None:
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(d, path, {"amount", "unit", "price", "mass"}, {"amount", "unit"})
        amount = self.number(d.get("amount"), join(path, "amount"), minimum=0.0, allow_equal=False)
        unit = self.unit(d.get("unit"), join(path, "unit"))
        price = self.number(d["price"], join(path, "price")) if d.get("price") is not None else None
        mass = self.quantity_text(d.get("mass"), join(path, "mass"))
        return Output(amount, unit, price, mass) if amount is not None and unit else None

    def input(self, value: Any, path: str) -> Input | None:
        fast = plain_input(value, path)
        if fast is not None:
            return fast
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {
                "process",
                "product",
                "factor",
                "amount",
                "unit",
                "uncertainty",
                "pedigree",
                "source",
                "note",
                "mass",
                "name",
                "role",
                "bom",
                "recycled_content",
            },
            {"amount", "unit"},
        )
        process, factor = d.get("process"), d.get("factor")
        if (process is None) == (factor is None):
            self.err(path, "an input names exactly one of `process` (a process of this model) or `factor`")
        amount = self.number(d.get("amount"), join(path, "amount"))
        unit = self.unit(d.get("unit"), join(path, "unit"))
        unc = self.uncertainty(d.get("uncertainty"), join(path, "uncertainty"), amount)
        ped = self.pedigree(d.get("pedigree"), join(path, "pedigree"))
        source = d.get("source")
        source_text = self.citation(source, join(path, "source"), required=False).text() if source else ""
        if (amount is None or not unit) and factor is None:
            return None
        # A bad amount or unit is already an issue; the input is kept (as zero) so that linking still
        # reports an unknown factor on it: every problem of a file at once.
        amount, unit = (amount, unit) if amount is not None and unit else (0.0, unit or "")
        bom = d.get("bom", True)
        if not isinstance(bom, bool):
            self.err(join(path, "bom"), f"expected true or false, got {bom!r}")
            bom = True
        return Input(
            path,
            amount,
            unit,
            str(process) if process is not None else None,
            self.string(d, "product", path) or None,
            str(factor).strip() if factor is not None else None,
            unc,
            ped,
            source_text,
            self.string(d, "note", path),
            self.quantity_text(d.get("mass"), join(path, "mass")),
            self.string(d, "role", path),
            bom,
        )

    def emission(self, value: Any, path: str) -> Emission | None:
        from factors.gases import GASES

        fast = plain_emission(value, path)
        if fast is not None:
            return fast
        d = self.mapping(value, path)
        if d is None:
            return None
        self.keys(
            d,
            path,
            {"gas", "amount", "unit", "uncertainty", "pedigree", "source", "note"},
            {"gas", "amount", "unit"},
        )
        gas = self.string(d, "gas", path, required=True)
        if gas and gas not in GASES:
            self.err(join(path, "gas"), f"unknown gas {gas!r}; expected one of {', '.join(GASES)}")
        amount = self.number(d.get("amount"), join(path, "amount"))
        unit = self.unit(d.get("unit"), join(path, "unit"))
        if unit:
            from footprint.units import is_mass

            if not is_mass(unit):
                self.err(join(path, "unit"), f"an emission is a mass of gas (kg, t, g), got {unit!r}")
        unc = self.uncertainty(d.get("uncertainty"), join(path, "uncertainty"), amount)
        ped = self.pedigree(d.get("pedigree"), join(path, "pedigree"))
        source = d.get("source")
        if amount is None or not unit or not gas or gas not in GASES:  # an unknown gas is already an issue
            return None
        return Emission(
            path,
            gas,
            amount,
            unit,
            unc,
            ped,
            self.citation(source, join(path, "source"), required=False).text() if source else "",
            self.string(d, "note", path),
        )

    def check_references(
        self, product: Product, processes: Mapping[str, Process], raw: Mapping[str, Any]
    ) -> None:
        rf = product.reference_flow
        if rf.process not in raw:
            self.err(
                "product.reference_flow.process",
                f"names no process of this model: {rf.process!r} (processes: {', '.join(map(str, raw))})",
            )
        elif rf.process in processes and rf.product:
            ids = {c.id for c in processes[rf.process].co_products}
            if rf.product not in ids:
                self.err("product.reference_flow.product", f"{rf.process!r} has no co-product {rf.product!r}")
        for process in processes.values():
            for item in process.inputs:
                if item.process is None:
                    continue
                if item.process not in raw:
                    self.err(join(item.path, "process"), f"references a missing process {item.process!r}")
                elif item.product and item.process in processes:
                    ids = {c.id for c in processes[item.process].co_products}
                    if item.product not in ids:
                        self.err(
                            join(item.path, "product"),
                            f"process {item.process!r} has no co-product {item.product!r}",
                        )
