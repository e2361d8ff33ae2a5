"""Validating a model's processes: stage, output, inputs and emissions, with the end-of-life parts they carry.

The plainly valid inputs and emissions take the fast path of `footprint.model_fast`; the rest gets the
general checks below and their messages.
"""

from __future__ import annotations

from typing import Any

from footprint.eol_model import parse_cff, parse_fate, parse_removals, parse_substitutes, split_recycled
from footprint.model_fast import plain_emission, plain_input
from footprint.model_parts import PartChecks
from footprint.model_types import Emission, Input, Output, Process, Stage
from footprint.pathcheck import bool_hint, describe, join


class ProcessChecks(PartChecks):
    """The processes of a model file and their outputs, inputs and emissions."""

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
        for key, value in (("process", process), ("factor", factor)):
            if isinstance(value, (bool, dict, list)):  # a number is read as its text (a code such as 101)
                self.err(join(path, key), f"expected text, got {describe(value)}{bool_hint(value)}")
                return None
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
